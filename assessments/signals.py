"""What an assessment announces to the rest of the workbench (the
notifications listen: notifications/receivers.py)."""

from django.dispatch import Signal

# Sent by `services.add_comment` when a new comment is stored, with
# comment=the comment (a form sent twice stores, and sends, once).
comment_added = Signal()

# Sent by `services.save_answer` inside the save's transaction when a joint
# answer starts to wait for `side`'s confirmation: it got a status, or it
# changed after that side had confirmed it (answer=the joint answer,
# side=the side awaited). While a side is waiting already, a further
# change does not send it again.
confirmation_awaited = Signal()
