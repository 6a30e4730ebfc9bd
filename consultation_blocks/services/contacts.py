"""The contacts register: signing up (double opt-in) with the consent given, staying on
the register or leaving it, the retention steps, and inviting people to a consultation.

Links carry a signed, opaque token for the contact or organisation, never the address.
Emails go through the background mail task once the transaction commits.
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

from .. import personal_data
from ..defaults import setting
from ..mail import send_email, send_email_with_headers
from ..models import (
    CONTACT_CONSENT_VERSION,
    CONTACT_CONSENT_WORDING,
    UNCONFIRMED_RETENTION_DAYS,
    AccessRequest,
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
    Contact,
    Invitation,
    MeetingPage,
    Organisation,
)
from ..selectors.contacts import invitation_recipients

_CONFIRM_SALT = "consultation_blocks.contacts.confirm"
_UNSUBSCRIBE_SALT = "consultation_blocks.contacts.unsubscribe"
_KEEP_SALT = "consultation_blocks.contacts.keep"
REPEAT_EMAIL_SECONDS = 600
UNCONFIRMED_RETENTION = datetime.timedelta(days=UNCONFIRMED_RETENTION_DAYS)


class InvalidContactLink(Exception):
    """A link that was altered, has expired, or names an entry since removed. The
    message is safe to show."""


def retention():
    return datetime.timedelta(days=setting("CONTACTS_RETENTION_DAYS"))


def reminder_notice():
    return datetime.timedelta(days=setting("CONTACTS_REMINDER_DAYS"))


# Links -------------------------------------------------------------------------------


def confirm_url(contact, base_url=""):
    token = signing.dumps(str(contact.token), salt=_CONFIRM_SALT)
    return base_url + reverse("consultation_blocks:contact_confirm", args=[token])


def keep_url(contact, base_url=""):
    token = signing.dumps(str(contact.token), salt=_KEEP_SALT)
    return base_url + reverse("consultation_blocks:contact_keep", args=[token])


def unsubscribe_url(entry, base_url=""):
    """A link that takes a contact off the register, or stops an organisation's
    invitations, in one click. No expiry: a link in an old email must still work."""
    prefix = "o" if isinstance(entry, Organisation) else "c"
    token = signing.dumps(f"{prefix}:{entry.token}", salt=_UNSUBSCRIBE_SALT)
    return base_url + reverse("consultation_blocks:contact_unsubscribe", args=[token])


def _load(value, *, salt, max_age=None, expired_message):
    try:
        return signing.loads(value, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidContactLink(expired_message) from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidContactLink(
            "This link is not valid. Please copy the whole link from the email."
        ) from error


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise InvalidContactLink("This link is not valid.") from error


def contact_from_confirm_link(value):
    token = _load(
        value,
        salt=_CONFIRM_SALT,
        max_age=UNCONFIRMED_RETENTION.total_seconds(),
        expired_message="This confirmation link has expired. Please sign up again.",
    )
    contact = Contact.objects.filter(token=_uuid(token)).first()
    if contact is None:
        raise InvalidContactLink("We could not find your details. Please sign up again.")
    return contact


def contact_from_keep_link(value):
    token = _load(
        value,
        salt=_KEEP_SALT,
        # The reminder is sent this long before removal; a little more for late mail.
        max_age=(reminder_notice() + datetime.timedelta(days=7)).total_seconds(),
        expired_message="This link has expired. Please sign up again to stay in touch.",
    )
    contact = Contact.objects.filter(token=_uuid(token), confirmed_at__isnull=False).first()
    if contact is None:
        raise InvalidContactLink(
            "We no longer hold your details. Please sign up again to stay in touch."
        )
    return contact


def entry_from_unsubscribe_link(value):
    """The contact or organisation an unsubscribe link names, or None once it is gone
    or has already stopped invitations. Raises InvalidContactLink if tampered."""
    payload = _load(value, salt=_UNSUBSCRIBE_SALT, expired_message="")
    kind, _, token = str(payload).partition(":")
    if kind == "o":
        return Organisation.objects.filter(token=_uuid(token), no_invitations=False).first()
    if kind == "c":
        return Contact.objects.filter(token=_uuid(token)).first()
    raise InvalidContactLink("This link is not valid.")


# Signing up --------------------------------------------------------------------------


def _first_request_in_a_while(purpose, email):
    digest = salted_hmac(f"consultation_blocks.contacts.{purpose}", email).hexdigest()
    return cache.add(f"consultation:contacts:{purpose}:{digest}", 1, timeout=REPEAT_EMAIL_SECONDS)


def sign_up(
    *, name, email, phone="", preferred_method, topics=(), areas=(), groups=(), base_url=""
):
    """Record an unconfirmed contact with the consent shown, and email a link to
    confirm. An address already confirmed is left as it is (nobody can change another
    person's choices by typing their address) and is told so."""
    email = personal_data.normalise_email(email)
    try:
        with transaction.atomic():
            contact = (
                Contact.objects.select_for_update()
                .filter(email=email, partner__isnull=True)
                .order_by("pk")
                .first()
            )
            if contact is not None and contact.confirmed_at is not None:
                subject = "You are already on our contacts list"
                body = render_to_string(
                    "consultation_blocks/contacts/emails/already_registered.txt",
                    {"unsubscribe_url": unsubscribe_url(contact, base_url)},
                )
            else:
                if contact is None:
                    contact = Contact(email=email)
                contact.name = name
                contact.phone = phone
                contact.preferred_method = preferred_method
                contact.groups = sorted(groups)
                contact.created_at = timezone.now()
                contact.save()
                contact.tags.set(list(topics))
                contact.areas.set(list(areas))
                contact.save()
                # The consent shown this time replaces any shown before confirmation.
                contact.consents.all().delete()
                ConsentRecord.objects.create(
                    contact=contact,
                    purpose=ConsentPurpose.INVITATIONS,
                    given_at=timezone.now(),
                    source=ConsentSource.PUBLIC_FORM,
                    wording=CONTACT_CONSENT_WORDING,
                    wording_version=CONTACT_CONSENT_VERSION,
                )
                subject = "Confirm you want us to contact you"
                body = render_to_string(
                    "consultation_blocks/contacts/emails/confirm.txt",
                    {
                        "confirm_url": confirm_url(contact, base_url),
                        "days": UNCONFIRMED_RETENTION_DAYS,
                    },
                )
            if _first_request_in_a_while("signup", email):
                transaction.on_commit(
                    lambda: send_email.enqueue(subject=subject, body=body, recipients=[email])
                )
    except IntegrityError:
        return None
    return contact


def confirm(*, link, now=None):
    """Confirm the contact a link names; confirming twice changes nothing."""
    contact = contact_from_confirm_link(link)
    if contact.confirmed_at is None:
        now = now or timezone.now()
        contact.confirmed_at = now
        contact.keep_until = now + retention()
        contact.save(update_fields=["confirmed_at", "keep_until"])
    return contact


def record_staff_consent(*, contact, source, wording, user, now=None):
    """Consent given on paper, in person or by telephone, entered by staff: the contact
    counts as confirmed and its retention period starts."""
    now = now or timezone.now()
    ConsentRecord.objects.create(
        contact=contact,
        purpose=ConsentPurpose.INVITATIONS,
        given_at=now,
        source=source,
        wording=wording,
        wording_version=CONTACT_CONSENT_VERSION
        if wording.strip() == CONTACT_CONSENT_WORDING
        else "staff-recorded",
        recorded_by=user,
    )
    contact.email = personal_data.normalise_email(contact.email)
    contact.confirmed_at = contact.confirmed_at or now
    contact.keep_until = now + retention()
    contact.reminded_at = None
    contact.save(update_fields=["email", "confirmed_at", "keep_until", "reminded_at"])
    return contact


def keep(*, link, now=None):
    """The person answered the reminder: record the renewed consent and start a new
    retention period."""
    now = now or timezone.now()
    contact = contact_from_keep_link(link)
    with transaction.atomic():
        ConsentRecord.objects.create(
            contact=contact,
            purpose=ConsentPurpose.INVITATIONS,
            given_at=now,
            source=ConsentSource.RENEWED,
            wording=CONTACT_CONSENT_WORDING,
            wording_version=CONTACT_CONSENT_VERSION,
        )
        contact.keep_until = now + retention()
        contact.reminded_at = None
        contact.save(update_fields=["keep_until", "reminded_at"])
    return contact


def unsubscribe(*, link):
    """Delete the contact (with its consent records and invitations), or stop the
    organisation's invitations. Returns whether anything changed."""
    entry = entry_from_unsubscribe_link(link)
    if entry is None:
        return False
    if isinstance(entry, Organisation):
        Organisation.objects.filter(pk=entry.pk).update(no_invitations=True)
    else:
        entry.delete()
    return True


# Retention ---------------------------------------------------------------------------


def delete_unconfirmed(*, now=None):
    now = now or timezone.now()
    _, deleted = Contact.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_RETENTION
    ).delete()
    return deleted.get(Contact._meta.label, 0)


def send_retention_reminders(*, now=None, base_url=""):
    """Remind, once, everyone whose retention period ends within the notice period.
    Returns the number reminded."""
    now = now or timezone.now()
    due = Contact.objects.filter(
        confirmed_at__isnull=False,
        reminded_at__isnull=True,
        keep_until__lte=now + reminder_notice(),
    )
    reminded = 0
    for contact in due.iterator():
        with transaction.atomic():
            # Claim the reminder first, so overlapping runs send it once.
            if not Contact.objects.filter(pk=contact.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            body = render_to_string(
                "consultation_blocks/contacts/emails/reminder.txt",
                {
                    "contact": contact,
                    "keep_url": keep_url(contact, base_url),
                    "unsubscribe_url": unsubscribe_url(contact, base_url),
                    "removal_on": max(contact.keep_until, now + reminder_notice()),
                },
            )
            email = contact.email
            transaction.on_commit(
                lambda body=body, email=email: send_email.enqueue(
                    subject="Do you want to stay on our contacts list?",
                    body=body,
                    recipients=[email],
                )
            )
        reminded += 1
    return reminded


def remove_expired(*, now=None):
    """Delete everyone whose retention period has ended and who was reminded at least
    the notice period ago without answering. Returns the number removed."""
    now = now or timezone.now()
    _, deleted = Contact.objects.filter(
        confirmed_at__isnull=False,
        keep_until__lte=now,
        reminded_at__lte=now - reminder_notice(),
    ).delete()
    return deleted.get(Contact._meta.label, 0)


def delete_expired_access_requests(*, now=None):
    now = now or timezone.now()
    hours = datetime.timedelta(hours=setting("SUBJECT_ACCESS_LINK_HOURS"))
    deleted, _ = AccessRequest.objects.filter(created_at__lt=now - hours).delete()
    return deleted


# Invitations -------------------------------------------------------------------------


def invite_to_consultation(*, user, page, filters, base_url=""):
    """Invite everyone on the list ``filters`` selects to a consultation."""
    return invite(user=user, target=page, filters=filters, base_url=base_url)


def invite_to_meeting(*, user, meeting, filters, base_url=""):
    """Invite everyone on the list ``filters`` selects to register for a meeting."""
    return invite(user=user, target=meeting, filters=filters, base_url=base_url)


def _target_field(target):
    return "meeting" if isinstance(target, MeetingPage) else "page"


def invite(*, user, target, filters, base_url=""):
    """Invite everyone on the list ``filters`` selects (within ``user``'s partners) who
    was not invited to ``target`` (a consultation or a network meeting) before: one
    email each, through the background mail task, and a record of the invitation.
    Returns (invited, already invited). The caller checks that ``user`` may invite
    people to ``target``."""
    field = _target_field(target)
    contacts, organisations = invitation_recipients(user, filters)
    already_contacts = set(
        Invitation.objects.filter(**{field: target}, contact__in=contacts).values_list(
            "contact_id", flat=True
        )
    )
    already_organisations = set(
        Invitation.objects.filter(**{field: target}, organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    new_contacts = [c for c in contacts if c.pk not in already_contacts]
    new_organisations = [o for o in organisations if o.pk not in already_organisations]
    page_url = base_url + target.url if base_url else target.full_url
    if field == "meeting":
        # The email takes people straight to the meeting's registration form.
        page_url += target.reverse_subpage("register")
    try:
        with transaction.atomic():
            Invitation.objects.bulk_create(
                [Invitation(**{field: target}, contact=c, invited_by=user) for c in new_contacts]
                + [
                    Invitation(**{field: target}, organisation=o, invited_by=user)
                    for o in new_organisations
                ]
            )
            for entry, email in [(c, c.email) for c in new_contacts] + [
                (o, o.contact_email) for o in new_organisations
            ]:
                _queue_invitation(entry, email, target, page_url, base_url)
    except IntegrityError:
        # Someone invited the same list at the same moment; their run sends the emails.
        return 0, len(already_contacts) + len(already_organisations)
    return (
        len(new_contacts) + len(new_organisations),
        len(already_contacts) + len(already_organisations),
    )


def _queue_invitation(entry, email, target, page_url, base_url):
    link = unsubscribe_url(entry, base_url)
    is_meeting = isinstance(target, MeetingPage)
    body = render_to_string(
        "consultation_blocks/contacts/emails/"
        + ("meeting_invitation.txt" if is_meeting else "invitation.txt"),
        {
            "page": target,
            "page_url": page_url,
            "unsubscribe_url": link,
            "is_organisation": isinstance(entry, Organisation),
        },
    )
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    subject = (
        f"You are invited to a meeting: {target.title}"
        if is_meeting
        else f"You are invited to have your say: {target.title}"
    )
    transaction.on_commit(
        lambda: send_email_with_headers.enqueue(
            subject=subject,
            body=body,
            recipient=email,
            headers=headers,
        )
    )


# Personal data -----------------------------------------------------------------------


def _find_contacts(email):
    contacts = (
        Contact.objects.filter(email__iexact=email)
        .select_related("partner")
        .prefetch_related("tags", "areas", "consents", "invitations__page", "invitations__meeting")
    )
    return [
        personal_data.plain(
            {
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
                "preferred_method": contact.get_preferred_method_display(),
                "kept_by": contact.partner.name if contact.partner else "The whole partnership",
                "topics": sorted(tag.name for tag in contact.tags.all()),
                "areas": sorted(area.name for area in contact.areas.all()),
                "groups": contact.groups,
                "signed_up_at": contact.created_at,
                "confirmed_at": contact.confirmed_at,
                "kept_until": contact.keep_until,
                "consents": [
                    {
                        "purpose": consent.get_purpose_display(),
                        "given_at": consent.given_at,
                        "how": consent.get_source_display(),
                        "wording": consent.wording,
                        "wording_version": consent.wording_version,
                    }
                    for consent in contact.consents.all()
                ],
                "invited_to": [
                    {
                        ("meeting" if invitation.meeting_id else "consultation"): (
                            invitation.target.title
                        ),
                        "sent_at": invitation.sent_at,
                    }
                    for invitation in contact.invitations.all()
                ],
            }
        )
        for contact in contacts
    ]


def _erase_contacts(email):
    _, deleted = Contact.objects.filter(email__iexact=email).delete()
    return deleted.get(Contact._meta.label, 0)


def _find_organisations(email):
    return [
        personal_data.plain(
            {
                "organisation": organisation.name,
                "contact_email": organisation.contact_email,
                "contact_role": organisation.contact_role,
            }
        )
        for organisation in Organisation.objects.filter(contact_email__iexact=email)
    ]


def _erase_organisations(email):
    # The organisation stays on the register; the person's address and role go.
    return Organisation.objects.filter(contact_email__iexact=email).update(
        contact_email="", contact_role=""
    )


personal_data.register(
    "contacts",
    label="Contacts list",
    find=_find_contacts,
    erase=_erase_contacts,
    on_erase="Deleted, with the consent you gave and the invitations we sent.",
)
personal_data.register(
    "organisation_contacts",
    label="Organisations you are the contact for",
    find=_find_organisations,
    erase=_erase_organisations,
    on_erase="Your address and role are removed; the organisation stays on the register.",
)
