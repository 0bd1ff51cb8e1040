"""Writes to meetings that are not one model's own rule."""

from .models import Action


def set_action_status(action: Action, status: str) -> Action:
    """A follow-up's progress (åben, i gang, udført); it may change after the
    minutes are approved, since the work happens after the meeting."""
    action.status = status
    action.save(update_fields=["status"])
    return action
