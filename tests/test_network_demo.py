"""The demo's engagement network: the PEN Conference, Forum and Panel from the seeds,
a year of Forum meetings and its action log."""

from consultation_blocks.models import Action, MeetingPage, NetworkBodyPage, NetworkIndexPage
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
    # Owners are roles at organisations, never people.
    assert all("," in owner for owner in Action.objects.values_list("owner_role", flat=True))

    html = client.get(index.url).content.decode()
    assert "PEN Forum" in html and meetings[-1].url in html
    upcoming = client.get(meetings[-1].url).content.decode()
    carried = upcoming.split('id="carried-forward-heading"')[1].split("<h2")[0]
    assert "Map seldom heard groups in Glossop" in carried and "Overdue" in carried
    assert "Arrange an extra evening meeting" not in carried  # dropped earlier
    conference = client.get(bodies["PEN Conference"].url).content.decode()
    assert "launch of the engagement strategy" in conference


def test_seeding_the_network_again_adds_nothing(seeded, demo_password):
    counts = (MeetingPage.objects.count(), Action.objects.count(), NetworkBodyPage.objects.count())
    report = seed_demo(password=demo_password)
    assert not [item for item in report.created if "meeting" in item or "network" in item]
    assert (
        MeetingPage.objects.count(),
        Action.objects.count(),
        NetworkBodyPage.objects.count(),
    ) == counts
