"""A controlled list of places a consultation can be about."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class AreaKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    TOWN = "town", "Town"
    WARD = "ward", "Ward"


class AreaQuerySet(models.QuerySet):
    def covering(self, slugs):
        """The areas content must be about to be about any of the places `slugs` name:
        each of those areas, and the local authority a town or ward sits in (content
        about an authority is about all of its wards). The consultation listing and
        both site search backends filter by area through this."""
        return self.filter(Q(slug__in=slugs) | Q(children__slug__in=slugs)).distinct()


class Area(index.Indexed, models.Model):
    """A local authority, or a town or ward inside one.

    Choosing a local authority means "all wards" of it: one partnership can span more
    than one authority, so a consultation can name several.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=AreaKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": AreaKind.LOCAL_AUTHORITY},
        help_text="The local authority a town or ward belongs to.",
    )

    objects = AreaQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("parent")]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        # The admin listing sorts its search results by any of its columns.
        index.FilterField("name"),
    ]

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "parent"], name="unique_area_name_in_parent"),
        ]

    def __str__(self):
        if self.kind == AreaKind.LOCAL_AUTHORITY:
            return f"{self.name} (all wards)"
        return self.name

    def clean(self):
        super().clean()
        if self.kind == AreaKind.LOCAL_AUTHORITY and self.parent_id:
            raise ValidationError({"parent": "A local authority cannot sit inside another area."})
        if self.kind != AreaKind.LOCAL_AUTHORITY and not self.parent_id:
            raise ValidationError({"parent": "Choose the local authority this area is in."})
