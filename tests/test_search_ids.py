"""`pk_among(ids)`: the filter search passes found ids through. It must give exactly the
rows `pk__in` gives, on SQLite and on PostgreSQL, and on PostgreSQL send the ids as one
array parameter however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from search.backends.ids import pk_among

pytestmark = pytest.mark.django_db


def test_it_finds_the_same_rows_as_pk_in(home_page):
    children = [home_page.add_child(instance=Page(title=f"Page {n}")) for n in range(5)]
    wanted = [children[0].pk, children[3].pk, 10**9]  # and an id no row has

    found = set(Page.objects.filter(pk_among(wanted)).values_list("pk", flat=True))

    assert found == set(Page.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert found == {children[0].pk, children[3].pk}


def test_no_ids_match_nothing(home_page):
    assert list(Page.objects.filter(pk_among([]))) == []
    assert list(Page.objects.filter(pk_among([None]))) == []


def test_it_combines_with_other_filters(home_page):
    shown = home_page.add_child(instance=Page(title="Shown"))
    hidden = home_page.add_child(instance=Page(title="Hidden", live=False))

    found = Page.objects.filter(pk_among([shown.pk, hidden.pk]), live=True)

    assert list(found.values_list("pk", flat=True)) == [shown.pk]
    assert list(Page.objects.exclude(pk_among([shown.pk])).filter(pk=hidden.pk)) == [hidden]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array is PostgreSQL's")
def test_postgresql_gets_the_ids_as_one_array(home_page):
    ids = list(range(1, 2001))
    with CaptureQueriesContext(connection) as captured:
        list(Page.objects.filter(pk_among(ids)).values_list("pk", flat=True))

    sql = captured.captured_queries[0]["sql"]
    assert '"wagtailcore_page"."id" = ANY(' in sql
    assert " IN (" not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array is PostgreSQL's")
def test_only_integers_go_into_the_array(home_page):
    # The ids are written into one array literal, so nothing else may pass as an id.
    with pytest.raises(ValueError):
        list(Page.objects.filter(pk_among(["1},{2"])))
