import pytest
from django.core.cache import cache


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last. Playwright keeps an event loop running in the test
    thread once it starts, and Django then refuses database calls from that thread, so
    no ordinary test may follow them. (pytest-django has already put the transactional
    tests after the others; this stable sort keeps that order otherwise.)"""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            # Without it, the flush at the test's end runs post_migrate, which makes the
            # content types again, and putting back the migrations' rows for the next
            # test (pytest_runtest_teardown below) then fails on them: every later test
            # in that process loses the root page and the site.
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test needs serialized_rollback=True "
                "(see tests/conftest.py)."
            )


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in item.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, migration-made rows included
    (the root page, the home page, the root collection). Running alone, pytest-django
    puts such tests last, so nothing follows them; split across processes
    (pytest-xdist), a process may run ordinary tests after one. Put back what the
    migrations made, as Django's serialized rollback does for the next transactional
    test, so every test starts from the same database whatever ran before it."""
    yield
    # After the last test, the session's fixtures (the test database itself) were torn
    # down in this same phase: nothing follows to need the rows, and the connections
    # point at the real database again.
    if nextitem is None or not _is_transactional(item):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not connection.settings_dict["TEST"].get("MIRROR"):
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Cached navigation and rate-limit counters must not leak between tests, nor what
    # routing learnt of sub-routes' addresses (home/routing.py).
    from home import routing

    cache.clear()
    routing._page_levels_by_address.clear()
    yield
    cache.clear()
    routing._page_levels_by_address.clear()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    # A request under /cy/ activates Welsh for the thread serving it, which in tests is
    # the test's own: without this, the tests after it run in Welsh.
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def fragment_cache_only(settings):
    """The fragment cache on and the whole-page cache off, so that every request draws
    its page again from the fragments kept (pagecache/fragments.py) and what it costs,
    or shows, is the drawing's, not a stored copy's."""
    settings.FRAGMENT_CACHE_SECONDS = 60
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(scope="session")
def demo_password():
    return "a-demo-password-for-tests"


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    """Where the demo's images are kept: on disk, so that the browser tests' live server
    can serve them, and for the whole session, like the demo's rows."""
    return tmp_path_factory.mktemp("demo-media")


def _demo_storage(media):
    from django.conf import settings

    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
    }


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, demo_password, demo_media):
    """The demo, seeded once in this test process and kept as rows (tests/demo_snapshot.py);
    the database is put back as it was before. Returns a SeededDemo: the snapshots
    before and after seeding, and the seed's report."""
    from django.db import connection
    from django.test import override_settings

    from home.demo.seed import seed_demo
    from tests.demo_snapshot import SeededDemo, Snapshot

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media, STORAGES=_demo_storage(demo_media)),
    ):
        before = Snapshot.take(connection)
        report = seed_demo(password=demo_password)
        snapshot = Snapshot.take(connection)
        before.restore(connection)
        cache.clear()
    return SeededDemo(before, snapshot, report)


@pytest.fixture
def seeded(db, demo_snapshot, demo_media, settings):
    """The seeded demo, as a fresh seed would leave it, with its images.

    The demo's rows replace every table's, so it must come before any fixture that
    writes to the database (name it first among a test's arguments): what those wrote
    would be lost. It checks, and fails saying which tables had changed."""
    from django.db import connection

    if changed := demo_snapshot.before.tables_changed_since(connection):
        pytest.fail(
            "Ask for the demo (`seeded`) before fixtures that write to the database; "
            f"these tables had changed: {', '.join(changed)}",
            pytrace=False,
        )
    settings.MEDIA_ROOT = demo_media
    settings.STORAGES = _demo_storage(demo_media)
    demo_snapshot.seeded.restore(connection)
    return demo_snapshot.report


@pytest.fixture
def home_page(db):
    """The default site's home page (the demo adds translations of it)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def consultation_index(home_page):
    """The home page's consultations index: the demo's, when the test has the demo."""
    from tests.factories import ConsultationIndexPageFactory

    demo_index = home_page.get_children().filter(slug="consultations").specific().first()
    return demo_index or ConsultationIndexPageFactory(parent=home_page)


@pytest.fixture
def open_consultation(consultation_index):
    """A live, open formal consultation whose body is one survey of every question kind."""
    from tests.factories import ConsultationPageFactory

    page = ConsultationPageFactory(parent=consultation_index)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# Roles for permission tests. Groups come from the plugin's data migration; the two
# moderators differ only in the partner they act for.
ROLES = [
    "anonymous",
    "resident",
    "comms_editor",
    "moderator_a",
    "moderator_b",
    "administrator",
]


@pytest.fixture
def partner_a(db):
    from tests.factories import PartnerFactory

    return PartnerFactory(name="Northshire Council", short_name="Northshire", slug="northshire")


@pytest.fixture
def partner_b(db):
    from consultation_blocks.models import PartnerKind
    from tests.factories import PartnerFactory

    return PartnerFactory(
        name="Southvale NHS Trust",
        short_name="Southvale NHS",
        slug="southvale-nhs",
        kind=PartnerKind.NHS_PROVIDER,
    )


@pytest.fixture
def role_users(db, partner_a, partner_b):
    """One user per role (None for anonymous)."""
    from tests.factories import UserFactory

    return {
        "anonymous": None,
        "resident": UserFactory(username="resident"),
        "comms_editor": UserFactory(username="comms_editor", groups=["Comms editors"]),
        "moderator_a": UserFactory(
            username="moderator_a", groups=["Moderators"], partners=[partner_a]
        ),
        "moderator_b": UserFactory(
            username="moderator_b", groups=["Moderators"], partners=[partner_b]
        ),
        "administrator": UserFactory(username="administrator", groups=["Administrators"]),
    }


@pytest.fixture
def client_for(client):
    """A test client signed in as `user` (or anonymous for None)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def make_consultation(consultation_index):
    """A formal consultation under the index; a draft unless ``live=True``."""
    from tests.factories import ConsultationPageFactory

    def make(*, lead_partner=None, live=False, owner=None, **fields):
        page = ConsultationPageFactory(
            parent=consultation_index, lead_partner=lead_partner, live=False, owner=owner, **fields
        )
        revision = page.save_revision(user=owner)
        if live:
            revision.publish()
        page.refresh_from_db()
        return page

    return make
