"""Where every feature that keeps personal data says how to find, export and erase it,
so a person (or staff at their request) can see, download and erase everything the
site holds about an email address in one place.

Register a source once, at import time of the feature's service module (which the
app's ``ready()`` imports)::

    from consultation_blocks import personal_data

    personal_data.register(
        "meeting_registrations",
        label="Meeting registrations",
        find=find_registrations,      # (email) -> list of dicts of plain values
        erase=erase_registrations,    # (email) -> number of records deleted or anonymised
        on_erase="Deleted.",          # what erasing does, in a sentence the person reads
    )

``email`` is always given normalised (``normalise_email``): match it case-insensitively
(``email__iexact``). ``find`` returns one dict per record with JSON values only
(``plain()`` turns dates and the like into text); it is used for the page, the JSON
and the CSV exports. ``erase`` runs inside one transaction with every other source's;
keep what results need by anonymising rather than deleting.

This module imports nothing of the plugin, so any layer may register.
"""

import datetime
import decimal
import uuid
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalDataSource:
    key: str
    label: str
    find: Callable[[str], list]
    erase: Callable[[str], int]
    on_erase: str


_SOURCES = {}
# Sources registered to come ahead of another: {key: the other's key}.
_AHEAD_OF = {}


def register(key, *, label, find, erase, on_erase, before=None):
    """Add a source, or replace the one registered with the same key.

    Sources are erased in order. ``before`` names a source this one must come ahead of
    (wherever either is registered), when this one finds its records through the
    other's, which erasing clears (a panel member's survey invitations are found
    through the member's address)."""
    _SOURCES[key] = PersonalDataSource(
        key=key, label=label, find=find, erase=erase, on_erase=on_erase
    )
    if before is not None:
        _AHEAD_OF[key] = before


def registered():
    """Every source, in the order they were registered (a source registered ``before``
    another comes ahead of it, whichever was registered first)."""
    sources = list(_SOURCES.values())
    for key, other in _AHEAD_OF.items():
        keys = [source.key for source in sources]
        if key in keys and other in keys and keys.index(key) > keys.index(other):
            source = sources.pop(keys.index(key))
            sources.insert(keys.index(other), source)
    return tuple(sources)


def normalise_email(value):
    return (value or "").strip().lower()


def plain(value):
    """A value as JSON can hold it: dates and times as ISO 8601 text, ids as text."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(item) for item in value]
    return value
