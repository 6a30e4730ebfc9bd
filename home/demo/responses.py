"""Demo survey responses, a survey series and themes, so the results pages, the "who we
heard from" report, the series' trends and the themes screen have something to show.

Every answer is written for the demo: no names, no email addresses, postcodes made up
within the place's districts (unit "9ZZ"), equality answers spread by hand. The set is
small and fixed, so seeding takes a moment and gives the same figures every time.
Each response has a submission key derived from its place in these lists, so seeding
again stores nothing twice.
"""

import datetime
import uuid

from django.utils import timezone

from consultation_blocks.forms.surveys import EQUALITY_PREFIX, SurveyForm, question_field_name
from consultation_blocks.models import (
    AnswerTheme,
    ConsultationPage,
    EngagementKind,
    ResponseChannel,
    SurveySeries,
    SurveySeriesEdition,
)
from consultation_blocks.questions import question_kind
from consultation_blocks.services.responses import submit_response
from consultation_blocks.services.themes import ThemeError, discover_themes
from consultation_blocks.surveys import surveys_in

from .blocks import question, survey, text

PORTAL_SLUG = "stockport-online-engagement-portal"
SERIES_SLUG = "residents-satisfaction-survey"
SERIES_PARTNER = "tower-hamlets-council"
KEYS = uuid.UUID("0b6c9a52-5d1e-4f57-8a3e-3d2f6b1c7e90")
PORTAL_THEMES = 3

# (first choice, written answer, postcode, age, disability, ethnicity, channel)
PORTAL_ANSWERS = [
    (0, "A calendar of meetings and events near my home, by date.", "SK1 9ZZ",
     "25_34", "no", "white", "online"),
    (0, "One calendar of events near me so I can see dates and places.", "SK4 9ZZ",
     "35_44", "no", "asian", "online"),
    (0, "Events near where I live listed by date, with the place and time.", "SK1 9ZZ",
     "65_74", "yes", "white", "paper"),
    (0, "A calendar with every meeting near me and the dates.", "SK4 9ZZ",
     "45_54", "no", "white", "online"),
    (0, "Dates and places of events near my area in one calendar.", "SK1 9ZZ",
     "16_24", "no", "mixed", "online"),
    (0, "Seeing meetings near home by date would bring me to events.", "SK2 9ZZ",
     "55_64", "no", "white", "event"),
    (1, "Feedback on what changed after we said something, and the decision made.", "SK4 9ZZ",
     "35_44", "no", "white", "online"),
    (1, "Show what changed because of our feedback and who decided.", "SK1 9ZZ",
     "55_64", "yes", "white", "online"),
    (1, "Tell us the decision and what changed after the feedback.", "SK2 9ZZ",
     "65_74", "no", "white", "paper"),
    (1, "I want feedback: what changed, what was decided and why.", "SK1 9ZZ",
     "25_34", "no", "black", "online"),
    (1, "Publish the decision and the changes our feedback made.", "SK4 9ZZ",
     "45_54", "no", "white", "online"),
    (1, "Proof that feedback changed a decision would make me answer again.", "SK7 9ZZ",
     "75_plus", "yes", "white", "event"),
    (2, "Easy to use on my phone, with large text and plain words.", "SK1 9ZZ",
     "16_24", "no", "asian", "online"),
    (2, "Plain words and easy to use on a phone or tablet.", "SK4 9ZZ",
     "35_44", "yes", "white", "online"),
    (2, "Large text, plain words and easy pages on my phone.", "SK1 9ZZ",
     "75_plus", "yes", "white", "paper"),
    (2, "It must be easy to use with a screen reader and on a phone.", "SK2 9ZZ",
     "25_34", "yes", "mixed", "online"),
    (2, "Easy to read pages in plain words, quick on a phone.", "SK4 9ZZ",
     "55_64", "no", "white", "online"),
    (0, "", "SK7 9ZZ", "45_54", "no", "white", "online"),
    (1, "", "", "prefer_not", "prefer_not", "prefer_not", "online"),
    (2, "", "", "65_74", "no", "white", "paper"),
]  # fmt: skip

INFLUENCE = "I can influence decisions affecting my local area"
INFORMED = "Do you feel well informed about how to get involved in local decisions?"
SATISFIED = "How satisfied are you with your local area as a place to live?"

# Per year: (agreement, informed, rating) per response. The share who agree rises from
# one year to the next, as the strategy hoped.
SERIES_ANSWERS = {
    2024: [
        ("agree", "no", "3"), ("disagree", "no", "2"), ("neither", "yes", "3"),
        ("strongly_disagree", "no", "2"), ("agree", "yes", "4"), ("disagree", "no", "3"),
        ("neither", "no", "3"), ("strongly_agree", "yes", "4"), ("disagree", "no", "2"),
        ("dont_know", "no", "3"), ("agree", "no", "4"), ("disagree", "yes", "3"),
    ],
    2025: [
        ("agree", "yes", "4"), ("agree", "no", "3"), ("neither", "yes", "4"),
        ("disagree", "no", "3"), ("strongly_agree", "yes", "5"), ("agree", "yes", "4"),
        ("neither", "no", "3"), ("strongly_agree", "yes", "4"), ("disagree", "no", "2"),
        ("agree", "yes", "4"), ("agree", "no", "3"), ("neither", "yes", "4"),
        ("agree", "yes", "5"), ("dont_know", "no", "3"),
    ],
}  # fmt: skip


def _local(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def series_edition_spec(year):
    return {
        "slug": f"residents-satisfaction-survey-{year}",
        "title": f"Residents' satisfaction survey {year}",
        "summary": f"The yearly survey of how residents feel about their area, {year}.",
        "partners": [SERIES_PARTNER],
        "areas": ["tower-hamlets"],
        "tags": ["engagement", "community"],
        "fields": {
            "kind": EngagementKind.CONSULTATION,
            "level": "thematic",
            "opens_at": _local(year, 9, 1),
            "closes_at": _local(year, 10, 31, 23),
            "how_responses_used": "The council reports the yearly figures to its cabinet.",
        },
        "body": [
            text("The same questions every year, so we can see what is changing."),
            survey(
                [
                    question("agreement", INFLUENCE, key="influence"),
                    question("yes_no", INFORMED, key="informed"),
                    question("rating", SATISFIED, key="satisfaction"),
                ],
                heading_text="Residents' satisfaction survey",
                introduction="Three questions, asked every year.",
                privacy_notice="We report the answers only as totals.",
                equality_codes=[],
            ),
        ],
    }


def _store(page, survey_, number, answers, equality, channel, now):
    """Store one response through the service, as of ``now`` (while it was open)."""
    data = {question_field_name(q): answers[q.id] for q in survey_.questions if answers.get(q.id)}
    data.update({f"{EQUALITY_PREFIX}{code}": value for code, value in equality.items() if value})
    form = SurveyForm(survey_, data)
    if not form.is_valid():
        raise ValueError(f"A demo response does not fit its survey: {form.errors.as_text()}")
    result = submit_response(
        page=page,
        survey=survey_,
        form=form,
        submission_key=uuid.uuid5(KEYS, f"{page.slug}:{number}"),
        channel=channel,
        now=now,
    )
    return result.created


def seed_portal_responses(report):
    """Responses to the closed Stockport portal consultation, and themes in the written
    answer. Nothing when the page is missing or was seeded before it had a survey."""
    page = ConsultationPage.objects.filter(slug=PORTAL_SLUG).first()
    surveys = surveys_in(page.body) if page else []
    if not surveys:
        return
    portal = surveys[0]
    by_key = {q.key: q for q in portal.questions}
    first, written = by_key["portal_first"], by_key["portal_use"]
    postcode = next(q for q in portal.questions if q.kind == "postcode")
    options = [option_id for option_id, _label in question_kind(first.kind).options(first)]
    when = page.closes_at - datetime.timedelta(days=3)
    created = 0
    for number, (choice, words, code, age, disability, ethnicity, channel) in enumerate(
        PORTAL_ANSWERS
    ):
        answers = {first.id: options[choice], written.id: words, postcode.id: code}
        equality = {"age": age, "disability": disability, "ethnicity": ethnicity}
        created += _store(page, portal, number, answers, equality, channel, when)
    if created:
        report.add(f"{created} demo responses to {page.title}")
    if not AnswerTheme.objects.filter(
        page=page, survey_id=portal.id, question_id=written.id
    ).exists():
        try:
            discover_themes(
                page=page, survey_id=portal.id, question_id=written.id, count=PORTAL_THEMES
            )
        except ThemeError:
            return
        report.add(f"themes in {written.label}")


def seed_series(consultations, partners, areas, report, *, ensure_page):
    """Two years of the residents' satisfaction survey, closed, with their responses,
    and the series that follows their questions year by year."""
    editions = []
    for year in sorted(SERIES_ANSWERS):
        spec = series_edition_spec(year)
        page = ensure_page(
            consultations,
            ConsultationPage,
            spec,
            report,
            partners=partners,
            areas=areas,
            summary=spec["summary"],
            body=spec["body"],
            lead_partner=partners[SERIES_PARTNER],
            **spec["fields"],
        )
        editions.append((year, page))
        surveys = surveys_in(page.body)
        if not surveys:
            continue
        yearly = surveys[0]
        by_key = {q.key: q for q in yearly.questions}
        when = page.closes_at - datetime.timedelta(days=7)
        created = 0
        for number, (agreement, informed, rating) in enumerate(SERIES_ANSWERS[year]):
            answers = {
                by_key["influence"].id: agreement,
                by_key["informed"].id: informed,
                by_key["satisfaction"].id: rating,
            }
            created += _store(page, yearly, number, answers, {}, ResponseChannel.ONLINE, when)
        if created:
            report.add(f"{created} demo responses to {page.title}")

    if SurveySeries.objects.filter(slug=SERIES_SLUG).exists():
        return
    series = SurveySeries(
        title="Residents' satisfaction survey",
        slug=SERIES_SLUG,
        description="How residents feel about their area and about taking part, every year.",
        partner=partners[SERIES_PARTNER],
    )
    series.editions = [SurveySeriesEdition(year=year, page=page) for year, page in editions]
    series.save()
    report.add(f"survey series {series.title}")
