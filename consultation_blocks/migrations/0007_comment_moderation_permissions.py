"""Let Moderators work the comment queue, and Administrators also manage house rules."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Moderators": [
        ("comment", ["moderate_comment", "view_comment"]),
        ("houserule", ["view_houserule"]),
    ],
    "Administrators": [
        ("comment", ["moderate_comment", "view_comment", "delete_comment"]),
        ("houserule", ["add_houserule", "change_houserule", "delete_houserule", "view_houserule"]),
    ],
}


def _permissions(apps, model, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="consultation_blocks",
        content_type__model=model,
        codename__in=codenames,
    )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("consultation_blocks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group_name, specs in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, codenames in specs:
            group.permissions.add(*_permissions(apps, model, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group_name, specs in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, codenames in specs:
            group.permissions.remove(*_permissions(apps, model, codenames))


class Migration(migrations.Migration):
    dependencies = [("consultation_blocks", "0006_workflow_groups_and_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
