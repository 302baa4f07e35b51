"""Start-up stays light: the CLI and `import tradebrief` import no heavy library until used.

Checked in a fresh interpreter by the modules it ends up holding (never by timing).
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pandas", "pandera", "duckdb", "matplotlib", "papermill", "nbclient", "numpy", "pyarrow")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("code", [
    "import tradebrief",
    "import tradebrief.cli",
    "from tradebrief.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
    "from tradebrief.cli import main\ntry:\n    main(['run', '--help'])\nexcept SystemExit:\n    pass",
])
def test_start_up_imports_no_heavy_library(code):
    loaded = _modules_after(code)
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_bulk_query_imports_no_schema():
    """A question answered from the Parquet cache pays only for DuckDB and pandas: the bulk query
    path must not import pandera (0.3 s of a 0.8 s process; issue 28's cache question ≥ 10× pandas)."""
    loaded = _modules_after("import tradebrief.bulk\nfrom tradebrief.bulk import BaciRelease, by_hs2, pair_flows")
    assert {"duckdb", "pandas"} <= loaded
    assert sorted(m for m in loaded if m.split(".")[0] in {"pandera", "matplotlib", "papermill", "nbclient"}) == []


def test_lazy_names_resolve_and_unknown_names_fail():
    import tradebrief as tb

    assert tb.to_iso3("China") == "CHN"
    assert callable(tb.load_trade) and tb.ReportContext is tb.RunData and tb.RunData.__name__ == "RunData"
    assert set(tb.__all__) <= set(dir(tb))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tb.nope  # noqa: B018


def test_writing_tables_without_charts_imports_no_matplotlib(tmp_path):
    """The brief notebook saves no chart: a section's tables are written without Matplotlib, and a
    section that has charts still draws them (its lazy figure dict is built when it is counted)."""
    code = ("import pandas as pd\nimport tradebrief as tb\nfrom tradebrief.report import sections\n"
            "section = sections.Section('notes', tables={'t': pd.DataFrame({'year': [2020], 'v': [1.5]})})\n"
            f"section.save({str(tmp_path / 'tables')!r})\n")
    assert "matplotlib" not in _modules_after(code)
    assert (tmp_path / "tables" / "tables" / "notes_t.csv").read_text(encoding="utf-8") == "year,v\n2020,1.5\n"
    charted = code + f"sections.agreements_section(tb.ReportContext.load()).save({str(tmp_path / 'charts')!r})\n"
    assert "matplotlib" in _modules_after(charted)
    assert [p.name for p in (tmp_path / "charts" / "figures").glob("*.svg")] == ["agreements_by_type.svg"]
