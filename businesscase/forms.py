from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from organisations.models import User

from .models import MONEY, Benefit, BenefitKind, BusinessCase, BusinessCaseRevision, Measurement
from .numbers import DanishDecimalField

TEXT = {"required": False, "max_length": settings.TEXT_MAX_LENGTH}


def _text_field(model, name, rows=3, **extra):
    model_field = model._meta.get_field(name)
    return forms.CharField(
        label=model_field.verbose_name,
        help_text=model_field.help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        **{**TEXT, **extra},
    )


def _amount_field(model, name, **extra):
    model_field = model._meta.get_field(name)
    return DanishDecimalField(
        label=model_field.verbose_name,
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        help_text=_("Fx 1.250.000,50"),
        **extra,
    )


class BusinessCaseForm(forms.Form):
    task = _text_field(BusinessCase, "task")
    efforts = _text_field(BusinessCase, "efforts")
    costs_one_off = _amount_field(BusinessCase, "costs_one_off", required=False, min_value=0)
    costs_yearly = _amount_field(BusinessCase, "costs_yearly", required=False, min_value=0)
    governance = _text_field(BusinessCase, "governance")
    note = forms.CharField(
        label=BusinessCaseRevision._meta.get_field("note").verbose_name,
        required=False,
        max_length=BusinessCaseRevision._meta.get_field("note").max_length,
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SideEffectForm(forms.Form):
    effect = forms.CharField(label=_("Uønsket bivirkning"), max_length=1000, required=False)
    mitigation = forms.CharField(
        label=_("Sådan undgår eller begrænser vi den"),
        max_length=settings.TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BenefitForm(forms.Form):
    id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Gevinst"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=BenefitKind.choices)
    measure = forms.CharField(
        label=Benefit._meta.get_field("measure").verbose_name,
        help_text=Benefit._meta.get_field("measure").help_text,
        max_length=300,
    )
    unit = forms.CharField(label=_("Enhed"), max_length=40, required=False)
    baseline = _amount_field(Benefit, "baseline")
    target = _amount_field(Benefit, "target")
    due_on = forms.DateField(
        label=Benefit._meta.get_field("due_on").verbose_name,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    owner = forms.ModelChoiceField(label=_("Ejer"), queryset=User.objects.none())

    def __init__(self, *args, municipality_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            municipality_id=municipality_id
        ).order_by("first_name", "last_name")


SideEffectFormSet = forms.formset_factory(SideEffectForm, extra=2, can_delete=True, max_num=30)
BenefitFormSet = forms.formset_factory(BenefitForm, extra=1, can_delete=True, max_num=30)


class MeasurementForm(forms.ModelForm):
    value = _amount_field(Measurement, "value")

    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BenefitStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Benefit.Status.choices)
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=_("Skal udfyldes ved delvist realiseret, ikke realiseret og opgivet."),
        required=False,
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevisionPairForm(forms.Form):
    """Which two revisions the diff page compares (`fra`, `til`)."""

    fra = forms.IntegerField(label=_("Fra revision"), min_value=1, max_value=10**6)
    til = forms.IntegerField(label=_("Til revision"), min_value=1, max_value=10**6)
