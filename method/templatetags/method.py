"""The method's words in templates: what a phase is for
(`method.vocabulary.PHASE_DESCRIPTIONS`)."""

from django import template

from method.vocabulary import PHASE_SOURCE, phase_description

register = template.Library()


@register.filter(name="phase_description")
def phase_description_filter(phase: str) -> str:
    return phase_description(phase)


@register.simple_tag
def phase_source() -> str:
    return str(PHASE_SOURCE)
