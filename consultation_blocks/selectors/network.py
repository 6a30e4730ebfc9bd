"""Reads for the engagement network's public pages and exports."""


def bodies_with_next_meeting(index_page):
    return []


def body_summary(body):
    return {}


def meeting_summary(meeting):
    return {}
