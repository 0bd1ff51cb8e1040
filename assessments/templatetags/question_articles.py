"""One question of the assessment page (`question_article`): its text, the
member's answer block (or their answer shown), the committee's answer and
its confirmations, the links, the guidance; in the template editor's
preview the disabled form alone.

Written in Python, as its pieces are (`answer_forms`,
`joint_confirmations`): a core question's part has 20 questions and the
all-phases tab up to 29 a part, and the article's own conditions and
lookups were about 0.25 ms a question as a template. The markup is the one
the template wrote; every value is escaped."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from assessments.models import Answer
from questionnaires.templatetags.questions import guidance

from .answer_forms import answer_block, answer_form, answer_shown, joint_shown, question_links
from .joint_confirmations import confirmations

register = template.Library()


@register.simple_tag(takes_context=True)
def question_article(context, row, section):
    """The article of `row` (a question and its answers, as the view builds
    it) in `section`. From the context: `preview`, whether the user answers
    (`may_answer`, `seat`) and writes the joint answer (`can_write_joint`)."""
    question = row["question"]
    pk = question.pk
    parts = [
        f'<article class="question" id="q-{pk}" aria-labelledby="qt-{pk}">\n'
        '  <div class="question__main">\n'
        f'    <h4 id="qt-{pk}">{conditional_escape(question.text)}{_required(question)}</h4>\n'
    ]
    if row.get("followup"):
        label = gettext("Opfølgning i drift:")
        parts.append(
            f'    <p class="followup"><strong>{conditional_escape(label)}</strong>'
            f" {conditional_escape(row['followup'])}</p>\n"
        )
    preview = context.get("preview")
    if preview:
        parts.append(answer_form(context, question, None, False))
    elif context.get("may_answer"):
        parts.append(answer_block(context, question, row["own"], row["previous_own"], False))
    elif context.get("seat") and getattr(row["own"], "is_answered", False):
        label = gettext("Dit svar:")
        parts.append(
            f"<p><strong>{conditional_escape(label)}</strong></p>{answer_shown(row['own'])}"
        )
    if not preview:
        parts.append(_joint(context, row))
        parts.append(question_links(context, row))
    parts.append("\n  </div>\n")
    if question.guidance:
        parts.append(_guidance(question, section))
    parts.append("</article>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped where it is written


def _required(question) -> str:
    if not question.required:
        return ""
    required = gettext("påkrævet")  # outside the f-string, where makemessages reads
    return f' <span class="tag tag--required">{conditional_escape(required)}</span>'


def _joint(context, row) -> str:
    question, joint = row["question"], row["joint"]
    parts = ['\n    <div class="joint">\n']
    if context.get("can_write_joint"):
        parts.append(answer_block(context, question, joint, row["previous_joint"], True))
        if getattr(joint, "status", None) == Answer.Status.OPEN:
            url = reverse("action_create", args=[context["project"].pk])
            label = gettext("Lav opfølgning på det åbne punkt")
            parts.append(
                f'<p><a href="{conditional_escape(url)}?spoergsmaal={question.pk}">'
                f"{conditional_escape(label)}</a></p>"
            )
    else:
        parts.append(joint_shown(context, row))
    parts.append(confirmations(context, question, joint))
    parts.append("\n    </div>\n")
    return "".join(parts)


def _guidance(question, section) -> str:
    heading = gettext("Vejledning")
    source = ""
    if section.source:
        label = gettext("Kilde:")
        source = f'<p class="source">{conditional_escape(label)} {conditional_escape(section.source)}</p>'
    return (
        f'  <div class="guidance"><h5>{conditional_escape(heading)}</h5>'
        f"{guidance(question.guidance)}{source}</div>\n"
    )
