"""The optional equality monitoring part of a survey."""

from wagtail import blocks

from ..equality import EQUALITY_QUESTIONS


class EqualityMonitoringBlock(blocks.StructBlock):
    enabled = blocks.BooleanBlock(
        required=False,
        default=True,
        label="Ask equality monitoring questions",
        help_text="Optional for residents. Stored apart from their answers; reported only as totals.",
    )
    introduction = blocks.TextBlock(
        required=False,
        max_length=500,
        default=(
            "These questions help us check we are hearing from everyone. They are optional "
            "and are never linked to your other answers."
        ),
    )
    characteristics = blocks.MultipleChoiceBlock(
        choices=[(question.code, question.label) for question in EQUALITY_QUESTIONS],
        default=[question.code for question in EQUALITY_QUESTIONS],
        required=False,
        help_text="The questions to ask. All are asked unless you untick some.",
    )

    class Meta:
        icon = "group"
        label = "Equality monitoring"
        form_classname = "consultation-equality"
