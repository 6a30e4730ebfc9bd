"""The Tameside and Glossop Partnership Engagement Network's bodies and meetings.

Facts come from the seeds: the network works through a Conference, a Forum and a
Panel; the first Conference met in October 2017 and welcomed a Forum; the Forum is
informal, meets three times a year alternating with the Conference, has a core invite
list rather than a membership, reviews the PEN approach once a year and is arranged
jointly by the Strategic Commission and the Integrated Care Foundation Trust; the
engagement strategy was launched at the PEN Conference on Wednesday 27 June 2018.

Meetings are dated from the day the demo is loaded (a year of Forum meetings, two
behind and one ahead), so the site always shows past notes and an upcoming meeting;
those meetings, their notes and actions are illustrative, and labelled so on their
pages. Actions are published (approved), as a moderator would.
Owners of actions are roles at organisations, never people.
"""

import datetime

from django.utils import timezone

from consultation_blocks.models import (
    Action,
    MeetingPage,
    NetworkBodyPage,
    NetworkIndexPage,
    NetworkInvitee,
)
from consultation_blocks.services.network import record_update

INDEX = {
    "slug": "network-meetings",
    "title": "Network meetings",
    "intro": (
        "The Partnership Engagement Network brings residents, patient groups, voluntary "
        "and community groups and public services in Tameside and Glossop together. "
        "Find out what each of its bodies is for, who is invited and when it next meets."
    ),
}

FACILITATORS = ["pen", "tameside-glossop-strategic-commission", "tameside-glossop-icft"]

# (organisation, sector, area slug or None, role invited): the organisations that
# shaped the strategy at the task and finish workshops, by sector and place.
CORE_INVITE_LIST = [
    ("Tameside Metropolitan Borough Council", "council", "tameside", "Engagement lead"),
    ("Derbyshire County Council", "council", "derbyshire", "Engagement officer"),
    (
        "NHS Tameside and Glossop Clinical Commissioning Group",
        "nhs",
        "tameside",
        "Head of engagement",
    ),
    (
        "Tameside and Glossop Integrated Care NHS Foundation Trust",
        "nhs",
        "tameside",
        "Patient experience lead",
    ),
    ("Jobcentre Plus", "other_public", "tameside", "Partnership manager"),
    ("Glossop Patient Neighbourhood Group", "patient_group", "glossop", "Chair"),
    ("Ashton Patient Neighbourhood Group", "patient_group", "ashton-under-lyne", "Chair"),
    ("Hyde Patient Neighbourhood Group", "patient_group", "hyde", "Chair"),
    ("Healthwatch Derbyshire", "patient_group", "derbyshire", "Engagement officer"),
    ("Action Together", "vcs", "tameside", "Chief officer"),
    ("Citizens Advice Bureau (Glossop)", "vcs", "glossop", "Manager"),
    ("The Bureau (Glossop)", "vcs", "glossop", "Manager"),
    ("Mind", "vcs", None, "Local representative"),
    ("Kush Amdid", "vcs", "tameside", "Representative"),
    ("Indian Older Women's Community Group", "vcs", "tameside", "Representative"),
    ("Tameside Armed Service Community", "vcs", "tameside", "Representative"),
    ("Active Tameside", "vcs", "tameside", "Community engagement lead"),
    ("New Charter Housing", "housing", "tameside", "Tenant involvement lead"),
]

FORUM_PURPOSES = [
    "Bring together common issues emerging from engagement and consultation activity",
    "Raise concerns about gaps and missed opportunities for engagement",
    "Review the forward plan of engagement and consultation activity",
    "Review the outputs from previous work and ensure the feedback loop is closed",
    "Forge links with marginalised or seldom heard groups",
    "Facilitate strategic discussion, direction setting and buy-in",
    "Share best practice and learning across the area",
    "Inform future meetings of the PEN Conference, and review the outputs of previous ones",
]


def _list(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


BODIES = [
    {
        "slug": "pen-conference",
        "title": "PEN Conference",
        "summary": (
            "The network's strategic get-together, open to partners and to the groups that "
            "represent the public and patients."
        ),
        "purpose": (
            "<p>The Conference is the strategic level of the network. It provides the public "
            "and partners with a structured way to influence the work of public services "
            "and to feed in issues and ideas. It facilitates strategic discussion, direction "
            "setting and buy-in; it does not make decisions, but it forges networks and "
            "partnerships out of which work programmes can develop.</p>"
        ),
        "audience": (
            "Residents, patient and public groups, the voluntary and community sector and "
            "public services across Tameside and Glossop."
        ),
        "cadence": "three_times",
        "cadence_detail": "Three times a year, alternating with the PEN Forum",
        "review_in_days": 200,
        "meetings": [
            {
                "slug": "launch-of-the-engagement-strategy",
                "title": "PEN Conference: launch of the engagement strategy",
                "date": datetime.date(2018, 6, 27),
                "hours": (10, 13),
                "place": "Tameside",
                "agenda": [
                    (
                        "Launch of the Tameside and Glossop Engagement Strategy",
                        "Engagement lead, Tameside and Glossop Strategic Commission",
                    ),
                ],
                "decisions": [
                    "The Tameside and Glossop Engagement Strategy was officially launched.",
                ],
            },
        ],
    },
    {
        "slug": "pen-forum",
        "title": "PEN Forum",
        "summary": (
            "An informal forum of stakeholders and groups representing patients and the "
            "public, meeting three times a year to explore issues in depth and co-design "
            "solutions."
        ),
        "purpose": (
            "<p>A forum of a small number of representatives from stakeholders and those "
            "groups that represent the public and patients, for more detailed discussion "
            "of place shaping in Tameside and Glossop, to explore key issues in greater "
            "depth and to co-design new ideas and solutions.</p>" + _list(FORUM_PURPOSES)
        ),
        "audience": (
            "A core invite list covering all sectors and characteristics. People on it come "
            "to as many or as few meetings as they wish."
        ),
        "cadence": "three_times",
        "cadence_detail": "Three times a year, with ad hoc meetings as required",
        "terms_of_reference": (
            "<p>The Forum has no formal terms of reference: its purpose is an indicative "
            "guide that will evolve through experience and practice. It is an informal "
            "set-up with a flexible approach to what, when, how and who. The approach was "
            "agreed at the PEN strategy workshop in February 2018.</p>"
        ),
        "review_in_days": 45,
        "invitees": True,
        "forum_year": True,
    },
    {
        "slug": "pen-panel",
        "title": "PEN Panel",
        "summary": (
            "The neighbourhood level of the network's Conference, Forum and Panel approach."
        ),
        "purpose": (
            "<p>The network works at three levels (Conference, Forum and Panel) and across "
            "three kinds of engagement: strategic, thematic and neighbourhood. What the "
            "Panel means in practice will evolve as the partnership and network learn and "
            "gain experience.</p>"
        ),
        "audience": "To be agreed by the network.",
        "cadence": "ad_hoc",
        "cadence_detail": "As needed",
        "review_in_days": 300,
    },
]

# The Forum's year: (days from today, hours, place, agenda, notes, decisions).
FORUM_MEETINGS = [
    {
        "offset": -230,
        "hours": (14, 16),
        "place": "Ashton-under-Lyne",
        "agenda": [
            (
                "Welcome and the year ahead",
                "Engagement lead, Tameside and Glossop Strategic Commission",
            ),
            (
                "Review of the forward plan of engagement and consultation",
                "Engagement lead, Tameside Metropolitan Borough Council",
            ),
            ("Gaps and missed opportunities for engagement", "Chief officer, Action Together"),
        ],
        "notes": (
            "<p>Partners went through the forward plan and found two consultations planned "
            "for the same weeks and audiences. Members raised that seldom heard groups "
            "were not yet reached in Glossop.</p>"
        ),
        "decisions": ["Partners will share draft consultation dates through the forward plan."],
    },
    {
        "offset": -110,
        "hours": (10, 12),
        "place": "Glossop",
        "agenda": [
            ("Actions carried forward", "Chair"),
            (
                "Closing the feedback loop: what happened after recent consultations",
                "Patient experience lead, Tameside and Glossop Integrated Care NHS Foundation Trust",
            ),
            (
                "Links with marginalised and seldom heard groups",
                "Manager, Citizens Advice Bureau (Glossop)",
            ),
        ],
        "notes": (
            "<p>Members heard how feedback was given after two recent consultations and "
            "agreed that a short 'you said, we did' summary should follow every one.</p>"
        ),
        "decisions": ["A 'you said, we did' summary follows every consultation."],
    },
    {
        "offset": 40,
        "hours": (14, 16),
        "place": "Hyde",
        "agenda": [
            ("Actions carried forward", "Chair"),
            (
                "Annual review of the purpose and aims of the PEN approach",
                "Engagement lead, Tameside and Glossop Strategic Commission",
            ),
            (
                "Review of the core invite list and attendance",
                "Engagement lead, Tameside Metropolitan Borough Council",
            ),
        ],
    },
]

ACCESS = (
    "Step-free access, a hearing loop and accessible toilets. Tell us about any other "
    "needs, such as an interpreter, when you reply to the invitation."
)

# (meeting index raised at, description, owner role, due in days from the meeting,
#  [(meeting index, state, note)]): what happened to each action since.
FORUM_ACTIONS = [
    (
        0,
        "Share draft consultation dates in the forward plan before they are fixed",
        "Engagement lead, Tameside Metropolitan Borough Council",
        60,
        [(1, "done", "All three facilitating organisations now add drafts to the plan.")],
    ),
    (
        0,
        "Map seldom heard groups in Glossop not yet reached by the network",
        "Manager, Citizens Advice Bureau (Glossop)",
        90,
        [(1, "open", "Six groups mapped; more to follow with The Bureau (Glossop).")],
    ),
    (
        0,
        "Arrange an extra evening meeting for working members",
        "Engagement lead, Tameside and Glossop Strategic Commission",
        45,
        [(1, "dropped", "Members preferred rotating the daytime meetings between towns.")],
    ),
    (
        1,
        "Publish a 'you said, we did' summary after each consultation",
        "Patient experience lead, Tameside and Glossop Integrated Care NHS Foundation Trust",
        60,
        [],
    ),
    (
        1,
        "Propose changes to the core invite list so that every sector is represented",
        "Engagement lead, Tameside and Glossop Strategic Commission",
        150,
        [],
    ),
]


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _agenda(items):
    return [
        ("item", {"title": title, "detail": "", "lead_role": lead, "minutes": None})
        for title, lead in items
    ]


def _meeting(body, spec, report):
    existing = body.get_children().filter(slug=spec["slug"]).specific().first()
    if existing is not None:
        return existing, False
    start, end = spec["hours"]
    meeting = MeetingPage(
        title=spec["title"],
        slug=spec["slug"],
        starts_at=_at(spec["date"], start),
        ends_at=_at(spec["date"], end),
        place=spec["place"],
        access_information=ACCESS,
        agenda=_agenda(spec.get("agenda", [])),
        notes=spec.get("notes", ""),
        decisions=[("decision", text) for text in spec.get("decisions", [])],
    )
    body.add_child(instance=meeting)
    meeting.save_revision().publish()
    report.add(f"meeting {spec['title']}")
    return meeting, True


# The seeds give the Forum's approach (three times a year, a core invite list, an
# annual review), not its meetings: the year of meetings, their notes and the action
# log are examples, and say so on their pages.
ILLUSTRATIVE = (
    "<p><em>An illustrative example in this demonstration: the Forum's approach comes "
    "from its published papers, but the dates, notes and actions of this meeting are "
    "made up.</em></p>"
)


def _forum_year(today):
    specs = []
    for spec in FORUM_MEETINGS:
        day = today + datetime.timedelta(days=spec["offset"])
        specs.append(
            {
                **spec,
                "date": day,
                "slug": f"forum-{day:%Y-%m}",
                "title": f"PEN Forum, {day:%B %Y}",
                "notes": ILLUSTRATIVE + spec.get("notes", ""),
            }
        )
    return specs


def _forum_actions(body, meetings, report):
    """The Forum's action log, each action published (approved) with its history.
    Actions of an older demo, recorded before actions were moderated, get their
    approved version once."""
    existing = Action.objects.filter(body=body)
    if existing.exists():
        for action in existing.filter(live_revision__isnull=True):
            action.save_revision().publish()
            report.add(f"published version of action {action.pk}")
        return
    for raised, description, owner, due_days, history in FORUM_ACTIONS:
        meeting = meetings[raised]
        action = Action.objects.create(
            body=body,
            raised_at=meeting,
            description=description,
            owner_role=owner,
            due_on=meeting.meeting_date + datetime.timedelta(days=due_days),
        )
        record_update(action, state="open", note="Raised.", meeting=meeting, when=meeting.ends_at)
        for index, state, note in history:
            later = meetings[index]
            record_update(action, state=state, note=note, meeting=later, when=later.ends_at)
    report.add(f"actions of {body.title}")


def seed_network(home, partners, areas, report, *, ensure_page):
    """Create the network's index, its three bodies, their meetings and the Forum's
    actions, each only if missing."""
    index = ensure_page(home, NetworkIndexPage, INDEX, report, intro=INDEX["intro"])
    today = timezone.localdate()
    for spec in BODIES:
        body = index.get_children().filter(slug=spec["slug"]).specific().first()
        if body is None:
            body = NetworkBodyPage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                purpose=spec["purpose"],
                audience=spec["audience"],
                cadence=spec["cadence"],
                cadence_detail=spec["cadence_detail"],
                terms_of_reference=spec.get("terms_of_reference", ""),
                review_due_on=today + datetime.timedelta(days=spec["review_in_days"]),
                contact_email="engagement@tameside-glossop.example",
            )
            index.add_child(instance=body)
            body.partners.set([partners[slug] for slug in FACILITATORS])
            body.areas.set([areas["tameside"], areas["glossop"]])
            body.tags.set(["PEN", "engagement"])
            if spec.get("invitees"):
                body.invitees = [
                    NetworkInvitee(
                        organisation=organisation,
                        sector=sector,
                        area=areas.get(area) if area else None,
                        role=role,
                    )
                    for organisation, sector, area, role in CORE_INVITE_LIST
                ]
                body.save()
            body.save_revision().publish()
            report.add(f"network body {spec['title']}")
        for meeting_spec in spec.get("meetings", []):
            _meeting(body, meeting_spec, report)
        if spec.get("forum_year"):
            existing = list(MeetingPage.objects.child_of(body).order_by("starts_at"))
            if not existing:
                existing = [_meeting(body, m, report)[0] for m in _forum_year(today)]
            _forum_actions(body, existing, report)
    return index
