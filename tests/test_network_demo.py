"""The demo's engagement network: the PEN Conference, Forum and Panel from the seeds,
a year of Forum meetings and its action log."""

from wagtail.models import Revision

from consultation_blocks.models import (
    Action,
    ActionUpdate,
    MeetingPage,
    NetworkBodyPage,
    NetworkIndexPage,
)
from home.demo.network import CORE_INVITE_LIST
from home.demo.seed import seed_demo


def test_demo_network_has_the_three_bodies_and_a_year_of_forum_meetings(client, seeded):
    index = NetworkIndexPage.objects.get()
    bodies = {body.title: body for body in NetworkBodyPage.objects.child_of(index).live()}
    assert set(bodies) == {"PEN Conference", "PEN Forum", "PEN Panel"}
    forum = bodies["PEN Forum"]
    assert forum.get_cadence_display() == "Three times a year"
    assert forum.invitees.count() == len(CORE_INVITE_LIST)
    assert {partner.slug for partner in forum.partners.all()} >= {"pen"}

    meetings = list(MeetingPage.objects.child_of(forum).live().order_by("starts_at"))
    assert len(meetings) == 3
    assert meetings[0].has_happened and not meetings[-1].has_happened
    states = set(Action.objects.filter(body=forum).values_list("state", flat=True))
    assert states == {"open", "done", "dropped"}
    # Every demo action is approved and published, with its history.
    actions = list(Action.objects.all())
    assert actions and all(
        action.live and action.live_revision_id and not action.has_unpublished_changes
        for action in actions
    )
    assert all(action.updates.exists() for action in actions)
    # Owners are roles at organisations, never people.
    assert all("," in owner for owner in Action.objects.values_list("owner_role", flat=True))

    html = client.get(index.url).content.decode()
    assert "PEN Forum" in html and meetings[-1].url in html
    upcoming = client.get(meetings[-1].url).content.decode()
    carried = upcoming.split('id="carried-forward-heading"')[1].split("<h2")[0]
    assert "Map seldom heard groups in Glossop" in carried and "Overdue" in carried
    assert "illustrative example" in upcoming  # the Forum's year is made up, and says so
    assert "Arrange an extra evening meeting" not in carried  # dropped earlier
    conference = client.get(bodies["PEN Conference"].url).content.decode()
    assert "launch of the engagement strategy" in conference


def _network_counts():
    return (
        MeetingPage.objects.count(),
        Action.objects.count(),
        Action.objects.filter(live=True).count(),
        ActionUpdate.objects.count(),
        Revision.objects.filter(object_id__in=[str(pk) for pk in Action.objects.values("pk")])
        .filter(content_type__model="action")
        .count(),
        NetworkBodyPage.objects.count(),
    )


def test_seeding_the_network_again_adds_nothing(seeded, demo_password):
    counts = _network_counts()
    report = seed_demo(password=demo_password)
    assert not [
        item
        for item in report.created
        if "meeting" in item or "network" in item or "action" in item
    ]
    assert _network_counts() == counts


def test_seeding_publishes_actions_of_an_older_demo_once(seeded, demo_password):
    """Actions of a demo seeded before actions were moderated have no approved version
    yet (the migration made them live): seeding again gives them one, once, and adds
    nothing to their history."""
    Action.objects.update(live_revision=None, latest_revision=None)
    Revision.objects.filter(content_type__model="action").delete()
    updates = ActionUpdate.objects.count()
    seed_demo(password=demo_password)
    assert all(action.live_revision_id for action in Action.objects.all())
    assert ActionUpdate.objects.count() == updates
    counts = _network_counts()
    seed_demo(password=demo_password)
    assert _network_counts() == counts
