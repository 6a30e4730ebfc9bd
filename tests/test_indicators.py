"""Indicators drawn as charts without script, a strategy's adoption trail and action
plan, the partnership dashboard, and the indicator admin scoped by partner."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from consultation_blocks.charts import line_chart
from consultation_blocks.models import (
    Indicator,
    IndicatorDashboardPage,
    IndicatorValue,
    StrategyAction,
    StrategyAdoptionStep,
    StrategyIndicator,
)
from tests.factories import StrategyIndexPageFactory, StrategyPageFactory


def make_indicator(partner, code, values=((2007, "35"), (2008, "30")), **fields):
    indicator = Indicator(
        code=code,
        title=fields.pop("title", f"Indicator {code}"),
        partner=partner,
        unit=fields.pop("unit", "percent"),
        direction=fields.pop("direction", "up"),
        **fields,
    )
    indicator.values = [
        IndicatorValue(year=year, value=Decimal(value), source="Residents' survey")
        for year, value in values
    ]
    indicator.save()
    return indicator


def test_chart_describes_the_trend_in_words():
    chart = line_chart([(2008, "30"), (2007, "35")], unit="percent", direction="up")
    assert [point.year for point in chart.points] == [2007, 2008]
    assert [point.label for point in chart.points] == ["35%", "30%"]
    assert chart.summary == (
        "It fell from 35% in 2007 to 30% in 2008, a worsening. Higher is better."
    )
    # The higher value is drawn higher up (SVG's y grows downwards).
    assert chart.points[0].y < chart.points[1].y


def test_chart_with_a_target_and_a_single_value():
    chart = line_chart(
        [(2020, "12.5")], unit="number", direction="down", target=Decimal("10"), target_year=2025
    )
    assert chart.points[0].label == "12.5"
    assert chart.target_label == "10 by 2025"
    assert "Lower is better. The target is 10 by 2025." in chart.summary
    assert line_chart([], unit="number", direction="up") is None


@pytest.fixture
def strategy(home_page, partner_a):
    index = StrategyIndexPageFactory(parent=home_page)
    page = StrategyPageFactory(parent=index, title="Stronger voices")
    return page


def publish_strategy(page, indicators=(), steps=(), actions=()):
    page.strategy_indicators = [StrategyIndicator(indicator=i) for i in indicators]
    page.adoption_steps = list(steps)
    page.actions = list(actions)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_strategy_page_shows_trail_actions_and_accessible_charts(client, strategy, partner_a):
    indicator = make_indicator(
        partner_a, "ni-4", title="People who feel they can influence decisions"
    )
    publish_strategy(
        strategy,
        indicators=[indicator],
        steps=[
            StrategyAdoptionStep(stage="adopted", date=datetime.date(2010, 2, 2), body="Board"),
            StrategyAdoptionStep(
                stage="endorsed", date=datetime.date(2009, 12, 1), body="Sub-group"
            ),
        ],
        actions=[
            StrategyAction(
                objective="A Stronger Voice",
                title="Launch an online engagement portal",
                owner_role="Engagement lead",
                status="delayed",
                progress="Procurement restarted <b>in spring</b>.",
                progress_updated_on=datetime.date(2026, 3, 1),
            )
        ],
    )

    html = client.get(strategy.url).content.decode()

    # The trail is in date order whatever order the editor typed it in.
    assert html.index("Endorsed") < html.index("Adopted")
    assert "Launch an online engagement portal" in html
    assert "Engagement lead" in html
    assert '<strong class="govuk-tag govuk-tag--orange">Delayed</strong>' in html
    assert "Procurement restarted &lt;b&gt;in spring&lt;/b&gt;." in html
    # The chart: an image with a title and a description, and its figures in a table.
    assert 'role="img"' in html
    assert 'aria-labelledby="chart-title-ni-4 chart-desc-ni-4"' in html
    assert '<title id="chart-title-ni-4">People who feel they can influence decisions' in html
    assert "It fell from 35% in 2007 to 30% in 2008, a worsening." in html
    assert "People who feel they can influence decisions, by year</caption>" in html
    assert "Residents&#x27; survey" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_strategy_page_queries_do_not_grow_with_its_indicators(client, strategy, partner_a):
    publish_strategy(strategy, indicators=[make_indicator(partner_a, "one")])
    client.get(strategy.url)
    small = _queries(client, strategy.url)
    publish_strategy(
        strategy,
        indicators=[
            make_indicator(partner_a, f"many-{n}", values=[(2000 + y, y) for y in range(6)])
            for n in range(5)
        ],
    )
    client.get(strategy.url)
    assert _queries(client, strategy.url) == small


@pytest.fixture
def dashboard(home_page):
    page = IndicatorDashboardPage(title="Partnership dashboard", slug="dashboard")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_dashboard_shows_every_indicator_with_a_fixed_number_of_queries(
    client, dashboard, partner_a, partner_b
):
    make_indicator(partner_a, "first", title="First indicator")
    client.get(dashboard.url)
    small = _queries(client, dashboard.url)
    for number in range(5):
        make_indicator(partner_b, f"more-{number}", title=f"Indicator number {number}")
    html = client.get(dashboard.url).content.decode()
    assert "First indicator" in html
    assert "Indicator number 4" in html
    assert html.count('role="img"') == 6
    assert _queries(client, dashboard.url) == small


# --- The admin ---------------------------------------------------------------------

ADD_URL = "/admin/snippets/consultation_blocks/indicator/add/"


def indicator_form(partner, values, **overrides):
    data = {
        "code": "ni-4",
        "title": "People who feel they can influence decisions",
        "description": "",
        "partner": partner.pk,
        "unit": "percent",
        "direction": "up",
        "target_value": "",
        "target_year": "",
        "values": inline_formset(values),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_adds_an_indicator_with_yearly_values(client_for, role_users, partner_a):
    client = client_for(role_users["moderator_a"])
    response = client.post(
        ADD_URL,
        indicator_form(
            partner_a,
            [
                {"year": "2007", "value": "35", "source": "Survey 2007"},
                {"year": "2008", "value": "30", "source": "Survey 2008"},
            ],
        ),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert [(v.year, v.value) for v in indicator.values.order_by("year")] == [
        (2007, Decimal("35")),
        (2008, Decimal("30")),
    ]


@pytest.mark.parametrize(
    ("values", "overrides", "message"),
    [
        ([{"year": "2007", "value": "35", "source": ""}], {}, "This field is required."),
        ([{"year": "1800", "value": "35", "source": "Old"}], {}, "greater than or equal to 1990"),
        ([], {"target_value": "120", "target_year": "2030"}, "between 0 and 100"),
        ([], {"target_value": "40"}, "Give both the target and the year"),
    ],
)
def test_bad_indicator_input_is_refused(
    client_for, role_users, partner_a, values, overrides, message
):
    client = client_for(role_users["moderator_a"])
    # Publishing checks everything (a draft may be saved with required fields empty).
    data = {**indicator_form(partner_a, values, **overrides), "action-publish": "publish"}
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Indicator.objects.exists()


def test_the_same_year_twice_is_refused(client_for, role_users, partner_a):
    client = client_for(role_users["moderator_a"])
    response = client.post(
        ADD_URL,
        indicator_form(
            partner_a,
            [
                {"year": "2008", "value": "30", "source": "A"},
                {"year": "2008", "value": "31", "source": "B"},
            ],
        ),
    )
    assert response.status_code == 200
    assert not Indicator.objects.exists()


def test_another_partners_indicator_cannot_be_changed(client_for, role_users, partner_a, partner_b):
    other = make_indicator(partner_b, "theirs", title="Their indicator")
    client = client_for(role_users["moderator_a"])
    listing = client.get("/admin/snippets/consultation_blocks/indicator/").content.decode()
    assert "Their indicator" not in listing
    url = f"/admin/snippets/consultation_blocks/indicator/edit/{other.pk}/"
    response = client.post(url, indicator_form(partner_a, [], code="theirs", title="Taken"))
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert (other.title, other.partner) == ("Their indicator", partner_b)


def test_the_demo_seeds_the_stockport_figures_and_the_tower_hamlets_decision(client, seeded):
    from consultation_blocks.models import Decision, StrategyPage

    influence = Indicator.objects.get(code="ni-4-influence-decisions")
    informed = Indicator.objects.get(code="stockport-well-informed")
    assert [(v.year, v.value) for v in influence.values.order_by("year")] == [
        (2007, Decimal("35")),
        (2008, Decimal("30")),
    ]
    assert [(v.year, v.value) for v in informed.values.order_by("year")] == [
        (2006, Decimal("43")),
        (2008, Decimal("31")),
    ]
    decision = Decision.objects.get(reference="I068121")
    assert (decision.decision_maker, decision.due_on, decision.kind) == (
        "Cabinet",
        datetime.date(2018, 1, 30),
        "key",
    )
    assert [c.slug for c in decision.consultations.all()] == [
        "tower-hamlets-community-engagement-strategy"
    ]
    stockport = StrategyPage.objects.get(slug="a-stronger-voice-a-stronger-place")
    html = client.get(stockport.url).content.decode()
    assert "It fell from 43% in 2006 to 31% in 2008, a worsening." in html
    assert "Stronger Communities Partnership" in html
    assert client.get("/decisions/I068121/").status_code == 200
    consultation = decision.consultations.get()
    html = client.get(consultation.url).content.decode()
    assert "Public sector equality duty" in html
    assert "Full assessment completed" in html
    assert "Community Engagement Strategy (I068121)" in html
    assert client.get("/partnership-dashboard/").status_code == 200


def test_the_read_api_lists_indicators_with_their_values(client, partner_a):
    make_indicator(partner_a, "ni-4")
    items = client.get("/api/v2/indicators/").json()["items"]
    assert items[0]["code"] == "ni-4"
    assert items[0]["yearly_values"] == [
        {"year": 2007, "value": "35.00", "source": "Residents' survey"},
        {"year": 2008, "value": "30.00", "source": "Residents' survey"},
    ]


# --- The strategy editor --------------------------------------------------------------


def strategy_form(strategy, *, steps=(), actions=(), indicators=()):
    data = nested_form_data(
        {
            "title": strategy.title,
            "slug": strategy.slug,
            "summary": "",
            "adopted_on": "",
            "body-count": "0",
            "tags": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
            "shaping_consultations": inline_formset([]),
            "adoption_steps": inline_formset(list(steps)),
            "actions": inline_formset(list(actions)),
            "strategy_indicators": inline_formset(list(indicators)),
        }
    )
    data["partners"] = []
    data["areas"] = []
    return data


def _action(**fields):
    action = {
        "objective": "A Stronger Voice",
        "title": "Launch the portal",
        "owner_role": "Engagement lead",
        "status": "on_track",
        "due_on": "2027-03-31",
        "progress": "",
        "progress_updated_on": "",
    }
    action.update(fields)
    return action


def test_an_editor_records_the_trail_actions_and_indicators(
    client_for, role_users, strategy, partner_a
):
    from tests.workflow_support import edit_url

    indicator = make_indicator(partner_a, "ni-4")
    client = client_for(role_users["moderator_a"])
    response = client.post(
        edit_url(strategy),
        {
            **strategy_form(
                strategy,
                steps=[{"stage": "adopted", "date": "2010-02-02", "body": "Board", "note": ""}],
                actions=[_action(progress="Supplier chosen.", progress_updated_on="2026-11-01")],
                indicators=[{"indicator": indicator.pk}],
            ),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert [step.body for step in strategy.adoption_steps.all()] == ["Board"]
    assert [action.progress for action in strategy.actions.all()] == ["Supplier chosen."]
    assert [link.indicator for link in strategy.strategy_indicators.all()] == [indicator]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"actions": [_action(progress="Going well.")]}, "Say when the progress notes"),
        (
            {"steps": [{"stage": "signed", "date": "2010-02-02", "body": "B", "note": ""}]},
            "valid choice",
        ),
        (
            {"steps": [{"stage": "adopted", "date": "2010-02-31", "body": "B", "note": ""}]},
            "valid date",
        ),
    ],
)
def test_bad_delivery_input_is_refused_in_the_strategy_editor(
    client_for, role_users, strategy, form, message
):
    from tests.workflow_support import edit_url

    client = client_for(role_users["moderator_a"])
    response = client.post(
        edit_url(strategy), {**strategy_form(strategy, **form), "action-publish": "action-publish"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    strategy.refresh_from_db()
    assert not strategy.actions.exists() and not strategy.adoption_steps.exists()


def test_the_admin_forms_load(client_for, role_users, strategy):
    from tests.workflow_support import edit_url

    client = client_for(role_users["moderator_a"])
    assert client.get(ADD_URL).status_code == 200
    assert client.get("/admin/snippets/consultation_blocks/decision/add/").status_code == 200
    html = client.get(edit_url(strategy)).content.decode()
    assert "Adoption trail" in html and "Action plan" in html


def test_draft_indicators_are_not_shown(client, dashboard, strategy, partner_a):
    draft = make_indicator(partner_a, "draft", title="Unapproved figures", live=False)
    publish_strategy(strategy, indicators=[draft])
    assert "Unapproved figures" not in client.get(dashboard.url).content.decode()
    assert "Unapproved figures" not in client.get(strategy.url).content.decode()
    assert client.get("/api/v2/indicators/").json()["items"] == []
