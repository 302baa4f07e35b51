"""Run parameters: the names every notebook's `parameters` cell uses, validated before any run.

papermill only warns about unknown or ill-typed parameters; tradebrief refuses them up front.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from tradebrief.data.countries import to_iso3
from tradebrief.errors import UsageError

#: Names (and types) shared by every notebook's parameters cell.
SHARED_PARAMETERS: dict[str, type] = {
    "reporter": str, "partner": str, "start_year": int, "end_year": int, "source": str, "report_dir": str,
}
#: Extra parameters a single notebook may take.
NOTEBOOK_EXTRA_PARAMETERS: dict[str, dict[str, type]] = {"04_claims": {"claims_file": str},
                                                            "05_brief": {"claims_file": str, "baci": str}}

FIRST_YEAR = 1990
BUILTIN_SOURCES = ("snapshot", "comtrade", "imf")
_LABEL_RE = re.compile(r"[^a-z0-9]+")
#: Parameter names that look like credentials; papermill would write their values into the notebook.
_CREDENTIAL_RE = re.compile(r"key|token|secret|password|passwd|credential", re.IGNORECASE)


@dataclass(frozen=True)
class RunParameters:
    """A validated parameter set: ISO3 codes, ordered years, a known source, a safe label."""

    reporter: str = "BLR"
    partner: str = "CHN"
    start_year: int = 2010
    end_year: int = 2025
    source: str = "snapshot"
    label: str = ""

    @classmethod
    def create(cls, reporter: str = "BLR", partner: str = "CHN", start_year: object = 2010,
               end_year: object = 2025, source: str = "snapshot", label: str = "") -> RunParameters:
        """Validate user input (codes or names, strings from a CLI or YAML) into parameters."""
        economy = to_iso3(str(reporter))
        other = to_iso3(str(partner), allow_groups=True)
        if economy == other:
            raise UsageError(f"reporter and partner are both {economy}; choose two different economies")
        first, last = _year("start_year", start_year), _year("end_year", end_year)
        if first > last:
            raise UsageError(f"start_year {first} is after end_year {last}; swap them "
                             f"(--start-year {last} --end-year {first})")
        if source not in BUILTIN_SOURCES and not Path(source).is_dir():
            raise UsageError(f"source {source!r} is not one of {', '.join(BUILTIN_SOURCES)} and not an existing "
                             "data folder; pass snapshot, comtrade, imf, or a folder holding sources.yaml and raw/")
        if source not in BUILTIN_SOURCES:  # notebooks run in their own folder: pass an absolute path
            source = str(Path(source).resolve())
        return cls(economy, other, first, last, str(source), sanitize_label(label))

    @property
    def slug(self) -> str:
        """Report folder name: built only from validated codes and the sanitized label."""
        base = f"{self.reporter}-{self.partner.replace('+', '_')}"
        return f"{base}-{self.label}" if self.label else base

    def notebook_parameters(self, report_dir: Path) -> dict[str, object]:
        """The values injected into each notebook (never credentials)."""
        values = {k: v for k, v in asdict(self).items() if k != "label"}
        values["report_dir"] = str(report_dir)
        return values


def sanitize_label(label: str) -> str:
    """Lower-case letters, digits and single dashes only, at most 40 characters."""
    text = _LABEL_RE.sub("-", str(label or "").lower()).strip("-")
    return text[:40].strip("-")


def _year(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise UsageError(f"{name} must be a year such as 2015, got {value!r}")
    try:
        year = int(str(value).strip())
    except ValueError:
        raise UsageError(f"{name} must be a year such as 2015, got {value!r}") from None
    last = _dt.date.today().year
    if not FIRST_YEAR <= year <= last:
        raise UsageError(f"{name} {year} is out of range; expected a year from {FIRST_YEAR} to {last}")
    return year


def refuse_credentials(names: object) -> None:
    """Refuse parameters named like credentials: papermill writes parameters into the executed notebook."""
    for name in names:  # type: ignore[attr-defined]
        if _CREDENTIAL_RE.search(str(name)):
            raise UsageError(f"parameter {str(name)!r} looks like a credential; credentials are read from the "
                             "environment only (e.g. COMTRADE_API_KEY), never passed as notebook parameters")


def check_parameter_types(values: dict[str, object], allowed: dict[str, type], notebook: str) -> None:
    """Refuse unknown names and wrong types before papermill runs (it would only warn)."""
    for name, value in values.items():
        if name not in allowed:
            raise UsageError(f"notebook {notebook} has no parameter {name!r}; its parameters are "
                             f"{', '.join(sorted(allowed))}")
        expected = allowed[name]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise UsageError(f"parameter {name!r} of notebook {notebook} must be {expected.__name__}, "
                             f"got {type(value).__name__} {value!r}")
