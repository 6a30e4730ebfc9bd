"""Helpers for driving the page editor and the approval workflow over HTTP.

The page editor's StreamFields are drawn by JavaScript, so the form data a browser
would send is built here with Wagtail's ``form_data`` helpers rather than scraped.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def admin_datetime(value):
    return timezone.localtime(value).strftime(DATETIME_FORMAT) if value else ""


def admin_date(value):
    return value.isoformat() if value else ""


def consultation_form_data(
    *,
    title,
    slug,
    lead_partner=None,
    partners=(),
    opens_at=None,
    closes_at=None,
    body_text="<p>We would like to hear what you think.</p>",
    outcome_summary="",
    outcome_text="",
    outcome_published_at=None,
    go_live_at=None,
    gunning=True,
    action=None,
    **extra,
):
    """POST data for the consultation editor, as the browser sends it.

    ``action`` is one of None (save a draft), "publish" or "submit".
    """
    now = timezone.now()
    opens_at = opens_at or now - datetime.timedelta(days=1)
    closes_at = closes_at or now + datetime.timedelta(days=40)
    outcome_blocks = [("text", rich_text(outcome_text))] if outcome_text else []
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "A short summary for lists and search results.",
            "kind": "consultation",
            "level": "thematic",
            "opens_at": admin_datetime(opens_at),
            "closes_at": admin_datetime(closes_at),
            "audience": "",
            "lead_partner": lead_partner.pk if lead_partner else "",
            "tags": "",
            "body": streamfield([("text", rich_text(body_text))]),
            "formative_stage_confirmed": "on" if gunning else "",
            "proposal": "We propose to open the library on Sundays." if gunning else "",
            "what_can_change": "The opening hours." if gunning else "",
            "what_cannot_change": "The library budget." if gunning else "",
            "how_responses_used": "The board reads a summary of every response." if gunning else "",
            "decision_expected": admin_date(now.date() + datetime.timedelta(days=90))
            if gunning
            else "",
            "equality_impact_assessment": "pending",
            "equality_impact_note": "",
            "equality_impact_records": inline_formset([]),
            "outcome_due_date": "",
            "outcome_summary": outcome_summary,
            "outcome_body": streamfield(outcome_blocks),
            "outcome_published_at": admin_datetime(outcome_published_at),
            "seo_title": "",
            "search_description": "",
            "go_live_at": admin_datetime(go_live_at),
            "expire_at": "",
            "comments": inline_formset([]),
            **extra,
        }
    )
    data["partners"] = [partner.pk for partner in partners]
    data["areas"] = []
    if action == "publish":
        data["action-publish"] = "action-publish"
    elif action == "submit":
        data["action-submit"] = "action-submit"
    return data


def form_data_for(page, **overrides):
    """Editor POST data reproducing the latest revision of a consultation."""
    page = page.get_latest_revision_as_object()
    outcome_text = "".join(
        block.value.source for block in page.outcome_body if block.block_type == "text"
    )
    values = {
        "title": page.title,
        "slug": page.slug,
        "lead_partner": page.lead_partner,
        "partners": list(page.partners.all()),
        "opens_at": page.opens_at,
        "closes_at": page.closes_at,
        "outcome_summary": page.outcome_summary,
        "outcome_text": outcome_text,
        "outcome_published_at": page.outcome_published_at,
        "go_live_at": page.go_live_at,
    }
    values.update(overrides)
    return consultation_form_data(**values)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def create_url(parent, model):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def current_task_state(page):
    state = TaskState.objects.filter(
        workflow_state__object_id=str(page.pk),
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        status=TaskState.STATUS_IN_PROGRESS,
    ).first()
    return state.specific if state else None


def workflow_action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def refreshed(page):
    return Page.objects.get(pk=page.pk).specific
