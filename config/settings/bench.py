"""Settings for `make bench`: production settings plus the stock Wagtail pages the
benchmark compares against (bench.baseline: the site migrates their tables; a stock
project, bench/baseline/settings.py, serves them), over plain HTTP on 127.0.0.1.

Only the benchmark uses these. The spam defences stay on; their thresholds are lifted so
that one load generator on one address, answering instantly, is not refused.
"""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.baseline"]

# One client address sends every request, with no human pause before sending a form.
CONSULTATION_RATE_LIMIT = 10**9
CONSULTATION_MIN_FILL_SECONDS = 0
