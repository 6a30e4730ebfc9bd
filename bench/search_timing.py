"""Time the site search in one process, without a server: the whole `/search/` request
through Django's test client, for each of the benchmark's queries, with the number of
database queries each request costs.

    python -m bench.search_timing [--repeats N] [--explain]

Run with the benchmark's environment (bench/run.py `environment()`) against a database
the benchmark's `pages` step has filled. `--explain` prints PostgreSQL's plan, with
timings, of each database query one search request runs for the first query word.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time

RESULT_COUNT = re.compile(r"([\d,]+) results?\b")


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _result_count(response):
    found = RESULT_COUNT.search(response.content.decode())
    return int(found.group(1).replace(",", "")) if found else 0


def time_searches(queries, repeats):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    per_query = {}
    every = []
    counter = 0
    for query in queries:  # one warm-up request each
        client.get("/search/", {"q": query, "bench": "warm"}, secure=True)
    for _ in range(repeats):
        for query in queries:
            counter += 1
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                # A query string no request repeats, as the benchmark sends.
                response = client.get("/search/", {"q": query, "bench": counter}, secure=True)
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"/search/?q={query} answered {response.status_code}")
            entry = per_query.setdefault(
                query,
                {"ms": [], "queries": len(captured), "total": _result_count(response)},
            )
            entry["ms"].append(elapsed)
            every.append(elapsed)
    return {
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "requests": len(every),
        "queries": {
            query: {
                "p50_ms": round(statistics.median(entry["ms"]), 1),
                "max_ms": round(max(entry["ms"]), 1),
                "db_queries": entry["queries"],
                "results": entry["total"],
            }
            for query, entry in per_query.items()
        },
    }


def explain(query):
    """PostgreSQL's plan for each query one search request sends, slowest first."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        Client().get("/search/", {"q": query}, secure=True)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    with connection.cursor() as cursor:
        for captured_query in slowest[:3]:
            sql = captured_query["sql"]
            if not sql.lstrip("( ").upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            sys.stdout.write(f"-- {captured_query['time']} s\n{sql[:2000]}\n{plan}\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("queries", nargs="*")
    args = parser.parse_args(argv)
    _django()
    from bench.run import SEARCH_QUERIES

    queries = args.queries or SEARCH_QUERIES
    if args.explain:
        explain(queries[0])
        return 0
    sys.stdout.write(json.dumps(time_searches(queries, args.repeats), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
