"""Template questions as the reader sees them: guidance and intro texts
(`guidance`: a blank line starts a paragraph, lines beginning with "- " are
a list, so the publication's lists stay lists; docs/template-format.md) and
the rows of a group-effect answer's form (`group_effect_rows`)."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

LIST_MARK = "- "


@register.filter
def guidance(text: str) -> str:
    blocks = []
    for paragraph in (text or "").replace("\r\n", "\n").split("\n\n"):
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


@register.filter
def group_effect_rows(question, answer) -> list[dict]:
    """The form's rows for a group-effect question, with `answer`'s choices
    (None: unanswered)."""
    return question.group_effect_rows(getattr(answer, "value", None))
