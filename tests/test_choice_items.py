"""The options of radios and checkboxes are drawn in Python (templatetags/choice_tags.py)
rather than by a template loop; residents get exactly the markup the loop drew, for
every choice field of the demo survey and of its questions about the resident, blank,
answered and with errors, in English and in Welsh."""

import itertools

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from consultation_blocks.forms.surveys import SurveyForm
from consultation_blocks.models import ConsultationPage
from consultation_blocks.surveys import surveys_in

# survey/fields/choices.html as it was: the loop that choice_items replaces.
LOOP_BEFORE = """{% with base=field.auto_id kind=type|default:"radio" %}{% for value, label in field.field.choices %}
      <div class="govuk-{% if kind == 'radio' %}radios{% else %}checkboxes{% endif %}__item">
        <input class="govuk-{% if kind == 'radio' %}radios{% else %}checkboxes{% endif %}__input" id="{{ base }}{% if not forloop.first %}-{{ forloop.counter0 }}{% endif %}" name="{{ field.html_name }}" type="{{ kind }}" value="{{ value }}"{% if kind == "radio" %}{% if field.value|stringformat:"s" == value|stringformat:"s" %} checked{% endif %}{% elif value in field.value %} checked{% endif %}{% if other and value == "other" %} data-aria-controls="{{ other.auto_id }}-conditional"{% endif %}>
        <label class="govuk-label govuk-{% if kind == 'radio' %}radios{% else %}checkboxes{% endif %}__label" for="{{ base }}{% if not forloop.first %}-{{ forloop.counter0 }}{% endif %}">{{ label }}</label>
      </div>
      {% if other and value == "other" %}
      <div class="govuk-checkboxes__conditional" id="{{ other.auto_id }}-conditional">
        {% include "consultation_blocks/includes/field.html" with field=other width_class="govuk-!-width-two-thirds" %}
      </div>
      {% endif %}
      {% endfor %}{% endwith %}"""
LOOP_AFTER = """{% load choice_tags %}{% with kind=type|default:"radio" %}{% choice_items field kind other %}{% endwith %}"""


def choice_rows(form):
    """(field, type, other) for every radios or checkboxes group the survey draws."""
    rows = []
    for row in form.question_fields():
        template = row["template"] or ""
        if template.endswith(("radios.html", "rating.html")):
            rows.append((row["field"], "radio", None))
        elif template.endswith("multiple_choice.html"):
            rows.append((row["field"], "checkbox", row.get("other")))
    rows += [(field, "radio", None) for field in form.equality_fields()]
    return rows


def answers_for(form):
    """A second option (or two) of every choice, and 'other' where offered, with one
    required text question left blank so that the form has errors to show."""
    data = {}
    for field, kind, other in choice_rows(form):
        values = [value for value, _label in field.field.choices]
        if kind == "checkbox":
            data[field.html_name] = values[1:3] + (["other"] if other else [])
            if other:
                data[other.html_name] = 'Something "else" <b>'
        else:
            data[field.html_name] = values[1]
    return data


def render(source, field, kind, other):
    request = RequestFactory().get("/")
    return Template(source).render(
        Context({"field": field, "type": kind, "other": other, "request": request})
    )


def test_options_are_drawn_as_the_template_loop_drew_them(seeded):
    for language, state in itertools.product(["en-gb", "cy"], ["blank", "answered", "errors"]):
        check_demo_survey(language, state)


def check_demo_survey(language, state):
    with translation.override(language):
        page = ConsultationPage.objects.live().get(slug="how-should-we-engage-with-you")
        page = page.localized.specific
        survey = surveys_in(page.body)[0]
        blank = SurveyForm(survey)
        data = {} if state == "blank" else answers_for(blank)
        if state == "errors":
            # One of each choice left unanswered or given a value it does not offer.
            for index, (field, _kind, _other) in enumerate(choice_rows(blank)):
                data[field.html_name] = "" if index % 2 else "not-an-option"
        form = SurveyForm(survey, data=data) if data else blank
        if data:
            form.is_valid()
        rows = choice_rows(form)
        assert len(rows) >= 10
        assert any(other for _field, _kind, other in rows)
        if state == "errors":
            assert any(field.errors for field, _kind, _other in rows)
        if state == "answered":
            assert any(" checked" in render(LOOP_BEFORE, *row) for row in rows)
        for row in rows:
            assert render(LOOP_AFTER, *row) == render(LOOP_BEFORE, *row)


def test_values_and_labels_are_escaped_as_the_template_escapes_them(db):
    from django import forms

    class Form(forms.Form):
        pick = forms.MultipleChoiceField(
            choices=[('a"<x>', "Fish & <chips>"), ("other", "Other")], required=False
        )
        pick_other = forms.CharField(required=False)

    form = Form(data={"pick": ['a"<x>', "other"], "pick_other": "<script>"})
    form.is_valid()
    args = (form["pick"], "checkbox", form["pick_other"])
    drawn = render(LOOP_AFTER, *args)
    assert drawn == render(LOOP_BEFORE, *args)
    assert "<script>" not in drawn and "&lt;chips&gt;" in drawn
    assert 'value="a&quot;&lt;x&gt;" checked' in drawn
