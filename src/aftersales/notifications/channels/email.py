"""E-mail: SMTP with STARTTLS or TLS, or one .eml file per message in development."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import time
from email import policy
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from aftersales.config import Settings
from aftersales.notifications.outbox import Envelope, Result
from aftersales.notifications.render import Rendered

# Lines up to the RFC 5322 limit: long links (List-Unsubscribe) must stay plain, not encoded.
_POLICY = policy.SMTP.clone(max_line_length=998)


def build(env: Envelope, words: Rendered, sender: str, unsubscribe: str | None) -> EmailMessage:
    """Return the e-mail of a message: plain text and HTML (with its pictures), its key as the
    Message-ID."""
    msg = EmailMessage(policy=_POLICY)
    msg["Subject"] = words.subject
    msg["From"] = sender
    msg["To"] = env.recipient
    msg["Date"] = formatdate(localtime=False)
    # The key is the Message-ID: a repeat after a crash carries the same one.
    msg["Message-ID"] = f"<{env.key}@aftersales>"
    msg["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        msg["List-Unsubscribe"] = f"<{unsubscribe}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(words.text)
    msg.add_alternative(words.html, subtype="html")
    if words.images:
        # multipart/related: the HTML and the pictures it cites by Content-ID, shown inline.
        html_part = msg.get_body(preferencelist=("html",))
        assert html_part is not None  # added just above
        for image in words.images:
            html_part.add_related(
                image.png,
                maintype="image",
                subtype="png",
                cid=f"<{image.cid}>",
                disposition="inline",
                filename=f"{image.name}.png",
            )
    msg["Content-Language"] = env.language  # after the bodies: set_content drops Content-*
    return msg


class SmtpMailer:
    """Send over one SMTP connection, opened on first use and reused for a batch."""

    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.s
        conn: smtplib.SMTP
        # Certificates are always verified; a private CA can be given, never switched off.
        ctx = ssl.create_default_context(cafile=s.smtp_ca_file or None)
        if s.smtp_security == "tls":
            conn = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds, context=ctx
            )
        else:
            conn = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
            if s.smtp_security == "starttls":
                conn.starttls(context=ctx)
        if s.smtp_username:
            conn.login(s.smtp_username, s.smtp_password)
        return conn

    def send(self, msg: EmailMessage) -> Result:
        """Hand one e-mail to the server.

        Failing to connect, greet, start TLS, log in or have the sender accepted is about
        the server or the settings, not this message: it is retried, and the rest of the
        batch waits too. A 5xx answer about this message (its recipient, its data) is final.
        """
        start = time.monotonic()
        try:
            if self.conn is None:
                self.conn = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            detail = f"mail server unreachable or refused us: {type(exc).__name__}: {exc}"
            return Result("retry", detail, None, _ms(start), unreachable=True)
        try:
            self.conn.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            final = all(code >= 500 for code in codes)
            return _result("dead" if final else "retry", f"recipient refused: {codes}", start)
        except smtplib.SMTPSenderRefused as exc:
            self.close()
            detail = f"sender {exc.sender!r} refused ({exc.smtp_code}): check AFTERSALES_MAIL_FROM"
            return Result("retry", detail, exc.smtp_code, _ms(start), unreachable=True)
        except smtplib.SMTPResponseException as exc:
            self.close()
            final = exc.smtp_code >= 500
            detail = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
            return _result("dead" if final else "retry", detail, start, exc.smtp_code)
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            detail = f"mail server unreachable: {type(exc).__name__}: {exc}"
            return Result("retry", detail, None, _ms(start), unreachable=True)
        return _result("sent", "accepted by the mail server", start, 250)

    def close(self) -> None:
        """Close the connection (at the end of a batch, or after an error)."""
        if self.conn is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.conn.quit()
            self.conn = None


class FileMailer:
    """Development: write each e-mail to a file instead of sending it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, msg: EmailMessage) -> Result:
        """Write the e-mail to <folder>/<message id>.eml."""
        start = time.monotonic()
        self.folder.mkdir(parents=True, exist_ok=True)
        name = str(msg["Message-ID"]).strip("<>").split("@")[0]
        (self.folder / f"{name}.eml").write_bytes(bytes(msg))
        return _result("sent", f"written to {self.folder}", start)

    def close(self) -> None:
        """Nothing to close."""


def _ms(start: float) -> int:
    return int((time.monotonic() - start) * 1000)


def _result(outcome: str, detail: str, start: float, code: int | None = None) -> Result:
    return Result(outcome, detail, code, _ms(start))  # type: ignore[arg-type]
