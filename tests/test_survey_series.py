"""Surveys run every year: each question followed across the editions by its question
key, shares per year with a chart of the favourable share, small years withheld, open
or draft editions left out, and the series kept by its partner's team in the admin."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.factories import question
from consultation_blocks.models import SurveySeries, SurveySeriesEdition
from consultation_blocks.surveys import surveys_in
from tests.factories import SurveyResponseFactory, survey_block

pytestmark = pytest.mark.django_db

INFLUENCE = "I can influence decisions that affect my local area."


def edition_page(make_consultation, year, *, closed=True, with_informed=True, **fields):
    questions = [question("agreement", INFLUENCE, key="influence")]
    if with_informed:
        questions.append(question("yes_no", "Do you feel well informed?", key="informed"))
    now = timezone.now()
    return make_consultation(
        title=f"Residents' survey {year}",
        body=[survey_block(questions, equality=False)],
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now + datetime.timedelta(days=-1 if closed else 10),
        **fields,
    )


def answer(page, influence, informed=None, times=1):
    survey = surveys_in(page.body)[0]
    ids = {q.key: q.id for q in survey.questions}
    answers = {ids["influence"]: influence}
    if informed is not None:
        answers[ids["informed"]] = informed
    for _ in range(times):
        SurveyResponseFactory(page=page, survey_id=survey.id, answers=answers)


@pytest.fixture
def series(make_consultation, partner_a):
    first = edition_page(make_consultation, 2024, live=True, lead_partner=partner_a)
    second = edition_page(
        make_consultation, 2025, live=True, lead_partner=partner_a, with_informed=False
    )
    answer(first, "agree", "yes", times=6)
    answer(first, "disagree", "no", times=4)
    answer(second, "strongly_agree", times=3)
    answer(second, "neither", times=9)
    series = SurveySeries.objects.create(
        title="Residents' survey", slug="residents-survey", partner=partner_a
    )
    SurveySeriesEdition.objects.create(series=series, year=2024, page=first)
    SurveySeriesEdition.objects.create(series=series, year=2025, page=second)
    return series


def detail(client, series):
    response = client.get(reverse("consultation_blocks:series_detail", args=[series.slug]))
    assert response.status_code == 200
    return response


def table_of(soup, label):
    section = next(s for s in soup.select("section") if s.h2 and s.h2.get_text() == label)
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in section.select("tbody tr")
    }, section


def test_each_question_is_followed_across_the_years(client, series):
    soup = BeautifulSoup(detail(client, series).content, "html.parser")
    table, section = table_of(soup, INFLUENCE)
    assert table["Agree"] == ["60.0%", "0.0%"]
    assert table["Strongly agree"] == ["0.0%", "25.0%"]
    assert table["Neither agree nor disagree"] == ["0.0%", "75.0%"]
    assert table["People who answered"] == ["10", "12"]
    points = [t.get_text() for t in section.select("svg circle + text")]
    assert points == ["60%", "25%"]
    assert "share who agree or strongly agree" in section.get_text()

    informed, _ = table_of(soup, "Do you feel well informed?")
    assert informed["Yes"] == ["60.0%", "–"]
    assert informed["People who answered"] == ["10", "not asked"]


def test_a_year_with_few_answers_shows_no_shares(client, series, make_consultation, partner_a):
    small = edition_page(make_consultation, 2026, live=True, lead_partner=partner_a)
    answer(small, "agree", "yes", times=4)
    SurveySeriesEdition.objects.create(series=series, year=2026, page=small)
    soup = BeautifulSoup(detail(client, series).content, "html.parser")
    table, section = table_of(soup, INFLUENCE)
    assert table["Agree"] == ["60.0%", "0.0%", "–"]
    assert table["People who answered"] == ["10", "12", "fewer than 5"]
    # The chart has no point for that year either.
    assert [t.get_text() for t in section.select("svg circle + text")] == ["60%", "25%"]


def test_open_and_draft_editions_are_left_out(client, series, make_consultation, partner_a):
    still_open = edition_page(
        make_consultation, 2026, closed=False, live=True, lead_partner=partner_a
    )
    draft = edition_page(make_consultation, 2027, live=False, lead_partner=partner_a)
    answer(still_open, "agree", times=8)
    SurveySeriesEdition.objects.create(series=series, year=2026, page=still_open)
    SurveySeriesEdition.objects.create(series=series, year=2027, page=draft)
    soup = BeautifulSoup(detail(client, series).content, "html.parser")
    headers = [th.get_text() for th in soup.select("section thead th")][1:3]
    assert headers == ["2024", "2025"]
    assert "2026" not in soup.select_one("h1").find_next("p").get_text()


def test_a_series_with_nothing_finished_says_so(client, make_consultation, partner_a):
    page = edition_page(make_consultation, 2026, closed=False, live=True, lead_partner=partner_a)
    series = SurveySeries.objects.create(title="New", slug="new", partner=partner_a)
    SurveySeriesEdition.objects.create(series=series, year=2026, page=page)
    assert "No year of this survey has closed yet" in detail(client, series).content.decode()


def test_the_list_and_unknown_series(client, series):
    listing = client.get(reverse("consultation_blocks:series_list"))
    assert "Residents&#x27; survey" in listing.content.decode()
    assert client.get("/survey-series/nothing-here/").status_code == 404


def test_the_page_costs_the_same_queries_however_many_responses(client, series):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            detail(client, series)
        return len(captured)

    queries()  # the first request fills the site's caches
    before = queries()
    for edition in series.editions.all():
        answer(edition.page, "agree", times=20)
    assert queries() == before


def test_an_edition_must_name_a_survey_on_its_page(make_consultation, partner_a, series):
    page_without_survey = make_consultation(body=[], live=True, lead_partner=partner_a)
    edition = SurveySeriesEdition(series=series, year=2030, page=page_without_survey)
    with pytest.raises(ValidationError, match="no survey"):
        edition.clean()
    other = SurveySeriesEdition(
        series=series, year=2031, page=series.editions.first().page, survey_id="nope"
    )
    with pytest.raises(ValidationError, match="no such survey"):
        other.clean()


@pytest.mark.parametrize(
    ("role", "sees"),
    [("moderator_a", True), ("moderator_b", False), ("administrator", True)],
)
def test_the_series_is_kept_by_its_partners_team(client_for, role_users, series, role, sees):
    client = client_for(role_users[role])
    index = client.get(reverse("wagtailsnippets_consultation_blocks_surveyseries:list"))
    assert index.status_code == 200
    assert ("Residents&#x27; survey" in index.content.decode()) is sees
    edit = client.get(
        reverse("wagtailsnippets_consultation_blocks_surveyseries:edit", args=[series.pk])
    )
    assert (edit.status_code == 200) is sees


def test_residents_cannot_reach_the_admin_screens(client_for, role_users, series):
    client = client_for(role_users["resident"])
    response = client.get(reverse("wagtailsnippets_consultation_blocks_surveyseries:list"))
    assert response.status_code == 302
