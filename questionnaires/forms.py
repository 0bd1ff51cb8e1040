"""The template editor's forms. Key formats are the model fields'
validators (`template_format/keys.py`); the forms add what needs the
version: a key not used twice in it."""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Phase
from workbench.widgets import CheckboxSelectMultiple

from .models import AnswerKind, Question, Section, TemplateVersion
from .template_format import MAX_UPLOAD_BYTES
from .template_format.keys import is_dotted_key
from .template_format.wording import size

CHOICE_KINDS = (AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE)


def _limit_texts(form, *names):
    """Free texts share the app's one length limit (the format's too)."""
    for name in names:
        form.fields[name].validators.append(MaxLengthValidator(settings.TEXT_MAX_LENGTH))


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["key", "core_question", "title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        _limit_texts(self, "intro")

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.version.sections.filter(key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Et andet afsnit i versionen har allerede nøglen “%(key)s”."), params={"key": key}
            )
        return key


class QuestionForm(forms.ModelForm):
    """Choices are typed one per line as "nøgle: Tekst"."""

    phases = forms.MultipleChoiceField(
        label=_("Faser"), choices=Phase.choices, widget=CheckboxSelectMultiple
    )
    choices_text = forms.CharField(
        label=_("Valgmuligheder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kun ved “Ét valg” og “Flere valg”: én pr. linje, som “nøgle: Tekst”."),
    )

    class Meta:
        model = Question
        fields = ["key", "text", "guidance", "followup_text", "kind", "phases", "required"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "guidance": forms.Textarea(attrs={"rows": 3}),
            "followup_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        _limit_texts(self, "text", "guidance", "followup_text", "choices_text")
        if self.instance.pk and self.instance.choices:
            self.initial["choices_text"] = "\n".join(
                f"{c['key']}: {c['label']}" for c in self.instance.choices
            )

    def clean_key(self):
        key = self.cleaned_data["key"]
        taken = Question.objects.filter(section__version=self.version, key=key)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Et andet spørgsmål i versionen har allerede nøglen “%(key)s”."),
                params={"key": key},
            )
        return key

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        choices = self._parse_choices(cleaned.get("choices_text", ""))
        if kind in CHOICE_KINDS and not choices:
            self.add_error("choices_text", _("Skriv mindst én valgmulighed."))
        if kind not in CHOICE_KINDS and choices:
            self.add_error("choices_text", _("Kun “Ét valg” og “Flere valg” har valgmuligheder."))
        self.instance.choices = choices if kind in CHOICE_KINDS else []
        return cleaned

    def _parse_choices(self, text):
        choices, keys = [], set()
        for number, line in enumerate(
            filter(None, (line.strip() for line in text.splitlines())), start=1
        ):
            key, sep, label = line.partition(":")
            key, label = key.strip(), label.strip()
            if not sep or not key or not label or not is_dotted_key(key):
                self.add_error(
                    "choices_text",
                    _("Linje %(number)s skal have formen “nøgle: Tekst”.") % {"number": number},
                )
                continue
            if key in keys:
                self.add_error("choices_text", _("Nøglen “%(key)s” står to gange.") % {"key": key})
            keys.add(key)
            choices.append({"key": key, "label": label})
        return choices


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("Ændringsnote"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv kort, hvad der er ændret i versionen.")},
    )


class DeriveForm(forms.Form):
    name = forms.CharField(label=_("Navn på kommunens skabelon"), max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Skabelonfil (JSON)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Højst %(max)s.") % {"max": size(MAX_UPLOAD_BYTES)}


class CompareForm(forms.Form):
    """`?med=` on the comparison page: another version the user may read."""

    med = forms.ModelChoiceField(
        queryset=TemplateVersion.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Vælg en version at sammenligne med."),
            "invalid_choice": _("Vælg en version at sammenligne med blandt dem på listen."),
        },
    )

    def __init__(self, *args, version, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["med"]
        field.queryset = (
            TemplateVersion.objects.for_user(user).exclude(pk=version.pk).select_related("template")
        )
        field.label_from_instance = lambda v: (
            f"{v.template.name} v{v.number} ({v.get_status_display().lower()})"
        )
        field.label = _("Sammenlign %(name)s v%(number)s med") % {
            "name": version.template.name,
            "number": version.number,
        }


class PhaseTabForm(forms.Form):
    """`?fase=` on every page with phase tabs (`_phase_tabs.html`: the
    assessment, its comparison, a template's preview): one phase's questions,
    or all of them. Without it, the page's default phase."""

    ALL = "alle"

    fase = forms.ChoiceField(choices=[*Phase.choices, (ALL, _("Alle spørgsmål"))], required=False)

    def __init__(self, data, *, default: str = Phase.IDEA):
        super().__init__(data)
        self.default = default

    def phase(self) -> str:
        return self.cleaned_data["fase"] or self.default

    def questions_in(self, questions) -> list:
        phase = self.phase()
        return [q for q in questions if phase == self.ALL or q.applies_in(phase)]
