"""Invitations: a single-use link by e-mail that expires after
INVITATION_VALID_DAYS; the new user sets a password through it (or logs in
with single sign-on, where the installation has it)."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Invitation, token_digest

log = logging.getLogger(__name__)
# What a mail server that is down, or refuses, raises.
SEND_FAILURES = (smtplib.SMTPException, OSError)


def send_invitation(request, user, invited_by) -> bool:
    """A new invitation by e-mail; False (and logged) when the mail could
    not be sent, so the administrator can try again."""
    _invitation, token = Invitation.issue(user, invited_by)
    context = {
        "user": user,
        "invited_by": invited_by,
        "municipality": user.municipality,
        "link": request.build_absolute_uri(reverse("invitation_accept", args=[token])),
        "valid_days": settings.INVITATION_VALID_DAYS,
        "sso": settings.OIDC_ENABLED,
    }
    subject = render_to_string("registration/invitation_subject.txt", context).strip()
    body = render_to_string("registration/invitation_email.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except SEND_FAILURES:
        log.exception("the invitation to user %s could not be sent", user.pk)
        return False
    return True


def usable_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.usable()
        .select_related("user", "user__municipality")
        .filter(token_digest=token_digest(token), user__is_active=True)
        .first()
    )
