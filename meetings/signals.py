"""What a meeting announces to the rest of the workbench (the notifications
listen: notifications/receivers.py)."""

from django.dispatch import Signal

# Sent by `Meeting.mark_material_sent` once the agenda and material are sent
# out, with meeting=the meeting.
material_sent = Signal()
