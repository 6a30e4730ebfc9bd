"""The demo site's pages, in our own words, with facts from the source documents."""

import datetime

from .blocks import (
    bullets,
    callout,
    commitments,
    contact,
    heading,
    house_rules,
    key_dates,
    legal_duties,
    objectives,
    outcomes,
    principles,
    text,
    vision,
)

HOME = {
    "hero_heading": "Have your say on local services",
    "hero_text": (
        "Councils, the NHS, police, fire and community groups working together in one "
        "place: find what is open for comment, tell us what you think, and see what "
        "changed because of it."
    ),
}

GUNNING_PRINCIPLES = [
    "Consult while the proposals are still at a formative stage, before minds are made up.",
    "Give enough reasons for each proposal that people can consider it properly and respond.",
    "Allow enough time for people to consider the proposals and reply.",
    "Take what people said conscientiously into account before deciding.",
]

PROTECTED_CHARACTERISTICS = [
    "Age",
    "Disability",
    "Gender reassignment",
    "Pregnancy and maternity",
    "Race",
    "Religion or belief",
    "Sex",
    "Sexual orientation",
    "Marriage and civil partnership",
]

TAMESIDE_STRATEGY = {
    "slug": "tameside-and-glossop-engagement-strategy",
    "title": "Tameside and Glossop Engagement Strategy",
    "summary": (
        "One shared approach to engaging and consulting residents, patients and partners "
        "across Tameside and Glossop, agreed with the Partnership Engagement Network."
    ),
    "partners": ["tameside-glossop-strategic-commission", "tameside-glossop-icft", "pen"],
    "areas": ["tameside", "glossop"],
    "tags": ["engagement", "strategy", "health", "social care", "equality", "carers"],
    "adopted_on": datetime.date(2018, 2, 9),
    "vision": (
        "People are at the heart of decisions about their local services. Working "
        "together, we build a shared sense of ownership of the issues our communities "
        "face and of how we tackle them, and we talk to the public and stakeholders "
        "early so that plans are shaped from the very beginning."
    ),
    "outcomes": [
        "People get the chance to give their views and trust that they are heard.",
        "People believe their opinions and ideas will influence how local services are "
        "commissioned, designed and delivered.",
        "Services improve as a result of engagement and consultation.",
        "High quality engagement becomes a routine, continuing part of how our organisations work.",
    ],
    "objectives": [
        "Strengthen partnership working, building lasting and constructive relationships "
        "between communities, partner organisations and decision makers.",
        "Keep meaningful conversations going with the public, partners and stakeholders, "
        "and make continuing dialogue part of how commissioners and providers work.",
        "Cut duplication and waste in engagement and consultation so that the work has "
        "the greatest possible influence.",
        "Make sure every part of our communities is heard and everyone can give their view.",
        "Share information, knowledge, experience and good practice so new ideas build on "
        "what has already been learnt.",
        "Engage and consult at the right time, and show how that activity fed into "
        "commissioning and service development.",
    ],
    "principles": [
        (
            "Be inclusive",
            "Make sure every protected characteristic and community is well "
            "represented, and put particular effort into hearing the voices heard least.",
        ),
        (
            "Be transparent",
            "Be open and honest about the process, its limits, what we "
            "learn and how it affects decisions.",
        ),
        (
            "Be respectful",
            "Treat every view with respect, and treat differing opinions "
            "fairly whoever holds them.",
        ),
        (
            "Be effective",
            "Give good value for money through better co-ordination between "
            "organisations, sensible use of technology and good use of feedback.",
        ),
        (
            "Be genuine",
            "Offer a real chance to influence decisions, and make sure people's "
            "views genuinely count.",
        ),
        (
            "Strengthen relationships",
            "Build stronger relationships with the public, local "
            "organisations, businesses and the voluntary and community sector.",
        ),
        ("Provide feedback", "Tell people how their involvement made a difference."),
        (
            "Evaluate and learn",
            "Build evaluation into every activity and ask participants, "
            "staff and partners how we did, so our practice keeps improving.",
        ),
    ],
    "audience": [
        "People who live in Tameside and Glossop",
        "People who use services in Tameside and Glossop",
        "Voluntary, community and faith groups, social enterprises and charities",
        "Businesses in Tameside and Glossop",
        "Public sector partners such as the council, police, fire, NHS and colleges",
    ],
    "accountability": [
        "Make engagement central to development plans and commissioning strategies where it fits.",
        "Make operational engagement part of every operational manager's job.",
        "Make sure engagement appears in every approved strategy and plan.",
        "Tell the public and stakeholders early about emerging issues and programmes, and "
        "involve them at the pre-planning stage.",
        "Share ownership of, and accountability for, engagement and consultation and the "
        "decisions they inform.",
    ],
    "key_dates": [
        (
            ("2017-10", "month"),
            "First PEN Conference",
            "The network model, including a PEN Forum, is discussed and welcomed.",
        ),
        (
            datetime.date(2017, 11, 27),
            "Task and finish workshop",
            "Patient and public groups and stakeholders scope the strategy.",
        ),
        (
            datetime.date(2018, 2, 9),
            "Follow-up workshop, Dukinfield Town Hall",
            "The draft is checked against November's feedback and agreed.",
        ),
        (datetime.date(2018, 6, 27), "Launch at the PEN Conference", ""),
    ],
}


def tameside_strategy_body():
    data = TAMESIDE_STRATEGY
    return [
        text(
            "Partners across Tameside and Glossop asked for one engagement strategy they "
            "could all share. It sets out how the council, the NHS and their partners "
            "will involve residents, service users, businesses and other stakeholders, "
            "so that people's voices shape any change to the services they use.",
            "Representatives of 18 organisations and groups shaped it at two task and "
            "finish workshops, in November 2017 and February 2018. The Strategic "
            "Commission and the Integrated Care NHS Foundation Trust lead its delivery, "
            "guided by the Partnership Engagement Network (PEN).",
        ),
        vision(data["vision"]),
        outcomes(data["outcomes"], introduction="We will judge the strategy by how far:"),
        objectives(
            data["objectives"],
            introduction="Six objectives will get us there:",
        ),
        heading("Who the strategy is for"),
        bullets(data["audience"]),
        heading("Consultation and engagement"),
        text(
            "Engagement is a continuing conversation with residents and stakeholders. It "
            "informs how services and plans develop before any firm proposal exists.",
            "Consultation is time-limited: it asks for views on particular proposals or "
            "options, to understand their impact before a decision is made. Engagement "
            "then carries on, to understand the effect of the change.",
        ),
        principles(
            data["principles"],
            introduction="How we will approach every piece of engagement and consultation.",
        ),
        heading("How we will engage"),
        text(
            "Strategic engagement is about direction: the approach, the principles and the "
            "themes that come up across many pieces of work. The Partnership Engagement "
            "Network leads it. The network does not take decisions; it builds the "
            "relationships from which work programmes grow.",
            "Operational engagement is about services, new models and emerging ideas, "
            "including consultation on changes to services. It takes two forms:",
        ),
        bullets(
            [
                "Thematic engagement: a service asks for views on a particular issue or project.",
                "Neighbourhood engagement: services hold a continuing conversation with the "
                "people who use them in a local area, to check they meet needs and keep "
                "improving.",
            ]
        ),
        commitments(
            data["accountability"],
            introduction="Every partner organisation should:",
            heading_text="Assurance and accountability",
        ),
        legal_duties(
            [
                (
                    "NHS Act 2006",
                    "Section 242",
                    "NHS bodies, foundation trusts included, must involve patients and the "
                    "public in planning services, in developing and considering proposals for "
                    "change, and in decisions that affect how services run.",
                    [],
                ),
                (
                    "NHS Act 2006",
                    "Section 244",
                    "NHS bodies must consult the local authority's overview and scrutiny "
                    "committee on any substantial development or variation of health services.",
                    [],
                ),
                (
                    "Health and Social Care Act 2012",
                    "Section 14Z2",
                    "Clinical commissioning groups must involve patients and the public in "
                    "planning services, in proposals for change and in how services operate.",
                    [],
                ),
                (
                    "The Gunning principles",
                    "",
                    "Once it is agreed that a consultation should take place, case law sets "
                    "four tests it must meet:",
                    GUNNING_PRINCIPLES,
                ),
                (
                    "Public sector equality duty and Equality Act 2010",
                    "",
                    "Public bodies must have due regard to eliminating discrimination, "
                    "advancing equality of opportunity and fostering good relations between "
                    "people. The protected characteristics are listed below. In Tameside and "
                    "Glossop we also pay attention to mental health, carers, military "
                    "veterans and breastfeeding.",
                    PROTECTED_CHARACTERISTICS,
                ),
            ]
        ),
        key_dates(data["key_dates"]),
        contact("Tameside and Glossop engagement team", "engagement@tameside-glossop.example"),
    ]


PEN_FORUM_PURPOSES = [
    "Draw together common issues that emerge from engagement and consultation",
    "Point out gaps and missed opportunities to engage",
    "Review the forward plan of engagement and consultation",
    "Review what earlier work produced and make sure the feedback loop is closed",
    "Build links with marginalised and seldom heard groups",
    "Support strategic discussion, direction setting and buy-in",
    "Build networks and partnerships from which work programmes and ideas can grow",
    "Share good practice and learning across the area",
    "Grow a group of specialists and practitioners who can advise colleagues",
    "Build relationships across the multi-agency partnership",
    "Shape future PEN Conferences and review what earlier ones produced",
    "Hold detailed discussions on topical issues",
]

PEN_FORUM = {
    "slug": "pen-forum",
    "title": "PEN Forum",
    "summary": (
        "An informal forum of stakeholders and groups representing patients and the "
        "public, meeting three times a year to explore issues in depth and co-design "
        "solutions."
    ),
    "partners": ["pen", "tameside-glossop-strategic-commission", "tameside-glossop-icft"],
    "areas": ["tameside", "glossop"],
    "tags": ["engagement", "PEN", "health"],
}


def pen_forum_body():
    return [
        text(
            "The PEN Forum brings together a small number of people from stakeholder "
            "organisations and from groups that speak for patients and the public. It "
            "looks at place shaping in Tameside and Glossop in more detail than the "
            "Conference can, explores key issues in depth and co-designs new ideas and "
            "solutions.",
            "The idea was welcomed at the first PEN Conference in October 2017 and the "
            "approach was agreed at the strategy workshop in February 2018.",
        ),
        heading("What the Forum does"),
        bullets(
            PEN_FORUM_PURPOSES,
            intro="This is a guide to its work rather than formal terms of reference; it "
            "will change with experience.",
        ),
        heading("How it works"),
        text(
            "The Forum is informal and flexible. It meets three times a year, alternating "
            "with the three PEN Conferences, so that the network gets together in some "
            "form at least every two months. Extra meetings are arranged when needed. The "
            "first meeting was planned for April 2018.",
            "Its influence comes from advising and championing good engagement across "
            "Tameside and Glossop. Once a year it reviews the purpose of the PEN approach "
            "and how well it is working.",
        ),
        heading("Who takes part"),
        text(
            "There is no fixed membership. Instead there is a core invite list, and people "
            "on it come to as many or as few meetings as they wish. The three facilitating "
            "organisations make sure the list represents every geography, sector and "
            "characteristic, and review attendance regularly to keep the balance right."
        ),
        callout(
            "The network works at three levels (Conference, Forum and Panel) and across "
            "three kinds of engagement: strategic, thematic and neighbourhood.",
            heading_text="Conference, Forum and Panel",
        ),
        contact("PEN co-ordinators", "pen@tameside-glossop.example"),
    ]


PEN = {
    "slug": "partnership-engagement-network",
    "title": "Partnership Engagement Network",
    "summary": (
        "How residents, patient groups and partners in Tameside and Glossop feed issues "
        "and ideas into public services: the PEN Conference, Forum and Panel."
    ),
    "partners": ["pen"],
    "areas": ["tameside", "glossop"],
    "tags": ["engagement", "PEN"],
}


def pen_body():
    return [
        text(
            "The Partnership Engagement Network (PEN) gives the public and partners a "
            "clear, structured way to influence public services in Tameside and Glossop "
            "and to raise issues and ideas of their own. It supports strategic discussion "
            "and agreement on direction; it does not make decisions itself.",
        ),
        bullets(
            [
                "The PEN Conference brings the whole network together three times a year.",
                "The PEN Forum goes into detail on particular issues between conferences.",
                "The PEN Panel completes the approach; the partners agreed that its role, "
                "like the others', would become clearer with experience.",
            ]
        ),
    ]


STOCKPORT_STRATEGY = {
    "slug": "a-stronger-voice-a-stronger-place",
    "title": "A Stronger Voice: A Stronger Place",
    "summary": (
        "Stockport's community engagement strategy: a shared framework for every "
        "partnership in the borough, built around a vision written by residents."
    ),
    "partners": ["stockport-partnership", "stronger-communities-partnership", "stockport-council"],
    "areas": ["stockport"],
    "tags": ["engagement", "strategy", "community"],
    "vision": "Stockport people working together to make a difference for our community – "
    "“As good as it can go!”",
    "commitments": [
        "Be led by the people of Stockport to improve quality of life, treating people fairly "
        "and as individuals whatever their race, gender, age, ability, sexual orientation, "
        "religion or belief, or socioeconomic status.",
        "Ask for and listen to people's views, understand what they tell us, and act on them "
        "to make a positive difference.",
        "Give the best possible information in the best possible ways, to encourage community "
        "spirit and help local people get involved and take part.",
    ],
    "objectives": [
        (
            "A Stronger Voice",
            "Communities are engaged and empowered to bring about positive change.",
        ),
        (
            "A Stronger Place",
            "Good quality services reflect and respond to the needs, hopes "
            "and priorities of local communities.",
        ),
        (
            "Excellent Communications",
            "Communities are confident that their views are heard "
            "and that they make a difference. This objective underpins the other two.",
        ),
    ],
    "key_dates": [
        (
            ("2008-09", "month"),
            "Remit of the Stronger Communities Partnership widened",
            "It takes the lead on community empowerment and engagement.",
        ),
        (("2009-12", "month"), "Draft endorsed by the Stronger Communities Partnership", ""),
        (
            datetime.date(2010, 2, 2),
            "Report to the Stockport Partnership Board",
            "The Board is asked to adopt the strategy for the wider partnership.",
        ),
    ],
}


def stockport_strategy_body():
    data = STOCKPORT_STRATEGY
    return [
        text(
            "In September 2008 the Stockport Partnership asked its Stronger Communities "
            "Partnership to lead on community empowerment and to build engagement that "
            "feeds into decisions across the partnership. A sub-group drawn from statutory "
            "bodies, the third sector and the engagement leads of each thematic partnership "
            "then wrote one strategy for the whole family of partnerships.",
            "It does not replace the engagement the thematic partnerships already do. It "
            "gives that work a shared approach and answers criticism that engagement in "
            "the borough was poorly co-ordinated.",
        ),
        vision(data["vision"], attribution="Written by local residents"),
        commitments(data["commitments"], introduction="The Stockport Partnership commits to:"),
        objectives(data["objectives"], heading_text="Strategic objectives"),
        heading("Why it matters"),
        text(
            "The strategy helps Stockport meet the statutory duty to involve, and responds "
            "to an inspection finding that engagement needed better co-ordination.",
        ),
        bullets(
            [
                "The share of people who felt they could influence decisions in their area "
                "fell from 35% in 2007 to 30% in 2008 (national indicator NI 4).",
                "The share who felt well informed about how to get involved in decisions "
                "fell from 43% in 2006 to 31% in 2008.",
            ]
        ),
        text(
            "The delivery plan includes stronger community infrastructure for involvement "
            "and a new online engagement portal for better co-ordinated engagement."
        ),
        key_dates(data["key_dates"]),
        contact("Stronger Communities Partnership", "engagement@stockport.example"),
    ]


STRATEGIES_INDEX = {
    "slug": "strategies",
    "title": "Strategies",
    "intro": "The engagement strategies the partners have agreed, and how they were shaped.",
}

CONSULTATIONS_INDEX = {
    "slug": "consultations",
    "title": "Consultations",
    "intro": (
        "Everything the partners are asking residents about, what is coming up, and what "
        "happened after earlier consultations."
    ),
}

HOUSE_RULES = {
    "slug": "house-rules",
    "title": "House rules for comments",
    "summary": "What we publish, what we do not, and why.",
    "partners": [],
    "areas": [],
    "tags": [],
}

HOUSE_RULES_LIST = [
    (
        "Be respectful",
        "Disagree with ideas, not people. We remove personal attacks, harassment and threats.",
    ),
    (
        "No hate speech",
        "We remove anything that discriminates against people because of a "
        "protected characteristic or any other part of who they are.",
    ),
    (
        "Keep it on topic",
        "Comment on the consultation you are reading. Questions about your "
        "own case go to the organisation concerned.",
    ),
    (
        "Protect privacy",
        "Do not post anyone's personal details, including your own, or "
        "describe a named person's circumstances.",
    ),
    (
        "No advertising or spam",
        "We remove promotions, repeated posts and links to unrelated sites.",
    ),
    (
        "Nothing unlawful",
        "We remove anything defamatory, in contempt of court, or that breaks the law.",
    ),
]


def house_rules_body():
    return [
        text(
            "Comments help everyone see the range of views on a proposal. A moderator reads "
            "every comment before it appears. We publish views we disagree with; we do not "
            "publish comments that break these rules. If we reject yours, we email you to say "
            "which rule it broke.",
        ),
        house_rules(),
        text(
            "Everything you write is still read by the team running the consultation, even "
            "if it is not published, unless it is abusive."
        ),
    ]


PRIVACY = {
    "slug": "privacy",
    "title": "Privacy notice",
    "summary": "How we use the information you give us when you respond or comment.",
    "partners": [],
    "areas": [],
    "tags": [],
}


def privacy_body():
    return [
        text(
            "When you answer a survey or leave a comment, the partner running the "
            "consultation uses your answers to understand views on its proposals and to "
            "report what people said. Reports never identify you.",
            "We only ask for an email address if you want updates, and only use it for "
            "that. Equality monitoring questions are optional, are stored apart from your "
            "answers and are only ever reported as totals.",
            "Unfinished responses saved to complete later are deleted when the consultation "
            "closes.",
            "If you join the citizens' panel, we keep your email address, and the area and "
            "equality answers you chose to give, to invite you to panel surveys and to check "
            "the panel reflects the people who live here. You can leave at any time from "
            "any panel email, and we remind you before we delete your details.",
        ),
        contact("Data protection enquiries", "privacy@partnership.example"),
    ]


ACCESSIBILITY = {
    "slug": "accessibility-statement",
    "title": "Accessibility statement",
    "summary": "How accessible this website is and how to ask for another format.",
    "partners": [],
    "areas": [],
    "tags": [],
}


def accessibility_body():
    return [
        text(
            "We want as many people as possible to be able to use this website. You "
            "should be able to zoom to 400% without text spilling off the screen, move "
            "through every page and form with a keyboard, and use it with a screen reader.",
            "Every page and form works without JavaScript. We test each release "
            "automatically against WCAG 2.2 level AA.",
        ),
        text(
            "If you need a consultation in another format, such as easy read, large print, "
            "audio or another language, contact the partner running it and we will help."
        ),
    ]
