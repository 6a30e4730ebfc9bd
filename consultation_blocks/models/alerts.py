"""Email alerts residents ask for without an account.

A subscription keeps only what sending needs and what proves consent: the address, the
filters, how often, and the consent record (the wording shown, when it was given and
when the address was confirmed). Nothing is sent until the address is confirmed;
unconfirmed subscriptions are deleted after ``UNCONFIRMED_RETENTION_DAYS``, and
unsubscribing deletes the subscription and its delivery records.
"""

import uuid

from django.db import models

# The confirmation link stops working, and the unconfirmed subscription is deleted by
# `manage.py delete_unconfirmed_alerts`, after this many days.
UNCONFIRMED_RETENTION_DAYS = 7

# Shown beside the form's button and stored with each subscription as the consent given.
CONSENT_WORDING = (
    "We will use your email address only to send the alerts you chose. We keep it, with "
    "your choices and the date you confirmed, until you unsubscribe; every alert has a "
    "link to unsubscribe in one click. If you do not confirm within "
    f"{UNCONFIRMED_RETENTION_DAYS} days, we delete your address."
)


class AlertFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "As soon as something is published"
    WEEKLY = "weekly", "Once a week, in one email"


class AlertKind(models.TextChoices):
    """What an alert can be about. Each kind is a kind of item the site publishes."""

    CONSULTATION = "consultation", "New consultations"
    OUTCOME = "outcome", "Outcomes: what changed after a consultation"
    MEETING = "meeting", "New meetings and events"


class AlertSubscription(models.Model):
    email = models.EmailField(max_length=254)
    # Identifies the subscription in its signed links, so they never carry the address.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    frequency = models.CharField(max_length=20, choices=AlertFrequency.choices)
    kinds = models.JSONField(default=list, help_text="AlertKind values.")
    # Filters as slugs, read with the same rule as the consultation listing; empty
    # means "any". A slug that no longer exists matches nothing, so a deleted partner
    # never widens what someone receives.
    topic = models.SlugField(max_length=100, blank=True)
    area = models.SlugField(max_length=120, blank=True)
    partner = models.SlugField(max_length=100, blank=True)
    consent_wording = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["confirmed_at", "frequency"])]
        constraints = [
            # One subscription per address and set of filters: asking again updates or
            # re-confirms it rather than doubling every alert.
            models.UniqueConstraint(
                fields=["email", "topic", "area", "partner"],
                name="one_alert_per_address_and_filters",
            )
        ]

    def __str__(self):
        # No address: this string can reach logs and the admin's history.
        return f"Alert subscription {self.pk}"

    @property
    def filters(self):
        return {
            name: value
            for name, value in (
                ("topic", self.topic),
                ("area", self.area),
                ("partner", self.partner),
            )
            if value
        }


class AlertDelivery(models.Model):
    """A record that one item was sent to one subscriber, so it is never sent twice,
    whether by the immediate alert, a re-run or the weekly digest."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    # The item's id within its kind: the page's id (a consultation's for new
    # consultations and outcomes, a network meeting's for meetings).
    object_id = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "object_id"], name="one_alert_per_item"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} to subscription {self.subscription_id}"
