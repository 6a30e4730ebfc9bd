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
from ..surveys import (
    PAGE_BREAK,
    Condition,
    condition_options,
    match_text_condition,
    question_from_block,
)
from .equality import EqualityMonitoringBlock

QUESTION_KEY_HELP = "Optional short name, such as 'uses-buses', for exports and reports."


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
    """Show a question only when an earlier question has a particular answer.

    Both are chosen from lists in the editor: the earlier question by its block id,
    then one of its options by id (the editor's script, ``js/survey-conditions.js``,
    fills the lists from the questions above, saved or not). The server checks both
    in ``QuestionStreamBlock.clean``. Conditions once written as text keep their text
    in the hidden ``question_key`` and ``answer`` until they are saved with a choice.
    """

    question = blocks.CharBlock(
        required=False,
        max_length=64,
        label="Show only if the answer to",
        help_text="An earlier question with answers to choose from. Leave blank to always show.",
    )
    option = blocks.CharBlock(
        required=False,
        max_length=64,
        label="is",
    )
    question_key = blocks.CharBlock(required=False, max_length=50)
    answer = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "decision"
        label = "Condition"
        form_classname = "consultation-condition"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ids of a question and an option (or, from before, a question's short name and
        # an answer's text): the same in every language.
        keep_untranslated(self)


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


class PageBreakBlock(blocks.StructBlock):
    """Starts a new step of the survey: residents answer the questions before it, press
    Continue, and check every answer before sending (surveys.py, views/survey_steps.py)."""

    title = blocks.CharBlock(
        required=False,
        max_length=120,
        label="Step title",
        help_text="Optional, for example 'About your area'.",
    )
    condition = ConditionBlock(
        required=False,
        label="Show this step only if",
        help_text="Skip every question of this step unless an earlier question has this answer.",
    )

    class Meta:
        icon = "arrow-right-full"
        label = "Page break (new step)"
        form_classname = "consultation-page-break"


class QuestionStreamBlock(blocks.StreamBlock):
    def __init__(self, **kwargs):
        super().__init__([*QUESTION_BLOCKS, (PAGE_BREAK, PageBreakBlock())], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        seen_keys = set()
        earlier = []
        for index, child in enumerate(value):
            key = child.value.get("key")
            problem = self._condition_problem(child, earlier)
            if problem:
                errors[index] = blocks.StructBlockValidationError(
                    block_errors={
                        "condition": blocks.StructBlockValidationError(
                            block_errors={problem[0]: ValidationError(problem[1])}
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
            if child.block_type != PAGE_BREAK:
                earlier.append(question_from_block(child))
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value

    @staticmethod
    def _condition_problem(child, earlier):
        """(field, message) when the condition of a question or of a page break cannot
        be met, else None. A condition still written as text is linked to what it names,
        if anything."""
        condition = child.value.get("condition")
        if not condition:
            return None
        question_id = condition.get("question") or ""
        option_id = condition.get("option") or ""
        if not question_id:
            if not condition.get("question_key"):
                return None if not option_id else ("question", "Choose the earlier question.")
            text = Condition("", "", condition["question_key"], condition.get("answer") or "")
            linked = match_text_condition(text, earlier)
            if linked is None:
                return (
                    "question",
                    f"This condition was written as text: show if the question named "
                    f"'{text.question_key}' is answered '{text.answer}'. No earlier question "
                    "and answer match it: choose them from the lists, or clear it.",
                )
            question_id, option_id = linked
            condition["question"], condition["option"] = question_id, option_id
        condition["question_key"] = condition["answer"] = ""
        target = next((q for q in earlier if q.id == question_id), None)
        if target is None:
            return ("question", "Choose a question above this one.")
        options = dict(condition_options(target))
        if not options:
            return ("question", "Choose a question with answers to choose from.")
        if not option_id:
            return ("option", "Choose the answer that shows this question.")
        if option_id not in options:
            return ("option", "Choose one of that question's answers.")
        return None


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
