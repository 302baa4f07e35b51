"""Check a published report: what readers see is what was published, and it can be reproduced.

`verify_report(folder)` reads the report's manifest.json and

1. recomputes the sha256 of every data file it lists (changed or missing data is named);
2. recomputes the sha256 of every published file (brief.html, brief.pdf, figures, tables,
   notebooks) and compares it with the manifest's `outputs`: an edited, deleted or added file
   is named, whatever its kind;
3. unless `rerun=False`, reruns the pipeline with the manifest's parameters into a temporary
   folder and compares byte for byte every file the pipeline reproduces exactly (REPRODUCED);
   the others (HASH_ONLY) are checked by their published sha256 only, and the result says why.
"""
from __future__ import annotations

import fnmatch
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebrief.data.yaml_safe import excerpt
from tradebrief.errors import DataError, TradebriefError, UsageError
from tradebrief.run.pipeline import REPO_ROOT, run_report, sha256_file

MANIFEST = "manifest.json"
#: Output files a rerun reproduces byte for byte (deterministic by design).
#: The HTML pages embed the SVG figures; the PDFs are typeset by Typst, which writes no date, so
#: on the same machine (the same fonts) they come out the same too.
REPRODUCED = ("brief.md", "annex.md", "brief.html", "annex.html", "brief.pdf", "annex.pdf", "tables/*.csv",
              "tables.xlsx", "figures/*.svg")
#: Published files a rerun cannot reproduce byte for byte, and why; they are checked by sha256 only.
HASH_ONLY: dict[str, str] = {
    "figures/*.png": "raster bytes depend on the Matplotlib/FreeType/libpng build",
    "notebooks/*.ipynb": "executed notebooks record execution times",
}
SAME = ("unchanged", "identical", "as published")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


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

    def hash_only(self) -> dict[str, list[str]]:
        """Pattern → published files checked by sha256 only (not reproduced by the rerun)."""
        found: dict[str, list[str]] = {}
        for check in self.outputs:
            if check.status.startswith("hash only"):
                found.setdefault(hash_only_reason(check.name)[0], []).append(check.name)
        return found

    def table(self) -> pd.DataFrame:
        rows = [{"kind": c.kind, "file": c.name, "status": c.status} for c in self.checks]
        return pd.DataFrame(rows, columns=["kind", "file", "status"])


# --------------------------------------------------------------------------- the manifest


def load_manifest(report: Path | str) -> dict:
    """The report's manifest, its shape checked; UsageError when the folder is not a report,
    DataError naming the manifest and the field when a field has the wrong type."""
    folder = Path(report)
    path = folder / MANIFEST
    if not folder.is_dir():
        raise UsageError(f"report folder {folder} not found; give a folder written by `tradebrief run`, "
                         "e.g. reports/BLR-CHN")
    if not path.is_file():
        raise UsageError(f"{folder} has no {MANIFEST}; give a folder written by `tradebrief run`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise DataError(f"not valid JSON ({excerpt(str(exc), 80)}); rerun `tradebrief run` to rewrite it",
                        file=path) from None
    if not isinstance(manifest, dict):
        raise DataError(f"expected a JSON object, got {type(manifest).__name__}; rerun `tradebrief run`", file=path)
    for key in ("parameters", "data_files"):
        if not isinstance(manifest.get(key), dict):
            raise DataError(f"lacks the '{key}' mapping; rerun `tradebrief run` to rewrite it", file=path)
    _check_digests(path, manifest, "data_files", required=True)
    _check_digests(path, manifest, "outputs", required=False)
    paths = manifest.get("data_file_paths", {})
    if not isinstance(paths, dict) or not all(isinstance(v, str) for v in paths.values()):
        raise DataError(f"field 'data_file_paths' must map names to path strings, got {excerpt(paths)}",
                        file=path)
    from tradebrief.data.params import RunParameters

    try:
        RunParameters.from_manifest(manifest["parameters"])
    except TradebriefError as exc:
        raise DataError(f"field 'parameters': {exc}", file=path) from None
    except TypeError as exc:
        raise DataError(f"field 'parameters' is malformed ({excerpt(str(exc), 80)})", file=path) from None
    return manifest


def _check_digests(path: Path, manifest: dict, key: str, *, required: bool) -> None:
    if key not in manifest and not required:
        return
    value = manifest.get(key)
    if not isinstance(value, dict):
        raise DataError(f"field '{key}' must map file names to sha256 digests, got {type(value).__name__}",
                        file=path)
    for name, digest in value.items():
        if not isinstance(digest, str) or not _SHA256.match(digest):
            raise DataError(f"field '{key}.{excerpt(name, 40)}' must be a 64-character sha256 hex digest, "
                            f"got {type(digest).__name__} {excerpt(digest, 40)}", file=path)


# --------------------------------------------------------------------------- data files


def data_file_path(key: str, manifest: dict) -> Path:
    """Where a manifest data file lives now: its recorded path, else found by the run's parameters."""
    recorded = manifest.get("data_file_paths", {}).get(key)
    if recorded:
        path = Path(recorded)
        return path if path.is_absolute() else REPO_ROOT / path
    from tradebrief.claims import claims_path
    from tradebrief.data.folders import resolve_data_folder
    from tradebrief.data.load import default_data_dir
    from tradebrief.data.params import RunParameters

    label, _, relative = key.partition(":")
    parameters = manifest["parameters"]
    if label == "claims":
        return claims_path(parameters.get("claims_file") or None)
    if label == "trade":
        params = RunParameters.from_manifest(parameters)
        return resolve_data_folder(params.source, params.reporter, params.partner) / relative
    return default_data_dir() / relative


def check_data(manifest: dict) -> list[FileCheck]:
    """Recompute each listed data file's sha256: unchanged, changed or missing."""
    checks = []
    for key, digest in sorted(manifest["data_files"].items()):
        path = data_file_path(key, manifest)
        if not path.is_file():
            status = f"missing ({path})"
        else:
            status = "unchanged" if sha256_file(path) == digest else "changed"
        checks.append(FileCheck("data", key, status))
    return checks


# --------------------------------------------------------------------------- published files


def published_files(folder: Path) -> set[str]:
    """Every file of a report folder that readers see (all but the manifest itself)."""
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return names - {MANIFEST}


def check_published(folder: Path, manifest: dict) -> list[FileCheck]:
    """Each published file against the sha256 the manifest recorded: edited, deleted or added files."""
    recorded: dict[str, str] = manifest.get("outputs", {})
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
        else:
            status = "as published" if sha256_file(folder / name) == recorded[name] else "changed since published"
        checks.append(FileCheck("published", name, status))
    return checks


# --------------------------------------------------------------------------- the rerun


def hash_only_reason(name: str) -> tuple[str, str]:
    """(pattern, why) for a file the rerun cannot reproduce byte for byte; ("", "") otherwise."""
    for pattern, why in HASH_ONLY.items():
        if fnmatch.fnmatch(name, pattern):
            return pattern, why
    return "", ""


def _reproduced(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in REPRODUCED)


def compared_files(folder: Path) -> set[str]:
    return {name for name in published_files(folder) if _reproduced(name)}


def compare_outputs(published: Path, rerun: Path) -> list[FileCheck]:
    """Reproducible files of two report folders byte for byte; the others named as checked by hash only."""
    checks = []
    old, new = published_files(published), published_files(rerun)
    for name in sorted(old | new):
        if not _reproduced(name):
            why = hash_only_reason(name)[1]
            if name in old:
                checks.append(FileCheck("rerun", name, f"hash only: {why or 'not produced deterministically'}"))
            continue
        if name not in new:
            status = "missing in rerun"
        elif name not in old:
            status = "only in rerun"
        else:
            same = (published / name).read_bytes() == (rerun / name).read_bytes()
            status = "identical" if same else "differs"
        checks.append(FileCheck("rerun", name, status))
    return checks


def verify_report(report: Path | str, *, rerun: bool = True, workers: int = 2, progress: bool = False,
                  notebooks: Path | None = None) -> VerifyResult:
    """Data checksums and published files against the manifest, then (unless `rerun=False`) a rerun
    into a temporary folder compared with the published outputs. The published report is never touched."""
    folder = Path(report)
    manifest = load_manifest(folder)
    result = VerifyResult(report=folder, data=check_data(manifest), published=check_published(folder, manifest))
    if not rerun:
        return result
    from tradebrief.data.params import RunParameters

    params = RunParameters.from_manifest(manifest["parameters"])  # every parameter, BACI included
    scratch = Path(tempfile.mkdtemp(prefix="tradebrief-verify-"))
    try:
        again = run_report(params, output_root=scratch, workers=workers, progress=progress, notebooks=notebooks)
        result.outputs = compare_outputs(folder, again.report_dir)
        result.reran = True
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return result
