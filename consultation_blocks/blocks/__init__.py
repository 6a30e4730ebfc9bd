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
from .media import DocumentDownloadBlock, ImageBlock, VideoBlock
from .streams import ContentStreamBlock

__all__ = [
    "AccordionBlock",
    "CalloutBlock",
    "ContactBlock",
    "ContentStreamBlock",
    "DocumentDownloadBlock",
    "HeadingBlock",
    "ImageBlock",
    "KeyDatesBlock",
    "ProseBlock",
    "QuoteBlock",
    "VideoBlock",
]
