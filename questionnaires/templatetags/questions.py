"""Template questions as the reader sees them: guidance and intro texts
(`guidance`: a blank line starts a paragraph, lines beginning with "- " are
a list, so the publication's lists stay lists; docs/template-format.md),
the selects of a group-effect answer's form (`group_effect_selects`) and
the options of the other kinds (`answer_options`)."""

from functools import lru_cache

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from questionnaires.models import AnswerKind

register = template.Library()

LIST_MARK = "- "


@register.filter
def guidance(text: str) -> str:
    return _guidance(text or "")


@lru_cache(maxsize=4096)
def _guidance(text: str) -> str:
    # A template's texts are shown on every question of every assessment
    # page (20 to 83 of them), and are the same each time: made once each.
    blocks = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        prose = [line for line in lines if not line.startswith(LIST_MARK)]
        items = [line[len(LIST_MARK) :] for line in lines if line.startswith(LIST_MARK)]
        # A lead-in line ("… som minimum bør en god businesscase altid
        # redegøre for:") stays a paragraph above its list.
        if prose:
            blocks.append(format_html("<p>{}</p>", " ".join(prose)))
        if items:
            blocks.append(
                format_html(
                    "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items))
                )
            )
    # Each block is already escaped by format_html.
    return format_html_join("", "{}", ((block,) for block in blocks))


@register.simple_tag
def group_effect_selects(question, answer, prefix):
    """A group-effect answer's form: a label and a select per affected group
    (ids `value-<prefix><question id>-<group>`; the prefix tells the
    member's form from the joint one), `answer`'s direction for each
    chosen. Written here rather than as a template loop: four groups of
    five steps and an empty choice are 24 options a form."""
    unaffected = conditional_escape(gettext("Berøres ikke / ved ikke"))
    rows = []
    for row in question.group_effect_rows(getattr(answer, "value", None)):
        field_id = conditional_escape(f"value-{prefix}{question.pk}-{row['group']}")
        options = "".join(
            f'<option value="{conditional_escape(value)}"'
            f"{' selected' if row['chosen'] == number else ''}>"
            f"{conditional_escape(label)} ({'+' if number > 0 else ''}{number})</option>"
            for value, label, number in row["options"]
        )
        rows.append(
            f'<label class="group-effect" for="{field_id}">{conditional_escape(row["label"])}</label>\n'
            f'<select name="value" id="{field_id}">\n'
            f'  <option value="">{unaffected}</option>{options}\n</select>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value and label escaped


@register.simple_tag
def answer_options(question, answer):
    """The radio buttons (checkboxes for multiple choice) of an answer's
    form, `answer`'s choice ticked; a scale's options with their step.
    Written here rather than as a template loop: a core question's part
    has 20 forms of 3–5 options each, and the loop was 40 % of a form."""
    multiple = question.kind == AnswerKind.MULTIPLE_CHOICE
    chosen = getattr(answer, "value", None)
    kind = "checkbox" if multiple else "radio"
    options = []
    for value, label in question.value_choices():
        ticked = (isinstance(chosen, list) and value in chosen) if multiple else chosen == value
        step = ""
        if question.kind == AnswerKind.SCALE:
            step = f' <span class="scale-number">({"+" if value > 0 else ""}{value})</span>'
        options.append(
            f'<label class="choice"><input type="{kind}" name="value"'
            f' value="{conditional_escape(value)}"{" checked" if ticked else ""}>'
            f" {conditional_escape(label)}{step}</label>"
        )
    return mark_safe("\n".join(options))  # noqa: S308 - every value and label escaped
