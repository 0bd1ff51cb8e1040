"""What an assessment announces to the rest of the workbench (the
notifications listen: notifications/receivers.py)."""

from django.dispatch import Signal

# Sent by `services.add_comment` when a new comment is stored, with
# comment=the comment (a form sent twice stores, and sends, once).
comment_added = Signal()
