"""Public pages of the engagement network: what each page's template needs, read
through the selectors. The page models call these from ``get_context``."""

from ..selectors import network as selectors


def network_index_context(index_page):
    return {"bodies": selectors.bodies_with_next_meeting(index_page)}


def body_context(body):
    return selectors.body_summary(body)


def meeting_context(meeting):
    return selectors.meeting_summary(meeting)
