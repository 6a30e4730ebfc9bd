"""Equality monitoring questions, fixed by the plugin so results can be compared across
consultations and partners.

The nine protected characteristics of the Equality Act 2010, the four further groups
the Tameside and Glossop strategy names (mental health, carers, military veterans,
breastfeeding), and socioeconomic status, named in Stockport's strategy. Every
question offers "Prefer not to say". Answers are stored apart from survey answers and
only ever reported in aggregate.
"""

from dataclasses import dataclass

PREFER_NOT_TO_SAY = ("prefer_not", "Prefer not to say")
YES_NO = (("yes", "Yes"), ("no", "No"), PREFER_NOT_TO_SAY)


@dataclass(frozen=True)
class EqualityQuestion:
    code: str
    label: str
    options: tuple
    hint: str = ""


EQUALITY_QUESTIONS = (
    EqualityQuestion(
        "age",
        "What is your age?",
        (
            ("under_16", "Under 16"),
            ("16_24", "16 to 24"),
            ("25_34", "25 to 34"),
            ("35_44", "35 to 44"),
            ("45_54", "45 to 54"),
            ("55_64", "55 to 64"),
            ("65_74", "65 to 74"),
            ("75_plus", "75 or over"),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "disability",
        "Do you consider yourself to be disabled?",
        YES_NO,
        "A physical or mental condition that has a substantial, long-term effect on your "
        "ability to carry out day-to-day activities.",
    ),
    EqualityQuestion(
        "gender_reassignment",
        "Is the gender you identify with the same as your sex registered at birth?",
        YES_NO,
    ),
    EqualityQuestion(
        "pregnancy_maternity",
        "Are you pregnant, or have you given birth in the last 26 weeks?",
        YES_NO,
    ),
    EqualityQuestion(
        "ethnicity",
        "What is your ethnic group?",
        (
            ("asian", "Asian or Asian British"),
            ("black", "Black, Black British, Caribbean or African"),
            ("mixed", "Mixed or multiple ethnic groups"),
            ("white", "White"),
            ("other", "Another ethnic group"),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "religion",
        "What is your religion or belief?",
        (
            ("none", "No religion"),
            ("buddhist", "Buddhist"),
            ("christian", "Christian"),
            ("hindu", "Hindu"),
            ("jewish", "Jewish"),
            ("muslim", "Muslim"),
            ("sikh", "Sikh"),
            ("other", "Another religion or belief"),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "sex",
        "What is your sex?",
        (("female", "Female"), ("male", "Male"), PREFER_NOT_TO_SAY),
    ),
    EqualityQuestion(
        "sexual_orientation",
        "Which of the following best describes your sexual orientation?",
        (
            ("straight", "Straight or heterosexual"),
            ("gay_lesbian", "Gay or lesbian"),
            ("bisexual", "Bisexual"),
            ("other", "Another sexual orientation"),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "marriage",
        "Are you married or in a civil partnership?",
        (
            ("married", "Married"),
            ("civil_partnership", "In a civil partnership"),
            ("neither", "Neither"),
            PREFER_NOT_TO_SAY,
        ),
    ),
    EqualityQuestion(
        "mental_health",
        "Do you have a mental health condition?",
        YES_NO,
    ),
    EqualityQuestion(
        "carer",
        "Do you look after, or give help or support to, someone because of their health, "
        "disability or age?",
        YES_NO,
    ),
    EqualityQuestion(
        "veteran",
        "Have you served in the UK armed forces?",
        YES_NO,
    ),
    EqualityQuestion(
        "breastfeeding",
        "Are you currently breastfeeding?",
        YES_NO,
    ),
    EqualityQuestion(
        "socioeconomic",
        "Which best describes your situation?",
        (
            ("employed", "In paid work"),
            ("unemployed", "Looking for work"),
            ("unable", "Unable to work because of illness or disability"),
            ("caring", "Looking after home or family"),
            ("student", "In education or training"),
            ("retired", "Retired"),
            ("other", "Something else"),
            PREFER_NOT_TO_SAY,
        ),
    ),
)

EQUALITY_QUESTIONS_BY_CODE = {question.code: question for question in EQUALITY_QUESTIONS}
