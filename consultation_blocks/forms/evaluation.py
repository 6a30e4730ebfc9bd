"""The residents' "How was taking part?" form and staff's evaluation of an activity.
Every question of the residents' form is optional, but an empty form is refused: it
would count as a view nobody gave."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from ..models import ActivityEvaluation, Again, Ease, Heard, TakingPartFeedback
from ..questions import refuse_control_characters

MAX_MONEY = 10_000_000
MAX_PEOPLE = 10_000_000


class TakingPartForm(forms.ModelForm):
    class Meta:
        model = TakingPartFeedback
        fields = ["easy", "heard", "again", "improve"]
        labels = {
            "easy": _("How easy was it to take part?"),
            "heard": _("Did you feel your views were listened to?"),
            "again": _("Would you take part again?"),
            "improve": _("What would have made it better? (optional)"),
        }
        help_texts = {"improve": _("Do not include personal details such as your name.")}
        widgets = {
            "easy": forms.RadioSelect(choices=Ease.choices),
            "heard": forms.RadioSelect(choices=Heard.choices),
            "again": forms.RadioSelect(choices=Again.choices),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("easy", "heard", "again"):
            # Radios without the blank "---------" choice a blank model field brings.
            self.fields[name].choices = self.fields[name].choices[1:]
            self.fields[name].required = False
        self.fields["improve"].validators.append(refuse_control_characters)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("easy", "heard", "again", "improve")):
            raise forms.ValidationError(
                _("Answer at least one question, or close this page if you would rather not.")
            )
        return cleaned


class ActivityEvaluationForm(forms.ModelForm):
    class Meta:
        model = ActivityEvaluation
        fields = ["what_worked", "what_to_change", "cost", "people_reached", "partners_view"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, highest in (("cost", MAX_MONEY), ("people_reached", MAX_PEOPLE)):
            self.fields[name].validators += [MinValueValidator(0), MaxValueValidator(highest)]
        for name in ("what_worked", "what_to_change", "partners_view"):
            self.fields[name].validators.append(refuse_control_characters)
