"""Batches of report runs: a validated RUNS.yaml, parallel execution, a summary and an index page.

A batch file is checked whole before the first notebook runs (unknown or ill-typed parameters,
unknown countries, reversed years, duplicate report folders), so a typo in entry 17 never costs
sixteen runs. Runs then go to an existing engine: local processes (concurrent.futures) or a Dask
distributed cluster. A failing run is recorded and the others go on.
"""
from __future__ import annotations

import itertools
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import ConfigDict, StringConstraints, ValidationError, create_model

from tradebrief.data.params import BUILTIN_SOURCES, PARAMETER_DEFAULTS, RunParameters
from tradebrief.data.yaml_safe import excerpt, load_yaml
from tradebrief.errors import RunError, TradebriefError, UsageError
from tradebrief.run.index import write_index  # the index page has its own module
from tradebrief.run.lifeline import die_with_parent, stop_pool

#: Keys a batch file may hold at its top level.
TOP_LEVEL_KEYS = ("defaults", "runs", "grid")
#: Grid key that varies start_year and end_year together as [start, end] pairs.
RANGES_KEY = "ranges"
#: Most runs one batch file may ask for (a grid is counted before it is expanded).
MAX_RUNS = 1000


#: Longest string a batch entry may give for one parameter.
MAX_VALUE_CHARS = 1000
_FIELD_TYPES: dict[str, object] = {"start_year": int, "end_year": int}

#: One parameter set, in the notebooks' parameter names, derived from RunParameters (names,
#: defaults); strict so that "2015" is not a year.
RunEntry = create_model(
    "RunEntry",
    __config__=ConfigDict(extra="forbid", strict=True),
    **{name: (_FIELD_TYPES.get(name, Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]), default)
       for name, default in PARAMETER_DEFAULTS.items()},
)
#: Parameters whose relative paths are taken relative to the batch file.
PATH_PARAMETERS = ("source", "claims_file", "baci", "article")
PARAMETER_NAMES = tuple(RunEntry.model_fields)


@dataclass(frozen=True)
class BatchRun:
    """A validated run: its parameters and where in the batch file it came from."""

    params: RunParameters
    origin: str

    @property
    def slug(self) -> str:
        return self.params.slug


@dataclass
class RunOutcome:
    """What happened to one run; plain data so that it crosses process and network boundaries."""

    slug: str
    status: str  # "ok" or "failed"
    seconds: float
    error: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class BatchResult:
    """Outcomes in the batch file's order, and the index page written for them."""

    runs: list[BatchRun]
    outcomes: list[RunOutcome]
    index: Path
    seconds: float

    @property
    def failed(self) -> list[RunOutcome]:
        return [o for o in self.outcomes if not o.ok]


# --------------------------------------------------------------------------- loading


def load_batch(path: Path | str) -> list[BatchRun]:
    """Read and validate a batch file; raise UsageError naming the file and the entry on any problem.

    Relative `source` folders and `claims_file` paths are taken relative to the batch file, so
    a batch file means the same thing from any working directory.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"batch file {path} not found; pass a YAML file with `runs:` or `grid:` "
                         "(examples in notebooks/runs/)")
    document = load_yaml(path, error=UsageError)  # bounded: depth, aliases, size, duplicate keys
    if document is None:
        raise UsageError(f"{path}: the file is empty; expected a mapping with `runs:` (a list of parameter "
                         "sets) or `grid:` (lists to combine), plus optional `defaults:`")
    if not isinstance(document, dict):
        raise UsageError(f"{path}: expected a mapping with `runs:` or `grid:` at the top, "
                         f"got {type(document).__name__}")
    unknown = [str(k) for k in document if k not in TOP_LEVEL_KEYS]
    if unknown:
        raise UsageError(f"{path}: unknown top-level key {excerpt(unknown[0])}; expected {', '.join(TOP_LEVEL_KEYS)}")
    has_runs, has_grid = "runs" in document, "grid" in document
    if has_runs == has_grid:
        raise UsageError(f"{path}: give exactly one of `runs:` (a list of parameter sets) or `grid:` "
                         f"(lists to combine); found {'both' if has_runs else 'neither'}")
    defaults = document.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise UsageError(f"{path}: `defaults` must be a mapping of parameter names to values, "
                         f"got {type(defaults).__name__}")
    _check_entry(path, "defaults", defaults, partial=True)
    entries = _runs_entries(path, document["runs"]) if has_runs else _grid_entries(path, document["grid"])
    if not entries:
        raise UsageError(f"{path}: no runs; `{'runs' if has_runs else 'grid'}` is empty")
    runs = [_make_run(path, origin, {**defaults, **values}) for origin, values in entries]
    _refuse_duplicates(path, runs)
    return runs


def _runs_entries(path: Path, items: object) -> list[tuple[str, dict]]:
    if not isinstance(items, list):
        raise UsageError(f"{path}: `runs` must be a list of parameter sets, got {type(items).__name__}")
    if len(items) > MAX_RUNS:
        raise UsageError(f"{path}: `runs` holds {len(items)} entries; at most {MAX_RUNS} per batch file")
    entries = []
    for i, item in enumerate(items):
        origin = f"runs[{i}]"
        if not isinstance(item, dict):
            raise UsageError(f"{path}: entry {origin}: expected a mapping of parameters such as "
                             f"{{partner: RUS}}, got {type(item).__name__} {excerpt(item)}")
        entries.append((origin, item))
    return entries


def _grid_entries(path: Path, grid: object) -> list[tuple[str, dict]]:
    """Every combination of the grid's lists, in the order the keys and values are written."""
    if not isinstance(grid, dict):
        raise UsageError(f"{path}: `grid` must be a mapping of parameter names to lists, "
                         f"got {type(grid).__name__}")
    if RANGES_KEY in grid and ({"start_year", "end_year"} & set(grid)):
        raise UsageError(f"{path}: grid: give years either as `{RANGES_KEY}: [[start, end], ...]` or as "
                         "start_year/end_year lists, not both")
    combinations = 1
    for key, values in grid.items():  # counted before anything is expanded
        combinations *= len(values) if isinstance(values, list) else 1
        if combinations > MAX_RUNS:
            raise UsageError(f"{path}: grid: more than {MAX_RUNS} combinations (at grid.{excerpt(key)}); "
                             "split it into several batch files")
    axes: list[list[dict]] = []
    for key, values in grid.items():
        if not isinstance(values, list) or not values:
            raise UsageError(f"{path}: grid.{excerpt(key)}: expected a non-empty list of values, "
                             f"got {excerpt(values)}")
        if key == RANGES_KEY:
            axes.append([_range_pair(path, i, v) for i, v in enumerate(values)])
        else:
            if key not in PARAMETER_NAMES:
                raise UsageError(f"{path}: grid: unknown parameter {excerpt(key)}; parameters are "
                                 f"{', '.join(PARAMETER_NAMES)} (and {RANGES_KEY} for year pairs)")
            axes.append([{key: v} for v in values])
    entries = []
    for i, combo in enumerate(itertools.product(*axes)):
        values: dict = {}
        for part in combo:
            values.update(part)
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        entries.append((f"grid combination {i} ({shown})", values))
    return entries


def _range_pair(path: Path, i: int, value: object) -> dict:
    if not (isinstance(value, list) and len(value) == 2):
        raise UsageError(f"{path}: grid.{RANGES_KEY}[{i}]: expected a [start_year, end_year] pair such as "
                         f"[2015, 2023], got {excerpt(value)}")
    return {"start_year": value[0], "end_year": value[1]}


def _check_entry(path: Path, origin: str, values: dict, *, partial: bool = False) -> RunEntry | None:
    """Types and names through the pydantic model; messages name the file, entry and parameter."""
    try:
        entry = RunEntry.model_validate(values)
    except ValidationError as exc:
        raise UsageError(f"{path}: entry {origin}: {_describe(exc)}") from None
    return None if partial else entry


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    name = ".".join(str(p) for p in first["loc"])
    value = first.get("input")
    if first["type"] == "extra_forbidden":
        return f"unknown parameter {excerpt(name)}; parameters are {', '.join(PARAMETER_NAMES)}"
    wanted = {"start_year": "an integer year such as 2015", "end_year": "an integer year such as 2023"}.get(
        name, "a string")
    if name in PATH_PARAMETERS:
        wanted = "a path string"
    if first["type"] == "string_too_long":
        wanted = f"at most {MAX_VALUE_CHARS} characters"
    return f"parameter {excerpt(name)} must be {wanted}, got {type(value).__name__} {excerpt(value)}"


def _make_run(path: Path, origin: str, values: dict) -> BatchRun:
    entry = _check_entry(path, origin, values)
    assert entry is not None
    base = path.resolve().parent
    given = entry.model_dump()
    for name in PATH_PARAMETERS:  # relative to the batch file, so it means the same from any folder
        value = given[name]
        if not value or (name == "source" and value in BUILTIN_SOURCES):
            continue
        candidate = Path(value).expanduser()
        candidate = candidate if candidate.is_absolute() else base / candidate
        if name != "source" and not candidate.exists():  # refused before the first run, not during it
            raise UsageError(f"{path}: entry {origin}: {name} {excerpt(value)} not found (looked at "
                             f"{candidate}); paths are relative to the batch file")
        given[name] = str(candidate)
    label = fill_label(path, origin, entry.label, entry.model_dump())
    given["label"] = label
    try:
        params = RunParameters.create(**given)
    except TradebriefError as exc:
        raise UsageError(f"{path}: entry {origin}: {exc}") from None
    return BatchRun(params, origin)


#: Names a batch label may hold in braces; each is replaced by the run's value, nothing else happens
#: (no format specs, no attribute access: `str.format` would evaluate `{reporter.__class__}` and
#: `{start_year:>999999999}` into a folder name).
LABEL_FIELDS = ("reporter", "partner", "start_year", "end_year", "source")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def fill_label(path: Path, origin: str, label: str, values: dict) -> str:
    """`label` with each {name} of LABEL_FIELDS replaced by its value; any other brace refused."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in LABEL_FIELDS:
            raise UsageError(f"{path}: entry {origin}: label {excerpt(label)} has a bad placeholder "
                             f"{excerpt('{' + name + '}')}; use {', '.join('{' + n + '}' for n in LABEL_FIELDS)} "
                             "(plain names, no format specs)")
        return str(values[name])

    rest = _PLACEHOLDER.sub("", label)
    if "{" in rest or "}" in rest:
        raise UsageError(f"{path}: entry {origin}: label {excerpt(label)} has an unmatched brace; use "
                         f"{', '.join('{' + n + '}' for n in LABEL_FIELDS)}")
    return _PLACEHOLDER.sub(replace, label)


def _refuse_duplicates(path: Path, runs: list[BatchRun]) -> None:
    seen: dict[str, BatchRun] = {}
    for run in runs:
        if run.slug in seen:
            raise UsageError(f"{path}: entries {seen[run.slug].origin} and {run.origin} both write "
                             f"reports/{run.slug}/; give them different labels, e.g. "
                             "label: \"{start_year}-{end_year}\"")
        seen[run.slug] = run


# --------------------------------------------------------------------------- running


def run_one(run: BatchRun, output_root: str, notebooks: str | None, parent: int | None = None) -> RunOutcome:
    """Run one report, never raising: the outcome carries the error so that other runs go on.

    With `parent`, the report is published only while that process (the batch) is alive.
    """
    from tradebrief.run.pipeline import run_report

    started = time.perf_counter()
    try:
        result = run_report(run.params, output_root=output_root, workers=1, progress=False,
                            notebooks=Path(notebooks) if notebooks else None, parent=parent)
    except Exception as exc:  # noqa: BLE001 - any failure of one run is that run's outcome, not the batch's
        return RunOutcome(run.slug, "failed", _elapsed(started), one_line(exc))
    return RunOutcome(run.slug, "ok", _elapsed(started), warnings=list(result.warnings))


def _elapsed(started: float) -> float:
    return round(time.perf_counter() - started, 2)


def one_line(exc: BaseException) -> str:
    """The first line of an error, prefixed by its type unless it is one of ours."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else "no message"
    return text if isinstance(exc, TradebriefError) else f"{type(exc).__name__}: {text}"


Executor = Callable[[list[BatchRun], str, "str | None"], Iterator[tuple[int, RunOutcome]]]
"""Takes the runs, the output folder and the notebooks folder; yields (index, outcome) as runs finish."""


_QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def local_executor(workers: int) -> Executor:
    """Runs on a pool of local processes (spawned, so no thread state is forked into them)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    def execute(runs: list[BatchRun], output_root: str, notebooks: str | None) -> Iterator[tuple[int, RunOutcome]]:
        context = multiprocessing.get_context("spawn")
        # the pool's semaphores outlive workers killed on Ctrl-C; multiprocessing's resource tracker
        # frees them and would say so on the console: the one-line "Interrupted" is enough
        if _QUIET_TRACKER not in sys.warnoptions:
            sys.warnoptions.append(_QUIET_TRACKER)
        parent = os.getpid()
        # each worker (and its kernels) dies with this process, and checks it is alive before publishing
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent,
                                   initargs=(parent,))
        try:
            futures = {pool.submit(run_one, run, output_root, notebooks, parent): i for i, run in enumerate(runs)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    yield i, future.result()
                except Exception as exc:  # noqa: BLE001 - a worker process died (killed, out of memory)
                    yield i, RunOutcome(runs[i].slug, "failed", 0.0, one_line(exc))
        except BaseException:  # Ctrl-C, SIGTERM, or the caller stopped iterating: stop now, not after the runs
            stop_pool(pool)
            _remove_leftovers(runs, output_root)
            raise
        pool.shutdown(wait=True, cancel_futures=True)

    return execute


def _remove_leftovers(runs: list[BatchRun], output_root: str) -> None:
    """After the workers were killed: their staging folders (with the shared pickle) and lock files."""
    from tradebrief.run.pipeline import remove_leftovers

    for run in runs:
        remove_leftovers(Path(output_root), run.slug)


#: Seconds a scheduler has to accept the connection and send its handshake.
SCHEDULER_DEADLINE_SECONDS = 10
#: Largest handshake a scheduler may announce (a real one is about 200 bytes).
SCHEDULER_HANDSHAKE_MAX_BYTES = 64 * 1024
_ADDRESS = re.compile(r"(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})")


def check_scheduler_address(address: str) -> str:
    """`tcp://host:port` (or tls://, or host:port), else one line saying what is expected."""
    match = _ADDRESS.fullmatch(address.strip())
    port = int(match.group(3)) if match else 0
    if not match or not 0 < port < 65536:
        raise UsageError(f"--scheduler {excerpt(address)} is not a Dask scheduler address; expected "
                         "tcp://HOST:PORT such as tcp://127.0.0.1:8786 (the address `dask scheduler` prints)")
    scheme = match.group(1) or "tcp"
    return f"{scheme}://{match.group(2)}:{port}"


def probe_scheduler(address: str, deadline: float | None = None) -> None:
    """Connect and read the scheduler's handshake within `deadline` seconds, bounded in size.

    distributed's own connect waits for the handshake without a deadline, so anything that accepts
    TCP but never speaks Dask (a web server) would hang the batch for good, and a frame announcing
    2 GiB would be allocated. A Dask server speaks first: an 8-byte length, then that many bytes.
    TLS schedulers are only connected to (the handshake is inside TLS)."""
    import socket
    import struct

    deadline = deadline or SCHEDULER_DEADLINE_SECONDS
    scheme, _, rest = address.partition("://")
    host, _, port = rest.rpartition(":")
    host = host.strip("[]")
    ends = time.monotonic() + deadline

    def fail(why: str) -> UsageError:
        return UsageError(f"could not connect to the Dask scheduler at {address} ({why}); start one with `dask scheduler` and "
                          "`dask worker <address>`, or drop --scheduler to use local processes")

    try:
        with socket.create_connection((host, int(port)), timeout=deadline) as sock:
            if scheme == "tls":
                return
            header = _read_exactly(sock, 8, ends)
            if header is None:
                raise fail(f"it accepted the connection but sent no Dask handshake within {deadline:g} s: "
                           "is it another kind of server?")
            (size,) = struct.unpack("<Q", header)
            if size > SCHEDULER_HANDSHAKE_MAX_BYTES:
                raise fail(f"it announced a {size:,}-byte handshake, a Dask scheduler sends a few hundred bytes: "
                           "it is not a Dask scheduler")
            if _read_exactly(sock, size, ends) is None:
                raise fail(f"it sent an incomplete handshake within {deadline:g} s")
    except OSError as exc:
        raise fail(exc.strerror or type(exc).__name__) from None


def _read_exactly(sock, size: int, ends: float) -> bytes | None:
    """`size` bytes from `sock` before the monotonic time `ends`; None when the peer is silent or gone."""

    data = b""
    while len(data) < size:
        left = ends - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            chunk = sock.recv(min(size - len(data), 65536))
        except TimeoutError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def dask_executor(address: str) -> Executor:
    """Runs on an existing Dask distributed cluster; its workers must see the same output folder."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs dask distributed; install it with "
                         "`pip install 'tradebrief[scale]'`") from None

    address = check_scheduler_address(address)

    def execute(runs: list[BatchRun], output_root: str, notebooks: str | None) -> Iterator[tuple[int, RunOutcome]]:
        probe_scheduler(address)
        try:
            client = Client(address, timeout=f"{SCHEDULER_DEADLINE_SECONDS}s")
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"could not connect to the Dask scheduler at {address} ({one_line(exc)}); "
                             "start one with `dask scheduler` and `dask worker <address>`, "
                             "or drop --scheduler to use local processes") from None
        try:
            futures = [client.submit(run_one, run, output_root, notebooks, pure=False,
                                     key=f"tradebrief-{i}-{run.slug}-{os.getpid()}-{time.time_ns()}")
                       for i, run in enumerate(runs)]
            index = {future.key: i for i, future in enumerate(futures)}
            for future in as_completed(futures):
                i = index[future.key]
                try:
                    yield i, future.result()
                except Exception as exc:  # noqa: BLE001 - the worker died (KilledWorker) or could not unpickle the task
                    yield i, RunOutcome(runs[i].slug, "failed", 0.0, one_line(exc))
        finally:
            client.close()

    return execute


def run_batch(runs: list[BatchRun], *, output_root: Path | str = "reports", workers: int = 2,
              scheduler: str | None = None, progress: bool = True, notebooks: Path | None = None,
              title: str = "Trade briefs", create_output: bool = False) -> BatchResult:
    """Run every report, on local processes or on the Dask cluster at `scheduler`; write index.html.

    Never raises for a failing run: see `BatchResult.failed`. Raises UsageError before any run
    for a bad output folder or an unreachable scheduler.
    """
    from tqdm.auto import tqdm

    from tradebrief.run.pipeline import notebooks_dir

    if workers < 1:
        raise UsageError(f"workers must be at least 1, got {workers}")
    root = _output_root(Path(output_root), create_output)
    folder = str((notebooks or notebooks_dir()).resolve())
    execute = dask_executor(scheduler) if scheduler is not None else local_executor(workers)
    outcomes: list[RunOutcome | None] = [None] * len(runs)
    started = time.perf_counter()
    bar = tqdm(total=len(runs), desc="tradebrief batch", unit="run", disable=not progress, file=sys.stderr)
    try:
        for i, outcome in execute(runs, str(root), folder):
            outcomes[i] = outcome
            bar.update(1)
            bar.set_postfix(failed=sum(1 for o in outcomes if o is not None and not o.ok), refresh=False)
    finally:
        bar.close()
    done = [o if o is not None else RunOutcome(r.slug, "failed", 0.0, "did not run")
            for r, o in zip(runs, outcomes, strict=False)]
    index = write_index(root, runs, done, title=title)
    return BatchResult(runs, done, index, round(time.perf_counter() - started, 2))


def _output_root(root: Path, create: bool) -> Path:
    """The same checks as a single run (exists, is a folder, really writable), before any run starts."""
    from tradebrief.run.pipeline import check_output_root

    return check_output_root(root, create)


# --------------------------------------------------------------------------- reporting


def summary_table(outcomes: Iterable[RunOutcome], width: int = 100) -> str:
    """Plain-text table: slug, status, seconds, first line of the error (cut to fit)."""
    rows = [(o.slug, o.status, f"{o.seconds:.1f}", o.error) for o in outcomes]
    header = ("slug", "status", "seconds", "error")
    widths = [max(len(header[c]), *(len(r[c]) for r in rows)) if rows else len(header[c]) for c in range(3)]
    lines = []
    for row in [header, *rows]:
        error = row[3] if len(row[3]) <= width else row[3][: width - 1] + "…"
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {error}".rstrip())
    return "\n".join(lines)


def raise_if_failed(result: BatchResult) -> None:
    """For the CLI: a batch with failures ends in RunError (exit 1) after index.html is written."""
    if result.failed:
        names = ", ".join(o.slug for o in result.failed)
        raise RunError(f"{len(result.failed)} of {len(result.outcomes)} runs failed ({names}); "
                       f"see the summary above and {result.index}")


__all__ = ["BatchResult", "BatchRun", "RunEntry", "RunOutcome", "dask_executor", "load_batch",
           "local_executor", "raise_if_failed", "run_batch", "run_one", "summary_table", "write_index"]
