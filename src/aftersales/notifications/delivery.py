"""Deliver one claimed message on its channel; every failure becomes a Result, never a crash."""

from __future__ import annotations

from datetime import datetime

from aftersales.config import Settings
from aftersales.notifications.channels.email import FileMailer, SmtpMailer, build
from aftersales.notifications.channels.sms import FileSms, HttpSms, SmsProvider
from aftersales.notifications.channels.webhook import WebhookSender
from aftersales.notifications.kinds import MessageRefused, UnknownKind
from aftersales.notifications.links import Links
from aftersales.notifications.outbox import Envelope, Result
from aftersales.notifications.quiet import quiet_until
from aftersales.notifications.render import render


class Senders:
    """The channels as the settings configure them, shared by one worker's batches."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.links = Links(settings.public_url, settings.secret_key)
        self.mail: SmtpMailer | FileMailer = (
            SmtpMailer(settings)
            if settings.mail_transport == "smtp"
            else FileMailer(settings.data_dir / "mail")
        )
        self.sms: SmsProvider | None = None
        if settings.sms_provider == "http":
            self.sms = HttpSms(settings)
        elif settings.sms_provider == "file":
            self.sms = FileSms(settings.data_dir / "sms.log")
        self.webhooks = WebhookSender(
            settings.webhook_timeout_seconds, bool(settings.webhook_allow_private)
        )

    def deliver(self, env: Envelope, now: datetime) -> Result:
        """Send one message, or say why not; unexpected errors are retried, not raised."""
        try:
            return self._deliver(env, now)
        except Exception as exc:  # one bad message must not stop the worker
            return Result("retry", f"unexpected error: {type(exc).__name__}: {exc}")

    def _deliver(self, env: Envelope, now: datetime) -> Result:
        if env.channel == "webhook":
            if not env.endpoint_active:
                return Result("dropped", "the endpoint is disabled")
            return self.webhooks.send(env)
        if not env.wanted:
            return Result("dropped", "the owner turned this channel off")
        try:
            words = render(env.kind, env.language, env.context, self.links, channel=env.channel)
        except UnknownKind as exc:  # this process lacks the area's kinds: a deployment fault
            return Result("retry", str(exc))
        except MessageRefused as exc:  # stored props that no longer fit: no retry mends them
            return Result("dead", str(exc))
        if env.channel == "email":
            return self.mail.send(build(env, words, self.settings.mail_from, words.unsubscribe))
        if env.channel == "sms":
            if self.sms is None:
                return Result("dropped", "no SMS provider is configured")
            wake = quiet_until(now, env.timezone, env.country, self.settings.sms_quiet_hours)
            if wake is not None:
                return Result("deferred", "quiet hours", retry_at=wake)
            return self.sms.send(env.recipient, words.sms, env.key)
        return Result("dead", f"unknown channel {env.channel!r}")

    def close(self) -> None:
        """Close connections at the end of a batch."""
        self.mail.close()
        if self.sms is not None:
            self.sms.close()

    def shutdown(self) -> None:
        """Release everything when the worker stops."""
        self.close()
        if self.sms is not None:
            self.sms.shutdown()
        self.webhooks.close()
