"""Batches: RUNS.yaml validation (fast), and small batches on local processes and on Dask (slow).

The batches run SMALL fixture notebooks (a parameters cell and one line of work each) through the
real pipeline, so a batch of three costs seconds, not minutes.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from tradebrief.cli import main
from tradebrief.errors import UsageError
from tradebrief.run.batch import (
    BatchResult,
    RunOutcome,
    load_batch,
    run_batch,
    summary_table,
    write_index,
)
from tradebrief.run.pipeline import NOTEBOOKS

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_NAMES = NOTEBOOKS
PARAMETERS = ('reporter = "BLR"\npartner = "CHN"\nstart_year = 2010\nend_year = 2025\n'
              'source = "snapshot"\nreport_dir = "."\nlang = "en"\n')
#: Partner whose fixture run fails on purpose: the corridor notebook raises for it, as a real
#: notebook would on data it cannot handle (a failure only a run can find).
FAILING_PARTNER = "UKR"


def write_fixture_notebooks(folder: Path) -> Path:
    """Tiny notebooks with the pipeline's names; 05 writes brief.md/brief.html, 03 fails for UKR."""
    folder.mkdir(parents=True, exist_ok=True)
    bodies = {
        "03_corridor": f'if partner == "{FAILING_PARTNER}":\n    raise ValueError("no corridor data for " + partner)',
        "05_brief": ("from pathlib import Path\n"
                     "text = f'# {reporter}-{partner} {start_year}-{end_year}\\n'\n"
                     "Path(report_dir, 'brief.md').write_text(text, encoding='utf-8')\n"
                     "Path(report_dir, 'brief.html').write_text('<h1>' + text + '</h1>', encoding='utf-8')"),
    }
    for name in NOTEBOOK_NAMES:
        params = PARAMETERS + ('claims_file = ""\n' if name == "04_claims" else "")
        cell = nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})
        cells = [cell, nbformat.v4.new_code_cell(bodies.get(name, "x = start_year"))]
        nb = nbformat.v4.new_notebook(cells=cells, metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        for i, c in enumerate(nb.cells):
            c["id"] = f"cell-{i}"
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def write_yaml(folder: Path, text: str, name: str = "runs.yml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- loading (fast)


def test_runs_list_with_defaults(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "defaults: {start_year: 2015, end_year: 2023}\n"
                                "runs:\n  - {partner: RUS}\n  - {partner: China, label: Since 2018!, start_year: 2018}\n")
    runs = load_batch(path)
    assert [r.slug for r in runs] == ["BLR-RUS-2015-2023", "BLR-CHN-since-2018"]  # other years: own folder
    assert (runs[0].params.start_year, runs[0].params.end_year) == (2015, 2023)
    assert (runs[1].params.start_year, runs[1].params.end_year) == (2018, 2023)
    assert runs[1].origin == "runs[1]"


def test_grid_with_ranges_and_label_template(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "defaults: {label: '{start_year}-{end_year}'}\n"
                                "grid:\n  partner: [RUS, CHN]\n  ranges: [[2010, 2025], [2015, 2023]]\n")
    runs = load_batch(path)
    assert [r.slug for r in runs] == ["BLR-RUS-2010-2025", "BLR-RUS-2015-2023",
                                      "BLR-CHN-2010-2025", "BLR-CHN-2015-2023"]
    assert "partner=CHN" in runs[3].origin and "start_year=2015" in runs[3].origin


def test_relative_paths_are_taken_from_the_batch_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "sub" / "mydata").mkdir(parents=True)
    (tmp_path / "sub" / "claims.yaml").write_text("claims: []\n", encoding="utf-8")
    path = write_yaml(tmp_path / "sub", "runs:\n  - {source: mydata, claims_file: claims.yaml}\n")
    monkeypatch.chdir(tmp_path)
    [run] = load_batch(path)
    assert run.params.source == str((tmp_path / "sub" / "mydata").resolve())
    assert run.params.claims_file == str((tmp_path / "sub" / "claims.yaml").resolve())


def test_shipped_examples_load() -> None:
    partners = load_batch(REPO / "notebooks" / "runs" / "belarus_partners.yml")
    assert [r.params.partner for r in partners] == ["RUS", "CHN", "UKR", "POL", "DEU"]
    years = load_batch(REPO / "notebooks" / "runs" / "bri_years.yml")
    assert len(years) >= 3 and len({r.slug for r in years}) == len(years)
    assert len({(r.params.start_year, r.params.end_year) for r in years}) == len(years)


@pytest.mark.parametrize("text, expected", [
    ("runs:\n  - {partner: RUS}\n  - {partner: CHN, colour: red}\n",
     r"runs\.yml: entry runs\[1\]: unknown parameter 'colour'; parameters are reporter, partner"),
    ("runs:\n  - {partner: RUS, start_year: '2015'}\n",
     r"entry runs\[0\]: parameter 'start_year' must be an integer year such as 2015, got str '2015'"),
    ("runs:\n  - {partner: RUS, end_year: true}\n",
     r"entry runs\[0\]: parameter 'end_year' must be an integer year .*got bool True"),
    ("runs:\n  - {partner: 156}\n", r"entry runs\[0\]: parameter 'partner' must be a string, got int 156"),
    ("defaults: {partner: RUS}\nruns:\n  - {partner: RUS}\n  - {start_year: 2010}\n",
     r"entries runs\[0\] and runs\[1\] both write reports/BLR-RUS/; give them different labels"),
    ("grid:\n  partner: [RUS]\n  start_year: [2010, 2015]\n  label: [same]\n",
     r"entries grid combination 0 \(partner=RUS, start_year=2010, label=same\) and grid combination 1 .* both write"),
    ("", r"runs\.yml: the file is empty; expected a mapping with `runs:`"),
    ("runs: []\n", r"no runs; `runs` is empty"),
    ("runs:\n  - {partner: Narnia}\n", r"entry runs\[0\]: unknown country 'Narnia'"),
    ("runs:\n  - {start_year: 2020, end_year: 2015}\n", r"entry runs\[0\]: start_year 2020 is after end_year 2015"),
    ("runs:\n  - {partner: RUS}\ngrid:\n  partner: [CHN]\n", r"exactly one of `runs:`.*found both"),
    ("run:\n  - {partner: RUS}\n", r"unknown top-level key 'run'; expected defaults, runs, grid"),
    ("grid:\n  partners: [RUS]\n", r"grid: unknown parameter 'partners'"),
    ("grid:\n  ranges: [[2010, 2015, 2020]]\n", r"grid\.ranges\[0\]: expected a \[start_year, end_year\] pair"),
    ("defaults: {start_year: x}\nruns:\n  - {}\n", r"entry defaults: parameter 'start_year' must be an integer"),
    ("runs:\n  - {claims_file: nowhere.yaml}\n", r"entry runs\[0\]: claims_file 'nowhere.yaml' not found"),
    ("runs:\n  - {label: '{year}'}\n", r"label '\{year\}' has a bad placeholder"),
    ("runs:\n  - [partner, RUS]\n", r"entry runs\[0\]: expected a mapping of parameters"),
    ("runs:\n  - {partner: RUS\n", r"runs\.yml, line \d+, column \d+: not valid YAML"),
])
def test_invalid_batch_files_are_refused_with_file_and_entry(tmp_path: Path, text: str, expected: str) -> None:
    path = write_yaml(tmp_path, text)
    with pytest.raises(UsageError, match=expected):
        load_batch(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"batch file .*nope\.yml not found"):
        load_batch(tmp_path / "nope.yml")


def test_cli_refuses_invalid_file_before_any_run(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "runs:\n  - {partner: RUS}\n  - {partner: CHN, colour: red}\n")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["batch", str(path), "--output", str(out), "--no-progress"])
    assert result.exit_code == 2
    assert "Error: " in result.output and "unknown parameter 'colour'" in result.output
    assert not any(out.iterdir())


def test_cli_refuses_workers_with_scheduler(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "runs:\n  - {partner: RUS}\n")
    result = CliRunner().invoke(main, ["batch", str(path), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "--workers and --scheduler conflict" in result.output


def test_summary_table_cuts_long_errors() -> None:
    table = summary_table([RunOutcome("BLR-RUS", "ok", 12.345),
                           RunOutcome("BLR-UKR", "failed", 3.0, "x" * 300)], width=40)
    lines = table.splitlines()
    assert lines[0].split() == ["slug", "status", "seconds", "error"]
    assert lines[1].split() == ["BLR-RUS", "ok", "12.3"]
    assert lines[2].split()[:3] == ["BLR-UKR", "failed", "3.0"] and lines[2].endswith("x…")
    assert len(lines[2].split()[3]) == 40


# --------------------------------------------------------------------------- running (slow)

BATCH = ("defaults: {start_year: 2015, end_year: 2023}\n"
         f"runs:\n  - {{partner: RUS}}\n  - {{partner: {FAILING_PARTNER}}}\n  - {{partner: CHN, label: recent}}\n")


def check_batch_output(out: Path) -> None:
    """Two briefs published, one failure kept aside, and an index that says so with relative links."""
    html = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', html)
    assert links == ["BLR-RUS-2015-2023/brief.html", "_failed/BLR-UKR-2015-2023/", "BLR-CHN-recent/brief.html"]
    for link in ("BLR-RUS-2015-2023/brief.html", "BLR-CHN-recent/brief.html"):
        assert (out / link).is_file()
    assert (out / "BLR-CHN-recent" / "brief.md").read_text(encoding="utf-8") == "# BLR-CHN 2015-2023\n"
    assert not (out / "BLR-UKR-2015-2023").exists()
    assert (out / "_failed" / "BLR-UKR-2015-2023" / "03_corridor.ipynb").is_file()
    statuses = re.findall(r'<section class="run" id="([^"]+)">.*?<span class="(ok|failed)">', html, flags=re.DOTALL)
    assert statuses == [("BLR-RUS-2015-2023", "ok"), ("BLR-UKR-2015-2023", "failed"), ("BLR-CHN-recent", "ok")]
    assert "ValueError: no corridor data for UKR" in html
    assert "3 runs: 2 ok, 1 failed" in html
    assert "Belarus and China, 2015–2023 (recent)" in html


@pytest.fixture
def fixture_notebooks(tmp_path: Path) -> Path:
    return write_fixture_notebooks(tmp_path / "notebooks")


@pytest.mark.slow
def test_cli_batch_on_local_processes(tmp_path: Path, fixture_notebooks: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRADEBRIEF_NOTEBOOKS", str(fixture_notebooks))
    path = write_yaml(tmp_path, BATCH)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["batch", str(path), "--workers", "2", "--output", str(out),
                                       "--no-progress"])
    assert result.exit_code == 1, result.output
    rows = [line.split(None, 3) for line in result.stdout.splitlines()[1:4]]
    assert [(r[0], r[1]) for r in rows] == [("BLR-RUS-2015-2023", "ok"), ("BLR-UKR-2015-2023", "failed"), ("BLR-CHN-recent", "ok")]
    # cell 3: papermill inserts the injected-parameters cell after the parameters cell
    assert "notebook 03_corridor.ipynb failed in cell 3" in rows[1][3]
    assert "2 ok, 1 failed" in result.stdout
    assert "Error: 1 of 3 runs failed (BLR-UKR-2015-2023)" in result.output
    check_batch_output(out)


@pytest.mark.slow
def test_batch_on_dask_local_cluster(tmp_path: Path, fixture_notebooks: Path) -> None:
    distributed = pytest.importorskip("distributed")
    path = write_yaml(tmp_path, BATCH)
    out = tmp_path / "out"
    out.mkdir()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = run_batch(load_batch(path), output_root=out, scheduler=cluster.scheduler_address,
                           progress=False, notebooks=fixture_notebooks)
    assert [(o.slug, o.status) for o in result.outcomes] == [
        ("BLR-RUS-2015-2023", "ok"), ("BLR-UKR-2015-2023", "failed"), ("BLR-CHN-recent", "ok")]
    assert [o.slug for o in result.failed] == ["BLR-UKR-2015-2023"]
    check_batch_output(out)


def test_cli_exit_zero_when_all_ok(tmp_path: Path, monkeypatch) -> None:
    """The exit code follows the outcomes (the runs themselves are exercised by the slow tests)."""
    import tradebrief.run.batch as batch_module  # the command imports run_batch from here when run

    path = write_yaml(tmp_path, "runs:\n  - {partner: POL}\n  - {partner: DEU}\n")
    seen = {}

    def fake_run_batch(runs, **kwargs):
        seen.update(kwargs, slugs=[r.slug for r in runs])
        outcomes = [RunOutcome(r.slug, "ok", 1.0) for r in runs]
        return BatchResult(runs, outcomes, write_index(tmp_path, runs, outcomes), 2.0)

    monkeypatch.setattr(batch_module, "run_batch", fake_run_batch)
    result = CliRunner().invoke(main, ["batch", str(path), "--output", str(tmp_path), "--workers", "3",
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    assert seen["slugs"] == ["BLR-POL", "BLR-DEU"] and seen["workers"] == 3 and seen["scheduler"] is None
    assert "2 ok, 0 failed" in result.stdout
    assert re.findall(r'href="([^"]+)"', (tmp_path / "index.html").read_text(encoding="utf-8")) == [
        "BLR-POL/brief.html", "BLR-DEU/brief.html"]


def test_index_is_deterministic_and_escaped(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "runs:\n  - {partner: RUS}\n  - {partner: UKR}\n")
    runs = load_batch(path)
    outcomes = [RunOutcome("BLR-RUS", "ok", 41.0, warnings=["brief.pdf not written"]),
                RunOutcome("BLR-UKR", "failed", 3.0, "ValueError: <b>bad</b> & worse")]
    first = write_index(tmp_path, runs, outcomes).read_bytes()
    outcomes[0].seconds = 99.0  # timings vary from run to run; the index does not show them
    assert write_index(tmp_path, runs, outcomes).read_bytes() == first
    html = first.decode("utf-8")
    assert "ValueError: &lt;b&gt;bad&lt;/b&gt; &amp; worse" in html
    assert "Warning: brief.pdf not written" in html
    # nothing kept under _failed/BLR-UKR/ (refused before its notebooks ran): no dead link
    assert re.findall(r'href="([^"]+)"', html) == ["BLR-RUS/brief.html"]
    assert not re.search(r"20\d\d-\d\d-\d\d|\d\d:\d\d", html)
    assert "<table" not in html and "tradebrief " not in html  # cards, no command text
    outcomes[1] = RunOutcome("BLR-UKR", "ok", 3.0)
    assert write_index(tmp_path, runs, outcomes).read_bytes() != first


@pytest.mark.slow
def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    path = write_yaml(tmp_path, "runs:\n  - {partner: RUS}\n")
    with pytest.raises(UsageError, match=r"could not connect to the Dask scheduler at tcp://127\.0\.0\.1:9"):
        run_batch(load_batch(path), output_root=tmp_path, scheduler="tcp://127.0.0.1:9", progress=False)


def test_index_names_countries_and_links_what_each_run_wrote(tmp_path: Path) -> None:
    """A card per run: the countries by name, the run's latest figure from its own tables, the brief as
    PDF and HTML, the annex and the workbook where written (no dead link), warnings."""
    path = write_yaml(tmp_path, "runs:\n  - {partner: CHN}\n  - {partner: RUS}\n")
    runs = load_batch(path)
    chn = tmp_path / "BLR-CHN"
    (chn / "tables").mkdir(parents=True)
    for name in ("brief.pdf", "brief.html", "annex.html", "tables.xlsx"):
        (chn / name).write_bytes(b"x")
    (chn / "tables" / "trade_by_side.csv").write_text(
        "year,reporter,flow,value_usd,bound,scope,mirrored,alternatives,source_id,period\n"
        "2024,CHN,turnover,9000000000,lower,goods,False,,a\n"
        "2024,BLR,turnover,8400000000,exact,goods,False,,b\n"
        "2023,BLR,turnover,8900000000,exact,goods,False,,c\n"
        "2025,BLR,turnover,8000000000,lower,unknown,False,,e\n"
        "2025,BLR,turnover,8900000000,rounded,goods,False,,f,2025-01..2025-11\n"
        "2025,BLR,export,1000000000,exact,goods,False,,d\n", encoding="utf-8")
    outcomes = [RunOutcome("BLR-CHN", "ok", 1.0, warnings=["brief.pdf: one page too many"]),
                RunOutcome("BLR-RUS", "ok", 1.0)]
    html = write_index(tmp_path, runs, outcomes).read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', html) == [
        "BLR-CHN/brief.pdf", "BLR-CHN/brief.html", "BLR-CHN/annex.html", "BLR-CHN/tables.xlsx", "BLR-RUS/brief.html"]
    from tradebrief.data.countries import country_name

    assert "Belarus and China" in html and f"Belarus and {country_name('RUS')}" in html
    assert "Belarus and Russia" in html and "Russian Federation" not in html  # the name a reader knows
    # the latest year's turnover, a figure before a bound, the reporter's own figure before the partner's;
    # another flow only without one
    assert ("Belarus–China trade: $8.4 bn in 2024 (Belarus&#39;s figures, goods); "
            "$8.9 bn in Jan–Nov 2025 (Belarus&#39;s figures, goods)") in html, html
    assert "Warning: brief.pdf: one page too many" in html
    assert "No trade figure held for these years." in html  # BLR-RUS wrote no tables
