"""The Gunning readiness checklist, computed from a consultation's own fields.

Moderators see it in the editor and in the consultations report; publishing a formal
consultation requires the items marked ``required``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckItem:
    code: str
    label: str
    passed: bool
    required: bool
    detail: str = ""


def _has_equality_monitoring(page):
    return any(
        child.block_type == "survey"
        and (child.value.get("equality_monitoring") or {}).get("enabled")
        for child in page.body
    )


def gunning_checklist(page, *, minimum_days):
    """Checklist items for a consultation page, in the order editors work through them."""
    duration = page.duration_days
    long_enough = duration is not None and duration >= minimum_days
    if duration is None:
        period_detail = "Set opening and closing dates."
    else:
        period_detail = f"Open for {duration:.0f} days; the partnership minimum is {minimum_days}."
    eqia = page.equality_impact_assessment
    return [
        CheckItem(
            "formative",
            "Proposals confirmed to be at a formative stage",
            page.formative_stage_confirmed,
            required=True,
        ),
        CheckItem("proposal", "What is proposed and why", bool(page.proposal.strip()), True),
        CheckItem(
            "can_change",
            "What can and cannot change",
            bool(page.what_can_change.strip() and page.what_cannot_change.strip()),
            True,
        ),
        CheckItem(
            "responses_used",
            "How responses will be used",
            bool(page.how_responses_used.strip()),
            True,
        ),
        CheckItem(
            "decision", "When a decision is expected", page.decision_expected is not None, True
        ),
        CheckItem(
            "period",
            "Open for at least the minimum period",
            long_enough,
            required=False,
            detail=period_detail,
        ),
        CheckItem(
            "equality_monitoring",
            "Equality monitoring switched on in a survey",
            _has_equality_monitoring(page),
            required=False,
        ),
        CheckItem(
            "eqia",
            "Equality impact assessment recorded or marked not needed",
            eqia == "recorded"
            or (eqia == "not_needed" and bool(page.equality_impact_note.strip())),
            required=False,
        ),
    ]


def missing_requirements(page):
    """Labels of the required items a formal consultation lacks before publishing."""
    return [
        item.label
        for item in gunning_checklist(page, minimum_days=0)
        if item.required and not item.passed
    ]
