"""notebooks/04_claims.ipynb: thin, parameterised, runs under papermill and writes its tables."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from test_claims_fixtures import make_data, trade_row, write_claims

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "04_claims.ipynb"


def test_notebook_is_thin_and_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert code[0].source.splitlines()[1:] == [
        'reporter = "BLR"', 'partner = "CHN"', "start_year = 2010", "end_year = 2025", 'source = "snapshot"',
        'report_dir = ""  # where figures/ and tables/ go; empty: reports/_lab in this project',
        'lang = "en"  # language of the brief\'s words: en | ru', 'claims_file = ""', 'article = ""']
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert not any("def " in c.source or "class " in c.source for c in code)


@pytest.mark.slow
def test_notebook_runs_with_papermill(tmp_path):
    import papermill

    data = make_data(tmp_path, trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)])
    claims = write_claims(tmp_path, [{"id": "over-5bn", "quote": "exceeding 5 billion dollars", "check": {
        "kind": "threshold", "dataset": "trade", "economy": "BLR", "partner": "CHN", "year": 2022,
        "op": ">", "value": 5e9}}])
    report = tmp_path / "report"
    papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / "out.ipynb"), kernel_name="python3",
                               cwd=str(NOTEBOOK.parent), progress_bar=False,
                               parameters={"source": str(data), "claims_file": str(claims),
                                           "report_dir": str(report)})
    rows = (report / "tables" / "claims.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,quote,verdict") and rows[1].startswith("over-5bn,")
    verdicts = json.loads((report / "tables" / "claims.json").read_text(encoding="utf-8"))
    assert [(v["id"], v["verdict"]) for v in verdicts] == [("over-5bn", "supported")]


def test_a_claims_file_applies_only_to_its_pair(tmp_path):
    """The seed article is about Belarus–China: checked for BLR–CHN and CHN–BLR, never for BLR–DEU;
    a file without trade checks is checked only when the user gives it."""
    import tradebrief as tb
    from tradebrief import claims as tc

    seed = tc.load_claims(tc.claims_path())
    assert seed.pairs == {frozenset({"BLR", "CHN"})} and "text in" not in seed.title
    assert tc.evaluate_for_pair(seed, tb.RunData.load("BLR", "DEU"), given=False) is None
    assert tc.evaluate_for_pair(seed, tb.RunData.load("BLR", "DEU"), given=True) is None
    assert [r.id for r in tc.evaluate_for_pair(seed, tb.RunData.load("CHN", "BLR"), given=False)] == \
        [c.id for c in seed.claims]
    dated = tc.load_claims(write_claims(tmp_path, [{"id": "visit", "quote": "a visit in 2023", "check": {
        "kind": "date", "dataset": "events", "category": "visit", "date": "2023"}}]))
    assert dated.pairs == set()
    assert tc.evaluate_for_pair(dated, tb.RunData.load("BLR", "DEU"), given=False) is None
    assert len(tc.evaluate_for_pair(dated, tb.RunData.load("BLR", "DEU"), given=True)) == 1
    assert tc.results_table(None) is None and tc.write_claims_tables(None, tmp_path) == {}
    assert not (tmp_path / "tables").exists()


@pytest.mark.slow
def test_notebook_for_another_pair_checks_nothing_and_writes_no_claims_tables(tmp_path):
    import papermill

    report = tmp_path / "report"
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(NOTEBOOK.parent),
                               progress_bar=False, parameters={"partner": "DEU", "report_dir": str(report)})
    assert not (report / "tables" / "claims.csv").exists() and not (report / "tables" / "claims.json").exists()
    shown = "".join(str(o.get("data", {}).get("text/markdown", "")) for c in nbformat.read(out, as_version=4).cells
                    for o in c.get("outputs", []))
    assert "are about Belarus–China; a run of Belarus–Germany does not check them" in shown, shown
    assert "../shared" not in shown and "lukashenko-visit" not in shown.lower()
