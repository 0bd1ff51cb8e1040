"""The meeting invitation as a calendar event (.ics, RFC 5545), attached
to the invitation mail. One UID per meeting, whoever receives it and
however often: a later invitation to the same meeting (it moved) carries
a higher SEQUENCE, and the calendar replaces the event it has."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

# The workbench knows when a meeting begins, not when it ends: the event
# holds two hours.
MEETING_LENGTH = timedelta(hours=2)


def meeting_uid(meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"moede-{meeting.pk}@{host}"


def invitation_ics(meeting, items, link: str, *, sequence: int = 0) -> bytes:
    """The event in the active language: summary, place, the agenda items
    the recipient may see (`items`), and the link to the meeting page."""
    starts = timezone.localtime(meeting.starts_at)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.now(tz=UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + MEETING_LENGTH)
    event.add("summary", _("MED-møde: %(committee)s") % {"committee": meeting.committee.name})
    event.add("location", meeting.place)
    agenda = "\n".join(f"{item.order}. {item.title}" for item in items)
    event.add("description", f"{_('Dagsorden')}:\n{agenda}\n\n{link}")
    event.add("url", link)
    calendar = Calendar()
    calendar.add("prodid", "-//MED-arbejdsbordet//Sammen om ny teknologi//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    # The time zone's rules for the meeting's year only (Europe/Copenhagen).
    calendar.add_missing_timezones(
        first_date=date(starts.year, 1, 1), last_date=date(starts.year + 1, 1, 1)
    )
    return calendar.to_ical()
