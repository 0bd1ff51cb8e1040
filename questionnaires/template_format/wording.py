"""Small pieces of Danish wording shared by the format's messages."""

from django.utils.translation import gettext as _


def number(n: int) -> str:
    """20000 -> "20.000", the Danish way."""
    return f"{n:,}".replace(",", ".")


def quote(value: str, limit: int = 60) -> str:
    """A value from the document in Danish quotes, shortened if long."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    # A lone surrogate (a "\ud800" escape in the JSON) cannot be sent as UTF-8.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return f"“{text}”"


def type_name(value) -> str:
    """What a JSON value is, in words: "et tal", "en liste"…"""
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("et tal")
    if isinstance(value, str):
        return _("tekst")
    if isinstance(value, list):
        return _("en liste")
    if isinstance(value, dict):
        return _("et objekt")
    return type(value).__name__


def size(n: int) -> str:
    """Bytes in decimal units, Danish style: "1,2 MB", "800 kB"."""
    if n >= 1_000_000:
        text = f"{n / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")
        return f"{text} MB"
    if n >= 1_000:
        return f"{round(n / 1_000)} kB"
    return f"{n} byte"
