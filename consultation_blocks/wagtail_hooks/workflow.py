"""Backstops for the lead partner rule where Wagtail checks the parent, not the page.

Creating a page and publishing it in one go, and copying a live page with "publish
copies", are allowed by the parent's permissions alone. These hooks ask the page
itself (see permissions.py), so a moderator of one partner cannot put another
partner's consultation live without that partner's sign-off.
"""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin import messages

from ..selectors_partners import partners_for_lead


def _lead_partner_message(page, action):
    names = " and ".join(partner.name for partner in partners_for_lead(page))
    if not names:
        return f"You do not have permission to {action} “{page.get_admin_display_title()}”."
    return (
        f"Only a moderator of {names} can {action} “{page.get_admin_display_title()}”. "
        "Submit it for approval instead, and they will be asked to sign it off."
    )


@hooks.register("before_publish_page")
def require_lead_partner_to_publish(request, page):
    if page.permissions_for_user(request.user).can_publish():
        return None
    # The new version is already saved as a revision by the time this hook runs. A page
    # created in the same request was saved with Wagtail's default live=True, and must
    # stay a draft.
    if page.live and page.live_revision_id is None:
        type(page).objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
    messages.error(request, _lead_partner_message(page, "publish"))
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_copy_page")
def require_lead_partner_to_publish_copies(request, page):
    if request.method != "POST":
        return None
    if not (request.POST.get("publish_copies") or request.POST.get("alias")):
        return None
    if page.permissions_for_user(request.user).can_publish():
        return None
    messages.error(request, _lead_partner_message(page.specific, "publish a copy of"))
    return redirect(reverse("wagtailadmin_pages:copy", args=[page.pk]))
