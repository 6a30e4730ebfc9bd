"""The activity log in a consultation's outcome: how the partners heard from people."""

from django import template

from ..selectors.activities import consultation_activity_log

register = template.Library()


@register.inclusion_tag("consultation_blocks/forward_plan/activity_log.html")
def activity_log(page):
    return {"log": consultation_activity_log(page)}
