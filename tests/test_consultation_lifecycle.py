"""A consultation's status follows from its dates and outcome, at the boundaries too,
and the database filter agrees with the page."""

import datetime

import pytest
from django.utils import timezone

from consultation_blocks.models import ConsultationPage, ConsultationStatus
from consultation_blocks.selectors.consultations import outcomes_overdue
from tests.factories import ConsultationPageFactory

SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def moment():
    return timezone.now().replace(microsecond=0)


def make(consultation_index, **fields):
    page = ConsultationPageFactory(parent=consultation_index, body=[], **fields)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-SECOND, ConsultationStatus.UPCOMING),  # one second before opening
        (datetime.timedelta(0), ConsultationStatus.OPEN),  # the moment it opens
        (datetime.timedelta(days=28) - SECOND, ConsultationStatus.OPEN),  # last second
        (datetime.timedelta(days=28), ConsultationStatus.CLOSED),  # the moment it closes
    ],
)
def test_status_at_the_boundaries(consultation_index, moment, offset, expected):
    page = make(consultation_index, opens_at=moment, closes_at=moment + datetime.timedelta(days=28))
    assert page.status_at(moment + offset) == expected
    # The database agrees with the page at the same moment.
    matching = ConsultationPage.objects.filter(expected.q(moment + offset))
    assert list(matching) == [page]
    annotated = ConsultationPage.objects.annotate(
        current=ConsultationStatus.annotation(moment + offset)
    ).values_list("current", flat=True)
    assert list(annotated) == [expected]


def test_outcome_shows_only_from_its_publish_date(consultation_index, moment):
    page = make(
        consultation_index,
        opens_at=moment - datetime.timedelta(days=60),
        closes_at=moment - datetime.timedelta(days=30),
        outcome_summary="We changed the plan.",
        outcome_published_at=moment + datetime.timedelta(days=1),
    )
    assert page.status_at(moment) == ConsultationStatus.CLOSED
    assert page.status_at(moment + datetime.timedelta(days=1)) == ConsultationStatus.OUTCOME


def test_ongoing_engagement_stays_open_without_a_closing_date(consultation_index, moment):
    page = make(consultation_index, kind="engagement", closes_at=None)
    assert page.status == ConsultationStatus.OPEN
    assert page.days_left is None
    assert page.status_at(moment + datetime.timedelta(days=3650)) == ConsultationStatus.OPEN


def test_days_left_counts_part_of_a_day_as_a_day(consultation_index):
    page = make(
        consultation_index,
        closes_at=timezone.now() + datetime.timedelta(days=2, hours=3),
    )
    assert page.days_left == 3


@pytest.mark.parametrize("status", [choice for choice, _ in ConsultationStatus.choices])
def test_database_status_filter_matches_every_page(consultation_index, moment, status):
    day = datetime.timedelta(days=1)
    make(consultation_index, opens_at=moment + day, closes_at=moment + 30 * day)  # upcoming
    make(consultation_index, opens_at=moment - day, closes_at=moment + day)  # open
    make(consultation_index, opens_at=moment - 9 * day, closes_at=moment - day)  # closed
    make(
        consultation_index,
        opens_at=moment - 9 * day,
        closes_at=moment - 5 * day,
        outcome_summary="Done.",
        outcome_published_at=moment - day,
    )  # outcome
    make(consultation_index, kind="engagement", closes_at=None)  # open, ongoing

    in_db = set(ConsultationPage.objects.filter(ConsultationStatus(status).q(moment)))
    in_python = {
        page for page in ConsultationPage.objects.all() if page.status_at(moment) == status
    }
    assert in_db == in_python
    assert in_db
    # The database's own reading of each row's status (what search sorts and counts by)
    # gives the same answer.
    annotated = ConsultationPage.objects.annotate(
        current=ConsultationStatus.annotation(moment)
    ).filter(current=status)
    assert set(annotated) == in_python


def test_outcomes_overdue_uses_the_partnership_rule_or_the_page_date(consultation_index, moment):
    week = datetime.timedelta(weeks=1)
    overdue = make(consultation_index, opens_at=moment - 20 * week, closes_at=moment - 13 * week)
    make(consultation_index, opens_at=moment - 20 * week, closes_at=moment - 11 * week)
    own_date = make(
        consultation_index,
        opens_at=moment - 4 * week,
        closes_at=moment - 3 * week,
        outcome_due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    make(
        consultation_index,
        opens_at=moment - 20 * week,
        closes_at=moment - 14 * week,
        outcome_summary="Published.",
        outcome_published_at=moment - week,
    )
    assert set(outcomes_overdue(outcome_due_weeks=12)) == {overdue, own_date}
