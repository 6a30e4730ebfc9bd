"""StreamField blocks of the consultation plugin, one module per family."""

from .content import (
    AccordionBlock,
    CalloutBlock,
    ContactBlock,
    HeadingBlock,
    KeyDatesBlock,
    ProseBlock,
    QuoteBlock,
)
from .equality import EqualityMonitoringBlock
from .feedback import (
    CommentsBlock,
    HouseRulesBlock,
    PublishedAnswersBlock,
    QuickPollBlock,
    YouSaidWeDidBlock,
)
from .media import DocumentDownloadBlock, ImageBlock, VideoBlock
from .strategy import (
    CommitmentsBlock,
    LegalDutiesBlock,
    ObjectivesBlock,
    OutcomesBlock,
    PrinciplesBlock,
    VisionBlock,
)
from .streams import (
    ConsultationStreamBlock,
    ContentStreamBlock,
    OutcomeStreamBlock,
    StrategyStreamBlock,
)
from .survey import QUESTION_BLOCKS, SurveyBlock

__all__ = [
    "QUESTION_BLOCKS",
    "AccordionBlock",
    "CalloutBlock",
    "CommentsBlock",
    "CommitmentsBlock",
    "ConsultationStreamBlock",
    "ContactBlock",
    "ContentStreamBlock",
    "DocumentDownloadBlock",
    "EqualityMonitoringBlock",
    "HeadingBlock",
    "HouseRulesBlock",
    "ImageBlock",
    "KeyDatesBlock",
    "LegalDutiesBlock",
    "ObjectivesBlock",
    "OutcomeStreamBlock",
    "OutcomesBlock",
    "PrinciplesBlock",
    "PublishedAnswersBlock",
    "ProseBlock",
    "QuickPollBlock",
    "QuoteBlock",
    "StrategyStreamBlock",
    "SurveyBlock",
    "VideoBlock",
    "VisionBlock",
    "YouSaidWeDidBlock",
]
