"""The options of a GOV.UK radios or checkboxes group, drawn in Python.

A survey's choice questions and its questions about the resident repeat the same few
lines of markup for every option; drawn by the template engine, those loops were most
of the time a survey page took to render. ``choice_items`` writes exactly what the loop
in survey/fields/choices.html wrote before (tests/test_choice_items.py compares the two),
escaping every value the same way the template engine does.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

register = template.Library()

OTHER_FIELD_TEMPLATE = "consultation_blocks/includes/field.html"


def _as_string(value):
    """What the stringformat:"s" filter made of a value, which radios compare with."""
    return str(value)


def _contains(container, value):
    """The template engine's `in`: False when the container cannot be searched."""
    try:
        return value in container
    except TypeError:  # nothing chosen yet: None
        return False


@register.simple_tag(takes_context=True)
def choice_items(context, field, kind, other=None):
    """Each option of ``field`` (a bound choice field) as a ``kind`` ("radio" or
    "checkbox") input with its label; ``other``: the bound text field shown under the
    option "other", when there is one."""
    family = "radios" if kind == "radio" else "checkboxes"
    base = render_value_in_context(field.auto_id, context)
    name = render_value_in_context(field.html_name, context)
    kind_text = render_value_in_context(kind, context)
    current = field.value()
    current_text = _as_string(current)
    other_markup = None
    parts = []
    for index, (value, label) in enumerate(field.field.choices):
        input_id = base if index == 0 else f"{base}-{index}"
        if kind == "radio":
            checked = current_text == _as_string(value)
        else:
            checked = _contains(current, value)
        is_other = bool(other) and value == "other"
        parts.append(
            f'\n      <div class="govuk-{family}__item">\n'
            f'        <input class="govuk-{family}__input" id="{input_id}" name="{name}" '
            f'type="{kind_text}" value="{render_value_in_context(value, context)}"'
            f"{' checked' if checked else ''}"
        )
        if is_other:
            other_id = render_value_in_context(other.auto_id, context)
            parts.append(f' data-aria-controls="{other_id}-conditional"')
        parts.append(
            f'>\n        <label class="govuk-label govuk-{family}__label" for="{input_id}">'
            f"{render_value_in_context(label, context)}</label>\n      </div>\n      "
        )
        if is_other:
            if other_markup is None:
                other_markup = _other_field(context, other)
            parts.append(
                f'\n      <div class="govuk-checkboxes__conditional" id="{other_id}-conditional">'
                f"\n        {other_markup}\n      </div>\n      "
            )
        parts.append("\n      ")
    return mark_safe("".join(parts))


def _other_field(context, other):
    field_template = context.template.engine.get_template(OTHER_FIELD_TEMPLATE)
    with context.push(field=other, width_class="govuk-!-width-two-thirds"):
        return field_template.render(context)
