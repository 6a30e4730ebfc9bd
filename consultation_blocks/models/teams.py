"""Who works for which partner, and who acts for which partner.

A person's role (comms editor, moderator, administrator) comes from their groups; this
link says on whose behalf they act. Moderators of a partner sign off its consultations,
and later features (the comment queue, response exports) narrow what a person sees to
their partners' work.

"Moderator of a partner" has one meaning everywhere (page publishing, the lead
partner's sign-off, and the comment queue): an active member of the partner's team who
can publish pages, that is a superuser or a member of a group holding the page publish
permission somewhere in the tree. The questions below about people and partners live
here, beside the team model, so the page models, the workflow task, the permission
tester and the selectors all ask them of one place below them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .partners import Partner


class PartnerTeamMember(models.Model):
    partner = models.ForeignKey(
        "consultation_blocks.Partner",
        on_delete=models.CASCADE,
        related_name="team_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_teams",
        limit_choices_to={"is_active": True},
        help_text="Moderators linked to a partner sign off the consultations it leads.",
    )

    panels = [FieldPanel("partner"), FieldPanel("user")]

    class Meta:
        verbose_name = "partner team member"
        verbose_name_plural = "partner team members"
        ordering = ["partner__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "user"], name="unique_partner_team_member")
        ]
        permissions = [
            (
                "act_for_every_partner",
                "Can approve, publish, moderate and see residents' responses for every partner",
            )
        ]

    def __str__(self):
        return f"{self.user} at {self.partner}"


ACT_FOR_EVERY_PARTNER = "consultation_blocks.act_for_every_partner"
_PARTNER_IDS_CACHE = "_consultation_blocks_partner_ids"
_CAN_PUBLISH_CACHE = "_consultation_blocks_can_publish_pages"
_UNMODERATED_CACHE = "_consultation_blocks_unmoderated_partners"


def partner_ids_for_user(user):
    """Primary keys of the partners `user` works for; one query per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _PARTNER_IDS_CACHE, None)
    if cached is None:
        cached = frozenset(
            PartnerTeamMember.objects.filter(user=user).values_list("partner_id", flat=True)
        )
        setattr(user, _PARTNER_IDS_CACHE, cached)
    return cached


def acts_for_every_partner(user):
    """Superusers and holders of the "act for every partner" permission (the
    Administrators group) are not limited to their own partners."""
    return bool(
        getattr(user, "is_active", False)
        and (user.is_superuser or user.has_perm(ACT_FOR_EVERY_PARTNER))
    )


@dataclass(frozen=True)
class PartnerScope:
    """Whose residents' responses and comments someone may see."""

    every_partner: bool = False
    partner_ids: frozenset = frozenset()
    unled: bool = False  # consultations no partner leads belong to the whole partnership

    def covers(self, lead_partner_id):
        if self.every_partner:
            return True
        if lead_partner_id is None:
            return self.unled
        return lead_partner_id in self.partner_ids

    def consultations_q(self, prefix=""):
        """A filter on consultation pages (``prefix`` leads from another model to one)."""
        return self.owned_q(f"{prefix}lead_partner")

    def owned_q(self, field):
        """A filter on any model whose ``field`` names the partner it belongs to (empty:
        the whole partnership), e.g. the contacts register's ``partner``."""
        if self.every_partner:
            return Q()
        allowed = Q(**{f"{field}__in": self.partner_ids})
        if self.unled:
            allowed |= Q(**{f"{field}__isnull": True})
        return allowed if (self.partner_ids or self.unled) else Q(pk__in=[])


def partners_whose_data_user_sees(user):
    """The one rule for residents' data (results, exports, the consultations report and
    the moderation queue): staff see what the partners they act for lead, and what no
    partner leads. Seeing every partner's is a permission an Administrator grants
    explicitly (``act_for_every_partner``); not being linked to any partner is not it.

    Callers still check the user's own right to the screen (editing the page, moderating).
    """
    if not getattr(user, "is_active", False) or not user.is_authenticated:
        return PartnerScope()
    if acts_for_every_partner(user):
        return PartnerScope(every_partner=True)
    return PartnerScope(partner_ids=partner_ids_for_user(user), unled=True)


def _can_publish_pages_q(prefix=""):
    return Q(**{f"{prefix}is_superuser": True}) | Q(
        **{f"{prefix}groups__page_permissions__permission__codename": "publish_page"}
    )


def can_publish_pages(user):
    """Whether `user` can publish pages anywhere in the tree; one query per user object."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _CAN_PUBLISH_CACHE, None)
    if cached is None:
        cached = (
            get_user_model()
            .objects.filter(pk=user.pk, is_active=True)
            .filter(_can_publish_pages_q())
            .exists()
        )
        setattr(user, _CAN_PUBLISH_CACHE, cached)
    return cached


def moderators_of(partner_ids):
    """Active users who moderate for any of `partner_ids`."""
    return (
        get_user_model()
        .objects.filter(is_active=True, partner_teams__partner_id__in=list(partner_ids))
        .filter(_can_publish_pages_q())
        .distinct()
    )


def partners_with_moderators(partner_ids):
    """The subset of `partner_ids` that has at least one moderator, in one query."""
    partner_ids = {pk for pk in partner_ids if pk}
    if not partner_ids:
        return set()
    return set(
        PartnerTeamMember.objects.filter(partner_id__in=partner_ids, user__is_active=True)
        .filter(_can_publish_pages_q("user__"))
        .values_list("partner_id", flat=True)
        .distinct()
    )


def may_act_for_partners(user, partner_ids):
    """Whether `user` may publish or sign off content that `partner_ids` answer for.

    Every one of those partners that has moderators must count `user` among its team;
    partners nobody moderates for yet do not hold content up. The caller checks the
    user's ordinary page permissions first.
    """
    partner_ids = {pk for pk in partner_ids if pk}
    if not partner_ids or acts_for_every_partner(user):
        return True
    missing = frozenset(partner_ids - partner_ids_for_user(user))
    if not missing:
        return True
    # Listings ask this for many pages of the same partners: one query per set.
    cache = user.__dict__.setdefault(_UNMODERATED_CACHE, {})
    if missing not in cache:
        cache[missing] = not partners_with_moderators(missing)
    return cache[missing]


def active_team_members(partner_ids):
    """Active people in the teams of `partner_ids`, as {partner id: [users]}, in one
    query."""
    partner_ids = {pk for pk in partner_ids if pk}
    teams = {pk: [] for pk in partner_ids}
    if partner_ids:
        members = (
            PartnerTeamMember.objects.filter(partner_id__in=partner_ids, user__is_active=True)
            .select_related("user")
            .order_by("user__username")
        )
        for member in members:
            teams[member.partner_id].append(member.user)
    return teams


# The field naming the partner that answers for a piece of content: a consultation's
# or an activity's lead partner, a decision's or an indicator's partner. Pages, snippets
# under moderation and the workflow's sign-off task all read it through the functions
# below.
_ANSWERING_PARTNER_FIELDS = ("lead_partner", "partner")


def answering_partner_field(model):
    """The name of `model`'s field for the partner that answers for it, or None."""
    for name in _ANSWERING_PARTNER_FIELDS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one:
            return name
    return None


def has_lead_partner(page_class):
    try:
        page_class._meta.get_field("lead_partner")
    except FieldDoesNotExist:
        return False
    return True


def answering_page_field(model):
    """For a record that belongs to a page's partners rather than naming a partner
    itself (a network action belongs to its body's partners), the name of the foreign
    key to that page, given on the model as ``partners_from``; otherwise None."""
    return getattr(model, "partners_from", None)


def _stored_and_given(content, attname, cache):
    """`content`'s value of `attname` as given and as stored in its row, and the cache
    key to remember an answer under (see ``lead_partner_ids``)."""
    is_row = attname in content.get_deferred_fields()
    key = "row" if is_row else getattr(content, attname)
    stored = None
    if key not in cache and content.pk:
        stored = (
            type(content)
            ._base_manager.filter(pk=content.pk)
            .values_list(attname, flat=True)
            .first()
        )
    given = stored if is_row else getattr(content, attname)
    return key, given, stored


def lead_partner_ids(content):
    """The partners answering for `content` (its lead partner, or a record's partner,
    or the partners of the page a record belongs to) as given (perhaps a draft being
    published) and as stored in its database row (the live or last created version).

    Both count: otherwise a moderator could name their own partner in a draft of
    another partner's live consultation or record, then publish it. For a record that
    belongs to a page (``answering_page_field``), the page's partners are read from the
    database: the page's own partner rule and workflow guard them, never the record's
    draft.
    """
    page_field = answering_page_field(type(content))
    if page_field is not None:
        cache = content.__dict__.setdefault("_lead_partner_ids", {})
        key, given, stored = _stored_and_given(content, f"{page_field}_id", cache)
        if key not in cache:
            page_ids = {pk for pk in (given, stored) if pk}
            page_model = type(content)._meta.get_field(page_field).related_model
            cache[key] = frozenset(
                pk
                for pk in page_model.objects.filter(pk__in=page_ids).values_list(
                    "partners", flat=True
                )
                if pk
            )
        return cache[key]
    name = answering_partner_field(type(content))
    if name is None:
        return set()
    attname = f"{name}_id"
    # Admin listings ask several questions about each object; remember the answer on
    # the object, keyed by the partner it carries now (an edit form may change it in
    # place). A deferred field means the object is the database row itself.
    cache = content.__dict__.setdefault("_lead_partner_ids", {})
    is_row = attname in content.get_deferred_fields()
    key = "row" if is_row else getattr(content, attname)
    if key not in cache:
        stored = None
        if content.pk:
            stored = (
                type(content)
                ._base_manager.filter(pk=content.pk)
                .values_list(attname, flat=True)
                .first()
            )
        given = stored if is_row else getattr(content, attname)
        cache[key] = frozenset(pk for pk in (given, stored) if pk)
    return cache[key]


def prime_lead_partner_ids(rows):
    """Remember ``lead_partner_ids`` on each of `rows` (objects just loaded from the
    database, so as given and as stored are the same), in one query per kind of
    record that belongs to a page: a listing of many records then asks no more."""
    by_page_field = {}
    for row in rows:
        model = type(row)
        page_field = answering_page_field(model)
        cache = row.__dict__.setdefault("_lead_partner_ids", {})
        if page_field is not None:
            by_page_field.setdefault((model, page_field), []).append(row)
            continue
        name = answering_partner_field(model)
        if name is not None:
            value = getattr(row, f"{name}_id")
            cache[value] = frozenset({value} if value else ())
    for (model, page_field), records in by_page_field.items():
        attname = f"{page_field}_id"
        page_ids = {getattr(record, attname) for record in records}
        partners = {pk: set() for pk in page_ids}
        page_model = model._meta.get_field(page_field).related_model
        for page_id, partner_id in page_model.objects.filter(pk__in=page_ids).values_list(
            "pk", "partners"
        ):
            if partner_id:
                partners[page_id].add(partner_id)
        for record in records:
            value = getattr(record, attname)
            record.__dict__["_lead_partner_ids"][value] = frozenset(partners.get(value, ()))


def partners_to_approve(content):
    """The partners whose team approves `content` in the workflow, as the rule that
    lets someone publish it counts them: for a page, those of its lead partners that
    have a moderator (``may_act_for_partners``: partners nobody moderates for do not
    hold a page up); for a record, every partner answering for it
    (``may_keep_record``). Empty when nobody's partner needs to approve."""
    answering = lead_partner_ids(content)
    if isinstance(content, Page):
        return partners_with_moderators(answering)
    return set(answering)


def may_keep_record(user, record):
    """Whether `user` may change, publish, lock or delete `record` (an activity, a
    decision, an indicator): someone who acts for every partner, or a member of the
    team of the partner answering for it, both as stored and as given. A new record
    is judged by its form, which offers only the user's own partners."""
    if not getattr(user, "is_active", False):
        return False
    if acts_for_every_partner(user):
        return True
    answering = lead_partner_ids(record)
    if record.pk is None and not answering:
        return True
    return bool(answering) and answering <= partner_ids_for_user(user)


def partners_for_lead(page):
    """The lead partners of `page` (as given and as stored), for messages."""
    return Partner.objects.filter(pk__in=lead_partner_ids(page)).order_by("name")
