"""Run parameters: the names every notebook's `parameters` cell uses, validated before any run.

papermill only warns about unknown or ill-typed parameters; tradebrief refuses them up front.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from tradebrief.data.codes import LANGS
from tradebrief.data.countries import to_iso3
from tradebrief.data.yaml_safe import excerpt
from tradebrief.errors import UsageError

#: Names (and types) shared by every notebook's parameters cell.
SHARED_PARAMETERS: dict[str, type] = {
    "reporter": str, "partner": str, "start_year": int, "end_year": int, "source": str, "report_dir": str,
    "lang": str,
}
#: Extra parameters a single notebook may take.
NOTEBOOK_EXTRA_PARAMETERS: dict[str, dict[str, type]] = {"04_claims": {"claims_file": str, "article": str},
                                                            "05_brief": {"claims_file": str, "baci": str},
                                                            "06_annex": {"claims_file": str, "baci": str}}

FIRST_YEAR = 1990
BUILTIN_SOURCES = ("snapshot", "comtrade", "imf")
#: The languages a report is written in (ISO 639-1; data/codes.LANGS, the first the default); the words are in `text`.
LANGUAGES = LANGS
LABEL_CHARS = 40
#: Parameter names that look like credentials; papermill would write their values into the notebook.
_CREDENTIAL_RE = re.compile(r"key|token|secret|password|passwd|credential", re.IGNORECASE)


@dataclass(frozen=True)
class RunParameters:
    """A validated run: ISO3 codes, ordered years, a known source, a safe label, absolute input paths.

    This is the one definition of a run. The `run` command's options, batch entries, the
    manifest's `parameters` and `verify`'s rerun are all derived from these fields (and
    PARAMETER_HELP), so a new parameter is added here and nowhere else.
    """

    reporter: str = "BLR"
    partner: str = "CHN"
    start_year: int = 2010
    end_year: int = 2025
    source: str = "snapshot"
    label: str = ""
    claims_file: str = ""  # "" → the seed article's claims in the data folder
    baci: str = ""         # "" → no product-composition section
    article: str = ""      # "" → none; else its claims are drafted by rules and checked (not with claims_file)
    lang: str = "en"       # the language of the brief's words; figures and citations are the same

    @classmethod
    def create(cls, reporter: str = "BLR", partner: str = "CHN", start_year: object = 2010,
               end_year: object = 2025, source: str = "snapshot", label: str = "",
               claims_file: object = "", baci: object = "", article: object = "",
               lang: object = "en") -> RunParameters:
        """Validate user input (codes or names, strings from a CLI or YAML) into parameters.

        Without a label, a run over other years than the default gets the label
        `<start>-<end>`, and a run in another language than English its code (`ru`, `2015-2023-ru`),
        so that it never replaces the default full-range English report.
        """
        economy = to_iso3(str(reporter))
        other = to_iso3(str(partner), allow_groups=True)
        if economy == other:
            raise UsageError(f"reporter and partner are both {economy}; choose two different economies")
        first, last = _year("start_year", start_year), _year("end_year", end_year)
        if first > last:
            raise UsageError(f"start_year {first} is after end_year {last}; swap them "
                             f"(--start-year {last} --end-year {first})")
        source = str(source)
        if source not in BUILTIN_SOURCES and not Path(source).is_dir():
            raise UsageError(f"source {excerpt(source)} is not one of {', '.join(BUILTIN_SOURCES)} and not an "
                             "existing data folder; pass snapshot, comtrade, imf, or a folder holding sources.yaml "
                             "and raw/")
        if source not in BUILTIN_SOURCES:  # notebooks run in their own folder: pass an absolute path
            source = str(Path(source).resolve())
        text = sanitize_label(label)
        if str(label or "").strip() and not text:
            raise UsageError(f"label {excerpt(label)} has no letter or digit; it would write over the report "
                             "without a label; choose a label with letters or digits, e.g. --label since2015")
        language = str(lang).strip().lower()
        if language not in LANGUAGES:
            raise UsageError(f"lang {excerpt(lang)} is not a language the brief is written in; use one of "
                             f"{', '.join(LANGUAGES)} (e.g. --lang ru)")
        if not text:
            years = f"{first}-{last}" if (first, last) != (cls.start_year, cls.end_year) else ""
            text = "-".join(part for part in (years, "" if language == cls.lang else language) if part)
        if str(article or "") and str(claims_file or ""):
            raise UsageError("give --article (its claims are drafted by rules) or --claims-file (claims you wrote), "
                             "not both; after a run with --article, edit its claims.drafted.yaml and pass that")
        return cls(economy, other, first, last, source, text,
                   _input_file("claims_file", claims_file), _input_file("baci", baci), _input_file("article", article),
                   language)

    @classmethod
    def from_manifest(cls, recorded: dict) -> RunParameters:
        """The parameters a manifest recorded (older manifests lack some names: their defaults apply)."""
        return cls.create(**{name: recorded[name] for name in PARAMETER_NAMES if recorded.get(name) is not None})

    @property
    def slug(self) -> str:
        """Report folder name: built only from validated codes and the sanitized label."""
        base = f"{self.reporter}-{self.partner.replace('+', '_')}"
        return f"{base}-{self.label}" if self.label else base

    def recorded(self) -> dict[str, object]:
        """Every parameter, as written to manifest.json (and read back by `from_manifest`)."""
        return asdict(self)

    def notebook_parameters(self, report_dir: Path, notebook: str | None = None) -> dict[str, object]:
        """The values injected into a notebook: the shared ones plus those it declares (never credentials)."""
        values: dict[str, object] = {k: v for k, v in asdict(self).items() if k in SHARED_PARAMETERS}
        values["report_dir"] = str(report_dir)
        if notebook is not None:
            values.update({k: getattr(self, k) for k in NOTEBOOK_EXTRA_PARAMETERS.get(notebook, {})})
        return values

    def describe(self) -> str:
        """One phrase naming what the report covers, for messages about where a run writes."""
        parts = [f"{self.reporter}–{self.partner} {self.start_year}–{self.end_year}",
                 f"source {self.source if self.source in BUILTIN_SOURCES else Path(self.source).name}"]
        if self.claims_file:
            parts.append(f"claims {Path(self.claims_file).name}")
        if self.baci:
            parts.append(f"BACI {Path(self.baci).name}")
        if self.article:
            parts.append(f"claims drafted from {Path(self.article).name}")
        return ", ".join(parts)


#: Names of every run parameter, in order.
PARAMETER_NAMES: tuple[str, ...] = tuple(f.name for f in fields(RunParameters))
#: Defaults, read from the dataclass (the CLI and batch entries take them from here).
PARAMETER_DEFAULTS: dict[str, object] = {f.name: f.default for f in fields(RunParameters)}
#: What each parameter means: the `run` command's --help and docs/batch.md say the same.
PARAMETER_HELP: dict[str, str] = {
    "reporter": "Economy the brief is about: ISO3 code or name.",
    "partner": "Partner economy: ISO3 code or name.",
    "start_year": "First year of the brief.",
    "end_year": "Last year of the brief.",
    "source": "Trade data: snapshot, comtrade or imf (fetched with `tradebrief fetch`), or a data folder.",
    "label": "Suffix of the report folder: <reporter>-<partner>-<label>/ (letters of any script, digits and "
             "dashes are kept). Default: none for the full default years in English, else <start_year>-<end_year> "
             "and/or the language code.",
    "claims_file": "Claims YAML checked in the claims notebook (default: data/claims/seed_article.yaml).",
    "baci": "CEPII BACI release (published zip or unzipped folder): adds a product-composition section.",
    "article": "A plain-text article (UTF-8; English, Russian or Chinese): its claims are drafted by rules into "
               "claims.drafted.yaml beside the report and checked in the brief (instead of --claims-file).",
    "lang": "Language of the brief: en or ru (same figures and citations; quotes stay in their own language).",
}
assert set(PARAMETER_HELP) == set(PARAMETER_NAMES), "every run parameter needs its help text"


def sanitize_label(label: object) -> str:
    """Lower-case letters (any script), digits and single dashes only, at most LABEL_CHARS characters.

    `Китай` stays `китай` rather than vanishing; punctuation and spaces become dashes.
    """
    text = unicodedata.normalize("NFKC", str(label or "")).casefold()
    text = "".join(ch if ch.isalnum() else "-" for ch in text)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    return text[:LABEL_CHARS].strip("-")


def _input_file(name: str, value: object) -> str:
    """An input path given to a run: "" for none, else absolute (notebooks run in their own folder).

    Whether it exists and parses is checked by the run's preflight, with the reader's own message.
    """
    if value is None or str(value) == "":
        return ""
    if not isinstance(value, (str, Path)):
        raise UsageError(f"{name} must be a path, got {type(value).__name__} {excerpt(value)}")
    path = Path(value).expanduser().resolve()
    if name == "baci" and not path.exists():
        raise UsageError(f"baci {excerpt(str(value), 200)} does not exist; give a BACI zip or its unzipped folder")
    return str(path)


def _year(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise UsageError(f"{name} must be a year such as 2015, got {excerpt(value)}")
    try:
        year = int(str(value).strip())
    except ValueError:
        raise UsageError(f"{name} must be a year such as 2015, got {excerpt(value)}") from None
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
