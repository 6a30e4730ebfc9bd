"""Public forms residents use to comment and to report a comment."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import COMMENT_MAX_LENGTH, NAME_MAX_LENGTH, ReportReason


class CommentForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        label=_("Your name"),
        help_text=_("Shown with your comment."),
    )
    anonymous = forms.BooleanField(required=False, label=_("Post my comment without my name"))
    email = forms.EmailField(
        max_length=254,
        label=_("Email address"),
        help_text=_("Never shown. We use it only to tell you if we cannot publish your comment."),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    body = forms.CharField(
        max_length=COMMENT_MAX_LENGTH,
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter your comment"),
            "max_length": format_lazy(
                _("Your comment must be {limit} characters or fewer"), limit=COMMENT_MAX_LENGTH
            ),
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, allow_anonymous=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_anonymous = allow_anonymous
        if not allow_anonymous:
            del self.fields["anonymous"]

    def clean(self):
        cleaned_data = super().clean()
        anonymous = cleaned_data.get("anonymous", False)
        if not anonymous and not (cleaned_data.get("name") or "").strip():
            message = (
                _("Enter your name, or choose to post without it")
                if self.allow_anonymous
                else _("Enter your name")
            )
            self.add_error("name", message)
        return cleaned_data


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        label=_("Why are you reporting this comment?"),
        error_messages={
            "required": _("Choose why you are reporting this comment"),
            "invalid_choice": _("Choose why you are reporting this comment from the list"),
        },
    )
