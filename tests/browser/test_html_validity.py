"""The Nu HTML Checker finds no errors in the HTML of any public page type or state."""

import pytest

from .support import PUBLIC_PAGES, vnu_errors


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_public_pages_are_valid_html(client, seeded):
    documents = {}
    for public_page in PUBLIC_PAGES:
        if public_page.comment_errors:
            response = client.post(public_page.path + "comments/", {"body": ""})
            assert response.status_code == 400
        else:
            response = client.get(public_page.path)
            assert response.status_code in (200, 404)
        documents[public_page.name] = response.content.decode()

    assert vnu_errors(documents) == []
