"""One typed Settings object, read from AFTERSALES_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "development-only-secret-do-not-use-in-production"


class Settings(BaseSettings):
    """Configuration of one aftersales installation."""

    model_config = SettingsConfigDict(env_prefix="AFTERSALES_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str = ""
    secret_key: str = ""
    session_cookie: str = "aftersales_session"
    session_days: int = Field(default=14, ge=1, le=365)
    track_limit_per_minute: int = Field(default=10, ge=1)
    login_limit_per_minute: int = Field(default=20, ge=1)
    cookie_secure: bool = False
    db_pool_size: int = Field(default=20, ge=1, le=500)
    db_max_overflow: int = Field(default=10, ge=0, le=500)
    db_read_pool_size: int = Field(default=16, ge=1, le=500)

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'aftersales.db').as_posix()}"
        if not self.secret_key:
            if self.env == "production":
                raise ValueError(
                    "AFTERSALES_SECRET_KEY must be set in production (e.g. 64 random characters)."
                )
            self.secret_key = DEV_SECRET
        elif self.env == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("AFTERSALES_SECRET_KEY must not be the development secret.")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
