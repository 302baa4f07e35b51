"""claims.shared: a run's kernels reuse the claim results its preflight evaluated, and only for the
same claims file and the same data."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from tradebrief import claims as tc
from tradebrief.claims import shared
from tradebrief.data.context import RunData


@pytest.fixture
def shared_env(tmp_path: Path, snapshot_copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(shared.SHARED_CLAIMS_ENV, raising=False)
    spec = tc.load_claims(tc.claims_path(None))
    data = RunData.load("BLR", "CHN", 2010, 2025, str(snapshot_copy))
    env = shared.share_results(spec, data, tmp_path)
    assert set(env) == {shared.SHARED_CLAIMS_ENV}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return spec, data, snapshot_copy, tmp_path


def _mark(staged: Path) -> None:
    """Rewrite the shared results with a marker only the shared copy carries."""
    import pickle

    path = staged / shared.SHARED_CLAIMS_FILE
    record = pickle.loads(path.read_bytes())
    marked = [dataclasses.replace(r, explanation="shared-marker " + r.explanation) for r in record.results]
    path.write_bytes(pickle.dumps(dataclasses.replace(record, results=marked)))


def _marked(results) -> bool:
    return all(r.explanation.startswith("shared-marker ") for r in results)


def test_the_same_file_and_data_get_the_preflights_results(shared_env) -> None:
    spec, data, folder, staged = shared_env
    fresh = tc.evaluate(spec, data)  # before marking: the shared results equal a fresh evaluation
    os.environ.pop(shared.SHARED_CLAIMS_ENV)
    assert fresh == tc.evaluate(spec, data)
    os.environ[shared.SHARED_CLAIMS_ENV] = str(staged / shared.SHARED_CLAIMS_FILE)
    _mark(staged)
    again = tc.evaluate(tc.load_claims(tc.claims_path(None)), RunData.load("BLR", "CHN", 2010, 2025, str(folder)))
    assert _marked(again) and len(again) == len(spec.claims)


@pytest.mark.parametrize("change", ["other pair", "other years", "data edited", "claims edited", "garbage"])
def test_anything_different_is_evaluated_afresh(shared_env, change: str) -> None:
    spec, data, folder, staged = shared_env
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
    assert results and not any(r.explanation.startswith("shared-marker") for r in results)
    assert len(results) == len(spec.claims)


def test_results_that_cannot_be_written_are_not_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = RunData.load()

    def refuse(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(shared.pickle, "dump", refuse)
    assert shared.share_results(tc.load_claims(tc.claims_path(None)), data, tmp_path) == {}
    assert not (tmp_path / shared.SHARED_CLAIMS_FILE).exists()
