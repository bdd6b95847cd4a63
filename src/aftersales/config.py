"""One typed Settings object, read from AFTERSALES_* environment variables."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_QUIET = re.compile(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d")
DEV_SECRET = "development-only-secret-do-not-use-in-production"


class Settings(BaseSettings):
    """Configuration of one aftersales installation."""

    model_config = SettingsConfigDict(env_prefix="AFTERSALES_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    # Condition photos and signatures (counter.storage); default: data_dir/photos.
    photo_dir: Path | None = None
    database_url: str = ""
    secret_key: str = ""
    session_cookie: str = "aftersales_session"
    session_days: int = Field(default=14, ge=1, le=365)
    track_limit_per_minute: int = Field(default=10, ge=1)
    login_limit_per_minute: int = Field(default=20, ge=1)
    # Failed sign-ins per e-mail address (whether or not it has an account) per window.
    login_account_limit: int = Field(default=10, ge=1)
    login_account_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # The community's posts per account per hour (decision 237).
    community_questions_per_hour: int = Field(default=5, ge=1)
    community_answers_per_hour: int = Field(default=30, ge=1)
    community_votes_per_hour: int = Field(default=100, ge=1)
    community_reports_per_hour: int = Field(default=20, ge=1)
    # Rate limits are counted in Redis when set (shared by every process), else in memory.
    redis_url: str = ""
    redis_timeout_seconds: float = Field(default=0.5, gt=0, le=10)
    rate_limit_prefix: str = Field(default="aftersales", min_length=1, max_length=100)
    # Always Secure in production (setting it false there is refused).
    cookie_secure: bool = False
    # Largest form body a page accepts; larger ones get 413 before they are read.
    max_form_bytes: int = Field(default=1024 * 1024, ge=1024)
    # A form with files: six 10 MB photos and the rest of the intake (counter.images).
    max_upload_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    db_pool_size: int = Field(default=20, ge=1, le=500)
    db_max_overflow: int = Field(default=10, ge=0, le=500)
    db_read_pool_size: int = Field(default=16, ge=1, le=500)
    # Links in messages (tracking page, preferences, unsubscribe) start with this.
    public_url: str = "http://127.0.0.1:8000"

    # E-mail: "smtp" in production; "file" (development) writes each mail to data/mail/.
    mail_transport: Literal["smtp", "file"] = "file"
    mail_from: str = "aftersales <no-reply@aftersales.local>"
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["none", "starttls", "tls"] = "starttls"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = Field(default=10, gt=0, le=120)
    smtp_ca_file: str = ""  # a private CA's PEM, if the mail server's certificate needs one

    # SMS: "http" (a generic gateway), "file" (development: data/sms.log) or "none".
    sms_provider: Literal["http", "file", "none"] = "file"
    sms_http_url: str = ""
    sms_http_auth_header: str = ""  # e.g. "Authorization: Bearer abc"
    sms_http_body: str = '{"to": $to, "text": $text}'  # $to and $text arrive JSON-quoted
    sms_timeout_seconds: float = Field(default=10, gt=0, le=120)
    # Per country "HH:MM-HH:MM" in local time when no SMS is sent; "*" for every other.
    sms_quiet_hours: dict[str, str] = {"*": "21:00-08:00"}

    webhook_timeout_seconds: float = Field(default=10, gt=0, le=120)
    # Webhooks to private, loopback or link-local addresses (and plain http): allowed in
    # development and tests only unless set; never by default in production (SSRF).
    webhook_allow_private: bool | None = None
    webhook_endpoints_max: int = Field(default=10, ge=1, le=1000)  # per shop or brand

    # Outbox delivery: attempts before a message becomes a dead letter, and the backoff.
    outbox_max_attempts: int = Field(default=12, ge=1, le=100)
    outbox_backoff_seconds: float = Field(default=30, gt=0)
    outbox_backoff_max_seconds: float = Field(default=6 * 3600, gt=0)
    # How long a claimed message belongs to its worker; after that another may retry it.
    outbox_lease_seconds: float = Field(default=120, gt=0)
    # An owner's news about a repair waits this long for later news to go with it as one
    # message (a quote goes at once); shops, staff and webhooks are not held.
    owner_news_hold_minutes: float = Field(default=5, ge=0, le=60)
    worker_batch_size: int = Field(default=50, ge=1, le=1000)
    worker_idle_seconds: float = Field(default=1.0, gt=0, le=60)

    # Scheduled work (working days of the repair's country).
    escalate_after_workdays: int = Field(default=2, ge=0, le=60)
    silence_workdays: int = Field(default=3, ge=1, le=60)
    sla_sweep_minutes: float = Field(default=15, gt=0)
    # How often the worker counts each centre's backlog for the board (its age when shown).
    backlog_minutes: float = Field(default=5, gt=0)
    # How long a retried request with an Idempotency-Key gets its first answer back.
    idempotency_keep_hours: int = Field(default=72, ge=1, le=24 * 90)
    # Satisfaction surveys (surveys.invites): how long after a repair closes its owner is
    # invited, how long the link answers, when the one reminder goes, how often the job runs,
    # and how many survey pages one address may open per minute.
    survey_delay_minutes: int = Field(default=60, ge=0, le=7 * 24 * 60)
    survey_valid_days: int = Field(default=30, ge=1, le=365)
    survey_remind_after_days: int = Field(default=7, ge=1, le=364)
    survey_job_minutes: float = Field(default=10, gt=0)
    survey_limit_per_minute: int = Field(default=30, ge=1)

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'aftersales.db').as_posix()}"
        if self.photo_dir is None:
            self.photo_dir = self.data_dir / "photos"
        if not self.secret_key:
            if self.env == "production":
                raise ValueError(
                    "AFTERSALES_SECRET_KEY must be set in production (e.g. 64 random characters)."
                )
            self.secret_key = DEV_SECRET
        elif self.env == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("AFTERSALES_SECRET_KEY must not be the development secret.")
        if self.webhook_allow_private is None:
            self.webhook_allow_private = self.env != "production"
        if self.env == "production":
            if "cookie_secure" in self.model_fields_set and not self.cookie_secure:
                raise ValueError(
                    "AFTERSALES_COOKIE_SECURE cannot be false in production: the session "
                    "cookie must only travel over https."
                )
            self.cookie_secure = True
        self._check_channels()
        if self.survey_remind_after_days >= self.survey_valid_days:
            raise ValueError(
                "AFTERSALES_SURVEY_REMIND_AFTER_DAYS must be less than "
                "AFTERSALES_SURVEY_VALID_DAYS: a reminder must come while the link works."
            )
        return self

    def _check_channels(self) -> None:
        """Refuse channel settings that would lose messages or fake their delivery."""
        if self.env == "production" and self.mail_transport == "file":
            raise ValueError("AFTERSALES_MAIL_TRANSPORT must be smtp in production.")
        if self.mail_transport == "smtp" and not self.smtp_host:
            raise ValueError("AFTERSALES_SMTP_HOST must be set when mail goes over SMTP.")
        if self.env == "production" and self.sms_provider == "file":
            raise ValueError("AFTERSALES_SMS_PROVIDER must be http or none in production.")
        if self.sms_provider == "http" and not self.sms_http_url:
            raise ValueError("AFTERSALES_SMS_HTTP_URL must be set for the http SMS provider.")
        # A send may take each of its timeouts up to 4 times (connect, write, read, pool), and
        # a batch stops sending at half the lease: the lease must outlast both.
        slowest = 4 * max(
            self.webhook_timeout_seconds, self.sms_timeout_seconds, self.smtp_timeout_seconds
        )
        if self.outbox_lease_seconds < 2 * slowest:
            raise ValueError(
                f"AFTERSALES_OUTBOX_LEASE_SECONDS must be at least {2 * slowest:g}: eight times "
                "the longest channel timeout, or a slow send could outlive its lease."
            )
        for country, span in self.sms_quiet_hours.items():
            if not _QUIET.fullmatch(span):
                raise ValueError(
                    f"AFTERSALES_SMS_QUIET_HOURS for {country!r} must look like 21:00-08:00."
                )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
