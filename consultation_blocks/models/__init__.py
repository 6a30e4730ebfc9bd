from .activities import (
    ActivityMethod,
    ActivityStage,
    AudienceGroup,
    EngagementActivity,
    EngagementActivityTag,
)
from .areas import Area, AreaKind, AreaQuerySet
from .comments import (
    COMMENT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REPORTS_TO_REQUEUE,
    Comment,
    CommentKind,
    CommentReport,
    CommentState,
    HouseRule,
    ModerationDigest,
    ReportReason,
)
from .defence import BlockedSubmission, BlockReason
from .mixins import PartnershipContentMixin
from .pages import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageTag,
    EngagementLevel,
    ImpactAssessment,
    StrategyConsultation,
    StrategyIndexPage,
    StrategyPage,
    StrategyPageTag,
    stream_text,
)
from .partners import (
    Partner,
    PartnerKind,
    PartnerQuerySet,
    belongs_to_partners_q,
    partner_relations,
    partner_slugs,
)
from .reminders import OutcomeNotification, OutcomeReminder, OutcomeReminderKind
from .responses import EqualityResponse, PollVote, ResponseChannel, SurveyDraft, SurveyResponse
from .settings import ConsultationSettings
from .status import ConsultationStatus, EngagementKind
from .teams import PartnerTeamMember
from .workflows import PartnerApprovalTask, PartnerApprovalTaskState

__all__ = [
    "ActivityMethod",
    "ActivityStage",
    "AudienceGroup",
    "EngagementActivity",
    "EngagementActivityTag",
    "COMMENT_MAX_LENGTH",
    "NAME_MAX_LENGTH",
    "REPORTS_TO_REQUEUE",
    "Comment",
    "CommentKind",
    "CommentReport",
    "CommentState",
    "HouseRule",
    "ModerationDigest",
    "ReportReason",
    "Area",
    "AreaQuerySet",
    "BlockReason",
    "BlockedSubmission",
    "AreaKind",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationPageTag",
    "ConsultationSettings",
    "ConsultationStatus",
    "EngagementKind",
    "EngagementLevel",
    "EqualityResponse",
    "ImpactAssessment",
    "stream_text",
    "OutcomeNotification",
    "OutcomeReminder",
    "OutcomeReminderKind",
    "Partner",
    "PartnerApprovalTask",
    "PartnerApprovalTaskState",
    "PartnerKind",
    "PartnerQuerySet",
    "PartnerTeamMember",
    "PartnershipContentMixin",
    "PollVote",
    "ResponseChannel",
    "StrategyConsultation",
    "StrategyIndexPage",
    "StrategyPage",
    "StrategyPageTag",
    "SurveyDraft",
    "SurveyResponse",
    "belongs_to_partners_q",
    "partner_relations",
    "partner_slugs",
]
