from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Phase, Side
from organisations.models import Membership

from .models import NamedConfirmer
from .services import Submission

STALE_FORM = _("Formularen er ugyldig. Genindlæs siden og prøv igen.")
# The page a joint answer was written on, to come back to without JavaScript.
COMPARISON_PAGE = "sammenligning"


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
    back = forms.ChoiceField(
        choices=[("", ""), (COMPARISON_PAGE, COMPARISON_PAGE)],
        required=False,
        error_messages={"invalid_choice": STALE_FORM},
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


class ConfirmForm(forms.Form):
    """A side's confirmation of a joint answer: the version the page showed
    (only what was read is confirmed), its phase and the side."""

    version = forms.IntegerField(
        min_value=1, error_messages={"invalid": STALE_FORM, "required": STALE_FORM}
    )
    phase = AnswerForm.base_fields["phase"]
    side = forms.ChoiceField(
        choices=Side.choices,
        error_messages={"invalid_choice": STALE_FORM, "required": STALE_FORM},
    )


class NamedConfirmerForm(forms.Form):
    """Name someone with a seat in the committee to confirm joint answers for
    their side (the side is the seat's)."""

    seat = forms.ModelChoiceField(
        label=_("Hvem skal bekræfte for sin side?"),
        queryset=Membership.objects.none(),
        error_messages={
            "required": _("Vælg en person med plads i udvalget."),
            "invalid_choice": _("Vælg en person med plads i udvalget."),
        },
    )

    def __init__(self, data=None, *, committee):
        super().__init__(data)
        named = NamedConfirmer.objects.filter(committee=committee)
        self.fields["seat"].queryset = (
            Membership.objects.current()
            .filter(committee=committee, side__in=Side.values)
            .exclude(role=Membership.Role.SECRETARY)
            .exclude(user__in=named.values("user"))
            .select_related("user")
            .order_by("side", "user__first_name", "user__last_name")
        )
        self.fields["seat"].label_from_instance = lambda seat: (
            f"{seat.user} ({seat.get_side_display().lower()}, {seat.get_role_display().lower()})"
        )


class RemoveConfirmerForm(forms.Form):
    confirmer = forms.ModelChoiceField(
        queryset=NamedConfirmer.objects.none(),
        error_messages={"required": STALE_FORM, "invalid_choice": STALE_FORM},
    )

    def __init__(self, data=None, *, committee):
        super().__init__(data)
        self.fields["confirmer"].queryset = NamedConfirmer.objects.filter(committee=committee)


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
