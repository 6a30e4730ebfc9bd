"""Fragments of pages kept for every visitor (pagecache/fragments.py): the header,
footer, breadcrumbs and languages of a page are drawn once and then read from the
cache, for anonymous visitors and signed-in editors alike, and every change that
empties the page cache shows in them at once."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from consultation_blocks.models import Comment, SurveyResponse
from consultation_blocks.spam import HONEYPOT_FIELD, TIMESTAMP_FIELD, split_at_form_tokens
from pagecache import fragments
from tests.factories import ConsultationPageFactory, comments_block, poll_block, survey_block
from tests.page_cache_support import redis_page_cache
from tests.public_forms import with_guard
from tests.survey_support import first_survey, survey_url, valid_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache_only")]


@pytest.fixture(autouse=True, params=["memory", "redis"])
def fragment_store(request, settings):
    """Every test twice: fragments in a cache in memory, and on Redis as in production,
    with each web process keeping its own copies (pagecache/local.py)."""
    if request.param == "memory":
        yield
        return
    with redis_page_cache(settings, page_seconds=0):
        yield


@pytest.fixture
def page(consultation_index):
    page = ConsultationPageFactory(parent=consultation_index, title="Library opening hours")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def visit(url, client=None):
    client = client or Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # Each showing of a form has its own signed start time.
    html = b"TOKEN".join(split_at_form_tokens(response.content)).decode()
    return html, len(queries)


def test_a_page_drawn_from_fragments_is_the_same_page_with_fewer_queries(
    page, settings, django_user_model
):
    settings.FRAGMENT_CACHE_SECONDS = 0
    cache.clear()
    visit(page.url)
    without, without_queries = visit(page.url)
    settings.FRAGMENT_CACHE_SECONDS = 60
    first, _ = visit(page.url)
    again, again_queries = visit(page.url)
    assert first == without == again
    assert again_queries < without_queries
    # A signed-in editor gets the same fragments: nothing in them is theirs.
    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    client = Client()
    client.force_login(editor)
    visit(page.url, client)
    signed_in, _ = visit(page.url, client)
    assert "Library opening hours" in signed_in


def test_a_published_title_shows_in_navigation_and_breadcrumbs_at_once(page, consultation_index):
    consultation_index.show_in_menus = True
    consultation_index.save_revision().publish()
    html, _ = visit(page.url)
    assert consultation_index.title in html
    consultation_index.title = "Have your say on everything"
    consultation_index.save_revision().publish()
    html, _ = visit(page.url)
    assert html.count("Have your say on everything") >= 2  # the menu and the breadcrumbs


def test_settings_changes_show_in_the_header_and_footer_at_once(page):
    from home.models import PartnershipSettings

    visit(page.url)
    partnership = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    partnership.name = "Riverside Together"
    partnership.contact_email = "hello@riverside.example.org"
    partnership.save()
    html, _ = visit(page.url)
    assert "hello@riverside.example.org" in html  # the footer
    assert '<span class="app-header__name">Riverside Together</span>' in html


def test_pages_are_drawn_when_the_cache_is_unreachable(page, monkeypatch):
    expected, _ = visit(page.url)

    class Unreachable:
        def __getattr__(self, name):
            def down(*args, **kwargs):
                raise ConnectionError("cache down")

            return down

    monkeypatch.setattr(fragments, "cache", Unreachable())
    html, _ = visit(page.url)
    assert html == expected


def test_previews_and_requests_without_a_site_are_never_drawn_from_fragments(rf):
    cache.clear()
    request = rf.get("/")
    assert fragments.cached_fragment(request, "test", [], lambda: "kept") == "kept"
    assert fragments.cached_fragment(request, "test", [], lambda: "fresh") == "kept"
    request.is_preview = True
    assert fragments.cached_fragment(request, "test", [], lambda: "preview") == "preview"
    assert fragments.cached_fragment(None, "test", [], lambda: "none") == "none"


def test_home_and_index_listings_show_a_newly_published_consultation_at_once(
    page, consultation_index, home_page
):
    visit(home_page.url)
    visit(consultation_index.url)
    _html, index_queries = visit(consultation_index.url)
    new = ConsultationPageFactory(parent=consultation_index, title="Bus lanes on the high street")
    new.save_revision().publish()
    assert "Bus lanes on the high street" in visit(consultation_index.url)[0]
    assert "Bus lanes on the high street" in visit(home_page.url)[0]
    assert visit(consultation_index.url)[1] <= index_queries


def test_each_filter_and_page_of_the_index_has_its_own_listing(page, consultation_index):
    for number in range(11):
        more = ConsultationPageFactory(parent=consultation_index, title=f"Consultation {number:02}")
        more.save_revision().publish()
    first, _ = visit(consultation_index.url)
    second, _ = visit(consultation_index.url + "?page=2")
    assert first != second
    # A parameter the listing does not read changes nothing but the links to other
    # pages, which keep it; a parameter it reads is a listing of its own.
    tagged, _ = visit(consultation_index.url + "?utm_source=leaflet")
    assert "utm_source=leaflet" in tagged and "utm_source" not in first
    filtered, _ = visit(consultation_index.url + "?kind=engagement")
    assert filtered != first
    assert visit(consultation_index.url)[0] == first


@pytest.fixture
def survey_page(consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index,
        title="Parks survey",
        body=[survey_block(equality=False), comments_block()],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def form_fields(html, action):
    """The hidden inputs of the page's form with this action, and the empty honeypot."""
    form = BeautifulSoup(html, "html.parser").find("form", action=action)
    assert form is not None, action
    fields = {
        field["name"]: field.get("value", "") for field in form.find_all("input", type="hidden")
    }
    fields[HONEYPOT_FIELD] = ""
    return fields


def test_two_visitors_answering_a_survey_drawn_from_fragments_are_both_stored(
    survey_page, settings
):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    action = survey_url(survey_page)
    first, second = Client(), Client()
    first_fields = form_fields(first.get(survey_page.url).content, action)
    with CaptureQueriesContext(connection) as queries:
        second_page = second.get(survey_page.url)
    second_fields = form_fields(second_page.content, action)
    assert len(queries) < 20
    # Each showing has its own signed start time, and no submission key is shared.
    assert first_fields[TIMESTAMP_FIELD] != second_fields[TIMESTAMP_FIELD]
    assert first_fields["submission_key"] == second_fields["submission_key"] == ""
    answers = {
        name: value
        for name, value in valid_post(first_survey(survey_page)).items()
        if name not in (TIMESTAMP_FIELD, HONEYPOT_FIELD, "submission_key")
    }
    for client, fields in ((first, first_fields), (second, second_fields)):
        assert client.post(action, {**fields, **answers}).status_code == 302
    assert SurveyResponse.objects.count() == 2
    assert len(set(SurveyResponse.objects.values_list("submission_key", flat=True))) == 2


def test_a_signed_in_persons_survey_carries_their_own_csrf_token(survey_page, django_user_model):
    Client().get(survey_page.url)  # the fragments are kept
    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    tokens = []
    for _ in range(2):
        client = Client()
        client.force_login(editor)
        form = BeautifulSoup(client.get(survey_page.url).content, "html.parser").find(
            "form", action=survey_url(survey_page)
        )
        tokens.append(form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"])
    assert tokens[0] and tokens[0] != tokens[1]
    anonymous = BeautifulSoup(Client().get(survey_page.url).content, "html.parser")
    assert not anonymous.find("input", attrs={"name": "csrfmiddlewaretoken"})


def test_a_newly_approved_comment_appears_at_once(survey_page):
    Client().get(survey_page.url)
    comment = Comment.objects.create(
        page=survey_page, name="Sam", email="sam@example.org", body="More benches, please."
    )
    assert "More benches, please." not in visit(survey_page.url)[0]
    comment.state = "approved"
    comment.save()
    assert "More benches, please." in visit(survey_page.url)[0]


def test_the_demo_pages_are_the_same_drawn_from_fragments(seeded, settings):
    """Home, listings and the open consultation with its survey, in English and in
    Welsh, and a survey step sent back with errors: the same markup with the fragment
    cache off, on and empty, and on and full."""
    from consultation_blocks.models import ConsultationPage

    consultation = ConsultationPage.objects.live().get(slug="how-should-we-engage-with-you")
    welsh = consultation.get_translations().live().get().specific
    survey_id = first_survey(consultation).id
    addresses = ["/", "/cy/", "/consultations/", "/consultations/?status=open"]
    addresses += [consultation.url, welsh.url, welsh.get_parent().url]

    def pages():
        drawn = [visit(address)[0] for address in addresses]
        for page in (consultation, welsh):
            respond = page.url + page.reverse_subpage("respond", args=[survey_id])
            client = Client()
            fields = form_fields(client.get(page.url).content, respond)
            response = client.post(respond, {**fields, "action": "continue"})
            assert response.status_code == 400
            assert b"govuk-error-summary" in response.content  # the step's errors
            html = b"TOKEN".join(split_at_form_tokens(response.content)).decode()
            # Each showing has its own key, made from its start time, and its own
            # signed answers so far.
            drawn.append(re.sub(r'name="(submission_key|survey_state)" value="[^"]*"', "", html))
        return drawn

    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    without = pages()
    settings.FRAGMENT_CACHE_SECONDS = 60
    cache.clear()
    assert pages() == without
    assert pages() == without
    assert "Cymraeg" in without[1] or 'lang="cy"' in without[1]


# A consultation's body is kept whole for visitors with no state of their own ---------


@pytest.fixture
def discussion_page(consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index,
        title="Library hours",
        body=[comments_block(allow_anonymous=True), poll_block()],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def kept(url):
    """Visited twice: the body is kept and the address's fragments remembered."""
    visit(url)
    visit(url)


def test_a_voter_sees_the_results_while_other_visitors_get_the_kept_poll(discussion_page):
    url = discussion_page.url
    kept(url)
    block = next(child for child in discussion_page.body if child.block_type == "quick_poll")
    option = str(block.value["options"].bound_blocks[0].id)
    voter = Client()
    vote_url = url + discussion_page.reverse_subpage("vote", args=[str(block.id)])
    assert voter.post(vote_url, with_guard({"option": option})).status_code == 302

    own = voter.get(url).content.decode()
    assert "Thank you for voting" in own
    assert "1 vote in total." in own
    assert f'action="{vote_url}"' not in own
    # Their page came with a message; the next one (their session remembers the vote)
    # still shows them the results, not the form everyone else is given.
    assert "1 vote in total." in voter.get(url).content.decode()

    shared = visit(url)[0]
    assert f'action="{vote_url}"' in shared
    assert "Thank you for voting" not in shared and "in total" not in shared


def test_a_comment_sent_back_with_errors_shows_them_and_keeps_what_was_typed(discussion_page):
    url = discussion_page.url
    kept(url)
    comment_url = url + discussion_page.reverse_subpage("comment")
    response = Client().post(
        comment_url, with_guard({"name": "Sam <b>Fictional</b>", "email": "sam@example.org"})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'value="Sam &lt;b&gt;Fictional&lt;/b&gt;"' in html
    # Nothing of that visitor's form is kept for the next one.
    shared = visit(url)[0]
    assert "govuk-error-summary" not in shared and "Fictional" not in shared


def test_a_reply_link_opens_the_reply_form_for_that_comment_only(discussion_page):
    comment = Comment.objects.create(
        page=discussion_page,
        name="Sam",
        email="sam@example.org",
        body="Open on Sundays.",
        state="approved",
    )
    url = discussion_page.url
    kept(url)

    def parent_field(address):
        soup = BeautifulSoup(visit(address)[0], "html.parser")
        return soup.find("input", attrs={"name": "parent"}).get("value", "")

    assert parent_field(f"{url}?reply_to={comment.pk}") == str(comment.pk)
    assert parent_field(f"{url}?reply_to={comment.pk}") == str(comment.pk)
    assert parent_field(url) == ""
