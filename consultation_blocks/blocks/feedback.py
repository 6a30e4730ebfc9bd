"""Blocks that close the loop with residents: quick polls, "you said, we did", comments."""

from wagtail import blocks


class QuickPollBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    options = blocks.ListBlock(blocks.CharBlock(max_length=120, label="Option"), min_num=2)

    class Meta:
        icon = "pick"
        label = "Quick poll"
        template = "consultation_blocks/blocks/quick_poll.html"
        description = "One question; residents see the results after voting."


class YouSaidWeDidItemBlock(blocks.StructBlock):
    you_said = blocks.TextBlock(max_length=1000, label="You said")
    we_did = blocks.TextBlock(max_length=1000, label="We did")


class YouSaidWeDidBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="You said, we did", max_length=120)
    items = blocks.ListBlock(YouSaidWeDidItemBlock(), min_num=1)

    class Meta:
        icon = "openquote"
        label = "You said, we did"
        template = "consultation_blocks/blocks/you_said_we_did.html"
        preview_value = {
            "heading": "You said, we did",
            "items": [
                {
                    "you_said": "Tell people what happened after they took part.",
                    "we_did": "Every consultation now publishes its outcome on this site.",
                }
            ],
        }


class CommentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Comments", max_length=120)
    introduction = blocks.TextBlock(
        required=False,
        max_length=500,
        default="Share your view with others. A moderator checks every comment before it appears.",
    )
    allow_anonymous = blocks.BooleanBlock(
        required=False, help_text="Let residents comment without giving a name."
    )

    class Meta:
        icon = "comment"
        label = "Comments"
        template = "consultation_blocks/blocks/comments.html"


class PublishedAnswersBlock(blocks.StructBlock):
    """Quotes from survey answers that an editor chose and a moderator approved."""

    heading = blocks.CharBlock(default="What people told us", max_length=120)

    class Meta:
        icon = "openquote"
        label = "What people told us"
        template = "consultation_blocks/blocks/published_answers.html"
        description = "Survey answers chosen for publication, after moderation."


class HouseRulesBlock(blocks.StructBlock):
    """The house rules for comments, kept in one place (Snippets → House rules)."""

    heading = blocks.CharBlock(default="The rules", max_length=120)

    class Meta:
        icon = "list-ul"
        label = "House rules"
        template = "consultation_blocks/blocks/house_rules.html"
