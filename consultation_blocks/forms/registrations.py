"""The public registration form for an event, and the staff's attendance form."""

from django import forms

from ..models import AudienceGroup
from ..models.registrations import NAME_MAX_LENGTH, NEEDS_MAX_LENGTH, ORGANISATION_MAX_LENGTH

# The groups an organisation may say it represents: the seldom-heard groups the
# forward plan and equality monitoring share, not "residents in general".
REPRESENTED_GROUP_CHOICES = [
    (value, label) for value, label in AudienceGroup.choices if value != AudienceGroup.GENERAL
]


def _text(label, max_length, *, required=False, help_text="", what="this"):
    messages = {"max_length": f"{label} must be {max_length} characters or fewer"}
    if required:
        messages["required"] = f"Enter {what}"
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages=messages,
    )


class RegistrationForm(forms.Form):
    name = _text("Full name", NAME_MAX_LENGTH, required=True, what="your full name")
    email = forms.EmailField(
        max_length=254,
        label="Email address",
        help_text="We send your confirmation and the event's details here.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    organisation = _text(
        "Organisation or group (optional)",
        ORGANISATION_MAX_LENGTH,
        help_text="The organisation or group you come from, if any.",
    )
    groups_represented = forms.MultipleChoiceField(
        choices=REPRESENTED_GROUP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which groups does your organisation represent? (optional)",
        help_text="This helps the network see who is missing. Select all that apply.",
        error_messages={"invalid_choice": "Select groups from the list"},
    )
    access_needs = _text(
        "Access needs (optional)",
        NEEDS_MAX_LENGTH,
        help_text="For example step-free access, a hearing loop, a British Sign Language "
        "interpreter, large print papers or a quiet room.",
    )
    dietary_needs = _text(
        "Dietary needs (optional)",
        NEEDS_MAX_LENGTH,
        help_text="For example vegetarian, halal, gluten-free or an allergy.",
    )
    consent = forms.BooleanField(
        label="I agree to my details being used as described above",
        error_messages={
            "required": "Confirm that you agree to how we use your details, or you cannot register"
        },
    )

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class AttendanceForm(forms.Form):
    """Who attended: ticks among the confirmed registrations and the body's invited
    organisations. Only those offered are accepted."""

    attended = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="People who registered and attended",
        error_messages={"invalid_choice": "Select people from the list of registrations"},
    )
    invitees = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Invited organisations that attended",
        help_text="Tick organisations on the core invite list that came, including "
        "those nobody registered for.",
        error_messages={"invalid_choice": "Select organisations from the invite list"},
    )

    def __init__(self, *args, registrations, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(registration.pk), registration.name or "Name removed")
            for registration in registrations
        ]
        self.fields["invitees"].choices = [
            (str(invitee.pk), f"{invitee.organisation} ({invitee.role})") for invitee in invitees
        ]

    def clean_attended(self):
        return [int(value) for value in self.cleaned_data["attended"]]

    def clean_invitees(self):
        return [int(value) for value in self.cleaned_data["invitees"]]
