from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from meetings.access import visible_items
from meetings.models import AgendaItem


class PackScopeForm(forms.Form):
    """What a pack covers: one agenda item (`punkt`), or the whole meeting
    when it is empty. Only items of the meeting the user may see are valid."""

    punkt = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Punktet findes ikke på dette møde.")},
    )

    def __init__(self, data, *, meeting, user):
        super().__init__(data)
        self.fields["punkt"].queryset = visible_items(user).filter(meeting=meeting)


def item_in_scope(data, meeting, user) -> AgendaItem | None:
    """The item asked for, None for the whole meeting; an item that does not
    exist or that the user may not see (or a word where an id belongs) is a
    404, as the item itself would be."""
    form = PackScopeForm(data, meeting=meeting, user=user)
    if not form.is_valid():
        raise Http404(form.errors["punkt"][0])
    return form.cleaned_data["punkt"]
