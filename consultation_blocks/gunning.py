"""The Gunning readiness checklist, computed from a consultation's own fields.

Moderators see it in the editor and in the consultations report; publishing a formal
consultation requires the items marked ``required``, which are ``REQUIREMENTS`` below:
the page's admin form refuses a formal consultation that misses one (``unmet_fields``),
so what it checks and what the checklist shows come from the same list.
"""

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    """Something the Gunning principles ask an editor to say before consulting."""

    code: str
    label: str
    # The page fields that say it, each with what the form tells an editor who left it
    # blank.
    fields: dict

    def is_met(self, value_of):
        """Whether every field is filled in; `value_of(field)` reads one, from a page
        or from a form's cleaned data."""
        return all(is_given(value_of(field)) for field in self.fields)


def is_given(value):
    """A field counts as answered when it is ticked, dated or has words in it."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value is not False


REQUIREMENTS = (
    Requirement(
        "formative",
        "Proposals confirmed to be at a formative stage",
        {"formative_stage_confirmed": "Confirm the proposals are still at a formative stage."},
    ),
    Requirement(
        "proposal", "What is proposed and why", {"proposal": "Say what is proposed and why."}
    ),
    Requirement(
        "can_change",
        "What can and cannot change",
        {
            "what_can_change": "Say what can change as a result of the consultation.",
            "what_cannot_change": "Say what cannot change, and why.",
        },
    ),
    Requirement(
        "responses_used",
        "How responses will be used",
        {"how_responses_used": "Say how responses will be used."},
    ),
    Requirement(
        "decision",
        "When a decision is expected",
        {"decision_expected": "Say when a decision is expected."},
    ),
)


def unmet_fields(value_of):
    """(field, message) for each required field left blank; `value_of(field)` reads
    one, e.g. a page form's ``cleaned_data.get``."""
    return [
        (field, message)
        for requirement in REQUIREMENTS
        for field, message in requirement.fields.items()
        if not is_given(value_of(field))
    ]


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
        *(
            CheckItem(
                requirement.code,
                requirement.label,
                requirement.is_met(functools.partial(getattr, page)),
                required=True,
            )
            for requirement in REQUIREMENTS
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
