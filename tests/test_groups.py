"""The roles the plugin's data migration creates, and the migration itself."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
)

from consultation_blocks.models import PartnerTeamMember
from consultation_blocks.models.teams import (
    acts_for_every_partner,
    can_publish_pages,
    moderators_of,
    partner_ids_for_user,
    partners_with_moderators,
)
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def page_permissions(name):
    return set(
        GroupPagePermission.objects.filter(group__name=name).values_list(
            "page__depth", "permission__codename"
        )
    )


def test_comms_editors_write_and_submit_but_cannot_publish():
    assert page_permissions("Comms editors") == {(1, "add_page"), (1, "change_page")}
    group = Group.objects.get(name="Comms editors")
    # Decisions and indicators are kept as drafts by partner (migration 0019).
    records = {
        f"{action}_{model}"
        for model in ("decision", "indicator")
        for action in ("add", "change", "delete", "view")
    }
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "view_partner",
        "view_area",
        # Planning their partners' engagement activities (the admin limits them to those).
        "add_engagementactivity",
        "change_engagementactivity",
        "delete_engagementactivity",
        "view_engagementactivity",
        *records,
        # Keeping the action logs of their partners' network bodies (migration 0022).
        "add_action",
        "change_action",
        "delete_action",
        "view_action",
        # Keeping their partners' yearly survey series (migration 0031).
        "add_surveyseries",
        "change_surveyseries",
        "delete_surveyseries",
        "view_surveyseries",
    }
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    ) == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }


def test_moderators_also_publish_unpublish_lock_and_review():
    assert page_permissions("Moderators") == {
        (1, codename)
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
    }
    review = GroupApprovalTask.objects.get(name="Moderator review")
    assert set(review.groups.values_list("name", flat=True)) == {"Moderators", "Administrators"}


def test_administrators_get_everything_but_user_management():
    group = Group.objects.get(name="Administrators")
    assert page_permissions("Administrators") == {
        (1, codename)
        for codename in (
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        )
    }
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "access_admin",
        "act_for_every_partner",
        "change_partner",
        "change_partnerteammember",
        "change_consultationsettings",
        "add_workflow",
        "change_task",
        "change_site",
        "add_redirect",
        "add_searchpromotion",
    } <= codenames
    # Whoever can edit users in Wagtail can make anyone a superuser.
    assert not group.permissions.filter(content_type__app_label="auth").exists()
    assert {"add_collection", "delete_image", "delete_document"} <= set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )


def test_no_role_can_manage_users_or_groups():
    assert not Permission.objects.filter(
        group__name__in=["Comms editors", "Moderators", "Administrators"],
        content_type__app_label="auth",
    ).exists()


def test_page_permissions_cover_the_whole_tree_including_the_home_page(home_page, role_users):
    editor = role_users["comms_editor"]
    moderator = role_users["moderator_b"]
    assert home_page.permissions_for_user(editor).can_edit()
    assert not home_page.permissions_for_user(editor).can_publish()
    assert home_page.permissions_for_user(moderator).can_publish()
    assert not home_page.permissions_for_user(role_users["resident"]).can_edit()
    root = Page.objects.get(depth=1)
    assert (
        Workflow.objects.get(name="Partnership approval").workflow_pages.filter(page=root).exists()
    )


@pytest.mark.parametrize(
    "role, can_see_partners, can_edit_partners",
    [
        ("comms_editor", True, False),
        ("moderator_a", True, False),
        ("administrator", True, True),
    ],
)
def test_partner_snippets_are_read_only_below_administrators(
    client_for, role_users, partner_a, role, can_see_partners, can_edit_partners
):
    client = client_for(role_users[role])
    listing = client.get(reverse("wagtailsnippets_consultation_blocks_partner:list"))
    assert (listing.status_code == 200) is can_see_partners
    response = client.post(
        reverse("wagtailsnippets_consultation_blocks_partner:edit", args=[partner_a.pk]),
        {"name": "Renamed", "slug": partner_a.slug, "kind": partner_a.kind},
    )
    assert response.status_code < 500
    partner_a.refresh_from_db()
    assert (partner_a.name == "Renamed") is can_edit_partners


def test_editors_can_choose_a_lead_partner(client_for, role_users, partner_a):
    client = client_for(role_users["comms_editor"])
    response = client.get(reverse("wagtailsnippetchoosers_consultation_blocks_partner:choose"))
    assert response.status_code == 200
    assert "Northshire Council" in response.content.decode()


# Partner teams --------------------------------------------------------------------


def test_an_administrator_links_people_to_partners_in_the_admin(client_for, role_users, partner_a):
    newcomer = UserFactory(username="newcomer", groups=["Moderators"])
    client = client_for(role_users["administrator"])
    url = reverse("wagtailsnippets_consultation_blocks_partnerteammember:add")

    response = client.post(url, {"partner": partner_a.pk, "user": newcomer.pk})
    assert response.status_code == 302
    assert list(newcomer.partner_teams.values_list("partner", flat=True)) == [partner_a.pk]

    # Twice is refused with a message, not an error page.
    response = client.post(url, {"partner": partner_a.pk, "user": newcomer.pk})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert PartnerTeamMember.objects.filter(user=newcomer).count() == 1

    listing = client.get(
        reverse("wagtailsnippets_consultation_blocks_partnerteammember:list"),
        {"partner": partner_a.pk},
    )
    assert "newcomer" in listing.content.decode()
    search = client.get(
        reverse("wagtailsnippets_consultation_blocks_partnerteammember:list"), {"q": "newco"}
    )
    assert search.status_code == 200
    assert "newcomer" in search.content.decode()


def test_inactive_people_cannot_be_linked_to_a_partner(client_for, role_users, partner_a):
    former = UserFactory(username="former", is_active=False)
    client = client_for(role_users["administrator"])
    response = client.post(
        reverse("wagtailsnippets_consultation_blocks_partnerteammember:add"),
        {"partner": partner_a.pk, "user": former.pk},
    )
    assert response.status_code == 200
    assert not PartnerTeamMember.objects.filter(user=former).exists()


def test_partner_selectors(role_users, partner_a, partner_b, django_assert_num_queries):
    moderator_a = role_users["moderator_a"]
    editor = UserFactory(username="writer", groups=["Comms editors"], partners=[partner_b])
    unstaffed = PartnerFactory(name="Eastwick Fire", slug="eastwick-fire")

    with django_assert_num_queries(1):
        partner_ids_for_user(moderator_a)
        partner_ids_for_user(moderator_a)
    assert partners_with_moderators({partner_a.pk, partner_b.pk, unstaffed.pk}) == {
        partner_a.pk,
        partner_b.pk,
    }
    assert set(moderators_of({partner_b.pk})) == {role_users["moderator_b"]}
    assert can_publish_pages(moderator_a)
    assert not can_publish_pages(editor)
    assert acts_for_every_partner(role_users["administrator"])
    assert not acts_for_every_partner(moderator_a)


# The migration on a fresh database ---------------------------------------------------

MIGRATION_SCRIPT = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from importlib import import_module
    from wagtail.models import GroupPagePermission, Task, WorkflowPage

    def snapshot():
        return {
            "groups": {
                group.name: {
                    "permissions": sorted(group.permissions.values_list(
                        "content_type__app_label", "codename")),
                    "pages": sorted(GroupPagePermission.objects.filter(group=group)
                        .values_list("page__depth", "permission__codename")),
                    "members": sorted(group.user_set.values_list("username", flat=True)),
                }
                for group in Group.objects.order_by("name")
            },
            "root_workflow": list(WorkflowPage.objects.values_list("page__depth", "workflow__name")),
            "tasks": sorted(Task.objects.values_list("name", flat=True)),
        }

    results = {}
    # Every app but the plugin's last migration: an existing site about to upgrade.
    call_command("migrate", "consultation_blocks", "0005", verbosity=0)
    loader = MigrationExecutor(connection).loader
    for app_label in sorted(
        {app for app, _ in loader.disk_migrations} - {"consultation_blocks", "home"}
    ):
        call_command("migrate", app_label, verbosity=0)
    # home's later migrations build on the groups, so stop before them.
    call_command("migrate", "home", "0003", verbosity=0)
    results["before"] = snapshot()
    alice = User.objects.create(username="alice")
    alice.groups.add(Group.objects.get(name="Editors"))
    call_command("migrate", verbosity=0)
    results["after"] = snapshot()

    # Running the migration's steps again changes nothing.
    target = ("consultation_blocks", "0006_workflow_groups_and_permissions")
    state_apps = MigrationExecutor(connection).loader.project_state(target).apps
    migration = import_module("consultation_blocks.migrations." + target[1])
    with connection.schema_editor() as schema_editor:
        migration.forwards(state_apps, schema_editor)
    results["again"] = snapshot()

    call_command("migrate", "consultation_blocks", "0005", verbosity=0)
    results["reversed"] = snapshot()
    call_command("migrate", verbosity=0)
    results["reapplied"] = snapshot()
    print(json.dumps(results))
    """
)


@pytest.fixture(scope="module")
def migration_run(tmp_path_factory):
    database = tmp_path_factory.mktemp("migrations") / "fresh.sqlite3"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    completed = subprocess.run(
        [sys.executable, "-c", MIGRATION_SCRIPT],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_a_fresh_install_gets_the_groups_and_the_workflow(migration_run):
    after = migration_run["after"]
    assert {"Comms editors", "Moderators", "Administrators", "Editors"} <= set(after["groups"])
    assert after["root_workflow"] == [[1, "Partnership approval"]]
    assert {"Moderator review", "Lead partner sign-off"} <= set(after["tasks"])
    assert len(after["groups"]["Administrators"]["permissions"]) > 40


def test_members_of_wagtails_editors_group_become_comms_editors(migration_run):
    after = migration_run["after"]
    assert after["groups"]["Comms editors"]["members"] == ["alice"]
    # Wagtail's group is left as it was.
    assert after["groups"]["Editors"] == {
        **migration_run["before"]["groups"]["Editors"],
        "members": ["alice"],
    }


def test_the_migration_is_idempotent(migration_run):
    assert migration_run["again"] == migration_run["after"]


def test_the_migration_reverses_cleanly_and_reapplies(migration_run):
    before, reversed_ = migration_run["before"], migration_run["reversed"]
    assert set(reversed_["groups"]) == {"Editors", "Moderators"}
    assert reversed_["groups"]["Moderators"] == before["groups"]["Moderators"]
    assert reversed_["groups"]["Editors"]["members"] == ["alice"]
    assert reversed_["root_workflow"] == before["root_workflow"] == [[1, "Moderators approval"]]
    assert reversed_["tasks"] == before["tasks"]
    assert migration_run["reapplied"] == migration_run["after"]


def test_moderators_publish_decisions_and_indicators_and_comms_editors_do_not():
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert {"publish_decision", "publish_indicator"} <= codenames("Moderators")
    assert {"publish_decision", "publish_indicator"} <= codenames("Administrators")
    assert not {"publish_decision", "publish_indicator"} & codenames("Comms editors")
