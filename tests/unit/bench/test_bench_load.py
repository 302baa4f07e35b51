"""benchmarks/load.py judges a target by the other processes' load, not by the load average
(which still counts the benchmark's own previous work for a minute)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "load.py"


@pytest.fixture(scope="module")
def load():
    spec = importlib.util.spec_from_file_location("bench_load", _PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _watch(load, *, before_avg: float, before: list[int], during: list[int]):
    w = load.LoadWatch(sample=False)
    w.before, w.samples_before, w.samples = (before_avg, 0.0, 0.0), before, during
    return w


def test_own_load_average_does_not_block_a_verdict(load):
    w = _watch(load, before_avg=1.6, before=[0, 0, 0], during=[0, 1, 0])
    assert w.quiet and w.verdict(True) == "met" and w.verdict(False) == "NOT met"


@pytest.mark.parametrize(("before", "during"), [([3, 2, 2], [0, 0]), ([0, 0, 0], [2, 3, 2])])
def test_others_busy_before_or_during_is_not_judged(load, before, during):
    w = _watch(load, before_avg=0.2, before=before, during=during)
    assert not w.quiet and w.verdict(True).startswith("not judged: load 2.")


def test_without_proc_the_load_average_decides(load):
    w = _watch(load, before_avg=1.6, before=[], during=[])
    assert not w.quiet and "load 1.6" in w.verdict(True)
    assert _watch(load, before_avg=0.9, before=[], during=[]).quiet
