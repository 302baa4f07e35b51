"""Packaging: every imported package is declared, the version is written once, and a wheel
installed (not editable) into a fresh environment runs the default report from another folder."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import tradebrief

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imports() -> dict[str, set[str]]:
    """Each third-party top-level module src/ imports, with the files importing it."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "tradebrief":
                    found.setdefault(top, set()).add(path.relative_to(REPO).as_posix())
    return found


def test_every_imported_package_is_declared() -> None:
    declared = {_name(r) for r in PYPROJECT["dependencies"]}
    declared |= {_name(r) for extra in PYPROJECT["optional-dependencies"].values() for r in extra}
    distributions = metadata.packages_distributions()
    imports = _imports()
    assert {"pandas", "psutil", "jupyter_client", "IPython", "nh3"} <= set(imports)  # the scan sees them
    undeclared = {top: sorted(files) for top, files in imports.items()
                  if not {_name(d) for d in distributions.get(top, [top])} & declared}
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_the_version_is_written_once() -> None:
    assert "version" not in PYPROJECT and "version" in PYPROJECT["dynamic"]
    assert metadata.version("tradebrief") == tradebrief.__version__
    written = [p for p in (REPO / "src").rglob("*.py")
               if re.search(r"^\s*(__version__|VERSION)\s*=\s*[\"']", p.read_text(encoding="utf-8"), re.M)]
    assert [p.relative_to(REPO).as_posix() for p in written] == ["src/tradebrief/__init__.py"]


@pytest.mark.slow
def test_an_installed_wheel_runs_the_report_from_another_folder(tmp_path: Path) -> None:
    """`pip install .` (a wheel, not editable) into a fresh venv; `tradebrief run` elsewhere writes a brief.

    The dependencies come from this environment (a .pth file naming its site-packages, so that the
    test needs no network and little time); tradebrief itself only from the wheel.
    """
    wheels, venv, elsewhere = tmp_path / "wheels", tmp_path / "venv", tmp_path / "elsewhere"
    (elsewhere / "out").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRADEBRIEF_", "PYTHON"))}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO)],
                   check=True, env=env, capture_output=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    wheel = next(wheels.glob("tradebrief-*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
                   check=True, env=env, capture_output=True)
    where = subprocess.run([str(python), "-c", "import tradebrief; print(tradebrief.__file__)"], cwd=elsewhere,
                           check=True, capture_output=True, text=True, env=env).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    done = subprocess.run([str(venv / "bin" / "tradebrief"), "run", "--no-progress", "--output", "out"],
                          cwd=elsewhere, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    brief = (elsewhere / "out" / "BLR-CHN" / "brief.md").read_text(encoding="utf-8")
    assert "Belarus" in brief and "China" in brief
    manifest = (elsewhere / "out" / "BLR-CHN" / "manifest.json").read_text(encoding="utf-8")
    assert "_shipped/data/raw/trade.csv" in manifest  # the report read the wheel's snapshot
