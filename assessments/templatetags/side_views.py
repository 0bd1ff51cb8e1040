"""A side's answers to one question (`side_view`): its average, and the
members' answers for those who may read them, else how many answered and
what they chose, for the comparison (two a question) and predicted vs
experienced.

Written in Python, as the assessment page's question is
(`question_articles`): as an included template it was rendered twice for
each of a part's questions. The markup is the one `_side.html` wrote (the
comparisons of eight users in both languages, dumped before and after);
every value is escaped."""

from django import template
from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from questionnaires.models import AnswerKind

register = template.Library()


@register.simple_tag(takes_context=True)
def side_view(context, view, kind, level=3, heading=""):
    """`view` (an `assessments.comparison.SideView`) of a question of
    `kind`, under a heading of `level` (the side's name, or `heading`).
    From the context: `standing`, whether the user reads each member's
    answer."""
    name = conditional_escape(heading or view.label)
    parts = [
        f'<section class="side-view side-view--{conditional_escape(view.side)}" aria-label="{name}">\n'
        f"  <h{level}>{name}{_average(view, kind)}</h{level}>\n"
    ]
    if view.group_averages:
        label = gettext("Gennemsnit (−2 til +2):")
        groups = ", ".join(
            f"{conditional_escape(group)} {floatformat(average, 1)}"
            for group, average in view.group_averages
        )
        parts.append(f'  <p class="average">{conditional_escape(label)} {groups}</p>\n')
    if getattr(context.get("standing"), "may_read_individual", False):
        parts += [_member_answer(answer, kind) for answer in view.answers] or [_none()]
    elif count := view.answered_count:
        answered = ngettext("Ét svar fra siden.", "%(counter)s svar fra siden.", count)
        parts.append(f"  <p>{conditional_escape(answered % {'counter': count})}</p>\n")
        if distribution := view.distribution:
            items = "".join(
                f"<li>{conditional_escape(label)}: {number}</li>" for label, number in distribution
            )
            parts.append(f'  <ul class="plain">{items}</ul>\n')
    else:
        parts.append(_none())
    parts.append("</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped where it is written


def _average(view, kind) -> str:
    average = view.average
    if average is None:
        return ""
    # Translated texts outside the f-strings: makemessages does not read in them.
    if kind == AnswerKind.SCALE:
        label = gettext("gennemsnit")
        text = f"{conditional_escape(label)} {floatformat(average, 1)}"
    else:
        label = gettext("gennemsnitligt niveau")
        text = (
            f"{conditional_escape(label)} {floatformat(average, 1)}"
            f" ({conditional_escape(view.scale_legend)})"
        )
    return f' <span class="average">{text}</span>'


def _member_answer(answer, kind) -> str:
    parts = [
        '  <div class="side-answer">\n',
        f'    <p class="who">{conditional_escape(answer.respondent)}</p>\n',
    ]
    if value := answer.display_value():
        parts.append(f'    <p class="value">{linebreaksbr(value, autoescape=True)}</p>\n')
    if answer.text and kind != AnswerKind.TEXT:
        parts.append(f'    <p class="why">{linebreaksbr(answer.text, autoescape=True)}</p>\n')
    parts.append("  </div>\n")
    return "".join(parts)


def _none() -> str:
    none = gettext("Ingen svar fra denne side.")
    return f'  <p class="muted">{conditional_escape(none)}</p>\n'
