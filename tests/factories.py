"""Factories for tests: partners, areas and pages with realistic StreamField content.

StreamField content comes from the plugin's block factories
(``consultation_blocks.factories``), which the demo content uses too. Their values
carry stable ids from the start, so a test can refer to questions and options by id.
"""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from consultation_blocks.factories import child, question
from consultation_blocks.models import (
    Area,
    AreaKind,
    ConsultationIndexPage,
    ConsultationPage,
    Partner,
    PartnerKind,
    StrategyIndexPage,
    StrategyPage,
)

# The thirteen question kinds the issue asks for, spelled out so a lost kind fails tests.
EVERY_QUESTION_KIND = {
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "agreement",
    "rating",
    "ranking",
    "number",
    "date",
    "postcode",
    "email",
    "yes_no",
    "consent",
}


def every_kind_of_question():
    """One question of each kind, with the options a resident would expect."""
    return [
        question("short_text", "What is your name or the name of your group?", max_length=100),
        question(
            "long_text",
            "What do you think of the vision and objectives?",
            max_length=500,
        ),
        question(
            "single_choice",
            "How did you hear about this consultation?",
            options=["Website", "Newsletter", "Social media", "Word of mouth"],
        ),
        question(
            "multiple_choice",
            "Which services have you used in the last year?",
            options=["GP", "Hospital", "Library", "Leisure centre"],
            allow_other=True,
            required=False,
        ),
        question("agreement", "The vision puts residents at the heart of decisions."),
        question(
            "rating",
            "How well do partners tell you what changed after you took part?",
            low_label="Very poorly",
            high_label="Very well",
        ),
        question(
            "ranking",
            "Rank these ways of taking part",
            options=["Online survey", "Public meeting", "Citizens' panel"],
            required=False,
        ),
        question("number", "How many people live in your household?", min_value=1, max_value=20),
        question("date", "When did you last take part in a consultation?", required=False),
        question("postcode", "What is your postcode?"),
        question("email", "Your email address", required=False),
        question("yes_no", "Do you care for someone?", key="carer"),
        question(
            "long_text",
            "What support would help you as a carer?",
            required=False,
            max_length=300,
            condition={"question_key": "carer", "answer": "Yes"},
        ),
        question(
            "consent", "Consent", statement="I agree that my answers may be quoted anonymously."
        ),
    ]


def survey_block(questions=None, *, equality=True, one_per_email=False, **fields):
    """A survey of one question of every kind, unless `questions` are given."""
    return child(
        "survey",
        questions=every_kind_of_question() if questions is None else questions,
        equality_monitoring__enabled=equality,
        one_response_per_email=one_per_email,
        **fields,
    )


def poll_block(question_text="Should the library open on Sundays?", labels=("Yes", "No")):
    return child("quick_poll", question=question_text, options=list(labels))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = PartnerKind.COUNCIL


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Borough {n}")
    slug = factory.Sequence(lambda n: f"borough-{n}")
    kind = AreaKind.LOCAL_AUTHORITY


class ConsultationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ConsultationIndexPage

    title = "Consultations"
    slug = "consultations"


class ConsultationPageFactory(wagtail_factories.PageFactory):
    """An open, formal consultation that is ready to publish."""

    class Meta:
        model = ConsultationPage

    title = factory.Sequence(lambda n: f"Consultation {n}")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    summary = "We want to know what you think."
    kind = "consultation"
    level = "thematic"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    formative_stage_confirmed = True
    proposal = "We propose to change how partners engage with residents."
    what_can_change = "The priorities and how we put them into practice."
    what_cannot_change = "Our legal duties to involve and consult."
    how_responses_used = "Every response is read and a summary goes to the board."
    decision_expected = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=90)
    )
    body = factory.LazyFunction(lambda: [survey_block()])


class StrategyIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StrategyIndexPage

    title = "Strategies"
    slug = "strategies"


class StrategyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StrategyPage

    title = factory.Sequence(lambda n: f"Strategy {n}")
    slug = factory.Sequence(lambda n: f"strategy-{n}")


def comments_block(allow_anonymous=False):
    return child("comments", allow_anonymous=allow_anonymous)


class UserFactory(factory.django.DjangoModelFactory):
    """A person; pass ``groups=["Moderators"]`` and ``partners=[partner]`` to give a role."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@partnership.example")
    first_name = factory.LazyAttribute(lambda user: user.username.capitalize())

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "a-password-for-tests")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        from consultation_blocks.models import PartnerTeamMember

        for partner in extracted or ():
            PartnerTeamMember.objects.get_or_create(partner=partner, user=self)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    """A stored response; pass ``page`` and ``survey_id`` (and ``answers`` keyed by
    question id, in the format described in ``consultation_blocks/surveys.py``)."""

    class Meta:
        model = "consultation_blocks.SurveyResponse"

    survey_id = factory.LazyAttribute(lambda o: _first_survey_id(o.page))
    answers = factory.LazyFunction(dict)
    channel = "online"


class EqualityResponseFactory(factory.django.DjangoModelFactory):
    """Equality monitoring answers, stored apart from the survey response."""

    class Meta:
        model = "consultation_blocks.EqualityResponse"

    survey_id = factory.LazyAttribute(lambda o: _first_survey_id(o.page))
    answers = factory.LazyFunction(dict)
    channel = "online"


def _first_survey_id(page):
    from consultation_blocks.surveys import surveys_in

    return surveys_in(page.body)[0].id
