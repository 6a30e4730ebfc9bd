"""The demo loader: complete, faithful to the documents, and idempotent."""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision

from consultation_blocks.models import (
    Area,
    ConsultationPage,
    ConsultationStatus,
    Partner,
    PartnerKind,
    StrategyPage,
)
from home.demo.partners import STRATEGY_CONTRIBUTORS
from home.models import PartnershipSettings
from tests.factories import EVERY_QUESTION_KIND


def database_snapshot():
    """Row counts of every table, plus the latest revision of each page."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    revisions = dict(Page.objects.values_list("pk", "latest_revision_id"))
    return counts, revisions


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("seed_demo")
    first = database_snapshot()
    call_command("seed_demo")
    second = database_snapshot()

    assert first == second
    output = capsys.readouterr().out
    assert "nothing changed" in output
    assert "admin" in output and "editor" in output and "moderator" in output


@pytest.mark.django_db
def test_seed_demo_generates_and_prints_a_password_when_none_is_given(
    monkeypatch, tmp_path, capsys
):
    from home.demo import seed

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    credentials = tmp_path / "credentials"
    monkeypatch.setattr(seed, "CREDENTIALS_FILE", credentials)

    call_command("seed_demo")

    password = credentials.read_text().strip()
    assert len(password) >= 12
    assert f"Password: {password}" in capsys.readouterr().out
    assert get_user_model().objects.get(username="editor").check_password(password)


@pytest.mark.django_db
def test_seed_demo_reuses_the_saved_password_for_another_database(monkeypatch, tmp_path):
    from home.demo import seed

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    credentials = tmp_path / "credentials"
    credentials.write_text("a-password-saved-by-an-earlier-seed\n")
    monkeypatch.setattr(seed, "CREDENTIALS_FILE", credentials)

    call_command("seed_demo")

    assert credentials.read_text().strip() == "a-password-saved-by-an-earlier-seed"
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("a-password-saved-by-an-earlier-seed")


def test_seeded_partners_cover_all_three_places(seeded):
    names = set(Partner.objects.values_list("name", flat=True))
    assert {
        "Tameside and Glossop Strategic Commission",
        "Stockport Partnership Board",
        "London Borough of Tower Hamlets",
        "Let's Talk Tower Hamlets",
        "Urban Inclusion",
    } <= names
    # The fuller source lists eighteen organisations; the demo keeps all of them.
    assert len(STRATEGY_CONTRIBUTORS) == 18
    assert Partner.objects.filter(slug__in=STRATEGY_CONTRIBUTORS).count() == 18
    commission = Partner.objects.get(slug="tameside-glossop-strategic-commission")
    assert set(commission.members.values_list("slug", flat=True)) == {
        "tameside-council",
        "tameside-glossop-ccg",
    }
    assert commission.kind == PartnerKind.PARTNERSHIP_BODY


def test_seeded_areas_span_several_authorities(seeded):
    glossop = Area.objects.get(slug="glossop")
    assert glossop.parent.slug == "derbyshire"
    assert str(Area.objects.get(slug="tower-hamlets")) == "Tower Hamlets (all wards)"


def test_seeded_strategy_holds_the_documents_facts(seeded):
    page = StrategyPage.objects.get(slug="tameside-and-glossop-engagement-strategy")
    blocks = {child.block_type: child.value for child in page.body}
    assert len(blocks["objectives"]["objectives"]) == 6
    assert len(blocks["principles"]["principles"]) == 8
    duties = [(d["legislation"], d["provision"]) for d in blocks["legal_duties"]["duties"]]
    assert ("NHS Act 2006", "Section 242") in duties
    assert ("NHS Act 2006", "Section 244") in duties
    assert ("Health and Social Care Act 2012", "Section 14Z2") in duties
    gunning = next(d for d in blocks["legal_duties"]["duties"] if "Gunning" in d["legislation"])
    assert len(gunning["points"]) == 4
    assert page.live
    assert set(page.tags.names()) >= {"engagement", "strategy"}
    assert page.shaping_consultations.count() == 1


def test_seeded_consultations_cover_every_state(seeded):
    statuses = {page.slug: page.status for page in ConsultationPage.objects.live()}
    assert set(statuses.values()) == {status for status, _ in ConsultationStatus.choices}
    tower_hamlets = ConsultationPage.objects.get(slug="tower-hamlets-community-engagement-strategy")
    assert tower_hamlets.status == ConsultationStatus.OUTCOME
    assert tower_hamlets.decision_expected.isoformat() == "2018-01-30"
    assert tower_hamlets.opens_at.year == 2017 and tower_hamlets.opens_at.month == 6
    glossop = ConsultationPage.objects.get(slug="glossop-neighbourhood-conversation")
    assert (glossop.kind, glossop.level, glossop.closes_at) == ("engagement", "neighbourhood", None)


def test_open_consultation_asks_the_scrutiny_workshop_questions_and_every_kind(seeded):
    from consultation_blocks.surveys import surveys_in

    page = ConsultationPage.objects.get(slug="how-should-we-engage-with-you")
    [survey] = surveys_in(page.body)
    labels = [question.label for question in survey.questions]
    assert "What do you think of our vision and objectives for engagement?" in labels
    assert any("objectives missing" in label for label in labels)
    assert any("ideas" in label for label in labels)
    assert {question.kind for question in survey.questions} == EVERY_QUESTION_KIND
    assert len(survey.equality_codes) == 14


def test_seed_never_contains_named_officers_or_real_contact_details(seeded):
    from wagtail.models import Page

    def without_block_ids(data):
        # Block ids are random hex: one could hold "0161" by chance.
        if isinstance(data, dict):
            return {key: without_block_ids(value) for key, value in data.items() if key != "id"}
        if isinstance(data, list):
            return [without_block_ids(item) for item in data]
        return data

    text = " ".join(
        json.dumps(without_block_ids(list(page.body.raw_data)))
        for page in Page.objects.filter(depth__gt=2).specific()
        if hasattr(page, "body")
    )
    for forbidden in (
        "Easton",
        "Brunet",
        "MacKenzie",
        "Godman",
        "Fieran",
        "0161",
        "@tameside.gov.uk",
    ):
        assert forbidden not in text


def test_seed_links_footer_pages_in_settings(seeded):
    partnership = PartnershipSettings.objects.get()
    assert partnership.house_rules_page.slug == "house-rules"
    assert partnership.privacy_page.slug == "privacy"


def test_seed_creates_demo_users_with_roles(seeded, demo_password):
    users = get_user_model().objects.in_bulk(
        ["admin", "editor", "moderator"], field_name="username"
    )
    assert users["admin"].is_superuser
    assert not users["editor"].is_superuser
    assert users["editor"].groups.filter(name="Comms editors").exists()
    assert users["moderator"].groups.filter(name="Moderators").exists()
    assert all(user.check_password(demo_password) for user in users.values())


def test_seed_publishes_every_page_once(seeded):
    from wagtail.models import Page

    pages = Page.objects.filter(depth__gt=2)
    assert pages.count() >= 14
    for page in pages:
        assert page.live
        # A translation starts from wagtail-localize's copy of the source's revision,
        # then its translated revision; the English pages are published once.
        if page.locale.language_code == "en-gb":
            assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1


@pytest.mark.django_db
def test_seed_refuses_production_settings(settings):
    from django.core.management.base import CommandError

    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError, match="production settings"):
        call_command("seed_demo")
