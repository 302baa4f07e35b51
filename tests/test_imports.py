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


def test_lazy_names_resolve_and_unknown_names_fail():
    import tradebrief as tb

    assert tb.to_iso3("China") == "CHN"
    assert callable(tb.load_trade) and tb.ReportContext is tb.RunData and tb.RunData.__name__ == "RunData"
    assert set(tb.__all__) <= set(dir(tb))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tb.nope  # noqa: B018
