"""Pages in more than one language (wagtail-localize): Welsh at /cy/, right to left
for Urdu, the language switcher and alternate links, the interface's own Welsh
strings, and a translated survey whose responses count with the English ones."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import Locale

from consultation_blocks.models import ConsultationPage, SurveyResponse
from consultation_blocks.selectors.results import survey_results
from home.translation import translate_page
from tests.survey_support import first_survey, question_of_kind, survey_url, valid_post

pytestmark = pytest.mark.django_db


def welsh_strings(page):
    """A few of the page's strings in Welsh: enough to tell the copies apart."""
    survey = first_survey(page)
    choice = question_of_kind(survey, "single_choice")
    strings = {
        page.title: "Ymgynghoriad ar ymgysylltu",
        page.summary: "Rydym eisiau gwybod beth yw eich barn.",
        choice.label: "Sut clywsoch chi am yr ymgynghoriad hwn?",
    }
    strings.update({label: f"{label} (Cymraeg)" for _option_id, label in choice.options})
    return strings


@pytest.fixture
def welsh_home(home_page):
    return translate_page(home_page, "cy", {home_page.title: "Hafan"})


@pytest.fixture
def welsh_consultation(open_consultation, welsh_home):
    index = open_consultation.get_parent()
    translate_page(index, "cy", {index.title: "Ymgynghoriadau"})
    return translate_page(open_consultation, "cy", welsh_strings(open_consultation))


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def test_the_welsh_page_is_served_under_cy_in_welsh(client, open_consultation, welsh_consultation):
    assert welsh_consultation.url.startswith("/cy/")
    assert not open_consultation.url.startswith("/en")

    welsh = client.get(welsh_consultation.url)
    english = client.get(open_consultation.url)

    assert welsh.status_code == 200 and english.status_code == 200
    welsh_html, english_html = welsh.content.decode(), english.content.decode()
    assert "Ymgynghoriad ar ymgysylltu" in welsh_html
    assert "Ymgynghoriad ar ymgysylltu" not in english_html
    assert html_tag(welsh_html) == '<html lang="cy" dir="ltr" class="govuk-template">'
    assert html_tag(english_html) == '<html lang="en-GB" dir="ltr" class="govuk-template">'
    # The interface's own words come from the Welsh .mo file.
    assert "Neidio i'r prif gynnwys" in welsh_html
    assert "Skip to main content" in english_html
    assert 'class="govuk-breadcrumbs__link" href="/cy/">Hafan</a>' in welsh_html


def test_the_switcher_and_alternate_links_name_only_the_languages_the_page_exists_in(
    client, open_consultation, welsh_consultation, consultation_index
):
    html = client.get(open_consultation.url).content.decode()
    assert (
        f'<a class="govuk-link app-language-select__link" href="{welsh_consultation.url}" '
        'hreflang="cy" lang="cy">Cymraeg</a>'
    ) in html
    assert '<span class="app-language-select__current" lang="en-GB" aria-current="true">' in html
    assert (
        f'<link rel="alternate" hreflang="cy" href="http://testserver{welsh_consultation.url}">'
        in html
    )
    assert (
        f'<link rel="alternate" hreflang="en-GB" href="http://testserver{open_consultation.url}">'
        in html
    )
    assert 'hreflang="ur"' not in html  # no Urdu translation: not offered

    welsh_html = client.get(welsh_consultation.url).content.decode()
    assert 'hreflang="en-GB" lang="en-GB">English</a>' in welsh_html

    # A page with no translation shows no switcher at all.
    from tests.factories import ConsultationPageFactory

    only_english = ConsultationPageFactory(parent=consultation_index)
    only_english.save_revision().publish()
    html = client.get(only_english.url).content.decode()
    assert "app-language-select" not in html
    assert 'rel="alternate" hreflang' not in html


def test_a_right_to_left_page_says_so(client, home_page):
    urdu = translate_page(home_page, "ur", {home_page.title: "ہوم"})
    response = client.get(urdu.url)
    assert urdu.url == "/ur/"
    assert response.status_code == 200
    assert (
        html_tag(response.content.decode()) == '<html lang="ur" dir="rtl" class="govuk-template">'
    )


def test_the_welsh_home_page_lists_the_welsh_sections(client, welsh_home, consultation_index):
    welsh_index = translate_page(consultation_index, "cy", {"Consultations": "Ymgynghoriadau"})
    consultation_index.show_in_menus = True
    consultation_index.save_revision().publish()
    welsh_index.refresh_from_db()
    welsh_index.show_in_menus = True
    welsh_index.save_revision().publish()
    cache.clear()
    welsh = client.get("/cy/").content.decode()
    english = client.get("/").content.decode()
    assert f'href="{welsh_index.url}"' in welsh and "Ymgynghoriadau" in welsh
    assert f'href="{consultation_index.url}"' in english
    assert "Ymgynghoriadau" not in english
    assert 'href="/cy/" class="govuk-header__homepage-link"' in welsh


def test_translation_keeps_question_and_option_ids(open_consultation, welsh_consultation):
    english, welsh = first_survey(open_consultation), first_survey(welsh_consultation)
    assert english.id == welsh.id
    assert [q.id for q in english.questions] == [q.id for q in welsh.questions]
    assert [q.key for q in english.questions] == [q.key for q in welsh.questions]
    english_choice = question_of_kind(english, "single_choice")
    welsh_choice = question_of_kind(welsh, "single_choice")
    assert [i for i, _ in english_choice.options] == [i for i, _ in welsh_choice.options]
    assert welsh_choice.label == "Sut clywsoch chi am yr ymgynghoriad hwn?"
    assert all(label.endswith("(Cymraeg)") for _, label in welsh_choice.options)


def test_question_keys_are_not_offered_for_translation(open_consultation, welsh_consultation):
    from wagtail_localize.models import StringSegment, TranslationSource

    source = TranslationSource.objects.get_for_instance(open_consultation)
    texts = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    keys = {q.key for q in first_survey(open_consultation).questions if q.key}
    assert keys and not keys & texts


def test_english_and_welsh_responses_count_together(client, open_consultation, welsh_consultation):
    english_survey = first_survey(open_consultation)
    welsh_survey = first_survey(welsh_consultation)
    english_choice = question_of_kind(english_survey, "single_choice")
    first_option, second_option = (option_id for option_id, _ in english_choice.options[:2])

    sent = client.post(
        survey_url(open_consultation),
        valid_post(english_survey, **{f"q-{english_choice.id}": first_option}),
    )
    assert sent.status_code == 302
    sent = client.post(
        survey_url(welsh_consultation),
        valid_post(welsh_survey, **{f"q-{english_choice.id}": first_option}),
    )
    assert sent.status_code == 302, sent.content.decode()[:500]
    assert sent["Location"].startswith("/cy/")
    sent = client.post(
        survey_url(welsh_consultation),
        valid_post(welsh_survey, **{f"q-{english_choice.id}": second_option}),
    )
    assert sent.status_code == 302

    # Every response is stored against the English page and counted in its results.
    assert SurveyResponse.objects.filter(page=open_consultation).count() == 3
    results = survey_results(open_consultation, english_survey)
    choice_result = next(r for r in results["questions"] if r.question.id == english_choice.id)
    counts = {option.label: option.count for option in choice_result.options}
    labels = dict(english_choice.options)
    assert counts[labels[first_option]] == 2
    assert counts[labels[second_option]] == 1


def test_the_welsh_pages_results_are_the_english_pages(
    client_for, role_users, open_consultation, welsh_consultation
):
    from django.urls import reverse

    client = client_for(role_users["administrator"])
    response = client.get(
        reverse("consultation_blocks_consultation_results", args=[welsh_consultation.pk])
    )
    assert response.status_code == 302
    assert f"/{open_consultation.pk}/" in response["Location"]


@override_settings(PAGE_CACHE_SECONDS=60)
def test_the_page_cache_keeps_each_language_apart(client, open_consultation, welsh_consultation):
    for _ in range(2):
        english = client.get(open_consultation.url)
        welsh = client.get(welsh_consultation.url)
    assert english["X-Page-Cache"] == "hit" and welsh["X-Page-Cache"] == "hit"
    assert 'lang="en-GB"' in html_tag(english.content.decode())
    assert 'lang="cy"' in html_tag(welsh.content.decode())
    assert "Ymgynghoriad ar ymgysylltu" not in english.content.decode()
    # An Accept-Language header never changes the language of an unprefixed address.
    cache.clear()
    first = client.get(open_consultation.url, HTTP_ACCEPT_LANGUAGE="cy")
    assert 'lang="en-GB"' in html_tag(first.content.decode())
    second = client.get(open_consultation.url)
    assert second["X-Page-Cache"] == "hit"
    assert 'lang="en-GB"' in html_tag(second.content.decode())


def test_feeds_api_and_admin_stay_unprefixed(client, welsh_consultation):
    assert client.get("/feeds/consultations/rss/").status_code == 200
    assert client.get("/cy/feeds/consultations/rss/").status_code == 404
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/cy/admin/login/").status_code == 404


def test_locales_are_the_configured_languages(welsh_consultation):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"en-gb", "cy"} <= codes
    assert Locale.get_default().language_code == "en-gb"
    assert ConsultationPage.objects.filter(locale__language_code="cy").count() == 1


def test_a_translation_waiting_for_review_is_flagged_to_editors_not_residents(
    client, client_for, role_users, welsh_consultation
):
    from consultation_blocks.models import TranslationReview

    TranslationReview.objects.create(page=welsh_consultation, note="Demo Welsh.")
    admin = client_for(role_users["administrator"])

    dashboard = admin.get("/admin/").content.decode()
    assert "Translations waiting for a native speaker" in dashboard, dashboard[-6000:]
    assert f"/admin/pages/{welsh_consultation.pk}/edit/" in dashboard

    editor = admin.get(f"/admin/pages/{welsh_consultation.pk}/edit/", follow=True)
    assert editor.status_code == 200
    assert "needs a native speaker" in editor.content.decode()

    public = client.get(welsh_consultation.url).content.decode()
    assert "native speaker" not in public

    review = TranslationReview.objects.get()
    review.needs_native_review = False
    review.save()
    assert "Translations waiting" not in admin.get("/admin/").content.decode()


def test_a_page_served_under_a_language_it_lacks_says_its_own_language(client, home_page):
    # /ur/ with no Urdu home page serves the English one: marked English, left to right.
    Locale.objects.get_or_create(language_code="ur")
    fallback = client.get("/ur/")
    assert fallback.status_code == 200
    assert html_tag(fallback.content.decode()) == (
        '<html lang="en-GB" dir="ltr" class="govuk-template">'
    )

    urdu = translate_page(home_page, "ur", {home_page.title: "ہوم"})
    html = client.get(urdu.url).content.decode()
    assert html_tag(html) == '<html lang="ur" dir="rtl" class="govuk-template">'
    assert (
        '<span class="app-language-select__current" lang="ur" aria-current="true">اردو</span>'
    ) in html


def test_a_welsh_survey_in_steps_speaks_welsh_around_its_questions(
    client, consultation_index, welsh_home
):
    """The words around a survey in steps (progress, Continue, the check page) are in
    the page's language too. (The last of the three steps asks about publishing.)"""
    from consultation_blocks.factories import page_break, question
    from tests.factories import ConsultationPageFactory, survey_block

    english = ConsultationPageFactory(
        parent=consultation_index,
        body=[
            survey_block(
                [
                    question("short_text", "Your group"),
                    page_break(),
                    question("short_text", "More"),
                ],
                equality=False,
            )
        ],
    )
    english.save_revision().publish()
    translate_page(consultation_index, "cy", {consultation_index.title: "Ymgynghoriadau"})
    welsh = translate_page(english, "cy", {"Your group": "Eich grŵp"})
    html = client.get(welsh.url).content.decode()
    assert "Cam 1 o 3" in html and "Parhau" in html and "Eich grŵp" in html
    assert "Step 1 of 3" in client.get(english.url).content.decode()
