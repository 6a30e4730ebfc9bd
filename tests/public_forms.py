"""What a real browser sends with every public form besides the answers: the signed
start time (set in the past, as if the resident took a minute) and the empty honeypot."""

import time

from consultation_blocks.spam import HONEYPOT_FIELD, TIMESTAMP_FIELD, form_token


def guard_fields(seconds_ago=60):
    return {TIMESTAMP_FIELD: form_token(time.time() - seconds_ago), HONEYPOT_FIELD: ""}


def with_guard(data, **kwargs):
    return {**guard_fields(**kwargs), **data}
