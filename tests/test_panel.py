"""The citizens' panel: the member model, signing up, leaving, the member's page,
personal data and retention, and the staff report of the panel's make-up."""

import csv
import datetime
import io
import json
import math
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from consultation_blocks.models import (
    PANEL_CONSENT_VERSION,
    PANEL_CONSENT_WORDING,
    PANEL_EQUALITY_CODES,
    AreaKind,
    AreaProfile,
    BlockedSubmission,
    CensusFigure,
    PanelMember,
    PanelMemberStatus,
)
from consultation_blocks.questions import normalise_postcode_district
from consultation_blocks.services import panel as service
from consultation_blocks.services.panel import MEMBER_PAGE_LINK_DAYS
from tests.conftest import ROLES
from tests.factories import AreaFactory
from tests.public_forms import guard_fields, with_guard
from tests.test_fuzz_public_inputs import (
    AWKWARD,
    FUZZ,
    apply,
    assert_not_server_error,
    changes_to,
    fresh_client,
)


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("sk14", "SK14"),
        (" SK14 ", "SK14"),
        ("E1W", "E1W"),
        ("M1", "M1"),
        ("EC1A", "EC1A"),
        ("SK14 1AB", "SK14"),
        ("sk141ab", "SK14"),
        ("", None),
        ("QQ1", None),
        ("SK14X1", None),
        ("1234", None),
        ("SK14\x00", None),
    ],
)
def test_postcode_districts_are_read_from_a_district_or_a_full_postcode(typed, district):
    assert normalise_postcode_district(typed) == district


@pytest.mark.django_db
def test_active_members_are_the_confirmed_ones():
    pending = PanelMember.objects.create(email="pending@example.com")
    confirmed = PanelMember.objects.create(
        email="member@example.com", status=PanelMemberStatus.CONFIRMED
    )
    PanelMember.objects.create(status=PanelMemberStatus.LEFT)
    assert pending.status == PanelMemberStatus.PENDING
    assert list(PanelMember.objects.active()) == [confirmed]
    assert "example" not in str(confirmed)


@pytest.mark.django_db
def test_one_membership_per_address_but_people_who_left_may_join_again():
    PanelMember.objects.create(email="someone@example.com", status=PanelMemberStatus.LEFT)
    PanelMember.objects.create(email="someone@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        PanelMember.objects.create(email="someone@example.com")


@pytest.mark.django_db
def test_the_profile_holds_only_the_equality_questions_and_their_options():
    member = PanelMember(email="a@example.com", equality_profile={"age": "25_34"})
    member.full_clean()
    for bad in ({"age": "200"}, {"shoe_size": "9"}, ["age"]):
        member.equality_profile = bad
        with pytest.raises(ValidationError):
            member.full_clean()
    member.equality_profile = {}
    member.postcode_district = "sk14"
    with pytest.raises(ValidationError):
        member.full_clean()


# Joining ---------------------------------------------------------------------------------

JOIN = "/panel/join/"
EMAIL = "resident@example.org"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


@pytest.fixture
def borough(db):
    return AreaFactory(name="Northshire", slug="northshire", kind=AreaKind.LOCAL_AUTHORITY)


@pytest.fixture
def ward(borough):
    return AreaFactory(name="Riverside", slug="riverside", kind=AreaKind.WARD, parent=borough)


def link_in(message, name):
    match = re.search(rf"http://[^\s]+/panel/{name}/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)


def join(client, run, **fields):
    data = {
        "email": EMAIL,
        "name": "Robin Resident",
        "area": "riverside",
        "postcode_district": "sk14 1ab",
        "eq-age": "25_34",
        "eq-ethnicity": "prefer_not",
        "consent": "on",
    }
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    return run(client.post, JOIN, with_guard(data))


def test_the_form_shows_the_consent_wording_every_question_and_the_spam_defences(client, ward):
    response = client.get(JOIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert PANEL_CONSENT_WORDING in html
    assert 'name="website"' in html and 'name="form_started"' in html
    assert '<option value="riverside">Riverside, Northshire</option>' in html
    assert '<option value="northshire">Somewhere else in Northshire</option>' in html
    for code in PANEL_EQUALITY_CODES:
        assert f'name="eq-{code}"' in html
    assert 'name="eq-breastfeeding"' not in html
    assert html.count('value="prefer_not"') == len(PANEL_EQUALITY_CODES)
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_joining_records_consent_and_sends_only_the_confirmation_with_a_leave_link(
    client, run, ward
):
    response = join(client, run)
    assert response.status_code == 302
    assert response["Location"] == "/panel/check-your-email/"
    member = PanelMember.objects.get()
    assert member.status == PanelMemberStatus.PENDING
    assert (member.email, member.name, member.area) == (EMAIL, "Robin Resident", ward)
    assert member.postcode_district == "SK14"
    assert member.equality_profile == {"age": "25_34", "ethnicity": "prefer_not"}
    assert member.consent_wording == PANEL_CONSENT_WORDING
    assert member.consent_version == PANEL_CONSENT_VERSION
    assert member.consent_given_at is not None and member.confirmed_at is None
    assert not PanelMember.objects.active().exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    leave = link_in(mail.outbox[0], "leave")
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == (
        f"<{settings.WAGTAILADMIN_BASE_URL}{leave}>"
    )

    confirm = link_in(mail.outbox[0], "confirm")
    # Opening the link (as a mail scanner does) confirms nothing.
    assert client.get(confirm).status_code == 200
    member.refresh_from_db()
    assert member.status == PanelMemberStatus.PENDING
    response = client.post(confirm)
    assert response.status_code == 200
    assert "You are on the citizens" in response.content.decode()
    member.refresh_from_db()
    assert member.status == PanelMemberStatus.CONFIRMED
    assert list(PanelMember.objects.active()) == [member]
    retention = datetime.timedelta(days=settings.CONTACTS_RETENTION_DAYS)
    assert member.keep_until == member.confirmed_at + retention
    # Confirming twice changes nothing.
    confirmed_at = member.confirmed_at
    assert client.post(confirm).status_code == 200
    member.refresh_from_db()
    assert member.confirmed_at == confirmed_at


def test_every_profile_question_is_optional(client, run, borough):
    response = join(
        client,
        run,
        name="",
        area="",
        postcode_district="",
        **{"eq-age": None, "eq-ethnicity": None},
    )
    assert response.status_code == 302
    member = PanelMember.objects.get()
    assert (member.name, member.area, member.postcode_district) == ("", None, "")
    assert member.equality_profile == {}


def test_joining_again_neither_makes_a_second_member_nor_says_who_is_on_the_panel(
    client, run, ward
):
    join(client, run)
    first = mail.outbox[0]
    # Asking again before confirming updates the same sign-up.
    cache.clear()
    assert join(client, run, name="Robin R").status_code == 302
    assert PanelMember.objects.get().name == "Robin R"
    # Either confirmation link confirms the one membership.
    client.post(link_in(first, "confirm"))
    mail.outbox.clear()
    cache.clear()  # past the repeat-email window
    response = join(client, run, email=EMAIL.upper(), name="Someone Else", **{"eq-age": "65_74"})
    assert response.status_code == 302
    assert response["Location"] == "/panel/check-your-email/"
    member = PanelMember.objects.get()
    assert member.name == "Robin R" and member.equality_profile["age"] == "25_34"
    assert "already on the panel" in mail.outbox[0].body
    assert "/panel/member/" in mail.outbox[0].body and "/panel/leave/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http")
    # Within the repeat window, asking again sends nothing more.
    join(client, run)
    assert len(mail.outbox) == 1 and PanelMember.objects.count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
        ({"email": ""}, "Enter your email address"),
        ({"email": "a" * 250 + "@example.org"}, "254 characters or fewer"),
        ({"consent": None}, "Tick the box to agree to how we use your details"),
        ({"name": "n" * 121}, "120 characters or fewer"),
        ({"area": "'; DROP TABLE"}, "Choose where you live from the list"),
        ({"postcode_district": "QQ99"}, "Enter the first part of your postcode"),
        ({"postcode_district": "SK14 1AB X"}, "Enter only the first part of your postcode"),
        ({"eq-age": "200"}, "Choose one of the answers listed"),
        ({"name": "Robin\x00"}, "Null characters are not allowed"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, run, ward, fields, message):
    response = join(client, run, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert not PanelMember.objects.exists() and not mail.outbox


def test_a_name_with_markup_is_stored_as_text_and_escaped(client, run, ward):
    join(client, run, name="<script>alert(1)</script>")
    html = client.get(link_in(mail.outbox[0], "confirm")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_form_is_defended_like_the_other_public_forms(client, run, settings, ward):
    data = {"email": EMAIL, "consent": "on"}
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    assert client.post(JOIN, with_guard({**data, "website": "spam"})).status_code == 400
    assert client.post(JOIN, with_guard(data, seconds_ago=0)).status_code == 400
    assert client.post(JOIN, data).status_code == 400  # no signed start time
    settings.CONSULTATION_MAX_BODY_BYTES = 100
    assert client.post(JOIN, with_guard({**data, "name": "a" * 200})).status_code == 413
    settings.CONSULTATION_MAX_BODY_BYTES = 256 * 1024
    assert not PanelMember.objects.exists() and not mail.outbox
    assert BlockedSubmission.objects.filter(form="panel").count() == 4
    cache.clear()  # start a fresh rate-limit count
    settings.CONSULTATION_RATE_LIMIT = 1
    assert join(client, run).status_code == 302
    assert join(client, run).status_code == 429


@pytest.mark.parametrize(
    "path",
    [
        "/panel/confirm/nonsense/",
        "/panel/member/nonsense/",
        "/panel/stay/nonsense/",
        "/panel/leave/nonsense/",
        "/panel/confirm/" + "x" * 500 + "/",
    ],
)
def test_altered_links_say_so_without_an_error(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert client.post(path).status_code == 400


def test_an_expired_confirmation_link_says_so(client, run, ward, monkeypatch):
    join(client, run)
    confirm = link_in(mail.outbox[0], "confirm")
    later = datetime.datetime.now().timestamp() + 8 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(confirm)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert PanelMember.objects.get().status == PanelMemberStatus.PENDING


def test_other_methods_are_refused(client, db):
    assert client.put(JOIN).status_code == 405
    assert client.delete("/panel/leave/x/").status_code == 405


# The member's page and leaving -------------------------------------------------------------


@pytest.fixture
def member(client, run, ward):
    join(client, run)
    client.post(link_in(mail.outbox[0], "confirm"))
    mail.outbox.clear()
    cache.clear()
    return PanelMember.objects.get()


def test_a_member_sees_and_changes_their_profile_through_the_signed_link(client, run, member):
    page = service.member_url(member)
    html = client.get(page).content.decode()
    assert EMAIL in html and 'value="SK14"' in html
    assert 'value="25_34" checked' in html and "noindex" in html
    data = with_guard(
        {"name": "Robin", "area": "northshire", "postcode_district": "e1w", "eq-sex": "female"}
    )
    response = client.post(page, data)
    assert response.status_code == 302 and response["Location"] == page + "?saved"
    assert "Your changes are saved" in client.get(response["Location"]).content.decode()
    member.refresh_from_db()
    assert (member.name, member.area.slug, member.postcode_district) == (
        "Robin",
        "northshire",
        "E1W",
    )
    assert member.equality_profile == {"sex": "female"}
    assert member.email == EMAIL  # never changed from this page
    response = client.post(page, with_guard({"postcode_district": "nope!", "eq-sex": "x"}))
    assert response.status_code == 400
    assert "Enter the first part of your postcode" in response.content.decode()
    member.refresh_from_db()
    assert member.postcode_district == "E1W"


def test_the_member_page_link_expires_and_a_new_one_is_sent_only_to_members(
    client, run, member, monkeypatch
):
    page = service.member_url(member)
    later = datetime.datetime.now().timestamp() + (MEMBER_PAGE_LINK_DAYS + 1) * 86400
    with monkeypatch.context() as patched:
        patched.setattr("django.core.signing.time.time", lambda: later)
        response = client.get(page)
    assert response.status_code == 400 and "expired" in response.content.decode()
    for email in ("nobody@example.org", EMAIL):
        response = run(client.post, "/panel/member/", with_guard({"email": email}))
        assert response["Location"] == "/panel/check-your-email/?link"
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert "/panel/leave/" in mail.outbox[0].body
    assert client.get(link_in(mail.outbox[0], "member")).status_code == 200
    response = run(client.post, "/panel/member/", with_guard({"email": "nope"}))
    assert response.status_code == 400


def test_leaving_in_one_click_clears_everything_personal(client, run, member):
    leave = service.leave_url(member)
    assert "Leave the panel" in client.get(leave).content.decode()
    member.refresh_from_db()
    assert member.status == PanelMemberStatus.CONFIRMED  # opening the link changes nothing
    # Mail programs' one-click unsubscribe posts without a CSRF token.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(leave, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.status == PanelMemberStatus.LEFT and member.left_at is not None
    assert (member.email, member.name, member.area, member.postcode_district) == ("", "", None, "")
    assert member.equality_profile == {} and member.keep_until is None
    assert not PanelMember.objects.active().exists()
    # The links stop working for anything personal; leaving again is harmless.
    assert strict.post(leave).status_code == 200
    assert client.get(service.member_url(member)).status_code == 400
    assert client.post(service.confirm_url(member)).status_code == 400
    # The person may join again with the same address.
    cache.clear()
    assert join(client, run).status_code == 302
    assert PanelMember.objects.count() == 2


def test_the_member_page_links_to_leaving(client, member):
    html = client.get(service.member_url(member)).content.decode()
    # The link is signed with the time it was made, so compare whom it is for rather
    # than its text, which changes from one second to the next.
    tokens = re.findall(r'href="/panel/leave/([^/"]+)/"', html)
    assert len(tokens) == 1
    assert service.member_from_leave_link(tokens[0]) == member


# Personal data and retention ------------------------------------------------------------


def my_data_link(client, run, email=EMAIL):
    mail.outbox.clear()
    run(client.post, "/my-data/", with_guard({"email": email}))
    match = re.search(r"http://[^\s]+/my-data/[^\s]+/", mail.outbox[-1].body)
    return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)


def test_membership_is_in_the_persons_export_and_is_erased_with_their_data(client, run, member):
    other = PanelMember.objects.create(
        email="other@example.org", name="Other Person", status=PanelMemberStatus.CONFIRMED
    )
    link = my_data_link(client, run)
    html = client.get(link).content.decode()
    assert "Citizens&#x27; panel" in html and "Robin Resident" in html and "SK14" in html
    assert "Other Person" not in html

    data = json.loads(client.get(link, {"format": "json"}).content)["sources"]
    [record] = data["panel_members"]["records"]
    assert record["email"] == EMAIL and record["area"] == "Riverside"
    assert record["about_you"] == {
        "What is your age?": "25 to 34",
        "What is your ethnic group?": "Prefer not to say",
    }
    assert record["consent"]["wording"] == PANEL_CONSENT_WORDING
    assert record["consent"]["wording_version"] == PANEL_CONSENT_VERSION
    rows = list(csv.reader(io.StringIO(client.get(link, {"format": "csv"}).content.decode())))
    assert ["Citizens' panel", "1", "postcode_district", "SK14"] in rows
    assert ["Citizens' panel", "1", "about_you.What is your age?", "25 to 34"] in rows

    response = client.post(link, {"confirm": "erase"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.status == PanelMemberStatus.LEFT and member.email == ""
    assert member.equality_profile == {} and member.name == ""
    other.refresh_from_db()
    assert other.status == PanelMemberStatus.CONFIRMED and other.name == "Other Person"
    cache.clear()
    assert "We hold nothing" in client.get(my_data_link(client, run)).content.decode()


def test_the_retention_command_deletes_unconfirmed_reminds_then_removes(run, db, borough):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    stale = PanelMember.objects.create(email="stale@example.org")
    PanelMember.objects.filter(pk=stale.pk).update(created_at=now - 8 * day)
    fresh = PanelMember.objects.create(email="fresh@example.org")
    due = PanelMember.objects.create(
        email="due@example.org",
        name="Due Member",
        area=borough,
        equality_profile={"sex": "male"},
        status=PanelMemberStatus.CONFIRMED,
        confirmed_at=now - 700 * day,
        keep_until=now + 10 * day,
    )
    later = PanelMember.objects.create(
        email="later@example.org",
        status=PanelMemberStatus.CONFIRMED,
        confirmed_at=now,
        keep_until=now + 600 * day,
    )
    out = io.StringIO()
    run(call_command, "panel_retention", stdout=out)
    assert "Deleted 1 unconfirmed" in out.getvalue()
    assert set(PanelMember.objects.values_list("email", flat=True)) == {
        fresh.email,
        due.email,
        later.email,
    }
    [reminder] = mail.outbox
    assert reminder.to == [due.email] and "stay on the panel" in reminder.body
    assert "/panel/stay/" in reminder.body and "/panel/leave/" in reminder.body
    # Running again sends nothing more.
    run(call_command, "panel_retention", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    # At the end of the period, without an answer, the membership ends.
    removed = service.remove_expired(now=now + 40 * day)
    assert removed == 1
    due.refresh_from_db()
    assert due.status == PanelMemberStatus.LEFT and due.email == "" and due.area is None
    later.refresh_from_db()
    assert later.status == PanelMemberStatus.CONFIRMED


def test_answering_the_reminder_renews_consent_and_the_period(client, run, member):
    now = timezone.now()
    PanelMember.objects.filter(pk=member.pk).update(
        keep_until=now + datetime.timedelta(days=5), consent_version="panel-old"
    )
    run(service.send_retention_reminders, base_url=settings.WAGTAILADMIN_BASE_URL)
    keep = link_in(mail.outbox[0], "stay")
    assert "Keep me on the panel" in client.get(keep).content.decode()
    member.refresh_from_db()
    assert member.reminded_at is not None
    response = client.post(keep)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.reminded_at is None and member.consent_version == PANEL_CONSENT_VERSION
    assert member.keep_until > now + datetime.timedelta(days=700)


# The panel's make-up against the census ---------------------------------------------------

REPORT = "/admin/panel/"
CSV = "/admin/panel/make-up.csv"


@pytest.fixture
def census(db):
    tameside = AreaFactory(name="Tameside", slug="tameside")
    stockport = AreaFactory(name="Stockport", slug="stockport")
    hyde = AreaFactory(name="Hyde", slug="hyde", kind=AreaKind.TOWN, parent=tameside)
    call_command("load_census", stdout=io.StringIO())
    return {"tameside": tameside, "stockport": stockport, "hyde": hyde}


def members(count, area, status=PanelMemberStatus.CONFIRMED, **profile):
    PanelMember.objects.bulk_create(
        PanelMember(
            email=f"{status}-{area.slug}-{PanelMember.objects.count()}-{n}@example.org",
            area=area,
            status=status,
            equality_profile=profile,
        )
        for n in range(count)
    )


def census_share(area, characteristic, category):
    figures = dict(
        CensusFigure.objects.filter(profile__area=area, characteristic=characteristic).values_list(
            "category", "count"
        )
    )
    return figures[category] / sum(figures.values())


def csv_rows(client, area="tameside"):
    response = client.get(CSV, {"area": area})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="panel-make-up-{area}.csv"'
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_make_up_flags_a_group_to_recruit_and_says_how_many(census, admin_client):
    members(15, census["hyde"], sex="male")
    members(5, census["tameside"], sex="female")
    # Enough "Prefer not to say" that no count is small and every figure can be shown.
    members(5, census["hyde"], sex="prefer_not")
    members(9, census["hyde"], status=PanelMemberStatus.PENDING, sex="female")
    members(9, census["stockport"], sex="female")
    response = admin_client.get(REPORT, {"area": "tameside"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>25</strong> confirmed members live in Tameside" in html
    assert "34 confirmed members on the panel in all" in html
    share = census_share(census["tameside"], "sex", "female")
    needed = math.ceil((share * 20 - 5) / (1 - share))
    # The number needed is the least that brings the share up to the census share.
    assert (5 + needed) / (20 + needed) >= share > (5 + needed - 1) / (20 + needed - 1)
    assert '<tr><th scope="row">Female</th><td>5</td><td>25.0%</td>' in html
    assert f"<td>{needed}</td><td><strong>Under-represented: recruit</strong>" in html
    assert 'id="under-heading">Groups to recruit' in html
    rows = csv_rows(admin_client)
    assert rows[0][:4] == ["Area", "Question", "Answer", "Panel members"]
    female = next(row for row in rows if row[1] == "What is your sex?" and row[2] == "Female")
    assert female[3:5] == ["5", "25.0"] and female[7:9] == ["Yes", str(needed)]
    assert ["Confirmed panel members living in the area", "25"] in rows


def test_small_groups_are_suppressed_with_every_figure_that_would_give_them_away(
    census, admin_client
):
    members(6, census["hyde"], sex="male", age="25_34")
    members(2, census["hyde"], sex="female", age="25_34")
    html = admin_client.get(REPORT, {"area": "tameside"}).content.decode()
    assert "<strong>8</strong> confirmed members" in html
    assert '<tr><th scope="row">Female</th><td>&lt;5</td><td>Not shown</td>' in html
    assert '<tr><th scope="row">Male</th><td>6</td><td>Not shown</td>' in html
    assert "chose one of these answers" not in html.split('id="q-sex"')[1].split("</table>")[0]
    # Everyone gave the same age: every other age is hidden, so the table is withheld.
    age = html.split('id="q-age"')[1].split("</section>")[0]
    assert "Members’ figures withheld" in age and ">25_34<" not in age
    rows = csv_rows(admin_client)
    female = next(row for row in rows if row[1] == "What is your sex?" and row[2] == "Female")
    assert female[3:5] == ["<5", ""] and female[8] == ""
    assert all(row[3] == "Withheld" for row in rows if row[1:2] == ["What is your age?"])
    assert "Groups to recruit" not in html


def test_the_empty_states_say_what_to_do(db, admin_client, census):
    html = admin_client.get(REPORT).content.decode()
    assert "Nobody on the panel lives in Stockport yet" in html
    assert "Download these figures" not in html
    response = admin_client.get(REPORT, {"area": "atlantis"})
    assert response.status_code == 400
    assert "Choose an area that has a census profile." in response.content.decode()
    assert admin_client.get(CSV, {"area": "atlantis"}).status_code == 400
    AreaProfile.objects.all().delete()
    html = admin_client.get(REPORT).content.decode()
    assert "No area has a census profile yet" in html
    assert admin_client.get(CSV).status_code == 404


def report_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_report_and_its_file_take_the_same_queries_for_a_small_or_large_panel(
    census, client_for, role_users
):
    client = client_for(role_users["moderator_a"])
    members(3, census["hyde"], sex="male")
    client.get(REPORT + "?area=tameside")
    few = report_queries(client, REPORT + "?area=tameside")
    few_csv = report_queries(client, CSV + "?area=tameside")
    members(40, census["hyde"], sex="female", age="65_74", ethnicity="asian")
    members(40, census["tameside"], sex="male", religion="none")
    assert report_queries(client, REPORT + "?area=tameside") == few
    assert report_queries(client, CSV + "?area=tameside") == few_csv


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_the_panels_make_up(census, client_for, role_users, role):
    members(6, census["hyde"], sex="male")
    client = client_for(role_users[role])
    for url in (REPORT + "?area=tameside", CSV + "?area=tameside"):
        response = client.get(url)
        if role in {"moderator_a", "moderator_b", "administrator"}:
            assert response.status_code == 200
        elif role in {"anonymous", "resident"}:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        else:
            assert (response.status_code, response["Location"]) == (302, "/admin/")
    menu = client.get("/admin/")
    if role in {"moderator_a", "moderator_b", "administrator"}:
        assert REPORT in menu.content.decode()


# The demo ---------------------------------------------------------------------------------


def test_the_demo_has_plainly_fictional_members_and_links_to_joining(seeded, client_for):
    from home.demo import panel as demo_panel

    seeded_members = PanelMember.objects.active()
    assert seeded_members.count() == demo_panel.COUNT
    for name, email in seeded_members.values_list("name", "email"):
        assert name.endswith("(demo)") and email.endswith("@example.org")
    client = client_for(None)
    assert 'href="/panel/join/">Join the citizens\' panel</a>' in (
        client.get("/consultations/").content.decode()
    )
    admin = client_for(get_user_model().objects.get(username="moderator"))
    html = admin.get(REPORT, {"area": "tameside"}).content.decode()
    in_tameside = PanelMember.objects.active().exclude(area__slug="stockport").count()
    assert f"<strong>{in_tameside}</strong> confirmed members live in Tameside" in html


# Hostile input ------------------------------------------------------------------------------

PANEL_FIELDS = ["email", "name", "area", "postcode_district", "consent"] + [
    f"eq-{code}" for code in PANEL_EQUALITY_CODES
]


@FUZZ
@given(changes=changes_to(PANEL_FIELDS))
def test_joining_stores_one_complete_member_or_nothing(ward, changes):
    before = PanelMember.objects.count()
    post = apply(
        {**guard_fields(), "email": "sam@example.org", "area": "riverside", "consent": "on"},
        changes,
    )
    response = fresh_client().post(JOIN, post)
    assert_not_server_error(response, f"joining with {changes!r}")
    assert PanelMember.objects.count() - before in (0, 1)
    for member in PanelMember.objects.all():
        assert member.email and member.consent_wording == PANEL_CONSENT_WORDING
        assert "\x00" not in member.name + member.email + member.postcode_district
        member.full_clean()
    PanelMember.objects.all().delete()


@FUZZ
@given(area=st.sampled_from(AWKWARD))
def test_the_report_never_fails_whatever_the_area(census, admin_client, area):
    for url in (REPORT, CSV):
        assert_not_server_error(admin_client.get(url, {"area": area}), f"{url} {area!r}")


def test_the_reports_permission_can_be_granted_to_another_group_in_the_admin(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Moderators")
    html = admin_client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert "Can see the citizens&#x27; panel&#x27;s make-up against the census" in html
