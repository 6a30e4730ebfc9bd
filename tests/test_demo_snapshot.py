"""The demo a test asks for (``seeded``) is the demo a seed makes, given back from the
rows kept after one seed a process (tests/demo_snapshot.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from consultation_blocks.models import Partner, PartnerKind
from home.demo.seed import seed_demo


def test_seeding_over_the_demo_given_back_finds_nothing_missing(seeded, demo_password):
    assert Partner.objects.exists()

    assert seed_demo(password=demo_password).created == []


def test_rows_added_after_the_demo_get_new_ids(seeded):
    # Sequences come back with the rows: an insert must not reuse a demo row's id.
    before = set(Partner.objects.values_list("pk", flat=True))

    added = Partner.objects.create(
        name="A fictional partner", slug="a-fictional-partner", kind=PartnerKind.COUNCIL
    )

    assert added.pk not in before


def test_what_a_test_changes_is_gone_when_the_next_asks_for_the_demo(seeded, demo_snapshot):
    snapshot = demo_snapshot.seeded
    get_user_model().objects.filter(username="editor").delete()
    assert "auth_user" in snapshot.tables_changed_since(connection)

    snapshot.restore(connection)

    assert snapshot.tables_changed_since(connection) == []
    assert get_user_model().objects.filter(username="editor").exists()


def test_the_demo_refuses_to_come_after_a_fixture_that_wrote(db, request):
    get_user_model().objects.create_user("someone-fictional")

    with pytest.raises(pytest.fail.Exception, match="auth_user"):
        request.getfixturevalue("seeded")
