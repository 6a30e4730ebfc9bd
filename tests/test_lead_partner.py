"""Changing a consultation's lead partner, and publishing it, in every admin route.

Moderator A acts for Northshire Council (partner A), moderator B for Southvale NHS
Trust (partner B). Only someone who acts for a consultation's current lead partner
may hand it to another partner, so moderator B can never make one of A's
consultations theirs and then publish it. Everything goes through the admin's own
views and its page API, as the browser would.
"""

import datetime
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from consultation_blocks.models import ConsultationPage
from tests.factories import ConsultationIndexPageFactory
from tests.workflow_support import edit_url, form_data_for, refreshed

pytestmark = pytest.mark.django_db

REFUSED = (
    "Only someone who acts for Northshire Council, the current lead partner, can change "
    "the lead partner."
)


def latest_lead_partner(page):
    return refreshed(page).get_latest_revision_as_object().lead_partner


def lead_partner_errors(response):
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors.get("lead_partner", [])


def copy(client, page, *, parent, slug, **options):
    return client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {"new_title": slug.title(), "new_slug": slug, "new_parent_page": parent.pk, **options},
    )


def api_action(client, page, name, data=None):
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{name}/",
        json.dumps(data or {}),
        content_type="application/json",
    )


def bulk(client, action, page, data=None):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    return client.post(f"{url}?id={page.pk}", data or {})


@pytest.fixture
def second_index(home_page):
    return ConsultationIndexPageFactory(parent=home_page, title="Archive", slug="archive")


# The two ways in that were open ----------------------------------------------------


def test_a_draft_naming_another_lead_partner_is_refused_so_it_cannot_then_be_published(
    client_for, role_users, partner_a, partner_b, make_consultation
):
    """A page that has never been live: saving a draft used to overwrite the lead
    partner in its row, which the publish check then trusted."""
    page = make_consultation(lead_partner=partner_a, title="Northshire parks")
    client = client_for(role_users["moderator_b"])

    response = client.post(
        edit_url(page), form_data_for(page, lead_partner=partner_b, title="Southvale parks")
    )

    assert lead_partner_errors(response) == [REFUSED]
    page = refreshed(page)
    assert page.lead_partner == partner_a
    assert latest_lead_partner(page) == partner_a
    assert page.get_latest_revision_as_object().title == "Northshire parks"

    response = client.post(
        edit_url(page), form_data_for(page, lead_partner=partner_b, action="publish")
    )
    assert lead_partner_errors(response) == [REFUSED]
    # Asking to publish it as it is only saves a draft: it is still Northshire's.
    client.post(edit_url(page), form_data_for(page, action="publish"))
    page = refreshed(page)
    assert not page.live
    assert page.lead_partner == partner_a
    assert client_for(None).get("/consultations/" + page.slug + "/").status_code == 404


def test_a_copy_keeps_its_lead_partner_so_it_cannot_be_renamed_and_scheduled(
    client_for, role_users, partner_a, partner_b, make_consultation, consultation_index
):
    source = make_consultation(lead_partner=partner_a, live=True, title="Northshire parks")
    client = client_for(role_users["moderator_b"])

    response = copy(client, source, parent=consultation_index, slug="parks-copy")
    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="parks-copy")
    assert not page.live
    assert page.lead_partner == partner_a
    assert latest_lead_partner(page) == partner_a

    go_live = timezone.now() + datetime.timedelta(days=2)
    response = client.post(
        edit_url(page),
        form_data_for(page, lead_partner=partner_b, go_live_at=go_live, action="publish"),
    )

    assert lead_partner_errors(response) == [REFUSED]
    page = refreshed(page)
    assert page.lead_partner == partner_a
    assert latest_lead_partner(page) == partner_a
    assert page.scheduled_revision is None
    with mock.patch(
        "django.utils.timezone.now", return_value=go_live + datetime.timedelta(hours=1)
    ):
        call_command("publish_scheduled")
    assert not refreshed(page).live


# Who may change it ------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, changes",
    [
        ("moderator_a", True),
        ("administrator", True),
        ("moderator_b", False),
        ("comms_editor", False),
    ],
)
def test_only_someone_who_acts_for_the_lead_partner_changes_it(
    client_for, role_users, partner_a, partner_b, make_consultation, role, changes
):
    page = make_consultation(lead_partner=partner_a)

    response = client_for(role_users[role]).post(
        edit_url(page), form_data_for(page, lead_partner=partner_b)
    )

    if changes:
        assert response.status_code == 302
        assert refreshed(page).lead_partner == partner_b
        assert latest_lead_partner(page) == partner_b
    else:
        assert lead_partner_errors(response) == [REFUSED]
        assert refreshed(page).lead_partner == partner_a
        assert latest_lead_partner(page) == partner_a


def test_everyone_may_still_edit_without_changing_the_lead_partner_or_choose_one_first(
    client_for, role_users, partner_a, partner_b, make_consultation
):
    page = make_consultation(lead_partner=partner_a)
    client = client_for(role_users["moderator_b"])
    response = client.post(edit_url(page), form_data_for(page, title="Better title"))
    assert response.status_code == 302
    assert refreshed(page).get_latest_revision_as_object().title == "Better title"

    # A consultation without a lead partner can be given one by anyone who edits it.
    unled = make_consultation()
    response = client.post(edit_url(unled), form_data_for(unled, lead_partner=partner_b))
    assert response.status_code == 302
    assert refreshed(unled).lead_partner == partner_b


def test_once_the_lead_partner_hands_a_draft_over_the_new_partner_publishes_it(
    client_for, role_users, partner_a, partner_b, make_consultation
):
    page = make_consultation(lead_partner=partner_a)
    client_for(role_users["moderator_a"]).post(
        edit_url(page), form_data_for(page, lead_partner=partner_b)
    )

    client_for(role_users["moderator_b"]).post(
        edit_url(page), form_data_for(refreshed(page), action="publish")
    )

    page = refreshed(page)
    assert page.live
    assert page.lead_partner == partner_b


def test_a_live_consultation_handed_over_in_a_draft_still_needs_its_lead_partner_to_publish(
    client_for, role_users, partner_a, partner_b, make_consultation
):
    page = make_consultation(lead_partner=partner_a, live=True)
    client_for(role_users["moderator_a"]).post(
        edit_url(page), form_data_for(page, lead_partner=partner_b, title="Handed over")
    )
    assert latest_lead_partner(page) == partner_b
    assert refreshed(page).lead_partner == partner_a

    # Moderator B may work on the draft, but the live page is still Northshire's.
    client = client_for(role_users["moderator_b"])
    response = client.post(edit_url(page), form_data_for(refreshed(page), title="Taken on"))
    assert response.status_code == 302
    assert refreshed(page).get_latest_revision_as_object().title == "Taken on"
    client.post(edit_url(page), form_data_for(refreshed(page), action="publish"))
    page = refreshed(page)
    assert page.title != "Taken on"
    assert page.lead_partner == partner_a


# Reverting to a revision ------------------------------------------------------------


def test_reverting_to_a_revision_with_another_lead_partner_is_the_same_change(
    client_for, role_users, partner_a, partner_b, make_consultation
):
    page = make_consultation(lead_partner=partner_b, title="Once Southvale's")
    old_revision = page.get_latest_revision()
    client_for(role_users["moderator_b"]).post(
        edit_url(page), form_data_for(page, lead_partner=partner_a)
    )
    assert latest_lead_partner(page) == partner_a
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old_revision.pk])
    old = old_revision.as_object()

    # The revert screen is the editor filled in from the old revision.
    response = client_for(role_users["moderator_b"]).post(url, form_data_for(old, action="publish"))

    assert lead_partner_errors(response) == [REFUSED]
    page = refreshed(page)
    assert page.lead_partner == partner_a
    assert latest_lead_partner(page) == partner_a
    assert not page.live

    response = client_for(role_users["moderator_a"]).post(url, form_data_for(old))
    assert response.status_code == 302
    assert latest_lead_partner(page) == partner_b


# Copying ----------------------------------------------------------------------------


def test_publishing_copies_of_a_section_needs_the_lead_partners_of_its_live_consultations(
    client_for, role_users, partner_a, make_consultation, consultation_index, home_page
):
    make_consultation(lead_partner=partner_a, live=True, slug="northshire-parks")
    options = {"copy_subpages": "on", "publish_copies": "on"}

    response = copy(
        client_for(role_users["moderator_b"]),
        consultation_index,
        parent=home_page,
        slug="consultations-copy",
        **options,
    )

    assert response.status_code == 302
    assert not Page.objects.filter(slug="consultations-copy").exists()
    assert ConsultationPage.objects.filter(slug="northshire-parks").count() == 1

    # Without publishing them the copies are drafts, still led by Northshire.
    copy(
        client_for(role_users["moderator_b"]),
        consultation_index,
        parent=home_page,
        slug="consultations-copy",
        copy_subpages="on",
    )
    copied = ConsultationPage.objects.get(
        slug="northshire-parks", path__startswith=Page.objects.get(slug="consultations-copy").path
    )
    assert not copied.live
    assert copied.lead_partner == partner_a

    copy(
        client_for(role_users["moderator_a"]),
        consultation_index,
        parent=home_page,
        slug="consultations-live-copy",
        **options,
    )
    section = Page.objects.get(slug="consultations-live-copy")
    assert section.live
    assert section.get_children().get().live


def test_another_partners_moderator_cannot_make_an_alias(
    client_for, role_users, partner_a, make_consultation, second_index
):
    source = make_consultation(lead_partner=partner_a, live=True)

    response = copy(
        client_for(role_users["moderator_b"]),
        source,
        parent=second_index,
        slug=source.slug,
        alias="on",
    )

    assert response.status_code == 302
    assert not Page.objects.child_of(second_index).exists()


# Moving -----------------------------------------------------------------------------


def test_moving_a_live_consultation_needs_its_lead_partner(
    client_for, role_users, partner_a, make_consultation, consultation_index, second_index
):
    page = make_consultation(lead_partner=partner_a, live=True)
    url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, second_index.pk])

    response = client_for(role_users["moderator_b"]).post(url)
    assert response.status_code in (302, 403)
    assert refreshed(page).get_parent().pk == consultation_index.pk

    response = bulk(
        client_for(role_users["moderator_b"]), "move", page, {"chooser": second_index.pk}
    )
    assert response.status_code < 500
    assert refreshed(page).get_parent().pk == consultation_index.pk

    client_for(role_users["moderator_a"]).post(url)
    assert refreshed(page).get_parent().pk == second_index.pk


# Bulk actions -----------------------------------------------------------------------


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete"])
def test_bulk_actions_on_a_consultation_follow_its_lead_partner(
    client_for, role_users, partner_a, partner_b, make_consultation, action
):
    page = make_consultation(lead_partner=partner_a, live=action != "publish")
    # The refused hand-over changes nothing the bulk action could rely on.
    client = client_for(role_users["moderator_b"])
    client.post(edit_url(page), form_data_for(page, lead_partner=partner_b))

    response = bulk(client, action, page)

    assert response.status_code < 500
    assert ConsultationPage.objects.filter(pk=page.pk, live=action != "publish").exists()

    bulk(client_for(role_users["moderator_a"]), action, page)
    after = ConsultationPage.objects.filter(pk=page.pk).first()
    if action == "delete":
        assert after is None
    else:
        assert after.live is (action == "publish")


# The admin's page API ---------------------------------------------------------------


def test_the_page_api_does_not_copy_alias_or_revert_around_the_lead_partner(
    client_for, role_users, partner_a, partner_b, make_consultation, second_index
):
    page = make_consultation(lead_partner=partner_b, title="Once Southvale's")
    old_revision = page.get_latest_revision()
    client_for(role_users["moderator_b"]).post(
        edit_url(page), form_data_for(page, lead_partner=partner_a)
    )
    page = refreshed(page)
    page.save_revision().publish()
    client = client_for(role_users["moderator_b"])

    response = api_action(client, page, "copy", {"destination_page_id": second_index.pk})
    assert response.status_code == 403
    response = api_action(client, page, "create_alias", {"destination_page_id": second_index.pk})
    assert response.status_code == 403
    assert not Page.objects.child_of(second_index).exists()

    response = api_action(client, page, "revert_to_page_revision", {"revision_id": old_revision.pk})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert latest_lead_partner(page) == partner_a

    # Actions that publish, unpublish, move or delete already ask the page itself.
    for name, data in (
        ("unpublish", {}),
        ("move", {"destination_page_id": second_index.pk}),
        ("delete", {}),
    ):
        assert api_action(client, page, name, data).status_code == 403, name
    assert refreshed(page).live

    # A copy that is not kept live stays Northshire's draft.
    response = api_action(
        client, page, "copy", {"destination_page_id": second_index.pk, "keep_live": False}
    )
    assert response.status_code == 201
    copied = Page.objects.child_of(second_index).get().specific
    assert not copied.live
    assert copied.lead_partner == partner_a

    client = client_for(role_users["moderator_a"])
    response = api_action(client, page, "revert_to_page_revision", {"revision_id": old_revision.pk})
    assert response.status_code == 200
    assert latest_lead_partner(page) == partner_b
    response = api_action(
        client, page, "copy", {"destination_page_id": second_index.pk, "slug": "live-copy"}
    )
    assert response.status_code == 201
    assert Page.objects.get(slug="live-copy").live
