"""Forms of the citizens' panel: joining, the member's own profile, and asking for a
new link to the member's page. Every question about the person is optional and offers
"Prefer not to say"."""

from django import forms

from ..equality import EQUALITY_QUESTIONS_BY_CODE
from ..models import PANEL_EQUALITY_CODES, Area, AreaKind
from ..questions import normalise_postcode_district
from .contacts import EMAIL_ERRORS

EQUALITY_PREFIX = "eq-"


def home_area_choices():
    """Every place a member can say they live, each named with its authority, the
    authority's wards and towns together and then the authority itself."""
    areas = Area.objects.select_related("parent")
    rows = []
    for area in areas:
        if area.kind == AreaKind.LOCAL_AUTHORITY:
            authority, label, last = area.name, f"Somewhere else in {area.name}", 1
        else:
            authority = area.parent.name if area.parent else area.name
            label, last = f"{area.name}, {authority}", 0
        rows.append(((authority, last, label), (area.slug, label)))
    return [("", "Choose where you live")] + [choice for _, choice in sorted(rows)]


class PanelProfileForm(forms.Form):
    """What a member tells us about themselves, all optional."""

    name = forms.CharField(
        max_length=120,
        required=False,
        label="Your name (optional)",
        help_text="So our emails can greet you.",
        error_messages={"max_length": "Your name must be 120 characters or fewer"},
    )
    area = forms.ChoiceField(
        required=False,
        label="Where do you live? (optional)",
        help_text="Your ward or town, or the council area if yours is not listed.",
        error_messages={"invalid_choice": "Choose where you live from the list"},
    )
    postcode_district = forms.CharField(
        max_length=8,
        required=False,
        label="The first part of your postcode (optional)",
        help_text="For example, SK14 or E1W. We do not need the rest.",
        error_messages={"max_length": "Enter only the first part of your postcode, like SK14"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = home_area_choices()
        for code in PANEL_EQUALITY_CODES:
            question = EQUALITY_QUESTIONS_BY_CODE[code]
            self.fields[f"{EQUALITY_PREFIX}{code}"] = forms.ChoiceField(
                label=question.label,
                help_text=question.hint,
                choices=question.options,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the answers listed"},
            )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_area(self):
        slug = self.cleaned_data["area"]
        return Area.objects.filter(slug=slug).first() if slug else None

    def clean_postcode_district(self):
        typed = self.cleaned_data["postcode_district"]
        if not typed.strip():
            return ""
        district = normalise_postcode_district(typed)
        if district is None:
            raise forms.ValidationError("Enter the first part of your postcode, like SK14 or E1W")
        return district

    @property
    def equality_fields(self):
        return [self[f"{EQUALITY_PREFIX}{code}"] for code in PANEL_EQUALITY_CODES]

    def equality_answers(self):
        return {
            code: value
            for code in PANEL_EQUALITY_CODES
            if (value := self.cleaned_data.get(f"{EQUALITY_PREFIX}{code}"))
        }

    def profile(self):
        """The keyword arguments of ``services.panel.update_profile``."""
        return {
            "name": self.cleaned_data["name"],
            "area": self.cleaned_data["area"],
            "postcode_district": self.cleaned_data["postcode_district"],
            "equality_profile": self.equality_answers(),
        }

    @classmethod
    def for_member(cls, member):
        initial = {
            "name": member.name,
            "area": member.area.slug if member.area else "",
            "postcode_district": member.postcode_district,
        }
        for code, value in member.equality_profile.items():
            initial[f"{EQUALITY_PREFIX}{code}"] = value
        return cls(initial=initial)


class PanelJoinForm(PanelProfileForm):
    field_order = ["email", "name", "area", "postcode_district"]

    email = forms.EmailField(max_length=254, label="Email address", error_messages=EMAIL_ERRORS)
    consent = forms.BooleanField(
        label="Your agreement",
        error_messages={"required": "Tick the box to agree to how we use your details"},
    )


class PanelLinkForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label="Email address",
        help_text="If this address is on the panel, we send it a link to your page.",
        error_messages=EMAIL_ERRORS,
    )
