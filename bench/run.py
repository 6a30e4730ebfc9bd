"""`make bench`: the site under gunicorn with production settings, on PostgreSQL and
Redis, measured against the static file served by the same process and against stock
Wagtail pages served by a stock Wagtail project (bench/baseline/settings.py) beside it,
in the same run, so that the machine's speed and noise cancel out.

Everything listens on 127.0.0.1 only. The runner creates the `engage_bench` database and
a private Redis, loads the demo and generates data (see bench/data.py), starts
`config.serve` with `config.settings.bench` and the stock project's gunicorn with as
many workers, drives load with wrk from a separate
process (three rounds, baseline and candidate alternating, each beside a fresh
measurement of the static file, medians reported), then
stops everything and drops the database. It writes bench/results.json, prints the
table, and exits with 1 when a goal is missed (2 when the run itself failed).

BENCH_SCALE=small runs in minutes on a tenth of the data; BENCH_SCALE=search is the
small run with search measured at the full run's 10,000 and 100,000 pages; the default
is the full scale.
`python -m bench.run --report` prints the table of the last results again.
"""

import argparse
import datetime
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.tasks import STOCK_HOST  # noqa: E402
from config import serve  # noqa: E402

RESULTS = Path(os.environ.get("BENCH_RESULTS") or BASE_DIR / "bench" / "results.json")
WRK_DIR = BASE_DIR / "bench" / "wrk"
HOST = "127.0.0.1"
# BENCH_DATABASE_SUFFIX lets two runs share a server: engage_bench_<suffix>.
_SUFFIX = re.sub(r"[^a-z0-9_]", "", os.environ.get("BENCH_DATABASE_SUFFIX", "").lower())
DATABASE = f"engage_bench_{_SUFFIX}" if _SUFFIX else "engage_bench"
ROUNDS = 3
GET_THREADS, GET_CONNECTIONS = 2, 8
POST_THREADS = 4  # one connection each: see bench/wrk/post.lua
SEARCH_QUERIES = [
    "council",
    "housing",
    "parking permits",
    "library opening hours",
    "flood",
    "museum",
    "bus",
    "heritage theatre",
    "recycling bins",
    "young carers",
]


@dataclass(frozen=True)
class Scale:
    pages: tuple  # search is measured at each size
    responses: tuple  # the export is measured at each size
    comments: int
    seconds: int  # per wrk run
    warmup: int
    posts_per_thread: int
    step_timeout: int  # any one data or rebuild step
    search_seconds: int  # per search measurement, one client


SCALES = {
    "full": Scale((10_000, 100_000), (100_000, 1_000_000), 100_000, 10, 2, 150, 3 * 3600, 20),
    "small": Scale((1_000, 5_000), (10_000, 100_000), 10_000, 3, 1, 25, 1800, 6),
    # The small run, with search measured at the full run's sizes and for as long:
    # generating 100,000 pages takes minutes, the full run's million responses most of
    # its hour. Form posts: 400 a round, where the small run's 100 took under half a
    # second, too short for a rate to mean much.
    "search": Scale((10_000, 100_000), (10_000, 100_000), 10_000, 3, 1, 100, 1800, 20),
}

# What each uncached page is compared with.
BASELINES = {"home": "baseline_home", "consultation_index": "baseline_home"}
BASELINES["consultation"] = "baseline_form"
# The stock pages: a site of their own (bench/tasks.py, site_of_its_own), served by the
# stock project's own gunicorn.
STOCK = ("baseline_home", "baseline_form")
STOCK_SETTINGS = "bench.baseline.settings"
UNCACHED = [
    "static",
    "baseline_home",
    "home",
    "consultation_index",
    "baseline_form",
    "consultation",
]
PUBLIC = [
    "home",
    "consultation_index",
    "consultation",
    "consultation_closed",
    "strategy_index",
    "strategy",
    "standard",
]


def log(message):
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    sys.stderr.write(f"[{stamp}] {message}\n")


# Programs the load comes from, installed by `make bench-tools`.
LOAD_TOOLS = ("wrk",)


class BenchError(Exception):
    pass


# Processes ------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise BenchError(f"nothing answered on {HOST}:{port} within {timeout} s")


# Tasks the worker will run now; ones scheduled for later (digests) never count. A task
# with no time to wait for is stored with run_after 9999-01-01 (django_tasks_db).
QUEUED_TASKS = (
    "SELECT count(*) FROM django_tasks_database_dbtaskresult "
    "WHERE status IN ('READY', 'RUNNING') "
    "AND (run_after <= now() OR run_after = '9999-01-01 00:00:00+00')"
)


def wait_for_background_tasks(database, timeout):
    """Wait until the worker has run what loading the data queued (search indexing, the
    reference index, emails): pages are then measured on a site at rest, not beside a
    worker still busy with the content it was just given. {"seconds", "left"}; "left"
    is 0 unless the timeout passed first."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(database, autocommit=True) as connection:
        while True:
            left = connection.execute(QUEUED_TASKS).fetchone()[0]
            waited = time.monotonic() - started
            if not left or waited >= timeout:
                return {"seconds": round(waited, 1), "left": left}
            time.sleep(1)


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise BenchError(f"no result in output:\n{text[-2000:]}")


def task(env, action, total=0, timeout=3600):
    command = [sys.executable, "-m", "bench.tasks", action, str(total)]
    done = subprocess.run(
        command, env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise BenchError(f"bench.tasks {action} failed:\n{done.stderr[-3000:]}")
    return last_json(done.stdout)


def create_database(admin_url):
    import psycopg

    try:
        connection = psycopg.connect(admin_url, autocommit=True)
    except psycopg.OperationalError as error:
        raise BenchError(
            f"cannot reach PostgreSQL at {admin_url} ({error}). Start it, or set "
            "BENCH_POSTGRES_URL to a server where this user may create databases."
        ) from error
    with connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
        version = connection.execute("SHOW server_version").fetchone()[0]
    return version


def drop_database(admin_url):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def start_redis():
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port, timeout=30)
    return process, f"redis://{HOST}:{port}/0"


def database_url(admin_url):
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{DATABASE}"))


# HTTP from this process: only to read forms and check they work ----------------------


class FormReader(HTMLParser):
    """Every form on a page: its action and the values a browser would send unchanged."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "hidden": {}})
        elif tag == "input" and self.forms and attrs.get("type") == "hidden":
            self.forms[-1]["hidden"][attrs.get("name")] = attrs.get("value") or ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser with its own cookies, as a new anonymous visitor has; ``host``: the
    site it visits, when not the one at ``base``'s address."""

    def __init__(self, base, host=None):
        self.base = base
        self.host = host
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def open(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {**({"Host": self.host} if self.host else {}), **(headers or {})}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers

    def form(self, page_path, action):
        status, html, _ = self.open(page_path)
        if status != 200:
            raise BenchError(f"GET {page_path} answered {status}")
        reader = FormReader()
        reader.feed(html)
        for form in reader.forms:
            if urllib.parse.urlsplit(form["action"]).path == action:
                return form["hidden"]
        raise BenchError(f"no form posting to {action} on {page_path}")

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), "")


# Load ---------------------------------------------------------------------------


def wrk_get(base, paths, seconds, *, bust, connections=GET_CONNECTIONS, cookie=None, host=None):
    """GET ``paths`` for ``seconds``; ``host``: the Host header, for a site other than
    the one at ``base``'s address (the stock site)."""
    threads = min(GET_THREADS, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(WRK_DIR / "get.lua")]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if host:
        command += ["-H", f"Host: {host}"]
    command += [base, "--", "|".join(paths), "bust" if bust else "same"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode:
        raise BenchError(f"wrk failed: {done.stderr}")
    result = last_json(done.stdout)
    seconds_taken = result["duration_us"] / 1e6
    errors = sum(result["errors"].values())
    return {
        "rps": result["requests"] / seconds_taken,
        "p50_ms": result["latency_us"]["p50"] / 1000,
        "p95_ms": result["latency_us"]["p95"] / 1000,
        "p99_ms": result["latency_us"]["p99"] / 1000,
        "requests": result["requests"],
        "errors": errors,
    }


def wrk_post(base, path, body, success, per_thread, timeout, cookie, host=None):
    """POST the same form (each with a new submission key) per_thread times on each of
    POST_THREADS connections; stop wrk as soon as every thread has had all its answers."""
    with tempfile.TemporaryDirectory(prefix="bench-post-") as work:
        body_file = Path(work) / "body"
        body_file.write_text(body)
        markers = Path(work) / "done"
        markers.mkdir()
        run_id = secrets.token_hex(4)
        command = ["wrk", f"-t{POST_THREADS}", f"-c{POST_THREADS}", f"-d{timeout}s"]
        command += ["--timeout", "30s", "-H", f"Cookie: {cookie}"]
        if host:
            command += ["-H", f"Host: {host}"]
        command += ["-s", str(WRK_DIR / "post.lua"), base, "--"]
        command += [path, str(body_file), str(success), str(per_thread), run_id, str(markers)]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + timeout + 30
        while process.poll() is None and time.monotonic() < deadline:
            if len(list(markers.iterdir())) >= POST_THREADS:
                process.send_signal(signal.SIGINT)
                break
            time.sleep(0.1)
        out, err = process.communicate(timeout=60)
    result = last_json(out)
    return {
        "rps": result["ok"] / result["seconds"] if result["seconds"] else 0.0,
        "p50_ms": result["latency_us"]["p50"] / 1000,
        "p95_ms": result["latency_us"]["p95"] / 1000,
        "p99_ms": result["latency_us"]["p99"] / 1000,
        "requests": result["ok"] + result["failed"],
        "ok": result["ok"],
        "failed": result["failed"],
        "complete": result["complete"],
        "errors": result["failed"] + sum(result["errors"].values()),
    }


def medians(rounds):
    keys = ("rps", "p50_ms", "p95_ms", "p99_ms")
    summary = {key: statistics.median(r[key] for r in rounds) for key in keys}
    summary["errors"] = sum(r["errors"] for r in rounds)
    summary["rounds"] = rounds
    return summary


# The run --------------------------------------------------------------------------


def machine(pg_version):
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        memory_kb = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "postgresql": pg_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def environment(database, redis_url, media_root):
    env = dict(os.environ)
    env.pop("ELASTICSEARCH_URL", None)  # the database search backend is what is measured
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DATABASE_URL": database,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": "bench",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"127.0.0.1,localhost,{STOCK_HOST}",
            "DEMO_PASSWORD": secrets.token_urlsafe(16),
            "MEDIA_ROOT": str(media_root),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(BASE_DIR),
        }
    )
    return env


def start_stock(env, port, workers, log):
    """The stock Wagtail project (bench/baseline/settings.py) under gunicorn, with as
    many workers as the site and the same database; no background worker (its pages
    queue nothing)."""
    stock_env = {**env, "DJANGO_SETTINGS_MODULE": STOCK_SETTINGS}
    return subprocess.Popen(
        serve.gunicorn_command(port, workers),
        env=stock_env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=log,
    )


# What every page is measured against: a 10 KB file served by WhiteNoise through the same
# gunicorn (the site's own stylesheet, at 156 KB, would cost its transfer and flatter
# every ratio).
STATIC_FILE = "bench_baseline/ten-kilobytes.css"


def static_path():
    manifest = json.loads((BASE_DIR / "static" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"][STATIC_FILE]


def rebuild_index(env, timeout):
    started = time.perf_counter()
    command = [sys.executable, "manage.py", "rebuild_search_index", "--no-progress"]
    try:
        done = subprocess.run(
            command, env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "finished": False, "timeout": timeout}
    if done.returncode:
        raise BenchError(f"rebuild_search_index failed:\n{done.stderr[-3000:]}")
    return {"seconds": time.perf_counter() - started, "finished": True}


def measure(scale_name):
    scale = SCALES[scale_name]
    admin_url = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@{HOST}:5432/postgres")
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": scale_name,
    }
    servers, redis = [], None
    media = tempfile.TemporaryDirectory(prefix="bench-media-")
    pg_version = create_database(admin_url)
    results["machine"] = machine(pg_version)
    try:
        redis, redis_url = start_redis()
        env = environment(database_url(admin_url), redis_url, media.name)
        log("migrations, static files and check --deploy")
        serve.prepare(env, verbosity=0)
        log("demo content")
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo"],
            env=env,
            cwd=BASE_DIR,
            check=True,
            capture_output=True,
        )
        info = task(env, "setup")
        results["fields"] = {"survey": info["survey_fields"], "stock_form": info["baseline_fields"]}
        results["data"] = data = {}

        log(f"{scale.comments:,} comments")
        data["comments"] = task(env, "comments", scale.comments, scale.step_timeout)
        results["export"] = []
        for total in scale.responses:
            log(f"{total:,} survey responses")
            data[f"responses_{total}"] = task(env, "responses", total, scale.step_timeout)
            log(f"export of {total:,} responses")
            results["export"].append(task(env, "export", timeout=scale.step_timeout))

        port = free_port()
        base = f"http://{HOST}:{port}"
        # Open for the whole run; kept afterwards for reading when something failed.
        server_log = tempfile.NamedTemporaryFile(
            mode="w", prefix="bench-server-", suffix=".log", delete=False
        )
        log(f"gunicorn and the worker log to {server_log.name}")
        web, worker = serve.start(env, port, serve.worker_count(), log=server_log)
        servers += [web, worker]
        stock_port = free_port()
        stock_base = f"http://{HOST}:{stock_port}"
        servers.append(start_stock(env, stock_port, serve.worker_count(), server_log))
        wait_for_port(port)
        wait_for_port(stock_port)
        results["workers"] = serve.worker_count()
        log("waiting for the worker to finish the background tasks the data queued")
        results["background_tasks"] = wait_for_background_tasks(
            env["DATABASE_URL"], scale.step_timeout
        )
        log(f"background tasks: {results['background_tasks']}")
        paths = {name: info[name] for name in PUBLIC + ["baseline_home", "baseline_form"]}
        paths = {name: path for name, path in paths.items() if path}
        paths["static"] = static_path()

        results["search"] = []
        search_paths = [f"/search/?q={urllib.parse.quote_plus(q)}" for q in SEARCH_QUERIES]
        for number, total in enumerate(scale.pages):
            log(f"{total:,} generated pages, indexed for search")
            data[f"pages_{total}"] = task(env, "pages", total, scale.step_timeout)
            log(f"search at {total:,} pages")
            # One connection per worker, so that no worker meets its first search (its
            # templates and caches still cold) in the measurement.
            wrk_get(base, search_paths, scale.warmup * 2, bust=True, connections=results["workers"])
            found = wrk_get(base, search_paths, scale.search_seconds, bust=True, connections=1)
            results["search"].append({"pages": total, **found})
            if number == 0:
                log("search index rebuild")
                results["rebuild"] = {
                    "pages": total,
                    "comments": scale.comments,
                    **rebuild_index(env, scale.step_timeout),
                }

        stock = dict.fromkeys(STOCK, (stock_base, STOCK_HOST))
        results["pages"] = measure_pages(base, paths, scale, stock)
        results["forms_under_cache"] = check_forms(env, base, info)
        log("moderation queue")
        results["moderation"] = measure_moderation(base, info, scale)
        results["posts"] = measure_posts(env, base, stock_base, info, paths, scale)
    finally:
        serve.stop(servers)  # before Redis, which they use until they stop
        if redis is not None:
            serve.stop([redis])
        media.cleanup()
        if os.environ.get("BENCH_KEEP_DATABASE") != "1":
            drop_database(admin_url)
    return results


def measure_pages(base, paths, scale, elsewhere):
    """Each page under load, alone; ``elsewhere``: the server address and Host header of
    pages another server serves (the stock project's)."""
    scenarios = [(name, True) for name in UNCACHED if name in paths]
    scenarios += [(name, False) for name in PUBLIC if name in paths]

    def load(name, bust, seconds):
        bust = bust and name != "static"
        server, host = elsewhere.get(name, (base, None))
        return wrk_get(server, [paths[name]], seconds, bust=bust, host=host)

    log("warm-up")
    for name, bust in scenarios:
        load(name, bust, scale.warmup)
    static = ("static", True)
    rounds = {scenario: [] for scenario in scenarios}
    shares = {scenario: [] for scenario in scenarios}
    for number in range(1, ROUNDS + 1):
        log(f"pages, round {number} of {ROUNDS}")
        for scenario in scenarios:
            if scenario == static:
                continue
            beside = load(*static, scale.seconds)
            run = load(*scenario, scale.seconds)
            rounds[static].append(beside)
            rounds[scenario].append(run)
            shares[scenario].append(share_of(run, beside))
    measured = {"uncached": {}, "cached": {}}
    for (name, bust), runs in rounds.items():
        row = {"path": paths[name], **medians(runs)}
        if (name, bust) != static:
            row["to_static"] = statistics.median(shares[(name, bust)])
        measured["uncached" if bust else "cached"][name] = row
    if "static" in measured["uncached"]:
        measured["uncached"]["static"]["to_static"] = 1.0
    for group, rows in measured.items():
        for name, row in rows.items():
            baseline = BASELINES.get(name)
            if baseline and shares.get((baseline, True)):
                # Round by round, each share of the static file beside it.
                row["to_baseline"] = statistics.median(
                    mine / theirs
                    for mine, theirs in zip(
                        shares[(name, group == "uncached")], shares[(baseline, True)], strict=True
                    )
                )
    return measured


def share_of(run, static):
    """A run's requests/s as a share of the static file's measured just before it.

    The machine's speed drifts over a run (the static file alone went from 2,967 to
    4,352 requests/s between the rounds of one run), by more than the differences
    measured; a share taken from runs seconds apart cancels the drift, where one taken
    from runs minutes apart would carry it."""
    return run["rps"] / static["rps"] if static["rps"] else 0.0


def survey_body(visitor, info, page_path):
    hidden = visitor.form(page_path, info["survey_path"])
    hidden.pop("submission_key", None)
    return {**hidden, **info["survey_answers"]}


def check_forms(env, base, info):
    """A new visitor, on the pages as the cache serves them, can still answer the survey
    and comment: each is stored exactly once."""
    before = task(env, "counts")
    visitor = Visitor(base)
    survey = survey_body(visitor, info, info["survey_page"])
    survey["submission_key"] = "00000000-0000-4000-8000-" + secrets.token_hex(6)
    survey_status, _, _ = visitor.open(info["survey_path"], survey)
    visitor = Visitor(base)
    hidden = visitor.form(info["consultation"], info["comment_path"])
    comment = {
        **hidden,
        "name": "Benchmark visitor",
        "email": "visitor@example.org",
        "body": "Checking that comments still work when pages are cached.",
    }
    comment_status, _, _ = visitor.open(info["comment_path"], comment)
    after = task(env, "counts")
    return {
        "survey": survey_status == 302 and after["responses"] == before["responses"] + 1,
        "comment": comment_status == 302 and after["comments"] == before["comments"] + 1,
        "statuses": {"survey": survey_status, "comment": comment_status},
    }


def measure_moderation(base, info, scale):
    cookie = f"sessionid={info['admin_session']}"
    status, html, _ = Visitor(base).open(info["moderation_queue"], headers={"Cookie": cookie})
    if status != 200:
        raise BenchError(f"the moderation queue answered {status} to the signed-in moderator")
    return wrk_get(
        base, [info["moderation_queue"]], scale.seconds, bust=False, connections=1, cookie=cookie
    )


def measure_posts(env, base, stock_base, info, paths, scale):
    """Survey answers and stock form submissions (to the stock project), alternating,
    each checked against what the database stored; each beside the static file."""
    survey_visitor = Visitor(base)
    survey = survey_body(survey_visitor, info, info["survey_page"] + "?bench=form")
    form_visitor = Visitor(stock_base, STOCK_HOST)
    stock = {
        **form_visitor.form(paths["baseline_form"] + "?bench=form", paths["baseline_form"]),
        **info["baseline_answers"],
    }
    kinds = {
        "baseline_form": (form_visitor, paths["baseline_form"], stock, 200, "form_submissions"),
        "survey": (survey_visitor, info["survey_path"], survey, 302, "responses"),
    }
    rounds = {kind: [] for kind in kinds}
    shares = {kind: [] for kind in kinds}
    stored = dict.fromkeys(kinds, 0)
    timeout = max(120, scale.seconds * 30)

    def send(kind, per_thread):
        visitor, path, fields, success, _counter = kinds[kind]
        body = urllib.parse.urlencode(fields, doseq=True)
        cookie = f"csrftoken={visitor.cookie('csrftoken')}"
        return wrk_post(
            visitor.base, path, body, success, per_thread, timeout, cookie, host=visitor.host
        )

    # Some answers of each kind first, so that no worker meets its first (its form code
    # still to import, its caches cold) in a measured round; pages have their warm-up
    # too. They are stored like the rest; only the measured rounds' rows are compared
    # with their successes.
    log("form posts, warm-up")
    for kind in kinds:
        send(kind, scale.warmup * 10)
    for number in range(1, ROUNDS + 1):
        log(f"form posts, round {number} of {ROUNDS}")
        for kind, (_visitor, _path, _fields, _success, counter) in kinds.items():
            beside = wrk_get(base, [paths["static"]], scale.seconds, bust=False)
            before = task(env, "counts")[counter]
            run = send(kind, scale.posts_per_thread)
            stored[kind] += task(env, "counts")[counter] - before
            rounds[kind].append(run)
            shares[kind].append(share_of(run, beside))
    measured = {}
    for kind, runs in rounds.items():
        summary = medians(runs)
        summary["ok"] = sum(r["ok"] for r in runs)
        summary["failed"] = sum(r["failed"] for r in runs)
        summary["complete"] = all(r["complete"] for r in runs)
        summary["stored"] = stored[kind]
        summary["to_static"] = statistics.median(shares[kind])
        measured[kind] = summary
    return measured


# Goals and the report -------------------------------------------------------------


def goals(results):
    """Each goal of the issue, as measured in this run: (name, measured, target, met)."""
    found = []

    def goal(name, measured, target, met):
        found.append({"goal": name, "measured": measured, "target": target, "met": bool(met)})

    pages = results["pages"]
    uncached, cached = pages["uncached"], pages["cached"]
    for name, floor in (("consultation", 0.07), ("home", 0.15), ("consultation_index", 0.15)):
        row = uncached.get(name)
        if row:
            goal(
                f"uncached {name}: share of static",
                f"{row['to_static']:.3f}",
                f">= {floor}",
                row["to_static"] >= floor,
            )
            if "to_baseline" in row:
                goal(
                    f"uncached {name}: times stock {BASELINES[name].removeprefix('baseline_')}",
                    f"{row['to_baseline']:.2f}",
                    ">= 2",
                    row["to_baseline"] >= 2,
                )
    for name, row in cached.items():
        goal(
            f"cached {name}: share of static",
            f"{row['to_static']:.3f}",
            ">= 0.8",
            row["to_static"] >= 0.8,
        )
    forms = results["forms_under_cache"]
    goal(
        "forms work on cached pages (survey, comment)",
        f"survey {forms['statuses']['survey']}, comment {forms['statuses']['comment']}",
        "stored once each",
        forms["survey"] and forms["comment"],
    )
    survey = results["posts"]["survey"]
    goal(
        "survey POST: share of static",
        f"{survey['to_static']:.3f}",
        ">= 0.1",
        survey["to_static"] >= 0.1,
    )
    for kind, row in results["posts"].items():
        goal(
            f"{kind} POST: stored = successes",
            f"{row['stored']} stored, {row['ok']} ok",
            "equal, all answered",
            row["complete"] and row["stored"] == row["ok"],
        )
    largest = results["search"][-1]
    goal(
        f"search p95 at {largest['pages']:,} pages",
        f"{largest['p95_ms']:.1f} ms",
        "< 50 ms",
        largest["p95_ms"] < 50,
    )
    small, large = results["export"][0]["peak_rss_mb"], results["export"][-1]["peak_rss_mb"]
    growth = abs(large - small) / min(small, large)
    goal(
        f"export peak memory, {results['export'][-1]['rows']:,} vs "
        f"{results['export'][0]['rows']:,} rows",
        f"{growth:.0%} apart",
        "within 20%",
        growth <= 0.2,
    )
    errors = sum(row["errors"] for group in pages.values() for row in group.values())
    errors += sum(row["errors"] for row in results["search"]) + results["moderation"]["errors"]
    goal("no failed requests under load", str(errors), "0", errors == 0)
    return found


def ratio(row, key):
    return f"{row[key]:.3f}" if key in row else ""


def report(results):
    lines = []
    m = results["machine"]
    lines.append(
        f"Run of {results['date']} (scale: {results['scale']}) on {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gb']} GB, {m['os']}, PostgreSQL {m['postgresql']}, Python {m['python']}; "
        f"load average at start {', '.join(str(x) for x in m['load_average_at_start'])}; "
        f"{results['workers']} gunicorn workers."
    )
    lines.append("")
    lines.append("| page | cache | requests/s | p50 ms | p95 ms | p99 ms | × static | × stock |")
    lines.append("|---|---|--:|--:|--:|--:|--:|--:|")
    for group, label in (("uncached", "no"), ("cached", "yes")):
        for name, row in results["pages"][group].items():
            lines.append(
                f"| {name} | {label} | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
                f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {ratio(row, 'to_static')} | "
                f"{ratio(row, 'to_baseline')} |"
            )
    for kind, row in results["posts"].items():
        lines.append(
            f"| POST {kind} | no | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {row['to_static']:.3f} | |"
        )
    lines.append("")
    lines.append("| also measured | result |")
    lines.append("|---|---|")
    for kind, row in results["posts"].items():
        lines.append(f"| POST {kind}: successes / stored | {row['ok']} / {row['stored']} |")
    for row in results["search"]:
        lines.append(
            f"| search at {row['pages']:,} pages, one client | p50 {row['p50_ms']:.1f} ms, "
            f"p95 {row['p95_ms']:.1f} ms |"
        )
    rebuild = results["rebuild"]
    took = (
        f"{rebuild['seconds']:.0f} s"
        if rebuild["finished"]
        else (f"not finished in {rebuild['timeout']} s")
    )
    lines.append(
        f"| search index rebuild ({rebuild['pages']:,} generated pages, "
        f"{rebuild['comments']:,} comments) | {took} |"
    )
    for row in results["export"]:
        lines.append(
            f"| CSV export of {row['rows']:,} responses | {row['seconds']:.1f} s, "
            f"peak memory {row['peak_rss_mb']:.0f} MB |"
        )
    moderation = results["moderation"]
    lines.append(
        f"| moderation queue, {results['data']['comments']['comments']:,} comments, one client "
        f"| p50 {moderation['p50_ms']:.1f} ms, p95 {moderation['p95_ms']:.1f} ms |"
    )
    lines.append("")
    lines.append("| goal | measured | target | met |")
    lines.append("|---|---|---|---|")
    for row in results["goals"]:
        lines.append(
            f"| {row['goal']} | {row['measured']} | {row['target']} | "
            f"{'yes' if row['met'] else '**no**'} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print the last results again")
    args = parser.parse_args(argv)
    if args.report:
        sys.stdout.write(report(json.loads(RESULTS.read_text())) + "\n")
        return 0
    scale = os.environ.get("BENCH_SCALE", "full").strip() or "full"
    if scale not in SCALES:
        sys.stderr.write(f"BENCH_SCALE must be one of {', '.join(SCALES)}, not {scale!r}.\n")
        return 2
    missing = [tool for tool in LOAD_TOOLS if shutil.which(tool) is None]
    if missing:
        sys.stderr.write(
            f"{', '.join(missing)} is not installed: `make bench` installs it "
            "(or `make bench-tools` alone).\n"
        )
        return 2
    started = time.monotonic()
    try:
        results = measure(scale)
    except (BenchError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        log(f"the benchmark could not finish: {error}")
        return 2
    results["minutes"] = round((time.monotonic() - started) / 60, 1)
    results["goals"] = goals(results)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(report(results) + "\n")
    missed = [row["goal"] for row in results["goals"] if not row["met"]]
    if missed:
        log(f"{len(missed)} goal(s) missed: {'; '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
