"""Census profiles: the shipped data file, the loader command and its checks, and the
"who we heard from" report (suppression, flags, permissions, query counts)."""

import csv
import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation_blocks.equality import EQUALITY_QUESTIONS_BY_CODE
from consultation_blocks.models import AreaKind, AreaProfile, CensusFigure
from consultation_blocks.selectors.representation import representation
from consultation_blocks.services.census import COLUMNS, census_categories
from tests.factories import AreaFactory, EqualityResponseFactory, SurveyResponseFactory
from tests.survey_support import first_survey, question_of_kind

pytestmark = pytest.mark.django_db

SHIPPED = Path(settings.BASE_DIR) / "consultation_blocks" / "data" / "census2021.csv"


def shipped_rows():
    with SHIPPED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def authorities(db):
    tameside = AreaFactory(name="Tameside", slug="tameside")
    stockport = AreaFactory(name="Stockport", slug="stockport")
    hyde = AreaFactory(name="Hyde", slug="hyde", kind=AreaKind.TOWN, parent=tameside)
    return {"tameside": tameside, "stockport": stockport, "hyde": hyde}


@pytest.fixture
def loaded(authorities):
    call_command("load_census", stdout=io.StringIO())
    return authorities


def write(tmp_path, rows, columns=COLUMNS, name="census.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def sex_rows(area="Tameside", code="E08000099", female="10", male="12"):
    return [
        [area, code, "sex", "female", female, "TS008", "All usual residents", "test"],
        [area, code, "sex", "male", male, "TS008", "All usual residents", "test"],
    ]


# The shipped file


def test_the_shipped_file_names_a_table_and_source_for_every_figure_and_is_complete():
    rows = shipped_rows()
    assert rows and tuple(rows[0]) == COLUMNS
    cells = defaultdict(set)
    for row in rows:
        assert row["table"].startswith(("TS", "RM"))
        assert row["source"].startswith("traffordDataLab/open_data@")
        assert ":census2021/" in row["source"]
        assert row["count"].isdigit()
        cells[(row["area"], row["characteristic"])].add(row["category"])
    for (_area, code), categories in cells.items():
        assert categories == set(census_categories(code))
    assert {area for area, _ in cells} == {"Tameside", "Stockport"}


def test_the_shipped_sex_figures_add_up_to_the_same_population_as_ethnic_group():
    # Two published tables of one population agree to within the census's own noise.
    totals = defaultdict(int)
    for row in shipped_rows():
        if row["characteristic"] in {"sex", "ethnicity"}:
            totals[(row["area"], row["characteristic"])] += int(row["count"])
    for area in ("Tameside", "Stockport"):
        assert abs(totals[(area, "sex")] - totals[(area, "ethnicity")]) < 10


# Loading


def test_load_census_loads_the_shipped_file_once_and_again_changes_nothing(authorities):
    out = io.StringIO()
    call_command("load_census", stdout=out)
    rows = shipped_rows()
    assert CensusFigure.objects.count() == len(rows)
    assert "Tameside (E08000008)" in out.getvalue()
    assert f"{len(rows)} figures added" in out.getvalue()
    before = list(CensusFigure.objects.order_by("pk").values())
    again = io.StringIO()
    call_command("load_census", str(SHIPPED), stdout=again)
    assert list(CensusFigure.objects.order_by("pk").values()) == before
    assert "0 figures added, 0 changed" in again.getvalue()
    assert AreaProfile.objects.get(area=authorities["tameside"]).code == "E08000008"


def test_loading_a_corrected_figure_changes_only_that_figure(authorities, tmp_path):
    call_command("load_census", str(write(tmp_path, sex_rows())), stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_census", str(write(tmp_path, sex_rows(male="13"))), stdout=out)
    assert "0 added, 1 changed, 1 unchanged" in out.getvalue()
    assert CensusFigure.objects.get(category="male").count == 13


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (sex_rows(area="Atlantis"), "no local authority called “Atlantis”"),
        (sex_rows(area="Hyde"), "no local authority called “Hyde”"),
        (sex_rows(male="twelve"), "the count “twelve” is not a whole number"),
        (sex_rows(male="-3"), "the count “-3” is not a whole number"),
        (sex_rows()[:1], "missing male"),
        (sex_rows() + sex_rows()[:1], "already on line 2"),
        (
            [["Tameside", "E1", "shoe_size", "9", "1", "T", "u", "s"]],
            "“shoe_size” is not an equality monitoring question",
        ),
        (
            [["Tameside", "E1", "sex", "prefer_not", "1", "T", "u", "s"]],
            "“prefer_not” is not an answer to sex",
        ),
        (
            [*sex_rows(code="E1"), ["Tameside", "E2", "veteran", "no", "1", "T", "u", "s"]],
            "has two area codes",
        ),
        ([["Tameside", "E1", "sex"]], "expected 8 values"),
        ([], "The file has no figures"),
    ],
)
def test_load_census_refuses_bad_files_with_the_line_and_loads_nothing(
    authorities, tmp_path, rows, message
):
    with pytest.raises(CommandError) as refused:
        call_command("load_census", str(write(tmp_path, rows)), stdout=io.StringIO())
    assert message in str(refused.value)
    assert not CensusFigure.objects.exists()
    assert not AreaProfile.objects.exists()


def test_load_census_refuses_wrong_columns_a_missing_file_and_binary(authorities, tmp_path):
    with pytest.raises(CommandError, match="the columns must be exactly"):
        call_command("load_census", str(write(tmp_path, [], columns=("area", "count"))))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("load_census", str(tmp_path / "missing.csv"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 10)
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("load_census", str(binary))
    assert not CensusFigure.objects.exists()


# The report


def consultation_about(make_consultation, partner, *areas):
    page = make_consultation(live=True, lead_partner=partner)
    page.areas.set(areas)
    page.save()
    return page


def respond(page, count, **answers):
    for _ in range(count):
        SurveyResponseFactory(page=page)
        EqualityResponseFactory(page=page, answers=answers)


def report_url(page):
    return reverse("consultation_blocks_consultation_representation", args=[page.pk])


def table_for(report, code):
    return next(table for table in report.tables if table.question.code == code)


def test_a_town_is_compared_with_its_authority_and_a_missing_group_is_flagged(
    loaded, make_consultation, partner_a
):
    page = consultation_about(make_consultation, partner_a, loaded["hyde"])
    respond(page, 60, ethnicity="white", sex="female")
    respond(page, 40, ethnicity="black", sex="male")
    respond(page, 5, ethnicity="prefer_not", sex="prefer_not")
    respond(page, 5, sex="male")  # skipped the ethnic group question
    report = representation([page])
    assert report.areas == ["Tameside"]
    assert report.respondents == 110
    sex = table_for(report, "sex")
    # No count under five, so everything shows; "Prefer not to say" is left out of
    # the shares, and 60/45 is within four-fifths of the census shares.
    assert sex.answered == 105 and sex.prefer_not == "5" and not sex.under_groups
    ethnicity = table_for(report, "ethnicity")
    # Asian residents are about 9% of Tameside but none of 110 respondents: the table
    # still hides the counts under five and the percentages, yet the flag holds for
    # any hidden values.
    assert ethnicity.answered is None
    asian = next(row for row in ethnicity.rows if row.label.startswith("Asian"))
    assert (asian.shown, asian.respondent_percent, asian.under) == ("<5", None, True)
    white = next(row for row in ethnicity.rows if row.label == "White")
    assert white.shown == "60" and white.respondent_percent is None
    assert white.under  # 60 of at least 100 is well below four-fifths of Tameside's share
    assert {q.code for q in report.missing} >= {"pregnancy_maternity", "breastfeeding"}


def test_percentages_and_flags_are_exact_when_no_group_is_small(
    loaded, make_consultation, partner_a
):
    page = consultation_about(make_consultation, partner_a, loaded["tameside"])
    for group in ("asian", "black", "mixed", "other"):
        respond(page, 10, ethnicity=group)
    respond(page, 60, ethnicity="white")
    respond(page, 5, ethnicity="prefer_not")
    ethnicity = table_for(representation([page]), "ethnicity")
    assert ethnicity.answered == 100
    white = next(row for row in ethnicity.rows if row.label == "White")
    census = {
        f.category: f.count
        for f in CensusFigure.objects.filter(
            characteristic="ethnicity", profile__area__slug="tameside"
        )
    }
    assert white.respondent_percent == 60.0
    assert white.census_percent == round(100 * census["white"] / sum(census.values()), 1)
    assert ethnicity.under_groups == ["White"]


def test_a_hidden_group_is_not_flagged_when_its_hidden_size_could_be_enough(
    loaded, make_consultation, partner_a
):
    # With only 20 respondents, four Asian respondents would be 17%: no flag.
    page = consultation_about(make_consultation, partner_a, loaded["tameside"])
    respond(page, 20, ethnicity="white")
    respond(page, 5, ethnicity="prefer_not")
    respond(page, 5)  # skipped the question
    asian = next(
        row
        for row in table_for(representation([page]), "ethnicity").rows
        if row.label.startswith("Asian")
    )
    assert (asian.shown, asian.under) == ("<5", False)


def test_the_report_withholds_what_the_results_page_withholds(
    loaded, admin_client, make_consultation, partner_a
):
    page = consultation_about(make_consultation, partner_a, loaded["tameside"])
    respond(page, 12, ethnicity="white")
    ethnicity = table_for(representation([page]), "ethnicity")
    assert ethnicity.withheld and not ethnicity.under_groups
    assert all(row.shown == "" and row.respondent_percent is None for row in ethnicity.rows)
    html = admin_client.get(report_url(page)).content.decode()
    assert "Respondents’ figures withheld" in html
    results = admin_client.get(
        reverse("consultation_blocks_consultation_results", args=[page.pk]), follow=True
    ).content.decode()
    assert "Withheld" in results


def test_the_report_page_draws_a_chart_with_its_table_and_lists_the_flags(
    loaded, admin_client, make_consultation, partner_a
):
    page = consultation_about(make_consultation, partner_a, loaded["tameside"])
    respond(page, 100, ethnicity="white", age="25_34")
    respond(page, 5)  # skipped equality monitoring
    html = admin_client.get(report_url(page)).content.decode()
    assert 'role="img"' in html and "<desc" in html
    assert "<table" in html and "Census share" in html
    assert "Under-represented groups" in html
    assert "Census TS021" in html
    assert "<script" not in html.split("cb-representation", 1)[1].split("</div>", 1)[0]


def test_a_consultation_about_an_area_without_a_profile_says_so(
    loaded, admin_client, make_consultation, partner_a
):
    elsewhere = AreaFactory(name="Tower Hamlets", slug="tower-hamlets")
    page = consultation_about(make_consultation, partner_a, elsewhere)
    respond(page, 6, sex="female")
    html = admin_client.get(report_url(page)).content.decode()
    assert "has a census profile, so there is nothing to compare with" in html


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_consultation_report_takes_the_same_queries_for_few_or_many_responses(
    loaded, admin_client, make_consultation, partner_a
):
    page = consultation_about(make_consultation, partner_a, loaded["tameside"])
    url = report_url(page)
    admin_client.get(url)
    respond(page, 3, ethnicity="white", sex="male")
    few = queries_for(admin_client, url)
    respond(page, 30, ethnicity="asian", sex="female")
    assert queries_for(admin_client, url) == few


def test_the_overview_takes_the_same_queries_for_few_or_many_consultations(
    loaded, client_for, role_users, make_consultation, partner_a
):
    client = client_for(role_users["moderator_a"])
    url = reverse("consultation_blocks_representation") + "?area=tameside"
    client.get(url)
    for _ in range(2):
        respond(consultation_about(make_consultation, partner_a, loaded["tameside"]), 3, sex="male")
    few = queries_for(client, url)
    for _ in range(4):
        respond(consultation_about(make_consultation, partner_a, loaded["hyde"]), 3, sex="male")
    assert queries_for(client, url) == few
    assert "6 consultations about Tameside" in client.get(url).content.decode()


# Permissions


REPORT_ROLES = {"moderator_a", "administrator"}  # as for results: the lead partner's


@pytest.mark.parametrize(
    "role", ["anonymous", "resident", "comms_editor", "moderator_a", "moderator_b", "administrator"]
)
def test_only_those_who_may_see_results_see_a_consultations_report(
    loaded, client_for, role_users, make_consultation, partner_a, role
):
    page = consultation_about(make_consultation, partner_a, loaded["tameside"])
    respond(page, 10, sex="female")
    response = client_for(role_users[role]).get(report_url(page))
    if role in REPORT_ROLES:
        assert response.status_code == 200
        assert "Who we heard from" in response.content.decode()
    elif role in {"anonymous", "resident"}:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.mark.parametrize(
    "role", ["anonymous", "resident", "comms_editor", "moderator_a", "moderator_b", "administrator"]
)
def test_the_overview_counts_only_consultations_the_user_may_see(
    loaded, client_for, role_users, make_consultation, partner_a, partner_b, role
):
    led_by_a = consultation_about(make_consultation, partner_a, loaded["tameside"])
    led_by_b = consultation_about(make_consultation, partner_b, loaded["hyde"])
    respond(led_by_a, 7, sex="female")
    respond(led_by_b, 9, sex="male")
    response = client_for(role_users[role]).get(
        reverse("consultation_blocks_representation") + "?area=tameside"
    )
    if role in {"anonymous", "resident"}:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        return
    html = response.content.decode()
    assert response.status_code == 200
    seen = {page.title for page in (led_by_a, led_by_b) if f">{page.title}</a>" in html}
    expected = {
        "administrator": {led_by_a.title, led_by_b.title},
        "moderator_a": {led_by_a.title},
        "moderator_b": {led_by_b.title},
        "comms_editor": set(),
    }[role]
    assert seen == expected


def test_the_overview_answers_an_unknown_area_with_a_400_and_a_message(loaded, admin_client):
    response = admin_client.get(reverse("consultation_blocks_representation") + "?area=atlantis")
    assert response.status_code == 400
    assert "Choose an area that has a census profile." in response.content.decode()


def test_every_equality_code_in_the_file_is_a_question():
    for row in shipped_rows():
        assert row["category"] in dict(EQUALITY_QUESTIONS_BY_CODE[row["characteristic"]].options)


def test_postcode_districts_never_name_a_district_of_fewer_than_five(
    loaded, admin_client, make_consultation, partner_a
):
    page = consultation_about(make_consultation, partner_a, loaded["tameside"])
    postcode = question_of_kind(first_survey(page), "postcode")

    def from_district(postcode_value, count):
        for _ in range(count):
            SurveyResponseFactory(page=page, answers={postcode.id: postcode_value})

    from_district("SK14 1AA", 6)
    from_district("SK13 8AX", 2)
    from_district("M1 1AE", 1)
    districts = representation([page]).districts
    assert (districts.rows, districts.others, districts.answered) == ([("SK14", "6")], "<5", None)
    html = admin_client.get(report_url(page)).content.decode()
    assert "SK14" in html and "SK13" not in html and "M1 " not in html
    assert "gave a postcode)" not in html

    from_district("OL6 7AA", 2)
    districts = representation([page]).districts
    assert (districts.rows, districts.others, districts.answered) == ([("SK14", "6")], "5", 11)


def test_the_comparison_chart_labels_bars_plainly_and_skips_suppressed_shares():
    from consultation_blocks.charts import comparison_chart

    chart = comparison_chart(
        [("A", None, 9.4), ("B", 60.0, 13.6)], first="Respondents", second="Census"
    )
    assert [[bar.label for bar in group.bars] for group in chart.groups] == [
        ["9.4%"],
        ["60%", "13.6%"],
    ]
    widest = max(bar.width for group in chart.groups for bar in group.bars)
    assert widest == chart.plot_width and chart.left + widest + 130 <= chart.width
    assert "not drawn where small numbers are suppressed" in chart.summary


def test_a_consultation_about_two_authorities_is_compared_with_both_together(
    loaded, make_consultation, partner_a
):
    page = consultation_about(make_consultation, partner_a, loaded["hyde"], loaded["stockport"])
    respond(page, 10, sex="female")
    report = representation([page])
    assert sorted(report.areas) == ["Stockport", "Tameside"]
    female = table_for(report, "sex").rows[0]
    both = sum(
        CensusFigure.objects.filter(characteristic="sex", category="female").values_list(
            "count", flat=True
        )
    )
    assert female.census_count == both
    assert female.census_shown == f"{both:,}"
