"""Admin integration, one module per feature. Wagtail imports this package; each
module registers its own hooks."""

from . import (  # noqa: F401
    activities,
    decisions,
    editor,
    moderation,
    network,
    outcomes,
    outcomes_digest,
    registrations,
    results,
    shortcuts,
    snippets,
    spam,
    styles,
    workflow,
)
