"""The site around the consultation plugin: its home page, plain pages and branding."""

import hashlib
import operator
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from consultation_blocks.blocks import ContentStreamBlock
from consultation_blocks.models import PartnershipContentMixin
from consultation_blocks.selectors import (
    featured_partners,
    home_page_consultations,
    main_consultation_index,
)

from .colours import HEX_COLOUR, MINIMUM_TEXT_CONTRAST, WHITE, contrast_ratio
from .routing import route_by_url_path

hex_colour_validator = RegexValidator(
    HEX_COLOUR, "Enter a colour as a # followed by six hexadecimal digits, for example #00594f."
)


class HomePage(Page):
    hero_heading = models.CharField(max_length=120, default="Have your say")
    hero_text = models.TextField(
        max_length=400,
        blank=True,
        help_text="A sentence or two under the heading: what residents can do here.",
    )
    body = StreamField(ContentStreamBlock(), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading="Hero"),
        FieldPanel("body"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    @property
    def localized(self):
        """Wagtail's translation of this page in the active language. A site kept with
        the page fragments (pagecache/fragments.py) carries it already, found the same
        way, so routing an address asks the database nothing for it."""
        kept = getattr(self, "kept_translations", None)
        if kept and (page := kept.get(translation.get_language())) is not None:
            return page
        return super().localized

    def route(self, request, path_components):
        # Every address starts here (the site's root page): the pages below are read in
        # one query, whatever their depth, and a page's own address is kept with the
        # page fragments (routing.py).
        if not path_components:
            return super().route(request, path_components)
        return route_by_url_path(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partners"] = featured_partners()
        # Read only when the page's listings are drawn, not when they come from the
        # fragment cache (home_page.html).
        consultations = SimpleLazyObject(home_page_consultations)
        for name in ("open_consultations", "upcoming_consultations", "recent_outcomes"):
            context[name] = SimpleLazyObject(partial(operator.getitem, consultations, name))
        context["consultation_index"] = SimpleLazyObject(main_consultation_index)
        # The hero holds the page's search box; a second one in the header would repeat it.
        context["hide_header_search"] = True
        return context


class StandardPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.StandardPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StandardPage(PartnershipContentMixin, Page):
    """An information page: about the partnership, a forum, house rules, a policy."""

    body = StreamField(ContentStreamBlock(), blank=True, use_json_field=True)
    tags = ClusterTaggableManager(through=StandardPageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        *PartnershipContentMixin.partnership_panels,
    ]

    search_fields = [
        *Page.search_fields,
        *PartnershipContentMixin.search_fields,
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "standard page"


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("linkedin", "LinkedIn"),
            ("x", "X (Twitter)"),
            ("youtube", "YouTube"),
            ("other", "Other"),
        ]
    )
    label = blocks.CharBlock(max_length=60, help_text="The link text, for example 'Facebook'.")
    url = blocks.URLBlock()


@register_setting(icon="site")
class PartnershipSettings(BaseSiteSetting):
    name = models.CharField(
        max_length=120,
        default="Partnership engagement hub",
        help_text="Shown in the header, the page title and emails.",
    )
    tagline = models.CharField(max_length=160, blank=True)
    brand_colour = models.CharField(
        max_length=7,
        default="#00594f",
        validators=[hex_colour_validator],
        help_text="Header background. White text on it must be readable (contrast 4.5:1).",
    )
    link_colour = models.CharField(
        max_length=7,
        default="#1a5c96",
        validators=[hex_colour_validator],
        help_text="Links on a white page (contrast 4.5:1).",
    )
    phase = models.CharField(
        max_length=10,
        choices=[("alpha", "Alpha"), ("beta", "Beta"), ("", "None: hide the banner")],
        default="beta",
        blank=True,
    )
    feedback_email = models.EmailField(
        blank=True, help_text="Where the phase banner asks people to send feedback."
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_address = models.TextField(max_length=300, blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    house_rules_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The rules residents' comments must follow; linked from every comment form.",
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, use_json_field=True, max_num=8
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("phase")],
            heading="Identity",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="Colours are checked for contrast so the site stays readable "
                    "for people with low vision."
                ),
                FieldPanel("brand_colour"),
                FieldPanel("link_colour"),
            ],
            heading="Colours",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
                FieldPanel("feedback_email"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("house_rules_page"),
            ],
            heading="Pages linked from every page",
        ),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "partnership settings"

    def clean(self):
        super().clean()
        errors = {}
        checks = (
            ("brand_colour", "White text on this colour"),
            ("link_colour", "This colour on a white page"),
        )
        for field, description in checks:
            colour = getattr(self, field)
            if colour and HEX_COLOUR.match(colour):
                ratio = contrast_ratio(colour, WHITE)
                if ratio < MINIMUM_TEXT_CONTRAST:
                    errors[field] = (
                        f"{description} has a contrast of {ratio:.1f}:1; "
                        f"it needs at least {MINIMUM_TEXT_CONTRAST}:1. Choose a darker colour."
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def colours_version(self):
        """Part of the colours stylesheet's address (home/views.py), so browsers fetch
        it again when the colours change."""
        colours = f"{self.brand_colour}{self.link_colour}".lower()
        return hashlib.sha256(colours.encode()).hexdigest()[:12]

    @property
    def uses_default_colours(self):
        defaults = {
            field.name: field.default
            for field in self._meta.fields
            if field.name.endswith("colour")
        }
        return all(getattr(self, name).lower() == value for name, value in defaults.items())
