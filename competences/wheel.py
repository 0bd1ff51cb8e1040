"""A competence plan's wheel: needed against current level for each of the
twelve competences, on the geometry of the pack's competence wheel
(`packs.charts.competence_wheel`, one wedge per competence whose length is
the level on the one scale). The wheel is drawn twice on the same rings:
the current level as filled wedges in the area's colour, the needed level
as a dashed outline, so a gap shows in black and white too."""

from method.vocabulary import competence, competence_area_index
from packs.charts import competence_wheel


def plan_wheel(lines) -> dict:
    """`lines`: the plan's CompetenceLines in the wheel's order."""
    areas = [competence_area_index(competence(line.competence).area) for line in lines]
    needed = competence_wheel(
        [
            {"level": line.needed_rank, "group_index": area}
            for line, area in zip(lines, areas, strict=True)
        ]
    )
    current = competence_wheel(
        [
            {"level": line.current_rank, "group_index": area}
            for line, area in zip(lines, areas, strict=True)
        ]
    )
    return {**needed, "needed": needed["wedges"], "current": current["wedges"]}
