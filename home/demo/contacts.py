"""The contacts register's demo entries: plainly fictional people and groups, every
address at example.org (reserved for examples, so no email can reach anyone), each
name marked "(demo)". The partners, places and topics are the demo's own."""

from consultation_blocks.models import ConsentSource, ContactMethod, OrganisationKind

# (name, kind, partner slug or None, areas, topics, groups, contact email, role)
ORGANISATIONS = [
    (
        "Example Carers' Network (demo)",
        OrganisationKind.NETWORK,
        "tameside-council",
        ["tameside"],
        ["carers", "equality"],
        ["carers"],
        "carers-network@example.org",
        "Network coordinator",
    ),
    (
        "Sample Street Residents' Association (demo)",
        OrganisationKind.RESIDENTS_ASSOCIATION,
        None,
        ["hyde"],
        ["neighbourhood", "community"],
        [],
        "secretary@sample-street.example.org",
        "Secretary",
    ),
    (
        "Demo Young People's Forum (demo)",
        OrganisationKind.FORUM,
        None,
        ["stockport"],
        ["engagement", "digital"],
        ["young_people"],
        "forum@young-people.example.org",
        "Youth worker",
    ),
]

# (name, email, preferred method, phone, partner slug or None, areas, topics, groups, how)
CONTACTS = [
    (
        "Alex Example (demo)",
        "alex.example@example.org",
        ContactMethod.EMAIL,
        "",
        None,
        ["ashton-under-lyne"],
        ["carers", "health"],
        ["carers"],
        ConsentSource.PUBLIC_FORM,
    ),
    (
        "Sam Sample (demo)",
        "sam.sample@example.org",
        ContactMethod.EMAIL,
        "",
        None,
        ["tower-hamlets"],
        ["engagement", "community"],
        ["ethnic_minorities", "faith_groups"],
        ConsentSource.PUBLIC_FORM,
    ),
    (
        "Jo Placeholder (demo)",
        "jo.placeholder@example.org",
        ContactMethod.PHONE,
        "01632 960 123",
        "tameside-council",
        ["tameside"],
        ["health", "neighbourhood"],
        ["older_people", "disabled_people"],
        ConsentSource.PAPER,
    ),
    (
        "Chris Fictional (demo)",
        "chris.fictional@example.org",
        ContactMethod.EMAIL,
        "",
        None,
        ["stockport"],
        ["digital", "engagement"],
        ["young_people"],
        ConsentSource.EVENT,
    ),
]
