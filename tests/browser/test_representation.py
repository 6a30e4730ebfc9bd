"""A coordinator sees which groups are under-represented in a consultation's responses,
against the census profile of the area it is about."""

import re

from playwright.sync_api import expect

from consultation_blocks.models import ConsultationPage, EqualityResponse, SurveyResponse
from consultation_blocks.surveys import surveys_in

from .support import BROWSER_TEST, axe_violations
from .test_journeys import sign_in

pytestmark = BROWSER_TEST


def respond(page, survey_id, count, **answers):
    for _ in range(count):
        SurveyResponse.objects.create(page=page, survey_id=survey_id, answers={})
        EqualityResponse.objects.create(page=page, survey_id=survey_id, answers=answers)


def test_a_coordinator_sees_who_is_under_represented(new_context, demo):
    consultation = ConsultationPage.objects.get(slug="how-should-we-engage-with-you")
    survey_id = surveys_in(consultation.body)[0].id
    respond(consultation, survey_id, 60, ethnicity="white", sex="female")
    respond(consultation, survey_id, 40, ethnicity="black", sex="male")
    respond(consultation, survey_id, 5, ethnicity="prefer_not", sex="prefer_not")
    respond(consultation, survey_id, 5)

    coordinator = new_context().new_page()
    sign_in(coordinator, "admin", demo.password)
    coordinator.get_by_role("link", name="Consultations", exact=True).first.click()
    coordinator.get_by_role(
        "link", name=re.compile("^Results for How should the partnership")
    ).click()
    coordinator.get_by_role("link", name=re.compile("^Who we heard from")).click()

    expect(coordinator.get_by_text("Compared with the census profile of Tameside.")).to_be_visible()
    flags = coordinator.get_by_role("region", name="Under-represented groups")
    expect(flags).to_contain_text("What is your ethnic group? Asian or Asian British")
    table = coordinator.get_by_role(
        "table", name=re.compile("^Respondents and census: What is your ethnic group")
    )
    expect(
        table.get_by_role("row", name=re.compile("^Asian or Asian British <5 Not shown"))
    ).to_be_visible()
    expect(
        coordinator.get_by_role("img", name=re.compile("^What is your ethnic group"))
    ).to_be_visible()
    assert axe_violations(coordinator.locator("main").page) == []
