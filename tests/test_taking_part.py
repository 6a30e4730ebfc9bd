"""Learning from every exercise: residents' "How was taking part?" after a survey or a
meeting, the staff report by consultation or meeting and by partner with small rows
withheld, and staff's
evaluation of an activity, each kept to the partners people act for."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation_blocks.models import ActivityEvaluation, TakingPartFeedback
from tests import registration_support as registrations
from tests.activities_support import ActivityFactory
from tests.public_forms import with_guard
from tests.survey_support import first_survey

pytestmark = pytest.mark.django_db

REPORT = "/admin/taking-part/"


def form_url(page):
    return reverse("consultation_blocks:taking_part", args=[page.pk])


def send(client, page, **answers):
    return client.post(form_url(page), with_guard(answers))


def test_the_survey_thank_you_page_offers_the_questions(client, open_consultation):
    survey = first_survey(open_consultation)
    url = open_consultation.url + open_consultation.reverse_subpage(
        "respond_thanks", args=[survey.id]
    )
    page = BeautifulSoup(client.get(url).content, "html.parser")
    form = page.find("form", action=form_url(open_consultation))
    assert form is not None
    assert {i["name"] for i in form.select("input[type=radio]")} == {"easy", "heard", "again"}
    assert form.find("textarea", attrs={"name": "improve"}) is not None


def test_feedback_is_stored_without_anything_that_links_it_to_a_person(client, open_consultation):
    response = send(
        client, open_consultation, easy="easy", heard="partly", again="yes", improve="Bigger text"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation_blocks:taking_part_thanks")
    feedback = TakingPartFeedback.objects.get()
    assert (feedback.easy, feedback.heard, feedback.again, feedback.improve) == (
        "easy",
        "partly",
        "yes",
        "Bigger text",
    )
    assert {f.name for f in TakingPartFeedback._meta.fields} == {
        "id",
        "page",
        "easy",
        "heard",
        "again",
        "improve",
        "created_on",
    }


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "Answer at least one question"),
        ({"easy": "ecstatic"}, "Select a valid choice"),
        ({"improve": "bad\x00text"}, "Null characters are not allowed"),
        ({"improve": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_feedback_gets_a_message_and_nothing_is_stored(
    client, open_consultation, answers, message
):
    response = send(client, open_consultation, **answers)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not TakingPartFeedback.objects.exists()


def test_the_form_is_defended_like_every_public_form(client, open_consultation):
    response = client.post(form_url(open_consultation), {"easy": "easy", "website": "spam"})
    assert response.status_code == 400
    assert not TakingPartFeedback.objects.exists()


def test_only_live_public_consultations_take_feedback(client, make_consultation, home_page):
    draft = make_consultation(live=False)
    assert send(client, draft, easy="easy").status_code == 404
    assert (
        client.post(f"/taking-part/{home_page.pk}/", with_guard({"easy": "easy"})).status_code
        == 404
    )
    assert client.get("/taking-part/99999999999999999999/").status_code == 404
    assert not TakingPartFeedback.objects.exists()


def add_feedback(page, count, **answers):
    TakingPartFeedback.objects.bulk_create(
        TakingPartFeedback(page=page, **answers) for _ in range(count)
    )


def report_rows(client, heading):
    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    table = soup.find("h2", string=heading).find_next("table")
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in table.select("tbody tr")
    }


def test_the_report_gives_shares_by_consultation_and_withholds_small_rows(
    client_for, role_users, make_consultation, partner_a
):
    big = make_consultation(title="Parks plan", live=True, lead_partner=partner_a)
    small = make_consultation(title="Bus lanes", live=True, lead_partner=partner_a)
    add_feedback(big, 6, easy="very_easy", heard="yes", again="no")
    add_feedback(big, 4, easy="difficult", heard="", again="yes")
    add_feedback(small, 3, easy="easy", heard="yes", again="yes")
    client = client_for(role_users["moderator_a"])
    rows = report_rows(client, "By consultation or meeting")
    assert rows["Parks plan"] == ["10", "60.0%", "100.0%", "40.0%"]
    assert rows["Bus lanes"] == ["fewer than 5", "–", "–", "–"]
    by_partner = report_rows(client, "By partner")
    assert by_partner[partner_a.name] == ["13", "69.2%", "100.0%", "53.8%"]


def test_staff_see_only_their_partners_consultations(
    client_for, role_users, make_consultation, partner_a, partner_b
):
    add_feedback(
        make_consultation(title="A's plan", live=True, lead_partner=partner_a), 5, easy="easy"
    )
    add_feedback(
        make_consultation(title="B's plan", live=True, lead_partner=partner_b), 5, easy="easy"
    )
    rows = report_rows(client_for(role_users["moderator_b"]), "By consultation or meeting")
    assert list(rows) == ["B's plan"]
    everything = report_rows(client_for(role_users["administrator"]), "By consultation or meeting")
    assert set(everything) == {"A's plan", "B's plan"}


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("resident", 302), ("moderator_a", 200)]
)
def test_the_report_needs_a_staff_role(client_for, role_users, role, status):
    assert client_for(role_users[role]).get(REPORT).status_code == status


# After a meeting ----------------------------------------------------------------------


@pytest.fixture
def bodies(home_page, partner_a, partner_b):
    index = registrations.network_index(home_page)
    return {
        "a": registrations.body(index, partners=[partner_a], title="A forum"),
        "both": registrations.body(index, partners=[partner_a, partner_b], title="Joint board"),
        "none": registrations.body(index, title="Open network"),
    }


def test_a_meeting_offers_the_questions_once_it_has_started(client, bodies):
    coming = registrations.meeting(bodies["a"], days=7, title="Coming meeting")
    held = registrations.meeting(bodies["a"], days=-1, title="Held meeting")
    coming_page = BeautifulSoup(client.get(coming.url).content, "html.parser")
    assert coming_page.find("a", href=form_url(coming)) is None
    assert send(client, coming, easy="easy").status_code == 404
    held_page = BeautifulSoup(client.get(held.url).content, "html.parser")
    assert held_page.find("a", href=form_url(held)).get_text() == "tell us how it was"
    form_page = BeautifulSoup(client.get(form_url(held)).content, "html.parser")
    assert form_page.find("a", href=held.url).get_text() == "Held meeting"
    assert send(client, held, easy="easy", heard="yes", again="maybe").status_code == 302
    feedback = TakingPartFeedback.objects.get()
    assert (feedback.page_id, feedback.easy, feedback.again) == (held.pk, "easy", "maybe")


def test_the_registration_email_links_to_the_questions(
    client, bodies, django_capture_on_commit_callbacks, mailoutbox
):
    coming = registrations.meeting(bodies["a"], days=7, title="Coming meeting")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(registrations.register_url(coming), registrations.form_data())
    assert response.status_code == 200
    [message] = mailoutbox
    assert f"{form_url(coming)}\n" in message.body
    assert "After the event, tell us how taking part was" in message.body


def test_the_report_shows_meetings_and_counts_them_for_each_partner_of_their_body(
    client_for, role_users, bodies, make_consultation, partner_a, partner_b
):
    add_feedback(
        registrations.meeting(bodies["a"], days=-3, title="A forum, March"), 5, easy="easy"
    )
    add_feedback(
        registrations.meeting(bodies["both"], days=-2, title="Joint board, March"),
        5,
        heard="yes",
        improve="A hearing loop",
    )
    add_feedback(
        registrations.meeting(bodies["none"], days=-1, title="Open network, March"), 5, again="no"
    )
    add_feedback(make_consultation(title="A's plan", live=True, lead_partner=partner_a), 5)
    everything = report_rows(client_for(role_users["administrator"]), "By consultation or meeting")
    assert set(everything) == {
        "A forum, March",
        "Joint board, March",
        "Open network, March",
        "A's plan",
    }
    assert everything["A forum, March"] == ["5", "100.0%", "–", "–"]
    by_partner = report_rows(client_for(role_users["administrator"]), "By partner")
    assert by_partner == {
        partner_a.name: ["15", "100.0%", "100.0%", "–"],
        partner_b.name: ["5", "–", "100.0%", "–"],
        "No partner named": ["5", "–", "–", "0.0%"],
    }
    client_b = client_for(role_users["moderator_b"])
    assert set(report_rows(client_b, "By consultation or meeting")) == {
        "Joint board, March",
        "Open network, March",
    }
    assert set(report_rows(client_b, "By partner")) == {
        partner_a.name,
        partner_b.name,
        "No partner named",
    }
    assert "A hearing loop" in client_b.get(REPORT).content.decode()


def test_the_report_costs_the_same_queries_however_many_consultations(
    client_for, role_users, make_consultation, partner_a
):
    client = client_for(role_users["administrator"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(REPORT).status_code == 200
        return len(captured)

    add_feedback(
        make_consultation(live=True, lead_partner=partner_a), 5, easy="easy", improve="More notice"
    )
    queries()
    before = queries()
    for _ in range(4):
        add_feedback(
            make_consultation(live=True, lead_partner=partner_a), 6, easy="easy", improve="x"
        )
    assert queries() == before


def test_the_report_costs_the_same_queries_however_many_meetings_and_bodies(
    client_for, role_users, home_page, partner_a, partner_b
):
    client = client_for(role_users["moderator_a"])
    index = registrations.network_index(home_page)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(REPORT).status_code == 200
        return len(captured)

    first = registrations.body(index, partners=[partner_a], title="Body 0")
    add_feedback(registrations.meeting(first, days=-1, slug="m0"), 5, easy="easy")
    queries()
    before = queries()
    for number in range(1, 4):
        body = registrations.body(index, partners=[partner_a, partner_b], title=f"Body {number}")
        for day in (1, 2):
            meeting = registrations.meeting(body, days=-day, slug=f"m{number}-{day}")
            add_feedback(meeting, 6, heard="yes", improve="x")
    assert queries() == before


@pytest.fixture
def past_activity(partner_a):
    today = datetime.date.today()
    return ActivityFactory(
        lead_partner=partner_a,
        title="Drop-in at the library",
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today - datetime.timedelta(days=19),
    )


def evaluation_url(activity):
    return reverse("consultation_blocks_evaluate_activity", args=[activity.pk])


def test_staff_evaluate_their_partners_activity(client_for, role_users, past_activity):
    client = client_for(role_users["moderator_a"])
    assert client.get(evaluation_url(past_activity)).status_code == 200
    response = client.post(
        evaluation_url(past_activity),
        {
            "what_worked": "Being in the library",
            "what_to_change": "Start later",
            "cost": "120.50",
            "people_reached": "34",
            "partners_view": "",
        },
    )
    assert response.status_code == 302
    evaluation = ActivityEvaluation.objects.get(activity=past_activity)
    assert (str(evaluation.cost), evaluation.people_reached) == ("120.50", 34)
    assert evaluation.evaluated_by == role_users["moderator_a"]
    assert "Being in the library" in client.get(REPORT).content.decode()


@pytest.mark.parametrize("role", ["moderator_b", "resident", "anonymous"])
def test_other_partners_cannot_evaluate_it(client_for, role_users, past_activity, role):
    client = client_for(role_users[role])
    response = client.post(evaluation_url(past_activity), {"what_worked": "Hijack"})
    assert response.status_code in (302, 403)
    assert not ActivityEvaluation.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"cost": "-5"},
        {"cost": "9" * 30},
        {"people_reached": "-1"},
        {"people_reached": "9" * 30},
        {"what_worked": "a\x00b"},
    ],
)
def test_bad_evaluations_are_refused_with_a_message(client_for, role_users, past_activity, data):
    response = client_for(role_users["administrator"]).post(evaluation_url(past_activity), data)
    assert response.status_code == 400
    assert not ActivityEvaluation.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/taking-part/99999999999999999999/",
        "/admin/consultations/99999999999999999999/results/",
        "/admin/forward-plan/99999999999999999999/evaluation/",
    ],
)
def test_ids_beyond_the_databases_integers_are_not_found(admin_client, url):
    assert admin_client.get(url).status_code == 404
