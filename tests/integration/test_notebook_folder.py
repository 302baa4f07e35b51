"""A notebook run by hand (papermill without `report_dir`, or JupyterLab) writes inside the project,
in reports/_lab, never into the checkout's parent folder (issue 24, item 10)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from tradebrief.data.folders import LAB_REPORT, project_folder, report_folder

ROOT = Path(__file__).resolve().parents[2]


def make_checkout(tmp_path: Path) -> Path:
    checkout = tmp_path / "checkout"
    (checkout / "notebooks").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return checkout


def test_the_default_is_reports_lab_in_the_project_wherever_jupyter_started(tmp_path: Path, monkeypatch) -> None:
    checkout = make_checkout(tmp_path)
    for start in (checkout, checkout / "notebooks"):
        monkeypatch.chdir(start)
        assert project_folder() == checkout.resolve()
        assert report_folder("") == checkout.resolve() / LAB_REPORT
        assert report_folder("  ") == checkout.resolve() / LAB_REPORT
    assert report_folder("/somewhere/else") == Path("/somewhere/else")  # a given folder is kept
    monkeypatch.chdir(tmp_path)  # outside a checkout: under the working directory
    assert project_folder() is None and report_folder() == tmp_path.resolve() / LAB_REPORT


def test_every_notebook_resolves_its_report_dir() -> None:
    """Each shipped notebook's default is '' and its first cell passes it through report_folder."""
    import papermill

    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert 'report_dir = ""' in code[0].source, path.name
        assert "report_dir = report_folder(report_dir)" in code[1].source, path.name
        assert papermill.inspect_notebook(str(path))["report_dir"]["default"] == '""', path.name  # papermill reads it


@pytest.mark.slow
def test_papermill_from_the_checkout_root_writes_inside_it(tmp_path: Path) -> None:
    """The README's papermill line without report_dir, from the checkout's root: the tables land in
    <checkout>/reports/_lab, and nothing appears beside the checkout."""
    import papermill

    checkout = make_checkout(tmp_path)
    notebook = checkout / "notebooks" / "03_corridor.ipynb"
    shutil.copy(ROOT / "notebooks" / "03_corridor.ipynb", notebook)
    papermill.execute_notebook(str(notebook), str(tmp_path / "out.ipynb"), kernel_name="python3",
                               cwd=str(checkout), progress_bar=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkout", "out.ipynb"]
    assert list((checkout / LAB_REPORT / "tables").glob("*.csv"))


def test_readme_says_how_tradebrief_gets_on_path_before_using_it() -> None:
    """The README's next commands after `make report` work as written: it says how `tradebrief` gets on
    PATH before the first command that needs it, and the data folder it shows exists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    activate = text.find("source .venv/bin/activate")
    first_use = text.find("\ntradebrief ")
    assert 0 <= activate < first_use, "say how tradebrief gets on PATH before the first `tradebrief` line"
    for folder in re.findall(r"--source ([\w./-]+)", text):
        if folder not in ("comtrade", "imf", "snapshot"):
            assert (ROOT / folder).is_dir(), f"the README's --source {folder} does not exist"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w[\w-]*)", text, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), f"make {target} is not a Makefile target"
