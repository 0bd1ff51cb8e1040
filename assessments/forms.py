from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Phase

from .services import Submission

STALE_FORM = _("Formularen er ugyldig. Genindlæs siden og prøv igen.")


class AnswerForm(forms.Form):
    """The envelope of an answer post. The value itself is checked against
    the question's kind by `services.clean_submission`."""

    text = forms.CharField(required=False, strip=False)
    status = forms.CharField(required=False, max_length=20)
    # The version the form showed is required: without it a save could
    # overwrite someone else's newer answer unseen.
    version = forms.IntegerField(
        min_value=0, error_messages={"invalid": STALE_FORM, "required": STALE_FORM}
    )
    # The phase the form answers: after the project has moved on, a form
    # still open from the phase before cannot save into the new one.
    phase = forms.ChoiceField(
        choices=Phase.choices,
        error_messages={"invalid_choice": STALE_FORM, "required": STALE_FORM},
    )

    def submission(self, data) -> Submission:
        return Submission(
            value=data.getlist("value"),
            text=self.cleaned_data["text"],
            status=self.cleaned_data["status"],
            base_version=self.cleaned_data["version"],
            phase=self.cleaned_data["phase"],
        )


class RepeatForm(forms.Form):
    """ "Samme som før": the version of this phase's answer the page showed
    (0 when there is none yet) and the phase it answers."""

    version = AnswerForm.base_fields["version"]
    phase = AnswerForm.base_fields["phase"]

    def problem(self) -> str:
        return STALE_FORM

    def arguments(self) -> dict:
        """For `services.repeat_previous_answer`."""
        return {"base_version": self.cleaned_data["version"], "phase": self.cleaned_data["phase"]}


class CommentForm(forms.Form):
    key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Formularen er forældet. Genindlæs siden og prøv igen."),
            "invalid": _("Formularen er forældet. Genindlæs siden og prøv igen."),
        },
    )
    body = forms.CharField(
        label=_("Ny kommentar"),
        max_length=settings.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv en kommentar først.")},
    )


class MoveTargetForm(forms.Form):
    """The template version to move the assessment to (`version`): one of
    the versions it may move to, by default the newest."""

    version = forms.TypedChoiceField(
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": _("Den valgte version kan vurderingen ikke flyttes til.")
        },
    )

    def __init__(self, data, *, targets):
        super().__init__(data)
        self.targets = {target.pk: target for target in targets}
        self.fields["version"].choices = [("", "")] + [(pk, pk) for pk in self.targets]

    def target(self):
        chosen = self.cleaned_data["version"]
        return self.targets[chosen] if chosen else next(iter(self.targets.values()), None)
