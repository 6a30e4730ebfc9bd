"""Page permissions narrowed by partner: the lead partner's moderators publish its pages.

Wagtail grants page permissions by position in the tree. A consultation also belongs
to its lead partner, so publishing, unpublishing, scheduling or deleting a live one
needs, on top of the tree permission, someone who acts for that partner (see
``models.teams.may_act_for_partners``). Wagtail asks the page for its tester in
every admin view and in the publish action itself, so the rule holds in the editor,
bulk actions, the unpublish view and when a workflow publishes; Wagtail's own
scheduling and privacy checks go through ``can_publish``.

Changing a page's lead partner is guarded the same way (``lead_partners_to_act_for``):
only someone who acts for the current lead partner may hand the page to another. So
the lead partner stored in a page's row is never one the person acting could have set
against its lead partner's will, and checking it stops a draft that names the
moderator's own partner from being published.

The page models use this module (a consultation's tester, its admin form), so it reads
only the partner-team rules below them (``models/teams.py``), never the models package.
"""

from wagtail.models import PagePermissionTester, Revision
from wagtail.permission_policies import ModelPermissionPolicy

from .models.partners import Partner
from .models.teams import (
    has_lead_partner,
    lead_partner_ids,
    may_act_for_partners,
    may_keep_record,
    partners_whose_data_user_sees,
)


def lead_partners_to_act_for(user, page, lead_partner_id):
    """The partners `user` would have to act for to save `page` with `lead_partner_id`
    as its lead partner; empty when they may.

    The current lead partner is read from the database, never from the object in
    hand (the revert screen edits an old revision): the latest revision's value, and
    the row's, which saving a page that is not live overwrites. Saving is a change
    when it differs from the latest revision's value or, for a page that is not
    live, from the row's; then `user` must act for both.
    """
    page_class = page.specific_class or type(page)
    if page.pk is None or not has_lead_partner(page_class):
        return frozenset()
    row = (
        page_class.objects.filter(pk=page.pk)
        .values("lead_partner_id", "live", "latest_revision_id")
        .first()
    )
    if row is None:
        return frozenset()
    in_row = row["lead_partner_id"]
    in_latest = in_row
    if row["latest_revision_id"]:
        content = (
            Revision.objects.filter(pk=row["latest_revision_id"])
            .values_list("content", flat=True)
            .first()
        )
        in_latest = (content or {}).get("lead_partner", in_row)
    changes = lead_partner_id != in_latest or (not row["live"] and lead_partner_id != in_row)
    current = frozenset(pk for pk in (in_row, in_latest) if pk)
    if not changes or may_act_for_partners(user, current):
        return frozenset()
    return current


class LeadPartnerPagePermissionTester(PagePermissionTester):
    def _acts_for_lead_partner(self):
        if not hasattr(self, "_lead_partner_verdict"):
            self._lead_partner_verdict = may_act_for_partners(
                self.user, lead_partner_ids(self.page)
            )
        return self._lead_partner_verdict

    def can_publish(self):
        return super().can_publish() and self._acts_for_lead_partner()

    def can_unpublish(self):
        return super().can_unpublish() and self._acts_for_lead_partner()

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        # Deleting a live consultation takes it off the site, like unpublishing.
        return not self.page.live or self._acts_for_lead_partner()


def can_view_responses(user, page):
    """Who may see a consultation's results and export its responses: someone whose
    partners' data covers the page (see ``partners_whose_data_user_sees``) and who may
    edit it in the tree, or who acts for every partner."""
    scope = partners_whose_data_user_sees(user)
    if not scope.covers(page.lead_partner_id):
        return False
    return scope.every_partner or page.permissions_for_user(user).can_edit()


MODERATE_PERMISSION = "consultation_blocks.moderate_comment"


def can_moderate(user):
    """Who decides what residents wrote may be shown: comments, quotes, responses."""
    return bool(user.is_active and user.has_perm(MODERATE_PERMISSION))


def can_publish_responses(user, page):
    """Who redacts and publishes the responses residents allowed to be published, and
    sees them in the queue: a moderator whose partners' data covers the page."""
    return can_moderate(user) and partners_whose_data_user_sees(user).covers(page.lead_partner_id)


def lead_partner_change_message(partner_ids):
    """Why a change of lead partner was refused: who may make it."""
    names = " and ".join(
        Partner.objects.filter(pk__in=partner_ids).order_by("name").values_list("name", flat=True)
    )
    return (
        f"Only someone who acts for {names}, the current lead partner, can change the lead partner."
    )


def can_see_registrations(user, page, partner_ids):
    """Who may see people's registrations for an event, record its attendance, or read
    a body's coverage report (``page`` is the event or the body; ``partner_ids`` the
    partners running it): someone who may edit the page and acts for one of those
    partners, or who acts for every partner. Events no partner runs belong to the
    whole partnership, as for consultations no partner leads."""
    scope = partners_whose_data_user_sees(user)
    if not (scope.every_partner or scope.partner_ids or scope.unled):
        return False
    if not page.permissions_for_user(user).can_edit():
        return False
    if scope.every_partner:
        return True
    partner_ids = set(partner_ids)
    return bool(partner_ids & scope.partner_ids) if partner_ids else scope.unled


class PartnerRecordPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions for the partnership's records under moderation
    (engagement activities, decisions, indicators), and for acting on one record also
    the partner rule (``models.teams.may_keep_record``): its partner, as stored in its
    row and as given in the version at hand, must be one the user acts for. Wagtail's
    workflow asks this before a moderator's approval publishes a record. Deleting a live
    record also needs the publish permission, as deleting a live page does."""

    INSTANCE_ACTIONS = frozenset({"change", "delete", "publish", "unpublish", "lock", "unlock"})

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "delete" and getattr(instance, "live", False):
            # Deleting a live record takes it off the site, like unpublishing.
            if not self.user_has_permission(user, "publish"):
                return False
        if action in self.INSTANCE_ACTIONS:
            return may_keep_record(user, instance)
        return True
