"""The plugin's admin stylesheet, on every admin page: the results, the consultations
report and the moderation queue share it."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def plugin_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("consultation_blocks/css/admin.css")
    )
