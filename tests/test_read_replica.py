"""With a replica configured, anonymous visitors' page views read from it; writes, and
everything a signed-in user does, use the primary. The replica here is a second alias
onto the test database (the test settings' mirror), so the queries each alias runs show
where the router sent them."""

from contextlib import ExitStack

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consultation_blocks.models import SurveyResponse
from tests.factories import UserFactory
from tests.survey_support import first_survey, survey_url, valid_post

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)
PAGE_TABLE = '"wagtailcore_page"'


class Queries:
    """The SQL each alias ran while the block was open."""

    def __enter__(self):
        self._stack = ExitStack()
        self.default = self._stack.enter_context(CaptureQueriesContext(connections["default"]))
        self.replica = self._stack.enter_context(CaptureQueriesContext(connections["replica"]))
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)

    @staticmethod
    def reading(captured, table):
        return [q["sql"] for q in captured if q["sql"].startswith("SELECT") and table in q["sql"]]


@pytest.fixture
def replica(settings):
    settings.DATABASE_READ_REPLICA = "replica"
    # Two connections, as with a real replica (the mirror would otherwise share one).
    assert connections["replica"] is not connections["default"]


def test_anonymous_page_views_read_from_the_replica(replica, open_consultation, home_page):
    for url in (home_page.url, open_consultation.url, survey_url(open_consultation)):
        with Queries() as queries:
            assert Client().get(url).status_code == 200

        assert queries.reading(queries.replica, PAGE_TABLE), url
        assert not queries.reading(queries.default, PAGE_TABLE), url


def test_signed_in_users_read_from_the_primary(replica, open_consultation):
    editor = Client()
    editor.force_login(UserFactory(is_superuser=True))

    with Queries() as queries:
        assert editor.get(open_consultation.url).status_code == 200
        assert editor.get("/admin/").status_code == 200

    assert queries.replica.captured_queries == []
    assert queries.reading(queries.default, PAGE_TABLE)


def test_a_survey_answer_is_written_to_the_primary(replica, open_consultation):
    data = valid_post(first_survey(open_consultation))

    with Queries() as queries:
        response = Client().post(survey_url(open_consultation), data)

    assert response.status_code == 302
    assert queries.replica.captured_queries == []
    assert any(q["sql"].startswith("INSERT") for q in queries.default)
    assert SurveyResponse.objects.using("default").count() == 1


def test_objects_read_from_the_replica_are_saved_to_the_primary(replica, open_consultation):
    from config.db_router import anonymous_reads

    with anonymous_reads():
        page = type(open_consultation).objects.get(pk=open_consultation.pk)
    assert page._state.db == "replica"

    page.title = "Renamed"
    with Queries() as queries:
        page.save(update_fields=["title"])

    assert queries.replica.captured_queries == []
    assert any(q["sql"].startswith("UPDATE") for q in queries.default)


def test_without_a_replica_everything_uses_the_primary(settings, open_consultation):
    settings.DATABASE_READ_REPLICA = ""

    with Queries() as queries:
        assert Client().get(open_consultation.url).status_code == 200

    assert queries.replica.captured_queries == []
