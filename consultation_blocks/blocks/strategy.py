"""Blocks that give a strategy its structure: vision, outcomes, objectives, principles,
commitments and legal duties, as the Tameside and Glossop and Stockport strategies set
them out."""

from wagtail import blocks


class VisionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Our vision", max_length=120)
    statement = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "view"
        label = "Vision"
        template = "consultation_blocks/blocks/vision.html"
        preview_value = {
            "heading": "Our vision",
            "statement": "People are at the heart of decisions about their local services.",
        }


class OutcomesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="What success looks like", max_length=120)
    introduction = blocks.CharBlock(required=False, max_length=255)
    outcomes = blocks.ListBlock(blocks.TextBlock(max_length=500, label="Outcome"), min_num=1)

    class Meta:
        icon = "success"
        label = "Outcomes"
        template = "consultation_blocks/blocks/outcomes.html"


class ObjectiveBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120)
    description = blocks.TextBlock(max_length=1000)


class ObjectivesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Objectives", max_length=120)
    introduction = blocks.CharBlock(required=False, max_length=255)
    objectives = blocks.ListBlock(ObjectiveBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Objectives"
        template = "consultation_blocks/blocks/objectives.html"


class PrincipleBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80)
    description = blocks.TextBlock(max_length=1000)


class PrinciplesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Our principles", max_length=120)
    introduction = blocks.CharBlock(required=False, max_length=255)
    principles = blocks.ListBlock(PrincipleBlock(), min_num=1)

    class Meta:
        icon = "pick"
        label = "Principles"
        template = "consultation_blocks/blocks/principles.html"


class CommitmentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Our commitments", max_length=120)
    introduction = blocks.CharBlock(required=False, max_length=255)
    commitments = blocks.ListBlock(blocks.TextBlock(max_length=1000, label="Commitment"), min_num=1)

    class Meta:
        icon = "tick-inverse"
        label = "Commitments"
        template = "consultation_blocks/blocks/commitments.html"


class LegalDutyBlock(blocks.StructBlock):
    legislation = blocks.CharBlock(max_length=160, help_text="For example 'NHS Act 2006'.")
    provision = blocks.CharBlock(
        required=False, max_length=120, help_text="For example 'Section 242'."
    )
    summary = blocks.TextBlock(max_length=2000)
    points = blocks.ListBlock(
        blocks.TextBlock(max_length=500, label="Point"),
        required=False,
        min_num=0,
        help_text="Optional list, such as the four Gunning principles.",
    )


class LegalDutiesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Legal duties", max_length=120)
    duties = blocks.ListBlock(LegalDutyBlock(), min_num=1)

    class Meta:
        icon = "doc-full-inverse"
        label = "Legal duties"
        template = "consultation_blocks/blocks/legal_duties.html"
