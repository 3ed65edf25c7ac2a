"""Deployments show the English UI: the wheel carries compiled catalogues, and `valkompass
setup` (the README's deploy step) compiles them in a checkout that has none.

The checkout is copied without any `.mo` file. The wheel is built offline from it
(`pip wheel --no-build-isolation`) and installed with `--no-deps` into a fresh virtualenv whose
dependencies come from this environment through a `.pth` file (no network, a few seconds).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ("Fel e-post eller lösenord.", "Wrong email or password.")
SKIP = shutil.ignore_patterns("*.mo", "__pycache__", "*.egg-info", ".venv", "node_modules",
                              "instance", "test-artifacts", ".pytest_cache", ".hypothesis",
                              ".ruff_cache", ".git", "tests")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the project as a fresh clone has it: sources, no compiled catalogues."""
    target = tmp_path_factory.mktemp("deploy") / "checkout"
    shutil.copytree(ROOT, target, ignore=SKIP)
    assert not list(target.rglob("*.mo"))
    return target


def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


CHECK = textwrap.dedent("""
    import sys, compass
    from flask_babel import gettext
    from compass import create_app
    assert compass.__file__.startswith(sys.argv[1]), compass.__file__
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite:///" + sys.argv[2]})
    with app.test_request_context("/?lang=en"):
        print(gettext(sys.argv[3]))
""")


def test_the_wheel_ships_compiled_catalogues_into_a_fresh_virtualenv(checkout, tmp_path):
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
          "-w", str(dist), str(checkout)])
    wheel = next(dist.glob("valkompass-*.whl"))
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                                         "['purelib'])"]).strip())
    # Dependencies from this environment; .pth files there (the editable install) stay off.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", "-q", str(wheel)])
    assert (site / "compass/translations/en/LC_MESSAGES/messages.mo").exists()
    out = _run([str(python), "-c", CHECK, str(site), str(tmp_path / "db.sqlite3"), ENGLISH[0]],
               cwd=tmp_path)
    assert out.strip() == ENGLISH[1]


def test_setup_compiles_the_catalogues_of_a_checkout_and_the_ui_is_english(checkout, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(checkout),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "SECRET_KEY": "x"}
    out = _run([sys.executable, "-c", "from compass.cli import main; main()", "setup"],
               cwd=checkout, env=env)
    assert "compiled en translations" in out
    assert (checkout / "compass/translations/en/LC_MESSAGES/messages.mo").exists()
    page = _run([sys.executable, "-c", textwrap.dedent("""
        import compass
        from compass import create_app
        assert compass.__file__.startswith(%r), compass.__file__
        print(create_app().test_client().get("/?lang=en").get_data(as_text=True))
    """) % str(checkout)], cwd=checkout, env=env)
    assert 'lang="en"' in page and "How we calculate" in page
