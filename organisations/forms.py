from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from .models import Municipality, User


class FirstRunForm(SetPasswordMixin, forms.Form):
    """The first municipality and its administrator, on an empty database."""

    municipality_name = forms.CharField(label=_("Kommunens navn"), max_length=100)
    municipality_code = forms.RegexField(
        label=_("Kommunekode"),
        regex=r"^\d{3}$",
        error_messages={"invalid": _("Kommunekoden er tre cifre, fx 101.")},
    )
    first_name = forms.CharField(label=_("Dit fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Dit efternavn"), max_length=150)
    email = forms.EmailField(label=_("Din e-mail"))
    username = forms.CharField(
        label=_("Brugernavn"),
        max_length=150,
        validators=[User.username_validator],
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Adgangskode"), label2=_("Gentag adgangskoden")
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Brugernavnet er taget."))
        return username

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        if not self.errors:
            self.validate_password_for_user(self.user())
        return cleaned

    def user(self) -> User:
        data = self.cleaned_data
        return User(
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"].lower(),
            is_municipal_admin=True,
        )

    def municipality(self) -> Municipality:
        data = self.cleaned_data
        return Municipality(name=data["municipality_name"], code=data["municipality_code"])


class SignOnForm(forms.Form):
    """?bekraeft=1: a fresh login at the identity provider, for a sensitive action."""

    bekraeft = forms.BooleanField(required=False)
