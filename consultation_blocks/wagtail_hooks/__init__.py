"""Admin integration, one module per feature. Wagtail imports this package; each
module registers its own hooks."""

from . import (  # noqa: F401
    activities,
    decisions,
    editor,
    moderation,
    outcomes,
    outcomes_digest,
    results,
    shortcuts,
    snippets,
    spam,
    styles,
    translations,
    workflow,
)
