"""Create the demo content. Every step creates only what is missing, so running the
seed twice leaves the database exactly as it was after the first run."""

import datetime
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from consultation_blocks.models import (
    CONTACT_CONSENT_VERSION,
    CONTACT_CONSENT_WORDING,
    Area,
    ConsentPurpose,
    ConsentRecord,
    ConsultationEqualityImpact,
    ConsultationIndexPage,
    ConsultationPage,
    Contact,
    Decision,
    DecisionIndexPage,
    EngagementActivity,
    HouseRule,
    Indicator,
    IndicatorDashboardPage,
    IndicatorValue,
    Organisation,
    PanelMember,
    PanelMemberStatus,
    Partner,
    PartnerTeamMember,
    StrategyAction,
    StrategyAdoptionStep,
    StrategyConsultation,
    StrategyIndexPage,
    StrategyIndicator,
    StrategyPage,
    TranslationReview,
    default_language_q,
)
from consultation_blocks.services.census import CENSUS_2021_FILE, load_census, read_census_file
from home.models import HomePage, PartnershipSettings, StandardPage
from home.translation import ensure_locale, translate_page

from . import delivery, network, pages, panel, registrations, responses, urdu, welsh
from .activities import ACTIVITIES, activity_dates
from .consultations import CONSULTATIONS
from .contacts import CONTACTS, ORGANISATIONS
from .logos import create_logo
from .partners import AREAS, DESCRIPTIONS, MEMBERSHIP, PARTNERS

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".demo-credentials"

DEMO_USERS = [
    # (username, role description, group, is superuser)
    ("admin", "Administrator: everything, including settings and users", None, True),
    ("editor", "Comms editor: writes pages and submits them for approval", "Comms editors", False),
    ("moderator", "Moderator: approves pages and residents' comments", "Moderators", False),
]


@dataclass
class SeedReport:
    created: list = field(default_factory=list)
    # The day the forward plan's dates count from: a test comparing them with "today"
    # must use this, since a snapshot of the demo can outlive midnight.
    day: datetime.date = field(default_factory=timezone.localdate)
    password: str | None = None
    password_source: str = ""

    def add(self, label):
        self.created.append(label)


def seed_demo(*, password=None, progress=lambda message: None):
    """Create whatever demo content is missing and report what was created."""
    report = SeedReport()
    with transaction.atomic():
        progress("Partners and areas")
        partners = _seed_partners(report)
        _seed_logos(partners, report)
        areas = _seed_areas(report)
        _seed_census(report)
        _seed_house_rules(report)
        progress("Pages")
        home = _seed_home(report)
        indicators = _seed_indicators(partners, report)
        _seed_pages(home, partners, areas, report, indicators)
        _seed_activities(partners, areas, report)  # the pages' forward plan
        _seed_contacts(partners, areas, report)
        _seed_panel(areas, report)
        registrations.seed_registrations(report)  # for the network's meetings
        responses.seed_portal_responses(report)  # results, who we heard from, themes
        _seed_welsh(home, report)
        _seed_urdu(home, report)
        progress("Partnership settings")
        _seed_settings(home, report)
        progress("Demo users")
        _seed_users(password, report)
        _seed_partner_teams(partners, report)
    return report


def _seed_partners(report):
    partners = {partner.slug: partner for partner in Partner.objects.all()}
    for slug, name, short_name, kind, website, featured in PARTNERS:
        if slug in partners:
            continue
        partners[slug] = Partner.objects.create(
            slug=slug,
            name=name,
            short_name=short_name,
            kind=kind,
            website=website,
            featured=featured,
            description=DESCRIPTIONS.get(slug, ""),
        )
        report.add(f"partner {name}")
        members = [partners[member] for member in MEMBERSHIP.get(slug, []) if member in partners]
        if members:
            partners[slug].members.set(members)
    # Membership of bodies created before their members: link once both exist.
    for body, member_slugs in MEMBERSHIP.items():
        body_partner = partners[body]
        if not body_partner.members.exists():
            body_partner.members.set([partners[slug] for slug in member_slugs])
    return partners


def _seed_logos(partners, report):
    """Give featured partners a generated logo, once."""
    featured = sorted(
        (partner for partner in partners.values() if partner.featured), key=lambda p: p.slug
    )
    for index, partner in enumerate(featured):
        if partner.logo_id is None:
            partner.logo = create_logo(partner, index)
            partner.save(update_fields=["logo"])
            report.add(f"logo for {partner.name}")


def _seed_house_rules(report):
    if HouseRule.objects.exists():
        return
    for order, (title, explanation) in enumerate(pages.HOUSE_RULES_LIST):
        HouseRule.objects.create(title=title, explanation=explanation, sort_order=order)
    report.add("house rules")


def _seed_areas(report):
    areas = {area.slug: area for area in Area.objects.all()}
    for slug, name, kind, parent_slug in AREAS:
        if slug in areas:
            continue
        areas[slug] = Area.objects.create(
            slug=slug, name=name, kind=kind, parent=areas.get(parent_slug)
        )
        report.add(f"area {name}")
    return areas


def _seed_census(report):
    """The census profiles shipped with the plugin (Tameside and Stockport; see
    consultation_blocks/data/README.md for what could not be found)."""
    with CENSUS_2021_FILE.open(encoding="utf-8", newline="") as lines:
        added, _, _ = load_census(read_census_file(lines), dataset="Census 2021")
    if added:
        report.add(f"{added} census figures")


def _seed_home(report):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage; run migrate first.")
    if home.hero_text == "":
        # Only fill in a home page nobody has edited yet.
        home.title = "Home"
        home.hero_heading = pages.HOME["hero_heading"]
        home.hero_text = pages.HOME["hero_text"]
        home.save_revision().publish()
        report.add("home page content")
    if site.site_name == "":
        site.site_name = "Partnership engagement hub"
        site.save(update_fields=["site_name"])
    return home


def _child(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def ensure_page(parent, model, spec, report, *, partners=None, areas=None, **fields):
    """Create and publish a page under `parent` unless one with that slug exists."""
    existing = _child(parent, spec["slug"])
    if existing is not None:
        return existing
    page = model(title=spec["title"], slug=spec["slug"], **fields)
    parent.add_child(instance=page)
    if partners is not None:
        page.partners.set([partners[slug] for slug in spec.get("partners", [])])
        page.areas.set([areas[slug] for slug in spec.get("areas", [])])
        page.tags.set(spec.get("tags", []))
    page.save_revision().publish()
    report.add(f"page {spec['title']}")
    return page


def _seed_pages(home, partners, areas, report, indicators):
    def content(parent, model, spec, body, **extra):
        return ensure_page(
            parent,
            model,
            spec,
            report,
            partners=partners,
            areas=areas,
            summary=spec.get("summary", ""),
            body=body,
            **extra,
        )

    consultations = ensure_page(
        home,
        ConsultationIndexPage,
        pages.CONSULTATIONS_INDEX,
        report,
        intro=pages.CONSULTATIONS_INDEX["intro"],
        show_in_menus=True,
    )
    easy_read = _seed_easy_read(home, report)
    for build in CONSULTATIONS:
        spec = build()
        if spec["slug"] == welsh.CONSULTATION_SLUG:
            spec["fields"]["easy_read_page"] = easy_read
        content(
            consultations,
            ConsultationPage,
            spec,
            spec["body"],
            lead_partner=partners[spec["lead_partner"]],
            outcome_body=spec.get("outcome_body", []),
            equality_impact_records=[
                ConsultationEqualityImpact(**record) for record in spec.get("equality_impact", [])
            ],
            **spec["fields"],
        )

    responses.seed_series(consultations, partners, areas, report, ensure_page=ensure_page)

    strategies = ensure_page(
        home,
        StrategyIndexPage,
        pages.STRATEGIES_INDEX,
        report,
        intro=pages.STRATEGIES_INDEX["intro"],
        show_in_menus=True,
    )
    review = _child(consultations, "how-should-we-engage-with-you")
    content(
        strategies,
        StrategyPage,
        pages.TAMESIDE_STRATEGY,
        pages.tameside_strategy_body(),
        adopted_on=pages.TAMESIDE_STRATEGY["adopted_on"],
        shaping_consultations=[StrategyConsultation(consultation=review)],
        **delivery_of(pages.TAMESIDE_STRATEGY["slug"], indicators),
    )
    content(
        strategies,
        StrategyPage,
        pages.STOCKPORT_STRATEGY,
        pages.stockport_strategy_body(),
        **delivery_of(pages.STOCKPORT_STRATEGY["slug"], indicators),
    )

    _seed_decisions(home, partners, report)
    network.seed_network(home, partners, areas, report, ensure_page=ensure_page)

    pen = content(home, StandardPage, pages.PEN, pages.pen_body(), show_in_menus=True)
    content(pen, StandardPage, pages.PEN_FORUM, pages.pen_forum_body())
    content(home, StandardPage, pages.HOUSE_RULES, pages.house_rules_body())
    content(home, StandardPage, pages.PRIVACY, pages.privacy_body())
    content(home, StandardPage, pages.ACCESSIBILITY, pages.accessibility_body())


def _seed_easy_read(home, report):
    """The Easy Read summary of the open consultation, which links to it."""
    return ensure_page(
        home,
        StandardPage,
        welsh.EASY_READ,
        report,
        summary=welsh.EASY_READ["summary"],
        body=welsh.easy_read_body(),
    )


def _seed_welsh(home, report):
    """The home page and the open consultation in Welsh (with the consultations index
    between them), each marked for a native speaker's review. Every configured language
    gets its locale (Urdu's pages are seeded by ``_seed_urdu``)."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        ensure_locale(code)
    welsh_locale = ensure_locale("cy")
    consultations = _child(home, pages.CONSULTATIONS_INDEX["slug"])
    consultation = consultations and _child(consultations, welsh.CONSULTATION_SLUG)
    for page in (home, consultations, consultation):
        if page is None or page.has_translation(welsh_locale):
            continue
        translated = translate_page(page, "cy", welsh.WELSH)
        TranslationReview.objects.get_or_create(
            page=translated, defaults={"note": welsh.REVIEW_NOTE}
        )
        report.add(f"Welsh translation of {page.title}")


def _seed_urdu(home, report):
    """The home page and the Easy Read summary in Urdu, so a page written right to left
    is there to see; each marked for a native speaker's review."""
    urdu_locale = ensure_locale("ur")
    for page in (home, _child(home, urdu.EASY_READ_SLUG)):
        if page is None or page.has_translation(urdu_locale):
            continue
        translated = translate_page(page, "ur", urdu.URDU)
        TranslationReview.objects.get_or_create(
            page=translated, defaults={"note": urdu.REVIEW_NOTE}
        )
        report.add(f"Urdu translation of {page.title}")


def _seed_activities(partners, areas, report):
    """The forward plan: each activity once, found again by its lead partner and title."""
    existing = set(EngagementActivity.objects.values_list("lead_partner__slug", "title"))
    consultations = {
        page.slug: page for page in ConsultationPage.objects.filter(default_language_q())
    }
    for spec in ACTIVITIES:
        if (spec["lead"], spec["title"]) in existing:
            continue
        starts_on, ends_on = activity_dates(spec, report.day)
        activity = EngagementActivity(
            title=spec["title"],
            description=spec.get("description", ""),
            method=spec["method"],
            stage=spec["stage"],
            lead_partner=partners[spec["lead"]],
            service=spec.get("service", ""),
            audience_groups=spec["audience"],
            audience_note=spec.get("audience_note", ""),
            starts_on=starts_on,
            ends_on=ends_on,
            feedback_method=spec.get("feedback", ""),
            contact_role=spec["contact"],
            consultation=consultations.get(spec.get("consultation")),
            live=False,
            participants=spec.get("participants"),
            groups_reached=spec.get("groups_reached", []),
            what_we_heard=spec.get("what_we_heard", ""),
        )
        activity.partners.set([partners[slug] for slug in spec.get("partners", [])])
        activity.areas.set([areas[slug] for slug in spec.get("areas", [])])
        activity.tags.set(spec.get("tags", []))
        activity.save()
        # Each activity starts with a revision, as if saved in the admin; the
        # published ones are approved, so residents see them.
        revision = activity.save_revision(clean=False)
        if spec["published"]:
            revision.publish()
        report.add(f"activity {spec['title']}")


def _seed_contacts(partners, areas, report):
    """The contacts register: fictional organisations and people, each once, found
    again by name; people with the consent they gave."""
    existing = set(Organisation.objects.values_list("name", flat=True))
    for name, kind, partner, area_slugs, topics, groups, email, role in ORGANISATIONS:
        if name in existing:
            continue
        organisation = Organisation(
            name=name,
            kind=kind,
            partner=partners.get(partner),
            groups=groups,
            contact_email=email,
            contact_role=role,
        )
        organisation.areas.set([areas[slug] for slug in area_slugs])
        organisation.tags.set(topics)
        organisation.save()
        report.add(f"organisation {name}")
    existing = set(Contact.objects.values_list("email", flat=True))
    now = timezone.now()
    for name, email, method, phone, partner, area_slugs, topics, groups, how in CONTACTS:
        if email in existing:
            continue
        contact = Contact(
            name=name,
            email=email,
            preferred_method=method,
            phone=phone,
            partner=partners.get(partner),
            groups=groups,
            confirmed_at=now,
            keep_until=now + datetime.timedelta(days=settings.CONTACTS_RETENTION_DAYS),
        )
        contact.areas.set([areas[slug] for slug in area_slugs])
        contact.tags.set(topics)
        contact.save()
        ConsentRecord.objects.create(
            contact=contact,
            purpose=ConsentPurpose.INVITATIONS,
            given_at=now,
            source=how,
            wording=CONTACT_CONSENT_WORDING,
            wording_version=CONTACT_CONSENT_VERSION,
        )
        report.add(f"contact {name}")


def _seed_panel(areas, report):
    """The citizens' panel's fictional members, each once, found again by address."""
    existing = set(PanelMember.objects.values_list("email", flat=True))
    now = timezone.now()
    new = [
        PanelMember(
            email=email,
            name=name,
            area=areas[place],
            equality_profile=profile,
            status=PanelMemberStatus.CONFIRMED,
            consent_given_at=now,
            confirmed_at=now,
            keep_until=now + datetime.timedelta(days=settings.CONTACTS_RETENTION_DAYS),
            **panel.CONSENT,
        )
        for name, email, place, profile in panel.members()
        if email not in existing
    ]
    if new:
        PanelMember.objects.bulk_create(new)
        report.add(f"{len(new)} citizens' panel members")


def _seed_decisions(home, partners, report):
    """The decisions page, the dashboard and the Tower Hamlets decision (see
    ``delivery.py``)."""
    ensure_page(
        home,
        DecisionIndexPage,
        delivery.DECISIONS_PAGE,
        report,
        intro=delivery.DECISIONS_PAGE["intro"],
        show_in_menus=True,
    )
    ensure_page(
        home,
        IndicatorDashboardPage,
        delivery.DASHBOARD_PAGE,
        report,
        intro=delivery.DASHBOARD_PAGE["intro"],
    )
    spec = dict(delivery.TOWER_HAMLETS_DECISION)
    consultation = (
        ConsultationPage.objects.filter(default_language_q())
        .filter(slug=spec.pop("consultation_slug"))
        .first()
    )
    if not Decision.objects.filter(reference=spec["reference"]).exists():
        decision = Decision.objects.create(**{**spec, "partner": partners[spec["partner"]]})
        if consultation is not None:
            decision.consultations.add(consultation)
        report.add(f"decision {decision.reference}")


def _seed_indicators(partners, report):
    """The indicators and their yearly values; returns them by the strategy they
    measure."""
    links = {}
    for spec in delivery.INDICATORS:
        spec = dict(spec)
        values, strategy_slug = spec.pop("values"), spec.pop("strategy")
        indicator = Indicator.objects.filter(code=spec["code"]).first()
        if indicator is None:
            indicator = Indicator(**{**spec, "partner": partners[spec["partner"]]})
            indicator.values = [
                IndicatorValue(year=year, value=value, source=delivery.STOCKPORT_SOURCE)
                for year, value in values
            ]
            indicator.save()
            report.add(f"indicator {indicator.code}")
        links.setdefault(strategy_slug, []).append(indicator)
    return links


def delivery_of(slug, indicators):
    """A strategy's adoption trail, action plan and indicators, given when the page is
    created so that it is published once."""
    return {
        "adoption_steps": [
            StrategyAdoptionStep(stage=stage, date=date, body=body, note=note)
            for stage, date, body, note in delivery.ADOPTION_TRAILS.get(slug, [])
        ],
        "actions": [
            StrategyAction(objective=objective, title=title, owner_role=owner)
            for objective, title, owner in delivery.ACTION_PLANS.get(slug, [])
        ],
        "strategy_indicators": [
            StrategyIndicator(indicator=indicator) for indicator in indicators.get(slug, [])
        ],
    }


def _seed_settings(home, report):
    site = Site.objects.get(is_default_site=True)
    partnership = PartnershipSettings.for_site(site)
    if partnership.contact_email:
        return
    partnership.name = "Partnership engagement hub"
    partnership.tagline = "Councils, NHS and community partners, listening together"
    partnership.contact_email = "engagement@partnership.example"
    partnership.feedback_email = "feedback@partnership.example"
    partnership.privacy_page = _child(home, pages.PRIVACY["slug"])
    partnership.accessibility_page = _child(home, pages.ACCESSIBILITY["slug"])
    partnership.house_rules_page = _child(home, pages.HOUSE_RULES["slug"])
    partnership.save()
    report.add("partnership settings")


def _seed_users(password, report):
    User = get_user_model()
    missing = [row for row in DEMO_USERS if not User.objects.filter(username=row[0]).exists()]
    if not missing:
        report.password, report.password_source = _read_credentials_file(password)
        return
    saved, saved_source = _read_credentials_file(password)
    if password:
        report.password_source = "DEMO_PASSWORD"
    elif saved:
        # Another database seeded from this checkout (SQLite, then PostgreSQL): one
        # password for both, the one already printed and saved.
        password, report.password_source = saved, saved_source
    else:
        password = secrets.token_urlsafe(12)
        report.password_source = "generated"
        _write_credentials_file(password)
    report.password = password
    for username, _role, group_name, is_superuser in missing:
        user = User(
            username=username,
            email=f"{username}@partnership.example",
            first_name=username.capitalize(),
            last_name="(demo)",
            is_staff=True,
            is_superuser=is_superuser,
        )
        user.set_password(password)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        report.add(f"user {username}")


def _seed_partner_teams(partners, report):
    """The demo moderator and editor act for every partner that leads a demo
    consultation, so the lead partner's sign-off, the comment queue and the results
    (staff see only their partners' residents' data) all have something to show."""
    lead_slugs = sorted({build()["lead_partner"] for build in CONSULTATIONS})
    for username in ("moderator", "editor"):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or PartnerTeamMember.objects.filter(user=user).exists():
            continue
        for slug in lead_slugs:
            PartnerTeamMember.objects.create(user=user, partner=partners[slug])
        report.add(f"partner team for the demo {username}")


def _write_credentials_file(password):
    CREDENTIALS_FILE.write_text(password + "\n")
    CREDENTIALS_FILE.chmod(0o600)


def _read_credentials_file(password):
    if password:
        return password, "DEMO_PASSWORD"
    try:
        return CREDENTIALS_FILE.read_text().strip(), "saved"
    except OSError:
        return None, "unknown"
