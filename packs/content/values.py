"""Plain values the pack's content is made of: moments as ISO text (the
template formats them, `packs.templatetags.pack_format.moment`) and people
as their names."""

from datetime import date, datetime

from django.utils import timezone


def moment(value: datetime | None) -> str | None:
    """A point in time as ISO 8601 text in local time."""
    return timezone.localtime(value).isoformat() if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username
