"""setuptools build step (pyproject `[tool.setuptools.cmdclass]`): the wheel ships compiled
message catalogues even when the checkout has none."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from setuptools.command.build_py import build_py


def _catalogues_module():
    # Loaded from its file: importing the `compass` package here would need its dependencies.
    path = Path(__file__).resolve().parent / "catalogues.py"
    spec = importlib.util.spec_from_file_location("_valkompass_catalogues", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithCatalogues(build_py):
    """`build_py` that also compiles `compass/translations/*/LC_MESSAGES/*.po` into the build."""

    def run(self):
        """Copy the package, then write the compiled catalogues next to the copied .po files."""
        super().run()
        catalogues = _catalogues_module()
        target = Path(self.build_lib) / "compass" / "translations"
        catalogues.compile_catalogues(catalogues.TRANSLATIONS, target, force=True)
