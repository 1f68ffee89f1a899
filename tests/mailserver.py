"""A real SMTP server on loopback (aiosmtpd), for tests that send email.

``smtp_server`` starts one on a free port and points Django's SMTP backend at it;
``server.messages`` are the parsed emails it received, ``server.reject`` holds addresses
it refuses at RCPT with a permanent 550 (a bounce at send time)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.lower() in self.server.reject:
            return "550 5.1.1 mailbox does not exist"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self.server.lock:
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.server.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted"


class MailServer:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.reject: set[str] = set()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def to(self, address: str) -> list[EmailMessage]:
        """Messages whose envelope went to ``address``."""
        address = address.lower()
        with self.lock:
            return [
                m
                for m, (_f, rcpts) in zip(self.messages, self.envelopes, strict=True)
                if address in [r.lower() for r in rcpts]
            ]

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(r.lower() for _f, rcpts in self.envelopes for r in rcpts)


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[MailServer]:
    server = MailServer()
    server.controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "Acme Product <product@acme.test>"
    try:
        yield server
    finally:
        server.controller.stop()
