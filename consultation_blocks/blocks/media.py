"""Blocks that carry files: documents, images and embedded video."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=255, help_text="Leave blank to use the document's own title."
    )
    description = blocks.TextBlock(required=False, max_length=500)

    class Meta:
        icon = "doc-full"
        label = "Document download"
        template = "consultation_blocks/blocks/document_download.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="Describe what the image shows for people who cannot see it. "
        "Leave blank only if the image is decorative.",
    )
    decorative = blocks.BooleanBlock(
        required=False, help_text="Tick if the image adds nothing a reader needs."
    )
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        label = "Image"
        template = "consultation_blocks/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not value.get("alt_text"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        "Add alternative text, or mark the image as decorative."
                    )
                }
            )
        return value


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A YouTube or Vimeo address.")
    title = blocks.CharBlock(max_length=255, help_text="Said to screen reader users.")
    transcript = blocks.RichTextBlock(
        required=False, features=["bold", "link"], help_text="A transcript or summary."
    )

    class Meta:
        icon = "media"
        label = "Video"
        template = "consultation_blocks/blocks/video.html"
