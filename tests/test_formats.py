"""Times and dates as GOV.UK writes them, on the pages residents read."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from consultation_blocks.formats import govuk_datetime, govuk_time
from tests.factories import ConsultationPageFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (23, 59, "11:59pm"),
        (9, 0, "9am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (17, 30, "5:30pm"),
        (0, 5, "12:05am"),
        (12, 45, "12:45pm"),
    ],
)
def test_times_read_as_the_style_guide_writes_them(hour, minute, expected):
    assert govuk_time(datetime.datetime(2026, 1, 30, hour, minute, tzinfo=LONDON)) == expected


def test_an_aware_time_is_shown_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    summer_utc = datetime.datetime(2026, 7, 1, 22, 59, tzinfo=datetime.UTC)
    with timezone.override("Europe/London"):
        assert govuk_datetime(summer_utc) == "11:59pm on 1 July 2026"


@pytest.mark.django_db
def test_the_closing_time_on_a_consultation_reads_11_59pm(client, consultation_index):
    closes = timezone.make_aware(datetime.datetime(2099, 1, 30, 23, 59), LONDON)
    page = ConsultationPageFactory(parent=consultation_index, closes_at=closes)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "11:59pm on 30 January 2099" in html
    assert "p.m." not in html
    index = client.get(consultation_index.url).content.decode()
    assert "11:59pm on 30 January 2099" in index
