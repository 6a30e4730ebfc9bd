"""What answering a survey on one page and in steps share: the submission key of a
resident's response, the closed page and the messages when a response is not stored."""

import uuid

from django import forms
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..mail import send_email
from ..services.responses import save_draft
from ..spam import form_showing

ALREADY_RESPONDED = _("A response has already been sent using this email address")
NOT_STORED = _(
    "We could not save your response just now because of a problem on our side. "
    "Your answers are still below: please wait a minute, then send them again."
)
# What psycopg and sqlite raise when the connection is lost or refused.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
SAVE_ACTION = "save"

# Keys made from a showing of the form live in a namespace of their own.
SHOWING_NAMESPACE = uuid.UUID("6b1d0c52-3f8e-4d0e-9a57-1f3c2b7e9d40")


def posted_key(request, survey):
    """The key that makes one resident's double submit one response.

    A survey on the consultation page is shared by everyone the page cache serves, so
    it carries no key of its own: the page's script fills one in per visitor, and
    without JavaScript the key comes from the random showing in the form's signed
    start time (spam.form_showing), new for every copy of the page the site sends.
    Its own page, a resume link and a form sent back with errors carry their key.
    """
    try:
        return uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        pass
    showing = form_showing(request)
    if not showing:
        return uuid.uuid4()
    return uuid.uuid5(SHOWING_NAMESPACE, f"{survey.id}:{showing}")


def thanks_redirect(request, page, survey):
    """To the survey's thank-you page, once its answer is stored. The page's address is
    built from the request's site and root paths, which routing has already read
    (``page.url`` would ask the cache for them again)."""
    return HttpResponseRedirect(
        page.get_url(request) + page.reverse_subpage("respond_thanks", args=[survey.id])
    )


def closed(request, page, status):
    return TemplateResponse(
        request, "consultation_blocks/survey/closed.html", {"page": page}, status=status
    )


class DraftEmailForm(forms.Form):
    draft_email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )


def save_draft_and_send_link(request, page, survey, *, data, email, token):
    """Keep a partly finished response; returns the private link back to it, which is
    also emailed (in the background) when the resident gave an address."""
    token = save_draft(page=page, survey=survey, data=data, email=email, token=token)
    resume_url = request.build_absolute_uri(page.url + page.reverse_subpage("resume", args=[token]))
    if email:
        # Sent in the background; the link is also on the page in case the email is slow.
        send_email.enqueue(
            subject=gettext("Finish your response: %(title)s") % {"title": page.title},
            body=render_to_string(
                "consultation_blocks/emails/draft_link.txt",
                {"page": page, "resume_url": resume_url},
            ),
            recipients=[email],
        )
    return resume_url
