"""What both live adapters share: the query plan, the fetch loop and the atomic data-folder writer.

A fetch writes `<out>/<source>-<REPORTER>-<PARTNER>/` holding `raw/trade.csv` (the snapshot's
canonical trade columns), `sources.yaml` (one citation per request, with URL without any key,
parameters, retrieval time and the sha256 of the raw response) and `responses/` (each raw response,
byte for byte). The folder is built beside the target and renamed into place, so a failed fetch
leaves the previous folder, or nothing, never a half-written one.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests
import yaml

from tradebrief import __version__
from tradebrief.data.countries import country_name
from tradebrief.data.schema import TABLES
from tradebrief.errors import DataError, SourceError, UsageError
from tradebrief.sources import http

SOURCES = {"comtrade": "UN Comtrade", "imf": "IMF IMTS"}
TRADE_COLUMNS = TABLES["trade"].columns

Progress = Callable[[Iterable["Query"], int], Iterable["Query"]]


@dataclass(frozen=True)
class Query:
    """One HTTP request of a fetch: whose statistics, which years, and where to ask."""

    source_id: str
    reporter: str  # ISO3 of the reporting economy
    partner: str
    first_year: int
    last_year: int
    url: str  # base URL without parameters
    params: Mapping[str, str]
    raw_ext: str  # "json" or "csv"
    label: str  # short description for the quote, e.g. "Comtrade final annual HS TOTAL"

    @property
    def full_url(self) -> str:
        """The URL as sent, parameters encoded; never holds a key (keys travel in headers)."""
        return requests.Request("GET", self.url, params=dict(self.params)).prepare().url or self.url

    @property
    def raw_file(self) -> str:
        return f"responses/{self.source_id}.{self.raw_ext}"


@dataclass
class Parsed:
    """What one response yielded: canonical rows, and words for the citation's quote and notes."""

    rows: list[dict]
    records: int  # records in the response, before filtering
    summary: str  # e.g. "10 records, 10 rows kept"
    warnings: list[str] = field(default_factory=list)


@dataclass
class FetchResult:
    """Where the data went and what it holds, for the CLI's summary line."""

    folder: Path
    rows: int
    requests: int
    rows_by_reporter: dict[str, int]
    warnings: list[str]


def parse_years(text: str) -> tuple[int, int]:
    """'2000:2024' → (2000, 2024); '2022' → (2022, 2022). UsageError on anything else."""
    value = str(text).strip()
    parts = value.split(":")
    try:
        if len(parts) == 1:
            first = last = int(parts[0])
        elif len(parts) == 2:
            first, last = int(parts[0]), int(parts[1])
        else:
            raise ValueError
    except ValueError:
        raise UsageError(f"years {text!r} not understood; expected FIRST:LAST such as 2000:2024, "
                         "or one year such as 2022") from None
    if first > last:
        raise UsageError(f"years {text!r} are reversed; expected FIRST:LAST with FIRST <= LAST, "
                         f"e.g. {last}:{first}")
    if first < 1962 or last > 2100:
        raise UsageError(f"years {text!r} out of range; the databases start in 1962 (Comtrade) "
                         "and 1948 (IMF); expected years such as 2000:2024")
    return first, last


def year_chunks(first: int, last: int, size: int) -> list[tuple[int, int]]:
    """Split [first, last] into consecutive spans of at most `size` years."""
    if size < 1:
        raise UsageError(f"chunk size {size} must be at least 1 year")
    return [(start, min(start + size - 1, last)) for start in range(first, last + 1, size)]


def folder_name(source: str, reporter: str, partner: str, variant: str = "") -> str:
    """`comtrade-BLR-CHN`; a variant (e.g. monthly) gets its own folder: `imf-BLR-CHN-monthly`."""
    return f"{source}-{reporter}-{partner}" + (f"-{variant}" if variant else "")


def default_external_root() -> Path:
    """Where fetched data goes: $TRADEBRIEF_EXTERNAL, else `external/` in the data folder
    (the repository's git-ignored data/external unless $TRADEBRIEF_DATA points elsewhere)."""
    env = os.environ.get("TRADEBRIEF_EXTERNAL")
    if env:
        return Path(env)
    from tradebrief.data.load import default_data_dir
    return default_data_dir() / "external"


def resolve_source_data_dir(source: str, reporter: str, partner: str,
                            external_root: str | Path | None = None, variant: str = "") -> Path:
    """The data folder to analyse for `source`: the snapshot, or a folder written by `tradebrief fetch`.

    Raises DataError naming the fetch command when the folder is missing or incomplete.
    """
    if source == "snapshot":
        from tradebrief.data.load import default_data_dir
        return default_data_dir()
    if source not in SOURCES:
        raise UsageError(f"unknown source {source!r}; expected snapshot, {', '.join(SOURCES)}")
    root = Path(external_root) if external_root is not None else default_external_root()
    folder = root / folder_name(source, reporter, partner, variant)
    if not (folder / "raw" / "trade.csv").is_file() or not (folder / "sources.yaml").is_file():
        raise DataError(f"no fetched {SOURCES[source]} data for {reporter}–{partner} in {root}; run: "
                        f"tradebrief fetch {source} --reporter {reporter} --partner {partner}"
                        + (f" --out {root}" if root != default_external_root() else ""))
    return folder


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_fetch(
    *,
    source: str,
    reporter: str,
    partner: str,
    first_year: int,
    last_year: int,
    queries: list[Query],
    headers: Mapping[str, str],
    parse: Callable[[requests.Response, Query], Parsed],
    out_root: Path,
    what: str,
    auth_hint: str,
    ok_statuses: Iterable[int] = (200,),
    policy: http.RetryPolicy | None = None,
    session: requests.Session | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    now: Callable[[], datetime] = utc_now,
    fetch_notes: str = "",
    entry_notes: str = "",
    variant: str = "",
) -> FetchResult:
    """Send every query, parse, and write the folder atomically; SourceError when nothing came back."""
    own_session = session is None
    session = session or http.new_session()
    warnings: list[str] = []
    rows: list[dict] = []
    citations: dict[str, dict] = {}
    raws: dict[str, bytes] = {}
    try:
        iterable: Iterable[Query] = progress(queries, len(queries)) if progress else queries
        for query in iterable:
            resp = http.get(session, query.url, params=query.params, headers=headers, policy=policy,
                            what=what, auth_hint=auth_hint, ok_statuses=ok_statuses)
            retrieved = iso_utc(now())
            parsed = parse(resp, query)
            for message in parsed.warnings:
                warnings.append(message)
                if warn:
                    warn(message)
            rows.extend(parsed.rows)
            raws[query.raw_file] = resp.content
            citations[query.source_id] = {
                "publisher": SOURCES.get(source, what),
                "url": query.full_url,
                "retrieved": retrieved,
                "quote": (f"{query.label}, reporter {query.reporter} partner {query.partner}, "
                          f"{query.first_year}-{query.last_year}: {parsed.summary}"),
                "language": "en",
                "reliability": "official_statistics",
                "params": dict(query.params),
                "sha256": hashlib.sha256(resp.content).hexdigest(),
                "raw_file": query.raw_file,
                "http_status": resp.status_code,
                "notes": entry_notes,
            }
    finally:
        if own_session:
            session.close()
    if not rows:
        raise SourceError(f"no records for {reporter}–{partner} {first_year}–{last_year} in {what} "
                          f"({len(queries)} request(s), both reporting sides); check the years and "
                          "countries, or whether this pair reports to the database")
    header = {
        "source": source,
        "publisher": SOURCES.get(source, what),
        "reporter": reporter,
        "partner": partner,
        "years": f"{first_year}:{last_year}",
        "fetched": iso_utc(now()),
        "tool": f"tradebrief {__version__}",
        "notes": fetch_notes,
    }
    folder = Path(out_root) / folder_name(source, reporter, partner, variant)
    write_folder(folder, rows, citations, raws, header)
    by_reporter: dict[str, int] = {}
    for row in rows:
        by_reporter[row["reporter"]] = by_reporter.get(row["reporter"], 0) + 1
    return FetchResult(folder=folder, rows=len(rows), requests=len(queries),
                       rows_by_reporter=by_reporter, warnings=warnings)


def trade_csv(rows: list[dict]) -> str:
    """The canonical trade table as CSV text, rows in a fixed order."""
    ordered = sorted(rows, key=lambda r: (r["reporter"], r["partner"], r["flow"], r["period"], r["source_id"]))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(TRADE_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in ordered:
        writer.writerow({k: _cell(row.get(k)) for k in TRADE_COLUMNS})
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def sources_yaml(citations: Mapping[str, dict], header: Mapping[str, str]) -> str:
    """sources.yaml text: a comment, the fetch summary, then one citation per request."""
    pair = f"{header['reporter']}–{header['partner']}"
    intro = (f"# Fetched from {header['publisher']} by `tradebrief fetch` ({pair}). Raw responses are in\n"
             "# responses/, each with its sha256 below. Fetched data stays out of the repository\n"
             "# (data/external/ is git-ignored): publishers restrict redistribution of raw extracts.\n")
    body = yaml.safe_dump({"fetch": dict(header), "sources": {k: citations[k] for k in sorted(citations)}},
                          sort_keys=False, allow_unicode=True, width=100)
    return intro + body


def write_folder(folder: Path, rows: list[dict], citations: Mapping[str, dict],
                 raws: Mapping[str, bytes], header: Mapping[str, str]) -> None:
    """Build the folder in a temporary sibling, then rename it into place (replacing an older fetch)."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    old: Path | None = None
    try:
        (tmp / "raw").mkdir()
        (tmp / "responses").mkdir()
        (tmp / "raw" / "trade.csv").write_text(trade_csv(rows), encoding="utf-8")
        (tmp / "sources.yaml").write_text(sources_yaml(citations, header), encoding="utf-8")
        for name, content in raws.items():
            (tmp / name).write_bytes(content)
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
            old.rmdir()
            folder.rename(old)
        tmp.rename(folder)
    except OSError as exc:
        if old is not None and not folder.exists():
            old.rename(folder)
            old = None
        raise SourceError(f"could not write {folder}: {exc.strerror or exc}; check the --out folder "
                          "is writable") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists():
            shutil.rmtree(old, ignore_errors=True)


def pair_label(reporter: str, partner: str) -> str:
    """'BLR–CHN (Belarus–China)' for messages."""
    return f"{reporter}–{partner} ({country_name(reporter)}–{country_name(partner)})"


def iter_sides(reporter: str, partner: str, mirror: bool) -> Iterator[tuple[str, str]]:
    """Both reporting sides of a pair (reporter's own statistics, then the partner's)."""
    yield reporter, partner
    if mirror:
        yield partner, reporter
