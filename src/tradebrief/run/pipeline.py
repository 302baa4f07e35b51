"""Run the notebooks through papermill into a staged folder, write the manifest, publish.

A run never touches the published report until every notebook succeeded; a failed run keeps
its executed notebooks under `<output>/_failed/<run>/` and raises RunError naming the notebook
and the cell.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from tradebrief.data.params import (
    NOTEBOOK_EXTRA_PARAMETERS,
    PARAMETER_DEFAULTS,
    PARAMETER_NAMES,
    SHARED_PARAMETERS,
    RunParameters,
    check_parameter_types,
    refuse_credentials,
)
from tradebrief.data.settings import current, shipped
from tradebrief.data.yaml_safe import excerpt
from tradebrief.errors import RunError, UsageError
from tradebrief.run.lifeline import die_with_parent, parent_alive, stop_pool
from tradebrief.run.publish import acquire_report_lock, publish, recover, release_report_lock

if TYPE_CHECKING:
    import pandas as pd

    from tradebrief.data.context import RunData

#: Each notebook and the notebooks whose output it reads. 01–04 read only the data; the brief (05)
#: embeds the charts 01 draws; the annex (06) embeds the charts of 01–03. With several workers a
#: free worker takes the first ready notebook in this order: the annex as soon as 03 is done, 04
#: (which needs nothing) to fill the gaps, the brief last, so that the tables' workbook is written
#: beside it (`TABLE_WRITERS`); one worker runs them in the order of their names.
NOTEBOOK_NEEDS: dict[str, tuple[str, ...]] = {
    "01_trade": (), "02_agreements": (), "03_corridor": (),
    "06_annex": ("01_trade", "02_agreements", "03_corridor"),
    "04_claims": (), "05_brief": ("01_trade",),
}
#: The notebooks that write tables/ (04 its claims tables, 06 the products' with a BACI release):
#: once they are done, the runner writes tables.xlsx while the others still run.
TABLE_WRITERS = ("01_trade", "02_agreements", "03_corridor", "04_claims", "06_annex")
NOTEBOOKS = tuple(sorted(NOTEBOOK_NEEDS))
KERNEL = "python3"
LIBRARIES = ("pandas", "numpy", "pandera", "matplotlib", "jinja2", "markdown", "papermill", "nbclient",
             "pycountry", "pyyaml", "typst")
_KERNEL_ENV = {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "SOURCE_DATE_EPOCH": "0"}


def notebooks_dir() -> Path:
    """The notebooks folder: $TRADEBRIEF_NOTEBOOKS, else the shipped notebooks (`data.settings`)."""
    return current().notebooks


def _shipped(folder: Path) -> bool:
    """Whether `folder` is the package's own notebooks (whose claims the runner may evaluate ahead)."""
    return folder.resolve() == shipped("notebooks").resolve()


@dataclass
class RunResult:
    """Where the report went and how long each notebook took."""

    report_dir: Path
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _papermill_type(name: str) -> type | None:
    return {"str": str, "int": int, "float": float, "bool": bool}.get(name)


def _declared_type(parameter: dict) -> type | None:
    """The type a notebook declares for a parameter: its annotation, else the type of its default."""
    annotated = _papermill_type(str(parameter.get("inferred_type_name")))
    if annotated is not None:
        return annotated
    try:
        default = ast.literal_eval(str(parameter.get("default")))
    except (ValueError, SyntaxError):
        return None
    return type(default) if type(default) in (str, int, float, bool) else None


def check_notebooks(folder: Path, names: tuple[str, ...], extra: dict[str, object]) -> dict[str, set[str]]:
    """Each notebook exists, has a `parameters` cell with the shared names, and takes `extra`.

    Returns the parameter names each notebook declares. A notebook-specific parameter a
    notebook does not declare is refused when it is set, and simply not passed otherwise.
    """
    import papermill

    refuse_credentials(extra)
    declared_by: dict[str, set[str]] = {}
    for name in names:
        path = folder / f"{name}.ipynb"
        if not path.is_file():
            raise UsageError(f"notebook {path} not found; expected {', '.join(names)} in {folder}")
        declared = papermill.inspect_notebook(str(path))
        missing = [p for p in SHARED_PARAMETERS if p not in declared]
        if missing:
            raise UsageError(f"notebook {path.name}: its parameters cell lacks {', '.join(missing)}; "
                             "every notebook declares the shared parameters")
        declared_by[name] = set(declared)
        allowed = {**SHARED_PARAMETERS, **NOTEBOOK_EXTRA_PARAMETERS.get(name, {})}
        for key, value in extra.items():
            if key in NOTEBOOK_EXTRA_PARAMETERS.get(name, {}) and key not in declared:
                if value not in ("", None, PARAMETER_DEFAULTS.get(key)):
                    raise UsageError(f"notebook {path.name} does not declare the parameter {key!r} in its "
                                     "parameters cell, so it cannot use it; add it there")
                continue
            if key in NOTEBOOK_EXTRA_PARAMETERS.get(name, {}):
                # the notebook's own default says the type (papermill itself would only warn)
                declared_type = _declared_type(declared.get(key, {})) or allowed[key]
                check_parameter_types({key: value}, {**allowed, key: declared_type}, path.name)
    known_extra = {k for v in NOTEBOOK_EXTRA_PARAMETERS.values() for k in v}
    for key in extra:
        if key not in known_extra:
            raise UsageError(f"unknown notebook parameter {key!r}; shared parameters are "
                             f"{', '.join(SHARED_PARAMETERS)} and notebook-specific ones "
                             f"{', '.join(sorted(known_extra))}")
    return declared_by


#: A kernel that dies before its first reply (e.g. a port taken by another process between
#: jupyter_client choosing it and the kernel binding it) is started again this many times in all.
KERNEL_START_ATTEMPTS = 3


def _execute(name: str, source: Path, target: Path, parameters: dict[str, object], cwd: Path,
             env: dict[str, str] | None = None) -> dict:
    """Run one notebook; return timing or the error as plain data (picklable across processes).
    `env` is added to the kernel's environment for this notebook only."""
    os.environ.update(_KERNEL_ENV)
    os.environ.update(env or {})
    try:
        return _execute_with_retries(name, source, target, parameters, cwd)
    finally:
        for key in env or {}:
            os.environ.pop(key, None)


def _execute_with_retries(name: str, source: Path, target: Path, parameters: dict[str, object], cwd: Path) -> dict:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from tradebrief.run.kernel import (
        KERNEL_ARGUMENTS,
        QuietKernelManager,
        close_console,
        last_console_line,
        library_logs_off_console,
    )

    started = time.perf_counter()
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            with library_logs_off_console():
                papermill.execute_notebook(str(source), str(target), parameters=parameters, kernel_name=KERNEL,
                                           progress_bar=False, cwd=str(cwd), log_output=False,
                                           extra_arguments=KERNEL_ARGUMENTS,
                                           kernel_manager_class=QuietKernelManager)
        except PapermillExecutionError as exc:
            return {"name": name, "error": f"cell {exc.cell_index + 1} (execution count {exc.exec_count}) raised "
                                           f"{exc.ename}: {str(exc.evalue).strip()[:300]}"}
        except Exception as exc:  # noqa: BLE001 - kernel died, timeout, bad notebook JSON: report, do not crash
            cell = _last_started_cell(target)
            if attempt < KERNEL_START_ATTEMPTS and cell is None and _KERNEL_START_FAILED in str(exc):
                continue
            text = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:300] if str(exc).strip() else 'no message'}"
            if type(exc).__name__ == "DeadKernelError":
                said = last_console_line()
                text = (f"the kernel died ({text}); the cell may exit the process or exhaust memory"
                        + (f"; the kernel's last console line: {said}" if said else ""))
            return {"name": name, "error": f"cell {cell}: {text}" if cell else text}
        finally:
            close_console()
        return {"name": name, "seconds": round(time.perf_counter() - started, 3)}
    raise AssertionError("unreachable")


_KERNEL_START_FAILED = "Kernel died before replying to kernel_info"


def _last_started_cell(executed: Path) -> int | None:
    """1-based index of the last cell papermill started in an executed notebook (None if unknown)."""
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    started = [i for i, c in enumerate(cells) if (c.get("metadata", {}).get("papermill") or {}).get("start_time")]
    return started[-1] + 1 if started else None


def check_output_root(output_root: Path, create: bool) -> Path:
    if not output_root.exists():
        if not create:
            raise UsageError(f"output folder {output_root} does not exist; create it or choose another --output")
        try:
            output_root.mkdir(parents=True)
        except OSError as exc:
            raise UsageError(f"output folder {output_root} cannot be created ({exc.strerror}); "
                             "choose another --output") from None
    if not output_root.is_dir():
        raise UsageError(f"output folder {output_root} is not a folder")
    try:  # a real probe: permission bits say nothing when running as root or on read-only mounts
        probe = tempfile.mkdtemp(prefix=".tradebrief-probe-", dir=output_root)
        os.rmdir(probe)
    except OSError as exc:
        raise UsageError(f"output folder {output_root} is not writable ({exc.strerror}); "
                         "choose another --output") from None
    return output_root.resolve()


def run_report(params: RunParameters, *, output_root: Path | str = "reports", workers: int = 2,
               progress: bool = True, extra: dict[str, object] | None = None,
               create_output: bool = False, notebooks: Path | None = None,
               replace: bool = False, parent: int | None = None) -> RunResult:
    """Render one report: `<output_root>/<reporter>-<partner>[-<label>]/`.

    `extra` may override notebook-specific parameters by name (checked against the notebooks'
    parameters cells); everything else comes from `params`. A folder holding a report made with
    other parameters is refused unless `replace`. Raises UsageError for bad parameters or output
    folders and RunError when a notebook fails; in both cases the published report is left as it was.
    """
    current()  # a malformed variable (SOURCE_DATE_EPOCH=yesterday) is refused now, not after the notebooks
    folder = notebooks or notebooks_dir()
    remove_leftovers(Path(output_root), params.slug)
    if extra:
        check_notebooks(folder, NOTEBOOKS, dict(extra))
        params = RunParameters.create(**{**params.recorded(), **extra})
    declared = check_notebooks(folder, NOTEBOOKS, notebook_extras(params))
    root = check_output_root(Path(output_root), create_output)
    loaded = preflight(params)
    final = root / params.slug
    if final.parent != root:
        raise UsageError(f"report folder {final} would fall outside {root}")
    lock = acquire_report_lock(final)  # one writer per report folder, from the check to the publish
    try:
        result = _run_locked(params, folder, declared, root, final, loaded, workers, progress, replace, parent)
    finally:
        release_report_lock(final, lock)
    return result


def _run_locked(params: RunParameters, folder: Path, declared: dict[str, set[str]], root: Path, final: Path,
                loaded: RunData, workers: int, progress: bool, replace: bool, parent: int | None) -> RunResult:
    """`run_report` once it holds the report folder: stage, run the notebooks, write the manifest, publish."""
    from tqdm.auto import tqdm

    from tradebrief.run.cache import KernelCache

    recover(final)
    check_target(final, params, replace=replace)
    staged = root / f".{params.slug}.staging-{os.getpid()}"
    shutil.rmtree(staged, ignore_errors=True)
    (staged / "notebooks").mkdir(parents=True)
    drafted = _draft_claims(params, staged)
    cache = KernelCache(staged)  # the kernels reuse the preflight's data and the first claim results
    kernel_env = cache.share(loaded)
    result = RunResult(report_dir=final)
    started = time.perf_counter()

    def job(name: str) -> tuple:
        values = {k: v for k, v in params.notebook_parameters(staged, name).items()
                  if k in SHARED_PARAMETERS or k in declared[name]}
        if drafted and "claims_file" in declared[name]:  # every notebook checks the drafted file
            values["claims_file"] = str(drafted)
        return (name, folder / f"{name}.ipynb", staged / "notebooks" / f"{name}.ipynb", values, folder, kernel_env)

    bar = tqdm(total=len(NOTEBOOKS), desc=f"tradebrief run {params.slug}", unit="notebook",
               disable=not progress, file=sys.stderr)
    prefetch: list[threading.Thread] = []
    tail = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tradebrief-workbook")
    workbook: list[Future] = []

    def start_prefetch() -> None:
        """The shipped notebooks' claims, evaluated by the runner while the kernels start (`run.cache`)."""
        if kernel_env and _shipped(folder):
            from tradebrief.claims import claims_path

            claims_file = drafted or params.claims_file or None
            prefetch.append(cache.prefetch_claims(claims_path(claims_file), loaded, given=bool(claims_file)))

    def start_workbook(done: set[str]) -> None:
        """tables.xlsx as soon as every notebook that writes tables is done, beside the others."""
        if not workbook and set(TABLE_WRITERS) <= done:
            workbook.append(tail.submit(write_tables_workbook, staged, loaded.sources))

    def settle() -> None:
        """Wait for the runner's own threads before the staging folder is changed or removed."""
        for thread in prefetch:
            thread.join()
        tail.shutdown(wait=True)

    try:
        if workers > 1:
            outcomes = _run_in_pool(job, workers, bar, started=start_prefetch, on_done=start_workbook)
        else:
            start_prefetch()
            outcomes = []
            for name in NOTEBOOKS:
                outcomes.append(_execute(*job(name)))
                bar.update(1)
                if "error" in outcomes[-1]:
                    break
        settle()
        _raise_on_failure(outcomes, staged, root, params)
        outcomes.sort(key=lambda o: o["name"])
    except BaseException:
        settle()
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
        raise
    finally:
        bar.close()
    cache.clear()
    result.timings = {o["name"]: o["seconds"] for o in outcomes}
    result.timings["total"] = round(time.perf_counter() - started, 3)
    result.warnings = _read_status(staged)
    if workbook:
        workbook[0].result()  # its error, if it had one
    else:
        write_tables_workbook(staged, loaded.sources)  # the citations the preflight already read
    name_report_dir_as_published(staged, final)
    write_manifest(staged, params, result)
    if parent is not None and not parent_alive(parent):
        # a batch worker whose batch was killed: publish nothing (the lifeline normally ends it first)
        shutil.rmtree(staged, ignore_errors=True)
        raise RunError(f"the process that started this run ({parent}) is gone; {final} was not replaced")
    publish(staged, final)
    return result


def _run_in_pool(job, workers: int, bar, started: Callable[[], None] | None = None,
                 on_done: Callable[[set[str]], None] = lambda done: None) -> list[dict]:
    """Run the notebooks on `workers` processes, each as soon as the notebooks it needs are done.

    After a failure nothing new starts; the running notebooks finish and every outcome is returned.
    Workers (and their kernels) die with this process; on Ctrl-C/SIGTERM they are killed at once.
    `started` is called once the first notebooks are submitted, when every worker process exists (a
    thread it starts is never forked into a worker); `on_done` with the names done so far, after
    each notebook that did not fail (not once one has).
    """
    pool = ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),))
    outcomes: list[dict] = []
    done: set[str] = set()
    waiting = list(NOTEBOOK_NEEDS)
    running: dict = {}
    try:
        while waiting or running:
            failed = any("error" in o for o in outcomes)
            ready = [] if failed else [n for n in waiting if set(NOTEBOOK_NEEDS[n]) <= done]
            for name in ready[:workers - len(running)]:
                waiting.remove(name)
                running[pool.submit(_execute, *job(name))] = name
            if started is not None:
                started()
                started = None
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                outcome = future.result()
                done.add(running.pop(future))
                outcomes.append(outcome)
                bar.update(1)
            if not any("error" in o for o in outcomes):
                on_done(set(done))
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return outcomes


def write_tables_workbook(staged: Path, sources: pd.DataFrame) -> Path | None:
    """tables.xlsx from every notebook's tables/ and the run's citations; written once all notebooks
    are done (04 writes its tables beside the brief), so the same run gives the same bytes. A run
    whose notebooks wrote no table (a user's own notebooks) gets no workbook."""
    if not list((staged / "tables").glob("*.csv")):
        return None
    from tradebrief.report.workbook import write_workbook

    return write_workbook(staged, sources)


#: The executed notebooks live in <report>/notebooks/, so the report folder is their parent.
PUBLISHED_REPORT_DIR = ".."


def name_report_dir_as_published(staged: Path, final: Path) -> None:
    """The executed notebooks name the report folder as `..`, never the staging folder papermill got.

    papermill writes the injected `report_dir` into each notebook's cell and metadata; the staging
    path is gone once published, and reads as noise in JupyterLab. `..` is true where the notebooks
    are published (a kernel JupyterLab starts runs in the notebook's folder), so re-running a cell
    there writes into the report itself.
    """
    import nbformat

    quoted = json.dumps(PUBLISHED_REPORT_DIR)
    for path in sorted((staged / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.source = "\n".join(f"report_dir = {quoted}" if line.startswith("report_dir = ") else line
                                         for line in cell.source.splitlines())
        papermill = nb.metadata.get("papermill", {})
        if "report_dir" in papermill.get("parameters", {}):
            papermill["parameters"]["report_dir"] = PUBLISHED_REPORT_DIR
        if "output_path" in papermill:
            papermill["output_path"] = str(final / "notebooks" / path.name)
        nbformat.write(nb, path)


def remove_leftovers(root: Path, slug: str) -> None:
    """What runs killed outright left for report `slug`: staging folders whose process is gone, and
    a lock file no process holds."""
    import fcntl

    import psutil

    if not root.is_dir():
        return
    for staged in root.glob(f".{slug}.staging-*"):
        pid = staged.name.rpartition("-")[2]
        if pid.isdigit() and int(pid) != os.getpid() and not psutil.pid_exists(int(pid)):
            shutil.rmtree(staged, ignore_errors=True)
    lock = root / f".{slug}.lock"
    if lock.is_file() and not lock.is_symlink():
        try:
            fd = os.open(lock, os.O_RDWR)
        except OSError:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            lock.unlink(missing_ok=True)  # nobody holds it: a leftover
        except OSError:
            pass  # a run holds it
        finally:
            os.close(fd)


def notebook_extras(params: RunParameters) -> dict[str, object]:
    """The notebook-specific parameters of a run, by name (checked against each notebook's cell)."""
    names = {k for v in NOTEBOOK_EXTRA_PARAMETERS.values() for k in v}
    return {k: getattr(params, k) for k in sorted(names)}


def check_target(final: Path, params: RunParameters, *, replace: bool = False) -> str:
    """Refuse to write over a folder that holds something else than this run's report.

    Returns what the run will replace ("" for a new folder), for the command to say.
    """
    if not final.exists():
        return ""
    manifest_path = final / "manifest.json"
    try:
        recorded = json.loads(manifest_path.read_text(encoding="utf-8")).get("parameters")
    except (OSError, ValueError, AttributeError):
        recorded = None
    if not isinstance(recorded, dict):
        if replace:
            return "a folder that is not a tradebrief report (--replace)"
        raise UsageError(f"{final} exists and is not a tradebrief report (no readable manifest.json); move it away, "
                         "choose another --label, or pass --replace")
    mine = params.recorded()
    theirs = {name: recorded.get(name, default) for name, default in PARAMETER_DEFAULTS.items()}
    differing = [name for name in PARAMETER_NAMES if str(theirs[name]) != str(mine[name])]
    if differing and not replace:
        names = ", ".join(f"{n} {excerpt(theirs[n], 40)} → {excerpt(mine[n], 40)}" for n in differing)
        raise UsageError(f"{final} holds a report made with other parameters ({names}); give --label NAME "
                         "to write a separate report, or --replace to replace it")
    return "a report made with other parameters (--replace)" if differing else "the previous report, same parameters"


def preflight(params: RunParameters) -> RunData:
    """Fail before any notebook runs: the claims file parses, the data load, the years hold figures,
    the BACI release opens. The notebooks would hit the same errors one by one, minutes later and
    wrapped in a RunError. Returns the loaded data, which the kernels then reuse (`run.cache`).
    """
    from tradebrief.claims import claims_path, load_claims
    from tradebrief.data.context import RunData

    if params.article:
        from tradebrief.claims.draft import read_article

        read_article(params.article)  # a missing, binary or non-UTF-8 article stops here, in one line
    else:
        load_claims(claims_path(params.claims_file or None))
    loaded = RunData.from_params(params)
    if params.baci:
        from tradebrief.bulk import BaciRelease

        BaciRelease.open(params.baci)
    return loaded


def _draft_claims(params: RunParameters, staged: Path) -> Path | None:
    """With `article`: its claims drafted by rules into the report folder (claims.drafted.yaml), the
    file every notebook then checks; the drafted file is checked as it is written, so it loads."""
    if not params.article:
        return None
    from tradebrief.claims.draft import draft_for_run

    return draft_for_run(params.article, staged)  # the text's own citations: those of the snapshot's sources


def _raise_on_failure(outcomes: list[dict], staged: Path, root: Path, params: RunParameters) -> None:
    failed = [o for o in outcomes if "error" in o]
    if not failed:
        return
    keep = root / "_failed" / params.slug
    shutil.rmtree(keep, ignore_errors=True)
    keep.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staged / "notebooks"), str(keep))
    shutil.rmtree(staged, ignore_errors=True)
    first = failed[0]
    raise RunError(f"notebook {first['name']}.ipynb failed in {first['error']}; the executed notebook is "
                   f"kept in {keep}; the published report (if any) is unchanged")


def _read_status(staged: Path) -> list[str]:
    """Warnings the brief and annex notebooks left (e.g. a thin pair, why a PDF could not be made),
    the brief's first; each status file is removed once read."""
    from tradebrief.report.documents import DOCUMENTS, STATUS_SUFFIX

    def order(path: Path) -> tuple[int, str]:
        stem = path.name[:-len(STATUS_SUFFIX)]
        return (DOCUMENTS.index(stem) if stem in DOCUMENTS else len(DOCUMENTS), path.name)

    warnings: list[str] = []
    for path in sorted(staged.glob(f"*{STATUS_SUFFIX}"), key=order):
        warnings += json.loads(path.read_text(encoding="utf-8")).get("warnings", [])
        path.unlink()
    return warnings


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def data_files(params: RunParameters) -> dict[str, Path]:
    """Every data file a run reads: the snapshot (or the chosen source folder) and the claims file."""
    from tradebrief.data.folders import resolve_data_folder
    from tradebrief.data.load import default_data_dir

    files: dict[str, Path] = {}
    for label, folder in (("data", default_data_dir()), ("trade", resolve_data_folder(params.source, params.reporter, params.partner))):
        for path in sorted([folder / "sources.yaml", *sorted((folder / "raw").glob("*.csv"))]):
            if path.is_file():
                files[f"{label}:{path.relative_to(folder)}"] = path
    claims = params.article or params.claims_file or (default_data_dir() / "claims" / "seed_article.yaml")
    if Path(str(claims)).is_file():
        files[f"claims:{Path(str(claims)).name}"] = Path(str(claims))
    return files


REPO_ROOT = Path(__file__).resolve().parents[3]


def _portable_path(path: Path) -> str:
    """Where `tradebrief verify` finds a data file again: relative to the repository when inside it."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(resolved)


def write_manifest(report: Path, params: RunParameters, result: RunResult) -> Path:
    """manifest.json (the `run.manifest.Manifest` model): parameters, versions, data checksums,
    output checksums, timings. A published file that is a link, or whose name the model refuses
    (a control character, a name that is not a plain relative path), fails the run: nothing is
    published that `verify` could not check."""
    from pydantic import ValidationError

    from tradebrief.run.manifest import MANIFEST, Manifest, describe_error

    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    files = data_files(params)
    # every file readers see, notebooks included, so that `verify` notices any edit after publishing
    outputs = {}
    for p in sorted(report.rglob("*")):
        name = p.relative_to(report).as_posix()
        if p.is_symlink():
            raise RunError(f"the run left a link {excerpt(name)} in the report; a report holds plain files only")
        if p.is_file() and name != MANIFEST:
            outputs[name] = sha256_file(p)
    try:
        manifest = Manifest(
            tradebrief=metadata.version("tradebrief"),
            parameters=params.recorded(),
            python=platform.python_version(),
            libraries=versions,
            data_files={key: sha256_file(path) for key, path in files.items()},
            data_file_paths={key: _portable_path(path) for key, path in files.items()},
            outputs=outputs,
            timings_seconds=result.timings,
            warnings=[w if len(w) <= 2000 else w[:1999] + "…" for w in result.warnings][:200],
        )
    except ValidationError as exc:
        raise RunError(f"cannot write the manifest: {describe_error(exc)}; the report was not published") from None
    path = report / MANIFEST
    path.write_text(manifest.to_json(), encoding="utf-8")
    return path
