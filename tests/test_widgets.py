"""LongSelect writes the same select as Django's own widget, faster: the
chosen option stays chosen, labels are escaped, groups are kept, and the
form still refuses a value that is not on the list. Our radio buttons and
checkboxes write Django's markup byte for byte. The answer forms'
options, written in Python too, tick the choice and escape the labels."""

import re

import pytest
from django import forms

from meetings.forms import AgendaItemForm
from tests.factories import make_project
from workbench.widgets import CheckboxSelectMultiple, LongSelect, RadioSelect

CHOICES = [("Gruppe <1>", [("1", "én & to"), ("2", "<b>to</b>")]), ("3", "tre")]


def attributes_sorted(html: str) -> str:
    """The markup with each tag's attributes in one order (Django's order
    is not part of what a browser reads)."""

    def sort(tag):
        name, attrs = tag.group(1), re.findall(r'\s([\w-]+(?:="[^"]*")?)', tag.group(2))
        return "<" + " ".join([name, *sorted(attrs)]) + ">"

    return re.sub(r"<(\w+)((?:\s[\w-]+(?:=\"[^\"]*\")?)*)>", sort, re.sub(r">\s+<", "><", html))


def both(field_kwargs, initial):
    class Django(forms.Form):
        x = forms.ChoiceField(**field_kwargs)

    class Ours(forms.Form):
        x = forms.ChoiceField(widget=LongSelect, **field_kwargs)

    return str(Django(initial={"x": initial})["x"]), str(Ours(initial={"x": initial})["x"])


def test_the_markup_is_djangos_with_groups_escaping_and_the_chosen_option():
    django_html, ours = both({"choices": CHOICES}, "2")
    assert attributes_sorted(ours) == attributes_sorted(django_html)
    assert '<option value="2" selected>&lt;b&gt;to&lt;/b&gt;</option>' in ours
    assert '<optgroup label="Gruppe &lt;1&gt;">' in ours
    django_html, ours = both({"choices": [("", "– vælg –"), ("1", "én")]}, None)
    assert attributes_sorted(ours) == attributes_sorted(django_html)
    assert "required" in ours and '<option value="" selected>– vælg –</option>' in ours


@pytest.mark.parametrize(
    ("ours", "djangos", "field"),
    [
        (RadioSelect, forms.RadioSelect, forms.ChoiceField),
        (CheckboxSelectMultiple, forms.CheckboxSelectMultiple, forms.MultipleChoiceField),
    ],
)
def test_radio_buttons_and_checkboxes_are_djangos_markup(ours, djangos, field):
    for choices in (CHOICES, [("a", "Én & to"), ("b", "<b>to</b>"), (3, "tre")]):
        for initial in (None, "2", ["1", "3"], "b"):
            for required in (True, False):

                class Django(forms.Form):
                    x = field(
                        choices=choices, required=required, widget=djangos(attrs={"class": "k"})
                    )

                class Ours(forms.Form):
                    x = field(choices=choices, required=required, widget=ours(attrs={"class": "k"}))

                expected = str(Django(initial={"x": initial})["x"])
                assert str(Ours(initial={"x": initial})["x"]) == expected
    chosen = str(Ours(initial={"x": "b"})["x"])  # the last choices, not required
    option = f'<input type="{ours.input_type}" name="x" value="b" class="k" id="id_x_1" checked>'
    assert option in chosen
    assert "&lt;b&gt;to&lt;/b&gt;" in chosen and "<b>" not in chosen


@pytest.mark.django_db
def test_the_project_list_of_an_item_keeps_its_project_and_refuses_a_stranger(
    meeting, project, municipality, other_municipality, lead
):
    item = meeting.add_item(title="Valg af system", kind="beslutning", project=project)
    make_project(municipality, lead, [], title="Andet projekt")
    html = str(AgendaItemForm(instance=item, meeting=meeting)["project"])
    assert f'<option value="{project.pk}" selected>{project.title}</option>' in html
    assert "Andet projekt" in html
    stranger = make_project(other_municipality, lead, [], title="Nabokommunens projekt")
    assert "Nabokommunens projekt" not in html
    form = AgendaItemForm(
        {"title": "Punkt", "kind": "orientering", "project": stranger.pk}, meeting=meeting
    )
    assert not form.is_valid() and "project" in form.errors


@pytest.mark.django_db
def test_the_project_list_from_values_lists_what_the_projects_themselves_would(
    meeting, project, municipality, lead
):
    """The item's project list is read as (id, title) rows, not a project
    object per option; the options are the same, in the same order."""
    make_project(municipality, lead, [], title="Andet & <nyt> projekt")
    field = AgendaItemForm(meeting=meeting).fields["project"]
    from_objects = [("", field.empty_label)] + [(p.pk, str(p)) for p in field.queryset]
    assert list(field.choices) == from_objects
    assert list(field.widget.choices) == from_objects
    html = str(AgendaItemForm(meeting=meeting)["project"])
    assert "Andet &amp; &lt;nyt&gt; projekt</option>" in html


def test_an_answers_options_tick_the_choice_escape_the_labels_and_show_the_step():
    from assessments.models import Answer
    from questionnaires.models import AnswerKind, Question
    from questionnaires.templatetags.questions import answer_options

    scale = answer_options(Question(kind=AnswerKind.SCALE), Answer(value=-1))
    assert '<input type="radio" name="value" value="-1" checked> Overvejende negativ' in scale
    assert scale.count(" checked") == 1
    assert "(+1)</span>" in scale and "(0)</span>" in scale and "(-2)</span>" in scale
    choices = [{"key": "a", "label": "<b>A</b> & co"}, {"key": "b", "label": "B"}]
    several = Question(kind=AnswerKind.MULTIPLE_CHOICE, choices=choices)
    html = answer_options(several, Answer(value=["a", "b"]))
    assert html.count('type="checkbox"') == 2 and html.count(" checked") == 2
    assert "&lt;b&gt;A&lt;/b&gt; &amp; co" in html and "<b>" not in html
    assert " checked" not in answer_options(several, None)  # an empty form: nothing ticked
