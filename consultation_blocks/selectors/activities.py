"""Reads for the forward plan of engagement activities, its calendar, its exports and a
consultation's activity log. Every function here runs a fixed number of queries,
however many activities there are."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from taggit.models import Tag

from ..models import Area, EngagementActivity, Partner, belongs_to_partners_q
from ..models.activities import audience_q


def plan_activities(*, staff):
    """Every activity staff can see (all partners, all stages), or only the published
    ones for residents."""
    activities = EngagementActivity.objects.all()
    if not staff:
        activities = activities.published()
    return activities


def filtered_plan(*, staff, filters, month_first_day=None, from_day=None):
    """The forward plan narrowed by validated ``filters`` (slugs and codes), for one
    month or from a day on, ready to list."""
    activities = plan_activities(staff=staff)
    if filters.get("partner"):
        slug = filters["partner"]
        activities = activities.filter(belongs_to_partners_q(EngagementActivity, [slug]))
    if filters.get("topic"):
        activities = activities.filter(tags__slug=filters["topic"])
    if filters.get("area"):
        activities = activities.in_area(Area.objects.filter(slug=filters["area"]))
    if filters.get("audience"):
        activities = activities.filter(audience_q([filters["audience"]]))
    if filters.get("method"):
        activities = activities.filter(method=filters["method"])
    if filters.get("stage"):
        activities = activities.filter(stage=filters["stage"])
    if month_first_day:
        activities = activities.in_month(month_first_day)
    elif from_day:
        activities = activities.filter(ends_on__gte=from_day)
    # Filtering through many-to-many relations can repeat a row; keep one of each.
    ids = activities.values("pk").distinct()
    return (
        EngagementActivity.objects.filter(pk__in=ids)
        .for_listing()
        .order_by("starts_on", "title", "pk")
    )


def plan_filter_choices(*, staff):
    """The partners, topics and areas the plan's activities use, for the filter form:
    three queries."""
    activities = plan_activities(staff=staff)
    partners = (
        Partner.objects.filter(Q(led_activities__in=activities) | Q(activities__in=activities))
        .distinct()
        .order_by("name")
    )
    topics = (
        Tag.objects.filter(
            consultation_blocks_engagementactivitytag_items__content_object__in=activities
        )
        .distinct()
        .order_by("name")
    )
    # A town's local authority is offered too: choosing it finds the town's activities.
    areas = Area.objects.filter(
        Q(activities__in=activities) | Q(children__activities__in=activities)
    ).distinct()
    return {"partners": list(partners), "topics": list(topics), "areas": list(areas)}


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    starting: list = field(default_factory=list)
    ending: list = field(default_factory=list)


@dataclass
class MonthCalendar:
    first_day: datetime.date
    weeks: list
    # Running on the month's first day, having started before it.
    continuing: list


def month_calendar(first_day, activities):
    """Weeks (Monday first) of the month, each day holding the activities that start
    and end on it; activities already under way when the month begins are listed
    apart, so a long survey does not fill every square."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first_day.year, first_day.month
    )
    days = {
        day: CalendarDay(date=day, in_month=day.month == first_day.month)
        for week in weeks
        for day in week
    }
    continuing = []
    for activity in activities:
        if activity.starts_on < first_day:
            continuing.append(activity)
        elif activity.starts_on in days and days[activity.starts_on].in_month:
            days[activity.starts_on].starting.append(activity)
        if activity.ends_on != activity.starts_on and activity.ends_on in days:
            if days[activity.ends_on].in_month:
                days[activity.ends_on].ending.append(activity)
    return MonthCalendar(
        first_day=first_day,
        weeks=[[days[day] for day in week] for week in weeks],
        continuing=continuing,
    )


@dataclass
class ActivityLog:
    activities: list
    total_participants: int
    methods: list  # labels, in the order first used


def consultation_activity_log(page):
    """What was done to hear from people about a consultation, for its outcome:
    the published activities linked to it, with the number who took part. One query."""
    activities = list(
        EngagementActivity.objects.published()
        .filter(consultation=page)
        .select_related("lead_partner")
        .order_by("starts_on", "title")
    )
    total = sum(activity.participants or 0 for activity in activities)
    methods = []
    for activity in activities:
        label = activity.get_method_display()
        if label not in methods:
            methods.append(label)
    return ActivityLog(activities=activities, total_participants=total, methods=methods)
