"""Settings, from the environment and ``.env`` (see ``.env.example`` for every one)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, cast

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator can set. Names are the environment variables, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_token: str | None = Field(default=None, description="Bot token from @BotFather; empty = console chat")
    allowed_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list)
    data_dir: Path = Path("data")
    default_radius_km: float = 50.0
    timezone: str = "Africa/Bamako"
    load_demo: bool = True
    digest_hour: int = 7
    max_article_chars: int = 100_000
    max_upload_bytes: int = 2_000_000
    fetch_timeout_s: float = 15.0
    fetch_allow_private: bool = False  # let links reach loopback/private addresses (tests, an intranet news site)
    telegram_base_url: str | None = None  # e.g. a local Bot API server or the test emulator
    telegram_base_file_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    alert_interval_s: float = 2.0

    @field_validator("allowed_users", "admins", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept "123,456" or "123 456" as well as a list."""
        if isinstance(value, str):
            return [int(v) for v in value.replace(",", " ").split() if v.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator(
        "telegram_token", "telegram_base_url", "telegram_base_file_url", "webhook_url", "webhook_secret", mode="before"
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return value or None


def load_settings(**overrides: object) -> Settings:
    return Settings(**cast(dict[str, Any], {k: v for k, v in overrides.items() if v is not None}))
