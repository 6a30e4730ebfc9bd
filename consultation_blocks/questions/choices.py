"""Kinds answered by choosing: one option, several options, the agreement scale, a
rating, yes or no, and a ranking of every option."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import (
    INVALID_CHOICE,
    OTHER_OPTION_ID,
    OTHER_TEXT_LIMIT,
    ChoicePairs,
    OptionCount,
    PlainCharField,
    QuestionKind,
    Tally,
    other_field_name,
    percent,
    question_field_name,
    ranking_field_name,
)

# The ids are what is stored, counted and compared by conditions, in every language;
# the labels are translated when shown (the page's language for residents).
AGREEMENT_SCALE = (
    ("strongly_agree", _("Strongly agree")),
    ("agree", _("Agree")),
    ("neither", _("Neither agree nor disagree")),
    ("disagree", _("Disagree")),
    ("strongly_disagree", _("Strongly disagree")),
    ("dont_know", _("Don't know")),
)
YES_NO = (("yes", _("Yes")), ("no", _("No")))
RATING_SCALE = tuple((str(number), str(number)) for number in range(1, 6))

RADIOS_TEMPLATE = "consultation_blocks/survey/questions/radios.html"


class OptionTally(Tally):
    """How many respondents chose each option, as a share of those who answered."""

    def __init__(self, question, kind):
        super().__init__(question)
        self.kind = kind
        self.counts = Counter()

    def add(self, answer):
        for option_id in self.chosen(answer):
            self.counts[option_id] += 1

    def chosen(self, answer):
        return [str(answer)]

    def choices(self):
        return list(self.kind.result_options(self.question))

    def fill(self, result, total):
        choices = self.choices()
        known = {option_id for option_id, _ in choices}
        # Answers to options removed since keep being counted, under their own name.
        choices += [
            (option_id, self.question.label_for(option_id))
            for option_id in self.counts
            if option_id not in known
        ]
        result.options = [
            OptionCount(
                label, self.counts[option_id], percent(self.counts[option_id], result.answered)
            )
            for option_id, label in choices
        ]


class SingleChoice(QuestionKind):
    name = "single_choice"
    template_name = RADIOS_TEMPLATE
    required_message = _("Choose an answer to {quoted}")
    offers_conditions = True

    def answer_includes(self, question, answer, option_id):
        return answer is not None and str(answer) == option_id

    def form_field(self, question, **common):
        return forms.ChoiceField(
            choices=ChoicePairs(self.options(question)),
            widget=forms.RadioSelect,
            error_messages=INVALID_CHOICE,
            **common,
        )

    def texts(self, question, answer):
        return [question.label_for(answer)]

    def example_input(self, question):
        return {question_field_name(question): self.options(question)[0][0]}

    def tally(self, question):
        return OptionTally(question, self)


class Agreement(SingleChoice):
    name = "agreement"
    fixed_options = AGREEMENT_SCALE
    favourable_options = ("strongly_agree", "agree")
    favourable_wording = "agree or strongly agree"

    def example_input(self, question):
        return {question_field_name(question): "agree"}


class YesNo(SingleChoice):
    name = "yes_no"
    fixed_options = YES_NO
    favourable_options = ("yes",)
    favourable_wording = "answer yes"

    def example_input(self, question):
        return {question_field_name(question): "no"}


class Rating(SingleChoice):
    """Stored as a number, so it can be averaged; shown as the number."""

    name = "rating"
    template_name = "consultation_blocks/survey/questions/rating.html"
    fixed_options = RATING_SCALE
    favourable_options = ("4", "5")
    favourable_wording = "rate it 4 or 5"

    def clean_answer(self, question, data):
        value = data.get(question_field_name(question))
        return int(value) if value else None

    def texts(self, question, answer):
        return [str(answer)]

    def result_options(self, question):
        # Residents saw what 1 and 5 mean beside the scale; the results say it too.
        ends = {"1": question.low_label, "5": question.high_label}
        return [
            (value, f"{label} – {ends[value]}" if ends.get(value) else label)
            for value, label in self.options(question)
        ]

    def example_input(self, question):
        return {question_field_name(question): "4"}


class MultipleChoice(QuestionKind):
    name = "multiple_choice"
    template_name = "consultation_blocks/survey/questions/multiple_choice.html"
    offers_conditions = True

    def answer_includes(self, question, answer, option_id):
        return isinstance(answer, dict) and option_id in (answer.get("choices") or ())

    required_message = _("Choose at least one answer to {quoted}")
    results_note = (
        "Respondents could choose more than one answer, so percentages add up to more than 100."
    )

    def options(self, question):
        choices = list(question.options)
        if question.allow_other:
            choices.append((OTHER_OPTION_ID, _("Other")))
        return choices

    def form_fields(self, question):
        fields = {}
        if question.allow_other:
            fields[other_field_name(question)] = PlainCharField(
                label=_("Please specify"),
                max_length=OTHER_TEXT_LIMIT,
                required=False,
                error_messages={
                    "max_length": _("Your answer must be {limit} characters or fewer").format(
                        limit=OTHER_TEXT_LIMIT
                    )
                },
            )
        fields[question_field_name(question)] = forms.MultipleChoiceField(
            choices=ChoicePairs(self.options(question)),
            widget=forms.CheckboxSelectMultiple,
            error_messages=INVALID_CHOICE,
            label=question.label,
            help_text=question.hint,
            required=False,
        )
        return fields

    def clean_answer(self, question, data):
        choices = data.get(question_field_name(question)) or []
        other_text = (data.get(other_field_name(question)) or "").strip()
        if OTHER_OPTION_ID in choices and not other_text:
            raise ValidationError(_("Say what your other answer is"))
        if not choices:
            return None
        return {
            # A browser sends each ticked box once; a repeated value is kept once.
            "choices": list(dict.fromkeys(choices)),
            "other": other_text if OTHER_OPTION_ID in choices else "",
        }

    def template_context(self, form, question):
        return {"other": form[other_field_name(question)]} if question.allow_other else {}

    def texts(self, question, answer):
        texts = [question.label_for(option_id) for option_id in answer.get("choices", [])]
        if answer.get("other"):
            texts.append(answer["other"])
        return texts

    def example_input(self, question):
        return {question_field_name(question): [question.options[0][0], question.options[1][0]]}

    def tally(self, question):
        return ChoicesTally(question, self)


class ChoicesTally(OptionTally):
    """Each option chosen counts once per respondent, never combinations of options."""

    def chosen(self, answer):
        return set(answer.get("choices", []))


class Ranking(QuestionKind):
    name = "ranking"
    template_name = "consultation_blocks/survey/questions/ranking.html"
    required_message = _("Give every option in {quoted} a position")

    def form_fields(self, question):
        positions = ChoicePairs(
            [("", _("Choose"))] + [(str(n), str(n)) for n in range(1, len(question.options) + 1)]
        )
        return {
            ranking_field_name(question, option_id): forms.ChoiceField(
                label=option_label,
                choices=positions,
                required=False,
                error_messages=INVALID_CHOICE,
            )
            for option_id, option_label in question.options
        }

    def error_field_name(self, question):
        return ranking_field_name(question, question.options[0][0])

    def clean_answer(self, question, data):
        ranks = {
            option_id: data.get(ranking_field_name(question, option_id))
            for option_id, _ in question.options
        }
        given = {option_id: int(rank) for option_id, rank in ranks.items() if rank}
        if not given:
            return None
        if len(given) < len(question.options):
            raise ValidationError(_("Give every option a position"))
        if len(set(given.values())) < len(given):
            raise ValidationError(_("Give each option a different position"))
        return sorted(given, key=given.get)

    def template_context(self, form, question):
        first = ranking_field_name(question, question.options[0][0]) if question.options else ""
        return {
            "ranks": [
                form[ranking_field_name(question, option_id)] for option_id, _ in question.options
            ],
            "errors": form.errors.get(first, []),
        }

    def texts(self, question, answer):
        return [question.label_for(option_id) for option_id in answer]

    def example_input(self, question):
        return {
            ranking_field_name(question, option_id): str(position)
            for position, (option_id, _) in enumerate(reversed(question.options), start=1)
        }

    def tally(self, question):
        return RankingTally(question)


class RankingTally(Tally):
    """Each option's mean position, most preferred first."""

    def __init__(self, question):
        super().__init__(question)
        self.totals = Counter()

    def add(self, answer):
        for position, option_id in enumerate(answer, start=1):
            self.totals[option_id] += position

    def fill(self, result, total):
        result.mean_positions = sorted(
            (
                (label, round(self.totals[option_id] / result.answered, 2))
                for option_id, label in self.question.options
            )
            if result.answered
            else [],
            key=lambda pair: pair[1],
        )
