"""Demo decisions, strategy delivery and indicators, taken from the seed documents.

* Tower Hamlets: the Cabinet's key decision on the Community Engagement Strategy
  (reference I068121), from the council's decision notice: notice first published
  5 May 2017, due at Cabinet on 30 January 2018, recommendations approved, all wards,
  an equality analysis carried out; the decision itself is recorded on 1 February 2018.
* Stockport: the two engagement figures in the report to the Stockport Partnership
  Board of 2 February 2010 ("A Stronger Voice: A Stronger Place", section 5): NI 4,
  people who feel they can influence decisions in their area, 35% in 2007 and 30% in
  2008; people who felt well informed about getting involved in decision making, 43%
  in 2006 and 31% in 2008. The same report gives the draft's endorsement by the
  Stronger Communities Partnership in December 2009 and the two delivery-plan projects.
* Tameside and Glossop: the strategy was scoped at a task and finish workshop on
  27 November 2017 and agreed, subject to amendments, at the second on 9 February 2018.
"""

import datetime

TOWER_HAMLETS_DECISION = {
    "reference": "I068121",
    "title": "Community Engagement Strategy",
    "purpose": "To agree the strategy for delivery.",
    "partner": "tower-hamlets-council",
    "decision_maker": "Cabinet",
    "kind": "key",
    "status": "made",
    "outcome": "Recommendations approved",
    "notice_published_on": datetime.date(2017, 5, 5),
    "due_on": datetime.date(2018, 1, 30),
    "decided_on": datetime.date(2018, 1, 30),
    "all_wards": True,
    "consultation_slug": "tower-hamlets-community-engagement-strategy",
    "eia_screening": "full_done",
    "eia_impact": "unknown",
    "eia_impact_notes": (
        "The decision notice records that an equality analysis was carried out; its "
        "findings are in the strategy's papers, not in the notice."
    ),
}

STOCKPORT_SOURCE = (
    "Report to the Stockport Partnership Board, 2 February 2010: "
    "\u201cA Stronger Voice: A Stronger Place\u201d, section 5"
)

INDICATORS = [
    {
        "code": "ni-4-influence-decisions",
        "title": "People who feel they can influence decisions in their local area",
        "description": (
            "National indicator NI 4, as reported for Stockport. The strategy's Stronger "
            "Voice objective aims to raise it."
        ),
        "partner": "stockport-partnership",
        "unit": "percent",
        "direction": "up",
        "values": [(2007, "35"), (2008, "30")],
        "strategy": "a-stronger-voice-a-stronger-place",
    },
    {
        "code": "stockport-well-informed",
        "title": "People who feel well informed about how to get involved in decision making",
        "description": ("The strategy's Excellent Communications objective aims to raise it."),
        "partner": "stockport-partnership",
        "unit": "percent",
        "direction": "up",
        "values": [(2006, "43"), (2008, "31")],
        "strategy": "a-stronger-voice-a-stronger-place",
    },
]

ADOPTION_TRAILS = {
    "a-stronger-voice-a-stronger-place": [
        (
            "endorsed",
            datetime.date(2009, 12, 1),
            "Stronger Communities Partnership",
            "Endorsed the draft at its December 2009 meeting (the report gives the month only).",
        ),
    ],
    "tameside-and-glossop-engagement-strategy": [
        (
            "drafted",
            datetime.date(2017, 11, 27),
            "PEN task and finish workshop",
            "Representatives of patient and public groups and key stakeholders scoped the "
            "strategy.",
        ),
        (
            "endorsed",
            datetime.date(2018, 2, 9),
            "PEN task and finish workshop",
            "Agreed as the final strategy once a small number of amendments were made.",
        ),
    ],
}

ACTION_PLANS = {
    "a-stronger-voice-a-stronger-place": [
        (
            "A Stronger Voice",
            "Build up the community infrastructure that helps people take part in the "
            "partnership's work",
            "Stronger Communities Partnership",
        ),
        (
            "A Stronger Voice",
            "Create an online engagement portal, so engagement is better co-ordinated and "
            "residents have new ways to take part",
            "Stronger Communities Partnership",
        ),
    ],
}

DECISIONS_PAGE = {
    "slug": "decisions",
    "title": "Decisions",
    "intro": (
        "Key decisions the partners plan to take, and the decisions they have made, with "
        "the consultations that informed them."
    ),
}

DASHBOARD_PAGE = {
    "slug": "partnership-dashboard",
    "title": "Partnership dashboard",
    "intro": (
        "How the partnership's strategies are doing, measured against the indicators "
        "each strategy chose. Every chart has a table of the same figures."
    ),
}
