"""Issue 10 item 6 (one run contract) and issue 12 class 6 (a label never overwrites another report).

RunParameters is the one definition of a run: the `run` command's options, batch entries, the
manifest and `verify`'s rerun are derived from it. Labels keep letters of any script, a label that
empties to nothing is refused, other years get their own folder, and a folder holding a report
made with other parameters is never replaced silently.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_verify import _notebook, lean_notebooks

from baci_fixtures import write_release
from tradebrief.cli import main
from tradebrief.cli.run_cmd import run_command
from tradebrief.data.params import PARAMETER_NAMES, RunParameters, sanitize_label
from tradebrief.errors import UsageError
from tradebrief.run.batch import RunEntry, load_batch
from tradebrief.run.pipeline import check_target, run_report
from tradebrief.run.verify import verify_report

# --------------------------------------------------------------------------- one contract (fast)


def test_cli_options_batch_entries_and_manifest_derive_from_run_parameters() -> None:
    cli_names = {p.name for p in run_command.params} - {"output", "replace", "workers", "no_progress",
                                                         "baci_cache", "no_baci_cache"}
    assert cli_names == set(PARAMETER_NAMES)
    assert tuple(RunEntry.model_fields) == PARAMETER_NAMES
    assert set(RunParameters.create().recorded()) == set(PARAMETER_NAMES)
    assert {"claims_file", "baci"} <= set(PARAMETER_NAMES)


def test_manifest_round_trip(tmp_path: Path) -> None:
    claims = tmp_path / "c.yaml"
    claims.write_text("x", encoding="utf-8")
    release = tmp_path / "baci"
    release.mkdir()
    params = RunParameters.create(partner="RUS", start_year=2015, end_year=2020, claims_file=claims, baci=release)
    again = RunParameters.from_manifest(json.loads(json.dumps(params.recorded())))
    assert again == params
    assert again.baci == str(release.resolve()) and again.claims_file == str(claims.resolve())
    # a manifest written before claims_file/baci were parameters still reads
    old = {k: v for k, v in params.recorded().items() if k not in ("claims_file", "baci")}
    assert RunParameters.from_manifest(old).baci == ""


def test_batch_entries_take_baci_relative_to_the_batch_file(tmp_path: Path) -> None:
    (tmp_path / "rel").mkdir()
    (tmp_path / "runs.yml").write_text("runs:\n  - {partner: RUS, baci: rel, label: b}\n", encoding="utf-8")
    (run,) = load_batch(tmp_path / "runs.yml")
    assert run.params.baci == str((tmp_path / "rel").resolve())
    (tmp_path / "bad.yml").write_text("runs:\n  - {baci: nowhere.zip}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"entry runs\[0\]: baci 'nowhere.zip' not found \(looked at"):
        load_batch(tmp_path / "bad.yml")


# --------------------------------------------------------------------------- labels (fast)


@pytest.mark.parametrize(("label", "kept"), [
    ("Китай", "китай"), ("中国 2015", "中国-2015"), ("Ελλάδα!", "ελλάδα"), ("Since 2015!", "since-2015"),
    ("ÄÖÜ straße", "äöü-strasse"), ("ﬁne", "fine"),
])
def test_labels_keep_letters_of_any_script(label: str, kept: str) -> None:
    assert sanitize_label(label) == kept
    assert RunParameters.create(label=label).slug == f"BLR-CHN-{kept}"


@pytest.mark.parametrize("label", ["!!!", "..", "/", "—", "   ·   ", "\u200b", "_"])
def test_a_label_that_empties_is_refused(label: str) -> None:
    with pytest.raises(UsageError, match="has no letter or digit"):
        RunParameters.create(label=label)


@pytest.mark.parametrize(("years", "slug"), [
    ((2015, 2023), "BLR-CHN-2015-2023"), ((2010, 2024), "BLR-CHN-2010-2024"), ((2010, 2025), "BLR-CHN"),
])
def test_other_years_without_a_label_get_their_own_folder(years: tuple[int, int], slug: str) -> None:
    assert RunParameters.create(start_year=years[0], end_year=years[1]).slug == slug


def _fake_report(folder: Path, params: RunParameters) -> Path:
    folder.mkdir(parents=True)
    (folder / "brief.md").write_text("previous", encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"parameters": params.recorded()}), encoding="utf-8")
    return folder


def test_a_folder_of_another_run_is_never_replaced_silently(tmp_path: Path) -> None:
    default = RunParameters.create()
    target = _fake_report(tmp_path / default.slug, default)
    assert check_target(target, default) == "the previous report, same parameters"  # same run: replaced
    claims = tmp_path / "mine.yaml"
    claims.write_text("x", encoding="utf-8")
    other = RunParameters.create(claims_file=claims)
    assert other.slug == default.slug
    with pytest.raises(UsageError, match=r"holds a report made with other parameters \(claims_file"):
        check_target(target, other)
    assert check_target(target, other, replace=True)
    # a user's own folder that happens to have the report's name
    mine = tmp_path / "BLR-RUS"
    mine.mkdir()
    with pytest.raises(UsageError, match="is not a tradebrief report"):
        check_target(mine, RunParameters.create(partner="RUS"))
    # a label that reproduces another run's folder name
    since = RunParameters.create(start_year=2015, end_year=2023)
    _fake_report(tmp_path / since.slug, since)
    with pytest.raises(UsageError, match="other parameters"):
        check_target(tmp_path / since.slug, RunParameters.create(label="2015-2023"))


def test_cli_says_where_it_writes_and_refuses_before_running(tmp_path: Path) -> None:
    default = RunParameters.create()
    _fake_report(tmp_path / default.slug, default)
    claims = tmp_path / "mine.yaml"
    claims.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--claims-file", str(claims), "--output", str(tmp_path)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "--replace" in lines[0], result.output
    assert (tmp_path / default.slug / "brief.md").read_text(encoding="utf-8") == "previous"


# --------------------------------------------------------------------------- verify a --baci report (slow)

BACI_BRIEF = ("from pathlib import Path\nfrom tradebrief.bulk import BaciRelease\n"
              "text = '# Brief\\n' + (f'BACI {BaciRelease.open(baci).version}\\n' if baci else 'no BACI\\n')\n"
              "Path(report_dir, 'brief.md').write_text(text, encoding='utf-8')\n")


@pytest.mark.slow
def test_verify_passes_on_a_baci_report(tmp_path: Path) -> None:
    release = write_release(tmp_path / "baci", years=(2020, 2021))
    folder = lean_notebooks(tmp_path / "notebooks")
    params = ('reporter = "BLR"\npartner = "CHN"\nstart_year = 2010\nend_year = 2025\nsource = "snapshot"\n'
              'report_dir = "."\nlang = "en"\nclaims_file = ""\nbaci = ""\n')
    _notebook(folder, "05_brief", BACI_BRIEF, parameters=params)
    _notebook(folder, "06_annex", parameters=params)  # the annex takes --baci too
    out = tmp_path / "reports"
    out.mkdir()
    report = run_report(RunParameters.create(baci=release, label="baci"), output_root=out, progress=False,
                        notebooks=folder, workers=1).report_dir
    assert "BACI V" in (report / "brief.md").read_text(encoding="utf-8")
    result = verify_report(report, notebooks=folder, workers=1)
    assert result.reran and result.ok, result.table()
