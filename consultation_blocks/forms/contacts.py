"""Forms of the contacts register: the public "ask to be contacted" form, the public
"see my data" form, and the staff invite list's filters and invitation."""

import re

from django import forms
from django.core.exceptions import ValidationError
from taggit.models import Tag

from ..formats import govuk_date
from ..models import Area, ContactMethod
from ..models.activities import AudienceGroup

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
    "max_length": "Your email address must be 254 characters or fewer",
}
# Groups a person can say they care about: every seldom-heard group, not "everyone".
GROUP_CHOICES = [choice for choice in AudienceGroup.choices if choice[0] != "general"]


def topic_choices():
    return list(
        Tag.objects.filter(consultation_blocks_consultationpagetag_items__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


def area_choices():
    return [(area.slug, str(area)) for area in Area.objects.order_by("name")]


class ContactSignUpForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        label="Your name",
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name must be 120 characters or fewer",
        },
    )
    email = forms.EmailField(max_length=254, label="Email address", error_messages=EMAIL_ERRORS)
    preferred_method = forms.ChoiceField(
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        label="How would you like us to contact you?",
        error_messages={
            "required": "Select how you would like us to contact you",
            "invalid_choice": "Select how you would like us to contact you from the list",
        },
    )
    phone = forms.RegexField(
        regex=r"^[0-9 +()\-]{6,30}$",
        required=False,
        max_length=30,
        label="Telephone number (if you would like a call)",
        error_messages={
            "invalid": "Enter a telephone number, like 01632 960 001",
            "max_length": "Your telephone number must be 30 characters or fewer",
        },
    )
    topics = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics you care about",
        help_text="Select all that apply, or none to hear about any topic.",
        error_messages={"invalid_choice": "Select topics from the list"},
    )
    areas = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Places you care about",
        help_text="Select all that apply, or none to hear about anywhere.",
        error_messages={"invalid_choice": "Select places from the list"},
    )
    groups = forms.MultipleChoiceField(
        choices=GROUP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Groups you belong to or care about (optional)",
        help_text="So we can invite you when something affects them.",
        error_messages={"invalid_choice": "Select groups from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices()
        self.fields["areas"].choices = area_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_method") == ContactMethod.PHONE and not cleaned.get("phone"):
            self.add_error("phone", "Enter a telephone number, or choose email")
        return cleaned

    def selected_tags(self):
        return list(Tag.objects.filter(slug__in=self.cleaned_data["topics"]))

    def selected_areas(self):
        return list(Area.objects.filter(slug__in=self.cleaned_data["areas"]))


class MyDataRequestForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label="Email address",
        help_text="We send a link to this address. Only someone who can read its email "
        "can see what we hold.",
        error_messages=EMAIL_ERRORS,
    )


class StaffSubjectAccessForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label="The person's email address",
        error_messages=EMAIL_ERRORS,
    )


class InviteFilterForm(forms.Form):
    topic = forms.ChoiceField(required=False, label="Topic")
    area = forms.ChoiceField(required=False, label="Area")
    group = forms.ChoiceField(required=False, label="Group", choices=[("", "Any group")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any topic")] + topic_choices()
        self.fields["area"].choices = [("", "Anywhere")] + area_choices()
        self.fields["group"].choices = [("", "Any group")] + GROUP_CHOICES

    def filters(self):
        if not self.is_valid():
            return None
        return {name: self.cleaned_data[name] for name in ("topic", "area", "group")}


class PageIdChoiceField(forms.ModelChoiceField):
    """A page chosen by its id: anything but a database id (a number past 64 bits,
    a NUL byte) is an invalid choice rather than a failed lookup."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not re.fullmatch(r"[0-9]{1,18}", str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class MeetingIdChoiceField(PageIdChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({govuk_date(obj.starts_at)})"


class InviteForm(InviteFilterForm):
    consultation = PageIdChoiceField(
        queryset=None,
        label="Consultation",
        empty_label="Choose a consultation",
        error_messages={
            "required": "Choose the consultation to invite people to",
            "invalid_choice": "Choose a live consultation from the list",
        },
    )

    def __init__(self, *args, consultations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultations

    def target(self):
        return self.cleaned_data["consultation"]


class MeetingInviteForm(InviteFilterForm):
    """Invite the list to register for a network meeting."""

    meeting = MeetingIdChoiceField(
        queryset=None,
        label="Meeting",
        empty_label="Choose a meeting",
        error_messages={
            "required": "Choose the meeting to invite people to",
            "invalid_choice": "Choose a meeting that takes registrations from the list",
        },
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings

    def target(self):
        return self.cleaned_data["meeting"]
