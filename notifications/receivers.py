"""The notifications listen to what the other apps announce (their
`signals.py`), connected when the app is ready (`apps.py`)."""

from django.dispatch import receiver

from assessments.signals import comment_added, confirmation_awaited
from meetings.signals import material_sent
from packs.signals import pack_ready

from . import events


@receiver(material_sent, dispatch_uid="notifications.material_sent")
def invite(sender, meeting, **kwargs):
    events.notify_material_sent(meeting.pk)


@receiver(pack_ready, dispatch_uid="notifications.pack_ready")
def tell_pack_ready(sender, pack, **kwargs):
    events.notify_pack_ready(pack.pk)


@receiver(comment_added, dispatch_uid="notifications.comment_added")
def tell_thread(sender, comment, **kwargs):
    events.notify_reply(comment.pk)


@receiver(confirmation_awaited, dispatch_uid="notifications.confirmation_awaited")
def ask_for_confirmation(sender, answer, side, **kwargs):
    events.notify_confirmation_awaited(answer.pk, side)
