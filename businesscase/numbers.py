"""Amounts as a Danish user types and reads them: "1.250.000,50" (points
between thousands, a comma before the decimals), whatever the page's
language, since the amounts are the municipality's own budget figures."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Either grouped by points (1.250.000) or not grouped at all (1250000),
# then optionally a comma and decimals.
_DANISH = re.compile(r"^(?P<sign>[-\u2212]?)(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<part>\d+))?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_danish(text: str) -> Decimal:
    """ "1.250.000,50" → Decimal("1250000.50"); ValueError for anything else
    (also "1250000.50": a point is never a decimal point here)."""
    match = _DANISH.match(_SPACES.sub("", text))
    if match is None:
        raise ValueError(text)
    whole = match["whole"].replace(".", "")
    number = f"{whole}.{match['part']}" if match["part"] else whole
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise ValueError(text) from None
    return -value if match["sign"] else value


def format_danish(value: Decimal | None) -> str:
    """Decimal("1250000.50") → "1.250.000,50"; whole numbers without decimals."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    whole, _point, part = f"{abs(value):f}".partition(".")
    part = part.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{part}" if part else f"{sign}{grouped}"


class DanishDecimalField(forms.DecimalField):
    """A decimal typed the Danish way, checked for size by the model field's
    digits like any DecimalField."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Skriv et tal som fx 1.250.000,50 eller 12,5."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip()
        if len(text) > 40:  # longer than any amount the model stores
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_danish(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return format_danish(value) if isinstance(value, Decimal) else value
