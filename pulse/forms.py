from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questionnaires.models import AnswerKind
from workbench.widgets import CheckboxSelectMultiple, RadioSelect

from .models import OpenPrompt, PulseQuestion

# A pulse is short: it is answered on a phone in a few minutes.
MAX_QUESTIONS = 12
LONGEST_OPEN_DAYS = 90
DEFAULT_OPEN_DAYS = 14
# The questions a new pulse asks unless the opener chooses others: the six
# marks of good work (BFA), the part of the template written for exactly this.
DEFAULT_SECTION = "opgaveloesning-det-gode-arbejde"


class OpenPulseForm(forms.Form):
    questions = forms.MultipleChoiceField(
        label=_("Spørgsmål fra skabelonen"),
        required=False,
        widget=CheckboxSelectMultiple,
    )
    prompts = forms.MultipleChoiceField(
        label=_("Åbne spørgsmål"),
        required=False,
        choices=OpenPrompt.choices,
        initial=OpenPrompt.values,
        widget=CheckboxSelectMultiple,
    )
    closes_on = forms.DateField(
        label=_("Sidste svardag"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Der kan svares til og med denne dag."),
    )
    invited = forms.IntegerField(
        label=_("Antal medarbejdere, der får linket"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Frivilligt. Vises ved resultaterne, så flere svar end inviterede ses."),
    )

    def __init__(self, *args, template_questions, **kwargs):
        super().__init__(*args, **kwargs)
        # An employee answers one value (or a text) per question; an effect
        # weighed group by group is the committee's question, not a pulse's.
        template_questions = [q for q in template_questions if q.kind != AnswerKind.GROUP_EFFECT]
        self.template_questions = {str(q.pk): q for q in template_questions}
        by_section = {}
        for question in template_questions:
            by_section.setdefault(question.section.title, []).append(
                (str(question.pk), question.text)
            )
        self.fields["questions"].choices = list(by_section.items())
        # The six marks themselves (their advantages and disadvantages, asked
        # apart since version 2, are texts for the committee).
        self.fields["questions"].initial = [
            pk
            for pk, q in self.template_questions.items()
            if q.section.key == DEFAULT_SECTION and q.kind == AnswerKind.SCALE
        ]
        self.fields["closes_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_OPEN_DAYS)

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        if closes_on < today:
            raise forms.ValidationError(_("Sidste svardag kan ikke ligge før i dag."))
        if closes_on > today + timedelta(days=LONGEST_OPEN_DAYS):
            raise forms.ValidationError(
                _("En medarbejderpuls kan højst være åben i %(days)s dage."),
                params={"days": LONGEST_OPEN_DAYS},
            )
        return closes_on

    def clean(self):
        cleaned = super().clean()
        chosen = len(cleaned.get("questions", [])) + len(cleaned.get("prompts", []))
        if "questions" in cleaned and "prompts" in cleaned:
            if chosen == 0:
                raise forms.ValidationError(_("Vælg mindst ét spørgsmål."))
            if chosen > MAX_QUESTIONS:
                raise forms.ValidationError(
                    _("Vælg højst %(max)s spørgsmål: pulsen skal kunne besvares på få minutter."),
                    params={"max": MAX_QUESTIONS},
                )
        return cleaned

    def chosen_questions(self):
        """The chosen template questions, in template order."""
        picked = set(self.cleaned_data["questions"])
        return [q for pk, q in self.template_questions.items() if pk in picked]


def _choice_label(kind, value, label) -> str:
    if kind == AnswerKind.SCALE:
        return f"{label} ({'+' if value > 0 else ''}{value})"
    return str(label)


class SurveyForm(forms.Form):
    """One employee's answers: a field per question (`q<order>`), every one
    optional, and the key that makes the same form count once."""

    key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Formularen er forældet. Genindlæs siden og prøv igen."),
            "invalid": _("Formularen er forældet. Genindlæs siden og prøv igen."),
        },
    )

    def __init__(self, *args, pulse_questions: list[PulseQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.pulse_questions = {f"q{pq.order}": pq for pq in pulse_questions}
        for name, pq in self.pulse_questions.items():
            self.fields[name] = _field_for(pq)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.answers():
            raise forms.ValidationError(_("Besvar mindst ét spørgsmål, før du sender."))
        return cleaned

    def answers(self) -> dict[PulseQuestion, object]:
        """Each answered question and its answer (the texts stripped)."""
        return {
            pq: self.cleaned_data[name]
            for name, pq in self.pulse_questions.items()
            if self.cleaned_data.get(name) not in (None, "", [])
        }

    def question_fields(self):
        return [self[name] for name in self.pulse_questions]


def _field_for(pq: PulseQuestion) -> forms.Field:
    label = pq.text
    if pq.takes_text:
        return forms.CharField(
            label=label,
            required=False,
            max_length=settings.TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
    choices = [(str(v), _choice_label(pq.kind, v, lab)) for v, lab in pq.value_choices()]
    if pq.kind == AnswerKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            label=label, required=False, choices=choices, widget=CheckboxSelectMultiple
        )
    return forms.ChoiceField(label=label, required=False, choices=choices, widget=RadioSelect)
