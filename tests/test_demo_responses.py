"""The demo's responses, survey series and themes: enough for the results pages, the
"who we heard from" report, the series' trends and the themes screen, the same every
time, plainly fictional, and seeded once however often the demo is loaded."""

import time

import pytest
from django.urls import reverse

from consultation_blocks.models import (
    AnswerTheme,
    ConsultationPage,
    ConsultationStatus,
    EqualityResponse,
    SurveyResponse,
    SurveySeries,
    ThemeAssignment,
)
from consultation_blocks.surveys import surveys_in
from home.demo import responses as demo
from home.demo.seed import seed_demo

pytestmark = pytest.mark.django_db


def counts():
    return (
        SurveyResponse.objects.count(),
        EqualityResponse.objects.count(),
        AnswerTheme.objects.count(),
        ThemeAssignment.objects.count(),
        SurveySeries.objects.count(),
        sorted(AnswerTheme.objects.values_list("label", flat=True)),
    )


def test_seeding_twice_gives_the_same_responses_series_and_themes(demo_password):
    started = time.monotonic()
    seed_demo(password=demo_password)
    first = counts()
    seed_demo(password=demo_password)
    assert counts() == first
    assert time.monotonic() - started < 120  # both runs, on a slow shared machine
    responses, equality, themes, assignments, series, _labels = first
    expected = len(demo.PORTAL_ANSWERS) + sum(len(a) for a in demo.SERIES_ANSWERS.values())
    assert responses == expected
    assert equality == len(demo.PORTAL_ANSWERS)
    assert themes == demo.PORTAL_THEMES
    assert assignments == sum(1 for answer in demo.PORTAL_ANSWERS if answer[1])
    assert series == 1


def test_the_closed_consultation_has_results_themes_and_who_we_heard_from(
    seeded, client_for, role_users
):
    page = ConsultationPage.objects.get(slug=demo.PORTAL_SLUG)
    assert page.status == ConsultationStatus.CLOSED
    [portal] = surveys_in(page.body)
    assert SurveyResponse.objects.filter(page=page).count() == len(demo.PORTAL_ANSWERS)
    # Nothing personal: no address, no name to publish.
    assert not SurveyResponse.objects.filter(page=page).exclude(email="").exists()
    assert not SurveyResponse.objects.exclude(publication_name="").exists()
    # The themes follow the three subjects the answers were written about.
    words = [set(theme.top_words) for theme in AnswerTheme.objects.filter(page=page)]
    assert any({"calendar", "events"} & found for found in words)
    assert any({"feedback", "changed"} & found for found in words)
    assert any({"easy", "phone"} & found for found in words)

    staff = client_for(role_users["administrator"])
    results = staff.get(reverse("consultation_blocks_results", args=[page.pk, portal.id]))
    assert results.status_code == 200
    assert b"What should the portal do first?" in results.content
    written = next(q for q in portal.questions if q.key == "portal_use")
    themes = staff.get(reverse("consultation_blocks_themes", args=[page.pk, portal.id, written.id]))
    assert themes.status_code == 200
    assert AnswerTheme.objects.filter(page=page).first().label.encode() in themes.content
    heard = staff.get(reverse("consultation_blocks_consultation_representation", args=[page.pk]))
    assert heard.status_code == 200
    assert b"SK1" in heard.content


def test_the_series_has_two_closed_years_with_trends(seeded, client):
    series = SurveySeries.objects.get(slug=demo.SERIES_SLUG)
    years = sorted(series.editions.values_list("year", flat=True))
    assert years == sorted(demo.SERIES_ANSWERS)
    for edition in series.editions.select_related("page"):
        assert edition.page.status == ConsultationStatus.CLOSED
        assert edition.survey() is not None
    response = client.get(reverse("consultation_blocks:series_detail", args=[series.slug]))
    assert response.status_code == 200
    assert demo.INFLUENCE.encode() in response.content
