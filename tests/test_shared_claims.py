"""claims.shared: the first kernel of a run to evaluate a claims file leaves the results for the
others, who use them only for the same claims file and the same data."""
from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from tradebrief import claims as tc
from tradebrief.claims import shared
from tradebrief.data.context import RunData
from tradebrief.data.shared import SHARED_DATA_FILE


def _staging(folder: Path) -> Path:
    """A folder as the pipeline leaves it for its kernels: the shared data is there."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SHARED_DATA_FILE).write_bytes(b"")
    return folder


@pytest.fixture
def shared_env(tmp_path: Path, snapshot_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """A run's environment after its first evaluation: the results file is there."""
    for key, value in shared.claims_env(_staging(tmp_path)).items():
        monkeypatch.setenv(key, value)
    spec = tc.load_claims(tc.claims_path(None))
    data = RunData.load("BLR", "CHN", 2010, 2025, str(snapshot_copy))
    first = tc.evaluate(spec, data)
    assert (tmp_path / shared.SHARED_CLAIMS_FILE).is_file()
    assert not list(tmp_path.glob("*.part")), "the write is atomic: no partial file is left"
    return spec, first, snapshot_copy, tmp_path


def _mark(staged: Path) -> None:
    """Rewrite the shared results with a marker only the shared copy carries."""
    path = staged / shared.SHARED_CLAIMS_FILE
    record = pickle.loads(path.read_bytes())
    marked = [dataclasses.replace(r, explanation="shared-marker " + r.explanation) for r in record.results]
    path.write_bytes(pickle.dumps(dataclasses.replace(record, results=marked)))


def test_the_same_file_and_data_get_the_first_kernels_results(shared_env, monkeypatch) -> None:
    spec, first, folder, staged = shared_env
    monkeypatch.delenv(shared.SHARED_CLAIMS_ENV)
    assert tc.evaluate(spec, RunData.load("BLR", "CHN", 2010, 2025, str(folder))) == first  # as evaluated
    for key, value in shared.claims_env(staged).items():
        monkeypatch.setenv(key, value)
    _mark(staged)
    again = tc.evaluate(tc.load_claims(tc.claims_path(None)), RunData.load("BLR", "CHN", 2010, 2025, str(folder)))
    assert len(again) == len(spec.claims) and all(r.explanation.startswith("shared-marker ") for r in again)


@pytest.mark.parametrize("change", ["other pair", "other years", "data edited", "claims edited", "garbage"])
def test_anything_different_is_evaluated_afresh(shared_env, change: str) -> None:
    spec, _, folder, staged = shared_env
    _mark(staged)
    args = ["BLR", "CHN", 2010, 2025, str(folder)]
    if change == "other pair":
        args[1] = "RUS"
    elif change == "other years":
        args[2] = 2015
    elif change == "data edited":
        trade = folder / "raw" / "trade.csv"
        trade.write_text(trade.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "claims edited":
        spec = spec.model_copy(update={"claims": spec.claims[:-1]})
    else:
        (staged / shared.SHARED_CLAIMS_FILE).write_bytes(b"not a pickle")
    results = tc.evaluate(spec, RunData.load(*args))
    assert len(results) == len(spec.claims)
    assert not any(r.explanation.startswith("shared-marker") for r in results)


def test_without_the_variable_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(shared.SHARED_CLAIMS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    tc.evaluate(tc.load_claims(tc.claims_path(None)), RunData.load())
    assert not list(tmp_path.rglob("*.pickle*"))


def test_results_that_cannot_be_written_are_not_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sharing only saves time: a failed write leaves no file, partial or whole, and no error."""
    for key, value in shared.claims_env(_staging(tmp_path)).items():
        monkeypatch.setenv(key, value)

    def refuse(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(shared.pickle, "dump", refuse)
    results = tc.evaluate(tc.load_claims(tc.claims_path(None)), RunData.load())
    assert results and [p.name for p in tmp_path.iterdir()] == [SHARED_DATA_FILE]


@pytest.mark.parametrize("where", ["not a staging folder", "another name"])
def test_a_variable_left_set_never_makes_evaluate_write_elsewhere(tmp_path: Path, monkeypatch, where: str) -> None:
    target = tmp_path / "elsewhere" / shared.SHARED_CLAIMS_FILE
    target.parent.mkdir()
    if where == "another name":
        _staging(target.parent)
        target = target.with_name("notes.txt")
    monkeypatch.setenv(shared.SHARED_CLAIMS_ENV, str(target))
    assert tc.evaluate(tc.load_claims(tc.claims_path(None)), RunData.load())
    assert not target.exists() and not list(target.parent.glob("*.part"))
