"""`{{ value|amount }}`: a number the Danish way (1.250.000,5), as the
business-case forms take it (`businesscase.numbers`)."""

from decimal import Decimal, InvalidOperation

from django import template

from businesscase.numbers import format_danish

register = template.Library()


@register.filter
def amount(value):
    if value in (None, ""):
        return ""
    try:
        return format_danish(Decimal(str(value)))
    except InvalidOperation:
        return ""
