from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Comment
from businesscase.models import Benefit
from competences.models import CompetenceLine
from meetings.followups import Action
from organisations.models import Committee, User
from projects.models import Project
from questionnaires.models import Question

from .services import SHOW_ALL, SHOW_OPEN, SHOW_OVERDUE


class ActionFilterForm(forms.Form):
    """The overview's filters, from the query string."""

    projekt = forms.ModelChoiceField(
        label=_("Projekt"), queryset=Project.objects.none(), required=False, empty_label=_("Alle")
    )
    udvalg = forms.ModelChoiceField(
        label=_("MED-udvalg"),
        queryset=Committee.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    vis = forms.ChoiceField(
        label=_("Vis"),
        choices=[(SHOW_OPEN, _("Åbne")), (SHOW_OVERDUE, _("Overskredne")), (SHOW_ALL, _("Alle"))],
        required=False,
    )
    mine = forms.BooleanField(label=_("Kun mine"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projekt"].queryset = Project.objects.for_user(user)
        self.fields["udvalg"].queryset = Committee.objects.for_user(user)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "project": data["projekt"],
            "committee": data["udvalg"],
            "show": data["vis"] or SHOW_OPEN,
            "mine": data["mine"],
        }


class ActionLinksForm(forms.Form):
    """What a new follow-up on a project serves: from the query string of
    the buttons that make one (an open point, a benefit, a competence gap)."""

    spoergsmaal = forms.ModelChoiceField(
        queryset=Question.objects.none(), required=False, widget=forms.HiddenInput
    )
    kommentar = forms.ModelChoiceField(
        queryset=Comment.objects.none(), required=False, widget=forms.HiddenInput
    )
    gevinst = forms.ModelChoiceField(
        queryset=Benefit.objects.none(), required=False, widget=forms.HiddenInput
    )
    kompetence = forms.ModelChoiceField(
        queryset=CompetenceLine.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        assessment = project.assessment
        self.fields["spoergsmaal"].queryset = Question.objects.filter(
            section__version_id=assessment.template_version_id
        ).select_related("section")
        self.fields["kommentar"].queryset = Comment.objects.filter(
            assessment=assessment
        ).select_related("question__section")
        self.fields["gevinst"].queryset = Benefit.objects.filter(
            case__project=project
        ).select_related("case")
        self.fields["kompetence"].queryset = CompetenceLine.objects.filter(
            plan__project=project
        ).select_related("plan")

    def links(self) -> dict:
        data = self.cleaned_data
        return {
            "question": data["spoergsmaal"],
            "comment": data["kommentar"],
            "benefit": data["gevinst"],
            "competence_line": data["kompetence"],
        }


class ProjectActionForm(ActionLinksForm):
    what = forms.CharField(label=Action._meta.get_field("what").verbose_name, max_length=500)
    owner = forms.ModelChoiceField(label=_("Ansvarlig"), queryset=User.objects.none())
    deadline = forms.DateField(
        label=_("Frist"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            municipality_id=project.municipality_id
        ).order_by("first_name", "last_name")
