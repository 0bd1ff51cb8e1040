"""An answer's form (`answer_form`): the autosaving form of one question,
the member's own or the committee's joint one, or its disabled preview;
the block around it (`answer_block`: a refused save's message, the answer
of an earlier phase with "Samme som før"), an answer as it is shown
(`answer_shown`), the committee's answer as a reader sees it
(`joint_shown`) and a question's links (`question_links`).

Written in Python, like its options (`questionnaires.templatetags.
questions`) and the long selects (`workbench.widgets.LongSelect`): a core
question's part holds 20 questions, and as a template the form was a fifth
of the page's work (about 1,900 Python calls a form, its markup's
conditions, translations and lookups); the block, the answers shown and
the links were another fifth (the part 42 -> 33 ms in-process for the chair
of the biggest municipality). The markup is the one the template wrote
(the assessment pages of eight users in both languages and the template
previews, 1,536 pages, compared before and after); every value is escaped.
The question around them is `question_articles`, the confirmations under
the joint answer `joint_confirmations`."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

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


@register.simple_tag(takes_context=True)
def answer_block(context, question, answer, previous, joint):
    """`question`'s answer block: the form for `answer`, and above it, from
    the context, a refused save's `problem` or the note that the earlier
    answer was `repeated`; and `previous`, the answer of an earlier phase,
    with "Samme som før" while this phase has none."""
    prefix = "j" if joint else "o"
    suffix = f"{prefix}{question.pk}"
    parts = [f'<div class="answer-block" id="answer-{suffix}">\n']
    if problem := context.get("problem"):
        parts.append(f"  {save_state(problem, refused=True)}\n")
    if context.get("repeated"):
        note = gettext("Det tidligere svar er gemt som svar i denne fase.")
        parts.append(f"  {save_state(note, focus=True)}\n")
    if previous:
        parts.append(_previous_answer(context, question, answer, previous, joint, suffix))
    parts.append(answer_form(context, question, answer, joint))
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped where it is written


def save_state(text, *, refused=False, focus=False) -> str:
    """A save's outcome beside its form: refused (an alert) or done (a
    status message, with `focus` taking the keyboard there)."""
    kind, role = ("error", "alert") if refused else ("ok", "status")
    focused = ' tabindex="-1" autofocus' if focus else ""
    return (
        f'<p class="save-state save-state--{kind}" role="{role}"{focused}>'
        f"{conditional_escape(text)}</p>"
    )


def _previous_answer(context, question, answer, previous, joint, suffix) -> str:
    when = gettext("%(in_phase)s svarede I:") if joint else gettext("%(in_phase)s svarede du:")
    when %= {"in_phase": previous.in_phase_words}
    parts = [
        '  <div class="previous-answer">\n'
        f'    <p class="previous-answer__when" id="previous-{suffix}">{conditional_escape(when)}</p>\n'
        f'    <div id="previous-value-{suffix}">{answer_shown(previous)}</div>\n'
    ]
    if not getattr(answer, "is_answered", False):
        name = "joint_answer_repeat" if joint else "answer_repeat"
        repeat_url = conditional_escape(reverse(name, args=[context["assessment"].pk, question.pk]))
        version = getattr(answer, "version", None) or 0
        phase = conditional_escape(getattr(context.get("project"), "phase", ""))
        same = gettext("Samme som før")
        parts.append(
            f'    <form method="post" class="inline" action="{repeat_url}" hx-post="{repeat_url}"\n'
            f'          hx-target="#answer-{suffix}" hx-swap="outerHTML">\n'
            f"      {csrf_field(context)}\n"
            f'      <input type="hidden" name="version" value="{version}">\n'
            f'      <input type="hidden" name="phase" value="{phase}">\n'
            '      <button type="submit" class="secondary"'
            f' aria-describedby="previous-{suffix} previous-value-{suffix}">'
            f"{conditional_escape(same)}</button>\n"
            "    </form>\n"
        )
    parts.append("  </div>\n")
    return "".join(parts)


@register.simple_tag
def answer_shown(shown):
    """An answer as it reads: its status, its value, and its explanation."""
    parts = ["<blockquote>"]
    if shown.status:
        parts.append(
            f'<span class="status status--{conditional_escape(shown.status)}">'
            f"{conditional_escape(shown.get_status_display())}</span> "
        )
    parts.append(linebreaksbr(shown.display_value(), autoescape=True))
    if shown.text and shown.question.kind != AnswerKind.TEXT:
        parts.append("<br>" + linebreaksbr(shown.text, autoescape=True))
    parts.append("</blockquote>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped where it is written


@register.simple_tag(takes_context=True)
def joint_shown(context, row):
    """The committee's answer to the question of `row` for someone who does
    not write it: the answer, or that there is none in the phase shown (and
    the one of an earlier phase, if any)."""
    joint = row["joint"]
    if joint and joint.is_answered:
        label = gettext("Udvalgets fælles svar:")
        return mark_safe(  # noqa: S308 - escaped
            f"<p><strong>{conditional_escape(label)}</strong></p>\n{answer_shown(joint)}"
        )
    if getattr(context.get("phase_view"), "is_current", False):
        none = gettext("Udvalget har ikke skrevet et fælles svar i denne fase endnu.")
    else:
        none = gettext("Udvalget skrev ikke et fælles svar i denne fase.")
    parts = [f'<p class="muted">{conditional_escape(none)}</p>\n']
    if previous := row["previous_joint"]:
        said = gettext("%(in_phase)s svarede udvalget:") % {"in_phase": previous.in_phase_words}
        parts.append(f"<p>{conditional_escape(said)}</p>{answer_shown(previous)}")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped where it is written


@register.simple_tag(takes_context=True)
def question_links(context, row):
    """Under a question: its discussion (for those who may comment, with the
    place the comments open in) and its history."""
    assessment_pk, question_pk = context["assessment"].pk, row["question"].pk
    parts = ['<p class="question__links">\n']
    may_comment = getattr(context.get("standing"), "may_comment", False)
    if may_comment:
        url = conditional_escape(reverse("comments", args=[assessment_pk, question_pk]))
        count = row["open_comments"]
        label = ngettext("Drøftelse (%(counter)s åben)", "Drøftelse (%(counter)s åbne)", count)
        parts.append(
            f'  <a href="{url}" hx-get="{url}" hx-target="#comments-{question_pk}"'
            f' hx-swap="innerHTML">{conditional_escape(label % {"counter": count})}</a>\n  · '
        )
    history_url = conditional_escape(reverse("question_history", args=[assessment_pk, question_pk]))
    history = gettext("Historik")
    parts.append(f'<a href="{history_url}">{conditional_escape(history)}</a>\n</p>\n')
    if may_comment:
        parts.append(f'<div id="comments-{question_pk}"></div>')
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


def csrf_field(context) -> str:
    token = context.get("csrf_token")
    if token and token != "NOTPROVIDED":  # as {% csrf_token %} writes it
        return (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
        )
    return ""


def _hidden_fields(context, answer, suffix) -> str:
    fields = [token] if (token := csrf_field(context)) else []
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
