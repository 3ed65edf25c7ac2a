"""Valkompass: an election-compass quiz for Swedish local politics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: the only place an app exists."""
    # Imported here, not at module level, so `import compass.scoring` stays free of Flask.
    from .app import build_app

    return build_app(test_config)
