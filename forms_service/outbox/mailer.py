"""E-mail over SMTP: a plain-text and an HTML part, ``List-Unsubscribe`` when the
message has an opt-out link, and the idempotency key as its ``Message-ID``.

``PHIEU_SMTP_URL`` says how to reach the server: ``smtp://user:password@host:587``
(STARTTLS, which the server must offer), ``smtps://user:password@host:465`` (TLS
from the first byte) or ``smtp+plain://host:25`` (no TLS, for a relay on the same
machine). The server's certificate is checked against the system's CAs and
``PHIEU_SMTP_CA_FILE``. Each message is sent on its own connection, in a thread
(:mod:`smtplib` blocks).

A permanent refusal (a 5xx reply to the recipient or the data) fails the
message with the server's reason; a 4xx reply, a lost connection, a timeout
or a refused login (a configuration to fix, not a bad address) is tried again
later. Reasons never carry the recipient's address.
"""

from __future__ import annotations

import asyncio
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

from forms_service.outbox.message import Message, Outcome

__all__ = ["Mailer", "SmtpTarget", "build_email"]

_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    security: str  # starttls | tls | plain
    username: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        security = {"smtp": "starttls", "smtps": "tls", "smtp+plain": "plain"}[scheme]
        default_port = {"starttls": 587, "tls": 465, "plain": 25}[security]
        return cls(host=parts.hostname or "localhost", port=parts.port or default_port,
                   security=security,
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None)


def build_email(message: Message, sender: str) -> EmailMessage:
    """The MIME message of an e-mail payload (``to``, ``subject``, ``text``, ``html``,
    ``unsubscribe``)."""
    payload = message.payload
    email = EmailMessage()
    email["From"] = sender
    email["To"] = str(payload["to"])
    email["Subject"] = str(payload.get("subject") or "")
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Message-ID"] = f"<{message.key}@phieu>"
    email["X-Phieu-Idempotency-Key"] = message.key
    unsubscribe = payload.get("unsubscribe")
    if unsubscribe:
        email["List-Unsubscribe"] = f"<{unsubscribe}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(str(payload.get("text") or ""))
    if payload.get("html"):
        email.add_alternative(str(payload["html"]), subtype="html")
    return email


def _clean(text: str | bytes) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return _ADDRESS.sub("<recipient>", text).replace("\n", " ").strip()[:300]


class Mailer:
    """Sends e-mail messages through one SMTP server."""

    def __init__(self, url: str, sender: str, *, ca_file: str | None = None,
                 timeout: float = 10.0) -> None:
        self.target = SmtpTarget.parse(url)
        self.sender = sender
        self.timeout = timeout
        self.tls = ssl.create_default_context()
        if ca_file:
            self.tls.load_verify_locations(cafile=ca_file)

    def _connect(self) -> smtplib.SMTP:
        target = self.target
        if target.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(target.host, target.port,
                                                    timeout=self.timeout, context=self.tls)
        else:
            client = smtplib.SMTP(target.host, target.port, timeout=self.timeout)
            if target.security == "starttls":
                client.starttls(context=self.tls)
        if target.username:
            client.login(target.username, target.password or "")
        return client

    def _send(self, email: EmailMessage) -> Outcome:
        try:
            client = self._connect()
        except smtplib.SMTPAuthenticationError as exc:
            return Outcome.retry(f"the mail server refused the login ({exc.smtp_code})")
        except smtplib.SMTPNotSupportedError:
            return Outcome.retry("the mail server does not offer STARTTLS")
        except (OSError, smtplib.SMTPException) as exc:
            return Outcome.retry(f"the mail server could not be reached ({type(exc).__name__})")
        try:
            client.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            reason = f"the mail server refused the recipient: {code} {_clean(text)}"
            return Outcome.failed(reason) if code >= 500 else Outcome.retry(reason)
        except smtplib.SMTPSenderRefused as exc:
            return Outcome.retry(f"the mail server refused the sender: {exc.smtp_code} "
                                 f"{_clean(exc.smtp_error)}")
        except smtplib.SMTPResponseException as exc:
            reason = f"the mail server refused the message: {exc.smtp_code} " \
                     f"{_clean(exc.smtp_error)}"
            return Outcome.failed(reason) if exc.smtp_code >= 500 else Outcome.retry(reason)
        except (OSError, smtplib.SMTPException) as exc:
            return Outcome.retry(f"the mail server connection failed ({type(exc).__name__})")
        finally:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()
        return Outcome.sent()

    async def send(self, message: Message) -> Outcome:
        try:
            email = build_email(message, self.sender)
        except (KeyError, ValueError) as exc:
            return Outcome.failed(f"the message cannot be written as e-mail ({exc})")
        return await asyncio.to_thread(self._send, email)

    async def close(self) -> None:
        return None
