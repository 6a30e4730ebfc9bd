"""Admin integration, one module per feature. Wagtail imports this package; each
module registers its own hooks."""

from . import (  # noqa: F401
    decisions,
    editor,
    moderation,
    outcomes,
    results,
    snippets,
    spam,
    workflow,
)
