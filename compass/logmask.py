"""Logs never carry answer codes, join codes or tokens.

Every log record of the process — the app's, Werkzeug's development-server request log,
Gunicorn's error and access logs, any library's — passes through one log-record factory
that rewrites its message (and traceback) with `mask`: the secret part of
``/klassrum/<token>/…``, ``/klass/<join code>/…`` and ``/granska/<token>/…`` and the values
of ``s=`` (answer codes), ``kod=``/``code=`` and ``token=`` become ``***``.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

MASK = "***"
_PATH_SECRETS = re.compile(
    r"(/klassrum/)(?!(?:ny|raderat)(?:[/?#\s\"']|$))[^/?#\s\"']+"
    r"|(/klass/)[^/?#\s\"']+"
    r"|(/granska/)[^/?#\s\"']+")
_QUERY_SECRETS = re.compile(r"([?&;](?:s|kod|code|token)=)[^&#\s\"']*")
_formatter = logging.Formatter()


def mask(text: str) -> str:
    """Return `text` with tokens, join codes and answer codes replaced by ***."""
    text = _PATH_SECRETS.sub(lambda m: (m.group(1) or m.group(2) or m.group(3)) + MASK, text)
    return _QUERY_SECRETS.sub(lambda m: m.group(1) + MASK, text)


def _mask_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: leave it for logging to report as usual
        return
    record.msg, record.args = mask(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask(_formatter.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = mask(record.stack_info)


def install() -> None:
    """Put the masking in front of every log record of the process (once)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_secrets", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        _mask_record(record)
        return record

    factory.masks_secrets = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def init_app(_app: Flask) -> None:
    """Mask the logs of the process the app runs in."""
    install()
