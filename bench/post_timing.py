"""Per-request cost of an anonymous resident's survey answer, in process, with the
benchmark's settings.

    python bench/post_timing.py [--root CHECKOUT] [--n 200] [--profile PATH] [--queries]

Needs DJANGO_SETTINGS_MODULE=config.settings.bench (its minimum fill time is 0),
DATABASE_URL (PostgreSQL, with the demo loaded), REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS in the environment, like bench/render.py. Answers the survey that
`make bench` answers (bench.tasks.survey_on_one_page, created if missing): the page is
fetched once for the form's hidden fields, then the same answers are sent N times with
a new submission key each, as bench/wrk/post.lua sends them, with the Origin and
Sec-Fetch-Site a browser adds. Prints milliseconds per POST (CPU time of this process
and wall time), database queries and Redis round trips per POST, and checks that every
POST stored exactly one response.
"""

import argparse
import os
import sys
import uuid
from html.parser import HTMLParser
from urllib.parse import urlencode

parser = argparse.ArgumentParser()
parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
parser.add_argument("--n", type=int, default=200)
parser.add_argument("--profile")
parser.add_argument("--queries", action="store_true", help="print the SQL of one POST")
args = parser.parse_args()

sys.path.insert(0, args.root)
os.chdir(args.root)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from counting import Counter, per_call  # noqa: E402  (this script's folder)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.tasks import survey_answers, survey_on_one_page  # noqa: E402
from consultation_blocks.models import SurveyResponse  # noqa: E402

counter = Counter(connection)


class HiddenInputs(HTMLParser):
    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.hidden = action, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action", "").split("?")[0].endswith(self.action)
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.hidden[attrs.get("name")] = attrs.get("value") or ""


page, survey = survey_on_one_page()
respond_path = page.get_url_parts()[2] + page.reverse_subpage("respond", args=[survey.id])
client = Client(HTTP_HOST="localhost")
form_page = client.get(page.get_url_parts()[2] + "?bench=form")
assert form_page.status_code == 200, form_page.status_code
reader = HiddenInputs(respond_path)
reader.feed(form_page.content.decode())
body = {**reader.hidden, **survey_answers(survey)}
FORM_ENCODED = "application/x-www-form-urlencoded"  # as browsers and wrk send it
headers = {"HTTP_ORIGIN": "http://localhost", "HTTP_SEC_FETCH_SITE": "same-origin"}


def post():
    data = urlencode({**body, "submission_key": str(uuid.uuid4())}, doseq=True)
    response = client.post(respond_path, data, content_type=FORM_ENCODED, **headers)
    assert response.status_code == 302, (response.status_code, response.content[:2000])
    return response


for _ in range(5):
    post()  # connections open, caches warm
stored_before = SurveyResponse.objects.filter(page=page, survey_id=survey.id).count()
query_count, redis_calls = counter.during(post)
if args.queries:
    for sql in counter.statements:
        sys.stdout.write(sql[:300] + "\n")
cpu, wall = per_call(post, args.n, args.profile)
stored = SurveyResponse.objects.filter(page=page, survey_id=survey.id).count() - stored_before
assert stored == args.n + 1, (stored, args.n + 1)
sys.stdout.write(
    f"{os.path.basename(args.root.rstrip('/')):8} survey POST {cpu:6.2f} ms cpu {wall:6.2f} ms wall"
    f" {query_count:3} queries {redis_calls:3} redis\n"
)
