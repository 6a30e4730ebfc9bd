"""The partnership's approval workflow: a moderator review, then the lead partner's
sign-off, each acted on only by people who may approve the object in hand.

Both steps run for pages and for the records under the same workflow (engagement
activities, decisions, indicators, network actions): the partners answering for an
object are its lead partner, a record's partner, or the partners of the page a record
belongs to (``teams.lead_partner_ids``).

When a step starts it records which partners' teams must approve
(``teams.partners_to_approve``): those of the version under review and of the stored
object (they differ when a draft changes the partner). Recording them on the task
state lets the dashboard's "Awaiting your review" panel and Wagtail's workflow reports
find "what is waiting for me" in one query, and keeps the decision stable while the
object is under review. Whoever a step shows an object to is someone who may act on
it, by the object's own rule, asked again in full before anyone acts: at the sign-off,
the rule that lets someone publish it (a page's permission tester, a record's
permission policy); at the review, a record's permission policy (its partners'
teams), while any moderator reviews a page.

The moderator review is Wagtail's group approval (the Moderators and Administrators
groups), narrowed for records to the partners concerned. The sign-off steps aside (status
"skipped") when no partner needs to sign off, and approves itself when the moderator
who has just approved the previous step already acts for every partner concerned, so
nobody is asked to approve the same version twice. That includes approving from the
page editor, which first saves the moderator's own changes as a new revision.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.models import (
    GroupApprovalTask,
    LockableMixin,
    Page,
    Revision,
    Task,
    TaskState,
    WorkflowState,
)
from wagtail.signals import task_submitted

from .partners import Partner
from .teams import (
    acts_for_every_partner,
    can_publish_pages,
    moderators_of,
    partner_ids_for_user,
    partners_to_approve,
)


def _may_publish(content, user):
    """Whether `user` may publish `content`: a page by its permission tester, a record
    under moderation (an activity, a decision, an indicator, a network action) by its
    permission policy, which adds the partner rule to the model's publish permission."""
    if hasattr(content, "permissions_for_user"):
        return content.permissions_for_user(user).can_publish()
    from wagtail.permissions import policy_registry

    return policy_registry.get(content).user_has_permission_for_instance(user, "publish", content)


def _acts_for(partner_ids, user, *, is_page):
    """Whether `user` acts for every one of `partner_ids`. With none recorded, a page
    belongs to the whole partnership; a record with no partner is kept by those who
    act for every partner (``teams.may_keep_record``)."""
    if acts_for_every_partner(user):
        return True
    if not partner_ids:
        return is_page
    return partner_ids <= partner_ids_for_user(user)


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


class PartnerScopedTaskMixin:
    """What both steps share: the partners recorded when a step starts, and who may act
    on which object, asked by Wagtail's editor, dashboard panel and workflow reports
    (``get_actions``, ``user_can_access_editor``, ``locked_for_user``,
    ``get_task_states_user_can_moderate``), and in full before anyone acts."""

    task_state_class = PartnerApprovalTaskState

    def _may_moderate(self, user):
        """Whether `user` takes part in this step at all, whatever the object."""
        raise NotImplementedError

    def _partners_for(self, content):
        """The partners whose team acts at this step on `content` (a version)."""
        return partners_to_approve(content)

    def _may_act_on(self, content, user):
        """The object's own rule, asked in full before `user` acts at this step."""
        raise NotImplementedError

    def _new_task_state(self, workflow_state):
        """A task state for the latest revision (not saved yet) and the partners to
        record on it."""
        revision = workflow_state.content_object.get_latest_revision()
        partners = self._partners_for(revision.as_object())
        task_state = PartnerApprovalTaskState(
            workflow_state=workflow_state,
            revision=revision,
            task=self,
            status=TaskState.STATUS_IN_PROGRESS,
        )
        return task_state, revision, partners

    # Who may act --------------------------------------------------------------------

    def _recorded_partner_ids(self, task_state):
        task_state = task_state.specific
        if isinstance(task_state, PartnerApprovalTaskState):
            return task_state.partner_ids
        # Started before partners were recorded for this step: ask the version itself.
        return frozenset(self._partners_for(task_state.revision.as_object()))

    def user_can_review(self, task_state, user):
        """The full check, made before acting on `task_state`."""
        if task_state.task_id != self.pk or task_state.status != TaskState.STATUS_IN_PROGRESS:
            return False
        if not self._may_moderate(user):
            return False
        content = task_state.workflow_state.content_object
        partner_ids = self._recorded_partner_ids(task_state)
        if not _acts_for(partner_ids, user, is_page=isinstance(content, Page)):
            return False
        return self._may_act_on(content, user)

    def may_act_at_step(self, task_state, user):
        """Whether `user` takes part in this step and acts for the partners recorded on
        `task_state`: who is told it is waiting (the object's own rule is asked in full
        before they act)."""
        content_type = task_state.workflow_state.base_content_type
        is_page = content_type.model_class() is Page
        return self._may_moderate(user) and _acts_for(
            self._recorded_partner_ids(task_state), user, is_page=is_page
        )

    def prime_review_check(self, obj, user, partner_ids, task_state):
        """Remember on `obj` the quick check for `user`, from the partners recorded on
        its in-progress `task_state` (loaded in bulk by the dashboard's panel)."""
        cache = obj.__dict__.setdefault("_partner_reviewers", {})
        is_page = isinstance(obj, Page)
        cache[(self.pk, user.pk)] = (
            task_state.task_id == self.pk
            and task_state.status == TaskState.STATUS_IN_PROGRESS
            and self._may_moderate(user)
            and _acts_for(partner_ids, user, is_page=is_page)
        )

    def _user_can_review_obj(self, obj, user):
        """The quick check behind the editor's buttons and the dashboard: one query per
        object, remembered on the object. Acting re-checks in full (on_action)."""
        cache = obj.__dict__.setdefault("_partner_reviewers", {})
        key = (self.pk, user.pk)
        if key not in cache:
            allowed = self._may_moderate(user)
            if allowed:
                rows = list(
                    TaskState.objects.filter(
                        task_id=self.pk,
                        status=TaskState.STATUS_IN_PROGRESS,
                        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
                        workflow_state__base_content_type=obj.get_base_content_type(),
                        workflow_state__object_id=str(obj.pk),
                    ).values_list("partnerapprovaltaskstate__partners", flat=True)
                )
                partner_ids = frozenset(pk for pk in rows if pk)
                allowed = bool(rows) and _acts_for(partner_ids, user, is_page=isinstance(obj, Page))
            cache[key] = allowed
        return cache[key]

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
        # The admin's workflow action view checks get_actions() against the object in
        # the URL but acts on the task state in the URL; check the task state itself too.
        if not self.user_can_review(task_state.specific, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """The states waiting at this step for `user`: the dashboard's "Awaiting your
        review" panel and the workflow reports' "Awaiting my review" filter. Only
        objects whose recorded partners are all the user's; with none recorded, pages
        (the whole partnership's), never records (kept by those who act for every
        partner)."""
        if not self._may_moderate(user):
            return TaskState.objects.none()
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if acts_for_every_partner(user):
            return in_progress
        mine = partner_ids_for_user(user)
        # Subqueries rather than joins: Wagtail ORs these querysets together, which a
        # DISTINCT query would not allow.
        waiting_for_others = PartnerApprovalTaskState.objects.filter(
            partners__in=Partner.objects.exclude(pk__in=mine)
        )
        with_partners = PartnerApprovalTaskState.objects.filter(partners__isnull=False)
        page_type = ContentType.objects.get_for_model(Page)
        return in_progress.exclude(pk__in=waiting_for_others.values("pk")).filter(
            Q(pk__in=with_partners.values("pk")) | Q(workflow_state__base_content_type=page_type)
        )


class PartnerReviewTask(PartnerScopedTaskMixin, GroupApprovalTask):
    """Wagtail's group approval (the Moderators and Administrators groups review),
    offered only to group members who act for the partners concerned."""

    class Meta:
        proxy = True
        verbose_name = "partner-scoped group approval task"
        verbose_name_plural = "partner-scoped group approval tasks"

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve, if they act for the partners the "
            "page or record belongs to."
        )

    def _may_moderate(self, user):
        return bool(
            getattr(user, "is_active", False) and (user.is_superuser or self._user_in_groups(user))
        )

    def _partners_for(self, content):
        # Any moderator reviews a page (its tree permissions say who edits it; its lead
        # partner matters when it is published, at the sign-off). A record is reviewed
        # by those who may change it: its partners' teams (``teams.may_keep_record``).
        if isinstance(content, Page):
            return set()
        return partners_to_approve(content)

    def _may_act_on(self, content, user):
        if isinstance(content, Page):
            return True
        from wagtail.permissions import policy_registry

        policy = policy_registry.get(content)
        return policy.user_has_permission_for_instance(user, "change", content)

    def start(self, workflow_state, user=None):
        content = workflow_state.content_object
        # As Wagtail's group approval does: unlock an object locked by someone outside
        # the groups, who could otherwise hold the review up.
        if isinstance(content, LockableMixin) and content.locked_by:
            if not content.locked_by.groups.filter(id__in=self.groups.all()).exists():
                content.locked = False
                content.locked_by = None
                content.locked_at = None
                content.save(update_fields=["locked", "locked_by", "locked_at"])
        task_state, _revision, partners = self._new_task_state(workflow_state)
        task_state.save()
        task_state.partners.set(partners)
        # As a group approval step: the Moderators' notification (their groups), not
        # the sign-off's.
        task_submitted.send(sender=TaskState, instance=task_state, user=user)
        return task_state


class PartnerApprovalTask(PartnerScopedTaskMixin, Task):
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

    def _may_moderate(self, user):
        return can_publish_pages(user)

    def _may_act_on(self, content, user):
        # Approving the last step publishes the content as this user, so they must be
        # able to.
        return _may_publish(content, user)

    # Starting -----------------------------------------------------------------------

    def start(self, workflow_state, user=None):
        task_state, revision, sign_off = self._new_task_state(workflow_state)
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

    def get_notification_recipients(self, task_state):
        """Moderators who can sign off `task_state`: those of its partners."""
        sign_off = task_state.specific.partner_ids
        return [
            user
            for user in moderators_of(sign_off).prefetch_related("partner_teams")
            if sign_off <= {member.partner_id for member in user.partner_teams.all()}
        ]
