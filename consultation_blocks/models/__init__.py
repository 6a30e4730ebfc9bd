from .areas import Area, AreaKind
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
)
from .partners import Partner, PartnerKind
from .responses import EqualityResponse, PollVote, ResponseChannel, SurveyDraft, SurveyResponse
from .settings import ConsultationSettings
from .teams import PartnerTeamMember
from .workflows import PartnerApprovalTask, PartnerApprovalTaskState

__all__ = [
    "Area",
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
