"""The forward plan of engagement activities: a list and a month calendar for residents
(published activities) and for staff in the admin (every stage), an iCalendar feed of
either, and a CSV export for staff.

Every view reads the same GET filters (``forms.activities``) and the same selectors,
so a filtered list, its calendar, its feed and its export always agree.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET

from ..activity_exports import csv_rows, ical_feed
from ..forms.activities import (
    ForwardPlanFilterForm,
    add_months,
    filter_query,
    first_of_month,
    month_key,
    month_start,
)
from ..models import ActivityStage
from ..models.teams import acts_for_every_partner, partner_ids_for_user
from ..results.export import csv_chunks
from ..selectors.activities import filtered_plan, month_calendar, plan_filter_choices
from .listing import redirect_without_empty_filters

VIEW_PERMISSION = "consultation_blocks.view_engagementactivity"


def _check_staff(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied


def _filters(request, *, staff):
    today = timezone.localdate()
    choices = plan_filter_choices(staff=staff)
    form = ForwardPlanFilterForm(request.GET or None, today=today, **choices)
    return form, form.cleaned_filters(), today


def _names(*, staff):
    prefix = (
        "consultation_blocks_admin_forward_plan" if staff else "consultation_blocks:forward_plan"
    )
    return {
        "list": f"{prefix}_list",
        "calendar": f"{prefix}_calendar",
        "ical": f"{prefix}_ical",
        "csv": f"{prefix}_csv" if staff else None,
    }


def _plan_context(request, *, staff, view):
    form, filters, today = _filters(request, staff=staff)
    names = _names(staff=staff)
    context = {
        "today": today,
        "form": form,
        "filters": filters,
        "staff": staff,
        "view": view,
        "stages": ActivityStage,
        "list_url": reverse(names["list"]) + filter_query(filters),
        "calendar_url": reverse(names["calendar"]) + filter_query(filters),
        "ical_url": reverse(names["ical"]) + filter_query(filters),
        "csv_url": reverse(names["csv"]) + filter_query(filters) if names["csv"] else "",
        "reset_url": reverse(names[view]),
        "active_filters": _active_filters(form, filters, names[view]),
    }
    if staff:
        # Edit links only where the person may edit: the rows' own lead partners, as
        # stored, against the partners the person acts for (one query in all).
        context["every_partner"] = acts_for_every_partner(request.user)
        context["editable_partner_ids"] = partner_ids_for_user(request.user)
    if view == "calendar":
        month = month_start(filters["month"]) if "month" in filters else first_of_month(today)
        activities = list(filtered_plan(staff=staff, filters=filters, month_first_day=month))
        calendar_url = reverse(names["calendar"])
        context.update(
            month=month,
            month_label=dateformat.format(month, "F Y"),
            calendar=month_calendar(month, activities),
            activities=activities,
            today=today,
            previous_url=calendar_url
            + filter_query(filters, month=month_key(add_months(month, -1))),
            next_url=calendar_url + filter_query(filters, month=month_key(add_months(month, 1))),
            previous_label=dateformat.format(add_months(month, -1), "F Y"),
            next_label=dateformat.format(add_months(month, 1), "F Y"),
        )
    else:
        if "month" in filters:
            activities = filtered_plan(
                staff=staff, filters=filters, month_first_day=month_start(filters["month"])
            )
        else:
            # Without a month, the plan is what is running now or still to come.
            activities = filtered_plan(staff=staff, filters=filters, from_day=today)
        context["months"] = _group_by_month(list(activities))
        context["activity_count"] = sum(len(group[1]) for group in context["months"])
    return context


def _active_filters(form, filters, url_name):
    """Each filter in use with a link that removes just that one."""
    base = reverse(url_name)
    active = []
    for name, value in filters.items():
        label = dict(form.fields[name].choices).get(value, value)
        rest = {key: val for key, val in filters.items() if key != name}
        active.append(
            {
                "field": form.fields[name].label,
                "label": label,
                "remove_url": base + filter_query(rest),
            }
        )
    return active


def _group_by_month(activities):
    """[(first day of month, [activities starting then])], in date order."""
    groups = []
    for activity in activities:
        month = first_of_month(activity.starts_on)
        if not groups or groups[-1][0] != month:
            groups.append((month, []))
        groups[-1][1].append(activity)
    return groups


# Residents ------------------------------------------------------------------------


@require_GET
def public_list(request):
    return redirect_without_empty_filters(request) or render(
        request,
        "consultation_blocks/forward_plan/public.html",
        _plan_context(request, staff=False, view="list"),
    )


@require_GET
def public_calendar(request):
    return redirect_without_empty_filters(request) or render(
        request,
        "consultation_blocks/forward_plan/public.html",
        _plan_context(request, staff=False, view="calendar"),
    )


@require_GET
def public_ical(request):
    return _ical_response(request, staff=False)


# Staff, in the admin ----------------------------------------------------------------


@require_GET
def admin_list(request):
    _check_staff(request)
    return redirect_without_empty_filters(request) or render(
        request,
        "consultation_blocks/forward_plan/admin.html",
        _plan_context(request, staff=True, view="list"),
    )


@require_GET
def admin_calendar(request):
    _check_staff(request)
    return redirect_without_empty_filters(request) or render(
        request,
        "consultation_blocks/forward_plan/admin.html",
        _plan_context(request, staff=True, view="calendar"),
    )


@require_GET
def admin_ical(request):
    _check_staff(request)
    return _ical_response(request, staff=True)


@require_GET
def admin_csv(request):
    _check_staff(request)
    _form, filters, _today = _filters(request, staff=True)
    activities = filtered_plan(staff=True, filters=filters, month_first_day=_month(filters))
    response = StreamingHttpResponse(
        csv_chunks(csv_rows(activities)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="forward-plan-{timezone.localdate().isoformat()}.csv"'
    )
    return response


def _month(filters):
    return month_start(filters["month"]) if "month" in filters else None


def _ical_response(request, *, staff):
    form, filters, _today = _filters(request, staff=staff)
    activities = list(filtered_plan(staff=staff, filters=filters, month_first_day=_month(filters)))
    for activity in activities:
        consultation = activity.consultation
        # Only a live page is worth linking to from a calendar.
        activity.consultation_url = (
            consultation.get_full_url(request) if consultation and consultation.live else ""
        )
    names = [
        str(dict(form.fields[name].choices).get(value, value)) for name, value in filters.items()
    ]
    title = "Engagement forward plan" + (f": {', '.join(names)}" if names else "")
    plan_url = request.build_absolute_uri(
        reverse(_names(staff=staff)["list"]) + filter_query(filters)
    )
    response = HttpResponse(
        ical_feed(activities, name=title, plan_url=plan_url),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="forward-plan.ics"'
    return response
