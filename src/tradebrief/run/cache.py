"""The kernel cache of `tradebrief run`: the run's data loaded once, its claims evaluated once.

A run executes six notebooks, each in its own kernel, and each kernel asked for the same frames
(`RunData.from_params`, about 0.6 s of reading and validating) and three of them evaluated the same
claims file (`claims.evaluate`, 0.5–0.7 s each). Both functions are pure; the runner makes them
cheap where a notebook starts instead of teaching the library about runs:

- the pipeline writes what its preflight loaded into the run's staging folder (`KernelCache.share`)
  and names that folder in each kernel's environment (`TRADEBRIEF_RUN_CACHE`, read by
  `data.settings`);
- each kernel runs `install()` before the notebook's first cell (the kernel's `exec_lines`, see
  `run.kernel`), which wraps `RunData.from_params` and `claims.evaluate` with the cache: the data is
  reused only for the same pair, years and data folder with every input file at the size and
  modification time the preflight saw; claim results only for an equal claims file (every field)
  on that same data. The first kernel to evaluate leaves its results for the others (atomically: a
  kernel killed mid-write leaves no partial file under that name).

In JupyterLab, or in any process that never calls `install()`, nothing is cached. Caching only saves
time: any failure to read or write a cache file is ignored and the function runs as usual. The files
never leave the staging folder, which only this run writes.
"""
from __future__ import annotations

import functools
import importlib.abc
import os
import pickle
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tradebrief.data.settings import RUN_CACHE_ENV, Settings, current

if TYPE_CHECKING:
    from tradebrief.claims.engine import ClaimResult
    from tradebrief.claims.spec import ClaimsFile
    from tradebrief.data.context import RunData
    from tradebrief.data.params import RunParameters

DATA_FILE = ".run-data.pickle"
CLAIMS_FILE = ".run-claims.pickle"
_SOURCES = "sources.yaml"


def data_key(params: RunParameters, folder: Path) -> tuple:
    """What a load depends on besides its files: the pair, the years and the data folder."""
    return params.reporter, params.partner, params.start_year, params.end_year, str(folder.resolve())


def input_files(folder: Path, snapshot: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file a load may read, with its size and modification time (absent files left out)."""
    from tradebrief.data.schema import TABLES  # here: the pipeline's workers import this module for
    # INSTALL_LINE only, and the schema brings pandera and pandas (~1 s)

    names = [_SOURCES, *(table.file for table in TABLES.values())]
    found = []
    for base in dict.fromkeys((folder.resolve(), snapshot.resolve())):
        for name in names:
            try:
                stat = (base / name).stat()
            except OSError:
                continue
            found.append((str(base / name), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@dataclass(frozen=True)
class _Data:
    key: tuple
    files: tuple[tuple[str, int, int], ...]
    data: RunData


@dataclass(frozen=True)
class _Results:
    key: tuple
    files: tuple[tuple[str, int, int], ...]
    claims: ClaimsFile
    results: list[ClaimResult]


def _read(path: Path, kind: type) -> Any:
    """The `kind` object pickled at `path`, or None: a missing, partial or foreign file."""
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)
    except Exception:  # noqa: BLE001 - see the module: a cache that cannot be read is no cache
        return None
    return found if isinstance(found, kind) else None


def _write(path: Path, value: object) -> bool:
    """Pickle `value` to `path` atomically (a `.part` file renamed); False, and no file, on failure."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        with part.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
    except Exception:  # noqa: BLE001 - see the module
        part.unlink(missing_ok=True)
        return False
    return True


def _identity(data: RunData) -> tuple[tuple, tuple]:
    return data_key(data.params, data.trade_dir), input_files(data.trade_dir, data.data_dir)


@dataclass(frozen=True)
class KernelCache:
    """The cache files of one run, in its staging folder."""

    folder: Path

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> KernelCache | None:
        """The cache the pipeline named for this kernel; None outside a run, or when the folder named
        holds no run's data (a variable left set in a shell never makes a kernel write elsewhere)."""
        folder = (settings or current()).run_cache
        if folder is None or not (folder / DATA_FILE).is_file():
            return None
        return cls(folder)

    def share(self, data: RunData) -> dict[str, str]:
        """Write the preflight's data; return the kernels' environment naming this cache ({} when
        the data cannot be written: each kernel then loads the data itself, as in JupyterLab)."""
        key, files = _identity(data)
        if not _write(self.folder / DATA_FILE, _Data(key, files, data)):
            return {}
        return {RUN_CACHE_ENV: str(self.folder.resolve())}

    def data(self, params: RunParameters, folder: Path, snapshot: Path) -> RunData | None:
        """The preflight's data when it is exactly what `params` asks for, else None."""
        shared = _read(self.folder / DATA_FILE, _Data)
        if shared is None or shared.key != data_key(params, folder) or shared.files != input_files(folder, snapshot):
            return None
        return replace(shared.data, params=params)

    def results(self, claims: ClaimsFile, data: RunData) -> list[ClaimResult] | None:
        """The run's claim results when they are for exactly this claims file and data, else None."""
        shared = _read(self.folder / CLAIMS_FILE, _Results)
        if shared is None or (shared.key, shared.files) != _identity(data) or shared.claims != claims:
            return None
        return list(shared.results)

    def offer(self, claims: ClaimsFile, data: RunData, results: list[ClaimResult]) -> None:
        """Leave `results` for the run's other kernels when none are there yet."""
        path = self.folder / CLAIMS_FILE
        if not path.exists():
            key, files = _identity(data)
            _write(path, _Results(key, files, claims, list(results)))

    def prefetch_claims(self, claims_file: Path, data: RunData, *, given: bool) -> threading.Thread:
        """Evaluate the run's claims in a thread of the runner and `offer` them, so that no kernel waits
        for them: the brief, the annex and 04 each ask for them, and the first of those kernels used
        to evaluate them on the run's critical path (0.7 s, 2026-12-08). The thread runs while the
        kernels start (the runner is otherwise idle); a failure leaves no file, and each kernel then
        evaluates as before. Join it before `clear`."""
        def work() -> None:
            from tradebrief.claims import evaluate, load_claims

            try:
                claims = load_claims(claims_file)
                if claims.applies_to(data.pair, given=given):
                    self.offer(claims, data, evaluate(claims, data))
            except Exception:  # noqa: BLE001 - see the module: the kernels evaluate themselves
                return

        thread = threading.Thread(target=work, name="tradebrief-claims-prefetch", daemon=True)
        thread.start()
        return thread

    def clear(self) -> None:
        """Remove the cache files (with any partial write) before the staging folder is published."""
        for name in (DATA_FILE, CLAIMS_FILE):
            for path in self.folder.glob(f"{name}*"):
                path.unlink(missing_ok=True)


def cached_from_params(cache: KernelCache, load):
    """`RunData.from_params`, answered from `cache` when it holds the same data."""
    @functools.wraps(load)
    def from_params(cls, params: RunParameters, *, require_data: bool = True) -> RunData:
        from tradebrief.data.folders import resolve_data_folder
        from tradebrief.data.load import default_data_dir

        folder = resolve_data_folder(params.source, params.reporter, params.partner)
        found = cache.data(params, folder, default_data_dir())
        return found if found is not None else load(cls, params, require_data=require_data)

    from_params.__wrapped_by_run_cache__ = True  # type: ignore[attr-defined]
    return from_params


def cached_evaluate(cache: KernelCache, evaluate):
    """`claims.evaluate`, answered from `cache` for the same claims and data; the first result is left there."""
    @functools.wraps(evaluate)
    def cached(claims_file: ClaimsFile, data: RunData) -> list[ClaimResult]:
        found = cache.results(claims_file, data)
        if found is not None:
            return found
        results = evaluate(claims_file, data)
        cache.offer(claims_file, data, results)
        return results

    cached.__wrapped_by_run_cache__ = True  # type: ignore[attr-defined]
    return cached


#: What `install` replaced, to put it back (`uninstall`): (owner, attribute, original).
_INSTALLED: list[tuple[object, str, object]] = []
#: The import hook that wraps the functions once their modules are imported (None when not waiting).
_WAITING: list[_AfterImport] = []


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls `hooks[name](module)` right after module `name` has been executed (once each).

    So that `install` costs a kernel nothing until its notebook uses the library: a kernel that never
    loads data (a batch's own notebooks, a floor notebook) imports neither pandas nor pandera for it
    (2026-12-07: 2.5 CPU-s per run of five kernels)."""

    def __init__(self, hooks: dict[str, Callable[[ModuleType], None]]) -> None:
        self.hooks = hooks

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        hook = self.hooks.get(fullname)
        if hook is None:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if finder is not self and find is not None else None
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        original = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            original(module)
            if self.hooks.pop(fullname, None) is not None:
                hook(module)

        spec.loader.exec_module = exec_module  # this spec's loader only
        return spec


def install(settings: Settings | None = None) -> bool:
    """Route this process's `RunData.from_params` and `claims.evaluate` through the run's cache.

    Called by each kernel of `tradebrief run` before the notebook's first cell; does nothing (and
    returns False) outside a run. Imports nothing heavy: each function is wrapped when its module
    is first imported (at once if it already is). `claims.evaluate` is replaced both in
    `claims.engine` and in the `claims` package, whose `evaluate_for_pair` the report calls; names
    imported after this call get the cached function too.
    """
    cache = KernelCache.from_settings(settings)
    if cache is None or _INSTALLED or _WAITING:
        return False

    def wrap_load(module: ModuleType) -> None:
        data_cls = module.RunData
        load = data_cls.__dict__["from_params"]
        _INSTALLED.append((data_cls, "from_params", load))
        data_cls.from_params = classmethod(cached_from_params(cache, load.__func__))

    def wrap_evaluate(package: ModuleType) -> None:
        engine = sys.modules["tradebrief.claims.engine"]
        evaluate = cached_evaluate(cache, engine.evaluate)
        for owner in (engine, package):
            _INSTALLED.append((owner, "evaluate", owner.evaluate))
            owner.evaluate = evaluate

    hooks = {"tradebrief.data.context": wrap_load, "tradebrief.claims": wrap_evaluate}
    for name in list(hooks):
        if name in sys.modules:
            hooks.pop(name)(sys.modules[name])
    if hooks:
        finder = _AfterImport(hooks)
        _WAITING.append(finder)
        sys.meta_path.insert(0, finder)
    return True


def uninstall() -> None:
    """Put back what `install` replaced (tests; a kernel simply ends)."""
    while _WAITING:
        finder = _WAITING.pop()
        finder.hooks.clear()
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
    while _INSTALLED:
        owner, name, original = _INSTALLED.pop()
        setattr(owner, name, original)


#: The line each kernel of a run executes before the notebook (IPKernelApp.exec_lines): it leaves no
#: name in the notebook's namespace and displays nothing.
INSTALL_LINE = "__import__('tradebrief.run.cache', fromlist=['install']).install() and None"
