"""Administrators may change the partnership's name, colours and contact details."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["change_partnershipsettings", "view_partnershipsettings"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="home", codename__in=CODENAMES)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name="Administrators").first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Administrators").first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_house_rules_block"),
        ("consultation_blocks", "0006_workflow_groups_and_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
