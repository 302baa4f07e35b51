"""manifest.json as one model: `tradebrief run` writes it, `tradebrief verify` reads it back.

The manifest is input to `verify`, and anyone can edit it, so reading it is as strict as reading a
data file: its size and number of entries are bounded before anything is hashed, every output name
is a plain relative path inside the report (no `..`, no absolute path, no control character: a
newline in a name would print a fake line in verify's summary), and every digest is a sha256. Where
the data files it names may live is decided by `allowed_data_path`: inside the snapshot, the run's
data folder or the run's claims file, never `/etc/passwd` or `/proc/self/mem`.
"""
from __future__ import annotations

import json
import platform
import re
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from tradebrief.data.yaml_safe import excerpt
from tradebrief.errors import DataError, TradebriefError, UsageError

MANIFEST = "manifest.json"
#: Bounds on a manifest, far above a real one (~40 outputs, ~15 data files, ~20 KB).
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_OUTPUTS = 5000
MAX_DATA_FILES = 500
MAX_NAME_CHARS = 400
MAX_WARNINGS = 200

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def _relative_name(name: str) -> str:
    """A published file's name: relative, forward slashes, no `..`, no control characters."""
    if _CONTROL.search(name):
        raise ValueError("a file name holds a control character (a newline would fake a line of output)")
    path = PurePosixPath(name)
    if not name or path.is_absolute() or "\\" in name or any(part in ("..", ".", "") for part in name.split("/")):
        raise ValueError(f"{excerpt(name, 60)} is not a plain path inside the report")
    return name


def _plain_text(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError(f"{excerpt(text, 60)} holds a control character")
    return text


OutputName = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS), AfterValidator(_relative_name)]
DataKey = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS), AfterValidator(_plain_text)]
DataPath = Annotated[str, StringConstraints(max_length=4096), AfterValidator(_plain_text)]


class Manifest(BaseModel):
    """What a run recorded: parameters, versions, data checksums, output checksums, timings."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    tradebrief: Annotated[str, StringConstraints(max_length=64)] = ""
    parameters: dict[str, Any]
    python: Annotated[str, StringConstraints(max_length=64)] = ""
    libraries: dict[Annotated[str, StringConstraints(max_length=64)],
                    Annotated[str, StringConstraints(max_length=64)] | None] = Field(default_factory=dict,
                                                                                      max_length=64)
    data_files: dict[DataKey, Sha256] = Field(max_length=MAX_DATA_FILES)
    data_file_paths: dict[DataKey, DataPath] = Field(default_factory=dict, max_length=MAX_DATA_FILES)
    outputs: dict[OutputName, Sha256] = Field(default_factory=dict, max_length=MAX_OUTPUTS)
    timings_seconds: dict[Annotated[str, StringConstraints(max_length=64)], float] = Field(
        default_factory=dict, max_length=64)
    warnings: list[Annotated[str, StringConstraints(max_length=2000)]] = Field(default_factory=list,
                                                                               max_length=MAX_WARNINGS)

    def to_json(self) -> str:
        """The manifest's bytes: sorted keys, two-space indent, a final newline (same run → same text)."""
        return json.dumps(self.model_dump(), indent=2, sort_keys=True) + "\n"

    def same_build(self) -> bool:
        """True when this machine has the Python and libraries the run recorded (then raster bytes repeat)."""
        return self.python == platform.python_version() and all(
            _version(name) == version for name, version in self.libraries.items())


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


#: What a field must be, for the message when it has the wrong type.
_SHAPES = {"outputs": "map file names to sha256 digests", "data_files": "map data file names to sha256 digests",
           "data_file_paths": "map names to path strings", "parameters": "map parameter names to values",
           "libraries": "map library names to versions", "timings_seconds": "map names to seconds",
           "warnings": "be a list of strings"}


def describe_error(exc: ValidationError) -> str:
    """The first problem of a manifest, as one short phrase naming the field."""
    first = exc.errors()[0]
    loc = [p for p in first["loc"] if p != "[key]"]
    field = str(loc[0]) if loc else ""
    where = ".".join([field, *(excerpt(p, 40) if isinstance(p, str) else str(p) for p in loc[1:])])
    kind = first["type"]
    value = first.get("input")
    if kind == "missing" and field in ("parameters", "data_files"):
        return f"lacks the '{field}' mapping"
    if len(loc) == 1 and kind in ("dict_type", "list_type"):
        if field in ("parameters", "data_files"):
            return f"lacks the '{field}' mapping (got {type(value).__name__})"
        return f"field '{field}' must {_SHAPES.get(field, 'have another shape')}, got {type(value).__name__}"
    if kind == "too_long" and len(loc) == 1:
        size = first.get("ctx", {}).get("actual_length") or len(value or ())
        return (f"field '{field}' holds {size} entries; "
                f"at most {first.get('ctx', {}).get('max_length')}")
    if kind == "string_pattern_mismatch" or (field in ("outputs", "data_files") and kind == "string_type"):
        return (f"field '{where}' must be a 64-character sha256 hex digest, got {type(value).__name__} "
                f"{excerpt(value, 40)}")
    if field == "data_file_paths" and kind == "string_type":
        return f"field '{field}' must {_SHAPES[field]}, got {type(value).__name__} {excerpt(value, 40)}"
    if kind == "extra_forbidden":
        return f"unknown field '{field[:40]}'"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return f"field '{where}': {excerpt(message, 160)}"


def load_manifest(report: Path | str) -> Manifest:
    """The report's manifest, checked; UsageError when the folder is not a report, DataError naming the
    manifest and the field otherwise. Bounded before parsing (size) and while validating (entries)."""
    folder = Path(report)
    path = folder / MANIFEST
    if not folder.is_dir():
        raise UsageError(f"report folder {folder} not found; give a folder written by `tradebrief run`, "
                         "e.g. reports/BLR-CHN")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise DataError("is a link or not a regular file; a report's manifest is a plain file written by "
                        "`tradebrief run`", file=path)
    if not path.is_file():
        raise UsageError(f"{folder} has no {MANIFEST}; give a folder written by `tradebrief run`")
    size = path.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        raise DataError(f"holds {size:,} bytes; a manifest is at most {MAX_MANIFEST_BYTES:,}; rerun "
                        "`tradebrief run` to rewrite it", file=path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise DataError(f"not valid JSON ({excerpt(str(exc), 80)}); rerun `tradebrief run` to rewrite it",
                        file=path) from None
    if not isinstance(document, dict):
        raise DataError(f"expected a JSON object, got {type(document).__name__}; rerun `tradebrief run`", file=path)
    try:
        manifest = Manifest.model_validate(document)
    except ValidationError as exc:
        raise DataError(f"{describe_error(exc)}; rerun `tradebrief run` to rewrite it", file=path) from None
    from tradebrief.data.params import RunParameters

    try:
        RunParameters.from_manifest(_without_missing_folder(manifest.parameters))
    except TradebriefError as exc:
        raise DataError(f"field 'parameters': {exc}", file=path) from None
    except TypeError as exc:
        raise DataError(f"field 'parameters' is malformed ({excerpt(str(exc), 80)})", file=path) from None
    return manifest


def _without_missing_folder(parameters: dict) -> dict:
    """The parameters with a data folder that has since moved replaced by the snapshot, for checking
    the other fields: the data check then names the moved files; only a rerun needs the folder."""
    from tradebrief.data.params import BUILTIN_SOURCES

    source = parameters.get("source")
    if isinstance(source, str) and source not in BUILTIN_SOURCES and not Path(source).is_dir():
        return {**parameters, "source": "snapshot"}
    return parameters


def source_folder_missing(manifest: Manifest) -> str:
    """The recorded data folder when it no longer exists ('' otherwise)."""
    source = manifest.parameters.get("source")
    return "" if _without_missing_folder(manifest.parameters) is manifest.parameters else str(source)


def allowed_data_path(path: Path, roots: list[Path], files: list[Path]) -> bool:
    """True when `path` (resolved, links followed) lies inside one of `roots` or is one of `files`."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    for root in roots:
        try:
            resolved.relative_to(root.resolve())
            return True
        except (ValueError, OSError, RuntimeError):
            continue
    return any(resolved == f.resolve() for f in files)


__all__ = ["MANIFEST", "MAX_DATA_FILES", "MAX_MANIFEST_BYTES", "MAX_OUTPUTS", "Manifest", "allowed_data_path",
           "load_manifest", "source_folder_missing"]
