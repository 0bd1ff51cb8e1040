from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Side
from organisations.models import User
from projects.models import Project
from workbench.widgets import CheckboxSelectMultiple, LongSelect, choices_from_values

from .models import Action, AgendaItem, Meeting


class MeetingForm(forms.ModelForm):
    carry_over = forms.BooleanField(
        label=_("Overfør uafklarede punkter fra udvalgets tidligere møder"),
        required=False,
        initial=True,
    )

    class Meta:
        model = Meeting
        fields = ["committee", "starts_at", "place"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "project", "description", "proposal", "is_closed"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "proposal": forms.Textarea(attrs={"rows": 2}),
            "project": LongSelect,  # every project of the municipality
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(
            municipality_id=meeting.committee.municipality_id
        )
        choices_from_values(self.fields["project"], "title")  # a project's texts are long
        for name in ("description", "proposal"):
            self.fields[name].validators.append(MaxLengthValidator(settings.TEXT_MAX_LENGTH))


class OutcomeForm(forms.Form):
    decision = forms.CharField(
        label=_("Beslutning eller konklusion"),
        required=False,
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dissent = forms.CharField(
        label=_("Mindretalsudtalelse (valgfri)"),
        required=False,
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    dissent_side = forms.ChoiceField(
        label=_("Mindretalsudtalelse fra"),
        required=False,
        choices=[("", _("– ingen –")), *Side.choices],
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["what", "owner", "deadline"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "owner": LongSelect,  # everyone in the municipality
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            municipality_id=meeting.committee.municipality_id
        ).order_by("first_name", "last_name")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices)


class AttendanceForm(forms.Form):
    """Who attended: the committee's members (ticked on the meeting page)."""

    attendees = forms.ModelMultipleChoiceField(
        label=_("Til stede"),
        queryset=User.objects.none(),
        required=False,
        widget=CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("%(value)s sidder ikke i udvalget.")},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = (
            User.objects.filter(memberships__committee=meeting.committee_id)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class SignMinutesForm(forms.Form):
    """The confirm step before the chair or vice-chair signs the minutes."""

    confirm = forms.BooleanField(
        label=_("Jeg har læst referatet og godkender det"),
        error_messages={"required": _("Sæt kryds for at bekræfte, at du godkender referatet.")},
    )
