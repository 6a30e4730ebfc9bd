"""Residents comment; nothing shows until a moderator approves it."""

import datetime
import hashlib

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import routablepageurl

from consultation_blocks.models import (
    REPORTS_TO_REQUEUE,
    Comment,
    CommentState,
    ConsultationPage,
    HouseRule,
)
from consultation_blocks.services.comments import moderate_comments
from tests.factories import ConsultationPageFactory, comments_block
from tests.public_forms import with_guard

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def discussion(consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index, body=[comments_block(allow_anonymous=True)]
    )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_user("mod", email="mod@example.org", is_staff=True)


def comment_url(page):
    return page.url + page.reverse_subpage("comment")


def post_comment(client, page, **overrides):
    data = {"name": "Sam", "email": "sam@example.org", "body": "Open the library on Sundays."}
    data.update(overrides)
    return client.post(comment_url(page), with_guard(data))


def approve(*comments, user=None):
    moderate_comments(comments=list(comments), action="approve", user=user)


def visible_comment_texts(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [node.text.strip() for node in soup.select(".app-comment__text")]


def test_a_comment_waits_for_moderation_then_appears(client, discussion, moderator):
    response = post_comment(client, discussion)
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert "Thank you, your comment will appear once a moderator has checked it." in (
        followed.content.decode()
    )
    comment = Comment.objects.get()
    assert comment.state == CommentState.PENDING
    assert visible_comment_texts(client, discussion) == []

    approve(comment, user=moderator)
    assert visible_comment_texts(client, discussion) == ["Open the library on Sundays."]


@pytest.mark.parametrize("state", [CommentState.REJECTED, CommentState.SPAM, CommentState.PENDING])
def test_only_approved_comments_are_visible(client, discussion, state):
    Comment.objects.create(
        page=discussion, name="A", email="a@example.org", body="hidden", state=state
    )
    assert visible_comment_texts(client, discussion) == []


def test_email_is_never_shown(client, discussion):
    comment = Comment.objects.create(
        page=discussion, name="Ann", email="ann.private@example.org", body="Hello", state="approved"
    )
    page_html = client.get(discussion.url).content.decode()
    assert comment.body in page_html
    assert "ann.private@example.org" not in page_html


def test_resident_text_is_escaped_everywhere(client, admin_client, discussion):
    post_comment(client, discussion, name=XSS[:80], body=XSS)
    comment = Comment.objects.get()
    approve(comment)
    for response in (
        client.get(discussion.url),
        admin_client.get("/admin/consultation_blocks/comment/"),
        admin_client.get(f"/admin/consultation_blocks/comment/inspect/{comment.pk}/"),
    ):
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 2001}, "body"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"name": ""}, "name"),
        ({"name": "n" * 81}, "name"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, discussion, overrides, field):
    response = post_comment(client, discussion, **overrides)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None
    assert summary.select_one(f"a[href='#id_{field}']")
    assert Comment.objects.count() == 0


def test_anonymous_comment_only_where_allowed(client, consultation_index, discussion):
    response = post_comment(client, discussion, name="", anonymous="on")
    assert response.status_code == 302
    assert Comment.objects.get().display_name == "Anonymous"

    named_only = ConsultationPageFactory(parent=consultation_index, body=[comments_block()])
    named_only.save_revision().publish()
    response = post_comment(client, named_only, name="", anonymous="on")
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_replies_go_one_level_deep_and_only_to_approved_comments(client, discussion):
    pending = Comment.objects.create(page=discussion, name="P", email="p@x.org", body="p")
    response = post_comment(client, discussion, parent=pending.pk)
    assert response.status_code == 400
    assert "not available" in response.content.decode()

    top = Comment.objects.create(
        page=discussion, name="T", email="t@x.org", body="top", state="approved"
    )
    reply = Comment.objects.create(
        page=discussion, name="R", email="r@x.org", body="reply", state="approved", parent=top
    )
    assert post_comment(client, discussion, parent=reply.pk).status_code == 302
    newest = Comment.objects.latest("pk")
    assert newest.parent == top  # a reply to a reply joins the thread

    soup = BeautifulSoup(client.get(discussion.url).content, "html.parser")
    thread = soup.select_one(f"#comment-{top.pk}")
    assert [
        n.text.strip() for n in thread.select(".app-comment-list--replies .app-comment__text")
    ] == ["reply"]


def test_comments_close_with_the_consultation(client, consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index,
        body=[comments_block()],
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    page.save_revision().publish()
    response = post_comment(client, page)
    assert response.status_code == 403
    assert Comment.objects.count() == 0
    assert "Comments are closed" in client.get(page.url).content.decode()


def test_page_without_a_comments_block_takes_no_comments(client, open_consultation):
    assert post_comment(client, open_consultation).status_code == 404


def test_comment_form_is_csrf_protected(discussion):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, HTTP_ORIGIN="https://elsewhere.example")
    assert post_comment(strict, discussion).status_code == 403
    assert Comment.objects.count() == 0


def test_house_rules_are_linked_from_the_form(client, seeded, discussion):
    html = client.get(discussion.url).content.decode()
    assert 'href="/house-rules/"' in html


class TestReporting:
    def report(self, client, page, comment, reason="offensive"):
        url = page.url + page.reverse_subpage("report_comment", args=[comment.pk])
        return client.post(url, with_guard({"reason": reason}))

    def test_three_different_visitors_send_a_comment_back_to_the_queue(self, discussion):
        from django.test import Client

        comment = Comment.objects.create(
            page=discussion, name="A", email="a@x.org", body="b", state="approved"
        )
        visitors = [Client(REMOTE_ADDR=f"198.51.100.{n}") for n in range(REPORTS_TO_REQUEUE)]
        for visitor in visitors[:-1]:
            assert self.report(visitor, discussion, comment).status_code == 302
        # The same visitor reporting again does not count twice.
        self.report(visitors[0], discussion, comment)
        comment.refresh_from_db()
        assert comment.state == CommentState.APPROVED
        assert comment.reports.count() == REPORTS_TO_REQUEUE - 1

        self.report(visitors[-1], discussion, comment)
        comment.refresh_from_db()
        assert comment.state == CommentState.PENDING
        assert comment.was_requeued

    def test_one_address_with_fresh_browsers_cannot_hide_a_comment(self, discussion):
        from django.test import Client

        comment = Comment.objects.create(
            page=discussion, name="A", email="a@x.org", body="b", state="approved"
        )
        # One person clearing cookies between reports: a new session every time.
        for _ in range(REPORTS_TO_REQUEUE * 2):
            response = self.report(Client(REMOTE_ADDR="203.0.113.7"), discussion, comment)
            assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.state == CommentState.APPROVED
        assert not comment.was_requeued
        # Every report is kept for the moderators to read; they count as one reporter.
        assert comment.reports.count() == REPORTS_TO_REQUEUE * 2
        assert comment.reports.values("reporter_address").distinct().count() == 1

    def test_the_proxy_header_tells_reporters_apart_when_configured(self, discussion, settings):
        from django.test import Client

        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        comment = Comment.objects.create(
            page=discussion, name="A", email="a@x.org", body="b", state="approved"
        )
        # Everyone arrives through the same proxy; the header names each resident.
        for n in range(REPORTS_TO_REQUEUE):
            visitor = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
            self.report(visitor, discussion, comment)
        comment.refresh_from_db()
        assert comment.state == CommentState.PENDING

    def test_the_address_is_kept_only_as_a_keyed_hash(self, discussion, settings):
        from django.test import Client

        from consultation_blocks.models import CommentReport

        comment = Comment.objects.create(
            page=discussion, name="A", email="a@x.org", body="b", state="approved"
        )
        self.report(Client(REMOTE_ADDR="203.0.113.7"), discussion, comment)
        stored = CommentReport.objects.get(comment=comment).reporter_address
        assert "203.0.113.7" not in stored
        assert stored != hashlib.sha256(b"203.0.113.7").hexdigest()
        # Keyed with SECRET_KEY: another key gives another value, so a copy of the
        # database alone cannot be matched against every address.
        settings.SECRET_KEY = "another-secret-key-for-this-test-only"
        self.report(Client(REMOTE_ADDR="203.0.113.7"), discussion, comment)
        assert (
            CommentReport.objects.filter(comment=comment).exclude(reporter_address=stored).exists()
        )

    def test_reports_from_before_addresses_were_kept_still_count(self, discussion):
        from django.test import Client

        from consultation_blocks.models import CommentReport

        comment = Comment.objects.create(
            page=discussion, name="A", email="a@x.org", body="b", state="approved"
        )
        for n in range(REPORTS_TO_REQUEUE - 1):
            CommentReport.objects.create(comment=comment, reason="spam", reporter=f"old-{n}")
        self.report(Client(REMOTE_ADDR="203.0.113.7"), discussion, comment)
        comment.refresh_from_db()
        assert comment.state == CommentState.PENDING

    def test_report_needs_a_reason_from_the_list(self, client, discussion):
        comment = Comment.objects.create(
            page=discussion, name="A", email="a@x.org", body="b", state="approved"
        )
        response = self.report(client, discussion, comment, reason="because")
        assert response.status_code == 400
        assert "Choose why you are reporting" in response.content.decode()
        assert comment.reports.count() == 0

    def test_only_approved_comments_can_be_reported(self, client, discussion):
        comment = Comment.objects.create(page=discussion, name="A", email="a@x.org", body="b")
        assert self.report(client, discussion, comment).status_code == 404


class TestRejection:
    def test_rejected_commenter_is_told_which_rule_by_email(
        self, discussion, moderator, django_capture_on_commit_callbacks
    ):
        rule = HouseRule.objects.create(title="Be respectful", explanation="No personal attacks.")
        comment = Comment.objects.create(
            page=discussion, name="Kim", email="kim@example.org", body="rude words"
        )
        with django_capture_on_commit_callbacks(execute=True):
            moderate_comments(
                comments=[comment], action="reject", user=moderator, rule=rule, note="Too personal"
            )
        comment.refresh_from_db()
        assert comment.state == CommentState.REJECTED
        assert comment.broken_rule == rule
        [email] = mail.outbox
        assert email.to == ["kim@example.org"]
        assert "Be respectful" in email.body and "No personal attacks." in email.body
        assert "Too personal" in email.body

    def test_a_rejection_must_cite_a_rule(self, discussion, moderator):
        comment = Comment.objects.create(page=discussion, name="K", email="k@x.org", body="b")
        with pytest.raises(ValueError, match="house rule"):
            moderate_comments(comments=[comment], action="reject", user=moderator)

    def test_every_decision_is_logged_with_who_and_why(self, discussion, moderator):
        from wagtail.models import ModelLogEntry

        rule = HouseRule.objects.create(title="No spam", explanation="No adverts.")
        comment = Comment.objects.create(page=discussion, name="K", email="k@x.org", body="b")
        moderate_comments(comments=[comment], action="reject", user=moderator, rule=rule, note="ad")
        entry = ModelLogEntry.objects.get(action="consultation_blocks.comment.reject")
        assert entry.user == moderator
        assert entry.object_id == str(comment.pk)
        assert entry.data == {"rule": "No spam", "note": "ad"}


def test_page_with_many_comments_renders_in_constant_queries(
    client, discussion, django_assert_max_num_queries
):
    def add(count):
        for number in range(count):
            top = Comment.objects.create(
                page=discussion, name=f"N{number}", email="n@x.org", body="b", state="approved"
            )
            Comment.objects.create(
                page=discussion, name="R", email="r@x.org", body="r", state="approved", parent=top
            )

    add(1)
    client.get(discussion.url)
    with django_assert_max_num_queries(40) as baseline:
        client.get(discussion.url)
    count = len(baseline)
    add(25)
    client.get(discussion.url)
    with django_assert_max_num_queries(count):
        client.get(discussion.url)


def test_routable_url_helper_matches(discussion, rf):
    request = rf.get("/")
    assert routablepageurl({"request": request}, discussion, "comment").endswith("/comments/")
