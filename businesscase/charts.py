"""The geometry of a benefit's chart, for the template to draw as SVG:
the baseline and the target as horizontal lines, the due date as a
vertical one, and the measurements over time as a line with a marker on
each. Lines differ by style (solid, dashed, dotted) and markers, not by
colour alone, so the chart reads in black and white."""

import math
from datetime import date, timedelta
from decimal import Decimal

from .numbers import format_danish

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 14, 34  # room for the axes' labels
Y_TICKS = 5
X_TICKS = 4
# Stroke patterns (SVG stroke-dasharray): one per line, also in the legend.
BASELINE_DASH = "2 4"
TARGET_DASH = "9 5"
DUE_DASH = "1 3"


def benefit_chart(baseline, target, due_on: date, measurements) -> dict:
    """`measurements`: (date, value) pairs in date order. Returns the plot
    area, the axes' ticks, and the lines and points in SVG coordinates."""
    values = [float(baseline), float(target), *(float(v) for _d, v in measurements)]
    room = (max(values) - min(values)) * 0.05  # nothing drawn on the frame itself
    low, high, step = _nice_range(min(values) - room, max(values) + room)
    dates = [d for d, _v in measurements] + [due_on]
    first, last = min(dates), max(dates)
    if first == last:
        first -= timedelta(days=30)
    span = (last - first).days

    def x(day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    def y(value) -> float:
        share = (float(value) - low) / (high - low)
        return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * share, 1)

    points = [
        {"x": x(day), "y": y(value), "date": day, "value": format_danish(Decimal(value))}
        for day, value in measurements
    ]
    ticks = [low + i * step for i in range(int(round((high - low) / step)) + 1)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "y_ticks": [{"y": y(t), "label": _tick_label(t)} for t in ticks],
        "x_ticks": [
            {"x": x(day), "date": day, "anchor": _anchor(i)}
            for i, day in enumerate(
                first + timedelta(days=span * i / X_TICKS) for i in range(X_TICKS + 1)
            )
        ],
        "baseline_label": format_danish(Decimal(baseline)),
        "target_label": format_danish(Decimal(target)),
        "baseline_y": y(baseline),
        "target_y": y(target),
        "due_x": x(due_on),
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "points": points,
        "dashes": {"baseline": BASELINE_DASH, "target": TARGET_DASH, "due": DUE_DASH},
    }


def _anchor(index: int) -> str:
    """The first and last date label sit inside the chart, not across its edge."""
    return {0: "start", X_TICKS: "end"}.get(index, "middle")


def _nice_range(low: float, high: float) -> tuple[float, float, float]:
    """An axis from a round number below `low` to one above `high`, in
    steps of 1, 2 or 5 times a power of ten."""
    if low == high:
        low, high = low - 1, high + 1
    rough = (high - low) / (Y_TICKS - 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _tick_label(value: float) -> str:
    return format_danish(Decimal(repr(round(value, 6))))
