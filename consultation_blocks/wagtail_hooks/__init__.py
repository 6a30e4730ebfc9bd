"""Admin integration, one module per feature. Wagtail imports this package; each
module registers its own hooks."""

from . import moderation, outcomes, snippets  # noqa: F401
