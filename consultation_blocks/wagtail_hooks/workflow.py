"""Backstops for the lead partner rule where Wagtail checks the parent, not the page.

Creating a page and publishing it in one go, copying a live page with "publish
copies" (with its subpages, too) and making an alias are allowed by the parent's
permissions alone. These hooks ask the page itself (see permissions.py), so a
moderator of one partner cannot put another partner's consultation live without
that partner's sign-off. The admin's page API gets the same checks
(see admin_api.py).
"""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from ..admin_api import LeadPartnerPagesAdminAPIViewSet, may_publish_copies
from ..models.teams import partners_for_lead
from ..views.review_panel import ReviewPanel


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
    recursive = bool(request.POST.get("copy_subpages"))
    if may_publish_copies(request.user, page, recursive=recursive):
        return None
    if page.permissions_for_user(request.user).can_publish():
        messages.error(
            request,
            "Some of the live consultations below this page are led by partners you do "
            "not act for. Copy the subpages without publishing them, or ask a moderator "
            "of those partners.",
        )
    else:
        messages.error(request, _lead_partner_message(page.specific, "publish a copy of"))
    return redirect(reverse("wagtailadmin_pages:copy", args=[page.pk]))


@hooks.register("construct_admin_api")
def follow_the_lead_partner_in_the_admin_api(router):
    router.register_endpoint("pages", LeadPartnerPagesAdminAPIViewSet)


@hooks.register("construct_homepage_panels")
def review_panel_in_fixed_queries(request, panels):
    """The dashboard's "Awaiting your review": the same items, loaded in bulk."""
    panels[:] = [
        ReviewPanel() if type(panel) is WorkflowObjectsToModeratePanel else panel
        for panel in panels
    ]
