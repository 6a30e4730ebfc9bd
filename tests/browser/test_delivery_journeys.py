"""Journeys through the partnership's shared planning and decisions, in Chromium
against the seeded demo:

1. a coordinator plans an activity in the admin and sees that it clashes with another
   partner's, with whom to talk to, before anything is saved;
2. an editor records a decision informed by a consultation, with its outcome, submits
   it; a moderator approves it, and a resident finds it on the decisions page.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from consultation_blocks.models import Decision, EngagementActivity

from .support import BROWSER_TEST
from .test_journeys import sign_in

pytestmark = BROWSER_TEST


def choose(page, field_id, label):
    """Pick `label` in a select, single or multiple, as a person would."""
    page.locator(f"#{field_id}").select_option(label=label)


def choose_partner(page, field_name, name, search):
    """Pick a partner in the admin's chooser: open it, search, click the name."""
    field = page.locator(f"[data-contentpath='{field_name}']")
    field.get_by_role("button", name=re.compile("^Choose")).click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name='q']").fill(search)
    modal.get_by_role("link", name=name, exact=True).click()
    expect(page.locator(f"#id_{field_name}")).not_to_have_value("")


def test_a_coordinator_plans_an_activity_and_sees_the_clash(new_context, demo):
    today = timezone.localdate()
    editor = new_context().new_page()
    sign_in(editor, "editor", demo.password)
    editor.goto("/admin/snippets/consultation_blocks/engagementactivity/")
    editor.get_by_role("link", name=re.compile("^Add engagement activity")).first.click()

    editor.locator("#id_title").fill("Glossop carers' listening event")
    choose(editor, "id_method", "Public meeting or event")
    choose(editor, "id_stage", "Planned")
    editor.locator("#id_starts_on").fill((today + datetime.timedelta(days=44)).isoformat())
    editor.keyboard.press("Escape")
    editor.locator("#id_ends_on").fill((today + datetime.timedelta(days=46)).isoformat())
    editor.keyboard.press("Escape")
    choose_partner(editor, "lead_partner", "Tameside and Glossop Strategic Commission", "Strategic")
    editor.locator("#id_contact_role").fill("Engagement team, Strategic Commission")
    choose(editor, "id_areas", "Glossop")
    editor.get_by_role("checkbox", name="Carers", exact=True).first.check()
    editor.get_by_role("button", name="Save draft").click()

    # Nothing is saved: the clash is named, with its partner and who to contact.
    expect(editor.get_by_text(re.compile("Clashes with “Glossop carers' drop-in"))).to_be_visible()
    message = editor.get_by_text(re.compile("Clashes with “Glossop carers' drop-in")).first
    expect(message).to_contain_text("Integrated Care")
    expect(message).to_contain_text("Patient experience team")
    assert not EngagementActivity.objects.filter(title="Glossop carers' listening event").exists()

    # Having seen it, the coordinator confirms they will talk to them, and saves.
    editor.get_by_role("checkbox", name=re.compile("^I have seen the clashes")).check()
    editor.get_by_role("button", name="Save draft").click()
    # The add form's own error and help texts also say "created": wait for the next page.
    editor.wait_for_url(re.compile(r"/engagementactivity/edit/\d+/"))
    expect(editor.locator(".messages .success")).to_contain_text("created")
    activity = EngagementActivity.objects.get(title="Glossop carers' listening event")
    assert not activity.live  # a draft until a moderator approves it


def test_an_editor_records_a_decision_that_a_moderator_approves(new_context, demo):
    today = timezone.localdate()
    editor = new_context().new_page()
    sign_in(editor, "editor", demo.password)
    editor.goto("/admin/snippets/consultation_blocks/decision/add/")
    editor.locator("#id_reference").fill("TH-2026-07")
    editor.locator("#id_title").fill("Refresh the community engagement strategy")
    editor.locator("#id_purpose").fill("Whether to adopt the refreshed strategy.")
    choose_partner(editor, "partner", "London Borough of Tower Hamlets", "Tower Hamlets")
    editor.locator("#id_decision_maker").fill("Cabinet")
    choose(editor, "id_kind", "Key decision")
    choose(editor, "id_status", "Decision made")
    editor.locator("#id_due_on").fill(today.isoformat())
    editor.keyboard.press("Escape")
    editor.locator("#id_decided_on").fill(today.isoformat())
    editor.keyboard.press("Escape")
    editor.locator("#id_outcome").fill("Recommendations approved")
    choose(editor, "id_consultations", "Tower Hamlets Community Engagement Strategy")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Submit to Partnership approval").click()
    expect(editor.get_by_text(re.compile("submitted for moderation|created"))).to_be_visible()
    decision = Decision.objects.get(reference="TH-2026-07")
    assert not decision.live

    resident = new_context().new_page()
    resident.goto("/decisions/")
    expect(resident.get_by_text("Refresh the community engagement strategy")).to_have_count(0)

    moderator = new_context().new_page()
    sign_in(moderator, "moderator", demo.password)
    moderator.goto(f"/admin/snippets/consultation_blocks/decision/edit/{decision.pk}/")
    moderator.get_by_role("button", name="More actions").click()
    moderator.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator.get_by_text(re.compile("updated")).first).to_be_visible()
    decision.refresh_from_db()
    assert decision.live

    resident.goto("/decisions/")
    resident.get_by_role("link", name="Refresh the community engagement strategy").click()
    expect(resident.get_by_role("heading", level=1)).to_contain_text(
        "Refresh the community engagement strategy"
    )
    expect(resident.get_by_text("Recommendations approved")).to_be_visible()
    expect(
        resident.get_by_role("link", name="Tower Hamlets Community Engagement Strategy")
    ).to_be_visible()
