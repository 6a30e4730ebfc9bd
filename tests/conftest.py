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


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def consultation_index(home_page):
    from tests.factories import ConsultationIndexPageFactory

    return ConsultationIndexPageFactory(parent=home_page)


@pytest.fixture
def open_consultation(consultation_index):
    """A live, open formal consultation whose body is one survey of every question kind."""
    from tests.factories import ConsultationPageFactory

    page = ConsultationPageFactory(parent=consultation_index)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
