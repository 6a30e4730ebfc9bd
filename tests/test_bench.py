"""The benchmark's data generators and the answers it posts: the rows they write must be
what the site itself would write, or the measurements mean nothing."""

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Page

from bench import data
from bench.tasks import survey_answers
from consultation_blocks.models import Comment, CommentState, SurveyResponse
from consultation_blocks.results.export import csv_chunks, export_rows
from home.models import StandardPage
from tests.public_forms import guard_fields
from tests.survey_support import first_survey, survey_url

pytestmark = pytest.mark.django_db


def test_generated_pages_make_a_valid_tree_served_and_searchable(home_page, client):
    assert data.generate_pages(30) == 30
    assert data.generate_pages(45) == 45  # topped up, not started again

    library = StandardPage.objects.get(slug=data.LIBRARY_SLUG)
    assert library.get_children().count() == 45
    assert library.numchild == 45
    assert all(not problems for problems in Page.find_problems())
    page = StandardPage.objects.get(slug="generated-40")
    assert page.get_parent().specific == library
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()

    word = page.title.split()[0].lower()
    found = Page.objects.live().type(StandardPage).search(word)
    assert page.pk in {hit.pk for hit in found}


def test_generated_comments_wait_for_a_moderator(open_consultation):
    assert data.generate_comments(25) == 25

    comments = Comment.objects.all()
    assert comments.count() == 25
    assert set(comments.values_list("state", flat=True)) == {CommentState.PENDING}
    assert set(comments.values_list("page_id", flat=True)) == {open_consultation.pk}


def test_the_benchmark_answers_are_accepted_by_the_survey_itself(open_consultation, client):
    survey = first_survey(open_consultation)
    post = {**guard_fields(), **survey_answers(survey)}

    response = client.post(survey_url(open_consultation, survey), post)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert SurveyResponse.objects.filter(page=open_consultation, survey_id=survey.id).count() == 1


def test_generated_responses_export_like_real_ones(open_consultation):
    survey = first_survey(open_consultation)

    assert data.generate_responses(open_consultation, survey, survey_answers(survey), 40) == 40
    assert data.generate_responses(open_consultation, survey, survey_answers(survey), 60) == 60

    stored = SurveyResponse.objects.filter(page=open_consultation, survey_id=survey.id)
    assert stored.count() == 60
    assert stored.values("submission_key").distinct().count() == 60
    lines = list(csv_chunks(export_rows(open_consultation, survey)))
    assert len(lines) == 2 + 60  # byte order mark, header, one line per response
    assert "Strongly agree" in "".join(lines) or "Agree" in "".join(lines)


def test_survey_posts_go_to_a_one_page_copy_of_a_survey_in_steps(consultation_index, client):
    """The demo survey runs in steps (a POST per step); the benchmark posts whole
    responses to a copy of it without page breaks, made once, which takes each in one
    POST and stores it."""
    from bench import tasks
    from consultation_blocks.factories import page_break, question
    from tests.factories import ConsultationPageFactory, survey_block

    stepped = ConsultationPageFactory(
        parent=consultation_index,
        slug=tasks.CANDIDATE_SLUG,
        body=[
            survey_block(
                [
                    question("short_text", "Your group"),
                    page_break("More"),
                    question("yes_no", "Have you taken part before?"),
                ],
                equality=False,
            )
        ],
    )
    stepped.save_revision().publish()
    assert len(first_survey(stepped).steps) == 2

    copy, survey = tasks.survey_on_one_page()
    assert copy.live and copy.pk != stepped.pk
    assert survey.steps == ()
    assert [q.label for q in survey.questions] == [q.label for q in first_survey(stepped).questions]
    assert tasks.survey_on_one_page()[0].pk == copy.pk

    response = client.post(survey_url(copy, survey), {**guard_fields(), **survey_answers(survey)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SurveyResponse.objects.filter(page=copy, survey_id=survey.id).count() == 1


def test_stock_pages_have_a_frame_of_their_own(settings, rf):
    """The stock pages the benchmark compares with extend a new project's frame, not this
    site's: a faster header and footer here must not make the baseline faster too."""
    baseline_templates = Path(__file__).resolve().parent.parent / "bench/baseline/templates"
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine.get("DIRS", []), baseline_templates]}]
    request = rf.get("/")
    request.user = AnonymousUser()
    page = SimpleNamespace(title="A stock home page", seo_title="", body="<p>Welcome</p>")

    html = render_to_string(
        "bench_baseline/baseline_home_page.html", {"page": page, "request": request}
    )

    assert "<h1>A stock home page</h1>" in html
    assert "<p>Welcome</p>" in html
    assert "govuk-header" not in html  # this site's header
    assert "govuk-footer" not in html


def test_pages_are_measured_against_a_ten_kilobyte_static_file():
    from bench import run

    static_file = run.BASE_DIR / "bench" / "baseline" / "static" / run.STATIC_FILE
    assert static_file.stat().st_size == 10 * 1024


def test_the_benchmark_says_what_to_install_when_wrk_is_missing(monkeypatch, capsys):
    from bench import run

    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setenv("BENCH_SCALE", "small")
    monkeypatch.setattr(run, "measure", lambda scale: pytest.fail("measured without wrk"))
    assert run.main([]) == 2
    assert "wrk is not installed: `make bench` installs it" in capsys.readouterr().err


def test_the_stock_pages_are_a_site_of_their_own(home_page, client, settings):
    """Under this site's home page, this site's routing would serve the stock pages too
    and flatter the baseline: they are a site of their own, reached by its host."""
    from bench import tasks

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, tasks.STOCK_HOST]
    stock_home = tasks.site_of_its_own(
        StandardPage(title="A stock home", slug="stock-home"), tasks.STOCK_HOST
    )
    child = stock_home.add_child(instance=StandardPage(title="A stock child", slug="child"))

    assert stock_home.depth == 2 and not stock_home.is_descendant_of(home_page)
    assert tasks.address(stock_home) == "/"
    assert tasks.address(child) == "/child/"
    assert "A stock child" in client.get("/child/", HTTP_HOST=tasks.STOCK_HOST).text
    assert client.get("/child/").status_code == 404  # not on this site
    assert "A stock home" not in client.get("/").text


def test_load_on_the_stock_site_goes_to_the_stock_server_with_its_host(monkeypatch):
    from bench import run

    commands = []
    result = (
        '{"requests": 10, "duration_us": 1000000, "bytes": 0, "errors": {"connect": 0, '
        '"read": 0, "write": 0, "status": 0, "timeout": 0}, "latency_us": {"p50": 1, '
        '"p95": 2, "p99": 3, "mean": 1.0, "max": 3}}'
    )

    def fake_run(command, **kwargs):
        commands.append(command)
        return SimpleNamespace(returncode=0, stdout=result, stderr="")

    monkeypatch.setattr(run.subprocess, "run", fake_run)
    paths = {"static": "/static/x.css", "baseline_home": "/stock/", "home": "/"}
    scale = run.SCALES["small"]
    monkeypatch.setattr(run, "ROUNDS", 1)
    monkeypatch.setattr(run, "PUBLIC", ["home"])

    stock_server = ("http://127.0.0.1:2", "stock.localhost")
    run.measure_pages("http://127.0.0.1:1", paths, scale, {"baseline_home": stock_server})

    with_host = [c for c in commands if "Host: stock.localhost" in c]
    stock = [c for c in commands if c[c.index("--") + 1] == "/stock/"]
    to_stock_server = [c for c in commands if "http://127.0.0.1:2" in c]
    assert len(with_host) == 2  # warm-up and one round
    assert with_host == stock == to_stock_server
    assert all("http://127.0.0.1:1" in c for c in commands if c not in stock)
    # Warm-up: static, stock home, home uncached, home cached; then each of the three
    # pages with the static file just before it.
    assert len(commands) == 4 + 3 * 2


def test_the_stock_project_is_what_wagtail_start_makes(monkeypatch):
    """The baseline is Wagtail as it comes (its project template's apps, its own home
    and search apps aside, and its middleware), not this site's."""
    import importlib

    monkeypatch.setenv("SECRET_KEY", "a-stock-project-secret-key-" + "x" * 30)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/engage_bench")
    monkeypatch.setenv("ALLOWED_HOSTS", "127.0.0.1,stock.localhost")
    stock = importlib.reload(importlib.import_module("bench.baseline.settings"))

    assert stock.INSTALLED_APPS[0] == "bench.baseline"
    assert {"wagtail", "wagtail.contrib.forms", "django.contrib.sessions"} <= set(
        stock.INSTALLED_APPS
    )
    site_apps = {"consultation_blocks", "home", "search", "pagecache", "wagtail_localize"}
    assert not site_apps & set(stock.INSTALLED_APPS)
    assert "django.middleware.csrf.CsrfViewMiddleware" in stock.MIDDLEWARE
    assert "wagtail.contrib.redirects.middleware.RedirectMiddleware" in stock.MIDDLEWARE
    site_layers = ("config.", "pagecache.", "whitenoise.", "csp.", "django.middleware.locale")
    assert not [name for name in stock.MIDDLEWARE if name.startswith(site_layers)]
    assert stock.DEBUG is False
    assert stock.ALLOWED_HOSTS == ["127.0.0.1", "stock.localhost"]
    assert stock.DATABASES["default"]["NAME"] == "engage_bench"
    assert "CACHES" not in vars(stock)  # Django's default, as the template leaves it


SPEEDS = (1, 1, 4, 1, 2, 8, 3, 5, 7, 2, 6, 9)


def test_each_page_is_compared_with_the_static_file_measured_beside_it(monkeypatch):
    """The machine's speed changes through the run; every page serves a fixed share of
    what the static file serves at the same moment, which is what must be reported."""
    from bench import run

    calls = []

    def fake_run(command, **kwargs):
        # The same speed for two runs in a row, then another.
        speed = SPEEDS[len(calls) // 2 % len(SPEEDS)]
        calls.append(command)
        path, cache = command[command.index("--") + 1 :][:2]
        # Shares of the static file: the stock home 0.05, our home 0.1 uncached and 0.4
        # from the cache.
        per_speed = {"/static/x.css": 1000, "/stock/": 50, "/": 100 if cache == "bust" else 400}
        requests = per_speed[path] * speed
        result = (
            f'{{"requests": {requests}, "duration_us": 1000000, "bytes": 0, "errors": '
            '{"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}, '
            '"latency_us": {"p50": 1, "p95": 2, "p99": 3, "mean": 1.0, "max": 3}}'
        )
        return SimpleNamespace(returncode=0, stdout=result, stderr="")

    monkeypatch.setattr(run.subprocess, "run", fake_run)
    monkeypatch.setattr(run, "PUBLIC", ["home"])
    paths = {"static": "/static/x.css", "baseline_home": "/stock/", "home": "/"}

    measured = run.measure_pages("http://127.0.0.1:1", paths, run.SCALES["small"], {})

    assert measured["cached"]["home"]["to_static"] == pytest.approx(0.4)
    assert measured["uncached"]["home"]["to_static"] == pytest.approx(0.1)
    assert measured["uncached"]["baseline_home"]["to_static"] == pytest.approx(0.05)
    assert measured["uncached"]["home"]["to_baseline"] == pytest.approx(2.0)
    assert measured["cached"]["home"]["to_baseline"] == pytest.approx(8.0)
    assert measured["uncached"]["static"]["to_static"] == 1.0


def test_form_posts_are_compared_with_the_static_file_measured_beside_them(monkeypatch):
    from bench import run

    speed = {"now": 1}
    stored_so_far = iter(range(0, 1000, 10))  # each batch of posts stores ten

    class FakeVisitor:
        host = None

        def __init__(self, base, host=None):
            self.base, self.host = base, host

        def form(self, page, action):
            return {"csrfmiddlewaretoken": "t"}

        def cookie(self, name):
            return "t"

    sent = []

    def fake_get(base, paths, seconds, *, bust, **kwargs):
        assert paths == ["/static/x.css"] and bust is False
        sent.append("static")
        speed["now"] += 1  # the machine speeds up between rounds
        return {"rps": 1000.0 * speed["now"], "p50_ms": 1, "p95_ms": 2, "p99_ms": 3, "errors": 0}

    def fake_post(base, path, body, success, per_thread, timeout, cookie, host=None):
        # The stock form is posted to the stock project's server, the survey to the site's.
        assert base == ("http://127.0.0.1:1" if path == "/survey/" else "http://127.0.0.1:2")
        assert host == (None if path == "/survey/" else run.STOCK_HOST)
        sent.append((path, per_thread))
        rps = (100.0 if path == "/survey/" else 50.0) * speed["now"]
        return {"rps": rps, "p50_ms": 1, "p95_ms": 2, "p99_ms": 3, "errors": 0, "ok": 10}

    monkeypatch.setattr(run, "Visitor", FakeVisitor)
    monkeypatch.setattr(run, "survey_body", lambda visitor, info, page: {"q": "a"})
    monkeypatch.setattr(run, "wrk_get", fake_get)
    monkeypatch.setattr(
        run, "wrk_post", lambda *a, **k: {**fake_post(*a, **k), "failed": 0, "complete": True}
    )
    monkeypatch.setattr(
        run,
        "task",
        lambda env, action: dict.fromkeys(("form_submissions", "responses"), next(stored_so_far)),
    )
    info = {
        "survey_page": "/consultation/",
        "survey_path": "/survey/",
        "baseline_answers": {},
    }
    paths = {"static": "/static/x.css", "baseline_form": "/stock-form/"}

    measured = run.measure_posts(
        {}, "http://127.0.0.1:1", "http://127.0.0.1:2", info, paths, run.SCALES["small"]
    )

    assert measured["survey"]["to_static"] == pytest.approx(0.1)
    assert measured["baseline_form"]["to_static"] == pytest.approx(0.05)
    assert measured["survey"]["ok"] == 30  # the measured rounds' answers only
    # Unmeasured answers of each kind first, then each measured batch beside the static file.
    scale = run.SCALES["small"]
    warm_up = [("/stock-form/", scale.warmup * 10), ("/survey/", scale.warmup * 10)]
    assert sent[:2] == warm_up
    one_round = ["static", ("/stock-form/", scale.posts_per_thread)]
    one_round += ["static", ("/survey/", scale.posts_per_thread)]
    assert sent[2:] == one_round * 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_measuring_waits_for_the_tasks_due_now_and_not_for_later_ones():
    from django_tasks_db.models import DBTaskResult, get_date_max

    from bench import run

    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    now = timezone.now()

    def queued(status, run_after):
        return DBTaskResult.objects.create(
            status=status, run_after=run_after, args_kwargs={}, task_path="x", backend_name="x"
        )

    # Enqueued to run as soon as possible, as the demo's indexing is: stored with
    # django_tasks_db's far-future date.
    waiting = queued("READY", get_date_max())
    due = queued("READY", now - datetime.timedelta(seconds=1))
    queued("READY", now + datetime.timedelta(days=1))  # a digest for tomorrow
    queued("SUCCESSFUL", now)

    assert run.wait_for_background_tasks(url, timeout=0)["left"] == 2

    DBTaskResult.objects.filter(pk__in=[waiting.pk, due.pk]).update(status="SUCCESSFUL")
    assert run.wait_for_background_tasks(url, timeout=60) == {"seconds": 0.0, "left": 0}
