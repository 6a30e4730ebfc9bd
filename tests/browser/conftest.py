"""Browser tests: Playwright driving Debian's Chromium against a real Django server.

The server is pytest-django's ``live_server`` (a threaded WSGI server in this process)
on the test database, so it runs on SQLite locally and on PostgreSQL when DATABASE_URL
points there. Each test gets a fresh copy of the seeded demo.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Assertions wait as long as actions do (see new_context below).
expect.set_options(timeout=10_000)


@contextmanager
def async_unsafe_allowed():
    """Playwright's synchronous API runs an event loop in this thread; Django refuses ORM
    calls from a thread with a running loop unless told that this is deliberate. Say so
    only while browser tests run: the deployment check rightly rejects the setting."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# These three hooks run only for tests under this folder (unlike pytest_runtest_protocol).
@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    with async_unsafe_allowed():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    with async_unsafe_allowed():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    with async_unsafe_allowed():
        return (yield)


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking switches Chromium keeps trying to reach Google's
# services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Run `make chromium` "
            "(installs Debian's chromium and chromium-driver packages).",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def _snapshot_for_playwright(django_db_setup, django_db_blocker, playwright):
    """Give the connection that browser tests use the database's initial rows.

    Django connections are kept per thread, but per asyncio context while an event loop
    runs, and Playwright keeps one running. So once Playwright has started, the ORM uses
    a fresh connection object (same database) that lacks the snapshot of the migrations'
    rows (root page, groups, collections) which serialized rollback puts back after each
    test. Take that snapshot on this connection. Tests that ran before leave the database
    as migrations left it: they roll back.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if not hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def base_url(live_server, _snapshot_for_playwright):
    return live_server.url


# Reports each Content-Security-Policy violation on the console, where the context's
# listener below collects it (Chromium also logs some itself, with this wording).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", event => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} blocked `
    + `${event.blockedURI || "inline code"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def new_context(new_context, demo):
    """Contexts that give up after 10 seconds rather than 30: a local page that takes
    longer is broken, and a failing run should say so quickly. Every page runs under
    the site's real Content-Security-Policy, and the test fails if it blocks anything.

    The demo comes first so that it goes last: the browser closes before the database
    is emptied, or a request still under way (the page editor's pings) could write
    rows that point at rows the emptying has just removed."""
    violations = []

    def collect(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def make(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(10_000)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", collect)
        return context

    yield make
    assert violations == [], "The Content-Security-Policy blocked something"


@pytest.fixture
def demo(seeded):
    """The seeded demo site, fresh for each test (see the ``seeded`` fixture)."""
    return seeded
