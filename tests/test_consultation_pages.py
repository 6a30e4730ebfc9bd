"""Consultation, index and strategy pages as residents see them, and as editors build
them in the admin."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from consultation_blocks.factories import child
from consultation_blocks.gunning import REQUIREMENTS
from consultation_blocks.models import ConsultationPage, StrategyPage
from tests.factories import (
    AreaFactory,
    ConsultationPageFactory,
    PartnerFactory,
    StrategyIndexPageFactory,
    StrategyPageFactory,
)

DAY = datetime.timedelta(days=1)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def publish(page):
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk) if isinstance(page, ConsultationPage) else page


@pytest.fixture
def varied_consultations(consultation_index):
    now = timezone.now()
    council = PartnerFactory(name="Riverside Council", slug="riverside-council")
    nhs = PartnerFactory(name="Riverside NHS Trust", slug="riverside-nhs", kind="nhs_provider")
    borough = AreaFactory(name="Riverside", slug="riverside")
    ward = AreaFactory(name="Docks ward", slug="docks", kind="ward", parent=borough)
    pages = {
        "open": ConsultationPageFactory(
            parent=consultation_index, title="Bus routes", lead_partner=council
        ),
        "upcoming": ConsultationPageFactory(
            parent=consultation_index,
            title="Library hours",
            lead_partner=nhs,
            opens_at=now + 3 * DAY,
            closes_at=now + 40 * DAY,
        ),
        "closed": ConsultationPageFactory(
            parent=consultation_index,
            title="Clinic hours",
            lead_partner=nhs,
            opens_at=now - 40 * DAY,
            closes_at=now - 3 * DAY,
        ),
        "engagement": ConsultationPageFactory(
            parent=consultation_index,
            title="Docks neighbourhood chat",
            kind="engagement",
            level="neighbourhood",
            closes_at=None,
            lead_partner=council,
        ),
    }
    pages["open"].tags.add("transport")
    pages["closed"].partners.add(council)
    pages["open"].areas.add(borough)
    pages["engagement"].areas.add(ward)
    for page in pages.values():
        page.save_revision().publish()
    return pages


def titles(response):
    return sorted(a.text.strip() for a in soup_of(response).select(".app-card h2 a"))


class TestConsultationIndex:
    def test_lists_every_live_consultation(self, client, consultation_index, varied_consultations):
        response = client.get(consultation_index.url)
        assert response.status_code == 200
        assert titles(response) == [
            "Bus routes",
            "Clinic hours",
            "Docks neighbourhood chat",
            "Library hours",
        ]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"status": "open"}, ["Bus routes", "Docks neighbourhood chat"]),
            ({"status": "upcoming"}, ["Library hours"]),
            ({"status": "closed"}, ["Clinic hours"]),
            ({"partner": "riverside-nhs"}, ["Clinic hours", "Library hours"]),
            # Co-facilitating partners count as well as the lead.
            (
                {"partner": "riverside-council"},
                ["Bus routes", "Clinic hours", "Docks neighbourhood chat"],
            ),
            ({"topic": "transport"}, ["Bus routes"]),
            ({"kind": "engagement"}, ["Docks neighbourhood chat"]),
            ({"level": "neighbourhood"}, ["Docks neighbourhood chat"]),
            ({"level": "thematic"}, ["Bus routes", "Clinic hours", "Library hours"]),
            # A ward matches consultations about the whole borough too.
            ({"area": "docks"}, ["Bus routes", "Docks neighbourhood chat"]),
            ({"area": "riverside"}, ["Bus routes"]),
            (
                {"status": "open", "partner": "riverside-council", "topic": "transport"},
                ["Bus routes"],
            ),
        ],
    )
    def test_filters_combine(
        self, client, consultation_index, varied_consultations, query, expected
    ):
        response = client.get(consultation_index.url, query)
        assert response.status_code == 200
        assert titles(response) == expected

    @pytest.mark.parametrize(
        "query",
        [
            {"status": "sideways"},
            {"partner": "<script>alert(1)</script>"},
            {"topic": "x" * 5000},
            {"page": "abc"},
            {"page": "-3"},
            {"page": "99999"},
        ],
    )
    def test_unknown_values_give_a_clean_page(
        self, client, consultation_index, varied_consultations, query
    ):
        response = client.get(consultation_index.url, query)
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content

    def test_unknown_filter_is_reported_and_ignored(
        self, client, consultation_index, varied_consultations
    ):
        response = client.get(consultation_index.url, {"status": "sideways", "kind": "engagement"})
        assert "We ignored a filter" in response.content.decode()
        assert titles(response) == ["Docks neighbourhood chat"]

    @pytest.mark.parametrize(
        ("query", "location"),
        [
            ("status=&partner=&topic=&area=&kind=&level=", ""),
            ("status=open&partner=&topic=&area=&kind=&level=", "?status=open"),
            ("status=open&page=2&area=%20", "?status=open&page=2"),
        ],
    )
    def test_empty_filters_are_dropped_from_the_address(
        self, client, consultation_index, varied_consultations, query, location
    ):
        # The filter form sends every select; the listing's address keeps only choices.
        response = client.get(f"{consultation_index.url}?{query}")
        assert response.status_code == 302
        assert response["Location"] == f"{consultation_index.url}{location}"

    def test_a_clean_address_is_served_directly(
        self, client, consultation_index, varied_consultations
    ):
        response = client.get(consultation_index.url, {"status": "open", "level": "neighbourhood"})
        assert response.status_code == 200
        assert titles(response) == ["Docks neighbourhood chat"]
        level = soup_of(response).select_one("select[name=level] option[selected]")
        assert level["value"] == "neighbourhood"

    def test_a_partner_that_only_co_facilitates_can_be_chosen(
        self, client, consultation_index, varied_consultations
    ):
        # The listing's filter matches a partner's consultations whether it leads them
        # or is named among their partners, so it must offer both kinds of partner:
        # it once offered lead partners only, and a co-facilitating partner's filter
        # was dropped as unknown.
        fire = PartnerFactory(name="Riverside Fire and Rescue", slug="riverside-fire")
        varied_consultations["upcoming"].partners.add(fire)
        varied_consultations["upcoming"].save_revision().publish()

        response = client.get(consultation_index.url)
        offered = [option["value"] for option in soup_of(response).select("#id_partner option")]
        assert offered == ["", "riverside-council", "riverside-fire", "riverside-nhs"]

        response = client.get(consultation_index.url, {"partner": "riverside-fire"})
        assert "We ignored a filter" not in response.content.decode()
        assert titles(response) == ["Library hours"]

    def test_paginates(self, client, consultation_index):
        for number in range(12):
            publish(ConsultationPageFactory(parent=consultation_index, title=f"Item {number:02}"))
        first = client.get(consultation_index.url)
        second = client.get(consultation_index.url, {"page": 2})
        assert len(titles(first)) == 10
        assert len(titles(second)) == 2
        assert soup_of(first).select_one("a[rel=next]")["href"] == "?page=2"

    def test_query_count_does_not_grow_with_consultations(
        self, client, consultation_index, django_assert_max_num_queries
    ):
        first = ConsultationPageFactory(parent=consultation_index)
        first.tags.add("one")
        publish(first)
        client.get(consultation_index.url)
        with django_assert_max_num_queries(20) as few:
            client.get(consultation_index.url)
        baseline = len(few)
        for _ in range(8):
            page = ConsultationPageFactory(parent=consultation_index)
            page.tags.add("one", "two")
            publish(page)
        client.get(consultation_index.url)  # publishing cleared the cached navigation
        with django_assert_max_num_queries(baseline):
            client.get(consultation_index.url)


class TestConsultationPage:
    def test_query_count_does_not_grow_with_topics_partners_and_areas(
        self, client, consultation_index, django_assert_max_num_queries
    ):
        page = ConsultationPageFactory(parent=consultation_index)
        page.tags.add("one")
        page.partners.add(PartnerFactory(name="Partner 0", slug="partner-0"))
        page.areas.add(AreaFactory(name="Area 0", slug="area-0"))
        page = publish(page)
        client.get(page.url)
        with django_assert_max_num_queries(40) as few:
            client.get(page.url)
        baseline = len(few)
        page.tags.add(*[f"topic {number}" for number in range(8)])
        for number in range(1, 6):
            page.partners.add(PartnerFactory(name=f"Partner {number}", slug=f"partner-{number}"))
            page.areas.add(AreaFactory(name=f"Area {number}", slug=f"area-{number}"))
        page = publish(page)
        response = client.get(page.url)
        assert "topic 7" in response.content.decode() and "Partner 5" in response.content.decode()
        with django_assert_max_num_queries(baseline):
            client.get(page.url)

    def test_partners_are_named_and_linked_one_way(self, client, consultation_index):
        lead = PartnerFactory(
            name="Riverside Borough Council",
            short_name="RBC",
            slug="rbc",
            website="https://riverside.example.org",
        )
        other = PartnerFactory(name="Riverside Voluntary Action", slug="rva")
        page = ConsultationPageFactory(parent=consultation_index, lead_partner=lead)
        page.partners.add(other)
        publish(page)
        soup = soup_of(client.get(page.url))
        assert soup.select_one(".govuk-caption-l").text.endswith("Riverside Borough Council")
        details = soup.select_one(".app-metadata")
        # The lead partner links to its own site; a partner without one is plain text.
        link = details.select_one("a[href='https://riverside.example.org']")
        assert link.text == "Riverside Borough Council"
        assert "Riverside Voluntary Action" in details.text
        assert not details.select("a[href='']")
        card = soup_of(client.get(consultation_index.url)).select_one(".app-card__meta")
        assert card.select_one("a[href='https://riverside.example.org']").text == lead.name
        assert "RBC" not in card.text

    def test_open_consultation_shows_status_dates_and_gunning_information(
        self, client, open_consultation
    ):
        response = client.get(open_consultation.url)
        soup = soup_of(response)
        assert soup.select_one(".app-status-tag").text.strip() == "Open"
        assert "govuk-tag--green" in soup.select_one(".app-status-tag")["class"]
        assert "days left" in soup.text
        about = soup.select_one("#about-heading").find_parent("section").text
        for text in (
            open_consultation.proposal,
            open_consultation.what_can_change,
            open_consultation.what_cannot_change,
            open_consultation.how_responses_used,
        ):
            assert text in about

    def test_closed_consultation_says_so(self, client, consultation_index):
        page = publish(
            ConsultationPageFactory(
                parent=consultation_index,
                opens_at=timezone.now() - 30 * DAY,
                closes_at=timezone.now() - DAY,
            )
        )
        soup = soup_of(client.get(page.url))
        assert "This consultation has closed" in soup.text
        assert soup.select_one(".app-status-tag").text.strip() == "Closed – under review"

    def test_outcome_section_appears_once_published(self, client, consultation_index):
        page = ConsultationPageFactory(
            parent=consultation_index,
            opens_at=timezone.now() - 30 * DAY,
            closes_at=timezone.now() - 10 * DAY,
            outcome_summary="We kept the library open on Sundays.",
            outcome_body=[
                child(
                    "you_said_we_did",
                    items=[{"you_said": "Open on Sundays", "we_did": "We did"}],
                )
            ],
            outcome_published_at=timezone.now() + DAY,
        )
        page = publish(page)
        assert "We asked, you said, we did" not in client.get(page.url).content.decode()

        page.outcome_published_at = timezone.now() - DAY
        page = publish(page)
        soup = soup_of(client.get(page.url))
        outcome = soup.select_one("#outcome-heading").find_parent("section").text
        assert "We kept the library open on Sundays." in outcome
        assert "Open on Sundays" in outcome

    def test_every_content_block_renders(self, client, consultation_index):
        from django.core.files.base import ContentFile
        from wagtail.documents.models import Document

        document = Document.objects.create(
            title="Full strategy", file=ContentFile(b"%PDF-1.4 test", name="strategy.pdf")
        )
        body = [
            child("heading", text="Background", level="h2"),
            child("text", value="<p>Some <b>bold</b> words.</p>"),
            child("callout", style="warning", heading="Note", text="<p>Careful</p>"),
            child("callout", style="important", heading="", text="<p>Big news</p>"),
            child(
                "key_dates",
                heading="Key dates",
                dates=[
                    {
                        "date": "2018-02-09",
                        "precision": "day",
                        "label": "Workshop",
                        "description": "",
                    },
                    {
                        "date": "2017-10-01",
                        "precision": "month",
                        "label": "Conference",
                        "description": "",
                    },
                ],
            ),
            child(
                "accordion",
                heading="FAQ",
                items=[{"question": "Why?", "answer": "<p>Because.</p>"}],
            ),
            child("document", document=document, title="", description="Read it"),
            child("quote", quote="Start early.", attribution="A resident"),
            child(
                "contact",
                heading="Contact",
                team="Engagement team",
                email="team@example.org",
                phone="",
                address="1 High St",
                hours="",
            ),
            child("you_said_we_did", heading="You said", items=[{"you_said": "A", "we_did": "B"}]),
        ]
        page = publish(ConsultationPageFactory(parent=consultation_index, body=body))
        response = client.get(page.url)
        assert response.status_code == 200
        soup = soup_of(response)
        assert soup.select_one("h2#background").text == "Background"
        assert soup.select_one(".govuk-warning-text")
        assert soup.select_one(".govuk-notification-banner")
        assert soup.select_one("time[datetime='2017-10']").text == "October 2017"
        assert soup.select_one("time[datetime='2018-02-09']").text == "9 February 2018"
        assert soup.select_one(".govuk-accordion__section-button").get_text(strip=True) == "Why?"
        download = soup.select_one(".app-document")
        assert "Full strategy" in download.text and "PDF" in download.text
        assert "bytes" in download.text
        assert soup.select_one(".app-quote__attribution").text == "A resident"
        assert "team@example.org" in soup.select_one(".app-contact").text


class TestStrategyPage:
    def test_structured_blocks_and_shaping_consultations(
        self, client, home_page, open_consultation
    ):
        index = StrategyIndexPageFactory(parent=home_page)
        strategy = StrategyPageFactory(
            parent=index,
            title="Engagement strategy",
            body=[
                child("vision", heading="Our vision", statement="People first.", attribution=""),
                child("outcomes", heading="Outcomes", introduction="", outcomes=["Heard"]),
                child(
                    "objectives",
                    heading="Objectives",
                    introduction="",
                    objectives=[{"title": "", "description": "Work together"}],
                ),
                child(
                    "principles",
                    heading="Principles",
                    introduction="",
                    principles=[{"name": "Be genuine", "description": "Views count."}],
                ),
                child(
                    "commitments", heading="Commitments", introduction="", commitments=["Listen"]
                ),
                child(
                    "legal_duties",
                    heading="Legal duties",
                    duties=[
                        {
                            "legislation": "NHS Act 2006",
                            "provision": "Section 242",
                            "summary": "Involve people.",
                            "points": [],
                        }
                    ],
                ),
            ],
        )
        strategy.shaping_consultations.create(consultation=open_consultation)
        strategy.save_revision().publish()
        soup = soup_of(client.get(strategy.url))
        assert "People first." in soup.select_one(".app-vision").text
        assert soup.find("dt", string="Be genuine")
        assert "NHS Act 2006: Section 242" in soup.text
        shaped = soup.select_one("#shaped-heading").find_parent("aside")
        assert shaped.find("a", string=open_consultation.title)
        index_soup = soup_of(client.get(index.url))
        assert index_soup.find("a", string="Engagement strategy")


def consultation_form_data(**overrides):
    data = {
        "title": "Should the library open on Sundays?",
        "slug": "library-sundays",
        "summary": "Tell us if Sunday opening would help you.",
        "kind": "consultation",
        "level": "thematic",
        "opens_at": (timezone.localtime() - DAY).strftime("%Y-%m-%d %H:%M"),
        "closes_at": (timezone.localtime() + 40 * DAY).strftime("%Y-%m-%d %H:%M"),
        "audience": "Library users",
        "formative_stage_confirmed": "on",
        "proposal": "Open the central library from 10am to 4pm on Sundays.",
        "what_can_change": "The hours and which libraries open.",
        "what_cannot_change": "The total library budget.",
        "how_responses_used": "A report to the board.",
        "decision_expected": (timezone.localdate() + 90 * DAY).isoformat(),
        "equality_impact_assessment": "pending",
        "equality_impact_note": "",
        "equality_impact_records": {
            "TOTAL_FORMS": "0",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "1",
        },
        "tags": "libraries",
        "body": streamfield(
            [
                ("text", rich_text("<p>We are thinking about Sunday opening.</p>")),
                (
                    "survey",
                    {
                        "heading": "Have your say",
                        "introduction": rich_text(""),
                        "privacy_notice": rich_text("<p>Only we see your answers.</p>"),
                        "questions": streamfield(
                            [
                                (
                                    "yes_no",
                                    {
                                        "label": "Would you use the library on Sundays?",
                                        "hint": "",
                                        "required": "on",
                                        "key": "",
                                        "condition": {"question_key": "", "answer": ""},
                                    },
                                ),
                            ]
                        ),
                        "equality_monitoring": {
                            "enabled": "on",
                            "introduction": "Optional.",
                            "characteristics": ["age", "disability"],
                        },
                        "one_response_per_email": "",
                        "allow_save_and_resume": "on",
                        "submit_label": "Send",
                    },
                ),
            ]
        ),
        "outcome_body": streamfield([]),
        "outcome_summary": "",
        "outcome_due_date": "",
        "outcome_published_at": "",
        "comments": {
            "TOTAL_FORMS": "0",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "1000",
        },
    }
    data.update(overrides)
    return nested_form_data(data)


class TestBuildingAConsultationInTheAdmin:
    def add_url(self, parent):
        return reverse(
            "wagtailadmin_pages:add",
            args=["consultation_blocks", "consultationpage", parent.pk],
        )

    def test_an_editor_builds_and_publishes_a_consultation_with_a_survey(
        self, admin_client, consultation_index
    ):
        data = consultation_form_data()
        data["action-publish"] = "action-publish"
        response = admin_client.post(self.add_url(consultation_index), data)
        assert response.status_code == 302, response.context["form"].errors
        page = ConsultationPage.objects.get(slug="library-sundays")
        assert page.live
        [survey] = [child for child in page.body if child.block_type == "survey"]
        assert (
            survey.value["questions"][0].value["label"] == "Would you use the library on Sundays?"
        )

    def test_partners_and_areas_are_chosen_from_checkbox_lists(
        self, admin_client, consultation_index
    ):
        council = PartnerFactory(name="Hillside Council", slug="hillside")
        ward = AreaFactory(name="Hill ward", slug="hill", kind="ward")
        soup = soup_of(admin_client.get(self.add_url(consultation_index)))
        for name, choice in (("partners", council), ("areas", ward)):
            assert soup.select_one(f"select[name={name}]") is None
            box = soup.select_one(f"input[type=checkbox][name={name}][value='{choice.pk}']")
            assert box is not None, name
            assert choice.name in soup.select_one(f"label[for={box['id']}]").text
        data = consultation_form_data()
        data.update(
            {"partners": [council.pk], "areas": [ward.pk], "action-publish": "action-publish"}
        )
        response = admin_client.post(self.add_url(consultation_index), data)
        assert response.status_code == 302
        page = ConsultationPage.objects.get(slug="library-sundays")
        assert (list(page.partners.all()), list(page.areas.all())) == ([council], [ward])

    def test_publishing_requires_the_gunning_information(self, admin_client, consultation_index):
        data = consultation_form_data(
            formative_stage_confirmed="", proposal="", how_responses_used="", decision_expected=""
        )
        data["action-publish"] = "action-publish"
        response = admin_client.post(self.add_url(consultation_index), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert set(errors) >= {
            "formative_stage_confirmed",
            "proposal",
            "how_responses_used",
            "decision_expected",
        }
        assert not ConsultationPage.objects.filter(slug="library-sundays").exists()

    @pytest.mark.parametrize(
        ("requirement", "field"),
        [(req, field) for req in REQUIREMENTS for field in req.fields],
        ids=lambda value: value if isinstance(value, str) else value.code,
    )
    def test_the_form_refuses_what_the_checklist_marks_required(
        self, admin_client, consultation_index, requirement, field
    ):
        # One blank required field: publishing is refused on that field alone...
        publish_data = consultation_form_data(**{field: ""})
        publish_data["action-publish"] = "action-publish"
        response = admin_client.post(self.add_url(consultation_index), publish_data)
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {field}
        assert requirement.fields[field] in response.content.decode()

        # ...and the checklist beside the form shows the same item missing.
        admin_client.post(self.add_url(consultation_index), consultation_form_data(**{field: ""}))
        page = ConsultationPage.objects.get(slug="library-sundays")
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        checklist = soup_of(response).select_one(".consultation-checklist")
        missing = [
            " ".join(item.text.split())
            for item in checklist.select("li")
            if "(required to publish)" in item.text
        ]
        assert missing == [f"✗ Missing: {requirement.label} (required to publish)"]

    def test_a_draft_can_be_saved_without_the_gunning_information(
        self, admin_client, consultation_index
    ):
        data = consultation_form_data(formative_stage_confirmed="", proposal="", closes_at="")
        response = admin_client.post(self.add_url(consultation_index), data)
        assert response.status_code == 302
        page = ConsultationPage.objects.get(slug="library-sundays")
        assert not page.live

    def test_closing_must_follow_opening(self, admin_client, consultation_index):
        data = consultation_form_data(
            closes_at=(timezone.localtime() - 2 * DAY).strftime("%Y-%m-%d %H:%M")
        )
        response = admin_client.post(self.add_url(consultation_index), data)
        assert "closes_at" in response.context["form"].errors

    def test_ongoing_engagement_has_no_closing_date(self, admin_client, consultation_index):
        data = consultation_form_data(kind="engagement")
        response = admin_client.post(self.add_url(consultation_index), data)
        assert "closes_at" in response.context["form"].errors

    def test_survey_conditions_must_name_an_earlier_question(
        self, admin_client, consultation_index
    ):
        data = consultation_form_data()
        data["body-1-value-questions-0-value-condition-question_key"] = "no-such-question"
        data["body-1-value-questions-0-value-condition-answer"] = "Yes"
        response = admin_client.post(self.add_url(consultation_index), data)
        assert response.status_code == 200
        assert "No earlier question and answer match it" in response.content.decode()

    def test_editor_sees_the_gunning_checklist_with_a_short_period_flagged(
        self, admin_client, consultation_index
    ):
        page = publish(
            ConsultationPageFactory(
                parent=consultation_index,
                opens_at=timezone.now(),
                closes_at=timezone.now() + 14 * DAY,
            )
        )
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
        checklist = soup_of(response).select_one(".consultation-checklist").text
        assert "Open for 14 days; the partnership minimum is 28." in checklist
        assert "Attention:" in checklist

    def test_ongoing_engagement_shows_no_gunning_checklist(self, admin_client, consultation_index):
        page = publish(
            ConsultationPageFactory(parent=consultation_index, kind="engagement", closes_at=None)
        )
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        soup = soup_of(response)
        assert soup.select_one(".consultation-checklist") is None
        assert "the Gunning checklist does not apply" in soup.text


def test_strategy_and_consultation_pages_live_only_under_their_own_index(
    home_page, consultation_index
):
    """What the admin offers an editor adding a page under each parent."""
    strategy_index = StrategyIndexPageFactory(parent=home_page)
    assert StrategyPage.can_create_at(strategy_index)
    assert ConsultationPage.can_create_at(consultation_index)
    for parent in (home_page, consultation_index):
        assert not StrategyPage.can_create_at(parent)
    for parent in (home_page, strategy_index):
        assert not ConsultationPage.can_create_at(parent)
