"""Reads, one module per subject: consultations, partners, comments, polls, survey
responses and their results, refused submissions.

The names below are the reads a host site's templates and search use (see
``home/models.py`` and ``search/services.py``); the plugin's own code imports the
subject modules directly.
"""

from .consultations import (
    home_page_consultations,
    live_consultations,
    main_consultation_index,
)
from .partners import featured_partners

__all__ = [
    "featured_partners",
    "home_page_consultations",
    "live_consultations",
    "main_consultation_index",
]
