"""Page permissions narrowed by partner: the lead partner's moderators publish its pages.

Wagtail grants page permissions by position in the tree. A consultation also belongs
to its lead partner, so publishing, unpublishing, scheduling or deleting a live one
needs, on top of the tree permission, someone who acts for that partner (see
``selectors_partners.may_act_for_partners``). Wagtail asks the page for its tester in
every admin view and in the publish action itself, so the rule holds in the editor,
bulk actions, the unpublish view and when a workflow publishes; Wagtail's own
scheduling and privacy checks go through ``can_publish``.
"""

from django.core.exceptions import FieldDoesNotExist
from wagtail.models import PagePermissionTester

from .selectors_partners import may_act_for_partners


def lead_partner_ids(page):
    """The lead partner of `page` as given (perhaps a draft being published) and as
    stored in its database row (the live or last created version).

    Both count: otherwise a moderator could name their own partner in a draft of
    another partner's live consultation, then publish it.
    """
    try:
        type(page)._meta.get_field("lead_partner")
    except FieldDoesNotExist:
        return set()
    # Admin listings ask several questions about each page object; remember the answer
    # on the object, keyed by the lead partner it carries now (an edit form may change
    # it in place). A deferred field means the object is the database row itself.
    cache = page.__dict__.setdefault("_lead_partner_ids", {})
    is_row = "lead_partner_id" in page.get_deferred_fields()
    key = "row" if is_row else page.lead_partner_id
    if key not in cache:
        stored = None
        if page.pk:
            stored = (
                type(page)
                .objects.filter(pk=page.pk)
                .values_list("lead_partner_id", flat=True)
                .first()
            )
        given = stored if is_row else page.lead_partner_id
        cache[key] = frozenset(pk for pk in (given, stored) if pk)
    return cache[key]


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
    from .selectors_partners import partners_whose_data_user_sees

    scope = partners_whose_data_user_sees(user)
    if not scope.covers(page.lead_partner_id):
        return False
    return scope.every_partner or page.permissions_for_user(user).can_edit()
