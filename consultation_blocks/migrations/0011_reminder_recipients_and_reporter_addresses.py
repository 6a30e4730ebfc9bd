"""Outcome reminders can go to a whole team; reports and poll votes keep a keyed hash
of the sender's address.

Existing rows are kept as they are. A reminder's single address becomes a list of one.
Existing reports and votes have no address (it was never kept, and cannot be
recovered): their new field stays null, which the code reads as "unknown", so each old
report still counts as its own distinct reporter, exactly as it did when it was made.
Comments already sent back to the queue stay there, and none is sent back or released
by this migration.
"""

from django.db import migrations, models


def sent_to_into_recipients(apps, schema_editor):
    OutcomeReminder = apps.get_model("consultation_blocks", "OutcomeReminder")
    for reminder in OutcomeReminder.objects.exclude(sent_to="").only("pk", "sent_to"):
        reminder.recipients = [reminder.sent_to]
        reminder.save(update_fields=["recipients"])


def recipients_into_sent_to(apps, schema_editor):
    OutcomeReminder = apps.get_model("consultation_blocks", "OutcomeReminder")
    for reminder in OutcomeReminder.objects.only("pk", "recipients"):
        # The old column holds one address: keep the first.
        reminder.sent_to = (reminder.recipients or [""])[0]
        reminder.save(update_fields=["sent_to"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultation_blocks", "0010_residents_data_privacy"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcomereminder",
            name="recipients",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(sent_to_into_recipients, recipients_into_sent_to),
        migrations.RemoveField(
            model_name="outcomereminder",
            name="sent_to",
        ),
        migrations.AddField(
            model_name="commentreport",
            name="reporter_address",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="pollvote",
            name="voter_address",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="pollvote",
            name="address_place",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="pollvote",
            constraint=models.UniqueConstraint(
                fields=("page", "poll_id", "voter_address", "address_place"),
                name="numbered_votes_per_address",
            ),
        ),
    ]
