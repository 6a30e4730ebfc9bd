"""The results and export views: fixed query counts, escaping of resident text, the
403 on export, and the Results button in the page editor."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EqualityResponseFactory, SurveyResponseFactory
from tests.survey_support import first_survey, question_of_kind

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def survey(open_consultation):
    return first_survey(open_consultation)


def results_url(page, survey):
    return reverse("consultation_blocks_results", args=[page.pk, survey.id])


def export_url(page, survey, file_format="csv"):
    return reverse("consultation_blocks_export", args=[page.pk, survey.id, file_format])


def add_responses(page, survey, count):
    long_text = question_of_kind(survey, "long_text")
    multiple = question_of_kind(survey, "multiple_choice")
    for n in range(count):
        SurveyResponseFactory(
            page=page,
            answers={
                long_text.id: f"Answer {n}",
                multiple.id: {"choices": [multiple.options[0][0]], "other": ""},
            },
        )
        EqualityResponseFactory(page=page, answers={"age": "16_24"})


def queries_for(fetch):
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured.captured_queries)


def test_results_page_takes_the_same_queries_for_3_or_30_responses(
    admin_client, open_consultation, survey, django_assert_num_queries
):
    url = results_url(open_consultation, survey)
    admin_client.get(url)  # warm per-process caches (site, settings)
    add_responses(open_consultation, survey, 3)
    few = queries_for(lambda: admin_client.get(url))
    add_responses(open_consultation, survey, 27)
    with django_assert_num_queries(few):
        response = admin_client.get(url)
    assert "30 responses" in response.content.decode()


def test_export_takes_the_same_queries_for_3_or_30_responses(
    admin_client, open_consultation, survey, django_assert_num_queries
):
    url = export_url(open_consultation, survey)

    def download():
        return b"".join(admin_client.get(url).streaming_content).decode("utf-8-sig")

    download()
    add_responses(open_consultation, survey, 3)
    few = queries_for(download)
    add_responses(open_consultation, survey, 27)
    with django_assert_num_queries(few):
        text = download()
    assert len(text.strip().splitlines()) == 31  # the header and one row per response


def test_resident_text_and_the_search_box_are_escaped(admin_client, open_consultation, survey):
    long_text = question_of_kind(survey, "long_text")
    short_text = question_of_kind(survey, "short_text")
    SurveyResponseFactory(
        page=open_consultation, answers={long_text.id: HOSTILE, short_text.id: HOSTILE}
    )
    url = results_url(open_consultation, survey)

    for query in (
        f"?question={long_text.id}",
        f"?question={short_text.id}",
        f"?question={long_text.id}&q=%3Cscript%3E",
    ):
        html = admin_client.get(url + query).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_export_refuses_staff_without_rights_with_403_and_sends_visitors_to_sign_in(
    client_for, role_users, partner_a, make_consultation
):
    page = make_consultation(live=True, lead_partner=partner_a)
    url = export_url(page, first_survey(page))

    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert client_for(role_users["moderator_b"]).get(url).status_code == 403
    assert (
        client_for(role_users["moderator_b"]).get(url.replace(".csv", ".xlsx")).status_code == 403
    )
    assert client_for(role_users["moderator_a"]).get(url).status_code == 200


def test_the_page_editor_offers_results_only_to_those_who_may_see_them(
    client_for, role_users, partner_a, make_consultation
):
    page = make_consultation(live=True, lead_partner=partner_a)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    link = reverse("consultation_blocks_consultation_results", args=[page.pk])

    assert link in client_for(role_users["administrator"]).get(edit).content.decode()
    assert link in client_for(role_users["moderator_a"]).get(edit).content.decode()
    refused = client_for(role_users["moderator_b"]).get(edit)
    assert link not in refused.content.decode()


def test_the_consultations_report_links_to_both_exports(admin_client, open_consultation, survey):
    html = admin_client.get(reverse("consultation_blocks_report")).content.decode()
    assert export_url(open_consultation, survey) in html
    assert export_url(open_consultation, survey, "xlsx") in html


def _report_rows(client, **params):
    soup = BeautifulSoup(
        client.get(reverse("consultation_blocks_report"), params).content, "html.parser"
    )
    return {
        row.select_one("td a").text: row.select("td")[3].get_text(" ", strip=True)
        for row in soup.select("table.listing tbody tr")
    }


def test_the_report_checks_formal_consultations_only(admin_client, consultation_index):
    from tests.factories import ConsultationPageFactory

    formal = ConsultationPageFactory(parent=consultation_index, title="Bus routes")
    ongoing = ConsultationPageFactory(
        parent=consultation_index, title="Neighbourhood chat", kind="engagement", closes_at=None
    )
    for page in (formal, ongoing):
        page.save_revision().publish()
    rows = _report_rows(admin_client)
    assert rows["Neighbourhood chat"] == "Does not apply: ongoing engagement"
    passed, _, total = rows["Bus routes"].split()[:3]
    assert (int(passed) <= 8, total) == (True, "8")
    assert "What is missing" not in rows["Neighbourhood chat"]


def test_the_report_filters_by_level_and_ignores_an_unknown_one(admin_client, consultation_index):
    from tests.factories import ConsultationPageFactory

    for title, level in (("Health strategy", "strategic"), ("Park benches", "neighbourhood")):
        ConsultationPageFactory(
            parent=consultation_index, title=title, level=level
        ).save_revision().publish()
    assert set(_report_rows(admin_client, level="neighbourhood")) == {"Park benches"}
    assert set(_report_rows(admin_client, level="strategic")) == {"Health strategy"}
    assert set(_report_rows(admin_client, level="<b>sideways</b>")) == {
        "Health strategy",
        "Park benches",
    }
    response = admin_client.get(reverse("consultation_blocks_report"), {"level": "thematic"})
    assert "No consultations at this level" in response.content.decode()


@pytest.mark.parametrize("role", ["administrator", "moderator_a"])
def test_the_consultations_report_queries_do_not_grow_with_consultations(
    client_for, role_users, partner_a, make_consultation, django_assert_num_queries, role
):
    client = client_for(role_users[role])
    url = reverse("consultation_blocks_report")
    make_consultation(live=True, lead_partner=partner_a)
    client.get(url)
    one = queries_for(lambda: client.get(url))
    for _ in range(4):
        make_consultation(live=True, lead_partner=partner_a)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.content.decode().count("/results/") >= 5


def test_a_nul_character_in_the_answer_search_is_refused_with_a_page(
    admin_client, open_consultation, survey
):
    # PostgreSQL cannot compare text holding NUL: this was a server error there.
    add_responses(open_consultation, survey, 1)
    response = admin_client.get(results_url(open_consultation, survey), {"q": "Answer\x00"})
    assert response.status_code == 400
    assert "contains a character we cannot accept" in response.content.decode()


def test_results_bars_are_drawn_without_style_attributes(admin_client, open_consultation, survey):
    add_responses(open_consultation, survey, 2)
    html = admin_client.get(results_url(open_consultation, survey)).content.decode()
    soup = BeautifulSoup(html, "html.parser")

    bars = soup.select("main .cb-results__bar rect")
    # The multiple-choice question's first option was chosen by both respondents.
    assert "100%" in [bar["width"] for bar in bars]
    assert soup.select("main [style]") == []


def test_the_admin_screens_carry_the_plugins_stylesheet(admin_client, open_consultation, survey):
    # The results, the report, the queue and the staff entry form are styled from one
    # stylesheet, loaded on every admin page.
    for url in (
        results_url(open_consultation, survey),
        reverse("consultation_blocks_report"),
        reverse("consultation_blocks_add_response", args=[open_consultation.pk, survey.id]),
    ):
        html = admin_client.get(url).content.decode()
        assert "consultation_blocks/css/admin.css" in html, url
    entry = admin_client.get(
        reverse("consultation_blocks_add_response", args=[open_consultation.pk, survey.id])
    )
    assert BeautifulSoup(entry.content, "html.parser").select_one(".cb-staff-entry form")
