"""A consultation's status in the Elasticsearch index follows its dates: the scheduled
`refresh_search_status` re-indexes those whose status changed since its last window."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from consultation_blocks.models import ConsultationPage, ConsultationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(settings, monkeypatch):
    from search.backends import elastic
    from tests.elastic_support import recording_client

    client = recording_client()
    settings.SITE_SEARCH_BACKEND = "elasticsearch"
    monkeypatch.setattr(elastic, "get_client", lambda: client)
    return client


def indexed(client):
    from tests.elastic_support import requests_of

    return {
        request["path"].rsplit("/", 1)[-1]: request["body"]
        for request in requests_of(client)
        if request["method"] == "PUT" and "/_doc/" in request["path"]
    }


def test_the_consultation_that_just_closed_is_reindexed_as_closed(make_consultation, es):
    now = timezone.now()
    just_closed = make_consultation(live=True, closes_at=now - datetime.timedelta(minutes=5))
    long_closed = make_consultation(live=True, closes_at=now - datetime.timedelta(days=3))
    make_consultation(live=True, closes_at=now + datetime.timedelta(days=3))
    make_consultation(live=False, closes_at=now - datetime.timedelta(minutes=5))
    ConsultationPage.objects.filter(pk=long_closed.pk).update(opens_at=None)

    call_command("refresh_search_status", minutes=15, stdout=open("/dev/null", "w"))

    documents = indexed(es)
    assert list(documents) == [f"consultation-{just_closed.pk}"]
    assert documents[f"consultation-{just_closed.pk}"]["status"] == ConsultationStatus.CLOSED.value


def test_the_window_must_be_sensible(es):
    with pytest.raises(CommandError, match="--minutes"):
        call_command("refresh_search_status", minutes=0)


def test_the_database_backend_needs_nothing(settings, capsys, make_consultation):
    settings.SITE_SEARCH_BACKEND = "database"
    call_command("refresh_search_status")
    assert "always current" in capsys.readouterr().out
