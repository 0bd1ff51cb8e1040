"""Form widgets written in Python instead of Django's templates (a select,
radio buttons, checkboxes: the same markup), and choices for long lists."""

from functools import partial

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A select written in Python instead of a template per option. Django's
    Select renders each option through its own template, after building a
    dictionary per option: for a list of the municipality's 400 projects or
    350 people that is about 20 ms of the page (measured at national scale). Same markup as Django's
    (the select's attributes, `selected`, option groups); options have no
    attributes of their own in our forms."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        attrs = self.build_attrs(self.attrs, attrs)
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an option group
                inner = mark_safe(option_tags(label, selected))  # noqa: S308 - escaped there
                options.append(
                    format_html('<optgroup label="{}">{}</optgroup>', option_value, inner)
                )
            else:
                options.append(option_tags([(option_value, label)], selected))
        return format_html(
            "<select{}>{}</select>",
            flatatt({"name": name, **attrs}),
            mark_safe("".join(options)),  # noqa: S308 - every value and label escaped above
        )


class _InputsWrittenInPython:
    """Radio buttons or checkboxes written in Python, with the markup of
    Django's templates (`multiple_input.html`, `input_option.html`): Django
    renders three templates per option, about 750 Python calls a choice
    (the lead's project page, six choices: 122,333 -> 117,779 calls). The
    options and their attributes are Django's own (`optgroups`)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        own = widget["attrs"]
        out = ["<div", _attr("id", own.get("id")), _attr("class", own.get("class")), ">"]
        for group, options, _index in widget["optgroups"]:
            if group:
                out.append(f"\n  <div><label>{conditional_escape(group)}</label>")
            out += [f"<div>\n    {_input_option(option)}</div>" for option in options]
            if group:
                out.append("\n  </div>")
        out.append("\n</div>")
        return mark_safe("".join(out))  # noqa: S308 - every value and label escaped


class RadioSelect(_InputsWrittenInPython, forms.RadioSelect):
    """Django's RadioSelect, written in Python (`_InputsWrittenInPython`)."""


class CheckboxSelectMultiple(_InputsWrittenInPython, forms.CheckboxSelectMultiple):
    """Django's CheckboxSelectMultiple, written in Python."""


def _attr(name: str, value) -> str:
    return f' {name}="{conditional_escape(value)}"' if value else ""


def _input_option(option: dict) -> str:
    attrs = "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in option["attrs"].items()
        if value is not False
    )
    value = (
        "" if option["value"] is None else f' value="{conditional_escape(str(option["value"]))}"'
    )
    field = f'<input type="{option["type"]}" name="{conditional_escape(option["name"])}"{value}{attrs}>\n'
    if not option["wrap_label"]:
        return field + "\n\n"
    label_for = _attr("for", option["attrs"].get("id"))
    # The two newlines end Django's option templates.
    return f"<label{label_for}>{field} {conditional_escape(option['label'])}</label>\n\n"


def option_tags(choices, selected: set[str]) -> str:
    """`<option>` tags for (value, label) pairs, those whose value (as a
    string) is in `selected` selected; values and labels escaped."""
    # Plain escaping and joining: format_html and flatatt per option were
    # most of the select's time (the meeting page, 400 projects: 57 → 54 ms).
    return "".join(
        f'<option value="{conditional_escape(value)}"{" selected" if value in selected else ""}>'
        f"{conditional_escape(label)}</option>"
        for value, label in (("" if v is None else str(v), label) for v, label in choices)
    )


def choices_from_values(field: forms.ModelChoiceField, label: str) -> None:
    """Let a model choice field list its options from (pk, `label`) rows
    instead of a model instance per option: for the municipality's 400
    projects that is 2.5 ms instead of 7 ms. What a form accepts is still
    the field's queryset; only the listing changes."""
    field.iterator = partial(_ValuesChoiceIterator, label=label)
    field.widget.choices = field.choices  # the widget took the listing with the queryset


class _ValuesChoiceIterator(ModelChoiceIterator):
    def __init__(self, field, *, label: str):
        super().__init__(field)
        self.label = label

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.label)
