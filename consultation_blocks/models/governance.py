"""What a consultation or a decision records about the law and equality.

The legal basis says which duty a consultation answers to; the equality impact
assessment is the structured record (screening, groups affected, impact, mitigations,
sign-off) that both consultations and decisions carry. The fields are defined once,
here, as an abstract model, so the two records cannot drift apart.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class LegalBasis(models.TextChoices):
    NHS_ACT_S242 = "nhs_s242", "NHS Act 2006, section 242 (NHS trusts involving the public)"
    NHS_ACT_S244 = "nhs_s244", "NHS Act 2006, section 244 (consulting local authority scrutiny)"
    HSCA_S14Z2 = "hsca_s14z2", "Health and Social Care Act 2012, section 14Z2 (commissioners)"
    EQUALITY_DUTY = "psed", "Public sector equality duty (Equality Act 2010, section 149)"
    STATUTORY = "statutory", "Another statutory duty to consult"
    NONE = "none", "No legal duty: consulting by choice"


class EqualityGroup(models.TextChoices):
    # The nine protected characteristics, then the further groups the seeded strategies
    # name (carers, mental health, veterans) and Stockport's socioeconomic status.
    AGE = "age", "Age"
    DISABILITY = "disability", "Disability"
    GENDER_REASSIGNMENT = "gender_reassignment", "Gender reassignment"
    MARRIAGE = "marriage", "Marriage and civil partnership"
    PREGNANCY = "pregnancy", "Pregnancy and maternity"
    RACE = "race", "Race"
    RELIGION = "religion", "Religion or belief"
    SEX = "sex", "Sex"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    CARERS = "carers", "Carers"
    MENTAL_HEALTH = "mental_health", "Mental health"
    VETERANS = "veterans", "Armed forces veterans"
    SOCIOECONOMIC = "socioeconomic", "Socioeconomic status"


class ChoiceListField(models.JSONField):
    """A list of codes from a fixed set of choices, stored as JSON so it works the same
    on SQLite and PostgreSQL; edited as checkboxes."""

    def __init__(self, *args, choice_set=None, **kwargs):
        self.choice_set = choice_set
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choice_set.choices,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = set(self.choice_set.values)
        if not isinstance(value, list) or not set(value) <= allowed:
            raise ValidationError("Choose from the options given.", code="invalid_choice")


def choice_labels(choice_set, codes):
    labels = dict(choice_set.choices)
    return [labels[code] for code in codes if code in labels]


class Screening(models.TextChoices):
    NOT_SCREENED = "not_screened", "Not yet screened"
    NO_FULL = "no_full", "Screened: no full assessment needed"
    FULL_NEEDED = "full_needed", "Screened: full assessment needed"
    FULL_DONE = "full_done", "Full assessment completed"


class Impact(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    MIXED = "mixed", "Mixed"
    NEGATIVE = "negative", "Negative"
    UNKNOWN = "unknown", "Not yet known"


class EqualityImpactFields(models.Model):
    eia_screening = models.CharField(
        "screening",
        max_length=20,
        choices=Screening.choices,
        default=Screening.NOT_SCREENED,
    )
    eia_groups = ChoiceListField(
        "groups affected",
        choice_set=EqualityGroup,
        help_text="Groups the proposal may affect differently from others.",
    )
    eia_impact = models.CharField(
        "overall impact", max_length=20, choices=Impact.choices, default=Impact.UNKNOWN
    )
    eia_impact_notes = models.TextField("what the impact is", blank=True, max_length=2000)
    eia_mitigations = models.TextField(
        "mitigations",
        blank=True,
        max_length=2000,
        help_text="What will be done to remove or reduce a negative impact.",
    )
    eia_signed_off_by = models.CharField(
        "signed off by (role)",
        max_length=200,
        blank=True,
        help_text="A role, such as Director of Public Health, not a person's name.",
    )
    eia_signed_off_on = models.DateField("signed off on", null=True, blank=True)

    eia_panels = [
        FieldPanel("eia_screening"),
        FieldPanel("eia_groups"),
        FieldPanel("eia_impact"),
        FieldPanel("eia_impact_notes"),
        FieldPanel("eia_mitigations"),
        FieldRowPanel([FieldPanel("eia_signed_off_by"), FieldPanel("eia_signed_off_on")]),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.eia_impact in (Impact.NEGATIVE, Impact.MIXED) and not self.eia_mitigations:
            errors["eia_mitigations"] = "Say how a negative impact will be reduced."
        if bool(self.eia_signed_off_by) != bool(self.eia_signed_off_on):
            message = "A sign-off needs both the role and the date."
            field = "eia_signed_off_on" if self.eia_signed_off_by else "eia_signed_off_by"
            errors[field] = message
        if self.eia_signed_off_on and self.eia_screening == Screening.NOT_SCREENED:
            errors["eia_screening"] = "An assessment cannot be signed off before screening."
        if errors:
            raise ValidationError(errors)

    @property
    def eia_group_labels(self):
        return choice_labels(EqualityGroup, self.eia_groups or [])

    @property
    def eia_recorded(self):
        return self.eia_screening != Screening.NOT_SCREENED


class ConsultationEqualityImpact(EqualityImpactFields):
    """A consultation's equality impact assessment. A child of the page, so it is
    saved in the page's revisions and goes through the same approval."""

    page = ParentalKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="equality_impact_records",
    )

    panels = [MultiFieldPanel(EqualityImpactFields.eia_panels, heading="Assessment")]

    class Meta:
        verbose_name = "equality impact assessment"
        constraints = [
            models.UniqueConstraint(fields=["page"], name="one_equality_impact_per_consultation")
        ]

    def __str__(self):
        return f"Equality impact assessment: {self.get_eia_screening_display()}"
