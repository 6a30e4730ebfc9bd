"""The organisations that engage residents together."""

import functools
import operator

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class PartnerKind(models.TextChoices):
    # The kinds of body the strategies address, from statutory partners to residents' groups.
    COUNCIL = "council", "Council"
    NHS_COMMISSIONER = "nhs_commissioner", "NHS commissioner"
    NHS_PROVIDER = "nhs_provider", "NHS provider"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    EDUCATION = "education", "College or education"
    HOUSING = "housing", "Housing provider"
    PATIENT_GROUP = "patient_group", "Healthwatch or patient group"
    VCF = "vcf", "Voluntary, community or faith group"
    CHARITY = "charity", "Social enterprise or charity"
    BUSINESS = "business", "Business"
    GOVERNMENT_AGENCY = "government_agency", "Government agency"
    PARTNERSHIP_BODY = "partnership_body", "Partnership body"


# Content belongs to a partner that leads it (consultations have a lead partner), that
# it names among its partners (every kind of partnership content), or that keeps it (a
# decision's or an indicator's partner). The consultation listing, its filter and both
# site search backends ask the functions below, never the fields themselves.
_PARTNER_RELATIONS = ("lead_partner", "partners", "partner")


def partner_relations(model):
    """The names of the fields through which content of `model` belongs to partners."""
    names = []
    for name in _PARTNER_RELATIONS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.is_relation:
            names.append(name)
    return tuple(names)


def belongs_to_partners_q(model, slugs):
    """A filter on `model` selecting content that any partner in `slugs` leads or is
    named on."""
    return _any(Q(**{f"{name}__slug__in": slugs}) for name in partner_relations(model))


def partner_slugs(content):
    """Slugs of every partner `content` belongs to, sorted; prefetch its partners and
    select its lead partner to read many without a query each."""
    slugs = set()
    for name in partner_relations(type(content)):
        field = content._meta.get_field(name)
        if field.many_to_many:
            slugs.update(partner.slug for partner in getattr(content, name).all())
        elif getattr(content, field.attname) is not None:
            slugs.add(getattr(content, name).slug)
    return sorted(slugs)


class PartnerQuerySet(models.QuerySet):
    def involved_in(self, pages):
        """Partners that lead or are named on any of `pages` (a queryset of one model)."""
        fields = (pages.model._meta.get_field(name) for name in partner_relations(pages.model))
        return self.filter(
            _any(Q(**{f"{field.related_query_name()}__in": pages}) for field in fields)
        ).distinct()


def _any(conditions):
    conditions = list(conditions)
    return functools.reduce(operator.or_, conditions) if conditions else Q(pk__in=[])


class PartnerForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        members = cleaned_data.get("members")
        if members is None or self.instance.pk is None:
            return cleaned_data
        # A partnership body is made of other partners; it cannot contain itself,
        # directly or through one of its members.
        if any(member.pk == self.instance.pk for member in members):
            self.add_error("members", "A partner cannot be a member of itself.")
        elif self.instance.pk in _member_closure(members):
            self.add_error(
                "members",
                "That would make this partner a member of itself through another partner.",
            )
        return cleaned_data


def _member_closure(partners):
    """Primary keys of every partner reachable through membership, one query per level."""
    seen = set()
    frontier = {partner.pk for partner in partners}
    while frontier:
        seen |= frontier
        frontier = (
            set(
                Partner.members.through.objects.filter(from_partner__in=frontier).values_list(
                    "to_partner", flat=True
                )
            )
            - seen
        )
    return seen


class Partner(index.Indexed, models.Model):
    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="Used where space is short, for example in lists and filters.",
    )
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    kind = models.CharField(max_length=32, choices=PartnerKind.choices)
    description = models.TextField(blank=True, max_length=1000)
    website = models.URLField(blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="A shared team address, never a named person's."
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="member_of",
        help_text=(
            "For a partnership body such as a strategic commission: the partners it is made of."
        ),
    )
    featured = models.BooleanField(
        default=False,
        help_text="Show this partner's logo on the home page and its link in the footer.",
    )

    objects = PartnerQuerySet.as_manager()

    base_form_class = PartnerForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("slug"),
                FieldPanel("kind"),
                FieldPanel("description"),
            ],
            heading="Organisation",
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("contact_email"), FieldPanel("logo")],
            heading="Contact and logo",
        ),
        MultiFieldPanel(
            [FieldPanel("members"), FieldPanel("featured")],
            heading="Membership and display",
        ),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        # The admin listing sorts its search results by any of its columns.
        index.FilterField("name"),
        index.FilterField("short_name"),
        index.FilterField("featured"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name or self.name)[:100]
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.short_name or self.name
