"""A network body's coverage report: who was invited, who registered and who attended
its meetings, by sector, by area and by the groups the network wants to reach, so a
coordinator can see who is missing (the seeds: the core invite list must be
"representative of all geographies, sectors and characteristics", and attendance is
reviewed regularly).

Organisations are counted by name, as invited or as they registered; they are not
people, so their counts are shown whole. Counts of people (registrations) go through
the equality tables' small-number rule (``suppress_small_counts``). The whole report
takes a fixed number of queries, whatever the number of meetings, invitees or
registrations.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from ..models import AudienceGroup, MeetingPage, Sector
from ..models.registrations import InviteeAttendance, Registration, RegistrationStatus
from .results import suppress_small_counts

WHOLE_AREA = "Across the whole area"
NOT_INVITED = "Not on the invite list"
WITHHELD = "withheld"


@dataclass
class OrganisationRow:
    organisation: str
    role: str
    sector: str
    area: str
    registered: int = 0  # meetings someone from it registered for
    attended: int = 0  # meetings it attended
    last_attended: object = None

    @property
    def missing(self):
        return self.attended == 0


@dataclass
class CoverageRow:
    label: str
    invited: int = 0
    registered: int = 0
    attended: int = 0
    missing: list = field(default_factory=list)
    people_registered: str = "0"
    people_attended: str = "0"


@dataclass
class CoverageReport:
    body: object
    meetings: list
    organisations: list
    by_sector: list
    by_area: list
    by_group: list
    uninvited_attended: list
    people_registered: int
    people_attended: int

    @property
    def missing_organisations(self):
        return [row for row in self.organisations if row.missing]

    @property
    def missing_groups(self):
        return [row.label for row in self.by_group if not row.attended]


def _key(name):
    return " ".join((name or "").split()).casefold()


def _with_people(rows, registered, attended):
    """Fill each row's people counts, suppressing small numbers column by column."""
    for counts, attribute in ((registered, "people_registered"), (attended, "people_attended")):
        cells, _ = suppress_small_counts(counts, sum(counts))
        for index, row in enumerate(rows):
            setattr(row, attribute, cells[index][0] if cells is not None else WITHHELD)
    return rows


def coverage_report(body, meeting_ids=None):
    """The report for ``body`` over all its meetings, or those in ``meeting_ids``."""
    meetings = list(MeetingPage.objects.child_of(body).order_by("starts_at", "pk"))
    if meeting_ids is not None:
        meetings = [meeting for meeting in meetings if meeting.pk in set(meeting_ids)]
    ids = [meeting.pk for meeting in meetings]
    dates = {meeting.pk: meeting.starts_at for meeting in meetings}
    invitees = list(body.invitees.select_related("area").order_by("sort_order", "pk"))
    registrations = list(
        Registration.objects.filter(page_id__in=ids)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("page_id", "invitee_id", "organisation", "groups_represented", "attended")
    )
    invitee_attended = set(
        InviteeAttendance.objects.filter(page_id__in=ids).values_list("page_id", "invitee_id")
    )

    # Meetings each invited organisation registered for and attended.
    known = {invitee.pk for invitee in invitees}
    registered_at = defaultdict(set)
    attended_at = defaultdict(set)
    for page_id, invitee_id in invitee_attended:
        attended_at[invitee_id].add(page_id)
    people_registered = defaultdict(int)  # invitee id (None: not invited) -> people
    people_attended = defaultdict(int)
    uninvited_attended = set()
    group_orgs = defaultdict(lambda: (set(), set()))  # group -> (registered, attended)
    group_people = defaultdict(lambda: [0, 0])
    for row in registrations:
        invitee_id = row["invitee_id"] if row["invitee_id"] in known else None
        came = row["attended"] is True
        people_registered[invitee_id] += 1
        if came:
            people_attended[invitee_id] += 1
        if invitee_id is not None:
            registered_at[invitee_id].add(row["page_id"])
            if came:
                attended_at[invitee_id].add(row["page_id"])
        elif came and row["organisation"]:
            uninvited_attended.add(row["organisation"].strip())
        org = f"invitee:{invitee_id}" if invitee_id else _key(row["organisation"])
        for group in row["groups_represented"] or ():
            registered, attended = group_orgs[group]
            group_people[group][0] += 1
            if org:
                registered.add(org)
            if came:
                group_people[group][1] += 1
                if org:
                    attended.add(org)

    organisations = []
    for invitee in invitees:
        attended = attended_at[invitee.pk]
        organisations.append(
            OrganisationRow(
                organisation=invitee.organisation,
                role=invitee.role,
                sector=invitee.get_sector_display(),
                area=invitee.area.name if invitee.area_id else WHOLE_AREA,
                registered=len(registered_at[invitee.pk]),
                attended=len(attended),
                last_attended=max((dates[pk] for pk in attended), default=None),
            )
        )

    def grouped(label_of, labels):
        rows = {label: CoverageRow(label=label) for label in labels}
        members = defaultdict(list)
        for invitee, org_row in zip(invitees, organisations, strict=True):
            label = label_of(invitee)
            row = rows.setdefault(label, CoverageRow(label=label))
            members[label].append(invitee.pk)
            row.invited += 1
            row.registered += bool(org_row.registered)
            row.attended += bool(org_row.attended)
            if org_row.missing:
                row.missing.append(invitee.organisation)
        ordered = list(rows.values())
        registered = [sum(people_registered[pk] for pk in members[row.label]) for row in ordered]
        attended = [sum(people_attended[pk] for pk in members[row.label]) for row in ordered]
        # People from organisations not on the invite list, so the columns add up.
        ordered.append(CoverageRow(label=NOT_INVITED, attended=len(uninvited_attended)))
        registered.append(people_registered[None])
        attended.append(people_attended[None])
        return _with_people(ordered, registered, attended)

    by_sector = grouped(lambda invitee: invitee.get_sector_display(), Sector.labels)
    by_area = grouped(
        lambda invitee: invitee.area.name if invitee.area_id else WHOLE_AREA,
        sorted({invitee.area.name for invitee in invitees if invitee.area_id}),
    )
    groups = [
        (value, label) for value, label in AudienceGroup.choices if value != AudienceGroup.GENERAL
    ]
    by_group = [
        CoverageRow(
            label=label,
            registered=len(group_orgs[value][0]),
            attended=len(group_orgs[value][1]),
        )
        for value, label in groups
    ]
    _with_people(
        by_group,
        [group_people[value][0] for value, _ in groups],
        [group_people[value][1] for value, _ in groups],
    )
    return CoverageReport(
        body=body,
        meetings=meetings,
        organisations=organisations,
        by_sector=by_sector,
        by_area=by_area,
        by_group=by_group,
        uninvited_attended=sorted(uninvited_attended, key=str.casefold),
        people_registered=sum(people_registered.values()),
        people_attended=sum(people_attended.values()),
    )
