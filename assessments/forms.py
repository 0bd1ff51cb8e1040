from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .services import Submission


class AnswerForm(forms.Form):
    """The envelope of an answer post. The value itself is checked against
    the question's kind by `services.clean_submission`."""

    text = forms.CharField(required=False, strip=False)
    status = forms.CharField(required=False, max_length=20)
    version = forms.IntegerField(
        required=False,
        min_value=0,
        error_messages={"invalid": _("Formularen er ugyldig. Genindlæs siden og prøv igen.")},
    )

    def submission(self, data) -> Submission:
        return Submission(
            value=data.getlist("value"),
            text=self.cleaned_data["text"],
            status=self.cleaned_data["status"],
            base_version=self.cleaned_data["version"],
        )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Ny kommentar"),
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv en kommentar først.")},
    )
