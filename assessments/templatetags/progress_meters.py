"""How far a set of required questions is answered (`progress_meter`): a
meter and "N af M påkrævede", for the assessment page's parts and sections
and the dashboard's projects.

A tag rather than an included template: the assessment page shows it for
every section of a part and the dashboard for each project listed, and an
include costs a template render each time."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def progress_meter(progress, label=""):
    """`progress` (an `assessments.progress.Progress`; nothing if None),
    with `label` read to screen readers after the count."""
    if not progress:
        return ""
    complete = " progress--complete" if progress.complete else ""
    count = gettext("%(answered)s af %(required)s påkrævede") % {
        "answered": progress.answered,
        "required": progress.required,
    }
    hidden = f'<span class="visually-hidden"> {conditional_escape(label)}</span>' if label else ""
    return mark_safe(  # noqa: S308 - every value escaped where it is written
        f'<span class="progress{complete}">\n'
        f'  <progress max="{progress.required or 1}" value="{progress.answered}"'
        ' aria-hidden="true"></progress>\n'
        f"  <span>{conditional_escape(count)}{hidden}</span>\n"
        "</span>"
    )
