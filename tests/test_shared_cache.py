"""Production counts rate limits in a cache every worker shares, and the system check
warns when a deployed site would count them per process."""

import io
import os
import subprocess
import sys

import pytest
from django.core.checks import Warning
from django.core.management import call_command

from consultation_blocks.system_checks import check_rate_limit_cache

from .test_settings import PRODUCTION_ENV, PROJECT_ROOT

# One "worker": sends `count` public POSTs from one address through the rate limiter and
# prints whether each was over the limit.
WORKER = """
import django; django.setup()
from django.test import RequestFactory
from consultation_blocks.spam import _over_rate_limit
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
print(" ".join(str(_over_rate_limit(request, "survey")) for _ in range({count})))
"""


def run_production(code, database):
    env = {
        **{key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"sqlite:///{database}",
        "CONSULTATION_RATE_LIMIT": "3",
        # A window far longer than the test, so both workers count in the same one.
        "CONSULTATION_RATE_LIMIT_WINDOW": "10000000",
    }
    result = subprocess.run(
        [sys.executable, *code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_workers_share_one_rate_limit_count(tmp_path):
    database = tmp_path / "shared.sqlite3"
    run_production(["manage.py", "createcachetable"], database)

    first_worker = run_production(["-c", WORKER.format(count=3)], database)
    second_worker = run_production(["-c", WORKER.format(count=2)], database)

    assert first_worker == ["False", "False", "False"]
    # The second process sees the first one's three posts: the limit of 3 is reached.
    assert second_worker == ["True", "True"]


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_check_warns_when_a_deployed_site_counts_per_process(settings, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend}}

    messages = check_rate_limit_cache(None)

    assert [message.id for message in messages] == ["consultation_blocks.W001"]
    assert isinstance(messages[0], Warning)
    assert "REDIS_URL" in messages[0].hint


@pytest.mark.parametrize(
    ("debug", "backend"),
    [
        (False, "django.core.cache.backends.db.DatabaseCache"),
        (False, "django.core.cache.backends.redis.RedisCache"),
        (False, "config.cache.ResilientRedisCache"),
        (True, "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_check_is_quiet_for_shared_caches_and_development(settings, debug, backend):
    settings.DEBUG = debug
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "engage_cache"}}

    assert check_rate_limit_cache(None) == []


def check_output(**options):
    output = io.StringIO()
    call_command("check", tags=["caches"], stdout=output, stderr=output, **options)
    return output.getvalue()


def test_check_is_registered_and_silenced_only_by_the_test_settings(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DEBUG = False

    assert "consultation_blocks.W001" not in check_output()

    settings.SILENCED_SYSTEM_CHECKS = []
    assert "consultation_blocks.W001" in check_output()
