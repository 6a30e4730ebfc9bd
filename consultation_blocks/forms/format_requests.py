"""The public form residents use to ask for a consultation in another format."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AccessibleFormat
from ..models.format_requests import DETAILS_MAX_LENGTH, LANGUAGE_MAX_LENGTH, NAME_MAX_LENGTH
from ..questions.base import PlainCharField


class FormatRequestForm(forms.Form):
    name = PlainCharField(
        required=False,
        max_length=NAME_MAX_LENGTH,
        label=_("Your name (optional)"),
        error_messages={"max_length": _("Your name must be 100 characters or fewer")},
    )
    email = forms.EmailField(
        max_length=254,
        label=_("Email address"),
        help_text=_("We send the format, or ask you about it, at this address."),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Your email address must be 254 characters or fewer"),
        },
    )
    format = forms.ChoiceField(
        choices=AccessibleFormat.choices,
        widget=forms.RadioSelect,
        label=_("Which format do you need?"),
        error_messages={
            "required": _("Select the format you need"),
            "invalid_choice": _("Select the format you need from the list"),
        },
    )
    language = PlainCharField(
        required=False,
        max_length=LANGUAGE_MAX_LENGTH,
        label=_("Which language? (if you need another language)"),
        error_messages={"max_length": _("The language must be 100 characters or fewer")},
    )
    details = PlainCharField(
        required=False,
        max_length=DETAILS_MAX_LENGTH,
        widget=forms.Textarea,
        label=_("Anything else we should know (optional)"),
        help_text=_("For example, a postal address for large print or Braille."),
        error_messages={"max_length": _("Your message must be 1,000 characters or fewer")},
    )
    consent = forms.BooleanField(
        label=_("I agree to my request being used as described above"),
        error_messages={"required": _("Tick the box to agree to how we use your request")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == AccessibleFormat.LANGUAGE and not cleaned.get("language"):
            self.add_error("language", _("Enter the language you need"))
        return cleaned
