"""Exports: one row per response, a column for every question the survey has had,
formula injection neutralised, streamed; and staff entering paper responses."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from consultation_blocks.models import SurveyResponse
from consultation_blocks.results.export import export_rows, neutralise
from tests.survey_support import first_survey, question_of_kind, valid_post

pytestmark = pytest.mark.django_db


def export_url(page, survey, file_format="csv"):
    return reverse("consultation_blocks_export", args=[page.pk, survey.id, file_format])


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def edit_survey(page, change):
    """Publish a new revision after ``change(questions)`` edits the raw question list."""
    page = page.get_latest_revision_as_object()
    raw = page.body.raw_data
    change(raw[0]["value"]["questions"])
    page.body = raw
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_columns_follow_the_survey_across_edits(admin_client, open_consultation):
    survey = first_survey(open_consultation)
    short = question_of_kind(survey, "short_text")
    yes_no = question_of_kind(survey, "yes_no")
    SurveyResponse.objects.create(
        page=open_consultation,
        survey_id=survey.id,
        answers={short.id: "Old group", yes_no.id: "yes"},
    )

    def reword_remove_add(questions):
        questions[0]["value"]["label"] = "Group name (reworded)"
        questions[:] = [q for q in questions if q["id"] != yes_no.id]
        questions.append(
            {
                "type": "short_text",
                "id": "new-question",
                "value": {**questions[0]["value"], "label": "A new question"},
            }
        )

    page = edit_survey(open_consultation, reword_remove_add)
    SurveyResponse.objects.create(
        page=page, survey_id=survey.id, answers={"new-question": "Fresh answer"}
    )

    rows = read_csv(admin_client.get(export_url(page, survey)))
    header = rows[0]
    assert header[:5] == [
        "Response",
        "Submitted at",
        "Channel",
        "Entered by staff",
        "Wants outcome updates",
    ]
    assert "Group name (reworded)" in header
    assert "A new question" in header
    assert "Do you care for someone? (question since removed)" in header
    assert len(rows) == 3
    old, new = rows[1], rows[2]
    assert old[header.index("Group name (reworded)")] == "Old group"
    assert old[header.index("Do you care for someone? (question since removed)")] == "Yes"
    assert new[header.index("A new question")] == "Fresh answer"


def test_answers_are_written_as_residents_saw_them(admin_client, open_consultation):
    survey = first_survey(open_consultation)
    multiple = question_of_kind(survey, "multiple_choice")
    ranking = question_of_kind(survey, "ranking")
    answers = {
        multiple.id: {"choices": [multiple.options[0][0], "other"], "other": "Dentist"},
        ranking.id: [option_id for option_id, _ in reversed(ranking.options)],
    }
    SurveyResponse.objects.create(
        page=open_consultation, survey_id=survey.id, answers=answers, channel="paper"
    )
    header, row = read_csv(admin_client.get(export_url(open_consultation, survey)))
    assert row[header.index(multiple.label)] == "GP; Other; Dentist"
    assert row[header.index(ranking.label)] == "Citizens' panel; Public meeting; Online survey"
    assert row[header.index("Channel")] == "Paper form"


@pytest.mark.parametrize(
    "payload", ['=HYPERLINK("http://evil")', "+1+1", "-2", "@SUM(A1)", "\tTab", "\rReturn"]
)
def test_formula_injection_is_neutralised_in_csv_and_xlsx(admin_client, open_consultation, payload):
    survey = first_survey(open_consultation)
    short = question_of_kind(survey, "short_text")
    SurveyResponse.objects.create(
        page=open_consultation, survey_id=survey.id, answers={short.id: payload}
    )

    header, row = read_csv(admin_client.get(export_url(open_consultation, survey)))
    cell = row[header.index(short.label)]
    # (the csv reader turns a lone carriage return into a newline)
    assert cell.startswith("'") and cell[1:].strip() == payload.strip()

    response = admin_client.get(export_url(open_consultation, survey, "xlsx"))
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet_rows = list(workbook["Responses"].iter_rows(values_only=True))
    cell = sheet_rows[1][sheet_rows[0].index(short.label)]
    assert cell.startswith("'") and cell[1:].strip() == payload.strip()


def test_plain_text_is_left_alone():
    assert neutralise("Safe text - with a dash") == "Safe text - with a dash"
    assert neutralise(None) == ""


def test_export_reads_responses_in_chunks_not_all_at_once(open_consultation, monkeypatch):
    """Rows come from a server-side iterator, so 100,000 responses never sit in memory."""
    from django.db.models.query import QuerySet

    survey = first_survey(open_consultation)
    SurveyResponse.objects.bulk_create(
        SurveyResponse(page=open_consultation, survey_id=survey.id, answers={}) for _ in range(25)
    )
    chunk_sizes = []
    original = QuerySet.iterator

    def recording_iterator(self, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", recording_iterator)
    rows = export_rows(open_consultation, survey)
    next(rows)  # the header looks for question ids in stored answers, in chunks too
    assert chunk_sizes == [2000]
    assert len(list(rows)) == 25
    assert chunk_sizes == [2000, 2000]


def test_the_filename_names_the_consultation(admin_client, open_consultation):
    survey = first_survey(open_consultation)
    response = admin_client.get(export_url(open_consultation, survey))
    assert f'filename="{open_consultation.slug}-responses-' in response["Content-Disposition"]
    assert admin_client.get(export_url(open_consultation, survey, "pdf")).status_code == 404


class TestStaffEnteredResponses:
    def url(self, page, survey):
        return reverse("consultation_blocks_add_response", args=[page.pk, survey.id])

    def test_a_paper_response_goes_through_the_same_checks(
        self, admin_client, open_consultation, admin_user
    ):
        survey = first_survey(open_consultation)
        form = admin_client.get(self.url(open_consultation, survey))
        assert form.status_code == 200
        assert "How did this response reach us?" in form.content.decode()

        data = valid_post(survey, channel="paper")
        postcode = question_of_kind(survey, "postcode")
        bad = admin_client.post(
            self.url(open_consultation, survey), {**data, f"q-{postcode.id}": "nope"}
        )
        assert bad.status_code == 400
        assert "Enter a real UK postcode" in bad.content.decode()
        assert SurveyResponse.objects.count() == 0

        good = admin_client.post(self.url(open_consultation, survey), data)
        assert good.status_code == 302
        stored = SurveyResponse.objects.get()
        assert (stored.channel, stored.entered_by) == ("paper", admin_user)
        assert stored.answers[postcode.id] == "SK13 8AX"

    def test_online_is_not_a_channel_staff_can_choose(self, admin_client, open_consultation):
        survey = first_survey(open_consultation)
        response = admin_client.post(
            self.url(open_consultation, survey), valid_post(survey, channel="online")
        )
        assert response.status_code == 400
        assert SurveyResponse.objects.count() == 0

    def test_paper_responses_arriving_after_closing_are_accepted(
        self, admin_client, open_consultation
    ):
        import datetime

        from django.utils import timezone

        survey = first_survey(open_consultation)
        open_consultation.closes_at = timezone.now() - datetime.timedelta(days=1)
        open_consultation.save()
        response = admin_client.post(
            self.url(open_consultation, survey), valid_post(survey, channel="phone")
        )
        assert response.status_code == 302
        assert SurveyResponse.objects.get().channel == "phone"

    def test_only_staff_with_rights_on_the_page(
        self, client_for, role_users, partner_a, make_consultation
    ):
        page = make_consultation(live=True, lead_partner=partner_a)
        survey = first_survey(page)
        data = valid_post(survey, channel="event")
        for role in ("anonymous", "resident", "moderator_b"):
            client_for(role_users[role]).post(self.url(page, survey), data)
        assert SurveyResponse.objects.count() == 0
        assert (
            client_for(role_users["moderator_a"]).post(self.url(page, survey), data).status_code
            == 302
        )
        assert SurveyResponse.objects.get().entered_by == role_users["moderator_a"]


def test_answers_to_questions_in_no_revision_keep_a_column(admin_client, open_consultation):
    survey = first_survey(open_consultation)
    SurveyResponse.objects.create(
        page=open_consultation,
        survey_id=survey.id,
        answers={"zz-gone": {"choices": ["a", "b"], "other": "=1+1"}, "yy-gone": "Kept"},
    )
    header, row = read_csv(admin_client.get(export_url(open_consultation, survey)))
    assert header[-2:] == ["Question since removed (yy-gone)", "Question since removed (zz-gone)"]
    assert row[-2:] == ["Kept", "a; b; =1+1"]
