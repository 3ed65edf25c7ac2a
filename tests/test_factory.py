"""The app factory and configuration from the environment."""

from __future__ import annotations

import subprocess
import sys

from flask import Flask

from compass import create_app
from compass.config import load_config, normalise_database_url


def test_config_defaults_are_not_testing(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    app = create_app()
    assert not app.testing
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/x.sqlite3"
    assert app.config["BABEL_DEFAULT_LOCALE"] == "sv"


def test_test_config_overrides_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app({"TESTING": True, "SECRET_KEY": "from-test",
                      "DATABASE_URL": f"sqlite:///{tmp_path}/y.sqlite3"})
    assert app.testing and app.config["SECRET_KEY"] == "from-test"


def test_default_database_is_sqlite_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{app.instance_path}/valkompass.sqlite3"


def test_secret_key_is_generated_once_into_instance(monkeypatch, tmp_path):
    """Without SECRET_KEY, a random key is written to the instance folder and reused."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/z.sqlite3")
    first = Flask("scratch", instance_path=str(tmp_path / "instance"))
    load_config(first)
    second = Flask("scratch", instance_path=str(tmp_path / "instance"))
    load_config(second)
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.read_text().strip() == first.config["SECRET_KEY"]
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert (key_file.stat().st_mode & 0o777) == 0o600
    other = Flask("scratch", instance_path=str(tmp_path / "other"))
    load_config(other)
    assert other.config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_package_import_is_light():
    """Importing compass (e.g. for compass.scoring) must not drag Flask in."""
    code = "import sys, compass; print('flask' in sys.modules, 'sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_session_cookie_is_httponly_and_samesite(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
