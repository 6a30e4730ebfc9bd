"""The admin's page API with the lead partner rule on the actions that bypass the tester.

Wagtail's admin API (``/admin/api/main/pages/<id>/action/<name>/``) writes pages with
the same actions as the admin screens. Publishing, unpublishing, moving and deleting
ask the page's permission tester (see permissions.py), so they already follow the
lead partner. Three actions do not: a copy that stays live and an alias (Wagtail
checks only the destination), and reverting to a revision (Wagtail checks only that
the page may be edited, and the revision may name another lead partner). Here they
get the same checks as the copy screen and the page editor.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import ValidationError
from wagtail.admin.api.actions.copy import CopyPageAPIAction
from wagtail.admin.api.actions.create_alias import CreatePageAliasAPIAction
from wagtail.admin.api.actions.revert_to_page_revision import RevertToPageRevisionAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet

from .models import ConsultationPage
from .models.teams import may_act_for_partners
from .permissions import lead_partner_change_message, lead_partners_to_act_for

COPY_REFUSED = "Only a moderator of its lead partner can copy this page and keep it live."
ALIAS_REFUSED = "Only a moderator of its lead partner can make an alias of this page."


def may_publish_copies(user, page, recursive=False):
    """Whether `user` may copy `page` keeping it live, or make an alias of it.

    A live copy or alias puts the consultation at a new public address: that is
    publishing it, so the source must pass the publish check, and with `recursive`
    so must every live consultation below it (the copies stay live).
    """
    if not page.permissions_for_user(user).can_publish():
        return False
    if not recursive:
        return True
    below = set(
        ConsultationPage.objects.descendant_of(page)
        .live()
        .values_list("lead_partner_id", flat=True)
    )
    return may_act_for_partners(user, below)


class LeadPartnerCopyPageAPIAction(CopyPageAPIAction):
    def execute(self, instance, data):
        if data["keep_live"] and not may_publish_copies(
            self.request.user, instance, recursive=data["recursive"]
        ):
            raise PermissionDenied(COPY_REFUSED)
        return super().execute(instance, data)


class LeadPartnerCreatePageAliasAPIAction(CreatePageAliasAPIAction):
    def execute(self, instance, data):
        if not may_publish_copies(self.request.user, instance, recursive=data["recursive"]):
            raise PermissionDenied(ALIAS_REFUSED)
        return super().execute(instance, data)


class LeadPartnerRevertToPageRevisionAPIAction(RevertToPageRevisionAPIAction):
    def execute(self, instance, data):
        revision = get_object_or_404(instance.revisions, id=data["revision_id"])
        reverted = revision.as_object()
        needed = lead_partners_to_act_for(
            self.request.user, instance, getattr(reverted, "lead_partner_id", None)
        )
        if needed:
            raise ValidationError({"lead_partner": [lead_partner_change_message(needed)]})
        return super().execute(instance, data)


class LeadPartnerPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    actions = {
        **PagesAdminAPIViewSet.actions,
        "copy": LeadPartnerCopyPageAPIAction,
        "create_alias": LeadPartnerCreatePageAliasAPIAction,
        "revert_to_page_revision": LeadPartnerRevertToPageRevisionAPIAction,
    }
