"""Every seeded page renders for an anonymous visitor, inside an accessible frame."""

from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from consultation_blocks.models import ConsultationIndexPage, Partner, StrategyPage
from home.demo.seed import seed_demo
from home.models import HomePage, StandardPage

# Site, page route, its ancestors' aliases, view restrictions (three: the page, the
# consultations and the index link), the consultations index, partnership settings, the
# open and upcoming lists with their topics (two each), recent outcomes, and the partner
# logo grid with its renditions (two). Navigation and footer links come from the cache.
# With several languages: the locale Wagtail finds the home page in, and the header's
# language switcher (the page's public translations: restrictions, then the pages).
HOME_PAGE_QUERIES = 17


class SeededSiteTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo(password="a-demo-password-for-tests")
        cls.home = HomePage.objects.get(locale__language_code="en-gb")

    def get_soup(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response, BeautifulSoup(response.content, "html.parser")


class TestEveryPageRenders(SeededSiteTestCase):
    def test_home_page_renders(self):
        self.assertPageIsRenderable(self.home)

    def test_every_live_page_renders_anonymously(self):
        pages = Page.objects.live().public().filter(depth__gt=2).specific()
        self.assertGreaterEqual(pages.count(), 9)
        for page in pages:
            with self.subTest(page=page.title):
                _, soup = self.get_soup(page.url)
                self.assertEqual(soup.select_one("h1").text.strip(), page.title)


class TestPageFrame(SeededSiteTestCase):
    def test_landmarks_language_and_skip_link(self):
        _, soup = self.get_soup("/")
        self.assertEqual(soup.html["lang"], "en-GB")
        skip = soup.select_one("a.govuk-skip-link")
        self.assertEqual(skip["href"], "#main-content")
        self.assertIsNotNone(soup.select_one("main#main-content"))
        self.assertIsNotNone(soup.select_one("header"))
        self.assertIsNotNone(soup.select_one("footer"))
        self.assertEqual(len(soup.select("h1")), 1)

    def test_header_shows_partnership_name_not_gov_uk(self):
        response, soup = self.get_soup("/")
        self.assertIn("Partnership engagement hub", soup.select_one(".govuk-header").text)
        self.assertNotContains(response, "GOV.UK")
        self.assertNotContains(response, "govuk-logo")
        self.assertNotContains(response, "Crown copyright")

    def test_navigation_lists_menu_pages_and_marks_the_current_section(self):
        strategy = StrategyPage.objects.get(slug="a-stronger-voice-a-stronger-place")
        _, soup = self.get_soup(strategy.url)
        links = {a.text.strip(): a for a in soup.select(".govuk-service-navigation__link")}
        self.assertIn("Consultations", links)
        self.assertIn("Strategies", links)
        self.assertIn("Partnership Engagement Network", links)
        self.assertEqual(links["Strategies"]["aria-current"], "true")
        self.assertNotIn("House rules for comments", links)

    def test_breadcrumbs_lead_home(self):
        strategy = StrategyPage.objects.get(slug="a-stronger-voice-a-stronger-place")
        _, soup = self.get_soup(strategy.url)
        crumbs = [a.text.strip() for a in soup.select(".govuk-breadcrumbs__link")]
        self.assertEqual(crumbs, ["Home", "Strategies"])

    def test_footer_links_featured_partners_and_policy_pages(self):
        _, soup = self.get_soup("/")
        footer = soup.select_one("footer").text
        self.assertIn("Tameside Metropolitan Borough Council", footer)
        self.assertIn("House rules", footer)
        self.assertIn("Accessibility statement", footer)
        # Only featured partners: not every one of the thirty.
        self.assertNotIn("Kush Amdid", footer)

    def test_phase_banner_and_search_box_on_every_page(self):
        for url in ("/", StandardPage.objects.get(slug="privacy").url):
            with self.subTest(url=url):
                _, soup = self.get_soup(url)
                self.assertIsNotNone(soup.select_one(".govuk-phase-banner"))
                self.assertIsNotNone(soup.select_one("a[href='/search/']"))

    def test_one_search_box_per_page(self):
        privacy = StandardPage.objects.get(slug="privacy").url
        for url, box in (
            ("/", "#hero-search"),
            ("/search/?q=parks", "#search-page-query"),
            (privacy, "#header-search"),
        ):
            with self.subTest(url=url):
                _, soup = self.get_soup(url)
                self.assertEqual(len(soup.select("form[role=search]")), 1)
                self.assertIsNotNone(soup.select_one(f"form[role=search] {box}"))

    def test_home_page_has_hero_search_and_partner_logos(self):
        _, soup = self.get_soup("/")
        self.assertEqual(soup.select_one("form[role=search]")["action"], "/search/")
        partners = [item.text for item in soup.select(".app-partner-grid__item")]
        self.assertTrue(any("Stockport" in text for text in partners))

    def test_custom_brand_colour_reaches_the_page(self):
        from home.models import PartnershipSettings

        settings = PartnershipSettings.objects.get()
        settings.brand_colour = "#4c2c92"
        settings.save()
        _, soup = self.get_soup("/")
        # A stylesheet of the site's own rather than inline code, which the
        # Content-Security-Policy would need a nonce for.
        link = soup.select_one('link[rel="stylesheet"][href^="/brand.css"]')
        self.assertContains(self.client.get(link["href"]), "--govuk-brand-colour:#4c2c92")

    def test_default_colours_add_no_inline_style(self):
        response, _ = self.get_soup("/")
        self.assertNotContains(response, "--govuk-brand-colour:")
        self.assertNotContains(response, "/brand.css")


class TestQueryCounts(SeededSiteTestCase):
    def test_standard_page_queries_do_not_grow_with_partners_or_tags(self):
        page = StandardPage.objects.get(slug="pen-forum")
        self.client.get(page.url)  # warm the navigation cache shared by every page
        with CaptureQueriesContext(connection) as before:
            self.client.get(page.url)

        page.partners.add(*Partner.objects.all())
        page.tags.add("housing", "transport", "libraries")
        page.save_revision().publish()
        self.client.get(page.url)
        with CaptureQueriesContext(connection) as after:
            self.client.get(page.url)

        self.assertEqual(len(before), len(after))

    def test_home_page_query_count_is_pinned_however_many_consultations(self):
        from tests.factories import ConsultationPageFactory

        self.client.get("/")
        with self.assertNumQueries(HOME_PAGE_QUERIES):
            self.client.get("/")

        from home.demo.logos import create_logo

        for number in range(3):
            partner = Partner.objects.create(
                name=f"Extra partner {number}", kind="charity", featured=True
            )
            partner.logo = create_logo(partner, number)
            partner.save()
        index = ConsultationIndexPage.objects.get(locale__language_code="en-gb")
        for number in range(5):
            page = ConsultationPageFactory(parent=index, title=f"Extra {number}")
            page.tags.add("extra", f"topic {number}")
            page.save_revision().publish()
        self.client.get("/")
        with self.assertNumQueries(HOME_PAGE_QUERIES):
            response = self.client.get("/")
        self.assertContains(response, "Extra 4")


@override_settings(DEBUG=False)
class TestErrors(SeededSiteTestCase):
    def test_missing_page_uses_the_site_404(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, "govuk-skip-link", status_code=404)


class TestNavigationCache(SeededSiteTestCase):
    def test_publishing_a_menu_page_updates_the_cached_navigation(self):
        self.client.get("/")  # fills the cache
        page = StandardPage(title="Get involved", slug="get-involved", show_in_menus=True)
        self.home.add_child(instance=page)
        page.save_revision().publish()

        _, soup = self.get_soup("/")
        titles = [a.text.strip() for a in soup.select(".govuk-service-navigation__link")]
        self.assertIn("Get involved", titles)

        page.unpublish()
        _, soup = self.get_soup("/")
        titles = [a.text.strip() for a in soup.select(".govuk-service-navigation__link")]
        self.assertNotIn("Get involved", titles)


class TestHomePageSections(SeededSiteTestCase):
    def test_open_upcoming_and_outcomes_are_listed(self):
        _, soup = self.get_soup("/")
        open_titles = [a.text for a in soup.select("#open-heading ~ ul h3 a")]
        upcoming_titles = [a.text for a in soup.select("#upcoming-heading ~ ul h3 a")]
        outcome_titles = [a.text for a in soup.select("#outcomes-heading ~ ul h3 a")]
        self.assertIn("How should the partnership engage with you?", open_titles)
        self.assertIn("Glossop neighbourhood conversation", open_titles)
        self.assertEqual(upcoming_titles, ["Annual review of the Partnership Engagement Network"])
        self.assertEqual(outcome_titles, ["Tower Hamlets Community Engagement Strategy"])
        # Closed consultations awaiting their outcome are not advertised as open.
        self.assertNotIn("What should Stockport's online engagement portal do?", open_titles)

    def test_empty_state_when_nothing_is_open(self):
        from consultation_blocks.models import ConsultationPage

        for page in ConsultationPage.objects.all():
            page.unpublish()
        _, soup = self.get_soup("/")
        self.assertIn("Nothing is open for comment right now", soup.text)
