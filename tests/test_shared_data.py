"""data.shared: a run's kernels reuse the data its preflight loaded, and only when it is the same data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tradebrief.data import shared
from tradebrief.data.context import RunData


@pytest.fixture
def shared_env(tmp_path: Path, snapshot_copy: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[RunData, Path]:
    loaded = RunData.load("BLR", "CHN", 2010, 2025, str(snapshot_copy))
    env = shared.share(loaded, tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return loaded, snapshot_copy


def _marked(data: RunData) -> bool:
    return "shared-marker" in data.trade.attrs


def test_a_kernel_asking_for_the_same_data_gets_the_preflights(shared_env, tmp_path: Path) -> None:
    loaded, folder = shared_env
    loaded.trade.attrs["shared-marker"] = True  # only the shared copy carries it
    shared.share(loaded, tmp_path)
    again = RunData.load("BLR", "CHN", 2010, 2025, str(folder))
    assert _marked(again)
    assert again.trade.equals(loaded.trade) and again.sources.equals(loaded.sources)
    assert again.params == RunData.load("BLR", "CHN", 2010, 2025, str(folder)).params


@pytest.mark.parametrize("change", ["other pair", "other years", "file edited", "file touched", "garbage"])
def test_anything_different_loads_afresh(shared_env, tmp_path: Path, change: str) -> None:
    loaded, folder = shared_env
    loaded.trade.attrs["shared-marker"] = True
    shared.share(loaded, tmp_path)
    args = ["BLR", "CHN", 2010, 2025, str(folder)]
    trade = folder / "raw" / "trade.csv"
    if change == "other pair":
        args[1] = "RUS"
    elif change == "other years":
        args[2] = 2015
    elif change == "file edited":
        trade.write_text(trade.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "file touched":
        stat = trade.stat()
        os.utime(trade, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    else:
        (tmp_path / shared.SHARED_DATA_FILE).write_bytes(b"not a pickle")
    again = RunData.load(*args)
    assert not _marked(again)
    if change != "other pair":
        assert len(again.trade) == len(loaded.trade)


def test_without_the_variable_nothing_is_shared(shared_env, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded, folder = shared_env
    monkeypatch.delenv(shared.SHARED_DATA_ENV)
    assert shared.reuse(loaded.params, folder, loaded.data_dir) is None


def test_data_that_cannot_be_written_is_not_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sharing only saves time: a failure to write leaves no file and an environment naming none."""
    loaded = RunData.load()

    def refuse(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(shared.pickle, "dump", refuse)
    assert shared.share(loaded, tmp_path) == {}
    assert not (tmp_path / shared.SHARED_DATA_FILE).exists()
