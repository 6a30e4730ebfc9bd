"""The citizens' panel's demo members: plainly fictional, every name "Demo panel member
NN (demo)" and every address at example.org (reserved for examples, so no email can
reach anyone). Their answers are made up to give the staff report something to show:
a panel that, like many real ones, has more older and retired people than the area,
too few young people and nobody under 16, and members who skipped a question. The places are the demo's own."""

from consultation_blocks.models import PANEL_CONSENT_VERSION, PANEL_CONSENT_WORDING

PLACES = ["hyde", "ashton-under-lyne", "dukinfield", "tameside", "stockport"]
# None: the member did not answer the question.
AGES = [
    "65_74",
    "55_64",
    "75_plus",
    "45_54",
    "65_74",
    "35_44",
    "55_64",
    "25_34",
    None,
    "16_24",
    "65_74",
    "45_54",
]
SEXES = ["female", "male", "female", "male", "prefer_not"]
ETHNICITIES = ["white", "white", "white", "asian", "white", "prefer_not", "white", "black"]
SITUATIONS = ["retired", "employed", "retired", "caring", "employed", "retired", "prefer_not"]
CARERS = ["no", "yes", "no", "no", "prefer_not"]
COUNT = 80


def members():
    """(name, email, place slug, equality profile) for each demo member."""
    for index in range(COUNT):
        number = f"{index + 1:02d}"
        yield (
            f"Demo panel member {number} (demo)",
            f"panel.member.{number}@example.org",
            PLACES[index % len(PLACES)],
            {
                code: answer
                for code, answers in (
                    ("age", AGES),
                    ("sex", SEXES),
                    ("ethnicity", ETHNICITIES),
                    ("socioeconomic", SITUATIONS),
                    ("carer", CARERS),
                )
                if (answer := answers[index % len(answers)]) is not None
            },
        )


CONSENT = {"consent_wording": PANEL_CONSENT_WORDING, "consent_version": PANEL_CONSENT_VERSION}
