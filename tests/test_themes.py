"""Themes in written answers: found on the server from generated answers whose themes
are known, then renamed, merged and corrected by hand, exported, and kept to the staff
who may see the page's responses."""

import csv
import io
import random

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation_blocks.models import AnswerTheme, SurveyResponse, ThemeAssignment
from consultation_blocks.services.themes import ThemeError, discover_themes, find_themes
from tests.factories import SurveyResponseFactory
from tests.survey_support import first_survey, question_of_kind

pytestmark = pytest.mark.django_db

# Three subjects residents write about, each with its own words, and words every
# answer shares whatever it is about.
SUBJECTS = {
    "parking": ["parking", "cars", "spaces", "permits", "driveway", "garage", "traffic"],
    "parks": ["park", "trees", "playground", "grass", "benches", "flowers", "swings"],
    "bins": ["bins", "rubbish", "recycling", "collection", "litter", "waste", "dumping"],
}
SHARED = ["council", "think", "really", "area", "please", "improve", "more", "people"]


def generated_answers(per_subject=20, seed=7):
    """(subject, text) pairs: each answer draws four words of its subject and three
    shared ones, in a shuffled order."""
    chance = random.Random(seed)
    answers = []
    for subject, words in SUBJECTS.items():
        for _ in range(per_subject):
            picked = chance.sample(words, 4) + chance.sample(SHARED, 3)
            chance.shuffle(picked)
            answers.append((subject, " ".join(picked)))
    chance.shuffle(answers)
    return answers


@pytest.fixture
def survey(open_consultation):
    return first_survey(open_consultation)


@pytest.fixture
def question(survey):
    return question_of_kind(survey, "long_text")


def add_answers(page, survey, question, answers):
    return {
        SurveyResponseFactory(page=page, survey_id=survey.id, answers={question.id: text}).pk: (
            subject
        )
        for subject, text in answers
    }


def themes_url(page, survey, question, action=""):
    name = {"": "consultation_blocks_themes"}.get(action, f"consultation_blocks_themes_{action}")
    return reverse(name, args=[page.pk, survey.id, question.id])


def test_the_finder_recovers_known_themes_from_generated_answers():
    answers = generated_answers()
    found = find_themes([text for _subject, text in answers], 3)
    groups = {}
    for (subject, _text), assigned in zip(answers, found.assignments, strict=True):
        assert assigned is not None
        groups.setdefault(assigned[0], set()).add(subject)
    # Three themes, each holding the answers of exactly one subject.
    assert sorted(len(subjects) for subjects in groups.values()) == [1, 1, 1]
    assert {next(iter(subjects)) for subjects in groups.values()} == set(SUBJECTS)
    for index, subjects in groups.items():
        subject_words = set(SUBJECTS[next(iter(subjects))])
        assert set(found.top_words[index][:3]) <= subject_words


def test_finding_themes_stores_them_and_codes_every_answer(open_consultation, survey, question):
    known = add_answers(open_consultation, survey, question, generated_answers())
    themes = discover_themes(
        page=open_consultation, survey_id=survey.id, question_id=question.id, count=3
    )
    assert len(themes) == 3
    coded = ThemeAssignment.objects.filter(question_id=question.id)
    assert coded.count() == len(known)
    for theme in AnswerTheme.objects.all():
        subjects = {known[a.response_id] for a in theme.assignments.all()}
        assert len(subjects) == 1
        assert theme.label  # named from its top words until staff rename it


def test_too_few_answers_for_the_themes_asked_is_refused_and_changes_nothing(
    open_consultation, survey, question
):
    add_answers(open_consultation, survey, question, generated_answers(per_subject=2))
    with pytest.raises(ThemeError, match="at least 15"):
        discover_themes(
            page=open_consultation, survey_id=survey.id, question_id=question.id, count=5
        )
    assert not AnswerTheme.objects.exists()


def test_answers_without_distinctive_words_are_refused():
    with pytest.raises(ThemeError, match="distinctive words"):
        find_themes(["the and of", "it is the", "and the of", "of it is"], 2)


@pytest.fixture
def found(admin_client, open_consultation, survey, question):
    known = add_answers(open_consultation, survey, question, generated_answers())
    response = admin_client.post(
        themes_url(open_consultation, survey, question, "discover"), {"count": 3}
    )
    assert response.status_code == 302
    return known


def test_the_screen_shows_themes_words_and_examples(
    admin_client, open_consultation, survey, question, found
):
    page = admin_client.get(themes_url(open_consultation, survey, question))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    rows = soup.select("table.listing")[0].select("tbody tr")
    assert len(rows) == 3
    counts = sorted(int(row.select("td")[1].get_text().split()[0]) for row in rows)
    assert counts == [20, 20, 20]
    assert all(len(row.select("td")[3].select("li")) == 3 for row in rows)


def test_rename_merge_and_code_by_hand(admin_client, open_consultation, survey, question, found):
    first, second, third = AnswerTheme.objects.order_by("pk")
    url = reverse(
        "consultation_blocks_theme_rename",
        args=[open_consultation.pk, survey.id, question.id, first.pk],
    )
    admin_client.post(url, {"label": "Parking near homes"})
    first.refresh_from_db()
    assert first.label == "Parking near homes"

    response = admin_client.post(
        themes_url(open_consultation, survey, question, "merge"),
        {"source": second.pk, "target": third.pk},
    )
    assert response.status_code == 302
    assert not AnswerTheme.objects.filter(pk=second.pk).exists()
    assert third.assignments.count() == 40

    answer = third.assignments.first().response
    admin_client.post(
        themes_url(open_consultation, survey, question, "assign"),
        {"response": answer.pk, "theme": first.pk, "return_theme": str(third.pk), "return_p": "1"},
    )
    moved = ThemeAssignment.objects.get(response=answer, question_id=question.id)
    assert moved.theme == first and moved.by_hand
    admin_client.post(
        themes_url(open_consultation, survey, question, "assign"),
        {"response": answer.pk, "theme": ""},
    )
    assert not ThemeAssignment.objects.filter(response=answer, question_id=question.id).exists()
    listed = admin_client.get(themes_url(open_consultation, survey, question) + "?theme=none")
    assert "1 answer." in listed.content.decode()


def test_themes_of_another_question_or_page_are_refused(
    admin_client, open_consultation, survey, question, found, make_consultation
):
    other_page = make_consultation(live=True)
    stranger = AnswerTheme.objects.create(
        page=other_page, survey_id=survey.id, question_id=question.id, label="Elsewhere"
    )
    mine = AnswerTheme.objects.filter(page=open_consultation).first()
    merge = admin_client.post(
        themes_url(open_consultation, survey, question, "merge"),
        {"source": stranger.pk, "target": mine.pk},
    )
    assert merge.status_code == 302
    assert AnswerTheme.objects.filter(pk=stranger.pk).exists()
    rename = admin_client.post(
        reverse(
            "consultation_blocks_theme_rename",
            args=[open_consultation.pk, survey.id, question.id, stranger.pk],
        ),
        {"label": "Hijacked"},
    )
    assert rename.status_code == 404
    answer = SurveyResponse.objects.filter(page=open_consultation).first()
    admin_client.post(
        themes_url(open_consultation, survey, question, "assign"),
        {"response": answer.pk, "theme": stranger.pk},
    )
    assert ThemeAssignment.objects.get(response=answer).theme.page == open_consultation


@pytest.mark.parametrize(
    "data",
    [
        {"count": "1"},
        {"count": "13"},
        {"count": "many"},
        {"count": "9" * 40},
        {"count": "\x00"},
        {},
    ],
)
def test_bad_numbers_of_themes_get_a_message(
    admin_client, open_consultation, survey, question, data
):
    response = admin_client.post(
        themes_url(open_consultation, survey, question, "discover"), data, follow=True
    )
    assert response.status_code == 200
    assert not AnswerTheme.objects.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


@pytest.mark.parametrize(
    "data",
    [
        {"response": "x", "theme": ""},
        {"response": "9" * 40, "theme": ""},
        {"response": "\x00", "theme": "\x00"},
        {"response": "1", "theme": "999999"},
        {"return_theme": "\r\nSet-Cookie: x=1", "response": "x"},
    ],
)
def test_bad_assignments_are_refused_with_a_message(
    admin_client, open_consultation, survey, question, found, data
):
    before = list(ThemeAssignment.objects.values_list("pk", "theme_id"))
    response = admin_client.post(themes_url(open_consultation, survey, question, "assign"), data)
    assert response.status_code == 302
    assert "\n" not in response["Location"]
    assert list(ThemeAssignment.objects.values_list("pk", "theme_id")) == before


def test_the_coding_exports_as_csv_with_formulas_neutralised(
    admin_client, open_consultation, survey, question, found
):
    SurveyResponseFactory(
        page=open_consultation, survey_id=survey.id, answers={question.id: "=HYPERLINK(1)"}
    )
    response = admin_client.get(themes_url(open_consultation, survey, question, "export"))
    assert response.status_code == 200
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff")))
    )
    assert rows[0] == ["Response", "Submitted at", "Channel", "Answer", "Theme", "Coded"]
    assert len(rows) == 62
    assert sum(row[5] == "automatically" for row in rows[1:]) == 60
    assert ["'=HYPERLINK(1)", "", ""] == rows[-1][3:]


def test_resident_text_is_escaped(admin_client, open_consultation, survey, question):
    hostile = '<script>alert("x")</script>'
    SurveyResponseFactory(
        page=open_consultation, survey_id=survey.id, answers={question.id: hostile}
    )
    page = admin_client.get(themes_url(open_consultation, survey, question)).content.decode()
    assert hostile not in page
    assert "&lt;script&gt;" in page


def test_a_question_that_is_not_written_answers_is_not_found(
    admin_client, open_consultation, survey
):
    rating = question_of_kind(survey, "rating")
    url = reverse("consultation_blocks_themes", args=[open_consultation.pk, survey.id, rating.id])
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("resident", False),
        ("comms_editor", False),
        ("moderator_a", True),
        ("moderator_b", False),
        ("administrator", True),
    ],
)
def test_only_staff_who_see_the_responses_reach_the_themes(
    client_for, role_users, role, allowed, make_consultation, partner_a
):
    page = make_consultation(lead_partner=partner_a, live=True)
    survey = first_survey(page)
    question = question_of_kind(survey, "long_text")
    add_answers(page, survey, question, generated_answers(per_subject=3))
    client = client_for(role_users[role])
    response = client.get(themes_url(page, survey, question))
    assert (response.status_code == 200) is allowed
    found = client.post(themes_url(page, survey, question, "discover"), {"count": 3})
    assert AnswerTheme.objects.exists() is allowed
    if not allowed:
        assert found.status_code in (302, 403)
        assert not found.get("Location", "").startswith(themes_url(page, survey, question))


def test_the_screen_costs_the_same_queries_however_many_themes_and_answers(
    admin_client, open_consultation, survey, question
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert (
                admin_client.get(themes_url(open_consultation, survey, question)).status_code == 200
            )
        return len(captured)

    add_answers(open_consultation, survey, question, generated_answers(per_subject=3))
    discover_themes(page=open_consultation, survey_id=survey.id, question_id=question.id, count=2)
    small = queries()
    add_answers(open_consultation, survey, question, generated_answers(per_subject=15, seed=3))
    discover_themes(page=open_consultation, survey_id=survey.id, question_id=question.id, count=6)
    assert queries() == small


def test_only_plain_filter_values_are_carried_back(
    admin_client, open_consultation, survey, question, found
):
    theme = AnswerTheme.objects.first()
    answer = SurveyResponse.objects.filter(page=open_consultation).first()
    response = admin_client.post(
        themes_url(open_consultation, survey, question, "assign"),
        {
            "response": answer.pk,
            "theme": theme.pk,
            "return_theme": "1\r\nSet-Cookie: x=1",
            "return_p": "2",
        },
    )
    assert response["Location"] == themes_url(open_consultation, survey, question) + "?p=2"
