"""run.cache: a run's kernels reuse the data its preflight loaded and the first claim results, only
when they are for the same data and claims file; outside a run, `RunData` and `claims.evaluate` are pure."""
from __future__ import annotations

import dataclasses
import inspect
import os
import pickle
from pathlib import Path

import pytest

from tradebrief import claims as tc
from tradebrief.claims import engine
from tradebrief.data import context
from tradebrief.data.context import RunData
from tradebrief.data.settings import RUN_CACHE_ENV, Settings
from tradebrief.run import cache as kc


@pytest.fixture
def installed(tmp_path: Path, snapshot_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """A kernel of a run: the preflight's data shared in the staging folder, the cache installed."""
    loaded = RunData.load("BLR", "CHN", 2010, 2025, str(snapshot_copy))
    loaded.trade.attrs["shared-marker"] = True  # only the shared copy carries it
    env = kc.KernelCache(tmp_path).share(loaded)
    assert env == {RUN_CACHE_ENV: str(tmp_path.resolve())}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert kc.install()
    yield loaded, snapshot_copy, tmp_path
    kc.uninstall()


def _marked(data: RunData) -> bool:
    return "shared-marker" in data.trade.attrs


def test_the_library_is_pure() -> None:
    """No cache and no environment inside the functions the cache wraps."""
    for function in (context.RunData.from_params, engine.evaluate):
        code = function.__code__
        names = set(code.co_names).union(*(c.co_names for c in code.co_consts if inspect.iscode(c)))
        found = [n for n in names for word in ("environ", "getenv", "pickle", "shared", "reuse", "offer", "cache")
                 if word in n.lower()]
        assert names and not found, found
    assert not hasattr(RunData.from_params, "__wrapped_by_run_cache__")


def test_outside_a_run_nothing_is_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RUN_CACHE_ENV, raising=False)
    assert not kc.install()
    monkeypatch.setenv(RUN_CACHE_ENV, str(tmp_path))  # a folder without a run's data: a variable left set
    assert not kc.install()
    assert engine.evaluate is tc.evaluate and not hasattr(tc.evaluate, "__wrapped_by_run_cache__")


def test_a_kernel_asking_for_the_same_data_gets_the_preflights(installed) -> None:
    loaded, folder, _ = installed
    again = RunData.load("BLR", "CHN", 2010, 2025, str(folder))
    assert _marked(again)
    assert again.trade.equals(loaded.trade) and again.sources.equals(loaded.sources)
    kc.uninstall()
    fresh = RunData.load("BLR", "CHN", 2010, 2025, str(folder))
    assert not _marked(fresh) and again.params == fresh.params


@pytest.mark.parametrize("change", ["other pair", "other years", "file edited", "file touched", "garbage"])
def test_anything_different_loads_afresh(installed, change: str) -> None:
    loaded, folder, staged = installed
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
        (staged / kc.DATA_FILE).write_bytes(b"not a pickle")
    again = RunData.load(*args)
    assert not _marked(again)
    if change != "other pair":
        assert len(again.trade) == len(loaded.trade)


def _mark_results(staged: Path) -> None:
    """Rewrite the shared results with a marker only the shared copy carries."""
    path = staged / kc.CLAIMS_FILE
    record = pickle.loads(path.read_bytes())
    marked = [dataclasses.replace(r, explanation="shared-marker " + r.explanation) for r in record.results]
    path.write_bytes(pickle.dumps(dataclasses.replace(record, results=marked)))


def test_the_first_evaluation_is_left_for_the_other_kernels(installed) -> None:
    _, folder, staged = installed
    spec = tc.load_claims(tc.claims_path(None))
    first = tc.evaluate(spec, RunData.load("BLR", "CHN", 2010, 2025, str(folder)))
    assert (staged / kc.CLAIMS_FILE).is_file() and not list(staged.glob("*.part"))
    assert first == engine.evaluate.__wrapped__(spec, RunData.load("BLR", "CHN", 2010, 2025, str(folder)))
    _mark_results(staged)
    data = RunData.load("BLR", "CHN", 2010, 2025, str(folder))
    for again in (tc.evaluate(tc.load_claims(tc.claims_path(None)), data),
                  tc.evaluate_for_pair(spec, data, given=False)):  # the report's way in
        assert len(again) == len(spec.claims) and all(r.explanation.startswith("shared-marker ") for r in again)


@pytest.mark.parametrize("change", ["other pair", "other years", "data edited", "claims edited", "garbage"])
def test_other_claims_or_data_are_evaluated_afresh(installed, change: str) -> None:
    _, folder, staged = installed
    spec = tc.load_claims(tc.claims_path(None))
    tc.evaluate(spec, RunData.load("BLR", "CHN", 2010, 2025, str(folder)))
    _mark_results(staged)
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
        (staged / kc.CLAIMS_FILE).write_bytes(b"not a pickle")
    results = tc.evaluate(spec, RunData.load(*args))
    assert len(results) == len(spec.claims)
    assert not any(r.explanation.startswith("shared-marker") for r in results)


def test_what_cannot_be_written_is_not_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Caching only saves time: a failed write leaves no file, partial or whole, and no error."""
    loaded = RunData.load()

    def refuse(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(kc.pickle, "dump", refuse)
    assert kc.KernelCache(tmp_path).share(loaded) == {}
    (tmp_path / kc.DATA_FILE).write_bytes(b"")  # as if the data had been shared
    assert kc.install(Settings(run_cache=tmp_path))
    try:
        assert tc.evaluate(tc.load_claims(tc.claims_path(None)), loaded)
    finally:
        kc.uninstall()
    assert [p.name for p in tmp_path.iterdir()] == [kc.DATA_FILE]


def test_uninstall_puts_the_pure_functions_back(installed) -> None:
    assert hasattr(tc.evaluate, "__wrapped_by_run_cache__") and engine.evaluate is tc.evaluate
    kc.uninstall()
    assert not hasattr(tc.evaluate, "__wrapped_by_run_cache__") and engine.evaluate is tc.evaluate
    assert "from_params" in RunData.__dict__ and not hasattr(RunData.from_params, "__wrapped_by_run_cache__")


@pytest.mark.slow
def test_a_kernel_of_the_pipeline_installs_the_cache(tmp_path: Path, snapshot_copy: Path) -> None:
    """Through the pipeline's own kernel start (exec_lines): the notebook's RunData is the shared one,
    marked, and its claims evaluation leaves the results file; no name is added to the namespace."""
    import nbformat

    from tradebrief.run.pipeline import _execute

    loaded = RunData.load("BLR", "CHN", 2010, 2025, str(snapshot_copy))
    loaded.trade.attrs["shared-marker"] = True
    staged = tmp_path / "staged"
    staged.mkdir()
    env = kc.KernelCache(staged).share(loaded)
    source = tmp_path / "probe.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("\n".join([
        "import tradebrief as tb",
        "from tradebrief import claims as tc",
        f"data = tb.RunData.load('BLR', 'CHN', 2010, 2025, {str(snapshot_copy)!r})",
        "assert 'shared-marker' in data.trade.attrs, 'not from the cache'",
        "assert tc.evaluate_for_pair(tc.load_claims(tc.claims_path(None)), data, given=False)",
        "assert not [n for n in globals() if 'cache' in n or n == 'install'], 'the install line left a name'",
    ]))]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, source)
    outcome = _execute("probe", source, tmp_path / "out.ipynb", {}, tmp_path, env)
    assert "error" not in outcome, outcome
    assert (staged / kc.CLAIMS_FILE).is_file()
    outcome = _execute("probe", source, tmp_path / "out.ipynb", {}, tmp_path, {})  # no cache named: fresh data
    assert "not from the cache" in outcome.get("error", ""), outcome


def test_install_imports_nothing_heavy_and_wraps_on_first_import(tmp_path: Path) -> None:
    """A kernel that never uses the library pays nothing for the cache; one that does gets both
    functions wrapped the moment their modules are imported (a fresh interpreter, as a kernel)."""
    import json
    import subprocess
    import sys

    (tmp_path / kc.DATA_FILE).write_bytes(b"")  # as if the preflight had shared its data
    probe = (
        "import json, sys\n"
        "from tradebrief.run import cache\n"
        "ok = cache.install()\n"
        "light = sorted(m for m in ('pandas', 'pandera', 'tradebrief.data.context', 'tradebrief.claims') if m in sys.modules)\n"
        "import tradebrief as tb\n"
        "from tradebrief import claims\n"
        "from tradebrief.claims import engine\n"
        "wrapped = [hasattr(tb.RunData.from_params, '__wrapped_by_run_cache__'),\n"
        "           hasattr(claims.evaluate, '__wrapped_by_run_cache__'), engine.evaluate is claims.evaluate]\n"
        "cache.uninstall()\n"
        "pure = [hasattr(tb.RunData.from_params, '__wrapped_by_run_cache__'), hasattr(claims.evaluate, '__wrapped_by_run_cache__')]\n"
        "print(json.dumps([ok, light, wrapped, pure, any(type(f).__name__ == '_AfterImport' for f in sys.meta_path)]))\n"
    )
    env = {**os.environ, RUN_CACHE_ENV: str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    ok, light, wrapped, pure, hook_left = json.loads(out.stdout.strip().splitlines()[-1])
    assert ok and light == [] and wrapped == [True, True, True] and pure == [False, False] and not hook_left


def test_the_runner_evaluates_the_claims_ahead_for_the_kernels(installed) -> None:
    """`prefetch_claims`: the runner's thread leaves the same results a kernel would compute, and a
    kernel then reads them instead of evaluating (the marker only the shared copy carries)."""
    loaded, folder, staged = installed
    spec = tc.load_claims(tc.claims_path(None))
    kc.KernelCache(staged).prefetch_claims(tc.claims_path(None), loaded, given=False).join()
    assert (staged / kc.CLAIMS_FILE).is_file() and not list(staged.glob("*.part"))
    data = RunData.load("BLR", "CHN", 2010, 2025, str(folder))
    assert kc._read(staged / kc.CLAIMS_FILE, kc._Results).results == engine.evaluate.__wrapped__(spec, data)
    _mark_results(staged)
    again = tc.evaluate_for_pair(spec, data, given=False)
    assert again and all(r.explanation.startswith("shared-marker ") for r in again)


@pytest.mark.parametrize("case", ["other pair", "unreadable claims"])
def test_the_runner_leaves_nothing_it_should_not_evaluate(installed, tmp_path: Path, case: str) -> None:
    """Claims about another pair are not evaluated ahead (the kernels would not ask), and a claims file
    that fails to load leaves no file and raises nothing in the runner."""
    loaded, folder, staged = installed
    path = tc.claims_path(None)
    if case == "other pair":
        loaded = RunData.load("BLR", "DEU", 2010, 2025, str(folder))
    else:
        path = tmp_path / "broken.yaml"
        path.write_text("claims: [\n", encoding="utf-8")
    kc.KernelCache(staged).prefetch_claims(path, loaded, given=False).join()
    assert not (staged / kc.CLAIMS_FILE).exists() and not list(staged.glob("*.part"))


def test_the_pipeline_prefetches_only_for_its_own_notebooks(tmp_path: Path) -> None:
    from tradebrief.data.settings import shipped
    from tradebrief.run.pipeline import _shipped

    assert _shipped(shipped("notebooks"))
    assert not _shipped(tmp_path)  # a user's notebooks (or the benchmark's floor) may not check claims
