"""The floor notebooks of bench_run.py: each real notebook's parameters cell and imports, nothing else.

One generator, used by `bench_run.py --write-floor`, by bench_run's refusal to measure against a
stale floor, and by tests/integration/test_floor.py (which fails when benchmarks/floor/ is out of date).
"""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
FLOOR = Path(__file__).resolve().parent / "floor"
PATTERN = "[0-9][0-9]_*.ipynb"


def imports(cell_source: str) -> list[str]:
    """The import statements of one code cell, as written (IPython magics are skipped)."""
    lines = [line for line in cell_source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    return [ast.unparse(node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]


def floor_notebook(real: Path) -> nbformat.NotebookNode:
    """`real`'s parameters cell verbatim plus one cell with every import `real` makes."""
    nb = nbformat.read(real, as_version=4)
    parameters = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    if len(parameters) != 1:
        raise SystemExit(f"{real}: expected one cell tagged 'parameters', found {len(parameters)}")
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code" and cell is not parameters[0]:
            found += [line for line in imports(cell.source) if line not in found]
    floor = nbformat.v4.new_notebook(metadata={"kernelspec": nb.metadata.get("kernelspec", {}),
                                               "language_info": {"name": "python"}})
    floor.cells = [
        nbformat.v4.new_markdown_cell(f"# Floor for {real.name}\n\nIts parameters and imports only "
                                      "(benchmarks/bench_run.py); writes nothing."),
        nbformat.v4.new_code_cell(parameters[0].source, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("\n".join(found)),
    ]
    for index, cell in enumerate(floor.cells):
        cell.id = f"floor-{index}"  # stable ids: regenerating gives the same files
    return floor


def write_floor(target: Path = FLOOR, notebooks: Path = NOTEBOOKS) -> list[Path]:
    """Regenerate the floor notebooks from notebooks/."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for real in sorted(notebooks.glob(PATTERN)):
        path = target / real.name
        nbformat.write(floor_notebook(real), path)
        written.append(path)
    return written


def stale(floor: Path = FLOOR, notebooks: Path = NOTEBOOKS) -> list[str]:
    """What is out of date in `floor` against `notebooks` (names, parameters, imports); [] when current."""
    real = sorted(p.name for p in notebooks.glob(PATTERN))
    have = sorted(p.name for p in floor.glob("*.ipynb"))
    if real != have:
        return [f"benchmarks/floor/ holds {have}, notebooks/ holds {real}"]
    return [f"benchmarks/floor/{name} is out of date with notebooks/{name}" for name in real
            if nbformat.read(floor / name, as_version=4).cells != floor_notebook(notebooks / name).cells]
