"""When the database goes away mid-request (a restart, a failover), residents whose
answer could not be stored get 503 with Retry-After and their answers back in the form,
nothing is half-written, other pages get a plain 503, and the site recovers by itself."""

import re
from contextlib import contextmanager
from html import unescape as html_unescape

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from consultation_blocks.models import EqualityResponse, SurveyResponse
from tests.survey_support import EQUALITY_PREFIX, first_survey, survey_url, valid_post

KEY = "0b5a3f7e-4c1d-4e8a-9f2b-6d7c8e9f0a1b"


@contextmanager
def database_fails(when):
    """Make every SQL statement for which `when(sql)` holds fail as a lost connection
    does, on the connection the views use."""

    def wrapper(execute, sql, params, many, context):
        if when(sql):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def inserts(sql):
    return sql.lstrip().upper().startswith("INSERT")


def inserts_into(model):
    table = model._meta.db_table
    return lambda sql: inserts(sql) and table in sql


def answers(page):
    return valid_post(
        first_survey(page),
        submission_key=KEY,
        **{f"{EQUALITY_PREFIX}age": "35_44", f"{EQUALITY_PREFIX}carer": "yes"},
    )


@pytest.fixture
def open_consultation(open_consultation):
    # A site that has served pages before: its settings rows exist (the first visit
    # creates them).
    assert Client().get(open_consultation.url).status_code == 200
    return open_consultation


@pytest.mark.django_db
def test_a_resident_whose_answer_could_not_be_stored_gets_it_back_with_503(
    open_consultation,
):
    data = answers(open_consultation)

    with database_fails(inserts):
        response = Client().post(survey_url(open_consultation), data)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "We could not save your response just now" in html
    assert 'class="govuk-error-summary"' in html
    # What they typed is in the form, under the same key, so sending again stores it once.
    assert 'value="Glossop Carers Group"' in html
    assert re.search(
        rf'name="submission_key"[^>]*value="{KEY}"|value="{KEY}"[^>]*name="submission_key"', html
    )
    assert SurveyResponse.objects.count() == 0


@pytest.mark.django_db
def test_nothing_is_half_written_when_the_second_write_fails(open_consultation):
    with database_fails(inserts_into(EqualityResponse)):
        response = Client().post(survey_url(open_consultation), answers(open_consultation))

    assert response.status_code == 503
    # The response row was written first, and went with the failed transaction.
    assert SurveyResponse.objects.count() == 0
    assert EqualityResponse.objects.count() == 0


@pytest.mark.django_db
def test_sending_again_once_the_database_is_back_stores_the_answer_once(open_consultation):
    data = answers(open_consultation)
    resident = Client()
    with database_fails(inserts):
        assert resident.post(survey_url(open_consultation), data).status_code == 503

    again = resident.post(survey_url(open_consultation), data)
    twice = resident.post(survey_url(open_consultation), data)

    assert again.status_code == twice.status_code == 302
    assert SurveyResponse.objects.count() == 1
    assert EqualityResponse.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_that_could_not_be_saved_comes_back_the_same_way(open_consultation):
    from consultation_blocks.models import SurveyDraft

    data = valid_post(first_survey(open_consultation), action="save", draft_email="")

    with database_fails(inserts):
        response = Client().post(survey_url(open_consultation), data)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert 'value="Glossop Carers Group"' in response.content.decode()
    assert SurveyDraft.objects.count() == 0


@pytest.mark.django_db
def test_other_pages_get_a_plain_503_with_retry_after(open_consultation, home_page):
    visitor = Client(raise_request_exception=False)

    with database_fails(lambda sql: sql.lstrip().upper().startswith("SELECT")):
        for url in (home_page.url, open_consultation.url, "/search/?q=benches", "/admin/login/"):
            response = visitor.get(url)
            assert response.status_code == 503, url
            assert response["Retry-After"] == "30"
            assert "Sorry, the service is unavailable" in response.content.decode()

    assert visitor.get(home_page.url).status_code == 200


def hidden_fields(html):
    """The hidden inputs as a form posts them: each name with its list of values."""
    fields = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', html):
        fields.setdefault(html_unescape(name), []).append(html_unescape(value))
    return fields


@pytest.mark.django_db
def test_answers_sent_while_the_page_itself_cannot_be_found_come_back_to_send_again(
    open_consultation,
):
    """The database went before the survey's view was reached (finding the page is the
    first query): the 503 page carries what was sent, to the same address."""
    data = answers(open_consultation)
    data["q-hostile"] = '"><script>alert(1)</script>'
    resident = Client(raise_request_exception=False)

    with database_fails(lambda sql: sql.lstrip().upper().startswith("SELECT")):
        response = resident.post(survey_url(open_consultation), data)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert f'<form method="post" action="{survey_url(open_consultation)}"' in html
    sent_again = hidden_fields(html)
    assert sent_again == {
        name: [str(v) for v in value] if isinstance(value, list) else [str(value)]
        for name, value in data.items()
        if value != []
    }
    assert SurveyResponse.objects.count() == 0

    # Once the database is back, the button sends the same fields: stored once.
    del sent_again["q-hostile"]
    assert resident.post(survey_url(open_consultation), sent_again).status_code == 302
    assert resident.post(survey_url(open_consultation), sent_again).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_the_send_again_form_never_points_at_another_site():
    from config.views import server_error

    request = RequestFactory().post("/x/", {"a": "b"})
    # An address a browser would read as another host ("//host/path").
    request.path = request.path_info = "//elsewhere.example/x/"
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)

    assert response.status_code == 503
    assert 'action="/elsewhere.example/x/"' in response.content.decode()


@pytest.mark.django_db
def test_other_server_errors_are_still_500(home_page, monkeypatch):
    from home.models import HomePage

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(HomePage, "serve", broken)
    response = Client(raise_request_exception=False).get(home_page.url)

    assert response.status_code == 500
    assert "Retry-After" not in response


# A real restart: PostgreSQL drops the site's persistent connection between two
# requests. Through Django's own WSGI handler, so that its per-request connection
# management runs as under gunicorn (the test client switches it off).

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"
)


def serve(path):
    handler = WSGIHandler()
    statuses = []
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    response = handler(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()  # request_finished: where Django closes a broken connection
    return int(statuses[0].split()[0])


def server_admin():
    """A connection of its own to the test database's server, beside the site's."""
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )


def terminate_backend_of(django_connection):
    pid = django_connection.connection.info.backend_pid
    with server_admin() as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    return pid


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_request_after_a_database_restart_is_served(home_page):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert serve(home_page.url) == 200
    dropped = terminate_backend_of(connection)

    assert serve(home_page.url) == 200
    assert connection.connection.info.backend_pid != dropped


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_health_checks_one_visitor_would_get_the_503(home_page):
    # What CONN_HEALTH_CHECKS saves: the stale connection fails one request, which is
    # answered with 503, and is replaced for the next.
    assert serve(home_page.url) == 200
    terminate_backend_of(connection)
    # Read from the setting when the connection opens; this one is already open.
    connection.health_check_enabled = False

    assert serve(home_page.url) == 503
    assert serve(home_page.url) == 200


def last_statement_of(backend_pid):
    """What the server last ran for this backend, read from another connection."""
    with server_admin() as admin:
        row = admin.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s", [backend_pid]
        ).fetchone()
    return row[0]


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_healthy_connection_is_checked_without_asking_the_server(home_page):
    """Each request checks its persistent connection (CONN_HEALTH_CHECKS) before using
    it; a well connection is checked by looking at its socket, not with a query."""
    assert serve(home_page.url) == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'the last statement before the check'")
    pid = connection.connection.info.backend_pid

    connection.health_check_done = False  # as at the start of the next request
    connection.close_if_health_check_failed()

    assert connection.connection is not None
    assert connection.connection.info.backend_pid == pid  # kept
    assert last_statement_of(pid) == "SELECT 'the last statement before the check'"


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dropped_connection_is_found_by_the_check_and_replaced(home_page):
    assert serve(home_page.url) == 200
    dropped = terminate_backend_of(connection)

    assert connection.is_usable() is False
    assert serve(home_page.url) == 200
    assert connection.connection.info.backend_pid != dropped
