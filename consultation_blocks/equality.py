"""Equality monitoring questions, fixed by the plugin so results can be compared across
consultations and partners.

The nine protected characteristics of the Equality Act 2010, the four further groups
the Tameside and Glossop strategy names (mental health, carers, military veterans,
breastfeeding), and socioeconomic status, named in Stockport's strategy. Every
question offers "Prefer not to say". Answers are stored apart from survey answers and
only ever reported in aggregate.

The codes are what is stored and counted; the wording is translated when shown, so
answers given in every language count together.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PREFER_NOT_TO_SAY = ("prefer_not", _("Prefer not to say"))
YES_NO = (("yes", _("Yes")), ("no", _("No")), PREFER_NOT_TO_SAY)


@dataclass(frozen=True)
class EqualityQuestion:
    code: str
    label: str
    options: tuple
    hint: str = ""


EQUALITY_QUESTIONS = (
    EqualityQuestion(
        "age",
        _("What is your age?"),
        (
            ("under_16", _("Under 16")),
            ("16_24", _("16 to 24")),
            ("25_34", _("25 to 34")),
            ("35_44", _("35 to 44")),
            ("45_54", _("45 to 54")),
            ("55_64", _("55 to 64")),
            ("65_74", _("65 to 74")),
            ("75_plus", _("75 or over")),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "disability",
        _("Do you consider yourself to be disabled?"),
        YES_NO,
        _(
            "A physical or mental condition that has a substantial, long-term effect on your "
            "ability to carry out day-to-day activities."
        ),
    ),
    EqualityQuestion(
        "gender_reassignment",
        _("Is the gender you identify with the same as your sex registered at birth?"),
        YES_NO,
    ),
    EqualityQuestion(
        "pregnancy_maternity",
        _("Are you pregnant, or have you given birth in the last 26 weeks?"),
        YES_NO,
    ),
    EqualityQuestion(
        "ethnicity",
        _("What is your ethnic group?"),
        (
            ("asian", _("Asian or Asian British")),
            ("black", _("Black, Black British, Caribbean or African")),
            ("mixed", _("Mixed or multiple ethnic groups")),
            ("white", _("White")),
            ("other", _("Another ethnic group")),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "religion",
        _("What is your religion or belief?"),
        (
            ("none", _("No religion")),
            ("buddhist", _("Buddhist")),
            ("christian", _("Christian")),
            ("hindu", _("Hindu")),
            ("jewish", _("Jewish")),
            ("muslim", _("Muslim")),
            ("sikh", _("Sikh")),
            ("other", _("Another religion or belief")),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "sex",
        _("What is your sex?"),
        (("female", _("Female")), ("male", _("Male")), PREFER_NOT_TO_SAY),
    ),
    EqualityQuestion(
        "sexual_orientation",
        _("Which of the following best describes your sexual orientation?"),
        (
            ("straight", _("Straight or heterosexual")),
            ("gay_lesbian", _("Gay or lesbian")),
            ("bisexual", _("Bisexual")),
            ("other", _("Another sexual orientation")),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "marriage",
        _("Are you married or in a civil partnership?"),
        (
            ("married", _("Married")),
            ("civil_partnership", _("In a civil partnership")),
            ("neither", _("Neither")),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "mental_health",
        _("Do you have a mental health condition?"),
        YES_NO,
    ),
    EqualityQuestion(
        "carer",
        _(
            "Do you look after, or give help or support to, someone because of their "
            "health, disability or age?"
        ),
        YES_NO,
    ),
    EqualityQuestion(
        "veteran",
        _("Have you served in the UK armed forces?"),
        YES_NO,
    ),
    EqualityQuestion(
        "breastfeeding",
        _("Are you currently breastfeeding?"),
        YES_NO,
    ),
    EqualityQuestion(
        "socioeconomic",
        _("Which best describes your situation?"),
        (
            ("employed", _("In paid work")),
            ("unemployed", _("Looking for work")),
            ("unable", _("Unable to work because of illness or disability")),
            ("caring", _("Looking after home or family")),
            ("student", _("In education or training")),
            ("retired", _("Retired")),
            ("other", _("Something else")),
            PREFER_NOT_TO_SAY,
        ),
    ),
)

EQUALITY_QUESTIONS_BY_CODE = {question.code: question for question in EQUALITY_QUESTIONS}
