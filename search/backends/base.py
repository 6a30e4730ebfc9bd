from dataclasses import dataclass, field


@dataclass
class Hit:
    """One matching item, before its object is loaded for display."""

    kind: str  # a catalogue key: "consultation", "strategy", "page" or "document"
    pk: int
    score: float = 0.0
    title: str = ""
    status: str | None = None
    year: int | None = None
    highlight: str = ""  # an HTML snippet, when the backend makes its own


@dataclass
class BackendResult:
    total: int
    hits: list  # the requested page of Hits, best first
    facets: dict  # facet name -> {value: count}
    suggestion: str = ""
    extra: dict = field(default_factory=dict)
    # More items match than were ranked: `total` counts the best of them only.
    more: bool = False
