"""The lead partner's sign-off: a workflow task only that partner's moderators can approve.

It runs for pages and for the snippets under the same workflow (engagement activities,
decisions, indicators): the partner answering for a snippet is its lead partner or its
partner (``teams.answering_partner_field``).

When the task starts it records which partners must sign off: the lead partner of the
version under review and of the stored page (they differ when a draft changes the lead
partner), keeping those that have at least one moderator. Recording them on the task
state lets the dashboard find "what is waiting for me" in one query, and keeps the
decision stable while the page is under review.

The task steps aside (status "skipped") when no partner needs to sign off, and approves
itself when the moderator who has just approved the previous step already acts for
every partner concerned, so nobody is asked to approve the same version twice. That
includes approving from the page editor, which first saves the moderator's own
changes as a new revision.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.models import Revision, Task, TaskState, WorkflowState
from wagtail.signals import task_submitted

from .partners import Partner
from .teams import (
    acts_for_every_partner,
    can_publish_pages,
    lead_partner_ids,
    moderators_of,
    partner_ids_for_user,
    partners_with_moderators,
)


def _may_publish(content, user):
    """Whether `user` may publish `content`: a page by its permission tester, a snippet
    under moderation (an activity, a decision, an indicator) by its permission policy,
    which adds the partner rule to the model's publish permission."""
    if hasattr(content, "permissions_for_user"):
        return content.permissions_for_user(user).can_publish()
    from wagtail.permissions import policy_registry

    return policy_registry.get(content).user_has_permission_for_instance(user, "publish", content)


class PartnerApprovalTaskState(TaskState):
    partners = models.ManyToManyField(
        "consultation_blocks.Partner",
        blank=True,
        related_name="+",
        help_text="The partners whose moderators must sign off this version.",
    )

    class Meta:
        verbose_name = "partner approval task state"
        verbose_name_plural = "partner approval task states"

    @cached_property
    def partner_ids(self):
        return frozenset(self.partners.values_list("pk", flat=True))


class PartnerApprovalTask(Task):
    task_state_class = PartnerApprovalTaskState

    SKIPPED_NO_LEAD_PARTNER = "Not needed: this page has no lead partner with a moderator."
    SIGNED_OFF_WITH_PREVIOUS_STEP = (
        "Signed off by a moderator of the lead partner when they approved the previous step."
    )

    class Meta:
        verbose_name = "lead partner sign-off task"
        verbose_name_plural = "lead partner sign-off tasks"

    @classmethod
    def get_description(cls):
        return (
            "A moderator of the page's lead partner approves. Skipped when the page has no "
            "lead partner, or nobody moderates for it yet."
        )

    # Starting -----------------------------------------------------------------------

    def start(self, workflow_state, user=None):
        revision = workflow_state.content_object.get_latest_revision()
        sign_off = partners_with_moderators(lead_partner_ids(revision.as_object()))

        task_state = PartnerApprovalTaskState(
            workflow_state=workflow_state,
            revision=revision,
            task=self,
            status=TaskState.STATUS_IN_PROGRESS,
        )
        if not sign_off:
            task_state.status = TaskState.STATUS_SKIPPED
            task_state.finished_at = timezone.now()
            task_state.comment = self.SKIPPED_NO_LEAD_PARTNER
            task_state.save()
            return task_state

        task_state.save()
        task_state.partners.set(sign_off)

        if user is not None and self._just_approved_by(workflow_state, revision, user):
            if self.user_can_review(task_state, user):
                # approve(update=False): the workflow moves on when start() returns.
                task_state.approve(
                    user=user, update=False, comment=self.SIGNED_OFF_WITH_PREVIOUS_STEP
                )
                return task_state

        # Sent only once the partners are recorded, so notifications can find the
        # right moderators (Wagtail's Task.start sends it before we could).
        task_submitted.send(sender=PartnerApprovalTaskState, instance=task_state, user=user)
        return task_state

    def _just_approved_by(self, workflow_state, revision, user):
        """Whether `user` approved an earlier step of this review and nobody else has
        changed the page since.

        Approving from the page editor saves the moderator's version as a new revision
        before approving the step, so the step they approved was on an earlier
        revision; every revision since then must be their own.
        """
        approved_revision_id = (
            workflow_state.task_states.filter(
                status=TaskState.STATUS_APPROVED,
                finished_by=user,
                revision_id__lte=revision.pk,
            )
            .exclude(task=self)
            .order_by("-revision_id")
            .values_list("revision_id", flat=True)
            .first()
        )
        if approved_revision_id is None:
            return False
        return not (
            Revision.objects.filter(
                base_content_type_id=revision.base_content_type_id,
                object_id=revision.object_id,
                pk__gt=approved_revision_id,
                pk__lte=revision.pk,
            )
            .exclude(user=user)
            .exists()
        )

    # Who may act --------------------------------------------------------------------

    @staticmethod
    def _may_sign_off(partner_ids, user):
        if not getattr(user, "is_active", False) or not can_publish_pages(user):
            return False
        if acts_for_every_partner(user):
            return True
        return bool(partner_ids) and partner_ids <= partner_ids_for_user(user)

    def user_can_review(self, task_state, user):
        """The full check, made before acting on `task_state`."""
        if task_state.task_id != self.pk or task_state.status != TaskState.STATUS_IN_PROGRESS:
            return False
        if not self._may_sign_off(task_state.specific.partner_ids, user):
            return False
        # Approving the last step publishes the content as this user, so they must be able to.
        return _may_publish(task_state.workflow_state.content_object, user)

    def _user_can_review_obj(self, obj, user):
        """The quick check behind the editor's buttons and the dashboard: one query per
        page, remembered on the page object. Acting re-checks in full (on_action)."""
        cache = obj.__dict__.setdefault("_partner_sign_off_reviewers", {})
        if user.pk not in cache:
            rows = PartnerApprovalTaskState.objects.filter(
                task_id=self.pk,
                status=TaskState.STATUS_IN_PROGRESS,
                workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
                workflow_state__base_content_type=obj.get_base_content_type(),
                workflow_state__object_id=str(obj.pk),
            ).values_list("partners", flat=True)
            rows = list(rows)
            partner_ids = frozenset(pk for pk in rows if pk)
            cache[user.pk] = bool(rows) and self._may_sign_off(partner_ids, user)
        return cache[user.pk]

    def user_can_access_editor(self, obj, user):
        return self._user_can_review_obj(obj, user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self._user_can_review_obj(obj, user))

    def user_can_lock(self, obj, user):
        return self._user_can_review_obj(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self._user_can_review_obj(obj, user):
            return []
        return [
            ("reject", "Request changes", True),
            ("approve", "Approve", False),
            ("approve", "Approve with comment", True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin's workflow action view checks get_actions() against the page in the
        # URL but acts on the task state in the URL; check the task state itself too.
        if not self.user_can_review(task_state.specific, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not can_publish_pages(user):
            return TaskState.objects.none()
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if acts_for_every_partner(user):
            return in_progress
        mine = partner_ids_for_user(user)
        if not mine:
            return TaskState.objects.none()
        # Subqueries rather than joins: Wagtail ORs these querysets together, which a
        # DISTINCT query would not allow.
        waiting_for_mine = PartnerApprovalTaskState.objects.filter(partners__in=mine)
        waiting_for_others = PartnerApprovalTaskState.objects.filter(
            partners__in=Partner.objects.exclude(pk__in=mine)
        )
        return in_progress.filter(pk__in=waiting_for_mine.values("pk")).exclude(
            pk__in=waiting_for_others.values("pk")
        )

    def get_notification_recipients(self, task_state):
        """Moderators who can sign off `task_state`: those of its partners."""
        sign_off = task_state.specific.partner_ids
        return [
            user
            for user in moderators_of(sign_off).prefetch_related("partner_teams")
            if sign_off <= {member.partner_id for member in user.partner_teams.all()}
        ]
