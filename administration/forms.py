from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Committee, Membership, User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["name", "level", "parent", "material_days"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        parents = Committee.objects.for_municipality(municipality.pk).exclude(
            level=Committee.Level.LOCAL
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _("Tom for et Hovedudvalg.")


class SeatForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "side", "role", "valid_from", "valid_to"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.committee = committee
        self.fields["user"].queryset = User.objects.for_municipality(
            committee.municipality_id
        ).filter(is_active=True)
        self.fields["user"].label = _("person")
        self.fields["valid_to"].required = False


class EndSeatForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Pladsen ophører den"),
        widget=DateInput(),
        help_text=_("Fra denne dag giver pladsen ikke længere adgang."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"ends_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class InviteForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "is_project_lead",
            "is_template_admin",
            "is_municipal_admin",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(_("Der findes allerede en bruger med den e-mailadresse."))
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]


class RolesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["is_municipal_admin", "is_project_lead", "is_template_admin"]


class LogPageForm(forms.Form):
    side = forms.IntegerField(min_value=1, max_value=10_000, required=False)


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jeg forstår, at navn, brugernavn og e-mail fjernes for altid"),
        help_text=_("Svar og kommentarer bliver stående under “Tidligere medlem (anonymiseret)”."),
    )
