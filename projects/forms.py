from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from organisations.models import Committee, User

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
            "committees": forms.CheckboxSelectMultiple,
            "local_influence": forms.RadioSelect,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        # Choices only from the user's own municipality.
        self.fields["committees"].queryset = Committee.objects.filter(municipality=municipality)
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
        return cleaned


class MoveOnForm(forms.Form):
    """Moving the project one sub-step on. The reason is asked for when the
    move leaves a phase with required questions unanswered."""

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
    from_step = forms.CharField(widget=forms.HiddenInput)


class DashboardPageForm(forms.Form):
    """Which page of the dashboard's projects (`?side=`); anything else
    than a page number shows the first page."""

    side = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def page_number(self) -> int:
        return (self.is_valid() and self.cleaned_data["side"]) or 1
