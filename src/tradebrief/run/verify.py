"""Check that a published report can be reproduced: same data checksums, same outputs on a rerun.

`verify_report(folder)` reads the report's manifest.json, recomputes the sha256 of every data file
it lists, reruns the pipeline with the manifest's parameters into a temporary folder and compares
brief.md, tables/*.csv and figures/*.svg byte for byte. Outputs that legitimately vary (PNG, PDF,
HTML metadata, timings in the manifest) are not compared.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebrief.errors import DataError, UsageError
from tradebrief.run.pipeline import REPO_ROOT, run_report, sha256_file

MANIFEST = "manifest.json"
#: Output files compared byte for byte on a rerun (deterministic by design).
COMPARED = ("brief.md", "tables/*.csv", "figures/*.svg")
SAME = ("unchanged", "identical")


@dataclass(frozen=True)
class FileCheck:
    """One file's verdict: `kind` is data or output; `status` unchanged/identical or what differs."""

    kind: str
    name: str
    status: str

    @property
    def differs(self) -> bool:
        return self.status not in SAME


@dataclass
class VerifyResult:
    """Per-file verdicts for a report folder; `ok` when nothing differs."""

    report: Path
    data: list[FileCheck] = field(default_factory=list)
    outputs: list[FileCheck] = field(default_factory=list)
    reran: bool = False

    @property
    def differences(self) -> list[FileCheck]:
        return [c for c in self.data + self.outputs if c.differs]

    @property
    def ok(self) -> bool:
        return not self.differences

    def table(self) -> pd.DataFrame:
        rows = [{"kind": c.kind, "file": c.name, "status": c.status} for c in self.data + self.outputs]
        return pd.DataFrame(rows, columns=["kind", "file", "status"])


def load_manifest(report: Path | str) -> dict:
    """The report's manifest; UsageError when the folder is not a report."""
    folder = Path(report)
    path = folder / MANIFEST
    if not folder.is_dir():
        raise UsageError(f"report folder {folder} not found; give a folder written by `tradebrief run`, "
                         "e.g. reports/BLR-CHN")
    if not path.is_file():
        raise UsageError(f"{folder} has no {MANIFEST}; give a folder written by `tradebrief run`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"not valid JSON ({exc}); rerun `tradebrief run` to rewrite it", file=path) from None
    for key in ("parameters", "data_files"):
        if not isinstance(manifest, dict) or not isinstance(manifest.get(key), dict):
            raise DataError(f"lacks the '{key}' mapping; rerun `tradebrief run` to rewrite it", file=path)
    return manifest


def data_file_path(key: str, manifest: dict) -> Path:
    """Where a manifest data file lives now: its recorded path, else found by the run's parameters."""
    recorded = manifest.get("data_file_paths", {}).get(key)
    if recorded:
        path = Path(recorded)
        return path if path.is_absolute() else REPO_ROOT / path
    from tradebrief.claims import claims_path
    from tradebrief.data.folders import resolve_data_folder
    from tradebrief.data.load import default_data_dir
    from tradebrief.run.params import RunParameters

    label, _, relative = key.partition(":")
    parameters = manifest["parameters"]
    if label == "claims":
        return claims_path(parameters.get("claims_file") or None)
    if label == "trade":
        params = RunParameters.create(**_run_arguments(parameters))
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


def compared_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for pattern in COMPARED for p in folder.glob(pattern) if p.is_file()}


def compare_outputs(published: Path, rerun: Path) -> list[FileCheck]:
    """brief.md, tables/*.csv and figures/*.svg of two report folders, byte for byte."""
    checks = []
    old, new = compared_files(published), compared_files(rerun)
    for name in sorted(old | new):
        if name not in new:
            status = "missing in rerun"
        elif name not in old:
            status = "only in rerun"
        else:
            same = (published / name).read_bytes() == (rerun / name).read_bytes()
            status = "identical" if same else "differs"
        checks.append(FileCheck("output", name, status))
    return checks


def _run_arguments(parameters: dict) -> dict:
    names = ("reporter", "partner", "start_year", "end_year", "source", "label")
    return {k: parameters[k] for k in names if k in parameters}


def verify_report(report: Path | str, *, rerun: bool = True, workers: int = 2, progress: bool = False,
                  notebooks: Path | None = None) -> VerifyResult:
    """Checksums of the data, then (unless `rerun=False`) a rerun into a temporary folder compared
    with the published outputs. The published report is never touched."""
    folder = Path(report)
    manifest = load_manifest(folder)
    result = VerifyResult(report=folder, data=check_data(manifest))
    if not rerun:
        return result
    from tradebrief.run.params import RunParameters

    parameters = manifest["parameters"]
    params = RunParameters.create(**_run_arguments(parameters))
    extra = {"claims_file": str(parameters["claims_file"])} if parameters.get("claims_file") else {}
    scratch = Path(tempfile.mkdtemp(prefix="tradebrief-verify-"))
    try:
        again = run_report(params, output_root=scratch, workers=workers, progress=progress, extra=extra,
                           notebooks=notebooks)
        result.outputs = compare_outputs(folder, again.report_dir)
        result.reran = True
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return result
