"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd, in a thread of
its own), and the fixture that points Django's e-mail at it. Any test that
sends mail (invitations, password reset, later notifications) reads what a
mail client would receive: `smtp_server.wait_for(address)`.
"""

import email
import email.policy
import re
import threading
import time
from dataclasses import dataclass, field

import pytest

from .processes import free_port
from .services import unavailable

try:
    from aiosmtpd.controller import Controller
except ImportError:  # pragma: no cover - reported by the fixture
    Controller = None

MAIL_TIMEOUT = 15  # seconds
LINK = re.compile(r"https?://\S+")


@dataclass
class Mailbox:
    """What the server received, parsed as a mail client would."""

    messages: list = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append((list(envelope.rcpt_tos), message))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [message for rcpts, message in self.messages if address in rcpts]

    def wait_for(self, address: str, count: int = 1):
        """The latest message to `address`, once `count` have arrived."""
        deadline = time.monotonic() + MAIL_TIMEOUT
        with self.arrived:
            while len(self.to(address)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no mail to {address} within {MAIL_TIMEOUT} s")
                self.arrived.wait(left)
        return self.to(address)[-1]


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message) -> str:
    return LINK.search(body_of(message)).group(0)


@pytest.fixture
def smtp_server(settings):
    if Controller is None:
        unavailable("aiosmtpd is not installed: pip install aiosmtpd")
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()
