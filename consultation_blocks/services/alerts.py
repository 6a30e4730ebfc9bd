"""Email alerts: subscribing (double opt-in), confirming, unsubscribing, sending the
immediate alerts and the weekly digest, and deleting what was never confirmed.

Links carry a signed, opaque token for the subscription, never the address. Every
item sent is recorded (``AlertDelivery``) in the same transaction that queues the
email, so no run, re-run or overlap sends an item to a subscriber twice.
"""

import datetime
import uuid

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..mail import send_email, send_email_with_headers
from ..models import (
    CONSENT_WORDING,
    UNCONFIRMED_RETENTION_DAYS,
    AlertDelivery,
    AlertFrequency,
    AlertSubscription,
)
from ..selectors.alerts import (
    ALERT_LOOKBACK,
    alert_items,
    confirmed_subscriptions,
    subscription_wants,
)

_CONFIRM_SALT = "consultation_blocks.alerts.confirm"
_UNSUBSCRIBE_SALT = "consultation_blocks.alerts.unsubscribe"
# Asking again for the same alert sends at most one email per this many seconds, so the
# form cannot be used to flood someone's inbox (the rate limit counts per client
# address; this counts per recipient and alert).
REPEAT_EMAIL_SECONDS = 600
UNCONFIRMED_RETENTION = datetime.timedelta(days=UNCONFIRMED_RETENTION_DAYS)


class InvalidAlertLink(Exception):
    """A confirmation or unsubscribe link that was altered, has expired, or names a
    subscription that no longer exists. The message is safe to show."""


# Links -------------------------------------------------------------------------------


def confirm_url(subscription, base_url=""):
    token = signing.dumps(str(subscription.token), salt=_CONFIRM_SALT)
    return base_url + reverse("consultation_blocks:confirm", args=[token])


def unsubscribe_url(subscription, base_url=""):
    # No expiry: an unsubscribe link in an old email must still work.
    token = signing.dumps(str(subscription.token), salt=_UNSUBSCRIBE_SALT)
    return base_url + reverse("consultation_blocks:unsubscribe", args=[token])


def _subscription_for(value, *, salt, max_age=None):
    try:
        token = uuid.UUID(signing.loads(value, salt=salt, max_age=max_age))
    except signing.SignatureExpired as error:
        raise InvalidAlertLink(
            "This confirmation link has expired. Please subscribe again."
        ) from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidAlertLink(
            "This link is not valid. Please copy the whole link from the email."
        ) from error
    return AlertSubscription.objects.filter(token=token).first()


def subscription_from_unsubscribe_link(value):
    """The subscription an unsubscribe link names, or None once it is gone (so the
    link keeps saying "you are unsubscribed"). Raises InvalidAlertLink if tampered."""
    return _subscription_for(value, salt=_UNSUBSCRIBE_SALT)


# Writes ------------------------------------------------------------------------------


def subscribe(*, email, frequency, kinds, topic="", area="", partner="", base_url=""):
    """Record an unconfirmed subscription and email a confirmation link; nothing else is
    sent until it is confirmed. Asking again for the same alert re-sends the link; an
    alert already confirmed is left as it is (so nobody can change another person's
    choices by typing their address) and the address is told it exists."""
    email = email.strip().lower()
    try:
        return _subscribe(
            email=email,
            frequency=frequency,
            kinds=kinds,
            topic=topic,
            area=area,
            partner=partner,
            base_url=base_url,
        )
    except IntegrityError:
        # The same request arrived twice at once; the other one stored it and emails.
        return AlertSubscription.objects.get(email=email, topic=topic, area=area, partner=partner)


def _subscribe(*, email, frequency, kinds, topic, area, partner, base_url):
    with transaction.atomic():
        subscription = (
            AlertSubscription.objects.select_for_update()
            .filter(email=email, topic=topic, area=area, partner=partner)
            .first()
        )
        if subscription is not None and subscription.confirmed_at is not None:
            body = render_to_string(
                "consultation_blocks/alerts/emails/already_subscribed.txt",
                {
                    "subscription": subscription,
                    "unsubscribe_url": unsubscribe_url(subscription, base_url),
                },
            )
            subject = "You already have this email alert"
        else:
            if subscription is None:
                subscription = AlertSubscription(
                    email=email, topic=topic, area=area, partner=partner
                )
            else:
                # A fresh link, so the retention period starts again with it.
                subscription.created_at = timezone.now()
            subscription.frequency = frequency
            subscription.kinds = sorted(kinds)
            subscription.consent_wording = CONSENT_WORDING
            subscription.save()
            body = render_to_string(
                "consultation_blocks/alerts/emails/confirm.txt",
                {
                    "subscription": subscription,
                    "confirm_url": confirm_url(subscription, base_url),
                    "days": UNCONFIRMED_RETENTION_DAYS,
                },
            )
            subject = "Confirm your email alerts"
        if _first_request_in_a_while(email, topic, area, partner):
            transaction.on_commit(
                lambda: send_email.enqueue(subject=subject, body=body, recipients=[email])
            )
    return subscription


def _first_request_in_a_while(email, topic, area, partner):
    # The key is a keyed hash: the cache holds no address.
    digest = salted_hmac(
        "consultation_blocks.alerts.repeat", "\n".join((email, topic, area, partner))
    ).hexdigest()
    return cache.add(f"consultation:alerts:repeat:{digest}", 1, timeout=REPEAT_EMAIL_SECONDS)


def subscription_from_confirm_link(value):
    """The subscription a confirmation link names. Raises InvalidAlertLink for a
    tampered or expired link or a subscription since deleted."""
    subscription = _subscription_for(
        value, salt=_CONFIRM_SALT, max_age=UNCONFIRMED_RETENTION.total_seconds()
    )
    if subscription is None:
        raise InvalidAlertLink("We could not find this alert. Please subscribe again.")
    return subscription


def confirm_subscription(*, link):
    """Confirm the subscription a confirmation link names; confirming twice is fine."""
    subscription = subscription_from_confirm_link(link)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(*, link):
    """Delete the subscription the link names, with its delivery records: we keep
    nothing about someone who has left. Returns whether anything was deleted."""
    subscription = subscription_from_unsubscribe_link(link)
    if subscription is None:
        return False
    subscription.delete()
    return True


def delete_unconfirmed_subscriptions(*, now=None):
    """Delete subscriptions never confirmed within the retention period."""
    now = now or timezone.now()
    _, deleted = AlertSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_RETENTION
    ).delete()
    return deleted.get(AlertSubscription._meta.label, 0)


def _record_and_queue(subscription, items, *, subject, template, base_url):
    """Record the items as sent to this subscriber and queue one email, or do neither
    if another run recorded any of them first."""
    link = unsubscribe_url(subscription, base_url)
    body = render_to_string(
        template, {"items": items, "subscription": subscription, "unsubscribe_url": link}
    )
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    email = subscription.email
    try:
        with transaction.atomic():
            AlertDelivery.objects.bulk_create(
                [
                    AlertDelivery(subscription=subscription, kind=item.kind, object_id=item.page.pk)
                    for item in items
                ]
            )
            transaction.on_commit(
                lambda: send_email_with_headers.enqueue(
                    subject=subject, body=body, recipient=email, headers=headers
                )
            )
    except IntegrityError:
        return False
    return True


def _delivered(frequency, items):
    """{(subscription id, kind, object id)} already sent, in one query (the subscribers
    as a subquery, so the query does not grow with their number)."""
    return set(
        AlertDelivery.objects.filter(
            subscription__in=confirmed_subscriptions(frequency),
            object_id__in={item.page.pk for item in items},
        ).values_list("subscription_id", "kind", "object_id")
    )


def _pending(frequency, items):
    delivered = _delivered(frequency, items)
    for subscription in confirmed_subscriptions(frequency).iterator():
        wanted = [
            item
            for item in items
            if subscription_wants(subscription, item)
            and (subscription.pk, *item.key) not in delivered
        ]
        if wanted:
            yield subscription, wanted


def _with_urls(items, base_url):
    for item in items:
        item.url = base_url + item.page.url if base_url else item.page.full_url
    return items


def send_immediate_alerts(*, base_url="", now=None, page_ids=None):
    """One email per new item to each immediate subscriber who wants it. Run when a
    consultation or network meeting is published (for that page) and regularly (for
    outcomes that were scheduled). Returns the number of emails queued."""
    now = now or timezone.now()
    items = _with_urls(
        alert_items(since=now - ALERT_LOOKBACK, now=now, page_ids=page_ids), base_url
    )
    if not items:
        return 0
    sent = 0
    for subscription, wanted in _pending(AlertFrequency.IMMEDIATE, items):
        for item in wanted:
            sent += _record_and_queue(
                subscription,
                [item],
                subject=f"{item.label}: {item.page.title}",
                template="consultation_blocks/alerts/emails/alert.txt",
                base_url=base_url,
            )
    return sent


def send_weekly_digests(*, base_url="", now=None):
    """One email to each weekly subscriber listing every wanted item of the last week
    not yet sent to them. Returns the number of emails queued."""
    now = now or timezone.now()
    items = _with_urls(alert_items(since=now - ALERT_LOOKBACK, now=now), base_url)
    if not items:
        return 0
    sent = 0
    for subscription, wanted in _pending(AlertFrequency.WEEKLY, items):
        count = len(wanted)
        sent += _record_and_queue(
            subscription,
            wanted,
            subject=f"Your weekly alert: {count} new item{'s' if count != 1 else ''}",
            template="consultation_blocks/alerts/emails/digest.txt",
            base_url=base_url,
        )
    return sent
