"""Building engagement activities for tests, and the admin form data that plans one."""

import datetime

import factory
from django.utils import timezone

from consultation_blocks.models import ActivityMethod, ActivityStage, EngagementActivity


class ActivityFactory(factory.django.DjangoModelFactory):
    """A published, planned survey next month. Pass ``tags=[...]``, ``areas=[...]`` and
    ``partners=[...]`` to set its relations."""

    class Meta:
        model = EngagementActivity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Activity {n}")
    method = ActivityMethod.SURVEY
    stage = ActivityStage.PLANNED
    lead_partner = factory.SubFactory("tests.factories.PartnerFactory")
    contact_role = "Engagement team"
    audience_groups = factory.LazyFunction(lambda: ["general"])
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(
        lambda activity: activity.starts_on + datetime.timedelta(days=6)
    )
    live = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
            self.save()

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)
            self.save()

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)
            self.save()


def activity_form_data(*, lead_partner, starts_on, ends_on, **overrides):
    """What the admin's add or edit form sends for an activity."""
    data = {
        "title": "Carers' drop-in",
        "description": "",
        "method": ActivityMethod.DROP_IN,
        "stage": ActivityStage.PLANNED,
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "lead_partner": str(lead_partner.pk),
        "service": "Adult social care",
        "contact_role": "Engagement lead",
        "contact_email": "",
        "tags": "",
        "audience_groups": ["carers"],
        "audience_note": "",
        "feedback_method": "A letter to everyone who came, within six weeks.",
        "consultation": "",
        "participants": "",
        "what_we_heard": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
