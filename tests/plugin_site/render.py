"""Run in a fresh process (see tests/test_plugin_edges.py): migrate the plugin-only
site into memory, publish a consultation, an empty consultation index and a strategy,
and print each page's status and HTML as JSON."""

import json
import os
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.plugin_site.settings"
django.setup()

from django.core.management import call_command  # noqa: E402  (needs django.setup())
from django.test import Client  # noqa: E402
from wagtail.models import Site  # noqa: E402

from tests.factories import (  # noqa: E402
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    StrategyIndexPageFactory,
    StrategyPageFactory,
    comments_block,
)

call_command("migrate", verbosity=0)
call_command("check", fail_level="WARNING", stdout=sys.stderr)

root = Site.objects.get(is_default_site=True).root_page
index = ConsultationIndexPageFactory(parent=root)
consultation = ConsultationPageFactory(parent=index, body=[comments_block()])
consultation.tags.add("libraries")
consultation.save_revision().publish()
empty_index = ConsultationIndexPageFactory(parent=root, title="Nothing yet", slug="nothing-yet")
strategies = StrategyIndexPageFactory(parent=root)
strategy = StrategyPageFactory(parent=strategies)
strategy.tags.add("libraries")
strategy.save_revision().publish()

client = Client()
pages = {
    "consultation": consultation.url,
    "empty_index": empty_index.url + "?status=upcoming",
    "strategy": strategy.url,
}
result = {}
for name, url in pages.items():
    response = client.get(url)
    result[name] = {"status": response.status_code, "html": response.content.decode()}
json.dump(result, sys.stdout)
