"""Admin integration, one module per feature. Wagtail imports this package; each
module registers its own hooks."""

from . import (
    snippets,  # noqa: F401
    workflow,  # noqa: F401
)
