"""benchmarks/floor/ (bench_run.py's floor) is current with notebooks/: same names, parameters, imports.

Uses the generator bench_run.py uses (benchmarks/floor.py), so "current" means exactly what
`bench_run.py --write-floor` would write.
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import nbformat

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def load_floor_module():
    spec = importlib.util.spec_from_file_location("tradebrief_bench_floor", BENCHMARKS / "floor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_floor_is_current_with_the_notebooks() -> None:
    floor = load_floor_module()
    assert floor.stale() == [], "run `python benchmarks/bench_run.py --write-floor` and commit benchmarks/floor/"


def test_a_changed_import_or_parameter_or_a_new_notebook_makes_the_floor_stale(tmp_path: Path) -> None:
    floor = load_floor_module()
    notebooks, target = tmp_path / "notebooks", tmp_path / "floor"
    shutil.copytree(floor.NOTEBOOKS, notebooks, ignore=shutil.ignore_patterns("runs"))
    floor.write_floor(target, notebooks)
    assert floor.stale(target, notebooks) == []

    path = notebooks / "03_corridor.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import json\njson.dumps({})"))
    nbformat.write(nb, path)
    assert floor.stale(target, notebooks) == [("benchmarks/floor/03_corridor.ipynb is out of date with "
                                              "notebooks/03_corridor.ipynb")]
    floor.write_floor(target, notebooks)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source += '\nextra = ""'
    nbformat.write(nb, path)
    assert len(floor.stale(target, notebooks)) == 1

    shutil.copy(path, notebooks / "06_new.ipynb")
    assert "holds" in floor.stale(target, notebooks)[0]
