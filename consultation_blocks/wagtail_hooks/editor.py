"""The page and snippet editors: a manual save never races Wagtail's autosave.

See consultation_blocks/static/consultation_blocks/js/editor-saves.js for why, and for the
upstream reports it works around.
"""

from django.templatetags.static import static
from django.utils.html import format_html, json_script
from wagtail import hooks

from ..questions import QUESTION_KINDS


@hooks.register("insert_editor_js")
def wait_for_autosave_before_manual_save():
    return format_html(
        '<script src="{}"></script>', static("consultation_blocks/js/editor-saves.js")
    )


@hooks.register("insert_editor_js")
def survey_condition_chooser():
    """The "Show only if" lists: the kinds a condition may name, with their fixed
    answers (null where the editor reads the question's own options)."""
    kinds = {
        name: [list(option) for option in kind.fixed_options] or None
        for name, kind in QUESTION_KINDS.items()
        if kind.offers_conditions
    }
    return json_script(kinds, "cb-condition-kinds") + format_html(
        '<script src="{}"></script>', static("consultation_blocks/js/survey-conditions.js")
    )
