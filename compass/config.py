"""Configuration defaults and the environment variables that override them.

Nothing here touches the disk at import time; `load_config` runs inside `create_app`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .questionsets import limits

SECRET_KEY_FILE = "secret_key"
SQLITE_FILE = "valkompass.sqlite3"


class Defaults:
    """Settings every app starts from; the environment and `test_config` override them."""

    LANGUAGES = ("sv", "en")
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    # Whole bodies, chunked ones too (compass.inputs): the longest source text plus the rest of
    # its form, so a text at the limit always arrives and a longer one gets the form's message.
    MAX_CONTENT_LENGTH = limits.SOURCE_TEXT + limits.FORM_ROOM
    # Werkzeug keeps form fields in memory up to this size (Flask's default: 500 kB); it matches
    # the body limit so a long source text fails only where the forms say.
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH
    # An admin form over the body limit is still read up to this size, so that what was typed
    # comes back in the form (compass.admin.keep); anything larger is a plain 413.
    KEEP_MAX_BODY = 4 * MAX_CONTENT_LENGTH
    QUESTIONS_DIR = str(Path(__file__).resolve().parent.parent / "questions")
    SQLALCHEMY_ECHO = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Explicit: Flask-Limiter's init_app falls back to the shared limiter's last setting, so
    # one app started without limits (a test) would otherwise switch them off for the next.
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    CLASS_RETENTION_DAYS = 30
    TRUSTED_PROXIES = 0  # reverse proxies in front of the app (for client IPs in rate limits)
    PUBLIC_URL = ""  # e.g. https://valkompass.skolan.se: the base of class join links and QR codes


def sqlite_url(instance_path: str) -> str:
    """Return the URL of the embedded SQLite database under the instance folder."""
    return f"sqlite:///{Path(instance_path) / SQLITE_FILE}"


def normalise_database_url(url: str) -> str:
    """Map the common `postgres://` and `postgresql://` URLs onto the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Read the generated secret key from the instance folder, creating it on first start."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not overwrite each other's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def load_config(app, test_config: dict | None = None) -> None:
    """Fill `app.config` from the defaults, the environment and `test_config`, in that order."""
    app.config.from_object(Defaults)
    env = os.environ
    if env.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = env["DATABASE_URL"]
    if env.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = env["SECRET_KEY"]
    if env.get("VALKOMPASS_QUESTIONS_DIR"):
        app.config["QUESTIONS_DIR"] = env["VALKOMPASS_QUESTIONS_DIR"]
    if env.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = env["RATELIMIT_STORAGE_URI"]
    if env.get("TRUSTED_PROXIES", "").isdigit():
        app.config["TRUSTED_PROXIES"] = int(env["TRUSTED_PROXIES"])
    if env.get("CLASS_RETENTION_DAYS", "").isdigit():
        app.config["CLASS_RETENTION_DAYS"] = int(env["CLASS_RETENTION_DAYS"])
    if env.get("PUBLIC_URL"):
        app.config["PUBLIC_URL"] = env["PUBLIC_URL"]
    if env.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes"):
        app.config["SESSION_COOKIE_SECURE"] = True
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault("DATABASE_URL", sqlite_url(app.instance_path))
    app.config["DATABASE_URL"] = normalise_database_url(app.config["DATABASE_URL"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
