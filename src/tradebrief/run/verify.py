"""Check a published report: what readers see is what was published, and it can be reproduced.

`verify_report(folder)` reads the report's manifest.json and

1. recomputes the sha256 of every data file it lists (changed or missing data is named);
2. recomputes the sha256 of every published file (brief.html, brief.pdf, figures, tables,
   notebooks) and compares it with the manifest's `outputs`: an edited, deleted or added file
   is named, whatever its kind;
3. unless `rerun=False`, reruns the pipeline with the manifest's parameters into a temporary
   folder and compares byte for byte every file the rerun reproduces: every file but those
   HASH_ONLY names, which are checked by their published sha256 only, and the result says why.
   A file no pattern names is compared by bytes: an edited claims.json with its sha256 updated in
   the manifest is caught by the rerun. PNGs are compared by bytes too when this machine has the
   Python and library versions the run recorded (raster bytes repeat on one build).

What the manifest says is input, and checked as such (`run.manifest`): a data file path outside
the snapshot, the run's data folder and its claims file is refused, never hashed; a published file
that is a link is refused, never followed.
"""
from __future__ import annotations

import fnmatch
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebrief.errors import DataError, UsageError
from tradebrief.neutralise import visible_controls
from tradebrief.run.manifest import MANIFEST, Manifest, allowed_data_path, load_manifest, source_folder_missing
from tradebrief.run.pipeline import REPO_ROOT, run_report, sha256_file

#: Published files a rerun cannot reproduce byte for byte, and why; they are checked by sha256 only.
#: Every other file (brief and annex in every format, tables/*, tables.xlsx, figures/*.svg) is
#: compared byte for byte: the pipeline writes them deterministically (Typst writes no date).
HASH_ONLY: dict[str, str] = {
    "notebooks/*.ipynb": "executed notebooks record execution times",
}
#: Raster figures: compared by bytes on the build that published them, else by sha256 only.
RASTER = "figures/*.png"
RASTER_WHY = ("raster bytes depend on the Matplotlib/FreeType/libpng build, and this machine's Python or "
              "libraries differ from the run's")
SAME = ("unchanged", "identical", "as published")
#: Deleted at the start of a verify when the process that made them is gone (a killed verify).
SCRATCH_PREFIX = "tradebrief-verify-"


@dataclass(frozen=True)
class FileCheck:
    """One file's verdict: `kind` is data, published or rerun; `status` says what differs, if anything."""

    kind: str
    name: str
    status: str

    @property
    def differs(self) -> bool:
        return not (self.status in SAME or self.status.startswith("hash only"))


@dataclass
class VerifyResult:
    """Per-file verdicts for a report folder; `ok` when nothing differs."""

    report: Path
    data: list[FileCheck] = field(default_factory=list)
    published: list[FileCheck] = field(default_factory=list)
    outputs: list[FileCheck] = field(default_factory=list)
    reran: bool = False

    @property
    def checks(self) -> list[FileCheck]:
        return self.data + self.published + self.outputs

    @property
    def differences(self) -> list[FileCheck]:
        return [c for c in self.checks if c.differs]

    @property
    def ok(self) -> bool:
        return not self.differences

    def hash_only(self) -> dict[str, tuple[str, list[str]]]:
        """Pattern → (why, published files) checked by sha256 only (not reproduced by the rerun)."""
        found: dict[str, tuple[str, list[str]]] = {}
        for check in self.outputs:
            if check.status.startswith("hash only"):
                why = check.status.removeprefix("hash only: ")
                found.setdefault(hash_only_reason(check.name)[0] or check.name, (why, []))[1].append(check.name)
        return found

    def table(self) -> pd.DataFrame:
        """One row per check; names and statuses shown, never acting (a newline, ESC, undecodable bytes)."""
        rows = [{"kind": c.kind, "file": visible_controls(c.name, one_line=True),
                 "status": visible_controls(c.status, one_line=True)} for c in self.checks]
        return pd.DataFrame(rows, columns=["kind", "file", "status"])


# --------------------------------------------------------------------------- the manifest


# --------------------------------------------------------------------------- data files


def data_roots(manifest: Manifest) -> tuple[list[Path], list[Path]]:
    """Where a run's data files may live: the snapshot and the run's data folder (roots), and
    its claims file (a single file, wherever the user keeps it)."""
    from tradebrief.claims import claims_path
    from tradebrief.data.folders import resolve_data_folder
    from tradebrief.data.load import default_data_dir
    from tradebrief.data.params import BUILTIN_SOURCES

    parameters = manifest.parameters
    roots = [default_data_dir()]
    source = str(parameters.get("source") or "snapshot")
    if source not in BUILTIN_SOURCES:
        roots.append(Path(source))
    else:
        try:
            roots.append(resolve_data_folder(source, str(parameters.get("reporter") or "BLR"),
                                             str(parameters.get("partner") or "CHN")))
        except (UsageError, DataError):
            pass
    files = []
    try:
        files.append(claims_path(str(parameters.get("claims_file") or "") or None))
    except (UsageError, DataError):
        pass
    return roots, files


def data_file_path(key: str, manifest: Manifest) -> Path:
    """Where a manifest data file lives now: its recorded path, else found by the run's parameters."""
    recorded = manifest.data_file_paths.get(key)
    if recorded:
        path = Path(recorded)
        return path if path.is_absolute() else REPO_ROOT / path
    from tradebrief.claims import claims_path
    from tradebrief.data.load import default_data_dir

    label, _, relative = key.partition(":")
    parameters = manifest.parameters
    if label == "claims":
        return claims_path(str(parameters.get("claims_file") or "") or None)
    if label == "trade" and parameters.get("source") not in (None, "snapshot", "comtrade", "imf"):
        return Path(str(parameters["source"])) / relative
    if label == "trade":
        from tradebrief.data.folders import resolve_data_folder

        return resolve_data_folder(str(parameters.get("source")), str(parameters.get("reporter") or "BLR"),
                                   str(parameters.get("partner") or "CHN")) / relative
    return default_data_dir() / relative


def check_data(manifest: Manifest) -> list[FileCheck]:
    """Recompute each listed data file's sha256: unchanged, changed or missing. A path outside the
    run's data (the snapshot, its data folder, its claims file) is refused, never opened."""
    roots, files = data_roots(manifest)
    moved = source_folder_missing(manifest)
    checks = []
    for key, digest in sorted(manifest.data_files.items()):
        path = data_file_path(key, manifest)
        if moved and key.startswith("trade:") and not path.exists():
            status = f"missing (the data folder {moved} is gone)"
        elif path.is_symlink() or not allowed_data_path(path, roots, files):
            status = f"refused: {path} lies outside the run's data folders (or is a link)"
        elif not path.is_file():
            status = f"missing ({path})"
        else:
            status = "unchanged" if sha256_file(path) == digest else "changed"
        checks.append(FileCheck("data", key, status))
    return checks


# --------------------------------------------------------------------------- published files


def published_files(folder: Path) -> set[str]:
    """Every file of a report folder that readers see (all but the manifest itself); links count
    as files here (and are refused by `check_published`), never followed."""
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}
    return names - {MANIFEST}


def _is_link(folder: Path, name: str) -> bool:
    """A link, or a file inside a linked folder of the report: anything that may lead out of it."""
    path = folder / name
    return any(p.is_symlink() for p in [path, *path.parents[:len(Path(name).parts) - 1]])


def check_published(folder: Path, manifest: Manifest) -> list[FileCheck]:
    """Each published file against the sha256 the manifest recorded: edited, deleted or added files;
    a link (to a file inside or outside the report) is refused, never read."""
    recorded: dict[str, str] = dict(manifest.outputs)
    present = published_files(folder)
    # manifests written before notebooks were hashed list none: do not call those notebooks unexpected
    hashes_notebooks = any(name.startswith("notebooks/") for name in recorded)
    checks = []
    for name in sorted(present | set(recorded)):
        if name not in recorded:
            if name.startswith("notebooks/") and not hashes_notebooks:
                continue
            status = "not in manifest (added after publishing)"
        elif name not in present:
            status = "missing (deleted after publishing)"
        elif _is_link(folder, name):
            status = "refused: a link, not a published file"
        else:
            status = "as published" if sha256_file(folder / name) == recorded[name] else "changed since published"
        checks.append(FileCheck("published", name, status))
    return checks


# --------------------------------------------------------------------------- the rerun


def hash_only_reason(name: str, same_build: bool = False) -> tuple[str, str]:
    """(pattern, why) for a file the rerun cannot reproduce byte for byte; ("", "") otherwise."""
    for pattern, why in HASH_ONLY.items():
        if fnmatch.fnmatch(name, pattern):
            return pattern, why
    if not same_build and fnmatch.fnmatch(name, RASTER):
        return RASTER, RASTER_WHY
    return "", ""


def compare_outputs(published: Path, rerun: Path, *, same_build: bool = False) -> list[FileCheck]:
    """Every file of two report folders byte for byte, but those `hash_only_reason` names (listed with
    the reason; step 2 checked them by sha256). `same_build`: this machine has the run's Python and
    libraries, so raster figures are compared by bytes too."""
    checks = []
    old, new = published_files(published), published_files(rerun)
    for name in sorted(old | new):
        pattern, why = hash_only_reason(name, same_build)
        if pattern:
            if name in old:
                checks.append(FileCheck("rerun", name, f"hash only: {why}"))
            continue
        if name not in new:
            status = "missing in rerun"
        elif name not in old:
            status = "only in rerun"
        elif _is_link(published, name):
            status = "refused: a link, not a published file"
        else:
            same = sha256_file(published / name) == sha256_file(rerun / name)
            status = "identical" if same else "differs"
        checks.append(FileCheck("rerun", name, status))
    return checks


def remove_stale_scratch(temp: Path | None = None) -> None:
    """Scratch folders of verifies that were killed outright (their process is gone) are deleted."""
    import psutil

    folder = Path(temp or tempfile.gettempdir())
    for scratch in folder.glob(f"{SCRATCH_PREFIX}*"):
        pid = scratch.name[len(SCRATCH_PREFIX):].partition("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not psutil.pid_exists(int(pid)):
            shutil.rmtree(scratch, ignore_errors=True)


def verify_report(report: Path | str, *, rerun: bool = True, workers: int = 2, progress: bool = False,
                  notebooks: Path | None = None) -> VerifyResult:
    """Data checksums and published files against the manifest, then (unless `rerun=False`) a rerun
    into a temporary folder compared with the published outputs. The published report is never touched."""
    folder = Path(report)
    manifest = load_manifest(folder)
    result = VerifyResult(report=folder, data=check_data(manifest), published=check_published(folder, manifest))
    if not rerun:
        return result
    moved = source_folder_missing(manifest)
    if moved:
        raise UsageError(f"the run's data folder {moved} no longer exists, so the report cannot be rerun; "
                         "put the folder back there, or check data and published files with --no-rerun")
    from tradebrief.data.params import RunParameters

    params = RunParameters.from_manifest(manifest.parameters)  # every parameter, BACI included
    remove_stale_scratch()
    # the pid in the name lets a later verify remove this folder if this process is killed outright
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
    try:
        again = run_report(params, output_root=scratch, workers=workers, progress=progress, notebooks=notebooks)
        result.outputs = compare_outputs(folder, again.report_dir, same_build=manifest.same_build())
        result.reran = True
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return result
