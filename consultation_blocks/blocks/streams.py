"""The StreamBlocks editors build pages from."""

from wagtail import blocks

from .content import (
    AccordionBlock,
    CalloutBlock,
    ContactBlock,
    HeadingBlock,
    KeyDatesBlock,
    ProseBlock,
    QuoteBlock,
)
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
from .survey import SurveyBlock

STREAM_TEMPLATE = "consultation_blocks/blocks/stream.html"


def content_blocks():
    return [
        ("heading", HeadingBlock()),
        ("text", ProseBlock()),
        ("callout", CalloutBlock()),
        ("key_dates", KeyDatesBlock()),
        ("accordion", AccordionBlock()),
        ("document", DocumentDownloadBlock()),
        ("image", ImageBlock()),
        ("video", VideoBlock()),
        ("quote", QuoteBlock()),
        ("contact", ContactBlock()),
        ("house_rules", HouseRulesBlock()),
    ]


class ContentStreamBlock(blocks.StreamBlock):
    """Information pages: text, media and contacts."""

    def __init__(self, **kwargs):
        super().__init__(content_blocks(), **kwargs)

    class Meta:
        template = STREAM_TEMPLATE


class ConsultationStreamBlock(blocks.StreamBlock):
    """A consultation's body: content plus the blocks residents respond through."""

    def __init__(self, **kwargs):
        super().__init__(
            [
                *content_blocks(),
                ("survey", SurveyBlock(group="Feedback")),
                ("quick_poll", QuickPollBlock(group="Feedback")),
                ("you_said_we_did", YouSaidWeDidBlock(group="Feedback")),
                ("comments", CommentsBlock(group="Feedback")),
                ("published_answers", PublishedAnswersBlock(group="Feedback")),
            ],
            **kwargs,
        )

    class Meta:
        template = STREAM_TEMPLATE


class OutcomeStreamBlock(blocks.StreamBlock):
    """What happened after a consultation: 'We asked, you said, we did'."""

    def __init__(self, **kwargs):
        super().__init__(
            [
                ("heading", HeadingBlock()),
                ("text", ProseBlock()),
                ("you_said_we_did", YouSaidWeDidBlock()),
                ("published_answers", PublishedAnswersBlock()),
                ("callout", CalloutBlock()),
                ("key_dates", KeyDatesBlock()),
                ("document", DocumentDownloadBlock()),
                ("quote", QuoteBlock()),
            ],
            **kwargs,
        )

    class Meta:
        template = STREAM_TEMPLATE


class StrategyStreamBlock(blocks.StreamBlock):
    """A strategy: its structured parts, plus ordinary content between them."""

    def __init__(self, **kwargs):
        super().__init__(
            [
                ("vision", VisionBlock(group="Strategy")),
                ("outcomes", OutcomesBlock(group="Strategy")),
                ("objectives", ObjectivesBlock(group="Strategy")),
                ("principles", PrinciplesBlock(group="Strategy")),
                ("commitments", CommitmentsBlock(group="Strategy")),
                ("legal_duties", LegalDutiesBlock(group="Strategy")),
                *content_blocks(),
            ],
            **kwargs,
        )

    class Meta:
        template = STREAM_TEMPLATE
