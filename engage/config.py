"""Settings read from environment variables; nothing secret lives in code."""
from __future__ import annotations

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"

#: Locales shipped with every interface string translated.
LOCALES = ("en", "es", "ar")
RTL_LOCALES = frozenset({"ar", "fa", "he", "ur"})

_DEV_SECRET = "dev-only-not-secret"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment() -> dict:
    """Build the Flask config mapping from ENGAGE_*, DATABASE_URL, REDIS_URL and SECRET_KEY."""
    env = os.environ.get("ENGAGE_ENV", "development")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'engage.db'}"
    if database_url.startswith("postgres://"):
        # Heroku-style URLs name no driver; Engage uses psycopg 3.
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    redis_url = os.environ.get("REDIS_URL")
    return {
        "ENGAGE_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", _DEV_SECRET),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_ENABLED": _bool("ENGAGE_RATELIMIT", True),
        "BABEL_DEFAULT_LOCALE": os.environ.get("ENGAGE_DEFAULT_LOCALE", "en"),
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
        "ENGAGE_LOCALES": tuple(
            x.strip() for x in os.environ.get("ENGAGE_LOCALES", ",".join(LOCALES)).split(",") if x.strip()
        ),
        "ENGAGE_SITE_NAME": os.environ.get("ENGAGE_SITE_NAME", "Engage"),
        "ENGAGE_PUBLIC_URL": os.environ.get("ENGAGE_PUBLIC_URL", "http://127.0.0.1:5000"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("ENGAGE_SECURE_COOKIES", env == "production"),
        "REMEMBER_COOKIE_SECURE": _bool("ENGAGE_SECURE_COOKIES", env == "production"),
        "WTF_CSRF_TIME_LIMIT": int(os.environ.get("ENGAGE_CSRF_TIME_LIMIT", 6 * 3600)),
        "MAX_CONTENT_LENGTH": int(os.environ.get("ENGAGE_MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
        "TESTING": False,
    }


def check_production(config: dict) -> None:
    """Refuse to run in production with a missing or weak SECRET_KEY."""
    if config.get("ENGAGE_ENV") != "production":
        return
    secret = config.get("SECRET_KEY") or ""
    if secret == _DEV_SECRET or len(secret) < 32:
        raise RuntimeError(
            "SECRET_KEY must be set to a random value of at least 32 characters when ENGAGE_ENV=production "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
