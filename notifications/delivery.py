"""Sending what is recorded: one mail per at-once notification (`deliver`),
one digest per person a day (`send_digest`), and the sweep for rows whose
task was lost (`sweep`).

Each takes its rows with a lock (`select_for_update(skip_locked=True)`) and
marks them sent in the same transaction as the mail goes out: a second
task for the same row finds it locked or sent and sends nothing. A mail
the server does not take rolls the transaction back, and the row is tried
again (the task's retry, else the sweep); an address the server refuses
ends it. Every mail is written in the recipient's language, from the
object as it is now, and only if they may still see it (`kinds`)."""

import logging
import smtplib
from datetime import timedelta
from enum import StrEnum

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .kinds import PIECES, Piece, absolute
from .models import Delivery, Dropped, Kind, Notification, mail_settings_of

log = logging.getLogger(__name__)

# What a mail server that is down, or refuses, raises.
SEND_FAILURES = (smtplib.SMTPException, OSError)
# A row younger than this still has its own task on the way.
SWEEP_GRACE = timedelta(minutes=2)


class Outcome(StrEnum):
    SENT = "sent"
    DROPPED = "dropped"
    NOTHING = "nothing"  # sent already, dropped already, or another task has it
    FAILED = "failed"  # the mail server did not take it: try again later


def deliver(notification_id: int) -> Outcome:
    """Send one at-once notification, once."""
    try:
        with transaction.atomic():
            notes = _locked(Notification.objects.filter(pk=notification_id, in_digest=False))
            if not notes:
                return Outcome.NOTHING
            note = notes[0]
            with translation.override(mail_settings_of(note.recipient).language):
                piece = _piece_or_drop(note)
                if piece is None:
                    return Outcome.DROPPED
                _send(note.recipient, piece.subject, "single.txt", [piece], piece=piece)
            _mark_sent(notes)
    except smtplib.SMTPRecipientsRefused:
        _drop(Notification.objects.filter(pk=notification_id), Dropped.REFUSED)
        return Outcome.DROPPED
    except SEND_FAILURES as exc:
        log.warning("Notification %s not sent (tried again later): %s", notification_id, exc)
        return Outcome.FAILED
    return Outcome.SENT


def send_digest(user_id: int) -> Outcome:
    """The person's digest: everything they chose to get once a day and
    have not had yet, in one mail (with the invitations' calendar events)."""
    waiting = Notification.objects.filter(recipient_id=user_id, in_digest=True)
    try:
        with transaction.atomic():
            notes = _locked(waiting)
            if not notes:
                return Outcome.NOTHING
            person = notes[0].recipient
            for note in notes:
                note.recipient = person  # one person, one read of their settings
            with translation.override(mail_settings_of(person).language):
                entries = [(note, _piece_or_drop(note)) for note in notes]
                entries = [(note, piece) for note, piece in entries if piece is not None]
                if not entries:
                    return Outcome.DROPPED
                pieces = [piece for _note, piece in entries]
                subject = ngettext(
                    "Din daglige oversigt fra MED-arbejdsbordet: %(count)s ny besked",
                    "Din daglige oversigt fra MED-arbejdsbordet: %(count)s nye beskeder",
                    len(pieces),
                ) % {"count": len(pieces)}
                _send(person, subject, "digest.txt", pieces, groups=_by_kind(entries))
            _mark_sent([note for note, _piece in entries])
    except smtplib.SMTPRecipientsRefused:
        _drop(waiting.pending(), Dropped.REFUSED)
        return Outcome.DROPPED
    except SEND_FAILURES as exc:
        log.warning("Digest for user %s not sent (tried again later): %s", user_id, exc)
        return Outcome.FAILED
    return Outcome.SENT


def digest_recipients() -> list[int]:
    """The people with notifications waiting for their digest."""
    waiting = Notification.objects.pending().filter(in_digest=True)
    return sorted(set(waiting.values_list("recipient_id", flat=True)))


def sweep(now=None) -> int:
    """Send the at-once notifications whose task never came (the queue was
    down, or lost it); stop at the first the mail server does not take.
    Returns how many were sent."""
    older = (now or timezone.now()) - SWEEP_GRACE
    waiting = Notification.objects.pending().filter(in_digest=False, created_at__lt=older)
    sent = 0
    for notification_id in waiting.values_list("pk", flat=True):
        try:
            outcome = deliver(notification_id)
        except Exception:  # noqa: BLE001 - one broken row must not hold back the others
            log.exception("Notification %s could not be written", notification_id)
            continue
        if outcome == Outcome.FAILED:
            break
        sent += outcome == Outcome.SENT
    return sent


# -- inside the transaction ---------------------------------------------------


def _locked(notifications) -> list[Notification]:
    return list(
        notifications.pending()
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .order_by("created_at", "id")
    )


def _piece_or_drop(note: Notification) -> Piece | None:
    """The notification's piece of mail, or None after dropping it (with why)."""
    person = note.recipient
    reason = None
    if not person.is_active or person.anonymised_at is not None:
        reason = Dropped.INACTIVE
    elif not person.email:
        reason = Dropped.NO_ADDRESS
    elif mail_settings_of(person).delivery(note.kind) == Delivery.NEVER:
        reason = Dropped.DECLINED  # chosen after the notification was recorded
    else:
        outcome = PIECES[note.kind](note)
        if not isinstance(outcome, Dropped):
            return outcome
        reason = outcome
    _drop([note], reason)
    return None


def _by_kind(entries) -> list[tuple[str, list[Piece]]]:
    """The digest's pieces under a heading per kind, in the kinds' order."""
    grouped = {}
    for note, piece in entries:
        grouped.setdefault(note.kind, []).append(piece)
    return [(kind.label, grouped[kind]) for kind in Kind if kind in grouped]


def _send(person, subject: str, template: str, pieces: list[Piece], **context) -> None:
    context = {
        "person": person,
        "settings_link": absolute(reverse("notification_settings")),
        **context,
    }
    body = render_to_string(f"notifications/mail/{template}", context)
    message = EmailMessage(subject, body, None, [person.email])
    for piece in pieces:
        for filename, content, mimetype in piece.attachments:
            message.attach(filename, content, mimetype)
    message.send()


def _mark_sent(notes) -> None:
    Notification.objects.filter(pk__in=[note.pk for note in notes]).update(sent_at=timezone.now())


def _drop(notes, reason: Dropped) -> None:
    Notification.objects.filter(pk__in=[note.pk for note in notes]).update(
        dropped_at=timezone.now(), dropped_because=reason
    )
