"""Secrets and paths: a key in the environment never reaches an output; no parameter escapes the output folder.

The slow test runs the real pipeline once with a fake COMTRADE_API_KEY and a hostile label, then
greps every file the run wrote (report, executed notebooks, manifest, anything else under the
output root) for the key.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebrief.data.params import RunParameters, refuse_credentials, sanitize_label
from tradebrief.errors import TradebriefError, UsageError
from tradebrief.run.pipeline import NOTEBOOKS, run_report

REPO = Path(__file__).resolve().parents[3]
#: A label keeps letters of any script (casefolded) and digits, joined by single dashes.
SLUG_RE = re.compile(r"^[A-Z]{3}-[A-Z_]{3,}(-[^\W_]+(-[^\W_]+)*)?$")


def notebooks_for_run(tmp: Path) -> Path:
    """The repository's notebooks; while 04_claims.ipynb is not written yet, a copy with a bare one."""
    source = REPO / "notebooks"
    if (source / "04_claims.ipynb").exists():
        return source
    target = tmp / "notebooks"
    shutil.copytree(source, target)
    cell = {"cell_type": "code", "id": "p", "execution_count": None, "outputs": [], "metadata": {"tags": ["parameters"]},
            "source": 'reporter = "BLR"\npartner = "CHN"\nstart_year = 2010\nend_year = 2025\nsource = "snapshot"\n'
                      'report_dir = "."\nlang = "en"\nclaims_file = ""\n'}
    doc = {"cells": [cell], "nbformat": 4, "nbformat_minor": 5,
           "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
    (target / "04_claims.ipynb").write_text(json.dumps(doc), encoding="utf-8")
    return target


@pytest.mark.slow
def test_fake_key_never_written_and_label_cannot_escape(tmp_path: Path) -> None:
    key = "tbfake-" + secrets.token_hex(16)
    out = tmp_path / "work" / "reports"
    out.mkdir(parents=True)
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    env = {**os.environ, "COMTRADE_API_KEY": key, "IMF_API_KEY": key,
           "TRADEBRIEF_NOTEBOOKS": str(notebooks_for_run(tmp_path / "nb"))}
    proc = subprocess.run([sys.executable, "-m", "tradebrief", "run", "--output", str(out), "--no-progress",
                           "--label", "../../etc/passwd"], capture_output=True, text=True, env=env,
                          cwd=tmp_path / "work", timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert key not in proc.stdout + proc.stderr
    # the label is sanitized: the report sits directly inside the output folder
    assert sorted(p.name for p in out.iterdir()) == ["BLR-CHN-etc-passwd"]
    assert sorted(p.name for p in tmp_path.iterdir()) == outside_before
    report = out / "BLR-CHN-etc-passwd"
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "nb" not in p.relative_to(tmp_path).parts[:1]]
    assert report / "manifest.json" in written and len([p for p in written if p.suffix == ".ipynb"]) == len(NOTEBOOKS)
    leaks = [str(p) for p in written if key.encode() in p.read_bytes()]
    assert not leaks, leaks
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert not any(re.search("key|token|secret|password", name, re.IGNORECASE) for name in manifest["parameters"])


@pytest.mark.parametrize("name", ["comtrade_api_key", "COMTRADE_API_KEY", "imf_token", "db_password", "client_secret"])
def test_credential_named_parameter_refused(name: str, tmp_path: Path) -> None:
    value = "tbfake-" + secrets.token_hex(8)
    with pytest.raises(UsageError, match="credentials are read from the environment only") as info:
        run_report(RunParameters.create(), output_root=tmp_path, progress=False, extra={name: value})
    assert value not in str(info.value)
    assert not any(tmp_path.iterdir())


def test_refuse_credentials_lets_ordinary_names_through() -> None:
    refuse_credentials(["claims_file", "reporter", "start_year"])  # no error
    with pytest.raises(UsageError, match="'api_key' looks like a credential"):
        refuse_credentials(["claims_file", "api_key"])


# --- paths -----------------------------------------------------------------------------------


@pytest.mark.parametrize("label, slug", [
    ("../../etc", "BLR-CHN-etc"),
    ("/etc/passwd", "BLR-CHN-etc-passwd"),
    ("..\\..\\Windows", "BLR-CHN-windows"),
    ("a/../../b", "BLR-CHN-a-b"),
    ("name\x00.txt", "BLR-CHN-name-txt"),
    ("~root", "BLR-CHN-root"),
])
def test_label_is_sanitized(label: str, slug: str, tmp_path: Path) -> None:
    params = RunParameters.create(label=label)
    assert params.slug == slug
    assert (tmp_path / params.slug).resolve().parent == tmp_path.resolve()


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=80))
def test_any_label_stays_inside_the_output_folder(label: str) -> None:
    try:
        slug = RunParameters.create(label=label).slug
    except UsageError as exc:  # a label with no letter or digit would land on the unlabelled report
        assert "has no letter or digit" in str(exc)
        return
    assert SLUG_RE.match(slug), slug
    assert len(sanitize_label(label)) <= 40
    root = Path("/srv/reports")
    assert (root / slug).resolve().parent == root


@pytest.mark.parametrize("partner", ["../CHN", "CHN/..", "/etc", "CHN\\..", "RUS+../CHN", "..", "C:HN"])
def test_partner_cannot_carry_path_separators(partner: str) -> None:
    with pytest.raises(UsageError, match="unknown country"):
        RunParameters.create(partner=partner)


def test_group_partner_slug_is_its_code() -> None:
    assert RunParameters.create(partner="European Union").slug == "BLR-EUU"
    assert RunParameters.create(reporter="Китай", partner="by").slug == "CHN-BLR"


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_any_country_text_resolves_to_codes_or_a_usage_error(reporter: str, partner: str) -> None:
    try:
        params = RunParameters.create(reporter=reporter, partner=partner)
    except TradebriefError as exc:
        assert isinstance(exc, UsageError)
        return
    assert SLUG_RE.match(params.slug), params.slug
