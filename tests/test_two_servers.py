"""Two stateless app servers: two gunicorn instances on loopback ports share the
database and Redis, and one visitor's requests alternate between them with no sticky
sessions, as behind a round-robin load balancer. Signing in, CSRF tokens, a survey,
rate limits and cache invalidation all work whichever server answers.

Runs on the suite's database: on PostgreSQL the servers use the test database itself;
on SQLite (an in-memory test database no other process can open) a copy of it in a
file, which both servers share.
"""

import os
import secrets
import socket
import sqlite3
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from config import serve
from consultation_blocks.models import SurveyResponse
from consultation_blocks.spam import TIMESTAMP_FIELD
from tests.factories import StrategyIndexPageFactory, UserFactory
from tests.survey_support import first_survey, survey_url, valid_post

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/9"
PASSWORD = "two-servers-password-1"
RATE_LIMIT = 4
MENU_PAGE = "Partnership strategy for the two servers"


class HiddenInputs(HTMLParser):
    """The hidden inputs of the form posting to `action` (any form when None)."""

    def __init__(self, action=None):
        super().__init__()
        self.action, self.inside, self.values = action, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.action is None or attrs.get("action") == self.action
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.values.setdefault(attrs.get("name"), attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def hidden_inputs(html, action=None):
    parser = HiddenInputs(action)
    parser.feed(html)
    return parser.values


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base, process, log, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{Path(log.name).read_text()}")
        try:
            # The first request loads the application: give it time on a busy machine.
            if requests.get(f"{base}/", timeout=60).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    pytest.fail(f"gunicorn did not serve within {timeout}s:\n{Path(log.name).read_text()}")


@pytest.fixture
def shared_database(tmp_path):
    """(DATABASE_URL for the servers, a function counting a model's rows there)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
        yield url, lambda model: model.objects.count()
        return
    copy = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)

    def count(model):
        with sqlite3.connect(copy) as reader:
            return reader.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"').fetchone()[0]

    yield f"sqlite:///{copy}", count


@pytest.fixture
def two_servers(request, tmp_path):
    """Start two gunicorn servers on the shared database and Redis; yield their bases."""

    def start(database_url):
        prefix = f"two-servers-{secrets.token_hex(4)}"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
            "DJANGO_SETTINGS_MODULE": "tests.two_servers_settings",
            "SECRET_KEY": "one-secret-key-shared-by-both-servers-" + "s" * 30,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
            "CONSULTATION_RATE_LIMIT": str(RATE_LIMIT),
            # A script answers at once; the servers still check the signed start time.
            "CONSULTATION_MIN_FILL_SECONDS": "0",
            **serve.PLAIN_HTTP,
        }
        # Kept open for both servers; read when one fails, closed by finish().
        log = tempfile.NamedTemporaryFile(
            mode="w", prefix="two-servers-", suffix=".log", dir=tmp_path, delete=False
        )
        bases, processes = [], []
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    serve.gunicorn_command(port, 1),
                    env=env,
                    cwd=BASE_DIR,
                    stdout=log,
                    stderr=log,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        request.addfinalizer(lambda: finish(processes, prefix, log))
        for base, process in zip(bases, processes, strict=True):
            wait_until_serving(base, process, log)
        return bases

    def finish(processes, prefix, log):
        serve.stop(processes)
        log.close()
        store = redis.Redis.from_url(REDIS_URL)
        keys = list(store.scan_iter(f"{prefix}:*"))
        if keys:
            store.delete(*keys)

    return start


@pytest.fixture
def site(open_consultation, home_page):
    StrategyIndexPageFactory(parent=home_page, title=MENU_PAGE, show_in_menus=True)
    staff = UserFactory(username="two-servers-admin", is_superuser=True, is_staff=True)
    # The servers use production's password hashers, not the test settings' fast one.
    hasher = PBKDF2PasswordHasher()
    staff.password = hasher.encode(PASSWORD, hasher.salt())
    staff.save(update_fields=["password"])
    return open_consultation


def test_two_app_servers_share_sessions_csrf_rate_limits_and_the_cache(
    site, shared_database, two_servers
):
    database_url, count = shared_database
    a, b = two_servers(database_url)
    menu_page = site.get_parent().get_parent().get_children().get(title=MENU_PAGE)

    # Signing in: the form and its CSRF token from A, the sign-in on B, the admin on A.
    staff = requests.Session()
    login = staff.get(f"{a}/admin/login/", timeout=30)
    token = hidden_inputs(login.text)["csrfmiddlewaretoken"]
    signed_in = staff.post(
        f"{b}/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "two-servers-admin", "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    dashboard = staff.get(f"{a}/admin/", allow_redirects=False, timeout=30)
    assert dashboard.status_code == 200
    assert "two-servers-admin" in dashboard.text or "Two-servers-admin" in dashboard.text

    # A resident answers the survey: the form from A, sent to B, and again and again,
    # alternating. The rate limit of RATE_LIMIT is counted once, across both servers:
    # neither server alone sees more than three of the five.
    resident = requests.Session()
    answers = valid_post(first_survey(site))
    statuses = []
    for server in (b, a, b, a, b):
        form_page = resident.get(f"{a if server == b else b}{survey_url(site)}", timeout=30)
        assert form_page.status_code == 200
        fields = hidden_inputs(form_page.text)
        # Anonymous public forms carry no per-visitor CSRF token (the page may come
        # from the page cache); their origin is checked instead.
        assert fields[TIMESTAMP_FIELD] and "csrfmiddlewaretoken" not in fields
        sent = resident.post(
            f"{server}{survey_url(site)}",
            {**answers, **fields},
            allow_redirects=False,
            timeout=30,
        )
        statuses.append(sent.status_code)
    assert statuses == [302, 302, 302, 302, 429]
    assert count(SurveyResponse) == RATE_LIMIT

    # Cache invalidation: both servers cache the navigation in Redis; unpublishing a
    # menu page through B's admin (the form from A) clears it for both.
    for server in (a, b):
        assert MENU_PAGE in resident.get(f"{server}/", timeout=30).text
    unpublish_url = f"/admin/pages/{menu_page.pk}/unpublish/"
    confirm = staff.get(f"{a}{unpublish_url}", timeout=30)
    assert confirm.status_code == 200
    unpublished = staff.post(
        f"{b}{unpublish_url}",
        hidden_inputs(confirm.text, action=unpublish_url) or hidden_inputs(confirm.text),
        allow_redirects=False,
        timeout=30,
    )
    assert unpublished.status_code == 302
    for server in (a, b):
        assert MENU_PAGE not in resident.get(f"{server}/", timeout=30).text, server


def test_a_page_parser_finds_the_hidden_fields_of_the_right_form():
    html = (
        '<form action="/search/"><input type="hidden" name="q" value="x"></form>'
        '<form action="/go/"><input type="hidden" name="csrfmiddlewaretoken" value="t">'
        '<input type="text" name="visible" value="v"></form>'
    )
    assert hidden_inputs(html, action="/go/") == {"csrfmiddlewaretoken": "t"}
    assert hidden_inputs(html) == {"q": "x", "csrfmiddlewaretoken": "t"}
