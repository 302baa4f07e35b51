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
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from tradebrief.errors import RunError, UsageError
from tradebrief.run.params import (
    NOTEBOOK_EXTRA_PARAMETERS,
    SHARED_PARAMETERS,
    RunParameters,
    check_parameter_types,
    refuse_credentials,
)
from tradebrief.run.publish import publish, recover

#: Notebooks that only read data and write figures/tables: they may run in parallel.
INDEPENDENT_NOTEBOOKS = ("01_trade", "02_agreements", "03_corridor", "04_claims")
#: The brief reads what the others wrote, so it runs last.
FINAL_NOTEBOOK = "05_brief"
KERNEL = "python3"
LIBRARIES = ("pandas", "numpy", "pandera", "matplotlib", "jinja2", "markdown", "papermill", "nbclient",
             "pycountry", "pyyaml", "weasyprint")
_KERNEL_ENV = {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "SOURCE_DATE_EPOCH": "0"}


def notebooks_dir() -> Path:
    """The notebooks folder: $TRADEBRIEF_NOTEBOOKS, else the repository's `notebooks/`."""
    env = os.environ.get("TRADEBRIEF_NOTEBOOKS")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "notebooks"


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


def check_notebooks(folder: Path, names: tuple[str, ...], extra: dict[str, object]) -> None:
    """Each notebook exists, has a `parameters` cell with the shared names, and takes `extra`."""
    import papermill

    refuse_credentials(extra)
    for name in names:
        path = folder / f"{name}.ipynb"
        if not path.is_file():
            raise UsageError(f"notebook {path} not found; expected {', '.join(names)} in {folder}")
        declared = papermill.inspect_notebook(str(path))
        missing = [p for p in SHARED_PARAMETERS if p not in declared]
        if missing:
            raise UsageError(f"notebook {path.name}: its parameters cell lacks {', '.join(missing)}; "
                             "every notebook declares the shared parameters")
        allowed = {**SHARED_PARAMETERS, **NOTEBOOK_EXTRA_PARAMETERS.get(name, {})}
        for key, value in extra.items():
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


def _execute(name: str, source: Path, target: Path, parameters: dict[str, object], cwd: Path) -> dict:
    """Run one notebook; return timing or the error as plain data (picklable across processes)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(_KERNEL_ENV)
    started = time.perf_counter()
    try:
        papermill.execute_notebook(str(source), str(target), parameters=parameters, kernel_name=KERNEL,
                                   progress_bar=False, cwd=str(cwd), log_output=False,
                                   # the kernel's start-up warnings are noise on the run's console
                                   extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except PapermillExecutionError as exc:
        return {"name": name, "error": f"cell {exc.cell_index + 1} (execution count {exc.exec_count}) raised "
                                       f"{exc.ename}: {str(exc.evalue).strip()[:300]}"}
    except Exception as exc:  # noqa: BLE001 - kernel died, timeout, bad notebook JSON: report, do not crash the run
        text = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:300] if str(exc).strip() else 'no message'}"
        cell = _last_started_cell(target)
        if type(exc).__name__ == "DeadKernelError":
            text = f"the kernel died ({text}); the cell may exit the process or exhaust memory"
        return {"name": name, "error": f"cell {cell}: {text}" if cell else text}
    return {"name": name, "seconds": round(time.perf_counter() - started, 3)}


def _last_started_cell(executed: Path) -> int | None:
    """1-based index of the last cell papermill started in an executed notebook (None if unknown)."""
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    started = [i for i, c in enumerate(cells) if (c.get("metadata", {}).get("papermill") or {}).get("start_time")]
    return started[-1] + 1 if started else None


def _check_output_root(output_root: Path, create: bool) -> Path:
    if not output_root.exists():
        if not create:
            raise UsageError(f"output folder {output_root} does not exist; create it or choose another --output")
        output_root.mkdir(parents=True)
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
               create_output: bool = False, notebooks: Path | None = None) -> RunResult:
    """Render one report: `<output_root>/<reporter>-<partner>[-<label>]/`.

    Raises UsageError for bad parameters or output folders and RunError when a notebook fails;
    in both cases the previously published report is left as it was.
    """
    from tqdm.auto import tqdm

    extra = dict(extra or {})
    folder = notebooks or notebooks_dir()
    check_notebooks(folder, INDEPENDENT_NOTEBOOKS + (FINAL_NOTEBOOK,), extra)
    root = _check_output_root(Path(output_root), create_output)
    if isinstance(extra.get("claims_file"), str):  # notebooks run in their own folder: make it absolute
        extra["claims_file"] = str(Path(str(extra["claims_file"])).resolve())
    preflight(params, extra)
    final = root / params.slug
    if final.parent != root:
        raise UsageError(f"report folder {final} would fall outside {root}")
    recover(final)
    staged = root / f".{params.slug}.staging-{os.getpid()}"
    shutil.rmtree(staged, ignore_errors=True)
    (staged / "notebooks").mkdir(parents=True)
    base = params.notebook_parameters(staged)
    result = RunResult(report_dir=final)
    started = time.perf_counter()

    def job(name: str) -> tuple:
        values = dict(base)
        values.update({k: v for k, v in extra.items() if k in NOTEBOOK_EXTRA_PARAMETERS.get(name, {})})
        return (name, folder / f"{name}.ipynb", staged / "notebooks" / f"{name}.ipynb", values, folder)

    bar = tqdm(total=len(INDEPENDENT_NOTEBOOKS) + 1, desc=f"tradebrief run {params.slug}", unit="notebook",
               disable=not progress, file=sys.stderr)
    try:
        outcomes = []
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(_execute, *job(n)) for n in INDEPENDENT_NOTEBOOKS]
                for future in futures:
                    outcomes.append(future.result())
                    bar.update(1)
        else:
            for name in INDEPENDENT_NOTEBOOKS:
                outcomes.append(_execute(*job(name)))
                bar.update(1)
        _raise_on_failure(outcomes, staged, root, params)
        final_outcome = _execute(*job(FINAL_NOTEBOOK))
        bar.update(1)
        _raise_on_failure([final_outcome], staged, root, params)
        outcomes.append(final_outcome)
    except BaseException:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
        raise
    finally:
        bar.close()
    result.timings = {o["name"]: o["seconds"] for o in outcomes}
    result.timings["total"] = round(time.perf_counter() - started, 3)
    result.warnings = _read_status(staged)
    write_manifest(staged, params, extra, result)
    publish(staged, final)
    return result


def preflight(params: RunParameters, extra: dict[str, object]) -> None:
    """Fail before any notebook runs: the claims file parses, the data load, the years hold figures.

    The notebooks would hit the same errors one by one, minutes later and wrapped in a RunError.
    """
    from tradebrief.claims import claims_path, load_claims
    from tradebrief.data.context import RunData

    load_claims(claims_path(extra.get("claims_file")))  # type: ignore[arg-type]
    RunData.from_params(params)


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


STATUS_FILE = "brief-status.json"


def _read_status(staged: Path) -> list[str]:
    """Warnings the brief notebook left (e.g. why the PDF could not be made)."""
    path = staged / STATUS_FILE
    if not path.exists():
        return []
    warnings = json.loads(path.read_text(encoding="utf-8")).get("warnings", [])
    path.unlink()
    return list(warnings)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def data_files(params: RunParameters, extra: dict[str, object]) -> dict[str, Path]:
    """Every data file a run reads: the snapshot (or the chosen source folder) and the claims file."""
    from tradebrief.data.folders import resolve_data_folder
    from tradebrief.data.load import default_data_dir

    files: dict[str, Path] = {}
    for label, folder in (("data", default_data_dir()), ("trade", resolve_data_folder(params.source, params.reporter, params.partner))):
        for path in sorted([folder / "sources.yaml", *sorted((folder / "raw").glob("*.csv"))]):
            if path.is_file():
                files[f"{label}:{path.relative_to(folder)}"] = path
    claims = extra.get("claims_file") or (default_data_dir() / "claims" / "seed_article.yaml")
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


def write_manifest(report: Path, params: RunParameters, extra: dict[str, object], result: RunResult) -> Path:
    """manifest.json: parameters, versions, data checksums, output checksums, timings."""
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    files = data_files(params, extra)
    outputs = {str(p.relative_to(report)): sha256_file(p) for p in sorted(report.rglob("*"))
               if p.is_file() and p.parts[len(report.parts)] != "notebooks"}
    manifest = {
        "tradebrief": metadata.version("tradebrief"),
        "parameters": {**{k: v for k, v in params.notebook_parameters(Path(".")).items() if k != "report_dir"},
                       "label": params.label, **{k: str(v) for k, v in extra.items()}},
        "python": platform.python_version(),
        "libraries": versions,
        "data_files": {key: sha256_file(path) for key, path in files.items()},
        "data_file_paths": {key: _portable_path(path) for key, path in files.items()},
        "outputs": outputs,
        "timings_seconds": result.timings,
        "warnings": result.warnings,
    }
    path = report / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
