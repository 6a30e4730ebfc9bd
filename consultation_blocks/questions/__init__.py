"""The question kinds of a survey, one class each, registered in ``QUESTION_KINDS``.

A kind owns everything that differs between kinds: its fields in the public form,
how an answer is cleaned into the stored format (listed in ``surveys.py``), the
answer's text for display and export, its tally in the results, its fixed options
and the template that draws its inputs. The form, the results, the export and the
templates loop over this table; none of them names a kind.

Adding a kind: write its class (from ``QuestionKind``), add it to ``QUESTION_KINDS``,
give it a template under ``templates/consultation_blocks/survey/questions/``, and add
its block to ``blocks/survey.py`` with the same name. README: "Adding a question kind".
"""

from .base import (
    CONTROL_CHARACTERS,
    DEFAULT_LONG_TEXT_LIMIT,
    DEFAULT_SHORT_TEXT_LIMIT,
    INVALID_CHOICE,
    OTHER_OPTION_ID,
    OTHER_TEXT_LIMIT,
    QUESTION_PREFIX,
    ChoicePairs,
    OptionCount,
    PlainCharField,
    QuestionKind,
    Tally,
    UnknownKind,
    date_field_name,
    other_field_name,
    percent,
    question_field_name,
    ranking_field_name,
    refuse_control_characters,
    short_label,
)
from .choices import (
    AGREEMENT_SCALE,
    RATING_SCALE,
    YES_NO,
    Agreement,
    MultipleChoice,
    Ranking,
    Rating,
    SingleChoice,
    YesNo,
)
from .other import (
    DATE_PARTS,
    DEFAULT_EARLIEST_DATE,
    DEFAULT_LATEST_DATE,
    Consent,
    Date,
    long_date,
)
from .text import (
    Email,
    LongText,
    Number,
    Postcode,
    ShortText,
    normalise_postcode,
    normalise_postcode_district,
)

# The one table of kinds, by the name of their block in the survey's question stream.
QUESTION_KINDS = {
    kind.name: kind
    for kind in (
        ShortText(),
        LongText(),
        SingleChoice(),
        MultipleChoice(),
        Agreement(),
        Rating(),
        Ranking(),
        Number(),
        Date(),
        Postcode(),
        Email(),
        YesNo(),
        Consent(),
    )
}
UNKNOWN_KIND = UnknownKind()


def question_kind(name):
    """The kind of that name; a kind this version does not know gets no inputs and
    its answers are shown as stored."""
    return QUESTION_KINDS.get(name, UNKNOWN_KIND)


__all__ = [
    "AGREEMENT_SCALE",
    "CONTROL_CHARACTERS",
    "DATE_PARTS",
    "DEFAULT_EARLIEST_DATE",
    "DEFAULT_LATEST_DATE",
    "DEFAULT_LONG_TEXT_LIMIT",
    "DEFAULT_SHORT_TEXT_LIMIT",
    "INVALID_CHOICE",
    "OTHER_OPTION_ID",
    "OTHER_TEXT_LIMIT",
    "QUESTION_KINDS",
    "QUESTION_PREFIX",
    "ChoicePairs",
    "RATING_SCALE",
    "YES_NO",
    "OptionCount",
    "PlainCharField",
    "QuestionKind",
    "Tally",
    "date_field_name",
    "long_date",
    "normalise_postcode",
    "normalise_postcode_district",
    "other_field_name",
    "percent",
    "question_field_name",
    "question_kind",
    "ranking_field_name",
    "refuse_control_characters",
    "short_label",
]
