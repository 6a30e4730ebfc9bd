"""The forward plan's filters: a plain GET form, so every view of the plan is a link that
works without JavaScript. Unknown values are dropped and named, never an error page."""

import datetime

from django import forms
from django.utils import dateformat
from django.utils.http import urlencode

from ..models import ActivityMethod, ActivityStage, AudienceGroup
from .filters import ListingFilterForm

# The month list reaches this far back and ahead of the current month.
MONTHS_BACK = 12
MONTHS_AHEAD = 24
FILTER_NAMES = ("partner", "topic", "area", "audience", "method", "stage", "month")


def first_of_month(day):
    return day.replace(day=1)


def add_months(day, count):
    month_index = day.year * 12 + day.month - 1 + count
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def month_key(day):
    return f"{day.year:04d}-{day.month:02d}"


def month_choices(today):
    start = add_months(first_of_month(today), -MONTHS_BACK)
    return [
        (month_key(month), dateformat.format(month, "F Y"))
        for month in (add_months(start, n) for n in range(MONTHS_BACK + MONTHS_AHEAD + 1))
    ]


class ForwardPlanFilterForm(ListingFilterForm):
    partner = forms.ChoiceField(required=False, label="Partner")
    topic = forms.ChoiceField(required=False, label="Topic")
    area = forms.ChoiceField(required=False, label="Area")
    audience = forms.ChoiceField(
        required=False,
        label="Audience",
        choices=[("", "Anyone"), *AudienceGroup.choices],
    )
    method = forms.ChoiceField(
        required=False, label="Method", choices=[("", "Any method"), *ActivityMethod.choices]
    )
    stage = forms.ChoiceField(
        required=False, label="Stage", choices=[("", "Any stage"), *ActivityStage.choices]
    )
    month = forms.ChoiceField(required=False, label="Month")

    def __init__(self, data=None, *, partners, topics, areas, today):
        super().__init__(data)
        # Listed by the name shown, which is often the short name.
        self.fields["partner"].choices = [("", "Any partner")] + sorted(
            ((partner.slug, partner.display_name) for partner in partners),
            key=lambda choice: choice[1].lower(),
        )
        self.fields["topic"].choices = [("", "Any topic")] + [
            (tag.slug, tag.name) for tag in topics
        ]
        self.fields["area"].choices = [("", "Anywhere")] + [
            (area.slug, str(area)) for area in areas
        ]
        self.fields["month"].choices = [("", "Any month"), *month_choices(today)]


def month_start(value):
    """The first day of a ``YYYY-MM`` month key (already validated by the form)."""
    year, month = value.split("-")
    return datetime.date(int(year), int(month), 1)


def filter_query(filters, **changes):
    """A query string for ``filters`` with ``changes`` applied, leaving out every empty
    value, so links never carry ``?partner=&area=``."""
    merged = {**filters, **changes}
    pairs = [(name, merged[name]) for name in FILTER_NAMES if merged.get(name)]
    return f"?{urlencode(pairs)}" if pairs else ""
