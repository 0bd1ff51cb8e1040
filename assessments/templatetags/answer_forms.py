"""An answer's form (`answer_form`): the autosaving form of one question,
the member's own or the committee's joint one, or its disabled preview.

Written in Python, like its options (`questionnaires.templatetags.
questions`) and the long selects (`workbench.widgets.LongSelect`): a core
question's part holds 20 of them, and as a template the form was a fifth
of the page's work (about 1,900 Python calls a form, its markup's
conditions, translations and lookups). The markup is the one the template
wrote; every value is escaped."""

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from questionnaires.models import AnswerKind
from questionnaires.templatetags.questions import answer_options, group_effect_selects
from workbench.widgets import option_tags

register = template.Library()


@register.simple_tag(takes_context=True)
def answer_form(context, question, answer, joint):
    """The form for `question`, filled in from `answer` (None: not answered).
    From the context: the assessment and project, `preview` (the template
    editor's disabled form), `back` (the page to return to), the CSRF token,
    the text limit and, for the joint form, the answer statuses."""
    prefix = "j" if joint else "o"
    suffix = f"{prefix}{question.pk}"
    preview = context.get("preview")
    parts = [_opening(context, question, joint, suffix) if not preview else _preview_opening()]
    parts.append(_hidden_fields(context, answer, suffix))
    if question.kind == AnswerKind.GROUP_EFFECT:
        legend = (
            gettext("Udvalgets svar: for hvem, og i hvilken retning?")
            if joint
            else gettext("Dit svar: for hvem, og i hvilken retning?")
        )
        parts.append(
            '  <fieldset class="choices choices--group_effect">\n'
            f"    <legend>{conditional_escape(legend)}</legend>\n"
            f"    {group_effect_selects(question, answer, prefix)}\n"
            "  </fieldset>\n"
        )
    elif question.kind != AnswerKind.TEXT:
        legend = gettext("Udvalgets svar") if joint else gettext("Dit svar")
        parts.append(
            f'  <fieldset class="choices choices--{conditional_escape(question.kind)}">\n'
            f"    <legend>{conditional_escape(legend)}</legend>\n"
            f"    {answer_options(question, answer)}\n"
            "  </fieldset>\n"
        )
    parts.append(_text_field(context, question, answer, joint, suffix))
    if joint:
        parts.append(_status_field(context, question, answer))
    parts.append(_save_row(answer, suffix))
    parts.append("</fieldset></form>" if preview else "</form>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped where it is written


def _opening(context, question, joint, suffix) -> str:
    name = "joint_answer_save" if joint else "answer_save"
    save_url = conditional_escape(reverse(name, args=[context["assessment"].pk, question.pk]))
    joint_class = " answer-form--joint" if joint else ""
    return (
        f'<form class="answer-form{joint_class}" method="post"\n'
        f'      action="{save_url}"\n'
        f'      hx-post="{save_url}"\n'
        '      hx-trigger="submit, input delay:1200ms, change"\n'
        f'      hx-target="#state-{suffix}" hx-swap="innerHTML" hx-sync="this:queue last">\n'
    )


def _preview_opening() -> str:
    label = conditional_escape(gettext("Forhåndsvisning"))
    return f'<form class="answer-form" aria-label="{label}"><fieldset disabled class="preview">\n'


def _hidden_fields(context, answer, suffix) -> str:
    token = context.get("csrf_token")
    fields = []
    if token and token != "NOTPROVIDED":  # as {% csrf_token %} writes it
        fields.append(
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
        )
    version = getattr(answer, "version", None) or 0
    fields.append(f'<input type="hidden" name="version" id="version-{suffix}" value="{version}">')
    phase = conditional_escape(getattr(context.get("project"), "phase", ""))
    fields.append(f'<input type="hidden" name="phase" value="{phase}">')
    if back := context.get("back"):
        fields.append(f'<input type="hidden" name="back" value="{conditional_escape(back)}">')
    return "".join(f"  {field}\n" for field in fields)


def _text_label(question, joint) -> str:
    kind = question.kind
    if kind == AnswerKind.TEXT:
        return gettext("Udvalgets fælles svar") if joint else gettext("Dit svar")
    if kind == AnswerKind.YES_NO:
        return gettext("Forklaring (valgfri)")
    if kind == AnswerKind.PRINCIPLE:
        if joint:
            return gettext(
                "Kort begrundelse (skal skrives ved “slet ikke”, og når siderne svarer forskelligt)"
            )
        return gettext("Kort begrundelse (skal skrives ved “slet ikke”)")
    if kind == AnswerKind.GROUP_EFFECT:
        return gettext("Hvordan, og for hvem (valgfri)")
    return gettext("Begrundelse (valgfri)")


def _text_field(context, question, answer, joint, suffix) -> str:
    rows = 4 if question.kind == AnswerKind.TEXT else 2
    text = conditional_escape(getattr(answer, "text", "") or "")
    limit = conditional_escape(context.get("text_max_length", ""))
    label = conditional_escape(_text_label(question, joint))
    return (
        f'  <label for="text-{suffix}">{label}</label>\n'
        f'  <textarea id="text-{suffix}" name="text" rows="{rows}" maxlength="{limit}">'
        f"{text}</textarea>\n"
    )


# Every translated text is asked for outside the f-strings: makemessages
# (xgettext) does not read inside them, and would drop the string from
# the catalogue.


def _status_field(context, question, answer) -> str:
    chosen = getattr(answer, "status", None)
    options = option_tags(context.get("answer_statuses", ()), {chosen} if chosen else set())
    label, choose = gettext("Status"), gettext("– vælg –")
    return (
        f'  <label for="status-{question.pk}">{conditional_escape(label)}</label>\n'
        f'  <select id="status-{question.pk}" name="status">\n'
        f'    <option value="">{conditional_escape(choose)}</option>\n'
        f"    {options}\n"
        "  </select>\n"
    )


def _save_row(answer, suffix) -> str:
    saved = ""
    if getattr(answer, "version", None):
        when = formats.date_format(timezone.localtime(answer.updated_at), gettext("j. b H:i"))
        text = gettext("Gemt %(when)s") % {"when": when}
        saved = f'<span class="save-state">{conditional_escape(text)}</span>'
    save = gettext("Gem")
    return (
        '  <div class="save-row">\n'
        f'    <button type="submit" class="secondary">{conditional_escape(save)}</button>\n'
        f'    <div class="save-state-box" id="state-{suffix}" aria-live="polite">{saved}</div>\n'
        "  </div>\n"
    )
