"""Staff sign in to the Wagtail admin; partner and settings forms guard their data."""

import pytest
from django.urls import reverse

from consultation_blocks.models import Partner
from home.models import PartnershipSettings


@pytest.mark.parametrize("username", ["admin", "editor", "moderator"])
def test_each_demo_user_can_sign_in_to_the_admin(client, seeded, demo_password, username):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": demo_password},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["user"].username == username
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200


def test_wrong_password_is_refused(client, seeded):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "admin", "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_anonymous_visitors_are_sent_to_sign_in(client, seeded):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def partner_edit_url(partner):
    return reverse("wagtailsnippets_consultation_blocks_partner:edit", args=[partner.pk])


def partner_form(partner, members):
    return {
        "name": partner.name,
        "short_name": partner.short_name,
        "slug": partner.slug,
        "kind": partner.kind,
        "description": partner.description,
        "website": partner.website,
        "contact_email": partner.contact_email,
        "members": [member.pk for member in members],
    }


def test_a_partner_cannot_contain_itself_through_its_members(seeded, admin_client):
    council = Partner.objects.get(slug="tameside-council")
    commission = Partner.objects.get(slug="tameside-glossop-strategic-commission")
    # The commission already contains the council; the council may not contain the commission.
    response = admin_client.post(partner_edit_url(council), partner_form(council, [commission]))
    assert response.status_code == 200
    assert "member of itself" in response.content.decode()
    assert not council.members.exists()


def test_a_partner_cannot_be_its_own_member(seeded, admin_client):
    council = Partner.objects.get(slug="tameside-council")
    response = admin_client.post(partner_edit_url(council), partner_form(council, [council]))
    assert response.status_code == 200
    assert "cannot be a member of itself" in response.content.decode()


def test_partner_membership_can_be_saved(seeded, admin_client):
    board = Partner.objects.get(slug="stockport-partnership")
    council = Partner.objects.get(slug="stockport-council")
    response = admin_client.post(partner_edit_url(board), partner_form(board, [council]))
    assert response.status_code == 302
    assert list(board.members.all()) == [council]


def test_brand_colours_must_be_readable(db):
    settings = PartnershipSettings(brand_colour="#ffdd00", link_colour="#1a5c96")
    with pytest.raises(Exception) as error:
        settings.full_clean(exclude=["site"])
    assert "contrast" in str(error.value)


def test_readable_brand_colours_are_accepted(db):
    PartnershipSettings(brand_colour="#4c2c92", link_colour="#1a5c96").full_clean(exclude=["site"])


def admin_menu_urls(user):
    """Every entry of Wagtail's admin menu (and its submenus, such as Settings and
    Reports) as `user` sees it, so entries added later are covered too."""
    from django.test import RequestFactory
    from wagtail.admin.menu import SubmenuMenuItem, admin_menu

    request = RequestFactory().get(reverse("wagtailadmin_home"))
    request.user = user

    def walk(menu):
        for item in menu.menu_items_for_request(request):
            if isinstance(item, SubmenuMenuItem):
                yield from walk(item.menu)
            elif item.url.startswith("/"):
                yield item.url

    return sorted(set(walk(admin_menu)))


def test_every_admin_page_works_for_every_role_once_the_demo_outcome_is_overdue(
    client, seeded, monkeypatch, django_capture_on_commit_callbacks
):
    """The demo's consultations have no owner; about twelve weeks after loading, the
    one that closed last becomes overdue and the dashboard must still open."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    from tests.factories import UserFactory

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(weeks=13))

    users = get_user_model().objects
    admin = users.get(username="admin")
    urls = admin_menu_urls(admin)
    assert reverse("wagtailadmin_explore_root") in urls
    assert len(urls) > 5

    resident = UserFactory(username="resident")
    for user in [admin, users.get(username="editor"), users.get(username="moderator"), resident]:
        client.force_login(user)
        dashboard = client.get(reverse("wagtailadmin_home"))
        assert dashboard.status_code == (302 if user is resident else 200), user
        if user is not resident:
            assert "Outcomes overdue" in dashboard.content.decode()
            assert " team (" in dashboard.content.decode()
        for url in urls:
            status = client.get(url).status_code
            assert status in (200, 302, 403), (user.username, url, status)

    # The demo's editor and moderator form the lead partner's team, so they are the
    # ones reminded of the ownerless consultation; nobody else is.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_outcome_reminders")
    assert mail.outbox
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"editor@partnership.example", "moderator@partnership.example"}


@pytest.mark.parametrize(
    ("listing", "columns"),
    [
        (
            "wagtailsnippets_consultation_blocks_partner:list",
            ["name", "short_name", "kind", "featured"],
        ),
        ("wagtailsnippets_consultation_blocks_area:list", ["name", "kind"]),
    ],
)
def test_searched_listings_sort_by_every_column(seeded, admin_client, listing, columns):
    # Sorting search results by a field the search index cannot order by was a server
    # error; every column the listing offers must sort a search.
    for column in columns:
        for ordering in (column, f"-{column}"):
            response = admin_client.get(reverse(listing), {"q": "Tameside", "ordering": ordering})
            assert response.status_code == 200, ordering
            assert "Tameside" in response.content.decode()


def _shortcut_links(client):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = soup.select_one("#create-shortcuts-section")
    return (
        {a.get_text(" ", strip=True): a["href"] for a in panel.select("a.button")} if panel else {}
    )


def test_the_editor_dashboard_offers_to_create_a_consultation_and_a_strategy(client, seeded):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="editor"))
    links = _shortcut_links(client)
    assert set(links) == {"Create a consultation", "Create a strategy"}
    for label, url in links.items():
        form = client.get(url)
        assert form.status_code == 200, label
        assert b'name="title"' in form.content


def test_staff_who_may_not_add_pages_get_no_shortcuts(client, seeded):
    from django.contrib.auth.models import Group, Permission

    from tests.factories import UserFactory

    viewers = Group.objects.create(name="Viewers")
    viewers.permissions.add(Permission.objects.get(codename="access_admin"))
    viewer = UserFactory(username="viewer", groups=["Viewers"])
    client.force_login(viewer)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert _shortcut_links(client) == {}
