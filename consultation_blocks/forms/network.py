"""The admin form for a network body's actions: it keeps an action inside its
editor's bodies and its meetings inside its body, and takes the note that goes into
the action's history with a change of status once the version is approved."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from ..formats import govuk_date
from ..models import ActionState, MeetingPage
from ..models.network import bodies_user_keeps


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({govuk_date(obj.starts_at)})"


def _meeting_field(label, help_text, *, required=False):
    return MeetingChoiceField(
        queryset=MeetingPage.objects.order_by("-starts_at", "pk"),
        required=required,
        label=label,
        help_text=help_text,
        error_messages={
            "invalid_choice": "Choose a meeting from the list.",
            "required": "Choose the meeting that agreed the action.",
        },
    )


class ActionAdminForm(WagtailAdminModelForm):
    raised_at = _meeting_field("Raised at", "The meeting that agreed the action.", required=True)
    closed_at = _meeting_field("Closed at", "The meeting that closed it, if a meeting did.")
    update_note = forms.CharField(
        label="Progress note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Added to the action's history, with any change of status, once approved.",
    )
    update_meeting = _meeting_field(
        "Meeting that discussed it",
        "The meeting this update or change of status was agreed at, if any. "
        "An action done or dropped at a meeting is closed at it.",
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        # A note goes with one version: each edit starts with an empty one.
        self.initial["update_note"] = ""
        self.initial["update_meeting"] = None
        if "body" in self.fields:
            # The bodies whose actions the user may record (the records' partner rule).
            self.fields["body"].queryset = bodies_user_keeps(for_user).order_by("title")
            self.fields["body"].error_messages["invalid_choice"] = (
                "Choose a body whose partners you work for."
            )

    def save(self, commit=True):
        action = self.instance
        meeting = self.cleaned_data.get("update_meeting")
        action.apply_state(
            state=action.state, meeting=meeting if action.state != ActionState.OPEN else None
        )
        return super().save(commit=commit)

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        raised_at = cleaned.get("raised_at")
        closed_at = cleaned.get("closed_at")
        update_meeting = cleaned.get("update_meeting")
        state = cleaned.get("state")
        if body is not None:
            for name, meeting in (
                ("raised_at", raised_at),
                ("closed_at", closed_at),
                ("update_meeting", update_meeting),
            ):
                if meeting is not None and not meeting.path.startswith(body.path):
                    self.add_error(name, f"Choose a meeting of {body.title}.")
        if raised_at is not None:
            for name, meeting in (("closed_at", closed_at), ("update_meeting", update_meeting)):
                if meeting is not None and meeting.starts_at < raised_at.starts_at:
                    self.add_error(
                        name, "Choose a meeting on or after the one that raised the action."
                    )
        if state == ActionState.OPEN and closed_at is not None:
            self.add_error(
                "closed_at", "An open action has not been closed: leave this empty or close it."
            )
        due_on = cleaned.get("due_on")
        if due_on and raised_at is not None and due_on < raised_at.meeting_date:
            self.add_error("due_on", "An action cannot be due before the meeting that raised it.")
        return cleaned
