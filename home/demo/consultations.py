"""Demo consultations, one in every state. Dates of the live examples are set relative
to the day the demo is loaded, so a fresh demo always has something open, something
coming up and something awaiting its outcome."""

import datetime

from django.utils import timezone

from consultation_blocks.equality import EQUALITY_QUESTIONS
from consultation_blocks.models import EngagementKind

from .blocks import (
    bullets,
    callout,
    comments,
    contact,
    faq,
    heading,
    key_dates,
    numbered,
    page_break,
    question,
    quick_poll,
    quote,
    survey,
    text,
    you_said_we_did,
)

ALL_EQUALITY_CODES = [question_.code for question_ in EQUALITY_QUESTIONS]


def _at(days, hour=9):
    """A moment `days` from today (negative for the past), at a given local hour."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _local(year, month, day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


TOWER_HAMLETS_OBJECTIVES = [
    "The council offers meaningful chances for the community to influence decisions that "
    "affect their lives.",
    "Engagement activities are well publicised, inclusive and accessible to every Tower "
    "Hamlets resident.",
    "The council explains clearly how residents' involvement has shaped its decisions.",
    "Staff have the knowledge, skills and resources to deliver high quality engagement.",
    "Planning and co-ordinating engagement jointly across the council and with partners "
    "leads to better outcomes.",
]

TOWER_HAMLETS_ACTIONS = [
    (
        "Framework for community engagement",
        "Agree with local people what each side can expect of engagement.",
    ),
    (
        "Annual satisfaction survey",
        "Ask residents each year what they think of the council and whether they feel they "
        "have a say.",
    ),
    (
        "Citizens' panels",
        "Recruit a representative sample of residents to consult on local issues through "
        "surveys and focus groups.",
    ),
    (
        "Database of contacts",
        "Keep contacts for key stakeholders, networks and forums to reach when engaging.",
    ),
    (
        "Equality impact assessment",
        "Use a standard equality impact assessment when planning engagement.",
    ),
    (
        "Recognition and reward",
        "Agree how the council pays expenses and recognises residents' participation.",
    ),
    (
        "Community engagement handbook",
        "Refresh the staff guide to effective engagement, with templates.",
    ),
    (
        "Training and development",
        "Offer staff e-learning, face-to-face training, learning sets, mentoring and coaching "
        "from the voluntary and community sector.",
    ),
    ("Member development", "Help councillors engage with communities effectively."),
    (
        "Feeding back to people involved",
        "Update guidance on recording participants' details and telling them how their input "
        "was used.",
    ),
    (
        "You said, we did",
        "Use the feedback function on Let's Talk Tower Hamlets, residents' newsletters and "
        "social media to show the impact of involvement.",
    ),
    (
        "Service planning",
        "Each service identifies in its plan where communities can be involved in decisions.",
    ),
    (
        "Community engagement calendar",
        "Keep one central record of all engagement activity and its timing.",
    ),
    (
        "Community engagement champions",
        "Bring staff who engage communities together regularly to share progress and good "
        "practice.",
    ),
]


def tower_hamlets():
    """Consulted on in summer 2017; Cabinet approved the recommendations on 30 January 2018."""
    return {
        "slug": "tower-hamlets-community-engagement-strategy",
        "title": "Tower Hamlets Community Engagement Strategy",
        "summary": (
            "How Tower Hamlets Council will work with residents and partners on the policies "
            "and services that affect them."
        ),
        "partners": ["urban-inclusion", "community-involvement-network"],
        "lead_partner": "tower-hamlets-council",
        "areas": ["tower-hamlets"],
        # The decision notice says an equality analysis was carried out; it does not
        # give the findings, so the demo records the screening and nothing more.
        "equality_impact": [
            {
                "eia_screening": "full_done",
                "eia_impact": "unknown",
                "eia_impact_notes": "An equality analysis was carried out for the strategy.",
            }
        ],
        "tags": ["engagement", "strategy", "consultation", "scrutiny", "equality"],
        "fields": {
            "kind": EngagementKind.CONSULTATION,
            "level": "strategic",
            "audience": (
                "Everyone who lives or works in Tower Hamlets, community groups, service user "
                "forums and the council's partners."
            ),
            "opens_at": _local(2017, 6, 1),
            "closes_at": _local(2017, 7, 31, 23, 59),
            "formative_stage_confirmed": True,
            "proposal": (
                "A draft vision, five objectives and an action plan for how the council "
                "engages its communities. A short, easy-to-read summary was the main document; "
                "the full strategy and action plan were available to anyone who wanted them."
            ),
            "what_can_change": "The vision, the objectives and the actions in the plan.",
            "what_cannot_change": (
                "The council's legal duties to consult and to consider equality."
            ),
            "how_responses_used": (
                "Responses were combined with research on good practice to finalise the "
                "strategy before it went to Cabinet."
            ),
            "decision_expected": datetime.date(2018, 1, 30),
            "equality_impact_assessment": "recorded",
            "equality_impact_note": "An equality analysis was carried out for the strategy.",
            # A council consulting by choice, with the equality duty behind its analysis.
            "legal_basis": ["psed"],
            "outcome_summary": (
                "Cabinet approved the recommendations on 30 January 2018, and the council "
                "adopted the strategy with the actions below."
            ),
            "outcome_published_at": _local(2018, 2, 1),
        },
        "body": [
            text(
                "Tower Hamlets Council set out to agree a strategy for engaging its "
                "communities, written with the people it affects. A cross-directorate working "
                "group led the work, joined by a social housing provider and a community "
                "organisation that brought residents' voices in.",
            ),
            heading("Draft vision and objectives"),
            quote(
                "The council works closely with the community, in partnership, to develop "
                "policies, strategies and services that meet residents' needs and hopes and "
                "respond to their concerns.",
                attribution="Draft vision",
            ),
            numbered(TOWER_HAMLETS_OBJECTIVES),
            heading("How people were involved"),
            bullets(
                [
                    "An online survey open to everyone.",
                    "Focus groups and interviews run by Urban Inclusion, a small community-led "
                    "local organisation, with representative bodies, community groups, service "
                    "user forums, steering groups and residents' forums.",
                    "A literature review of good practice.",
                    "A cross-party members' seminar and discussions at the Transparency and "
                    "Overview and Scrutiny committees.",
                    "Presentations to directorate management teams, the Community Plan "
                    "Delivery Groups and the Community Involvement Network.",
                ]
            ),
            heading("Proposed actions"),
            faq(TOWER_HAMLETS_ACTIONS),
            key_dates(
                [
                    (datetime.date(2017, 5, 5), "Notice of the proposed key decision published"),
                    (("2017-06", "month"), "Public consultation opens"),
                    (("2017-07", "month"), "Public consultation closes"),
                    (datetime.date(2018, 1, 30), "Cabinet decision", "Recommendations approved."),
                ]
            ),
            contact("Tower Hamlets engagement team", "engagement@towerhamlets.example"),
        ],
        "outcome_body": [
            you_said_we_did(
                [
                    (
                        "Tell us how our views changed anything.",
                        "Services now write back to people who took part, and Let's Talk "
                        "Tower Hamlets, the residents' newsletter and social media carry "
                        "'You said, we did' updates.",
                    ),
                    (
                        "Make engagement open to everyone in the borough.",
                        "Every engagement plan now starts with a standard equality impact "
                        "assessment, and a recognition and reward policy covers residents' "
                        "expenses.",
                    ),
                    (
                        "Join up engagement across the council and its partners.",
                        "A central community engagement calendar and a network of engagement "
                        "champions share plans and good practice.",
                    ),
                    (
                        "Make sure staff and councillors know how to engage well.",
                        "The engagement handbook was refreshed, with training for staff and "
                        "development for councillors.",
                    ),
                ],
                heading_text="What you told us and what the strategy now does",
            ),
            key_dates(
                [
                    (datetime.date(2018, 1, 30), "Cabinet approves the recommendations"),
                    (datetime.date(2018, 2, 1), "Decision published"),
                ],
                heading_text="Decision",
            ),
        ],
    }


def partnership_engagement():
    """Open now: the partnership asks residents how it should engage, using the three
    questions of the Tower Hamlets scrutiny workshop, plus one of every question kind.
    The survey runs in steps; the step about past consultations is shown only to those
    who took part in one. Whether someone is a carer is asked once, in the equality
    monitoring questions."""
    questions = [
        page_break("Our vision and objectives"),
        question(
            "long_text",
            "What do you think of our vision and objectives for engagement?",
            hint="The vision and the six objectives are set out above.",
            max_length=2000,
        ),
        question(
            "long_text",
            "Are any objectives missing? Tell us what, and why they should be included.",
            required=False,
            max_length=2000,
        ),
        question(
            "long_text",
            "What ideas do you have for how partners could engage with you better?",
            required=False,
            max_length=2000,
        ),
        page_break("How partners engage with you"),
        question(
            "agreement",
            "Partners start conversations with residents early enough to shape their plans.",
        ),
        question(
            "rating",
            "How well do partners tell you what changed after you took part?",
            low_label="Very poorly",
            high_label="Very well",
        ),
        question(
            "multiple_choice",
            "How would you like to take part?",
            hint="Choose all that apply.",
            options=[
                "Online surveys",
                "Public meetings and events",
                "A citizens' panel",
                "Focus groups",
                "The PEN Conference or Forum",
                "Social media",
            ],
            allow_other=True,
        ),
        question(
            "single_choice",
            "How did you hear about this consultation?",
            options=[
                "This website",
                "A newsletter",
                "Social media",
                "A community group",
                "Word of mouth",
            ],
            required=False,
        ),
        question(
            "ranking",
            "Rank these ways of hearing what changed because of your views",
            hint="1 is the way you would most like to hear.",
            options=[
                "An email to me",
                "A 'You said, we did' page",
                "The residents' newsletter",
                "Social media",
                "A public meeting",
            ],
            required=False,
        ),
        page_break("Taking part"),
        question(
            "yes_no",
            "Have you taken part in a consultation or engagement event in the last year?",
            key="taken-part",
        ),
        page_break("When you took part", condition=("taken-part", "Yes")),
        question(
            "short_text",
            "Which consultation or event was it?",
            hint="If you took part in more than one, the most recent.",
            required=False,
            max_length=200,
        ),
        question(
            "number",
            "How many consultations or engagement events have you taken part in during the "
            "last year?",
            min_value=0,
            max_value=100,
            required=False,
        ),
        question(
            "date",
            "When did you last take part in a consultation or engagement event?",
            hint="For example, 27 6 2018",
            required=False,
        ),
        page_break("Your area and the citizens' panel"),
        question(
            "postcode",
            "What is your postcode?",
            hint="We use it to see which areas we are hearing from. We never publish it.",
            required=False,
        ),
        question(
            "email",
            "If you would like to join our citizens' panel, what is your email address?",
            hint="We will only use it to invite you to the panel.",
            required=False,
        ),
        question(
            "consent",
            "Using your answers",
            statement="I understand how my answers will be used, as the privacy notice explains.",
        ),
    ]
    return {
        "slug": "how-should-we-engage-with-you",
        "title": "How should the partnership engage with you?",
        "summary": (
            "Tell us what you think of our shared vision and objectives for engaging "
            "residents, what is missing, and how we could do better."
        ),
        "partners": ["tameside-glossop-icft", "pen"],
        "lead_partner": "tameside-glossop-strategic-commission",
        "areas": ["tameside", "glossop"],
        "tags": ["engagement", "consultation", "carers", "equality", "PEN"],
        "fields": {
            "kind": EngagementKind.CONSULTATION,
            "level": "strategic",
            "audience": (
                "Everyone who lives in, works in or uses services in Tameside and Glossop, "
                "especially people whose voices are heard least."
            ),
            "opens_at": _at(-10),
            "closes_at": _at(32, hour=23),
            "formative_stage_confirmed": True,
            "proposal": (
                "We propose to keep one shared engagement strategy across the council, the NHS "
                "and their partners, built on the vision, six objectives and eight principles "
                "agreed with the Partnership Engagement Network. We want to check they still "
                "describe what residents expect before we refresh the strategy."
            ),
            "what_can_change": (
                "The wording of the vision, which objectives we keep or add, and how we put "
                "the principles into practice."
            ),
            "what_cannot_change": (
                "Our legal duties to involve patients and the public, to consult overview and "
                "scrutiny, and to have due regard to equality."
            ),
            "how_responses_used": (
                "Every response is read. A summary goes to the PEN Forum and the Strategic "
                "Commission, and we will publish what you said and what we did on this page."
            ),
            "decision_expected": (timezone.localdate() + datetime.timedelta(days=100)),
            "equality_impact_assessment": "recorded",
            "equality_impact_note": "The equality impact assessment is available on request.",
        },
        "body": [
            text(
                "The partners agreed a shared engagement strategy with residents and community "
                "groups. Before we refresh it, we want to hear whether it still says the right "
                "things, and what we should do differently.",
            ),
            callout(
                "You can also respond on paper, at a PEN Conference, or by phone. Ask the "
                "engagement team for a copy in large print, easy read or another language.",
                heading_text="Other ways to respond",
            ),
            survey(
                questions,
                heading_text="Have your say",
                introduction="It takes about ten minutes. Only the consent question is required "
                "apart from the first few.",
                privacy_notice=(
                    "The engagement team of the Strategic Commission reads your answers. We "
                    "report them only as totals and anonymous quotes, and delete responses two "
                    "years after the consultation closes."
                ),
                equality_codes=ALL_EQUALITY_CODES,
            ),
            faq(
                [
                    (
                        "Why are you asking about equality?",
                        "The public sector equality duty asks us to check we hear from "
                        "everyone. The questions are optional and kept apart from your answers.",
                    ),
                    (
                        "What happens after the consultation closes?",
                        "We publish a summary of what people told us and what we decided to do.",
                    ),
                ],
                heading_text="Questions and answers",
            ),
            comments(),
            contact("Tameside and Glossop engagement team", "engagement@tameside-glossop.example"),
        ],
    }


def pen_annual_review():
    """Upcoming: the PEN Forum reviews the network's purpose once a year."""
    return {
        "slug": "annual-review-of-the-pen-approach",
        "title": "Annual review of the Partnership Engagement Network",
        "summary": (
            "Is the Conference, Forum and Panel approach working? Help us review the network's "
            "purpose and how well it achieves it."
        ),
        "partners": ["tameside-glossop-strategic-commission", "tameside-glossop-icft"],
        "lead_partner": "pen",
        "areas": ["tameside", "glossop"],
        "tags": ["PEN", "engagement"],
        "fields": {
            "kind": EngagementKind.CONSULTATION,
            "level": "strategic",
            "audience": "Members of the PEN core invite list, and anyone who has taken part.",
            "opens_at": _at(14),
            "closes_at": _at(56, hour=17),
            "formative_stage_confirmed": True,
            "proposal": (
                "The PEN Forum reviews the purpose and aims of the network each year. We "
                "propose to keep three Conferences and three Forum meetings a year and to "
                "clarify the role of the PEN Panel."
            ),
            "what_can_change": "How often the network meets, what it covers and who is invited.",
            "what_cannot_change": "The network advises; it does not make decisions.",
            "how_responses_used": "The Forum will discuss every response at its next meeting.",
            "decision_expected": timezone.localdate() + datetime.timedelta(days=90),
            "equality_impact_assessment": "not_needed",
            "equality_impact_note": "A review of meeting arrangements; no change to services.",
        },
        "body": [
            text(
                "The PEN brings the public and partners together at three levels: the "
                "Conference, the Forum and the Panel. Once a year the Forum looks at whether "
                "the approach still works."
            ),
        ],
    }


def stockport_portal():
    """Closed and under review: Stockport's delivery plan included an online portal."""
    return {
        "slug": "stockport-online-engagement-portal",
        "title": "What should Stockport's online engagement portal do?",
        "summary": (
            "The strategy's delivery plan includes an online portal for better co-ordinated "
            "engagement. We asked what it should offer."
        ),
        "partners": ["stockport-council"],
        "lead_partner": "stronger-communities-partnership",
        "areas": ["stockport"],
        "tags": ["engagement", "digital", "community"],
        "fields": {
            "kind": EngagementKind.CONSULTATION,
            "level": "thematic",
            "audience": "Stockport residents, community groups and the thematic partnerships.",
            "opens_at": _at(-40),
            "closes_at": _at(-5, hour=17),
            "formative_stage_confirmed": True,
            "proposal": (
                "Build one online place where every Stockport partnership lists its "
                "engagement, so residents can find it and see what changed."
            ),
            "what_can_change": "What the portal offers and how it works.",
            "what_cannot_change": "The strategy's commitment to excellent communications.",
            "how_responses_used": (
                "The Stronger Communities Partnership will use the responses to write the "
                "portal's requirements."
            ),
            "decision_expected": timezone.localdate() + datetime.timedelta(days=60),
            "equality_impact_assessment": "pending",
        },
        "body": [
            text(
                "In 2008 only 31% of people in Stockport felt well informed about how to get "
                "involved in decisions. A single online portal is one way to change that."
            ),
            survey(
                [
                    question(
                        "single_choice",
                        "What should the portal do first?",
                        key="portal_first",
                        options=[
                            "List every consultation and event in one place",
                            "Show what changed because of what people said",
                            "Send me alerts about things near me",
                        ],
                    ),
                    question(
                        "long_text",
                        "What would make you use the portal?",
                        key="portal_use",
                        required=False,
                    ),
                    question(
                        "postcode",
                        "What is your postcode?",
                        hint="We use it to see which areas we are hearing from. We never "
                        "publish it.",
                        required=False,
                    ),
                ],
                heading_text="Tell us what the portal should do",
                introduction="Three questions; only the first is required.",
                privacy_notice=(
                    "The Stronger Communities Partnership reads your answers. We report them "
                    "only as totals and anonymous quotes."
                ),
                equality_codes=["age", "disability", "ethnicity"],
            ),
        ],
    }


def glossop_neighbourhood():
    """Ongoing neighbourhood engagement: a continuing conversation, no closing date."""
    return {
        "slug": "glossop-neighbourhood-conversation",
        "title": "Glossop neighbourhood conversation",
        "summary": (
            "An ongoing conversation with people who use health and care services in Glossop: "
            "tell us what is working and what is not, at any time."
        ),
        "partners": ["glossop-png", "healthwatch-derbyshire"],
        "lead_partner": "tameside-glossop-icft",
        "areas": ["glossop"],
        "tags": ["health", "neighbourhood", "engagement"],
        "fields": {
            "kind": EngagementKind.ENGAGEMENT,
            "level": "neighbourhood",
            "audience": "People who live in Glossop or use its health and care services.",
            "opens_at": _at(-60),
            "closes_at": None,
            "how_responses_used": (
                "The Glossop Patient Neighbourhood Group reviews what people say every "
                "quarter with the trust."
            ),
        },
        "body": [
            text(
                "Neighbourhood engagement is a continuing conversation between services and the "
                "people who use them in a local area. There is no closing date: join in "
                "whenever you like."
            ),
            quick_poll(
                "Which would most improve services in Glossop?",
                [
                    "Easier appointments",
                    "Better transport to the hospital",
                    "More services closer to home",
                ],
            ),
            comments(heading_text="Tell us what you think"),
        ],
    }


CONSULTATIONS = [
    partnership_engagement,
    pen_annual_review,
    stockport_portal,
    tower_hamlets,
    glossop_neighbourhood,
]
