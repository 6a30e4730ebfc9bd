"""What the strategy pages and the partnership dashboard show of delivery: the reads
are selectors'; these only shape them for the templates."""

from ..selectors.delivery import dashboard_indicators, strategy_delivery


def strategy_delivery_context(strategy):
    return strategy_delivery(strategy)


def dashboard_context(page, request):
    return {"indicator_charts": dashboard_indicators()}
