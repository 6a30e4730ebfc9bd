"""The moderation queue in the admin (wagtail-modeladmin): list, filters, search,
context, bulk decisions and counts. HTTP tests so an upgrade that breaks the package
fails here."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation_blocks.models import Comment, CommentReport, CommentState, HouseRule
from tests.factories import ConsultationPageFactory, PartnerFactory, comments_block

QUEUE = "/admin/consultation_blocks/comment/"


@pytest.fixture
def moderator(db):
    group = Group.objects.create(name="Queue moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_comment"),
        Permission.objects.get(codename="act_for_every_partner"),
    )
    user = get_user_model().objects.create_user("moderator-q", password="pw", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def pages(consultation_index):
    parks = PartnerFactory(name="Parks Trust", slug="parks")
    roads = PartnerFactory(name="Roads Agency", slug="roads")
    result = {}
    for title, partner in (("Parks plan", parks), ("Roads plan", roads)):
        page = ConsultationPageFactory(
            parent=consultation_index, title=title, lead_partner=partner, body=[comments_block()]
        )
        page.save_revision().publish()
        result[title] = page
    return result


@pytest.fixture
def queue(pages):
    parks, roads = pages["Parks plan"], pages["Roads plan"]
    items = {
        "swings": Comment.objects.create(
            page=parks, name="Ali", email="a@x.org", body="More swings please"
        ),
        "bins": Comment.objects.create(
            page=parks, name="Bo", email="b@x.org", body="Empty the bins", state="approved"
        ),
        "potholes": Comment.objects.create(
            page=roads, name="Cy", email="c@x.org", body="Fix the potholes"
        ),
    }
    CommentReport.objects.create(comment=items["bins"], reason="spam", reporter="r1")
    return items


def listed(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(
        row.select("td")[1].select("p")[-1].text.strip() for row in soup.select("tbody tr")
    )


def test_queue_lists_everything_with_state_and_reports(moderator_client, queue):
    response = moderator_client.get(QUEUE)
    assert response.status_code == 200
    assert listed(response) == ["Empty the bins", "Fix the potholes", "More swings please"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state__exact": "pending"}, ["Fix the potholes", "More swings please"]),
        ({"state__exact": "approved"}, ["Empty the bins"]),
        ({"reported": "yes"}, ["Empty the bins"]),
        ({"reported": "no"}, ["Fix the potholes", "More swings please"]),
        ({"q": "potholes"}, ["Fix the potholes"]),
    ],
)
def test_filters_and_search(moderator_client, queue, params, expected):
    assert listed(moderator_client.get(QUEUE, params)) == expected


def test_moderators_see_how_many_distinct_people_reported(moderator_client, queue):
    bins = queue["bins"]
    # Three more reports from one address (three browsers), on top of the fixture's
    # report made before addresses were kept.
    for n in range(3):
        CommentReport.objects.create(
            comment=bins, reason="offensive", reporter=f"browser-{n}", reporter_address="one"
        )
    soup = BeautifulSoup(moderator_client.get(QUEUE).content, "html.parser")
    headings = [th.text.strip() for th in soup.select("thead th")]
    row = next(tr for tr in soup.select("tbody tr") if "Empty the bins" in tr.text)
    cells = dict(zip(headings, (td.text.strip() for td in row.select("td")), strict=True))
    assert cells["Reports"] == "4"
    assert cells["Distinct reporters"] == "2"

    inspect = moderator_client.get(f"{QUEUE}inspect/{bins.pk}/").content.decode()
    assert "4 from 2 distinct reporters" in inspect


def rows_in_order(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [row.select("td")[1].select("p")[-1].text.strip() for row in soup.select("tbody tr")]


def test_the_queue_sorts_by_reports(moderator_client, queue):
    for n in range(2):
        CommentReport.objects.create(comment=queue["potholes"], reason="spam", reporter=f"p{n}")
    # Column 4 is "Reports"; "-" sorts from most to fewest.
    assert rows_in_order(moderator_client.get(QUEUE, {"o": "-4"})) == [
        "Fix the potholes",
        "Empty the bins",
        "More swings please",
    ]


def test_only_the_page_shown_is_read_whole(moderator_client, queue, pages):
    # More than a page of comments (50), each reported. The queue is sorted and cut to
    # the page shown by comment alone; the page's comments are then read with their
    # consultation and report counts, by id. Counting the queue and listing its
    # filters read no reports.
    for n in range(60):
        comment = Comment.objects.create(
            page=pages["Roads plan"], name="Di", email="d@x.org", body=f"Comment {n}"
        )
        CommentReport.objects.create(comment=comment, reason="spam", reporter=f"r{n}")
    with CaptureQueriesContext(connection) as captured:
        response = moderator_client.get(QUEUE)
    assert response.status_code == 200
    # Decided items sort before waiting ones (by state), then newest first.
    assert rows_in_order(response) == ["Empty the bins"] + [
        f"Comment {n}" for n in range(59, 10, -1)
    ]
    cutting = [query["sql"] for query in captured if "LIMIT 50" in query["sql"]]
    assert len(cutting) == 1
    assert "consultation_blocks_commentreport" not in cutting[0]
    assert "wagtailcore_page" not in cutting[0]
    reading_reports = [
        query["sql"] for query in captured if "consultation_blocks_commentreport" in query["sql"]
    ]
    assert len(reading_reports) == 1
    assert "wagtailcore_page" in reading_reports[0]
    assert "LIMIT" not in reading_reports[0]


def test_filter_by_consultation_and_partner(moderator_client, queue, pages):
    roads = pages["Roads plan"]
    assert listed(moderator_client.get(QUEUE, {"page__id__exact": roads.pk})) == [
        "Fix the potholes"
    ]
    partner = roads.lead_partner
    assert listed(moderator_client.get(QUEUE, {"page__lead_partner__id__exact": partner.pk})) == [
        "Fix the potholes"
    ]


def test_a_nul_character_in_the_search_box_is_refused_with_a_page(moderator_client, queue):
    # PostgreSQL cannot compare text holding NUL: this was a server error there.
    response = moderator_client.get(QUEUE, {"q": "pot\x00holes"})
    assert response.status_code == 400
    assert "contains a character we cannot accept" in response.content.decode()


def test_an_unknown_filter_shows_the_whole_queue_with_a_message(moderator_client, queue):
    response = moderator_client.get(QUEUE, {"0": "x"}, follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert listed(response) == ["Empty the bins", "Fix the potholes", "More swings please"]
    assert "That filter could not be used" in response.content.decode()


def test_inspect_shows_the_comment_in_context(moderator_client, queue):
    parent = queue["bins"]
    reply = Comment.objects.create(
        page=parent.page, parent=parent, name="Di", email="d@x.org", body="Agree about bins"
    )
    response = moderator_client.get(f"{QUEUE}inspect/{reply.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "In reply to Bo" in html and "Empty the bins" in html and "Parks plan" in html


def test_bulk_approve(moderator_client, queue, moderator):
    response = moderator_client.post(
        reverse("consultation_blocks_moderate"),
        {"action": "approve", "ids": [queue["swings"].pk, queue["potholes"].pk], "next": QUEUE},
    )
    assert response.status_code == 302
    assert set(Comment.objects.filter(state="approved").values_list("body", flat=True)) == {
        "More swings please",
        "Fix the potholes",
        "Empty the bins",
    }
    assert Comment.objects.get(pk=queue["swings"].pk).moderated_by == moderator


def test_bulk_reject_requires_a_rule(moderator_client, queue):
    url = reverse("consultation_blocks_moderate")
    moderator_client.post(url, {"action": "reject", "ids": [queue["swings"].pk]})
    assert Comment.objects.get(pk=queue["swings"].pk).state == CommentState.PENDING

    rule = HouseRule.objects.create(title="Keep it on topic", explanation="About this plan.")
    moderator_client.post(url, {"action": "reject", "ids": [queue["swings"].pk], "rule": rule.pk})
    rejected = Comment.objects.get(pk=queue["swings"].pk)
    assert rejected.state == CommentState.REJECTED
    assert rejected.broken_rule == rule


def test_bulk_spam_and_bad_input(moderator_client, queue):
    url = reverse("consultation_blocks_moderate")
    moderator_client.post(url, {"action": "spam", "ids": [queue["potholes"].pk, "abc", "-1"]})
    assert Comment.objects.get(pk=queue["potholes"].pk).state == CommentState.SPAM
    for data in ({"action": "delete-all", "ids": [queue["swings"].pk]}, {"action": "approve"}):
        response = moderator_client.post(url, data)
        assert response.status_code == 302
    assert Comment.objects.get(pk=queue["swings"].pk).state == CommentState.PENDING


def test_open_redirects_are_refused(moderator_client, queue):
    response = moderator_client.post(
        reverse("consultation_blocks_moderate"),
        {"action": "approve", "ids": [queue["swings"].pk], "next": "https://evil.example/"},
    )
    assert response["Location"] == QUEUE


def test_people_without_the_permission_are_refused(client, queue, django_user_model):
    editor = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(QUEUE).status_code in (302, 403)
    response = client.post(
        reverse("consultation_blocks_moderate"), {"action": "approve", "ids": [queue["swings"].pk]}
    )
    # Wagtail turns a refusal in the admin into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Comment.objects.get(pk=queue["swings"].pk).state == CommentState.PENDING


def test_anonymous_visitors_go_to_sign_in(client, queue):
    assert client.get(QUEUE).status_code == 302
    response = client.post(reverse("consultation_blocks_moderate"), {"action": "approve"})
    assert response.status_code in (302, 403)


def test_nobody_edits_or_creates_comments_in_the_admin(moderator_client, queue):
    for url in (f"{QUEUE}create/", f"{QUEUE}edit/{queue['swings'].pk}/"):
        response = moderator_client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_pending_count_in_menu_and_dashboard(moderator_client, queue):
    dashboard = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moderation (2)" in dashboard
    assert "2 items from residents are waiting for a moderator." in dashboard


def test_moderators_see_only_their_partners_consultations(client, queue, pages, django_user_model):
    from consultation_blocks.models import PartnerTeamMember

    moderator = django_user_model.objects.create_user("parks-moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    parks = pages["Parks plan"].lead_partner
    PartnerTeamMember.objects.create(user=moderator, partner=parks)
    orphan_page = ConsultationPageFactory(
        parent=pages["Parks plan"].get_parent(), title="Unled plan", body=[comments_block()]
    )
    orphan_page.save_revision().publish()
    Comment.objects.create(page=orphan_page, name="E", email="e@x.org", body="Nobody leads this")

    client.force_login(moderator)
    assert listed(client.get(QUEUE)) == [
        "Empty the bins",
        "More swings please",
        "Nobody leads this",
    ]

    # A decision on an item outside their partners is ignored.
    client.post(
        reverse("consultation_blocks_moderate"),
        {"action": "approve", "ids": [queue["potholes"].pk, queue["swings"].pk]},
    )
    assert Comment.objects.get(pk=queue["potholes"].pk).state == CommentState.PENDING
    assert Comment.objects.get(pk=queue["swings"].pk).state == CommentState.APPROVED
    assert client.get(f"{QUEUE}inspect/{queue['potholes'].pk}/")["Location"] == "/admin/"


def test_administrators_see_every_partners_items(client, queue, django_user_model):
    admin_user = django_user_model.objects.create_user("boss", is_staff=True)
    admin_user.groups.add(Group.objects.get(name="Administrators"))
    client.force_login(admin_user)
    assert listed(client.get(QUEUE)) == ["Empty the bins", "Fix the potholes", "More swings please"]


def test_the_moderators_group_can_work_the_queue(client, queue, django_user_model):
    person = django_user_model.objects.create_user("mod-group", is_staff=True)
    person.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(person)
    assert client.get(QUEUE).status_code == 200


def test_comms_editors_cannot_work_the_queue(client, queue, django_user_model):
    person = django_user_model.objects.create_user("editor-group", is_staff=True)
    person.groups.add(Group.objects.get(name="Comms editors"))
    client.force_login(person)
    assert client.get(QUEUE)["Location"] == "/admin/"


def test_the_queue_has_one_name_and_opens_on_what_waits(moderator_client, queue):
    dashboard = BeautifulSoup(
        moderator_client.get(reverse("wagtailadmin_home")).content, "html.parser"
    )
    sidebar = dashboard.select_one("#wagtail-sidebar-props")
    assert f"{QUEUE}?state__exact=pending" in sidebar.text
    page = BeautifulSoup(
        moderator_client.get(QUEUE, {"state__exact": "pending"}).content, "html.parser"
    )
    assert page.select_one("h1").get_text(" ", strip=True).startswith("Moderation")
    assert "2 waiting" in page.select_one("header").get_text(" ", strip=True)
    assert "Comments" not in page.select_one("h1").text


@pytest.mark.parametrize(
    ("action", "message"),
    [("approve", "Approved 2 items."), ("spam", "Marked as spam 2 items.")],
)
def test_a_bulk_decision_says_what_was_done(moderator_client, queue, action, message):
    response = moderator_client.post(
        reverse("consultation_blocks_moderate"),
        {"action": action, "ids": [queue["swings"].pk, queue["potholes"].pk], "next": QUEUE},
        follow=True,
    )
    assert message in response.content.decode()


def test_a_decision_that_changes_nothing_says_so(moderator_client, queue):
    response = moderator_client.post(
        reverse("consultation_blocks_moderate"),
        {"action": "approve", "ids": [queue["bins"].pk + 1000], "next": QUEUE},
        follow=True,
    )
    assert (
        "Nothing changed: none of the selected items is in your queue." in response.content.decode()
    )


def _report_titles(client):
    soup = BeautifulSoup(client.get(reverse("consultation_blocks_report")).content, "html.parser")
    return sorted(row.select("td a")[0].text.strip() for row in soup.select("tbody tr"))


def _queue_pages(client):
    """The consultations whose residents' comments a user finds in the queue."""
    soup = BeautifulSoup(client.get(QUEUE).content, "html.parser")
    return sorted({row.select("td")[3].select_one("a").text for row in soup.select("tbody tr")})


def _results_open_for(client, pages):
    """The consultations whose results a user may open. These have no survey, so the
    results page says so; a refusal sends the user back to the dashboard."""
    opened = []
    for page in pages:
        response = client.get(reverse("consultation_blocks_consultation_results", args=[page.pk]))
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            opened.append(page.title)
    return sorted(opened)


@pytest.fixture
def three_sides(queue, pages):
    """Comments on a consultation of each partner and on one that no partner leads."""
    unled = ConsultationPageFactory(
        parent=pages["Parks plan"].get_parent(), title="Unled plan", body=[comments_block()]
    )
    unled.save_revision().publish()
    Comment.objects.create(page=unled, name="E", email="e@x.org", body="Nobody leads this")
    return [pages["Parks plan"], pages["Roads plan"], unled]


def test_staff_see_the_same_partners_in_the_queue_and_in_results(
    client, three_sides, pages, django_user_model
):
    from consultation_blocks.models import PartnerTeamMember

    # Partner A's staff: a moderator (queue) who also edits pages (results).
    staff = django_user_model.objects.create_user("parks-staff", is_staff=True)
    staff.groups.add(Group.objects.get(name="Moderators"))
    PartnerTeamMember.objects.create(user=staff, partner=pages["Parks plan"].lead_partner)
    client.force_login(staff)

    expected = ["Parks plan", "Unled plan"]
    assert _queue_pages(client) == expected
    assert _report_titles(client) == expected
    assert _results_open_for(client, three_sides) == expected
    # The queue's filters name no other partner's consultation either.
    assert "Roads plan" not in client.get(QUEUE).content.decode()


def test_a_superuser_sees_every_partner_in_the_queue_and_in_results(
    client, three_sides, django_user_model
):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(superuser)

    everything = ["Parks plan", "Roads plan", "Unled plan"]
    assert _queue_pages(client) == everything
    assert _report_titles(client) == everything
    assert _results_open_for(client, three_sides) == everything
