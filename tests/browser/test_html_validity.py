"""The Nu HTML Checker finds no errors in the HTML of any public page type or state."""

import pytest

from consultation_blocks.models import ConsultationPage
from consultation_blocks.surveys import surveys_in
from tests.public_forms import with_guard
from tests.survey_support import walk_survey_steps

from .support import PUBLIC_PAGES, path_of, vnu_errors


def survey_url(path):
    page = ConsultationPage.objects.get(
        url_path__endswith=path.rstrip("/").rsplit("/", 1)[-1] + "/"
    )
    return path + f"respond/{surveys_in(page.body)[0].id}/"


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_public_pages_are_valid_html(client, seeded):
    documents = {}
    for public_page in PUBLIC_PAGES:
        if public_page.comment_errors:
            response = client.post(public_page.path + "comments/", with_guard({"body": ""}))
            assert response.status_code == 400
            assert "There is a problem" in response.content.decode()
        elif public_page.survey_errors:
            response = client.post(survey_url(public_page.path), with_guard({}))
            assert response.status_code == 400
            assert "govuk-error-summary" in response.content.decode()
        elif public_page.press:
            response = client.post(path_of(public_page), {})
            assert response.status_code == 200, public_page.name
        elif public_page.form_errors:
            response = client.post(path_of(public_page), with_guard({}))
            assert response.status_code == 400, public_page.name
            assert "govuk-error-summary" in response.content.decode()
        elif public_page.format_request_errors:
            response = client.post(public_page.path, with_guard({}))
            assert response.status_code == 400
            assert "There is a problem" in response.content.decode()
        elif public_page.survey_step:
            consultation = ConsultationPage.objects.get(
                url_path__endswith=public_page.path.rstrip("/").rsplit("/", 1)[-1] + "/"
            )
            response = walk_survey_steps(
                client, consultation, to=2 if public_page.survey_step == "step" else "check"
            )
            assert response.status_code == 200
        else:
            response = client.get(path_of(public_page))
            assert response.status_code in (200, 400, 403, 404)
        documents[public_page.name] = response.content.decode()

    assert vnu_errors(documents) == []
