"""The sides' confirmations under a joint answer (`confirmations`): who has
confirmed the version that stands, who is awaited (and who confirmed an
earlier version), and a button for each side the user confirms for.

Written in Python like the answer's form (`answer_forms`): the assessment
page shows it under each of a part's 20 questions, and as a template it
was about 0.25 ms a question, a sixth of the part. The markup is the one
`_confirmations.html` wrote; that template is this tag now, for the
views that swap the confirmations in."""

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .answer_forms import csrf_field, save_state

register = template.Library()

WHEN = "j. b Y H:i"


@register.simple_tag(takes_context=True)
def confirmations(context, question, answer, oob=False):
    """The confirmations of `answer`, the joint answer to `question` (None:
    not written yet). From the context: a refused confirmation's
    `confirm_problem` or `confirmed_now`, the sides the user confirms for
    (`confirm_sides`), the assessment and the CSRF token. `oob`: swapped in
    out of band (after a save of the joint answer)."""
    swap = ' hx-swap-oob="true"' if oob else ""
    parts = [f'<div class="confirmations" id="confirmations-{question.pk}"{swap}>\n']
    if problem := context.get("confirm_problem"):
        parts.append(save_state(problem, refused=True))
    elif context.get("confirmed_now"):
        parts.append(save_state(gettext("Din bekræftelse er gemt.")))
    if getattr(answer, "awaits_confirmation", False):
        heading = gettext("Siderne står bag svaret")
        parts.append(
            f'\n  <p class="confirmations__heading"><strong>{conditional_escape(heading)}</strong></p>\n'
            '  <ul class="plain confirmations__lines">\n'
        )
        sides = context.get("confirm_sides") or ()
        for line in answer.confirmation_lines():
            parts.append(_line(context, question, answer, line, sides))
        parts.append("  </ul>\n")
    elif getattr(answer, "is_joint", False) and answer.is_answered:
        none = gettext("Svaret har ingen status endnu. Når det får en, kan siderne bekræfte det.")
        parts.append(f'\n  <p class="muted">{conditional_escape(none)}</p>\n')
    parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped where it is written


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), WHEN)


def _line(context, question, answer, line, sides) -> str:
    side = str(line.label).lower()
    if line.confirmation:
        text = gettext("Bekræftet for %(side)s af %(who)s %(when)s") % {
            "side": side,
            "who": line.confirmation.confirmed_by,
            "when": _when(line.confirmation.confirmed_at),
        }
        body = f'<span aria-hidden="true">✓</span> {conditional_escape(text)}'
        return f'    <li class="confirmation confirmation--given">\n      {body}\n    </li>\n'
    awaited = gettext("Afventer %(side)s") % {"side": side}
    body = [f"<strong>{conditional_escape(awaited)}</strong>"]
    if line.earlier:
        earlier = gettext(
            "(%(who)s bekræftede %(when)s en tidligere udgave; svaret er ændret siden)"
        ) % {"who": line.earlier.confirmed_by, "when": _when(line.earlier.confirmed_at)}
        body.append(f' <span class="muted">{conditional_escape(earlier)}</span>')
    if line.side in sides:
        body.append(_confirm_form(context, question, answer, line, side))
    return (
        '    <li class="confirmation confirmation--awaited">\n      '
        + "".join(body)
        + "\n    </li>\n"
    )


def _confirm_form(context, question, answer, line, side) -> str:
    url = conditional_escape(
        reverse("joint_answer_confirm", args=[context["assessment"].pk, question.pk])
    )
    button = gettext("Bekræft for %(side)s") % {"side": side}
    return (
        f'\n        <form method="post" class="inline" action="{url}"\n'
        f'              hx-post="{url}" hx-target="#confirmations-{question.pk}"'
        ' hx-swap="outerHTML" hx-disabled-elt="find button">\n'
        f"          {csrf_field(context)}\n"
        f'          <input type="hidden" name="version" value="{answer.version}">\n'
        f'          <input type="hidden" name="phase" value="{conditional_escape(answer.phase)}">\n'
        f'          <input type="hidden" name="side" value="{conditional_escape(line.side)}">\n'
        f'          <button type="submit">{conditional_escape(button)}</button>\n'
        "        </form>"
    )
