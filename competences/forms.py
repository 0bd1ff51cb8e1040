from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from businesscase.numbers import DanishDecimalField
from method.vocabulary import COMPETENCE_NOT_ASSESSED, CompetenceLevel, CompetencePrinciple
from organisations.models import User

from .models import COMPETENCE_CHOICES, Activity, CompetencePlan, PrincipleCheck

LEVELS = [("", COMPETENCE_NOT_ASSESSED), *CompetenceLevel.choices]


class PlanGroupForm(forms.ModelForm):
    class Meta:
        model = CompetencePlan
        fields = ["group"]


class LevelForm(forms.Form):
    competence = forms.ChoiceField(choices=COMPETENCE_CHOICES, widget=forms.HiddenInput)
    needed = forms.ChoiceField(label=_("Nødvendigt"), choices=LEVELS, required=False)
    current = forms.ChoiceField(label=_("Nu"), choices=LEVELS, required=False)


class PrincipleForm(forms.Form):
    principle = forms.ChoiceField(choices=CompetencePrinciple.choices, widget=forms.HiddenInput)
    meets = forms.ChoiceField(
        label=_("Opfylder planen princippet?"),
        choices=[("", _("– ikke vurderet –")), *PrincipleCheck.Verdict.choices],
        required=False,
    )
    justification = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("meets") and not (data.get("justification") or "").strip():
            self.add_error("justification", _("Begrund vurderingen af princippet."))
        return data


LevelFormSet = forms.formset_factory(LevelForm, extra=0, max_num=12)
PrincipleFormSet = forms.formset_factory(PrincipleForm, extra=0, max_num=3)


class ActivityForm(forms.ModelForm):
    hours = DanishDecimalField(
        label=Activity._meta.get_field("hours").verbose_name,
        max_digits=6,
        decimal_places=1,
        min_value=0,
        help_text=_("Fx 3,5"),
    )

    class Meta:
        model = Activity
        fields = ["what", "form", "timing", "hours", "owner"]

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            municipality_id=municipality_id
        ).order_by("first_name", "last_name")
