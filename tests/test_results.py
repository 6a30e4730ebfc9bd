"""Survey results for staff: counts, the multiple-choice rule, small-count suppression,
channels, written answers, publishing an answer, and who may see any of it."""

import re

import pytest
from django.urls import reverse

from consultation_blocks.models import (
    Comment,
    CommentKind,
    CommentState,
    EqualityResponse,
    SurveyResponse,
)
from tests.survey_support import first_survey, question_of_kind

pytestmark = pytest.mark.django_db


def results_url(page, survey):
    return reverse("consultation_blocks_results", args=[page.pk, survey.id])


def respond(page, survey, answers, channel="online"):
    return SurveyResponse.objects.create(
        page=page, survey_id=survey.id, answers=answers, channel=channel
    )


def row_text(html, label):
    """The text of the results table row for one answer label."""
    match = re.search(
        rf"<th scope=\"row\">{re.escape(label)}</th><td>(.*?)</td><td>(.*?)</td>", html
    )
    return match.groups() if match else None


@pytest.fixture
def survey(open_consultation):
    return first_survey(open_consultation)


@pytest.fixture
def staff(admin_client):
    return admin_client


def test_multiple_choice_counts_options_not_combinations(staff, open_consultation, survey):
    multiple = question_of_kind(survey, "multiple_choice")
    gp, hospital, library = (option_id for option_id, _ in multiple.options[:3])
    respond(open_consultation, survey, {multiple.id: {"choices": [gp, hospital], "other": ""}})
    respond(open_consultation, survey, {multiple.id: {"choices": [gp], "other": ""}})
    respond(
        open_consultation,
        survey,
        {multiple.id: {"choices": [hospital, "other"], "other": "Dentist"}},
    )
    respond(open_consultation, survey, {})  # skipped the question

    html = staff.get(results_url(open_consultation, survey)).content.decode()
    assert "4 responses" in html
    assert "3 of 4 answered" in html
    assert row_text(html, "GP") == ("2", "66.7%")
    assert row_text(html, "Hospital") == ("2", "66.7%")
    assert row_text(html, "Library") == ("0", "0.0%")
    assert row_text(html, "Other") == ("1", "33.3%")


def test_single_choice_scales_and_numbers(staff, open_consultation, survey):
    agreement = question_of_kind(survey, "agreement")
    rating = question_of_kind(survey, "rating")
    number = question_of_kind(survey, "number")
    ranking = question_of_kind(survey, "ranking")
    first, second, third = (option_id for option_id, _ in ranking.options)
    for agree, stars, people in (("agree", 5, 2), ("agree", 4, 4), ("disagree", 4, 9)):
        respond(
            open_consultation,
            survey,
            {
                agreement.id: agree,
                rating.id: stars,
                number.id: people,
                ranking.id: [first, second, third],
            },
        )
    html = staff.get(results_url(open_consultation, survey)).content.decode()
    assert row_text(html, "Agree") == ("2", "66.7%")
    assert row_text(html, "Disagree") == ("1", "33.3%")
    assert row_text(html, "4") == ("2", "66.7%")
    # The ends of a rating scale are named as residents saw them.
    assert row_text(html, f"5 – {rating.high_label}") == ("1", "33.3%")
    assert row_text(html, f"1 – {rating.low_label}") == ("0", "0.0%")
    assert "Lowest 2, highest 9, average 5.0." in html
    assert '<th scope="row">Online survey</th><td>1.0</td>' in html


def equality_answers(page, survey, ages, channel="online"):
    """One response per age given, each with its equality answers stored apart."""
    for age in ages:
        respond(page, survey, {}, channel=channel)
        EqualityResponse.objects.create(
            page=page, survey_id=survey.id, answers={"age": age}, channel=channel
        )


def age_section(html):
    """The equality monitoring figures for the age question, as staff see them."""
    section = html[html.index('id="equality-heading"') :]
    age = section[section.index("What is your age?") :]
    return re.split(r"<caption>|<h3>", age, maxsplit=1)[0]


AGE_LABELS = ["Under 16", "16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64"]


@pytest.mark.parametrize(
    ("ages", "shown"),
    [
        # One person: every group reads "<5"; the caption gives no count to pin it.
        (["16_24"], {}),
        (["16_24"] * 4, {}),
        # Five people in one group: the other groups could only be zero, so the
        # question's figures are withheld.
        (["45_54"] * 5, None),
        # Five in one group and one elsewhere: the one could be in any other group.
        (["45_54"] * 5 + ["16_24"], {"45 to 54": "5"}),
    ],
    ids=["1 answer", "4 answers", "5 answers", "6 answers"],
)
def test_no_equality_figure_gives_away_a_group_under_five(
    staff, open_consultation, survey, ages, shown
):
    equality_answers(open_consultation, survey, ages)

    html = staff.get(results_url(open_consultation, survey)).content.decode()
    age = age_section(html)

    assert f"{len(ages)} response" in html  # the total stays; nothing else pins a group
    assert "answered)" not in age and "%" not in age
    if shown is None:
        assert "Withheld" in age
        assert not re.search(r"<td>\d", age)
    else:
        for label in AGE_LABELS:
            assert row_text(age, label) == (shown.get(label, "&lt;5"), "")


def test_equality_with_no_small_group_shows_counts_and_percentages(
    staff, open_consultation, survey
):
    ages = ["under_16", "16_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus"]
    equality_answers(open_consultation, survey, [*ages * 5, "prefer_not"])
    equality_answers(open_consultation, survey, ["prefer_not"] * 4)

    age = age_section(staff.get(results_url(open_consultation, survey)).content.decode())

    assert "(45 answered)" in age
    assert row_text(age, "16 to 24") == ("5", "11.1%")


def test_equality_figures_are_not_split_by_channel(staff, open_consultation, survey):
    """A channel's counts beside everyone's would give back the difference."""
    equality_answers(open_consultation, survey, ["45_54"] * 5 + ["16_24"], channel="online")
    equality_answers(open_consultation, survey, ["45_54"] * 5, channel="paper")
    url = results_url(open_consultation, survey)

    everyone = age_section(staff.get(url).content.decode())
    online = age_section(staff.get(url + "?channel=online").content.decode())
    paper = age_section(staff.get(url + "?channel=paper").content.decode())

    assert row_text(everyone, "45 to 54") == ("10", "")
    assert online == paper == everyone


@pytest.mark.parametrize("answers", [1, 4, 5, 6])
def test_the_export_holds_no_equality_answers(staff, open_consultation, survey, answers):
    equality_answers(open_consultation, survey, (["45_54"] * 5 + ["16_24"])[:answers])
    url = reverse("consultation_blocks_export", args=[open_consultation.pk, survey.id, "csv"])

    csv_text = b"".join(staff.get(url).streaming_content).decode("utf-8-sig")

    lines = csv_text.strip().splitlines()
    assert len(lines) == 1 + answers  # the header, then one row per response
    for equality_text in ("What is your age?", "45 to 54", "45_54", "16 to 24", "16_24"):
        assert equality_text not in csv_text


def test_results_split_by_channel(staff, open_consultation, survey):
    yes_no = question_of_kind(survey, "yes_no")
    respond(open_consultation, survey, {yes_no.id: "yes"}, channel="paper")
    respond(open_consultation, survey, {yes_no.id: "no"}, channel="online")
    respond(open_consultation, survey, {yes_no.id: "no"}, channel="online")
    paper = staff.get(results_url(open_consultation, survey) + "?channel=paper").content.decode()
    assert "1 response" in paper and row_text(paper, "Yes") == ("1", "100.0%")
    everyone = staff.get(results_url(open_consultation, survey) + "?channel=bogus").content.decode()
    assert "3 responses" in everyone


def test_written_answers_are_searchable_escaped_and_can_be_published(
    staff, open_consultation, survey
):
    long_text = question_of_kind(survey, "long_text")
    respond(open_consultation, survey, {long_text.id: "Evening meetings at the library"})
    chosen = respond(
        open_consultation, survey, {long_text.id: "<script>alert('x')</script> more buses"}
    )
    url = results_url(open_consultation, survey) + f"?question={long_text.id}"

    html = staff.get(url + "&q=LIBRARY").content.decode()
    assert "1 answer containing" in html
    assert "Evening meetings at the library" in html and "more buses" not in html

    html = staff.get(url).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html

    response = staff.post(
        reverse("consultation_blocks_publish_answer", args=[open_consultation.pk, survey.id]),
        {"response": chosen.pk, "question": long_text.id},
    )
    assert response.status_code == 302
    quote = Comment.objects.get()
    assert (quote.kind, quote.state, quote.response_id) == (
        CommentKind.QUOTE,
        CommentState.PENDING,
        chosen.pk,
    )
    queue = staff.get("/admin/consultation_blocks/comment/").content.decode()
    assert "more buses" in queue


@pytest.mark.parametrize("bad", [{"response": "abc"}, {"response": "999999"}, {"question": "nope"}])
def test_publishing_a_missing_answer_is_a_clear_message(staff, open_consultation, survey, bad):
    long_text = question_of_kind(survey, "long_text")
    data = {"response": "1", "question": long_text.id, **bad}
    response = staff.post(
        reverse("consultation_blocks_publish_answer", args=[open_consultation.pk, survey.id]),
        data,
        follow=True,
    )
    assert response.status_code == 200
    assert "That answer could not be found." in response.content.decode()
    assert Comment.objects.count() == 0


def test_results_page_queries_do_not_grow_with_responses(
    staff, open_consultation, survey, django_assert_max_num_queries
):
    long_text = question_of_kind(survey, "long_text")
    url = results_url(open_consultation, survey)

    def add(count):
        for n in range(count):
            respond(open_consultation, survey, {long_text.id: f"Answer {n}"})
            EqualityResponse.objects.create(
                page=open_consultation, survey_id=survey.id, answers={"age": "16_24"}
            )

    add(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert staff.get(url).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff.get(url).status_code == 200


def test_the_consultations_report_flags_readiness_and_overdue_outcomes(staff, make_consultation):
    import datetime

    from django.utils import timezone

    ready = make_consultation(live=True, title="Ready one")
    overdue = make_consultation(
        live=True,
        title="Overdue one",
        opens_at=timezone.now() - datetime.timedelta(days=200),
        closes_at=timezone.now() - datetime.timedelta(days=120),
    )
    respond(ready, first_survey(ready), {})
    html = staff.get(reverse("consultation_blocks_report")).content.decode()
    assert "Ready one" in html and "Overdue one" in html
    overdue_row = html[html.index("Overdue one") :].split("</tr>")[0]
    assert "Overdue" in overdue_row.replace("Overdue one", "")
    ready_row = html[html.index("Ready one") :].split("</tr>")[0]
    assert "<td>1</td>" in ready_row
    assert "Overdue</span>" not in ready_row
    assert overdue.pk


def test_a_page_without_a_survey_says_so(staff, make_consultation):
    page = make_consultation(live=True, body=[])
    response = staff.get(reverse("consultation_blocks_consultation_results", args=[page.pk]))
    assert response.status_code == 200
    assert "This page has no survey" in response.content.decode()


def test_results_need_permission(client_for, role_users, partner_a, make_consultation):
    page = make_consultation(live=True, lead_partner=partner_a)
    url = reverse("consultation_blocks_results", args=[page.pk, first_survey(page).id])
    assert client_for(None).get(url).status_code == 302  # to the sign-in page
    assert client_for(role_users["resident"]).get(url).status_code == 302
    # The admin turns a refusal into a redirect to the dashboard with a message.
    refused = client_for(role_users["moderator_b"]).get(url)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert client_for(role_users["moderator_a"]).get(url).status_code == 200
    # Being linked to no partner is not partnership-wide access.
    assert client_for(role_users["comms_editor"]).get(url)["Location"] == "/admin/"
    report = (
        client_for(role_users["moderator_b"])
        .get(reverse("consultation_blocks_report"))
        .content.decode()
    )
    assert page.title not in report


def test_results_and_the_moderation_queue_follow_one_partner_rule(
    client_for, role_users, make_consultation
):
    """A partner nobody moderates for yet does not open its residents' data to everyone."""
    from tests.factories import PartnerFactory

    unmoderated = PartnerFactory(name="Eastfield Parish", slug="eastfield")
    page = make_consultation(live=True, lead_partner=unmoderated)
    survey = first_survey(page)
    Comment.objects.create(page=page, name="R", email="r@example.org", body="Eastfield view")
    moderator_b = client_for(role_users["moderator_b"])

    refused = moderator_b.get(reverse("consultation_blocks_results", args=[page.pk, survey.id]))
    export = moderator_b.get(
        reverse("consultation_blocks_export", args=[page.pk, survey.id, "csv"])
    )
    report = moderator_b.get(reverse("consultation_blocks_report")).content.decode()
    queue = moderator_b.get("/admin/consultation_blocks/comment/").content.decode()

    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert export.status_code == 403
    assert page.title not in report
    assert "Eastfield view" not in queue


def test_unknown_pages_and_surveys_are_not_found(staff, open_consultation):
    assert staff.get(reverse("consultation_blocks_results", args=[999999, "x"])).status_code == 404
    assert (
        staff.get(
            reverse("consultation_blocks_results", args=[open_consultation.pk, "x"])
        ).status_code
        == 404
    )
