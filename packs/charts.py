"""The geometry of the pack's charts, for the templates to draw as SVG.

The competence wheel (KL's kompetencehjul): one wedge per competence around
a circle, its length the level needed on the one scale of
`method.vocabulary` (the rings: kende, kunne, mestre; not assessed draws
nothing), shaded by the competence's group. Shades of grey with a black
outline, so the wheel reads the same printed in black and white; the
competences' names stand in a numbered legend beside it (`_wheel.html`).
"""

import math

from method.vocabulary import COMPETENCE_MAX_RANK, competence_label

WHEEL_SIZE = 340
WHEEL_RADIUS = 120
# One shade of grey per group of competences, far enough apart to tell on
# a black-and-white print, used again from the first after six. The
# legend's swatches are the classes legend__swatch--0 … --5 in
# static/pack/pack.css, in the same shades (tests/test_packs.py checks it).
WHEEL_GROUP_COLOURS = ("#262626", "#7a7a7a", "#b8b8b8", "#eeeeee", "#4f4f4f", "#a0a0a0")
_GAP_DEGREES = 1.2  # white space between neighbouring wedges
_LABEL_OFFSET = 16  # the numbers sit this far outside the outer ring


def colour_index(group_index: int) -> int:
    return group_index % len(WHEEL_GROUP_COLOURS)


def competence_wheel(competences: list[dict]) -> dict:
    """The wheel for competences in order, each a dict with its `level`
    (0 to COMPETENCE_MAX_RANK) and `group_index`: the rings, the spokes,
    and per competence its wedge, colour and where its number goes."""
    centre = WHEEL_SIZE / 2
    count = max(len(competences), 1)
    step = 360 / count
    wedges = []
    for index, competence in enumerate(competences):
        start = -90 + index * step + _GAP_DEGREES
        end = -90 + (index + 1) * step - _GAP_DEGREES
        radius = WHEEL_RADIUS * competence["level"] / COMPETENCE_MAX_RANK
        middle = math.radians((start + end) / 2)
        wedges.append(
            {
                "number": index + 1,
                "path": _wedge(centre, radius, start, end) if radius else "",
                "colour": WHEEL_GROUP_COLOURS[colour_index(competence["group_index"])],
                "label_x": round(centre + (WHEEL_RADIUS + _LABEL_OFFSET) * math.cos(middle), 1),
                "label_y": round(centre + (WHEEL_RADIUS + _LABEL_OFFSET) * math.sin(middle) + 4, 1),
            }
        )
    spokes = [
        {
            "x": round(centre + WHEEL_RADIUS * math.cos(math.radians(-90 + index * step)), 1),
            "y": round(centre + WHEEL_RADIUS * math.sin(math.radians(-90 + index * step)), 1),
        }
        for index in range(count)
    ]
    return {
        "size": WHEEL_SIZE,
        "centre": centre,
        "rings": [_ring(centre, level) for level in range(1, COMPETENCE_MAX_RANK + 1)],
        "spokes": spokes,
        "wedges": wedges,
    }


def _ring(centre: float, level: int) -> dict:
    """A level ring with its label on a small white box where it crosses
    the upward spoke."""
    radius = round(WHEEL_RADIUS * level / COMPETENCE_MAX_RANK, 1)
    label = competence_label(level).lower()
    width = 6 + 5 * len(label)
    return {
        "r": radius,
        "label": label,
        "label_y": round(centre - radius + 3, 1),
        "box_x": round(centre - width / 2, 1),
        "box_y": round(centre - radius - 5.5, 1),
        "box_width": width,
    }


def _wedge(centre: float, radius: float, start: float, end: float) -> str:
    a, b = math.radians(start), math.radians(end)
    x1, y1 = centre + radius * math.cos(a), centre + radius * math.sin(a)
    x2, y2 = centre + radius * math.cos(b), centre + radius * math.sin(b)
    large = 1 if end - start > 180 else 0
    return (
        f"M {centre:.1f} {centre:.1f} L {x1:.1f} {y1:.1f} "
        f"A {radius:.1f} {radius:.1f} 0 {large} 1 {x2:.1f} {y2:.1f} Z"
    )
