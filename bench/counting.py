"""What bench/render.py and bench/post_timing.py count and time for each request:
database queries and Redis round trips, and this process's CPU and wall time.

Both scripts import it as ``counting``, from their own folder, so that ``--root`` can
point them at a checkout older than this module.
"""

import cProfile
import time


class Counter:
    """Queries on ``connection`` and Redis round trips (a pipeline counts once) from
    the moment it is made; ``statements`` keeps the SQL sent."""

    def __init__(self, connection):
        import redis

        self.sql = 0
        self.redis = 0
        self.statements = []
        execute, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

        def counted(client, *args, **kwargs):
            self.redis += 1
            return execute(client, *args, **kwargs)

        def counted_pipeline(client, *args, **kwargs):
            self.redis += 1
            return pipeline(client, *args, **kwargs)

        redis.Redis.execute_command = counted
        redis.client.Pipeline.execute = counted_pipeline
        connection.execute_wrappers.append(self._query)

    def _query(self, execute, sql, params, many, context):
        self.sql += 1
        self.statements.append(sql)
        return execute(sql, params, many, context)

    def during(self, action):
        """``(queries, Redis round trips)`` made by one call of ``action``."""
        sql, redis = self.sql, self.redis
        self.statements.clear()
        action()
        return self.sql - sql, self.redis - redis


def per_call(action, times, profile_path=None):
    """``(CPU ms, wall ms)`` per call of ``action``, called ``times`` times; with
    ``profile_path``, a cProfile of those calls is written there."""
    profile = cProfile.Profile() if profile_path else None
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    if profile:
        profile.enable()
    for _ in range(times):
        action()
    if profile:
        profile.disable()
        profile.dump_stats(profile_path)
    cpu = (time.process_time() - start_cpu) * 1000 / times
    wall = (time.perf_counter() - start_wall) * 1000 / times
    return cpu, wall
