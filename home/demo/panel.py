"""The citizens' panel's demo members: plainly fictional, every name "Demo panel member
NN (demo)" and every address at example.org (reserved for examples, so no email can
reach anyone). Their answers are made up to give the staff report something to show:
a panel that, like many real ones, has more older and retired people than the area
and too few young people. The places are the demo's own."""

from consultation_blocks.models import PANEL_CONSENT_VERSION, PANEL_CONSENT_WORDING

PLACES = ["hyde", "ashton-under-lyne", "dukinfield", "tameside", "stockport"]
AGES = ["65_74", "55_64", "75_plus", "45_54", "65_74", "35_44", "55_64", "25_34", "prefer_not"]
SEXES = ["female", "male", "female", "male", "prefer_not"]
ETHNICITIES = ["white", "white", "white", "asian", "white", "prefer_not", "white", "black"]
SITUATIONS = ["retired", "employed", "retired", "caring", "employed", "retired", "prefer_not"]
CARERS = ["no", "yes", "no", "no", "prefer_not"]
COUNT = 60


def members():
    """(name, email, place slug, equality profile) for each demo member."""
    for index in range(COUNT):
        number = f"{index + 1:02d}"
        yield (
            f"Demo panel member {number} (demo)",
            f"panel.member.{number}@example.org",
            PLACES[index % len(PLACES)],
            {
                "age": AGES[index % len(AGES)],
                "sex": SEXES[index % len(SEXES)],
                "ethnicity": ETHNICITIES[index % len(ETHNICITIES)],
                "socioeconomic": SITUATIONS[index % len(SITUATIONS)],
                "carer": CARERS[index % len(CARERS)],
            },
        )


CONSENT = {"consent_wording": PANEL_CONSENT_WORDING, "consent_version": PANEL_CONSENT_VERSION}
