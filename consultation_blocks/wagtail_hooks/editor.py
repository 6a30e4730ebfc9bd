"""The page and snippet editors: a manual save never races Wagtail's autosave.

See consultation_blocks/static/consultation_blocks/js/editor-saves.js for why, and for the
upstream reports it works around.
"""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def wait_for_autosave_before_manual_save():
    return format_html(
        '<script src="{}"></script>', static("consultation_blocks/js/editor-saves.js")
    )
