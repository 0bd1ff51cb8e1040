from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from method import vocabulary
from method.vocabulary import InvolvementLevel
from organisations.models import Committee, User
from workbench.widgets import CheckboxSelectMultiple, RadioSelect

from .models import Project, TechnologyKind


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "need",
            "description",
            "field_of_work",
            "technology_kind",
            "technology_other",
            "lead",
            "committees",
            "responsible_committee",
            "complexity_maturity",
            "complexity_scale",
            "complexity_cross_boundary",
            "complexity_involvement",
            "complexity_duration",
            "organisational_context",
            "local_influence",
        ]
        widgets = {
            "need": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "organisational_context": forms.Textarea(attrs={"rows": 3}),
            "committees": CheckboxSelectMultiple,
            "local_influence": RadioSelect,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        # Choices only from the user's own municipality.
        self.fields["committees"].queryset = Committee.objects.filter(municipality=municipality)
        responsible = self.fields["responsible_committee"]
        responsible.queryset = Committee.objects.filter(municipality=municipality)
        responsible.required = False  # one committee chosen: that one (clean)
        responsible.empty_label = _("Det eneste valgte MED-udvalg")
        responsible.label_from_instance = committee_with_level
        self.fields["lead"].queryset = User.objects.filter(
            municipality=municipality, is_project_lead=True
        ).order_by("first_name", "last_name")
        # TextFields have no length limit of their own.
        for name in ("need", "description", "organisational_context"):
            self.fields[name].validators.append(MaxLengthValidator(settings.TEXT_MAX_LENGTH))

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        same_title = Project.objects.filter(municipality=self.municipality, title__iexact=title)
        if same_title.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Der findes allerede et projekt med denne titel."))
        return title

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("technology_kind") == TechnologyKind.OTHER
            and not cleaned.get("technology_other", "").strip()
        ):
            self.add_error("technology_other", _("Skriv hvilken teknologi, når du vælger “Andet”."))
        # The responsible committee is one of the committees handling the
        # project (its seats give access like the others').
        responsible, committees = cleaned.get("responsible_committee"), cleaned.get("committees")
        if responsible is None and committees is not None:
            if len(committees) == 1:
                cleaned["responsible_committee"] = committees[0]
            else:
                self.add_error(
                    "responsible_committee",
                    _("Vælg hvilket af projektets MED-udvalg der er ansvarligt."),
                )
        elif responsible is not None and committees is not None:
            cleaned["committees"] = committees | Committee.objects.filter(pk=responsible.pk)
        return cleaned


def committee_with_level(committee: Committee) -> str:
    return f"{committee} ({committee.get_level_display()})"


def involvement_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Involveringsniveau i fasen"),
        choices=InvolvementLevel.choices,
        widget=RadioSelect,
        help_text=_(
            "Hvor meget kan medarbejderne reelt få indflydelse på i denne fase? Niveauet kan "
            "være forskelligt fra fase til fase."
        ),
        **kwargs,
    )


class MoveOnForm(forms.Form):
    """Moving the project one sub-step on. The reason is asked for when the
    move leaves a phase with required questions unanswered; the override
    when it leaves a phase its committee has not dealt with; the
    involvement level when it enters a new phase."""

    note = forms.CharField(
        label=_("Udvalgets note"),
        required=False,
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Begrundelse for at gå videre uden alle påkrævede svar"),
        required=False,
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override = forms.CharField(
        label=_("Begrundelse for at gå videre uden MED-udvalgets drøftelse"),
        required=False,
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    involvement = involvement_field(required=False)
    from_step = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, enters_phase: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["involvement"].required = enters_phase


class MoveBackForm(forms.Form):
    """Going back to an earlier sub-step, with the reason why."""

    to_step = forms.ChoiceField(label=_("Tilbage til"))
    reason = forms.CharField(
        label=_("Hvorfor går projektet tilbage?"),
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fx: pilotforsøget viste, at der skal laves en ny prototype."),
    )
    involvement = involvement_field(required=False)
    from_step = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, project, **kwargs):
        # Its own ids: the page also holds the move-on form's fields.
        kwargs.setdefault("auto_id", "back_%s")
        super().__init__(*args, **kwargs)
        self.fields["to_step"].choices = [
            (s.key, f"{s.phase.label}: {s.label}") for s in vocabulary.steps_before(project.step)
        ]
        self.project = project

    def clean(self):
        cleaned = super().clean()
        to_step = cleaned.get("to_step")
        changes_phase = to_step and vocabulary.step(to_step).phase != self.project.phase
        if changes_phase and not cleaned.get("involvement"):
            self.add_error(
                "involvement",
                _("Vælg involveringsniveauet i den fase, projektet går tilbage til."),
            )
        return cleaned


class InvolvementForm(forms.Form):
    """The involvement level of the project's current phase."""

    level = involvement_field()


class DashboardPageForm(forms.Form):
    """Which page of the dashboard's projects (`?side=`); anything else
    than a page number shows the first page."""

    side = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def page_number(self) -> int:
        return (self.is_valid() and self.cleaned_data["side"]) or 1
