"""The anonymous page cache (pagecache/): public pages are shared between anonymous
visitors, every form on them still works, and nothing that belongs to one visitor, or
is out of date, is ever served from it. Through the real middleware, views and forms."""

import time
import uuid
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site

from consultation_blocks import spam
from consultation_blocks.models import BlockedSubmission, Comment, SurveyResponse
from consultation_blocks.spam import HONEYPOT_FIELD, TIMESTAMP_FIELD
from tests.factories import (
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    comments_block,
    poll_block,
    survey_block,
)
from tests.page_cache_support import redis_page_cache
from tests.public_forms import with_guard
from tests.survey_support import first_survey, survey_url, valid_post
from tests.test_consultation_pages import consultation_form_data

pytestmark = pytest.mark.django_db

HIT, MISS = "hit", "miss"


@pytest.fixture(autouse=True, params=["memory", "redis"])
def page_cache_on(request, settings):
    """Every test twice: with the cache in memory, and on Redis as in production, where
    each process also keeps the copies it served (pagecache/local.py)."""
    settings.PAGE_CACHE_SECONDS = 60
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    if request.param == "memory":
        yield
        return
    with redis_page_cache(settings):
        yield


@pytest.fixture
def page(consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index,
        title="Library opening hours",
        body=[survey_block(equality=False), comments_block(), poll_block()],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def visitor():
    """A new anonymous visitor: a browser with no cookies."""
    return Client()


def served_from(response):
    return response.headers.get("X-Page-Cache")


def answers_only(page):
    """The answers a resident gives, without the fields the page itself carries."""
    return {
        name: value
        for name, value in valid_post(first_survey(page)).items()
        if name not in (TIMESTAMP_FIELD, HONEYPOT_FIELD, "submission_key")
    }


def form_fields(html, action):
    """What a browser sends from the page's form with this action besides the answers:
    its hidden inputs and the empty honeypot."""
    form = BeautifulSoup(html, "html.parser").find("form", action=action)
    assert form is not None, action
    fields = {
        element["name"]: element.get("value", "")
        for element in form.find_all("input", type="hidden")
    }
    fields[HONEYPOT_FIELD] = ""
    return fields


# Serving -----------------------------------------------------------------------------


def test_anonymous_visitors_share_one_copy_with_headers_a_cdn_can_use(
    page, django_assert_num_queries
):
    first = visitor().get(page.url)
    with django_assert_num_queries(0):
        second = visitor().get(page.url)

    assert (served_from(first), served_from(second)) == (MISS, HIT)
    assert second.status_code == 200
    assert "Library opening hours" in second.content.decode()
    for response in (first, second):
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert control == {"public", "max-age=0", "s-maxage=60"}
        assert "Cookie" in response["Vary"]
        assert not response.cookies
    assert int(second["Content-Length"]) == len(second.content)


def test_each_address_query_and_host_has_its_own_copy(page):
    visitor().get(page.url)

    assert served_from(visitor().get(page.url + "?reply_to=1")) == MISS
    assert served_from(visitor().get(page.url, HTTP_HOST="localhost")) == MISS
    assert served_from(visitor().get(page.url)) == HIT


def test_only_the_query_parameters_pages_read_are_shared(page, consultation_index):
    for address in (consultation_index.url + "?status=open", page.url + "?reply_to=3"):
        visitor().get(address)
        assert served_from(visitor().get(address)) == HIT, address
    # A tracking tag or a cache-buster would make a new copy per value: rendered instead.
    for address in (page.url + "?utm_source=newsletter", page.url + "?bench=1"):
        visitor().get(address)
        response = visitor().get(address)
        assert served_from(response) is None, address
        assert "private" in response["Cache-Control"]


def test_pages_are_still_served_when_the_cache_is_unreachable(page, monkeypatch):
    class Unreachable:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        get_many = set = get

    # Only the page cache's own reads and writes: Wagtail's use of the cache is not
    # this test's business.
    monkeypatch.setattr("pagecache.middleware.cache", Unreachable())
    response = visitor().get(page.url)
    assert response.status_code == 200
    assert served_from(response) is None


def test_nothing_is_cached_when_the_page_cache_is_off(page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visitor().get(page.url)
    response = visitor().get(page.url)

    assert served_from(response) is None
    assert "private" in response["Cache-Control"]


def test_a_signed_in_editor_never_receives_a_cached_page(page, django_user_model):
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor-cache"))

    # An editor's page is neither served from the cache nor stored in it.
    own = editor.get(page.url)
    assert served_from(own) is None
    assert {"private", "no-cache"} <= {part.strip() for part in own["Cache-Control"].split(",")}
    assert served_from(visitor().get(page.url)) == MISS
    assert served_from(visitor().get(page.url)) == HIT

    again = editor.get(page.url)
    assert served_from(again) is None
    assert "private" in again["Cache-Control"]
    # Their page is their own: Wagtail's user bar and a CSRF token of theirs.
    assert 'name="csrfmiddlewaretoken"' in again.content.decode()
    assert "csrfmiddlewaretoken" not in visitor().get(page.url).content.decode()


def test_a_visitor_with_a_message_gets_their_own_page_and_the_copy_stays_clean(page):
    visitor().get(page.url)
    voter = visitor()
    block = next(child for child in page.body if child.block_type == "quick_poll")
    option = str(block.value["options"].bound_blocks[0].id)
    vote_url = page.url + page.reverse_subpage("vote", args=[str(block.id)])

    vote = voter.post(vote_url, with_guard({"option": option}))
    assert vote.status_code == 302
    assert "private" in vote["Cache-Control"]
    own = voter.get(page.url)

    assert served_from(own) is None
    assert "Thank you for voting" in own.content.decode()
    assert "private" in own["Cache-Control"]
    shared = visitor().get(page.url)
    assert served_from(shared) == HIT
    assert "Thank you for voting" not in shared.content.decode()


def test_password_protected_pages_are_never_cached(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    for _ in range(2):
        response = visitor().get(page.url)
        assert response.status_code == 200  # Wagtail's password form
        assert "Library opening hours" not in response.content.decode()
        assert served_from(response) is None
        assert "private" in response["Cache-Control"]


def test_form_pages_thank_you_and_resume_pages_and_errors_are_never_cached(page):
    survey = first_survey(page)
    thanks = page.url + page.reverse_subpage("respond_thanks", args=[survey.id])
    resume = page.url + page.reverse_subpage("resume", args=["no-such-token"])
    for url in (survey_url(page), thanks, resume):
        for _ in range(2):
            response = visitor().get(url)
            assert served_from(response) is None, url
            assert "private" in response["Cache-Control"], url

    errors = visitor().post(
        survey_url(page), valid_post(survey, **{f"q-{survey.questions[0].id}": ""})
    )
    assert errors.status_code == 400
    assert "private" in errors["Cache-Control"]
    missing = visitor().get(page.url + "no-such-page/")
    assert missing.status_code == 404
    assert served_from(visitor().get(page.url + "no-such-page/")) is None


# Invalidation ------------------------------------------------------------------------


def test_a_newly_approved_comment_appears_at_once(page, django_user_model):
    comment = Comment.objects.create(
        page=page, name="Robin", email="robin@example.org", body="Open on Sunday mornings"
    )
    assert served_from(visitor().get(page.url)) == MISS
    assert served_from(visitor().get(page.url)) == HIT
    moderator = Client()
    moderator.force_login(django_user_model.objects.create_superuser("moderator-cache"))

    approved = moderator.post(
        reverse("consultation_blocks_moderate"), {"action": "approve", "ids": [comment.pk]}
    )
    assert approved.status_code == 302
    response = visitor().get(page.url)
    assert served_from(response) == MISS
    assert "Open on Sunday mornings" in response.content.decode()

    # And it goes at once when it is taken down again.
    Comment.objects.get(pk=comment.pk).delete()
    assert "Open on Sunday mornings" not in visitor().get(page.url).content.decode()


def test_a_new_pending_comment_leaves_the_cache_alone(page):
    visitor().get(page.url)
    response = visitor().post(
        page.url + page.reverse_subpage("comment"),
        with_guard({"name": "Sam", "email": "sam@example.org", "body": "Later opening"}),
    )
    assert response.status_code == 302
    assert served_from(visitor().get(page.url)) == HIT


def test_a_published_change_appears_at_once(page):
    visitor().get(page.url)
    page.title = "Library opening hours: new proposals"
    page.save_revision().publish()

    response = visitor().get(page.url)
    assert served_from(response) == MISS
    assert "new proposals" in response.content.decode()
    # The listing above it shows it too.
    assert "new proposals" in visitor().get(page.get_parent().url).content.decode()


def test_unpublishing_moving_and_deleting_take_effect_at_once(page, consultation_index):
    url = page.url
    visitor().get(url)
    page.unpublish()
    assert visitor().get(url).status_code == 404

    page.save_revision().publish()
    page.refresh_from_db()
    visitor().get(url)
    other = ConsultationIndexPageFactory(
        parent=consultation_index.get_parent(), title="Elsewhere", slug="elsewhere"
    )
    page.move(other, pos="last-child")
    page.refresh_from_db()
    moved_url = page.url
    # Wagtail leaves a redirect from the old address.
    moved = visitor().get(url)
    assert (moved.status_code, moved["Location"]) == (301, moved_url)

    assert visitor().get(moved_url).status_code == 200
    page.delete()
    assert visitor().get(moved_url).status_code == 404


@pytest.fixture
def elsewhere(consultation_index):
    """A second listing, beside the consultations, empty."""
    page = ConsultationIndexPageFactory(
        parent=consultation_index.get_parent(), title="Elsewhere", slug="elsewhere"
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def alias_in_the_admin(page, parent, django_user_model):
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("alias-editor"))
    response = editor.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": page.title,
            "new_slug": page.slug,
            "new_parent_page": parent.pk,
            "alias": "on",
        },
    )
    assert response.status_code == 302


def alias_in_code(page, parent, django_user_model):
    page.create_alias(parent=parent)


@pytest.mark.parametrize("make_alias", [alias_in_the_admin, alias_in_code])
def test_an_alias_of_a_live_page_appears_in_the_listing_at_once(
    page, elsewhere, make_alias, django_user_model
):
    visitor().get(elsewhere.url)
    before = visitor().get(elsewhere.url)
    assert served_from(before) == HIT
    assert "Library opening hours" not in before.content.decode()

    make_alias(page, elsewhere, django_user_model)

    alias = Page.objects.child_of(elsewhere).get()
    assert (alias.live, alias.alias_of_id) == (True, page.pk)
    listing = visitor().get(elsewhere.url)
    assert served_from(listing) == MISS
    assert "Library opening hours" in listing.content.decode()
    assert visitor().get(alias.url).status_code == 200


def test_drafts_leave_the_cache_alone(page, consultation_index, admin_client):
    for url in (page.url, consultation_index.url):
        visitor().get(url)

    # A new page saved as a draft, and a draft of a live page, both in the admin.
    added = admin_client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=["consultation_blocks", "consultationpage", consultation_index.pk],
        ),
        consultation_form_data(),
    )
    assert added.status_code == 302, added.context["form"].errors
    assert not Page.objects.get(slug="library-sundays").live
    edited = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        consultation_form_data(title="Library opening hours: draft", slug=page.slug),
    )
    assert edited.status_code == 302, edited.context["form"].errors
    page.refresh_from_db()
    assert page.has_unpublished_changes

    for url in (page.url, consultation_index.url):
        assert served_from(visitor().get(url)) == HIT, url


def test_settings_changes_show_on_every_page_at_once(page):
    from home.models import PartnershipSettings

    visitor().get(page.url)
    partnership = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    partnership.name = "Riverside Together"
    partnership.save()

    response = visitor().get(page.url)
    assert served_from(response) == MISS
    assert "Riverside Together" in response.content.decode()


def test_a_cdn_is_purged_of_the_page_and_the_listings_above_it(
    page, settings, django_capture_on_commit_callbacks, monkeypatch
):
    purged = []
    monkeypatch.setattr(
        "wagtail.contrib.frontend_cache.backends.HTTPBackend.purge",
        lambda backend, url: purged.append(url),
    )
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Changed"
        page.save_revision().publish()

    urls = {url.removeprefix("http://localhost") for url in purged}
    assert {page.url, page.get_parent().url, "/"} <= urls


# Forms on a shared page -----------------------------------------------------------------


def test_two_visitors_answering_the_same_cached_survey_are_both_stored(page):
    first, second = visitor(), visitor()
    first_page = first.get(page.url)
    second_page = second.get(page.url)
    assert (served_from(first_page), served_from(second_page)) == (MISS, HIT)

    action = survey_url(page)
    first_fields = form_fields(first_page.content, action)
    second_fields = form_fields(second_page.content, action)
    # The shared page carries no submission key, and each copy its own start time.
    assert first_fields["submission_key"] == second_fields["submission_key"] == ""
    assert first_fields[TIMESTAMP_FIELD] != second_fields[TIMESTAMP_FIELD]

    for client, fields in ((first, first_fields), (second, second_fields)):
        response = client.post(action, {**fields, **answers_only(page)})
        assert response.status_code == 302

    assert SurveyResponse.objects.count() == 2
    assert len(set(SurveyResponse.objects.values_list("submission_key", flat=True))) == 2


def test_one_residents_double_submit_of_a_cached_survey_is_stored_once(page):
    visitor().get(page.url)
    resident = visitor()
    copy = resident.get(page.url)
    assert served_from(copy) == HIT
    data = {**form_fields(copy.content, survey_url(page)), **answers_only(page)}

    assert resident.post(survey_url(page), data).status_code == 302
    assert resident.post(survey_url(page), data).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_a_key_made_by_the_browser_is_used_as_sent(page):
    copy = visitor().get(page.url)
    data = {**form_fields(copy.content, survey_url(page)), **answers_only(page)}
    data["submission_key"] = "3f2b8a4e-1c5d-4e6f-8a7b-9c0d1e2f3a4b"

    visitor().post(survey_url(page), data)
    visitor().post(survey_url(page), data)
    assert list(SurveyResponse.objects.values_list("submission_key", flat=True)) == [
        uuid.UUID(data["submission_key"])
    ]


def test_the_key_survives_a_round_trip_through_errors(page):
    copy = visitor().get(page.url)
    fields = form_fields(copy.content, survey_url(page))
    survey = first_survey(page)
    resident = visitor()
    wrong = resident.post(
        survey_url(page), {**fields, **answers_only(page), f"q-{survey.questions[0].id}": ""}
    )
    assert wrong.status_code == 400
    corrected = form_fields(wrong.content, survey_url(page))
    assert corrected["submission_key"]

    data = {**corrected, **answers_only(page)}
    assert resident.post(survey_url(page), data).status_code == 302
    assert resident.post(survey_url(page), data).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_a_cached_page_still_refuses_an_instant_submission_and_accepts_a_normal_one(
    page, settings, monkeypatch
):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    now = time.time()
    clock = SimpleNamespace(time=lambda: now - 600)
    monkeypatch.setattr(spam, "time", clock)
    visitor().get(page.url)  # rendered and stored ten minutes ago

    clock.time = lambda: now
    copy = visitor().get(page.url)
    assert served_from(copy) == HIT
    data = {**form_fields(copy.content, survey_url(page)), **answers_only(page)}

    # Sent the moment the copy arrived: its start time is when it was sent, not when
    # it was rendered.
    instant = visitor().post(survey_url(page), data)
    assert instant.status_code == 400
    assert BlockedSubmission.objects.get().reason == "too_fast"

    clock.time = lambda: now + 30
    assert visitor().post(survey_url(page), data).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_comments_and_polls_work_from_a_cached_page(page):
    visitor().get(page.url)
    resident = visitor()
    copy = resident.get(page.url)
    assert served_from(copy) == HIT

    comment_url = page.url + page.reverse_subpage("comment")
    posted = resident.post(
        comment_url,
        {
            **form_fields(copy.content, comment_url),
            "name": "Sam",
            "email": "sam@example.org",
            "body": "Later opening please",
        },
    )
    assert posted.status_code == 302
    assert Comment.objects.get().body == "Later opening please"
