"""Decision records: the public forward plan and decision pages, the admin scoped by
partner, and what a consultation page shows of its legal basis, equality impact
assessment and the decisions it informed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation_blocks.models import (
    ConsultationEqualityImpact,
    Decision,
    DecisionIndexPage,
)


@pytest.fixture
def decisions_page(home_page):
    page = DecisionIndexPage(title="Decisions", slug="decisions")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_decision(partner, reference, **fields):
    values = {
        "title": f"Decision {reference}",
        "decision_maker": "Cabinet",
        "kind": "key",
        "status": "planned",
        "due_on": datetime.date(2030, 1, 1),
    }
    values.update(fields)
    return Decision.objects.create(reference=reference, partner=partner, **values)


def test_forward_plan_lists_key_decisions_due_soonest_first(client, decisions_page, partner_a):
    make_decision(
        partner_a, "LATER", title="Close the old library", due_on=datetime.date(2030, 6, 1)
    )
    make_decision(partner_a, "SOONER", title="Open the new hub", due_on=datetime.date(2030, 2, 1))
    make_decision(partner_a, "MINOR", title="Repaint the hall", kind="non_key")
    make_decision(
        partner_a,
        "DONE",
        title="Agree the engagement strategy",
        status="made",
        decided_on=datetime.date(2018, 1, 30),
        outcome="Recommendations approved",
    )

    response = client.get(decisions_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    plan, made = html.split("Decisions made, latest first")
    assert plan.index("Open the new hub") < plan.index("Close the old library")
    assert "Repaint the hall" not in plan  # not a key decision: not in the forward plan
    assert "Agree the engagement strategy" in made
    assert "Recommendations approved" in made
    assert '<caption class="govuk-table__caption govuk-table__caption--m">' in plan


def test_filtering_by_partner_and_refusing_an_unknown_one(
    client, decisions_page, partner_a, partner_b
):
    make_decision(partner_a, "A1", title="Northshire decision")
    make_decision(partner_b, "B1", title="Southvale decision")

    response = client.get(decisions_page.url, {"partner": partner_b.slug})
    assert response.status_code == 200
    assert "Southvale decision" in response.content.decode()
    assert "Northshire decision" not in response.content.decode()

    response = client.get(decisions_page.url, {"partner": "no-such-partner"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose a partner from the list." in html
    assert "Northshire decision" not in html


def test_decision_page_names_only_live_consultations_and_escapes_text(
    client, decisions_page, partner_a, make_consultation
):
    live = make_consultation(lead_partner=partner_a, live=True, title="Library consultation")
    draft = make_consultation(lead_partner=partner_a, title="Secret draft consultation")
    decision = make_decision(
        partner_a,
        "I068121",
        title="<script>alert(1)</script> strategy",
        status="made",
        decided_on=datetime.date(2018, 1, 30),
        all_wards=True,
        published_decision_url="https://decisions.example/I068121",
    )
    decision.consultations.add(live, draft)

    response = client.get(f"{decisions_page.url}I068121/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Library consultation" in html
    assert "Secret draft consultation" not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; strategy" in html
    assert "All wards" in html
    assert 'href="https://decisions.example/I068121"' in html
    assert client.get(f"{decisions_page.url}NOPE/").status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_public_decision_pages_ask_a_fixed_number_of_queries(
    client, decisions_page, partner_a, make_consultation, home_page
):
    from consultation_blocks.models import Area

    consultation = make_consultation(lead_partner=partner_a, live=True)
    ward = Area.objects.create(name="Ward", slug="ward", kind="local_authority")

    def add(count, start):
        for number in range(start, start + count):
            for status in ("planned", "made"):
                decision = make_decision(
                    partner_a,
                    f"R{status}{number}",
                    status=status,
                    decided_on=datetime.date(2018, 1, 1) if status == "made" else None,
                )
                decision.consultations.add(consultation)
                decision.wards.add(ward)

    add(1, 0)
    client.get(decisions_page.url)  # warm the site and page caches
    small = _queries(client, decisions_page.url)
    add(6, 1)
    assert _queries(client, decisions_page.url) == small
    detail = _queries(client, f"{decisions_page.url}Rmade0/")
    assert _queries(client, f"{decisions_page.url}Rmade5/") == detail


def test_consultation_page_shows_legal_basis_impact_assessment_and_decisions(
    client, partner_a, make_consultation
):
    page = make_consultation(lead_partner=partner_a)
    page.legal_basis = ["nhs_s242", "psed"]
    page.equality_impact_records = [
        ConsultationEqualityImpact(
            eia_screening="full_done",
            eia_groups=["disability", "carers"],
            eia_impact="mixed",
            eia_mitigations="Large-print and easy-read versions; drop-in sessions.",
            eia_signed_off_by="Director of Public Health",
            eia_signed_off_on=datetime.date(2026, 1, 5),
        )
    ]
    page.save_revision().publish()
    make_decision(partner_a, "D1", title="Agree the new service").consultations.add(page)

    html = client.get(page.url).content.decode()

    assert "Legal basis" in html
    assert "NHS Act 2006, section 242" in html
    assert "Public sector equality duty" in html
    assert "Disability, Carers" in html
    assert "Large-print and easy-read versions" in html
    assert "Director of Public Health" in html
    assert "Decisions this consultation informed" in html
    assert "Agree the new service (D1)" in html


def test_no_legal_duty_cannot_be_chosen_with_a_duty(partner_a, make_consultation):
    from django.core.exceptions import ValidationError

    page = make_consultation(lead_partner=partner_a)
    page.legal_basis = ["none", "psed"]
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "legal_basis" in error.value.message_dict


# --- The admin: partner scope -------------------------------------------------------


def decision_form(partner, **overrides):
    data = {
        "reference": "NEW1",
        "title": "Agree the library plan",
        "purpose": "",
        "partner": partner.pk,
        "decision_maker": "Cabinet",
        "kind": "key",
        "status": "planned",
        "notice_published_on": "",
        "due_on": "2030-03-01",
        "decided_on": "",
        "outcome": "",
        "published_decision_url": "",
        "eia_screening": "not_screened",
        "eia_impact": "unknown",
        "eia_impact_notes": "",
        "eia_mitigations": "",
        "eia_signed_off_by": "",
        "eia_signed_off_on": "",
    }
    data.update(overrides)
    return data


ADD_URL = "/admin/snippets/consultation_blocks/decision/add/"


def test_an_editor_records_a_decision_for_their_partner(client_for, role_users, partner_a):
    client = client_for(role_users["moderator_a"])
    response = client.post(ADD_URL, decision_form(partner_a))
    assert response.status_code == 302
    assert Decision.objects.get().partner == partner_a


def test_an_editor_cannot_record_a_decision_for_another_partner(client_for, role_users, partner_b):
    client = client_for(role_users["moderator_a"])
    response = client.post(ADD_URL, decision_form(partner_b))
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"due_on": ""}, "due_on", "A key decision needs a due date"),
        ({"status": "made"}, "decided_on", "Give the date the decision was made."),
        ({"decided_on": "2030-03-01"}, "status", "must have the status"),
        ({"eia_screening": "full_done", "eia_impact": "negative"}, "eia_mitigations", "negative"),
        (
            {"eia_screening": "full_done", "eia_signed_off_by": "Director"},
            "eia_signed_off_on",
            "both",
        ),
        ({"eia_groups": ["nobody"]}, "eia_groups", "valid choice"),
    ],
)
def test_bad_decision_input_is_refused_with_a_message(
    client_for, role_users, partner_a, overrides, field, message
):
    client = client_for(role_users["moderator_a"])
    response = client.post(ADD_URL, decision_form(partner_a, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Decision.objects.exists()


def test_another_partners_decision_is_neither_listed_nor_editable(
    client_for, role_users, partner_a, partner_b
):
    own = make_decision(partner_a, "OWN", title="Our decision")
    other = make_decision(partner_b, "OTHER", title="Their decision")
    client = client_for(role_users["moderator_a"])

    listing = client.get("/admin/snippets/consultation_blocks/decision/").content.decode()
    assert "Our decision" in listing
    assert "Their decision" not in listing

    edit_url = f"/admin/snippets/consultation_blocks/decision/edit/{other.pk}/"
    assert client.get(edit_url).status_code in (302, 403)
    response = client.post(edit_url, decision_form(partner_a, reference="OTHER", title="Taken"))
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert (other.title, other.partner) == ("Their decision", partner_b)
    delete_url = f"/admin/snippets/consultation_blocks/decision/delete/{other.pk}/"
    client.post(delete_url)
    assert Decision.objects.filter(pk=other.pk).exists()

    own_url = f"/admin/snippets/consultation_blocks/decision/edit/{own.pk}/"
    assert client.get(own_url).status_code == 200


def test_moving_own_decision_to_another_partner_is_refused(
    client_for, role_users, partner_a, partner_b
):
    own = make_decision(partner_a, "OWN")
    client = client_for(role_users["moderator_a"])
    url = f"/admin/snippets/consultation_blocks/decision/edit/{own.pk}/"
    response = client.post(url, decision_form(partner_b, reference="OWN"))
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.partner == partner_a


def test_an_administrator_sees_every_partners_decisions(client_for, role_users, partner_b):
    make_decision(partner_b, "OTHER", title="Their decision")
    client = client_for(role_users["administrator"])
    listing = client.get("/admin/snippets/consultation_blocks/decision/").content.decode()
    assert "Their decision" in listing


def test_decisions_are_searched_in_the_admin(client_for, role_users, partner_a):
    make_decision(partner_a, "S1", title="Close the swimming baths")
    make_decision(partner_a, "S2", title="Open a library")
    client = client_for(role_users["moderator_a"])
    response = client.get("/admin/snippets/consultation_blocks/decision/", {"q": "swimming"})
    html = response.content.decode()
    assert "Close the swimming baths" in html
    assert "Open a library" not in html


def test_the_read_api_lists_decisions_without_draft_consultations(
    client, partner_a, make_consultation
):
    live = make_consultation(lead_partner=partner_a, live=True, title="Library consultation")
    draft = make_consultation(lead_partner=partner_a, title="Secret draft consultation")
    decision = make_decision(partner_a, "API1", title="Agree the library plan")
    decision.consultations.add(live, draft)

    listing = client.get("/api/v2/decisions/").json()
    assert [item["reference"] for item in listing["items"]] == ["API1"]
    detail = client.get(f"/api/v2/decisions/{decision.pk}/").json()
    assert detail["informing_consultations"] == [{"id": live.pk, "title": "Library consultation"}]
    assert detail["partner_name"] == partner_a.name
    assert client.get("/api/v2/decisions/?offset=99999999").status_code == 400
    assert client.post("/api/v2/decisions/").status_code == 405


# --- The page editor: legal basis and the consultation's assessment -----------------


def _eia(**fields):
    record = {
        "eia_screening": "full_done",
        "eia_groups": ["disability"],
        "eia_impact": "positive",
        "eia_impact_notes": "",
        "eia_mitigations": "",
        "eia_signed_off_by": "",
        "eia_signed_off_on": "",
    }
    record.update(fields)
    return record


def _post_editor(client, page, **extra):
    from wagtail.test.utils.form_data import inline_formset

    from tests.workflow_support import consultation_form_data, edit_url

    # Multiple-choice values go in as lists; nested_form_data would number them.
    legal_basis = extra.pop("legal_basis", [])
    records = extra.pop("records", [])
    groups = [record.pop("eia_groups") for record in records]
    data = consultation_form_data(
        title=page.title,
        slug=page.slug,
        lead_partner=page.lead_partner,
        equality_impact_records=inline_formset(records),
        **extra,
    )
    data["legal_basis"] = legal_basis
    for number, chosen in enumerate(groups):
        data[f"equality_impact_records-{number}-eia_groups"] = chosen
    return client.post(edit_url(page), data)


def test_an_editor_records_the_legal_basis_and_the_assessment(
    client_for, role_users, partner_a, make_consultation
):
    page = make_consultation(lead_partner=partner_a)
    client = client_for(role_users["moderator_a"])

    response = _post_editor(client, page, legal_basis=["hsca_s14z2", "psed"], records=[_eia()])

    assert response.status_code == 302
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.legal_basis == ["hsca_s14z2", "psed"]
    [record] = draft.equality_impact_records.all()
    assert (record.eia_screening, record.eia_groups) == ("full_done", ["disability"])


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"legal_basis": ["none", "psed"]}, "cannot be chosen with a duty"),
        ({"legal_basis": ["made_up"]}, "valid choice"),
        ({"records": [_eia(eia_impact="negative")]}, "Say how a negative impact will be reduced."),
    ],
)
def test_bad_legal_basis_or_assessment_is_refused_in_the_editor(
    client_for, role_users, partner_a, make_consultation, extra, message
):
    page = make_consultation(lead_partner=partner_a)
    revisions = page.revisions.count()
    client = client_for(role_users["moderator_a"])

    # Publishing validates everything (a draft may be saved incomplete).
    response = _post_editor(client, page, action="publish", **extra)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert page.revisions.count() == revisions


# --- Approval: drafts stay private until a moderator publishes ----------------------


def test_a_decision_reaches_residents_only_once_a_moderator_publishes_it(
    client_for, role_users, partner_a, decisions_page
):
    from tests.factories import UserFactory

    editor = UserFactory(username="editor_a", groups=["Comms editors"], partners=[partner_a])
    client = client_for(editor)
    response = client.post(ADD_URL, {**decision_form(partner_a), "action-publish": "publish"})
    assert response.status_code == 302  # comms editors cannot publish: saved as a draft
    decision = Decision.objects.get()
    assert not decision.live
    assert "Agree the library plan" not in client.get(decisions_page.url).content.decode()
    assert client.get(f"{decisions_page.url}NEW1/").status_code == 404

    client = client_for(role_users["moderator_a"])
    edit = f"/admin/snippets/consultation_blocks/decision/edit/{decision.pk}/"
    response = client.post(edit, {**decision_form(partner_a), "action-publish": "publish"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.live
    assert "Agree the library plan" in client.get(decisions_page.url).content.decode()


def test_another_partners_decision_cannot_be_unpublished(client_for, role_users, partner_b):
    other = make_decision(partner_b, "OTHER")
    client = client_for(role_users["moderator_a"])
    url = f"/admin/snippets/consultation_blocks/decision/unpublish/{other.pk}/"
    client.post(url)
    other.refresh_from_db()
    assert other.live


def test_pages_of_decisions_keep_the_filter(client, decisions_page, partner_a, partner_b):
    for number in range(21):
        make_decision(
            partner_a,
            f"M{number:02}",
            status="made",
            decided_on=datetime.date(2018, 1, 1) + datetime.timedelta(days=number),
        )
    make_decision(partner_b, "DRAFT", title="Unpublished decision", live=False)

    html = client.get(decisions_page.url, {"partner": partner_a.slug}).content.decode()
    assert f'href="?partner={partner_a.slug}&amp;page=2"' in html
    second = client.get(decisions_page.url, {"partner": partner_a.slug, "page": 2})
    assert "Decision M00" in second.content.decode()
    # A partner whose only decision is a draft is not offered, nor accepted.
    assert partner_b.name not in html
    assert client.get(decisions_page.url, {"partner": partner_b.slug}).status_code == 400


# --- Whatever a visitor types ---------------------------------------------------------


def test_the_decision_pages_never_fail_whatever_the_address(client, decisions_page, partner_a):
    from urllib.parse import quote

    from hypothesis import given
    from hypothesis import strategies as st

    from tests.test_fuzz_public_inputs import (
        AWKWARD,
        FUZZ,
        QUICK,
        assert_not_server_error,
        characters,
        params_for,
    )

    make_decision(partner_a, "I068121", status="made", decided_on=datetime.date(2018, 1, 30))

    @QUICK
    @given(params=params_for(["partner", "kind", "page"]))
    def listing(params):
        for url in (decisions_page.url, "/api/v2/decisions/", "/api/v2/indicators/"):
            assert_not_server_error(client.get(url, params), f"{url} with {params!r}")

    @FUZZ
    @given(
        segment=st.one_of(st.sampled_from(AWKWARD), st.text(characters, min_size=1, max_size=30))
    )
    def reference(segment):
        url = decisions_page.url + quote(segment, safe="") + "/"
        assert_not_server_error(client.get(url), url)

    listing()
    reference()
