"""Blocks of a network meeting's page: its agenda."""

from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    detail = blocks.TextBlock(required=False, max_length=1000)
    lead_role = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Who introduces the item, as a role, e.g. Engagement lead, Tameside Council.",
    )
    minutes = blocks.IntegerBlock(
        required=False, min_value=1, max_value=480, help_text="Time allowed, in minutes."
    )

    class Meta:
        icon = "list-ol"
        label = "Agenda item"


class AgendaStreamBlock(blocks.StreamBlock):
    item = AgendaItemBlock()


class DecisionsStreamBlock(blocks.StreamBlock):
    decision = blocks.TextBlock(max_length=1000, label="Decision or agreement")
