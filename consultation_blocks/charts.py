"""The geometry of an indicator's line chart, worked out on the server so the page
needs no script: the template draws it as inline SVG beside a table of the same
figures. Plain numbers in, plain numbers out; nothing here reads the database."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 600
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 16, 40


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    year: int
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    points: list
    ticks: list
    target_y: float | None = None
    target_label: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM
    right_edge: int = WIDTH - RIGHT
    summary: str = ""
    x_labels: list = field(default_factory=list)

    @property
    def polyline(self):
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


def format_value(value, unit):
    number = Decimal(value).normalize()
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%" if unit == "percent" else text


def _nice_step(span):
    """A round step giving about five gridlines over `span`."""
    raw = span / 5 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def _trend(values, unit, direction):
    first, last = values[0], values[-1]
    if len(values) < 2 or first[1] == last[1]:
        return ""
    went = "rose" if last[1] > first[1] else "fell"
    better = (last[1] > first[1]) == (direction == "up")
    return (
        f"It {went} from {format_value(first[1], unit)} in {first[0]} to "
        f"{format_value(last[1], unit)} in {last[0]}, "
        f"{'an improvement' if better else 'a worsening'}."
    )


def line_chart(values, *, unit, direction, target=None, target_year=None):
    """`values` is a list of (year, value) pairs; returns a Chart, or None without any."""
    values = sorted((int(year), Decimal(value)) for year, value in values)
    if not values:
        return None
    highest = max(
        [value for _, value in values] + ([Decimal(target)] if target is not None else [])
    )
    top = float(highest) or 1.0
    step = _nice_step(top)
    top = math.ceil(top / step) * step
    if unit == "percent":
        top = min(top, 100.0) if highest <= 100 else top
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT

    def y_of(value):
        return TOP + plot_height * (1 - float(value) / top)

    first_year, last_year = values[0][0], values[-1][0]
    span = last_year - first_year

    def x_of(year):
        if not span:
            return LEFT + plot_width / 2
        return LEFT + plot_width * (year - first_year) / span

    points = [
        ChartPoint(x_of(year), y_of(value), year, format_value(value, unit))
        for year, value in values
    ]
    ticks = []
    tick = 0.0
    while tick <= top + 1e-9:
        ticks.append(Tick(y_of(tick), format_value(Decimal(str(round(tick, 6))), unit)))
        tick += step
    target_label = ""
    if target is not None:
        target_label = format_value(target, unit) + (f" by {target_year}" if target_year else "")
    summary = " ".join(
        part
        for part in (
            _trend(values, unit, direction),
            "Higher is better." if direction == "up" else "Lower is better.",
            f"The target is {target_label}." if target_label else "",
        )
        if part
    )
    return Chart(
        points=points,
        ticks=ticks,
        target_y=y_of(target) if target is not None else None,
        target_label=target_label,
        summary=summary,
        x_labels=points,
    )


BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 14
LABEL_WIDTH = 220
VALUE_ROOM = 140  # right of the longest bar, for its label, e.g. "Respondents 100%"


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    series: str  # "first" or "second", for the fill


@dataclass(frozen=True)
class BarGroup:
    label: str
    y: float  # the top of the group, where its label sits
    bars: list


@dataclass(frozen=True)
class ComparisonChart:
    groups: list
    first: str
    second: str
    width: int
    height: int
    left: int = LABEL_WIDTH
    plot_width: int = WIDTH - LABEL_WIDTH - VALUE_ROOM
    summary: str = ""


def comparison_chart(rows, *, first, second):
    """Horizontal bars comparing two percentages per category, e.g. respondents' share
    against the census share. `rows` is a list of (label, first %, second %); a value
    of None draws no bar (a share suppressed to protect small groups). Bars are scaled
    to the largest value shown, so small groups stay visible."""
    if not rows:
        return None
    values = [value for _, a, b in rows for value in (a, b) if value is not None]
    top = max(values or [0]) or 1.0
    plot_width = WIDTH - LABEL_WIDTH - VALUE_ROOM
    groups = []
    y = TOP
    for label, a, b in rows:
        bars = []
        bar_y = y
        for value, series in ((a, "first"), (b, "second")):
            if value is not None:
                text = format_value(Decimal(str(value)), "percent")
                bars.append(Bar(bar_y, plot_width * float(value) / top, text, series))
            bar_y += BAR_HEIGHT + BAR_GAP
        groups.append(BarGroup(label=label, y=y, bars=bars))
        y = bar_y + GROUP_GAP
    missing = any(a is None for _, a, _ in rows)
    summary = f"Bars compare {first.lower()} with {second.lower()} for each group." + (
        f" {first}' shares are not drawn where small numbers are suppressed." if missing else ""
    )
    return ComparisonChart(
        groups=groups,
        first=first,
        second=second,
        width=WIDTH,
        height=int(y),
        plot_width=plot_width,
        summary=summary,
    )
