"""The survey block and its question kinds.

A survey is configuration only: residents' answers are rows in SurveyResponse, keyed by
each question's block id. The id never changes when an editor rewords a question, so
answers given before an edit stay attached to it. Choice options are list items with
ids of their own for the same reason.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks

from ..questions import DEFAULT_EARLIEST_DATE, DEFAULT_LATEST_DATE, long_date
from .equality import EqualityMonitoringBlock

QUESTION_KEY_HELP = (
    "Optional short name, such as 'uses-buses', that a later question can refer to in "
    "'Show only if'."
)


def keep_untranslated(block):
    """Mark a child block as a name the survey refers to, not words residents read.

    Translation tools (wagtail-localize reads these two methods) then offer it to no
    translator and copy it unchanged, so a translated survey keeps the same question
    keys, and its conditions still name them. Set on the instance rather than through a
    subclass, which would change every survey's migration state for no change in data.
    """
    block.get_translatable_segments = lambda value: []
    block.restore_translated_segments = lambda value, segments: value
    return block


class ConditionBlock(blocks.StructBlock):
    """Show a question only when an earlier question has a particular answer."""

    question_key = blocks.CharBlock(
        required=False,
        max_length=50,
        label="Show only if the question named",
        help_text="The short name of an earlier question. Leave blank to always show.",
    )
    answer = blocks.CharBlock(
        required=False,
        max_length=255,
        label="is answered",
        help_text="The answer exactly as residents see it, for example 'Yes' or an option.",
    )

    class Meta:
        icon = "decision"
        label = "Condition"
        form_classname = "consultation-condition"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep_untranslated(self.child_blocks["question_key"])


class BaseQuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=500, label="Question")
    hint = blocks.TextBlock(required=False, max_length=500)
    required = blocks.BooleanBlock(required=False, default=True)
    key = blocks.CharBlock(required=False, max_length=50, help_text=QUESTION_KEY_HELP)
    condition = ConditionBlock(required=False)

    # Subclasses name their kind; the survey definition and results use it.
    kind = None

    class Meta:
        icon = "help"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Block ids (question and option ids) are copied by translation as they are;
        # the key is the other name a survey uses for a question.
        keep_untranslated(self.child_blocks["key"])

    def clean(self, value):
        value = super().clean(value)
        if value.get("key") and slugify(value["key"]) != value["key"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "key": ValidationError("Use lower-case letters, numbers and hyphens only.")
                }
            )
        return value


class OptionsMixin(blocks.StructBlock):
    # A new choice question starts with the two boxes every choice needs.
    options = blocks.ListBlock(
        blocks.CharBlock(max_length=255, label="Option"), min_num=2, default=["", ""]
    )


class ShortTextQuestionBlock(BaseQuestionBlock):
    max_length = blocks.IntegerBlock(default=200, min_value=1, max_value=500)
    kind = "short_text"

    class Meta:
        label = "Short text"
        icon = "pilcrow"


class LongTextQuestionBlock(BaseQuestionBlock):
    max_length = blocks.IntegerBlock(
        default=2000,
        min_value=50,
        max_value=10000,
        help_text="Residents see how many characters they have left.",
    )
    kind = "long_text"

    class Meta:
        label = "Long text"
        icon = "doc-full"


class SingleChoiceQuestionBlock(OptionsMixin, BaseQuestionBlock):
    kind = "single_choice"

    class Meta:
        label = "Single choice (radios)"
        icon = "radio-full"


class MultipleChoiceQuestionBlock(OptionsMixin, BaseQuestionBlock):
    allow_other = blocks.BooleanBlock(
        required=False, help_text="Add an 'Other, please specify' option with a text box."
    )
    kind = "multiple_choice"

    class Meta:
        label = "Multiple choice (checkboxes)"
        icon = "tasks"


class AgreementQuestionBlock(BaseQuestionBlock):
    kind = "agreement"

    class Meta:
        label = "Agreement scale"
        icon = "order"
        help_text = "Strongly agree to strongly disagree, with 'Don't know'."


class RatingQuestionBlock(BaseQuestionBlock):
    low_label = blocks.CharBlock(default="Very poor", max_length=50, label="Label for 1")
    high_label = blocks.CharBlock(default="Very good", max_length=50, label="Label for 5")
    kind = "rating"

    class Meta:
        label = "Rating 1 to 5"
        icon = "pick"


class RankingQuestionBlock(OptionsMixin, BaseQuestionBlock):
    kind = "ranking"

    class Meta:
        label = "Ranking"
        icon = "list-ol"


class NumberQuestionBlock(BaseQuestionBlock):
    min_value = blocks.IntegerBlock(required=False)
    max_value = blocks.IntegerBlock(required=False)
    kind = "number"

    class Meta:
        label = "Number"
        icon = "plus"

    def clean(self, value):
        value = super().clean(value)
        low, high = value.get("min_value"), value.get("max_value")
        if low is not None and high is not None and low > high:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "max_value": ValidationError("The maximum must be at least the minimum.")
                }
            )
        return value


class DateQuestionBlock(BaseQuestionBlock):
    min_date = blocks.DateBlock(
        required=False,
        label="Earliest date",
        help_text=f"Leave blank to accept dates from {long_date(DEFAULT_EARLIEST_DATE)}.",
    )
    max_date = blocks.DateBlock(
        required=False,
        label="Latest date",
        help_text=f"Leave blank to accept dates up to {long_date(DEFAULT_LATEST_DATE)}.",
    )
    kind = "date"

    class Meta:
        label = "Date"
        icon = "date"

    def clean(self, value):
        value = super().clean(value)
        earliest, latest = value.get("min_date"), value.get("max_date")
        if earliest and latest and earliest > latest:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "max_date": ValidationError("The latest date must be on or after the earliest.")
                }
            )
        return value


class PostcodeQuestionBlock(BaseQuestionBlock):
    kind = "postcode"

    class Meta:
        label = "UK postcode"
        icon = "site"


class EmailQuestionBlock(BaseQuestionBlock):
    kind = "email"

    class Meta:
        label = "Email address"
        icon = "mail"


class YesNoQuestionBlock(BaseQuestionBlock):
    kind = "yes_no"

    class Meta:
        label = "Yes or no"
        icon = "tick"


class ConsentQuestionBlock(BaseQuestionBlock):
    statement = blocks.CharBlock(
        max_length=500, help_text="What the resident agrees to by ticking the box."
    )
    kind = "consent"

    class Meta:
        label = "Consent"
        icon = "tick-inverse"


QUESTION_BLOCKS = [
    ("short_text", ShortTextQuestionBlock()),
    ("long_text", LongTextQuestionBlock()),
    ("single_choice", SingleChoiceQuestionBlock()),
    ("multiple_choice", MultipleChoiceQuestionBlock()),
    ("agreement", AgreementQuestionBlock()),
    ("rating", RatingQuestionBlock()),
    ("ranking", RankingQuestionBlock()),
    ("number", NumberQuestionBlock()),
    ("date", DateQuestionBlock()),
    ("postcode", PostcodeQuestionBlock()),
    ("email", EmailQuestionBlock()),
    ("yes_no", YesNoQuestionBlock()),
    ("consent", ConsentQuestionBlock()),
]


class QuestionStreamBlock(blocks.StreamBlock):
    def __init__(self, **kwargs):
        super().__init__(QUESTION_BLOCKS, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        seen_keys = set()
        for index, child in enumerate(value):
            key = child.value.get("key")
            condition = child.value.get("condition") or {}
            condition_key = condition.get("question_key")
            if condition_key and condition_key not in seen_keys:
                errors[index] = blocks.StructBlockValidationError(
                    block_errors={
                        "condition": blocks.StructBlockValidationError(
                            block_errors={
                                "question_key": ValidationError(
                                    f"No earlier question is named '{condition_key}'."
                                )
                            }
                        )
                    }
                )
            if key:
                if key in seen_keys:
                    errors[index] = blocks.StructBlockValidationError(
                        block_errors={
                            "key": ValidationError(f"Another question is already named '{key}'.")
                        }
                    )
                seen_keys.add(key)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


class SurveyBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Have your say", max_length=120)
    introduction = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link", "ol", "ul"]
    )
    privacy_notice = blocks.RichTextBlock(
        features=["bold", "link", "ul"],
        help_text="Who will see the answers, what they are used for and how long they are kept.",
    )
    questions = QuestionStreamBlock(min_num=1)
    equality_monitoring = EqualityMonitoringBlock()
    one_response_per_email = blocks.BooleanBlock(
        required=False,
        help_text="Ask for an email address and accept only one response for each.",
    )
    allow_save_and_resume = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="Let residents save a partly finished response and come back to it.",
    )
    submit_label = blocks.CharBlock(default="Send my response", max_length=60)

    class Meta:
        icon = "form"
        label = "Survey"
        template = "consultation_blocks/blocks/survey.html"
        description = "Questions residents answer on the page. Answers are stored securely."
