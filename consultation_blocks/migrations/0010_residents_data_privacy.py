"""Saved drafts no longer keep equality answers; remove those already kept.

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


class Migration(migrations.Migration):
    dependencies = [
        ("consultation_blocks", "0008_blocked_submission_tally"),
    ]

    operations = [
        migrations.RunPython(forget_equality_answers, migrations.RunPython.noop),
    ]
