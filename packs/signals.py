"""What the packs announce to the rest of the workbench (the notifications
listen: notifications/receivers.py)."""

from django.dispatch import Signal

# Sent by `rendering.render_pack` once a pack is made and stored, with
# pack=the pack (a pack made twice by two workers is sent twice).
pack_ready = Signal()
