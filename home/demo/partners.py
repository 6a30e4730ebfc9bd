"""Partners, partnership bodies and areas named in the three places' documents."""

from consultation_blocks.models import AreaKind, PartnerKind

# (slug, name, short name, kind, website, featured)
PARTNERS = [
    # Tameside and Glossop: the strategic commission, its member bodies and the trust.
    (
        "tameside-glossop-strategic-commission",
        "Tameside and Glossop Strategic Commission",
        "Strategic Commission",
        PartnerKind.PARTNERSHIP_BODY,
        "",
        True,
    ),
    (
        "tameside-council",
        "Tameside Metropolitan Borough Council",
        "Tameside Council",
        PartnerKind.COUNCIL,
        "https://www.tameside.gov.uk",
        True,
    ),
    (
        "tameside-glossop-ccg",
        "NHS Tameside and Glossop Clinical Commissioning Group",
        "Tameside and Glossop CCG",
        PartnerKind.NHS_COMMISSIONER,
        "http://www.tamesideandglossopccg.org",
        True,
    ),
    (
        "tameside-glossop-icft",
        "Tameside and Glossop Integrated Care NHS Foundation Trust",
        "Integrated Care Foundation Trust",
        PartnerKind.NHS_PROVIDER,
        "http://www.tamesidehospital.nhs.uk",
        True,
    ),
    (
        "pen",
        "Tameside and Glossop Partnership Engagement Network",
        "PEN",
        PartnerKind.PARTNERSHIP_BODY,
        "",
        True,
    ),
    # The other organisations and groups that shaped the Tameside and Glossop strategy
    # at the task and finish workshops of November 2017 and February 2018.
    (
        "glossop-png",
        "Glossop Patient Neighbourhood Group",
        "",
        PartnerKind.PATIENT_GROUP,
        "",
        False,
    ),
    ("ashton-png", "Ashton Patient Neighbourhood Group", "", PartnerKind.PATIENT_GROUP, "", False),
    ("hyde-png", "Hyde Patient Neighbourhood Group", "", PartnerKind.PATIENT_GROUP, "", False),
    (
        "citizens-advice-glossop",
        "Citizens Advice Bureau (Glossop)",
        "Citizens Advice Glossop",
        PartnerKind.CHARITY,
        "",
        False,
    ),
    ("jobcentre-plus", "Jobcentre Plus", "", PartnerKind.GOVERNMENT_AGENCY, "", False),
    ("mind", "Mind", "", PartnerKind.CHARITY, "", False),
    ("kush-amdid", "Kush Amdid", "", PartnerKind.VCF, "", False),
    ("action-together", "Action Together", "", PartnerKind.VCF, "", False),
    ("the-bureau-glossop", "The Bureau (Glossop)", "The Bureau", PartnerKind.VCF, "", False),
    ("new-charter-housing", "New Charter Housing", "", PartnerKind.HOUSING, "", False),
    ("active-tameside", "Active Tameside", "", PartnerKind.CHARITY, "", False),
    (
        "indian-older-womens-group",
        "Indian Older Women's Community Group",
        "",
        PartnerKind.VCF,
        "",
        False,
    ),
    (
        "tameside-armed-service-community",
        "Tameside Armed Service Community",
        "",
        PartnerKind.VCF,
        "",
        False,
    ),
    ("healthwatch-derbyshire", "Healthwatch Derbyshire", "", PartnerKind.PATIENT_GROUP, "", False),
    ("derbyshire-county-council", "Derbyshire County Council", "", PartnerKind.COUNCIL, "", False),
    # Stockport: the partnership board and the partnership that led on engagement.
    (
        "stockport-partnership",
        "Stockport Partnership Board",
        "Stockport Partnership",
        PartnerKind.PARTNERSHIP_BODY,
        "",
        True,
    ),
    (
        "stronger-communities-partnership",
        "Stronger Communities Partnership",
        "",
        PartnerKind.PARTNERSHIP_BODY,
        "",
        False,
    ),
    (
        "stockport-council",
        "Stockport Metropolitan Borough Council",
        "Stockport Council",
        PartnerKind.COUNCIL,
        "",
        True,
    ),
    # Tower Hamlets: the council, its networks, and the partners of its strategy.
    (
        "tower-hamlets-council",
        "London Borough of Tower Hamlets",
        "Tower Hamlets Council",
        PartnerKind.COUNCIL,
        "",
        True,
    ),
    (
        "community-involvement-network",
        "Tower Hamlets Community Involvement Network",
        "Community Involvement Network",
        PartnerKind.VCF,
        "",
        False,
    ),
    (
        "community-plan-delivery-groups",
        "Tower Hamlets Community Plan Delivery Groups",
        "Community Plan Delivery Groups",
        PartnerKind.PARTNERSHIP_BODY,
        "",
        False,
    ),
    ("lets-talk-tower-hamlets", "Let's Talk Tower Hamlets", "", PartnerKind.COUNCIL, "", False),
    ("urban-inclusion", "Urban Inclusion", "", PartnerKind.VCF, "", False),
]

DESCRIPTIONS = {
    "tameside-glossop-strategic-commission": (
        "Tameside Council and the NHS clinical commissioning group planning and buying "
        "services together for Tameside and Glossop."
    ),
    "tameside-glossop-icft": (
        "The area's hospital and community health services provider, formerly Tameside Hospital."
    ),
    "pen": (
        "The network through which residents, patient groups and partners shape public "
        "services in Tameside and Glossop. It meets as a Conference, a Forum and a Panel."
    ),
    "stockport-partnership": (
        "The board that brings Stockport's family of thematic partnerships together."
    ),
    "stronger-communities-partnership": (
        "The Stockport partnership that leads on community empowerment and engagement."
    ),
    "lets-talk-tower-hamlets": (
        "Tower Hamlets Council's online engagement platform, including its "
        "'You said, we did' feedback."
    ),
    "urban-inclusion": (
        "A small, community-led Tower Hamlets organisation commissioned to run focus "
        "groups and interviews for the council's engagement strategy."
    ),
    "community-involvement-network": (
        "The network of community organisations that fed into the Tower Hamlets strategy."
    ),
}

# The organisations that gave input at one or both task and finish workshops (18).
STRATEGY_CONTRIBUTORS = [
    "glossop-png",
    "ashton-png",
    "hyde-png",
    "citizens-advice-glossop",
    "jobcentre-plus",
    "mind",
    "kush-amdid",
    "action-together",
    "the-bureau-glossop",
    "new-charter-housing",
    "active-tameside",
    "indian-older-womens-group",
    "tameside-armed-service-community",
    "tameside-council",
    "healthwatch-derbyshire",
    "tameside-glossop-ccg",
    "tameside-glossop-icft",
    "derbyshire-county-council",
]

STRATEGIC_COMMISSION_MEMBERS = ["tameside-council", "tameside-glossop-ccg"]

# Partnership bodies and the partners they are made of. The PEN brings together the
# commission (rather than its two members separately) and everyone else who shaped
# the strategy.
MEMBERSHIP = {
    "tameside-glossop-strategic-commission": STRATEGIC_COMMISSION_MEMBERS,
    "pen": [
        "tameside-glossop-strategic-commission",
        *(slug for slug in STRATEGY_CONTRIBUTORS if slug not in STRATEGIC_COMMISSION_MEMBERS),
    ],
    "stockport-partnership": ["stronger-communities-partnership", "stockport-council"],
}

# (slug, name, kind, parent slug)
AREAS = [
    ("tameside", "Tameside", AreaKind.LOCAL_AUTHORITY, None),
    ("derbyshire", "Derbyshire", AreaKind.LOCAL_AUTHORITY, None),
    ("stockport", "Stockport", AreaKind.LOCAL_AUTHORITY, None),
    ("tower-hamlets", "Tower Hamlets", AreaKind.LOCAL_AUTHORITY, None),
    ("ashton-under-lyne", "Ashton-under-Lyne", AreaKind.TOWN, "tameside"),
    ("hyde", "Hyde", AreaKind.TOWN, "tameside"),
    ("dukinfield", "Dukinfield", AreaKind.TOWN, "tameside"),
    ("glossop", "Glossop", AreaKind.TOWN, "derbyshire"),
]
