from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from meetings.access import visible_items
from meetings.models import AgendaItem

from .models import Part


class PackScopeForm(forms.Form):
    """What a pack covers: one agenda item (`punkt`), or the whole meeting
    when it is empty, and whether only the short part is asked for
    (`kort`), without the appendix with every question and answer; for the
    whole meeting, its open items or its closed ones (`lukkede`, shown in
    the browser). Only items of the meeting the user may see are valid."""

    punkt = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Punktet findes ikke på dette møde.")},
    )
    kort = forms.BooleanField(required=False, label=_("Kun den korte del (uden bilag)"))
    lukkede = forms.BooleanField(required=False, label=_("Mødets lukkede punkter"))
    vedhaeft = forms.BooleanField(
        required=False, label=_("Vedhæft punkternes PDF-filer bagest i materialet")
    )

    def __init__(self, data, *, meeting, user):
        super().__init__(data)
        self.fields["punkt"].queryset = visible_items(user).filter(meeting=meeting)


@dataclass(frozen=True)
class PackScope:
    item: AgendaItem | None  # None: the whole meeting
    appendix: bool
    part: Part  # the item's own part when there is an item
    attachments: bool = False  # the attached PDFs appended


def requested_scope(data, meeting, user) -> PackScope:
    """The item asked for (None for the whole meeting) and whether with the
    appendix; an item that does not exist or that the user may not see (or
    a word where an id belongs) is a 404, as the item itself would be."""
    form = PackScopeForm(data, meeting=meeting, user=user)
    if not form.is_valid():
        raise Http404(form.errors["punkt"][0])
    item = form.cleaned_data["punkt"]
    if item is not None:
        part = Part.of(item)
    else:
        part = Part.CLOSED if form.cleaned_data["lukkede"] else Part.OPEN
    return PackScope(
        item,
        appendix=not form.cleaned_data["kort"],
        part=part,
        attachments=form.cleaned_data["vedhaeft"],
    )
