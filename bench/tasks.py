"""The benchmark's steps that run inside Django, each in its own process:

    python -m bench.tasks setup | pages N | comments N | responses N | export | counts

Each prints one JSON object on its last line for bench/run.py. Run with
DJANGO_SETTINGS_MODULE=config.settings.bench against the benchmark's own database.
"""

import argparse
import json
import os
import resource
import sys
import time


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()


CANDIDATE_SLUG = "how-should-we-engage-with-you"
ONE_PAGE_SLUG = "bench-survey-on-one-page"
BASELINE_HOME_SLUG = "bench-baseline-home"
BASELINE_FORM_SLUG = "bench-baseline-form"
# The stock pages are a site of their own, as a new `wagtail start` project is: under
# this site's home page, this site's routing would serve them too. wrk sends this host.
STOCK_HOST = "stock.localhost"


def address(page):
    """The page's path on its own site (with two sites, ``page.url`` is a whole URL)."""
    return page.get_url_parts()[2]


def site_of_its_own(page, hostname):
    """``page`` added at the top of the tree, as the root page of a site on
    ``hostname``, which Wagtail's own ``Page.route`` serves from its root down."""
    from wagtail.models import Page, Site

    page = Page.get_first_root_node().add_child(instance=page)
    Site.objects.create(hostname=hostname, port=80, root_page=page, site_name=page.title)
    return page


def candidate():
    """The open demo consultation with a survey and comments: the page residents
    answer on, measured against a stock FormPage with as many fields."""
    from consultation_blocks.models import ConsultationPage
    from consultation_blocks.surveys import surveys_in

    page = ConsultationPage.objects.live().get(slug=CANDIDATE_SLUG)
    return page, surveys_in(page.body)[0]


def survey_on_one_page():
    """A copy of the candidate beside it whose survey has no page breaks: a survey in
    steps takes a POST per step, and the benchmark measures storing whole responses,
    one POST each, as a survey on one page does. Created once; same questions."""
    from consultation_blocks.surveys import PAGE_BREAK, surveys_in

    page, _survey = candidate()
    copy = type(page).objects.filter(slug=ONE_PAGE_SLUG).first()
    if copy is None:
        copy = page.copy(
            to=page.get_parent(),
            update_attrs={"slug": ONE_PAGE_SLUG, "title": f"{page.title} (on one page)"},
            keep_live=False,
            copy_revisions=False,
            log_action=None,
        )
        body = copy.body.get_prep_value()
        for block in body:
            if block["type"] == "survey":
                block["value"]["questions"] = [
                    child for child in block["value"]["questions"] if child["type"] != PAGE_BREAK
                ]
        copy.body = body
        copy.save_revision().publish()
        copy.refresh_from_db()
    return copy, surveys_in(copy.body)[0]


def survey_answers(survey):
    """One valid answer to every unconditional question, as a browser posts it: each
    kind's own example."""
    from consultation_blocks.questions import question_kind

    data = {}
    for question in survey.questions:
        if question.condition is None:
            data.update(question_kind(question.kind).example_input(question))
    return data


def _baseline_field_type(field):
    from django import forms

    widget = field.widget
    if isinstance(field, forms.MultipleChoiceField):
        return "checkboxes"
    if isinstance(field, forms.ChoiceField):
        return "radio" if isinstance(widget, forms.RadioSelect) else "dropdown"
    if isinstance(field, forms.BooleanField):
        return "checkbox"
    if isinstance(field, forms.EmailField):
        return "email"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "number"
    if isinstance(widget, forms.Textarea):
        return "multiline"
    return "singleline"


def _baseline_answer(field_type, choices):
    return {
        "singleline": "More meetings in the evening",
        "multiline": "More meetings in the evening, please.",
        "email": "resident@example.org",
        "number": "3",
        "checkbox": "on",
        "radio": choices[0] if choices else "",
        "dropdown": choices[0] if choices else "",
        "checkboxes": choices[:1],
    }[field_type]


def setup():
    """A stock site beside the demo's (site_of_its_own), a signed-in moderator for the
    admin, and the addresses and answers the runner needs."""
    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from wagtail.models import Page

    from bench.baseline.models import BaselineFormField, BaselineFormPage, BaselineHomePage
    from consultation_blocks.forms.surveys import SurveyForm
    from consultation_blocks.models import ConsultationIndexPage, StrategyIndexPage, StrategyPage
    from home.models import HomePage, StandardPage

    page, survey = candidate()
    one_page, one_survey = survey_on_one_page()
    home = HomePage.objects.live().first()
    form_fields = SurveyForm(survey).fields
    stock_home = BaselineHomePage.objects.filter(slug=BASELINE_HOME_SLUG).first()
    if stock_home is None:
        stock_home = site_of_its_own(
            BaselineHomePage(
                title="Stock home page",
                slug=BASELINE_HOME_SLUG,
                body="<p>A stock Wagtail page, for comparison.</p>",
            ),
            STOCK_HOST,
        )
    baseline_form = BaselineFormPage.objects.filter(slug=BASELINE_FORM_SLUG).first()
    if baseline_form is None:
        baseline_form = stock_home.add_child(
            instance=BaselineFormPage(
                title="Stock form page",
                slug=BASELINE_FORM_SLUG,
                intro="<p>A stock Wagtail form, with as many fields as the survey.</p>",
                thank_you_text="<p>Thank you.</p>",
            )
        )
        for number, (name, field) in enumerate(form_fields.items(), start=1):
            field_type = _baseline_field_type(field)
            choices = [str(label) for _, label in getattr(field, "choices", [])][:8]
            BaselineFormField.objects.create(
                page=baseline_form,
                sort_order=number,
                label=f"{field.label or name}"[:255],
                field_type=field_type,
                required=False,
                choices="\n".join(choices),
            )
    baseline_data = {}
    for form_field in baseline_form.get_form_fields():
        choices = [c.strip() for c in form_field.choices.splitlines() if c.strip()]
        baseline_data[form_field.clean_name] = _baseline_answer(form_field.field_type, choices)

    moderator = get_user_model().objects.get(username="admin")
    session = SessionStore()
    session[SESSION_KEY] = str(moderator.pk)
    session["_auth_user_backend"] = (
        "django.contrib.auth.backends.ModelBackend"  # the only backend configured
    )
    session[HASH_SESSION_KEY] = moderator.get_session_auth_hash()
    session.create()

    def url(model, **filters):
        found = model.objects.live().filter(**filters).first()
        return address(found) if found else None

    closed = (
        type(page)
        .objects.live()
        .exclude(pk=page.pk)
        .filter(outcome_published_at__isnull=False)
        .first()
    )
    survey_page = address(one_page)
    standard = StandardPage.objects.live().exclude(slug="bench-library").filter(depth=3).first()
    return {
        "home": address(home),
        "consultation_index": url(ConsultationIndexPage),
        "consultation": address(page),
        "consultation_closed": address(closed) if closed else None,
        "strategy_index": url(StrategyIndexPage),
        "strategy": url(StrategyPage),
        "standard": address(standard) if standard else None,
        "baseline_home": address(stock_home),
        "baseline_form": address(baseline_form),
        "survey_page": survey_page,
        "survey_path": survey_page + one_page.reverse_subpage("respond", args=[one_survey.id]),
        "comment_path": address(page) + page.reverse_subpage("comment"),
        "survey_answers": survey_answers(one_survey),
        "survey_fields": len(form_fields),
        "baseline_fields": len(baseline_data),
        "baseline_answers": baseline_data,
        "moderation_queue": reverse("consultation_blocks_comment_modeladmin_index"),
        "admin_session": session.session_key,
        "pages": Page.objects.count(),
    }


def counts():
    from wagtail.contrib.forms.models import FormSubmission

    from consultation_blocks.models import Comment, SurveyResponse

    page, survey = survey_on_one_page()
    return {
        "responses": SurveyResponse.objects.filter(page=page, survey_id=survey.id).count(),
        "form_submissions": FormSubmission.objects.count(),
        "comments": Comment.objects.count(),
    }


def export():
    """Write the candidate survey's CSV export to nowhere, as the admin's download
    streams it, and report the time and this process's peak memory."""
    from consultation_blocks.results.export import csv_chunks, export_rows

    page, survey = candidate()
    started = time.perf_counter()
    rows = 0
    size = 0
    for chunk in csv_chunks(export_rows(page, survey)):
        rows += 1
        size += len(chunk)
    seconds = time.perf_counter() - started
    # ru_maxrss is in kilobytes on Linux.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows - 2, "seconds": seconds, "peak_rss_mb": peak, "bytes": size}


def _settle_after_bulk_load():
    """What a real server does soon after a bulk load, done at once: autovacuum's
    fresh planner statistics (without them PostgreSQL plans for the tables as they
    were, nearly empty), and its vacuum, which marks the new rows as visible to
    everyone once rather than on each first read, and moves the search index's queue
    of new entries (a GIN index's pending list, which every search reads through) into
    the index; then a checkpoint, which writes the load out to disk (a server spreads
    that over minutes, here it would fall on the first measurements). Without it, the
    first measurements time a database no site would have for long."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
    return time.perf_counter() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "action", choices=["setup", "pages", "comments", "responses", "export", "counts"]
    )
    parser.add_argument("total", nargs="?", type=int, default=0)
    args = parser.parse_args(argv)
    _django()
    started = time.perf_counter()
    if args.action == "setup":
        result = setup()
    elif args.action == "counts":
        result = counts()
    elif args.action == "export":
        result = export()
    else:
        from bench import data

        if args.action == "pages":
            result = {"pages": data.generate_pages(args.total)}
        elif args.action == "comments":
            result = {"comments": data.generate_comments(args.total)}
        else:
            page, survey = candidate()
            result = {
                "responses": data.generate_responses(
                    page, survey, survey_answers(survey), args.total
                )
            }
        result["seconds"] = time.perf_counter() - started
        result["settle_seconds"] = _settle_after_bulk_load()
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    sys.exit(main())
