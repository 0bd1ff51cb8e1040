"""The municipality's committee tree (Hovedudvalg → område-MED → lokale
MED), read in two queries, for the administration's overview."""

from dataclasses import dataclass, field

from django.db.models import Count

from organisations.models import Committee, Membership


@dataclass
class Node:
    committee: Committee
    seats: int
    children: list["Node"] = field(default_factory=list)


def committee_tree(municipality_id: int) -> list[Node]:
    """The top committees, each with its children, in name order; a
    committee whose parent is missing stands at the top, so none is hidden."""
    committees = list(Committee.objects.for_municipality(municipality_id).order_by("name"))
    seats = dict(
        Membership.objects.current()
        .for_municipality(municipality_id)
        .values("committee")
        .annotate(held=Count("id"))
        .values_list("committee", "held")
    )
    nodes = {c.pk: Node(c, seats.get(c.pk, 0)) for c in committees}
    roots = []
    for committee in committees:
        parent = nodes.get(committee.parent_id)
        (parent.children if parent else roots).append(nodes[committee.pk])
    return roots
