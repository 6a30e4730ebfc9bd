import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Cached navigation and rate-limit counters must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_password():
    return "a-demo-password-for-tests"


@pytest.fixture
def seeded(db, demo_password):
    from home.demo.seed import seed_demo

    return seed_demo(password=demo_password)
