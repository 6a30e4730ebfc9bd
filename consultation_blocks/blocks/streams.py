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
from .media import DocumentDownloadBlock, ImageBlock, VideoBlock


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = ProseBlock()
    callout = CalloutBlock()
    key_dates = KeyDatesBlock()
    accordion = AccordionBlock()
    document = DocumentDownloadBlock()
    image = ImageBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    contact = ContactBlock()

    class Meta:
        template = "consultation_blocks/blocks/stream.html"
