"""Consultation, index and strategy pages as residents see them, and as editors build
them in the admin."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from consultation_blocks.models import ConsultationPage, StrategyPage
from tests.factories import (
    AreaFactory,
    ConsultationPageFactory,
    PartnerFactory,
    StrategyIndexPageFactory,
    StrategyPageFactory,
    new_id,
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
    def test_open_consultation_shows_status_dates_and_gunning_information(
        self, client, open_consultation
    ):
        response = client.get(open_consultation.url)
        soup = soup_of(response)
        assert soup.select_one(".app-status-tag").text.strip() == "Open"
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
                {
                    "type": "you_said_we_did",
                    "value": {
                        "heading": "You said, we did",
                        "items": [
                            {
                                "type": "item",
                                "id": new_id(),
                                "value": {"you_said": "Open on Sundays", "we_did": "We did"},
                            }
                        ],
                    },
                }
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
            {"type": "heading", "value": {"text": "Background", "level": "h2"}},
            {"type": "text", "value": "<p>Some <b>bold</b> words.</p>"},
            {
                "type": "callout",
                "value": {"style": "warning", "heading": "Note", "text": "<p>Careful</p>"},
            },
            {
                "type": "callout",
                "value": {"style": "important", "heading": "", "text": "<p>Big news</p>"},
            },
            {
                "type": "key_dates",
                "value": {
                    "heading": "Key dates",
                    "dates": [
                        {
                            "type": "item",
                            "id": new_id(),
                            "value": {
                                "date": "2018-02-09",
                                "precision": "day",
                                "label": "Workshop",
                                "description": "",
                            },
                        },
                        {
                            "type": "item",
                            "id": new_id(),
                            "value": {
                                "date": "2017-10-01",
                                "precision": "month",
                                "label": "Conference",
                                "description": "",
                            },
                        },
                    ],
                },
            },
            {
                "type": "accordion",
                "value": {
                    "heading": "FAQ",
                    "items": [
                        {
                            "type": "item",
                            "id": new_id(),
                            "value": {"question": "Why?", "answer": "<p>Because.</p>"},
                        }
                    ],
                },
            },
            {
                "type": "document",
                "value": {"document": document.pk, "title": "", "description": "Read it"},
            },
            {"type": "quote", "value": {"quote": "Start early.", "attribution": "A resident"}},
            {
                "type": "contact",
                "value": {
                    "heading": "Contact",
                    "team": "Engagement team",
                    "email": "team@example.org",
                    "phone": "",
                    "address": "1 High St",
                    "hours": "",
                },
            },
            {
                "type": "you_said_we_did",
                "value": {
                    "heading": "You said",
                    "items": [
                        {"type": "item", "id": new_id(), "value": {"you_said": "A", "we_did": "B"}}
                    ],
                },
            },
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
                {
                    "type": "vision",
                    "value": {
                        "heading": "Our vision",
                        "statement": "People first.",
                        "attribution": "",
                    },
                },
                {
                    "type": "outcomes",
                    "value": {
                        "heading": "Outcomes",
                        "introduction": "",
                        "outcomes": [{"type": "item", "id": new_id(), "value": "Heard"}],
                    },
                },
                {
                    "type": "objectives",
                    "value": {
                        "heading": "Objectives",
                        "introduction": "",
                        "objectives": [
                            {
                                "type": "item",
                                "id": new_id(),
                                "value": {"title": "", "description": "Work together"},
                            }
                        ],
                    },
                },
                {
                    "type": "principles",
                    "value": {
                        "heading": "Principles",
                        "introduction": "",
                        "principles": [
                            {
                                "type": "item",
                                "id": new_id(),
                                "value": {"name": "Be genuine", "description": "Views count."},
                            }
                        ],
                    },
                },
                {
                    "type": "commitments",
                    "value": {
                        "heading": "Commitments",
                        "introduction": "",
                        "commitments": [{"type": "item", "id": new_id(), "value": "Listen"}],
                    },
                },
                {
                    "type": "legal_duties",
                    "value": {
                        "heading": "Legal duties",
                        "duties": [
                            {
                                "type": "item",
                                "id": new_id(),
                                "value": {
                                    "legislation": "NHS Act 2006",
                                    "provision": "Section 242",
                                    "summary": "Involve people.",
                                    "points": [],
                                },
                            }
                        ],
                    },
                },
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
        assert "No earlier question is named" in response.content.decode()

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


def test_strategy_pages_only_live_under_a_strategy_index():
    assert StrategyPage.parent_page_types == ["consultation_blocks.StrategyIndexPage"]
    assert ConsultationPage.parent_page_types == ["consultation_blocks.ConsultationIndexPage"]
