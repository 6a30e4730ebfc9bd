"""Saved drafts no longer keep equality answers; remove those already kept. The
"act for every partner" permission is named for what it now covers.

A draft holds the resident's email beside their answers, while equality answers are
only ever stored apart from anything that identifies who gave them. Drafts stay
otherwise as they were, and responses are not touched.
"""

from django.db import migrations

EQUALITY_PREFIX = "eq-"  # the form's field prefix, fixed here as the drafts stored it


def forget_equality_answers(apps, schema_editor):
    SurveyDraft = apps.get_model("consultation_blocks", "SurveyDraft")
    for draft in SurveyDraft.objects.only("pk", "answers").iterator(chunk_size=500):
        answers = draft.answers if isinstance(draft.answers, dict) else {}
        kept = {
            name: value for name, value in answers.items() if not name.startswith(EQUALITY_PREFIX)
        }
        if kept != answers:
            SurveyDraft.objects.filter(pk=draft.pk).update(answers=kept)


PERMISSION_NAMES = (
    "Can approve, publish and moderate for every partner",
    "Can approve, publish, moderate and see residents' responses for every partner",
)


def rename_permission(apps, schema_editor, old, new):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="consultation_blocks", codename="act_for_every_partner", name=old
    ).update(name=new)


def name_what_the_permission_covers(apps, schema_editor):
    rename_permission(apps, schema_editor, *PERMISSION_NAMES)


def restore_permission_name(apps, schema_editor):
    rename_permission(apps, schema_editor, *reversed(PERMISSION_NAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("consultation_blocks", "0008_blocked_submission_tally"),
    ]

    operations = [
        migrations.RunPython(forget_equality_answers, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="partnerteammember",
            options={
                "ordering": ["partner__name", "user__username"],
                "permissions": [("act_for_every_partner", PERMISSION_NAMES[1])],
                "verbose_name": "partner team member",
                "verbose_name_plural": "partner team members",
            },
        ),
        migrations.RunPython(name_what_the_permission_covers, restore_permission_name),
    ]
