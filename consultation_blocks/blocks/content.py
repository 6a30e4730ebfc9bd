"""Text blocks: headings, prose, call-outs, key dates, FAQs, quotes and contacts."""

import datetime

from wagtail import blocks

# Editors get the features residents can read easily; no raw HTML, no colours.
PROSE_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = "Heading"
        template = "consultation_blocks/blocks/heading.html"
        preview_value = {"text": "What we are proposing", "level": "h2"}
        description = "A heading that also appears in the page's contents."


class ProseBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PROSE_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "consultation_blocks/blocks/prose.html"
        preview_value = (
            "<p>We want to hear from everyone who lives or works in the area, "
            "especially people whose voices are heard least.</p>"
        )


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[
            ("inset", "Inset: something to notice"),
            ("warning", "Warning: something people must not miss"),
            ("important", "Important: a banner at the top of a section"),
        ],
        default="inset",
    )
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "link", "ul"])

    class Meta:
        icon = "warning"
        label = "Call-out"
        template = "consultation_blocks/blocks/callout.html"
        preview_value = {
            "style": "inset",
            "heading": "",
            "text": "<p>Paper copies and easy read versions are available on request.</p>",
        }


class KeyDateBlock(blocks.StructBlock):
    date = blocks.DateBlock()
    precision = blocks.ChoiceBlock(
        choices=[("day", "Show the day"), ("month", "Show the month and year only")],
        default="day",
        help_text="Use the month only where the exact day is not known.",
    )
    label = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(required=False, max_length=500)


class KeyDatesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Key dates", max_length=120)
    dates = blocks.ListBlock(KeyDateBlock(), min_num=1)

    class Meta:
        icon = "date"
        label = "Key dates"
        template = "consultation_blocks/blocks/key_dates.html"
        preview_value = {
            "heading": "Key dates",
            "dates": [
                {"date": datetime.date(2018, 2, 9), "label": "Follow-up workshop"},
                {"date": datetime.date(2018, 6, 27), "label": "Launch at the PEN Conference"},
            ],
        }


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(FaqItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Accordion (FAQ)"
        template = "consultation_blocks/blocks/accordion.html"
        preview_value = {
            "heading": "Questions and answers",
            "items": [
                {
                    "question": "Can I respond on paper?",
                    "answer": "<p>Yes. Ask us for a printed copy and a freepost envelope.</p>",
                }
            ],
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="A role or group, for example 'Member of the PEN Forum'. Never a resident's name "
        "without their consent.",
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "consultation_blocks/blocks/quote.html"
        preview_value = {
            "quote": "Start the conversation early, before the plans are made.",
            "attribution": "Task and finish workshop participant",
        }


class ContactBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Contact us", max_length=120)
    team = blocks.CharBlock(max_length=120, help_text="A team or role, not a person's name.")
    email = blocks.EmailBlock(required=False)
    phone = blocks.CharBlock(required=False, max_length=40)
    address = blocks.TextBlock(required=False, max_length=300)
    hours = blocks.CharBlock(required=False, max_length=120, label="Opening hours")

    class Meta:
        icon = "mail"
        label = "Contact"
        template = "consultation_blocks/blocks/contact.html"
        preview_value = {
            "heading": "Contact us",
            "team": "Engagement team",
            "email": "engagement@example.org",
        }
