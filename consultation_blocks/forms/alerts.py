"""The public form residents use to ask for email alerts."""

from django import forms
from taggit.models import Tag

from ..models import AlertFrequency, AlertKind, Area, Partner


class AlertSubscribeForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label="Email address",
        help_text="We send a link to this address; nothing else is sent until you open it.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    kinds = forms.MultipleChoiceField(
        choices=AlertKind.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What do you want to hear about?",
        help_text="Select all that apply.",
        error_messages={
            "required": "Select what you want to hear about",
            "invalid_choice": "Select what you want to hear about from the list",
        },
    )
    frequency = forms.ChoiceField(
        choices=AlertFrequency.choices,
        widget=forms.RadioSelect,
        label="How often?",
        error_messages={
            "required": "Select how often you want alerts",
            "invalid_choice": "Select how often you want alerts from the list",
        },
    )
    topic = forms.ChoiceField(required=False, label="Topic")
    area = forms.ChoiceField(required=False, label="Area")
    partner = forms.ChoiceField(required=False, label="Partner")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every area and partner, not only those with consultations today: a resident
        # subscribes for what may come. Topics are the tags consultations use.
        self.fields["topic"].choices = [("", "Any topic")] + list(
            Tag.objects.filter(consultation_blocks_consultationpagetag_items__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        self.fields["area"].choices = [("", "Anywhere")] + [
            (area.slug, str(area)) for area in Area.objects.order_by("name")
        ]
        self.fields["partner"].choices = [("", "Any partner")] + [
            (partner.slug, partner.display_name) for partner in Partner.objects.order_by("name")
        ]
        for name, label in (("topic", "topic"), ("area", "area"), ("partner", "partner")):
            self.fields[name].error_messages["invalid_choice"] = (
                f"Select a {label} from the list, or leave it as it is to hear about any"
            )
