from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from workbench.widgets import RadioSelect

from .models import Delivery, Kind, MailSettings


class MailSettingsForm(forms.Form):
    """Per kind of mail: at once, in the daily digest, or never; and the
    language the mails are written in."""

    language = forms.ChoiceField(label=_("Sprog i e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, mail_settings: MailSettings, **kwargs):
        initial = {"language": mail_settings.language}
        initial |= {kind.value: mail_settings.delivery(kind) for kind in Kind}
        super().__init__(*args, initial=initial, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=RadioSelect
            )
        self.mail_settings = mail_settings

    def save(self) -> MailSettings:
        chosen = self.mail_settings
        chosen.language = self.cleaned_data["language"]
        chosen.deliveries = {kind.value: self.cleaned_data[kind.value] for kind in Kind}
        chosen.save()
        return chosen
