"""Ship the snapshot and the notebooks inside the wheel (everything else is in pyproject.toml).

The repository keeps `data/` and `notebooks/` at its top (readers open them there; JupyterLab runs
the notebooks in place), so they are not under `src/tradebrief/`. A regular (non-editable) build
copies the files a run reads into `tradebrief/_shipped/` of the wheel; `tradebrief.data.settings`
finds them there, and in a checkout or an editable install uses the repository's folders.
"""
from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: What a run reads: the snapshot's citations, tables and claims files, and the notebooks.
SHIPPED = {"data": ("sources.yaml", "README.md", "raw/*.csv", "claims/*.yaml"), "notebooks": ("*.ipynb",)}


class BuildWithShippedFiles(build_py):
    """build_py, plus the shipped files copied into the built package (not in editable mode)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted((HERE / folder).glob(pattern)):
                    target = Path(self.build_lib, "tradebrief", "_shipped", folder, source.relative_to(HERE / folder))
                    self.mkpath(str(target.parent))
                    self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": BuildWithShippedFiles})
