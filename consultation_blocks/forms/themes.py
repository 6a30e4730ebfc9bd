"""The staff forms of the themes screen: ask for themes, rename one, merge two, and
code one answer by hand. Theme choices come from the question's own themes, so a theme
of another question (or page) is refused as an invalid choice."""

from django import forms

from ..models import AnswerTheme
from ..services.themes import MAX_THEMES, MIN_THEMES

NO_THEME_CHOICE = ("", "No theme")


class DiscoverThemesForm(forms.Form):
    count = forms.IntegerField(
        label="How many themes",
        min_value=MIN_THEMES,
        max_value=MAX_THEMES,
        initial=5,
        help_text=f"Between {MIN_THEMES} and {MAX_THEMES}. You can merge themes afterwards.",
    )


class RenameThemeForm(forms.Form):
    label = forms.CharField(
        label="Name", max_length=AnswerTheme._meta.get_field("label").max_length
    )


class _QuestionThemesForm(forms.Form):
    def __init__(self, data=None, *, themes, **kwargs):
        super().__init__(data, **kwargs)
        self.themes = {str(theme.pk): theme for theme in themes}
        choices = [(str(theme.pk), theme.label) for theme in themes]
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                field.choices = [*self.extra_choices.get(name, []), *choices]

    extra_choices = {}

    def theme(self, name):
        return self.themes.get(self.cleaned_data.get(name) or "")


class MergeThemesForm(_QuestionThemesForm):
    source = forms.ChoiceField(label="Merge this theme")
    target = forms.ChoiceField(label="into this theme")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            raise forms.ValidationError("Choose two different themes to merge.")
        return cleaned


class AssignThemeForm(_QuestionThemesForm):
    response = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    theme = forms.ChoiceField(label="Theme", required=False)

    extra_choices = {"theme": [NO_THEME_CHOICE]}
