from .alerts import (
    CONSENT_WORDING,
    UNCONFIRMED_RETENTION_DAYS,
    AlertDelivery,
    AlertFrequency,
    AlertKind,
    AlertSubscription,
)
from .areas import Area, AreaKind
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
    ConsultationStatus,
    EngagementKind,
    EngagementLevel,
    ImpactAssessment,
    StrategyConsultation,
    StrategyIndexPage,
    StrategyPage,
    StrategyPageTag,
    stream_text,
)
from .partners import Partner, PartnerKind
from .reminders import OutcomeNotification, OutcomeReminder, OutcomeReminderKind
from .responses import EqualityResponse, PollVote, ResponseChannel, SurveyDraft, SurveyResponse
from .settings import ConsultationSettings
from .teams import PartnerTeamMember
from .workflows import PartnerApprovalTask, PartnerApprovalTaskState

__all__ = [
    "CONSENT_WORDING",
    "UNCONFIRMED_RETENTION_DAYS",
    "AlertDelivery",
    "AlertFrequency",
    "AlertKind",
    "AlertSubscription",
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
]
