"""Planning engagement activities in the admin: who may plan and change what, the date
rules, and the clash warning, all through the real snippet views."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.models import EngagementActivity
from tests.activities_support import ActivityFactory, activity_form_data
from tests.factories import AreaFactory, PartnerFactory, UserFactory

ADD_URL = reverse("wagtailsnippets_consultation_blocks_engagementactivity:add")


def edit_url(activity):
    return reverse(
        "wagtailsnippets_consultation_blocks_engagementactivity:edit", args=[activity.pk]
    )


def delete_url(activity):
    return reverse(
        "wagtailsnippets_consultation_blocks_engagementactivity:delete", args=[activity.pk]
    )


def assert_refused(response):
    # Wagtail's admin answers a refused permission by sending the person to the dashboard.
    assert (response.status_code, response.get("Location")) == (302, reverse("wagtailadmin_home"))


@pytest.fixture
def next_month():
    start = timezone.localdate() + datetime.timedelta(days=35)
    return start, start + datetime.timedelta(days=2)


@pytest.fixture
def editor_a(partner_a):
    return UserFactory(username="editor_a", groups=["Comms editors"], partners=[partner_a])


@pytest.fixture
def editor_b(partner_b):
    return UserFactory(username="editor_b", groups=["Comms editors"], partners=[partner_b])


@pytest.mark.django_db
class TestPlanning:
    def test_an_editor_plans_an_activity_for_their_partner(
        self, client, editor_a, partner_a, partner_b, next_month
    ):
        client.force_login(editor_a)
        glossop = AreaFactory(name="Glossop", slug="glossop")
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=next_month[0],
            ends_on=next_month[1],
            partners=[str(partner_b.pk)],
            areas=[str(glossop.pk)],
            tags="carers, health",
            audience_groups=["carers", "older_people"],
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        activity = EngagementActivity.objects.get()
        assert activity.lead_partner == partner_a
        assert list(activity.partners.all()) == [partner_b]
        assert list(activity.areas.all()) == [glossop]
        assert sorted(tag.name for tag in activity.tags.all()) == ["carers", "health"]
        assert activity.audience_groups == ["carers", "older_people"]
        # Saved as a draft: residents see it once a moderator approves it.
        assert activity.live is False

    def test_an_editor_cannot_plan_for_another_partner(
        self, client, editor_a, partner_b, next_month
    ):
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_b, starts_on=next_month[0], ends_on=next_month[1]
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not EngagementActivity.objects.exists()

    def test_the_lead_partner_list_offers_only_the_editors_partners(
        self, client, editor_a, partner_a, partner_b
    ):
        client.force_login(editor_a)
        form = client.get(ADD_URL).context["form"]
        assert list(form.fields["lead_partner"].queryset) == [partner_a]

    @pytest.mark.parametrize(
        ("start_offset", "end_offset", "message"),
        [
            (10, 5, "The end date must be on or after the start date."),
            (10, 10 + 800, "An activity can last two years at most"),
        ],
    )
    def test_dates_must_make_sense(
        self, client, editor_a, partner_a, start_offset, end_offset, message
    ):
        client.force_login(editor_a)
        today = timezone.localdate()
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=today + datetime.timedelta(days=start_offset),
            ends_on=today + datetime.timedelta(days=end_offset),
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not EngagementActivity.objects.exists()

    def test_a_date_far_outside_the_plan_is_refused(self, client, editor_a, partner_a):
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=datetime.date(1900, 1, 1),
            ends_on=datetime.date(1900, 1, 2),
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Enter a date between 2000 and" in response.content.decode()
        assert not EngagementActivity.objects.exists()

    def test_an_audience_is_required_to_submit_it(self, client, editor_a, partner_a, next_month):
        # A draft may be unfinished, as a page's may; submitting it for approval may not.
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=next_month[0],
            ends_on=next_month[1],
            audience_groups=None,
            **{"action-submit": "action-submit"},
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert response.context["form"].errors["audience_groups"]
        assert not EngagementActivity.objects.exists()


@pytest.mark.django_db
class TestPartnerScope:
    def test_another_partners_editor_cannot_open_or_change_an_activity(
        self, client, editor_b, partner_a, next_month
    ):
        activity = ActivityFactory(lead_partner=partner_a, title="Northshire survey")
        client.force_login(editor_b)
        assert_refused(client.get(edit_url(activity)))
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=next_month[0],
            ends_on=next_month[1],
            title="Taken over",
        )
        assert_refused(client.post(edit_url(activity), data))
        activity.refresh_from_db()
        assert activity.title == "Northshire survey"

    def test_naming_their_own_partner_as_lead_does_not_let_them_in(
        self, client, editor_b, partner_a, partner_b, next_month
    ):
        # The rule reads the stored lead partner, not the one in the form they send.
        activity = ActivityFactory(lead_partner=partner_a, title="Northshire survey")
        client.force_login(editor_b)
        data = activity_form_data(
            lead_partner=partner_b,
            starts_on=next_month[0],
            ends_on=next_month[1],
            title="Taken over",
        )
        assert_refused(client.post(edit_url(activity), data))
        activity.refresh_from_db()
        assert (activity.title, activity.lead_partner) == ("Northshire survey", partner_a)

    def test_another_partners_editor_cannot_delete(self, client, editor_b, partner_a):
        activity = ActivityFactory(lead_partner=partner_a)
        client.force_login(editor_b)
        assert_refused(client.get(delete_url(activity)))
        assert_refused(client.post(delete_url(activity)))
        assert EngagementActivity.objects.filter(pk=activity.pk).exists()

    def test_the_lead_partners_editor_changes_it(self, client, editor_a, partner_a, next_month):
        activity = ActivityFactory(lead_partner=partner_a)
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=next_month[0],
            ends_on=next_month[1],
            title="Renamed",
        )
        response = client.post(edit_url(activity), data)
        assert response.status_code == 302
        # A live activity keeps what residents see until the change is approved.
        activity.refresh_from_db()
        assert activity.get_latest_revision_as_object().title == "Renamed"
        assert activity.live and activity.has_unpublished_changes
        assert activity.title != "Renamed"

    def test_an_administrator_changes_any_partners_activity(
        self, client, role_users, partner_b, next_month
    ):
        activity = ActivityFactory(lead_partner=partner_b)
        client.force_login(role_users["administrator"])
        data = activity_form_data(
            lead_partner=partner_b,
            starts_on=next_month[0],
            ends_on=next_month[1],
            title="Fixed by an administrator",
            **{"action-publish": "action-publish"},
        )
        assert client.post(edit_url(activity), data).status_code == 302
        activity.refresh_from_db()
        assert activity.title == "Fixed by an administrator"

    def test_a_resident_account_cannot_reach_the_screens(self, client, role_users):
        client.force_login(role_users["resident"])
        response = client.get(ADD_URL)
        assert response.status_code in (302, 403)
        assert not EngagementActivity.objects.exists()

    def test_staff_see_every_partners_activities_in_the_listing(self, client, editor_b, partner_a):
        ActivityFactory(lead_partner=partner_a, title="Northshire survey", live=False)
        client.force_login(editor_b)
        response = client.get(
            reverse("wagtailsnippets_consultation_blocks_engagementactivity:list")
        )
        assert response.status_code == 200
        assert "Northshire survey" in response.content.decode()


@pytest.mark.django_db
class TestClashWarning:
    """A plan that meets another partner's on topic or area, for the same audience, in
    the same weeks, is held back once so the editor sees who to talk to."""

    @pytest.fixture
    def other_partners_plan(self, partner_b, next_month):
        return ActivityFactory(
            lead_partner=partner_b,
            title="Southvale carers' survey",
            contact_role="Patient experience team",
            starts_on=next_month[0] + datetime.timedelta(days=1),
            ends_on=next_month[0] + datetime.timedelta(days=20),
            audience_groups=["carers"],
            tags=["carers"],
            live=False,
        )

    def test_the_editor_sees_the_clash_and_who_to_talk_to(
        self, client, editor_a, partner_a, other_partners_plan, next_month
    ):
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a, starts_on=next_month[0], ends_on=next_month[1], tags="carers"
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Southvale carers&#x27; survey" in html or "Southvale carers' survey" in html
        assert "Southvale NHS Trust" in html
        assert "Patient experience team" in html
        assert not EngagementActivity.objects.filter(lead_partner=partner_a).exists()
        # Nothing typed is lost: the form comes back with the editor's values.
        assert response.context["form"]["title"].value() == "Carers' drop-in"

        data["clashes_checked"] = "on"
        assert client.post(ADD_URL, data).status_code == 302
        assert EngagementActivity.objects.filter(lead_partner=partner_a).count() == 1

    def test_a_shared_area_clashes_too_counting_a_town_within_its_authority(
        self, client, editor_a, partner_a, partner_b, next_month
    ):
        tameside = AreaFactory(name="Tameside", slug="tameside")
        hyde = AreaFactory(name="Hyde", slug="hyde", kind="town", parent=tameside)
        ActivityFactory(
            lead_partner=partner_b,
            title="Tameside-wide carers' panel",
            starts_on=next_month[0],
            ends_on=next_month[1],
            audience_groups=["carers"],
            areas=[tameside],
        )
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=next_month[0],
            ends_on=next_month[1],
            areas=[str(hyde.pk)],
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Tameside-wide carers" in response.content.decode()
        assert not EngagementActivity.objects.filter(lead_partner=partner_a).exists()

    @pytest.mark.parametrize(
        "change",
        [
            {"audience_groups": ["young_people"]},  # another audience
            {"tags": "transport"},  # another topic, no shared area
        ],
    )
    def test_no_clash_without_a_shared_audience_and_subject(
        self, client, editor_a, partner_a, other_partners_plan, next_month, change
    ):
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a, starts_on=next_month[0], ends_on=next_month[1], tags="carers"
        )
        data.update(change)
        assert client.post(ADD_URL, data).status_code == 302

    def test_no_clash_in_other_weeks(self, client, editor_a, partner_a, other_partners_plan):
        client.force_login(editor_a)
        later = other_partners_plan.ends_on + datetime.timedelta(days=14)
        data = activity_form_data(
            lead_partner=partner_a, starts_on=later, ends_on=later, tags="carers"
        )
        assert client.post(ADD_URL, data).status_code == 302

    def test_same_week_counts_even_without_overlapping_days(
        self, client, editor_a, partner_a, partner_b
    ):
        # Monday to Tuesday against Thursday to Friday of one week.
        monday = timezone.localdate() + datetime.timedelta(days=42)
        monday -= datetime.timedelta(days=monday.weekday())
        ActivityFactory(
            lead_partner=partner_b,
            title="Thursday focus group",
            starts_on=monday + datetime.timedelta(days=3),
            ends_on=monday + datetime.timedelta(days=4),
            audience_groups=["carers"],
            tags=["carers"],
        )
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=monday,
            ends_on=monday + datetime.timedelta(days=1),
            tags="carers",
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Thursday focus group" in response.content.decode()

    def test_the_same_partners_own_plans_are_not_a_clash(
        self, client, editor_a, partner_a, next_month
    ):
        ActivityFactory(
            lead_partner=partner_a,
            starts_on=next_month[0],
            ends_on=next_month[1],
            audience_groups=["carers"],
            tags=["carers"],
        )
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a, starts_on=next_month[0], ends_on=next_month[1], tags="carers"
        )
        assert client.post(ADD_URL, data).status_code == 302

    def test_editing_an_activity_does_not_clash_with_itself_but_warns_of_others(
        self, client, editor_a, partner_a, other_partners_plan, next_month
    ):
        own = ActivityFactory(
            lead_partner=partner_a,
            starts_on=next_month[0],
            ends_on=next_month[1],
            audience_groups=["young_people"],
        )
        client.force_login(editor_a)
        data = activity_form_data(
            lead_partner=partner_a,
            starts_on=next_month[0],
            ends_on=next_month[1],
            tags="carers",
            title="Now for carers",
        )
        response = client.post(edit_url(own), data)
        assert response.status_code == 200
        assert "Southvale carers" in response.content.decode()
        own.refresh_from_db()
        assert own.title != "Now for carers"


def test_partner_factory_is_importable():
    # The support module builds partners through the shared factory.
    assert PartnerFactory._meta.model.__name__ == "Partner"


@pytest.mark.django_db
def test_copying_another_partners_activity_makes_one_for_the_editors_partner(
    client, partner_a, partner_b
):
    editor = UserFactory(username="copier", groups=["Comms editors"], partners=[partner_a])
    original = ActivityFactory(lead_partner=partner_b, title="Southvale survey")
    client.force_login(editor)
    copy_url = reverse(
        "wagtailsnippets_consultation_blocks_engagementactivity:copy", args=[original.pk]
    )
    start = timezone.localdate() + datetime.timedelta(days=50)
    data = activity_form_data(
        lead_partner=partner_a, starts_on=start, ends_on=start, title="Our own survey"
    )
    form = client.get(copy_url).context["form"]
    assert form["title"].value() == "Southvale survey"  # the copy starts from the original
    # Whether sent to the add view (as the copy form does) or to the copy address, the
    # result is a new activity and the original is untouched.
    assert client.post(copy_url, data).status_code == 302
    copy = EngagementActivity.objects.get(title="Our own survey")
    assert copy.lead_partner == partner_a and copy.pk != original.pk
    original.refresh_from_db()
    assert original.title == "Southvale survey"
