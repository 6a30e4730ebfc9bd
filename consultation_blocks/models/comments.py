"""What residents write in public: comments and replies, quotes from survey answers
chosen for publication, and reports of comments that break the house rules.

Nothing a resident writes is shown until a moderator approves it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index

COMMENT_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 80
# A comment reported by this many distinct reporters (told apart by their address, see
# CommentReport.reporter_address) goes back to the moderators.
REPORTS_TO_REQUEUE = 3


class HouseRule(Orderable):
    """One of the published rules comments must follow; moderators cite it when
    rejecting a comment, and the commenter is told which one."""

    title = models.CharField(max_length=80, unique=True)
    explanation = models.TextField(max_length=500)

    panels = [FieldPanel("title"), FieldPanel("explanation")]

    class Meta(Orderable.Meta):
        verbose_name = "house rule"

    def __str__(self):
        return self.title


class CommentState(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Spam"


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    QUOTE = "quote", "Survey answer to publish"


class Comment(index.Indexed, models.Model):
    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage", on_delete=models.PROTECT, related_name="comments"
    )
    kind = models.CharField(max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        help_text="The approved comment this replies to. Replies go one level deep.",
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(
        blank=True, help_text="Never shown. Used to say why a comment was rejected."
    )
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    state = models.CharField(
        max_length=10, choices=CommentState.choices, default=CommentState.PENDING, db_index=True
    )
    # For quotes: the answer an editor chose to publish.
    response = models.ForeignKey(
        "consultation_blocks.SurveyResponse",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_quotes",
    )
    question_id = models.CharField(max_length=64, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    broken_rule = models.ForeignKey(
        HouseRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderation_note = models.TextField(blank=True, max_length=1000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    was_requeued = models.BooleanField(
        default=False, help_text="Sent back for moderation after visitors reported it."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    search_fields = [
        index.SearchField("body"),
        index.SearchField("name"),
        index.FilterField("state"),
        index.FilterField("page_id"),
    ]

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "state", "created_at"])]
        permissions = [("moderate_comment", "Can approve, reject or mark comments as spam")]

    def __str__(self):
        excerpt = self.body[:60] + ("…" if len(self.body) > 60 else "")
        return f"{self.display_name}: {excerpt}"

    @property
    def display_name(self):
        if self.kind == CommentKind.QUOTE:
            return "A respondent"
        return self.name or "Anonymous"


class ReportReason(models.TextChoices):
    OFFENSIVE = "offensive", _("It is abusive, offensive or hateful")
    PERSONAL = "personal", _("It shares someone's personal details")
    SPAM = "spam", _("It is spam or advertising")
    OFF_TOPIC = "off_topic", _("It is not about this consultation")
    UNLAWFUL = "unlawful", _("It may be unlawful")


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    # A one-way hash of the visitor's session, so one browser reports a comment once.
    reporter = models.CharField(max_length=64)
    # A keyed hash (HMAC with SECRET_KEY) of the reporter's address. Sessions cost nothing
    # to renew, so the requeue threshold counts distinct addresses instead; the address
    # itself is personal data and is never stored, and the key stops anyone with the
    # database alone from hashing every possible address to recover it. Null for
    # reports made before addresses were kept: each of those counts as its own reporter,
    # as it did when it was made. Null, not "", because "unknown" must not be counted as
    # one shared address.
    reporter_address = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_visitor")
        ]

    def __str__(self):
        return f"Report on comment {self.comment_id}: {self.get_reason_display()}"


class ModerationDigest(models.Model):
    """When the last digest of pending items went out: at most one an hour."""

    sent_at = models.DateTimeField(auto_now_add=True)
    pending_count = models.PositiveIntegerField()
    recipients = models.PositiveIntegerField()

    class Meta:
        get_latest_by = "sent_at"

    def __str__(self):
        return f"Digest of {self.pending_count} at {self.sent_at:%Y-%m-%d %H:%M}"
