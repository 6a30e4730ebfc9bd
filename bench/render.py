"""Per-request cost of uncached public pages, in process, with production settings.

    python bench/render.py [--root CHECKOUT] [--n 200] [--profile PATH]

Needs DATABASE_URL (PostgreSQL, with the demo loaded), REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS in the environment, like `make serve`. Each address gets ``?bench=<n>``
so the page cache never answers it, while fragments are kept as usual. Prints, per
page: milliseconds per request (CPU time of this process and wall time), database
queries and Redis round trips per request. ``--root`` measures another checkout's code
with the same database, to compare two versions in one sitting.
"""

import argparse
import os
import sys
from functools import partial

parser = argparse.ArgumentParser()
parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
parser.add_argument("--n", type=int, default=200)
parser.add_argument("--profile")
parser.add_argument("--only")
args = parser.parse_args()

sys.path.insert(0, args.root)
os.chdir(args.root)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from counting import Counter, per_call  # noqa: E402  (this script's folder)
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from consultation_blocks.models import ConsultationIndexPage, ConsultationPage  # noqa: E402

counter = Counter(connection)

index = (
    ConsultationIndexPage.objects.live()
    .filter(locale__language_code=settings.LANGUAGE_CODE)
    .first()
)
consultation = ConsultationPage.objects.live().get(
    slug="how-should-we-engage-with-you", locale__language_code=settings.LANGUAGE_CODE
)
pages = {
    "home": "/",
    "index": index.get_url_parts()[2],
    "consultation": consultation.get_url_parts()[2],
}
if args.only:
    pages = {name: pages[name] for name in args.only.split(",")}
client = Client(HTTP_HOST="localhost")
sent = 0


def get(address):
    global sent
    sent += 1
    response = client.get(f"{address}?bench={sent}")
    assert response.status_code == 200, (address, response.status_code)
    return response


for name, address in pages.items():
    for _ in range(5):
        get(address)  # fragments kept, connections open
    query_count, redis_calls = counter.during(partial(get, address))
    profile_path = f"{args.profile}.{name}" if args.profile else None
    cpu, wall = per_call(partial(get, address), args.n, profile_path)
    sys.stdout.write(
        f"{os.path.basename(args.root.rstrip('/')):8} {name:13} {cpu:6.2f} ms cpu {wall:6.2f} ms wall"
        f" {query_count:3} queries {redis_calls:3} redis\n"
    )
