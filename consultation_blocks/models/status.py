"""What kind of exercise a consultation is, and where it stands.

A consultation's status is never typed in: it follows from its dates and from whether
its outcome has been published. ``ConsultationStatus`` holds that rule once, as one
ordered list of conditions, and reads it three ways: for a page in Python
(``ConsultationStatus.of``), as a filter on a queryset (``status.q``) and as a value the
database works out for each row (``ConsultationStatus.annotation``). The page, the
selectors, the services and the site's search all use these, so they cannot drift
apart; the labels are the choices' own.

This module imports no other model module: the page's admin form reads the kinds
below, and the page models import that form.
"""

import operator

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _


class EngagementKind(models.TextChoices):
    # The Tameside and Glossop strategy's distinction: consultation is time-limited and
    # about specific proposals; engagement is a continuing conversation.
    CONSULTATION = "consultation", _("Formal consultation (time-limited)")
    ENGAGEMENT = "engagement", _("Ongoing engagement (no closing date)")


# A condition's database lookup and the same comparison in Python, of the date's value
# with the moment asked about.
_LOOKUPS = {"lte": operator.le, "gt": operator.gt}


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed – under review")
    OUTCOME = "outcome", _("Outcome published")

    @property
    def tag_colour(self):
        """The GOV.UK tag colour this status is shown in, on the plugin's pages and in
        the site's search results alike."""
        return {
            ConsultationStatus.UPCOMING: "blue",
            ConsultationStatus.OPEN: "green",
            ConsultationStatus.CLOSED: "grey",
            ConsultationStatus.OUTCOME: "purple",
        }[self]

    @classmethod
    def _conditions(cls):
        # (status, date field, lookup), tried in order: the first whose date is set
        # and compares true wins. A published outcome outranks the dates; a
        # consultation that has not opened yet is upcoming even if its closing date is
        # past. None holding means open (ongoing engagement has no closing date).
        return (
            (cls.OUTCOME, "outcome_published_at", "lte"),
            (cls.UPCOMING, "opens_at", "gt"),
            (cls.CLOSED, "closes_at", "lte"),
        )

    @classmethod
    def of(cls, page, moment):
        """The status of `page` (anything with the three date attributes) at `moment`."""
        for status, field, lookup in cls._conditions():
            value = getattr(page, field)
            if value is not None and _LOOKUPS[lookup](value, moment):
                return status
        return cls.OPEN

    @staticmethod
    def _holds(field, lookup, moment, prefix):
        return Q(**{f"{prefix}{field}__{lookup}": moment})

    def q(self, moment, prefix=""):
        """A filter selecting consultations in this status at `moment` (``prefix``
        leads from another model to the consultation, e.g. "page__")."""
        selected = Q()
        for status, field, lookup in self._conditions():
            holds = self._holds(field, lookup, moment, prefix)
            if status == self:
                return selected & holds
            # A negated lookup keeps the rows whose date is not set, as ``of`` does.
            selected &= ~holds
        return selected

    @classmethod
    def annotation(cls, moment, prefix=""):
        """An expression giving each consultation row its status at `moment`, for
        ``annotate`` or ``values``."""
        return Case(
            *(
                When(cls._holds(field, lookup, moment, prefix), then=Value(status.value))
                for status, field, lookup in cls._conditions()
            ),
            default=Value(cls.OPEN.value),
            output_field=models.CharField(),
        )

    @classmethod
    def changes_between(cls, start, end, prefix=""):
        """A filter selecting consultations whose status changed after `start` and up to
        `end`: one of the dates the status follows fell in that window. Copies of the
        status kept elsewhere (a search index) are refreshed from this."""
        changed = Q(pk__in=[])
        for _status, field, _lookup in cls._conditions():
            changed |= Q(**{f"{prefix}{field}__gt": start, f"{prefix}{field}__lte": end})
        return changed
