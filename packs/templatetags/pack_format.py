"""Formatting the pack's content in its templates: moments back from ISO
text to dates for Django's `date`/`time` filters, numbers with their sign,
and the charts' geometry (`packs.charts`). Numbers and dates follow the
active language, Danish for packs (decimal comma)."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.dateparse import parse_date, parse_datetime

from businesscase.charts import benefit_chart as benefit_geometry
from businesscase.numbers import format_danish
from packs import charts
from packs.content.answers import short_text
from packs.content.files import appended

register = template.Library()

MINUS = "\N{MINUS SIGN}"


@register.filter
def moment(value):
    """ISO 8601 text (as the content stores moments) → datetime, or date
    for a day; then `|date:"j. F Y"` formats it."""
    if not value:
        return None
    return parse_datetime(value) if "T" in value else parse_date(value)


@register.filter
def signed(value, digits=1):
    """A localised number with its sign: +1,5, −0,5 (a real minus sign),
    and 0,0 without one."""
    if value is None or value == "":
        return ""
    text = floatformat(value, digits)
    if text.startswith("-"):
        return MINUS + text[1:]
    return "+" + text if any(ch in "123456789" for ch in text) else text


@register.simple_tag
def competence_wheel(competences):
    """`{% competence_wheel block.items as wheel %}`: the wheel's rings,
    spokes and wedges."""
    return charts.competence_wheel(competences)


@register.filter
def amount(value):
    """Decimal text as the content stores amounts ("1140000.5") the Danish
    way ("1.140.000,5")."""
    return format_danish(Decimal(value)) if value not in (None, "") else ""


@register.filter
def short(text):
    """ "Realistisk: Hvordan …" → "Realistisk" (`packs.content.answers`)."""
    return short_text(text)


@register.simple_tag
def benefit_chart(benefit, prefix=""):
    """`{% benefit_chart entry prefix=a as drawn %}`: a benefit of the pack's
    content (`businesscase.summary`) drawn by the business case's own chart
    (`businesscase.charts`, `businesscase/_chart.html`): `drawn.chart`, and
    `drawn.benefit` as that template reads it (ids unique in the pack)."""
    chart = benefit_geometry(
        Decimal(benefit["baseline"]),
        Decimal(benefit["target"]),
        parse_date(benefit["due_on"]),
        [(parse_date(m["on"]), Decimal(m["value"])) for m in benefit["measurements"]],
    )
    return {
        "chart": chart,
        "benefit": {
            "pk": f"{prefix}-{benefit['id']}",
            "title": benefit["title"],
            "due_on": parse_date(benefit["due_on"]),
            "unit": benefit["unit"],
        },
    }


@register.filter
def scale_results(questions):
    """A pulse's scale questions with an average (`pulse.summary`)."""
    return [q for q in questions if q["kind"] == "scale" and q["average"] is not None]


@register.filter
def with_options(questions):
    """A pulse's questions answered by choosing (not free text)."""
    return [q for q in questions if q["options"]]


@register.filter
def colour_index(group_index):
    """The legend swatch class's number for a group of competences."""
    return charts.colour_index(group_index)


@register.filter
def get(mapping, key):
    """`{{ page_of|get:entry.anchor }}`: a value of a dict by its key."""
    return (mapping or {}).get(key, "")


@register.filter
def appended_files(pack):
    """The PDF files appended behind the pack, each with the anchor its
    page is found under."""
    return [{**file, "anchor": f"file-{file['id']}"} for file in appended(pack)]


# -- the screen version: the items before and after one ------------------------------


@register.filter
def before(items, index):
    return items[index - 1] if 0 < index <= len(items) else None


@register.filter
def after(items, index):
    return items[index + 1] if 0 <= index < len(items) - 1 else None


# -- empty answers: counted once, never listed ------------------------------------


def _has_answers(row) -> bool:
    """A table row (data ethics, the good work) someone has answered."""
    sides = (row.get("management"), row.get("employees"))
    answered_side = any(
        side.get("count") if isinstance(side, dict) else bool(side) for side in sides
    )
    return bool(row.get("joint")) or answered_side


@register.filter
def answered(rows):
    return [row for row in rows if _has_answers(row)]


@register.filter
def unanswered_count(rows):
    return sum(not _has_answers(row) for row in rows)


@register.filter
def without_joint(questions):
    """How many of the answered questions have no joint answer yet."""
    return sum(not q.get("joint") for q in questions)


@register.filter
def assessed(competences):
    """The wheel's competences someone has given a level."""
    return [entry for entry in competences if entry.get("level")]


@register.filter
def unassessed_count(competences):
    return sum(not entry.get("level") for entry in competences)


@register.filter
def required_count(questions):
    return sum(bool(q.get("required")) for q in questions)
