"""Reads for decisions, strategies' delivery and indicators. Each public page asks a
fixed number of queries however many records there are."""

from dataclasses import dataclass

from django.db.models import Prefetch

from ..charts import line_chart
from ..models import (
    ConsultationPage,
    Decision,
    DecisionKind,
    DecisionStatus,
    Indicator,
    IndicatorValue,
)
from ..models.locales import active_language_q

FORWARD_PLAN_STATUSES = (DecisionStatus.PLANNED, DecisionStatus.DEFERRED)


def _public_decisions():
    # Only live, public consultations are named to residents; drafts stay hidden.
    return (
        Decision.objects.filter(live=True)
        .select_related("partner")
        .prefetch_related(
            "wards",
            Prefetch(
                "consultations",
                queryset=ConsultationPage.objects.live()
                .public()
                .filter(active_language_q())
                .order_by("title"),
            ),
        )
    )


def forward_plan(*, partner=None):
    """Key decisions still to be taken, soonest first."""
    decisions = _public_decisions().filter(kind=DecisionKind.KEY, status__in=FORWARD_PLAN_STATUSES)
    if partner is not None:
        decisions = decisions.filter(partner=partner)
    return decisions.order_by("due_on", "reference")


def decisions_made(*, partner=None):
    decisions = _public_decisions().filter(status=DecisionStatus.MADE)
    if partner is not None:
        decisions = decisions.filter(partner=partner)
    return decisions.order_by("-decided_on", "reference")


def decisions_informed_by(consultation):
    """The published decisions a consultation informed, in date order."""
    return Decision.objects.filter(live=True, consultations=consultation).order_by(
        "due_on", "reference"
    )


def decision_by_reference(reference):
    return _public_decisions().filter(reference=reference).first()


@dataclass(frozen=True)
class IndicatorChart:
    indicator: Indicator
    values: list
    chart: object


def _with_charts(indicators):
    charts = []
    for indicator in indicators:
        values = list(indicator.values.all())
        charts.append(
            IndicatorChart(
                indicator=indicator,
                values=values,
                chart=line_chart(
                    [(value.year, value.value) for value in values],
                    unit=indicator.unit,
                    direction=indicator.direction,
                    target=indicator.target_value,
                    target_year=indicator.target_year,
                ),
            )
        )
    return charts


def _indicators():
    return (
        Indicator.objects.filter(live=True)
        .select_related("partner")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("year")))
    )


def dashboard_indicators():
    """Every indicator with its figures and chart, for the partnership dashboard."""
    return _with_charts(_indicators().order_by("partner__name", "code"))


def strategy_indicators(strategy):
    """The indicators a strategy links to, in the editor's order. Reads the page's own
    links, so a preview shows links not yet saved."""
    ids = [link.indicator_id for link in strategy.strategy_indicators.all() if link.indicator_id]
    if not ids:
        return []
    by_id = {indicator.pk: indicator for indicator in _indicators().filter(pk__in=ids)}
    return _with_charts([by_id[pk] for pk in ids if pk in by_id])


def strategy_delivery(strategy):
    """The adoption trail in date order, the action plan grouped by objective, and the
    strategy's indicators."""
    steps = sorted(
        strategy.adoption_steps.all(), key=lambda step: (step.date, step.sort_order or 0)
    )
    objectives = {}
    for action in strategy.actions.all():
        objectives.setdefault(action.objective, []).append(action)
    return {
        "adoption_steps": steps,
        "action_plan": list(objectives.items()),
        "indicator_charts": strategy_indicators(strategy),
    }
