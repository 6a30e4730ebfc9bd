"""Admin integration, one module per feature. Wagtail imports this package; each
module registers its own hooks."""

from . import (  # noqa: F401
    activities,
    contacts,
    decisions,
    editor,
    evaluation,
    moderation,
    network,
    outcomes,
    outcomes_digest,
    panel,
    panel_surveys,
    partner_records,
    publication,
    registrations,
    results,
    series,
    shortcuts,
    snippets,
    spam,
    styles,
    translations,
    workflow,
)
