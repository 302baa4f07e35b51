"""What both live adapters share: the query plan, the fetch loop and the atomic data-folder writer.

A fetch writes `<out>/<source>-<REPORTER>-<PARTNER>/` holding `raw/trade.csv` (the snapshot's
canonical trade columns; `raw/partners.csv` and `raw/products.csv` when the adapter fetched them),
`sources.yaml` (one citation per request, with URL without any key, parameters, retrieval time
and the sha256 of the raw response) and `responses/` (each raw response, byte for byte).
The folder is built beside the target, checked by the snapshot's loaders and renamed into place, so
a failed fetch leaves the previous folder, or nothing, never a half-written one.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
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
from tradebrief.data.folders import LIVE_SOURCES, fetched_folder, folder_name
from tradebrief.data.schema import TABLES
from tradebrief.data.settings import current
from tradebrief.errors import DataError, SourceError, UsageError
from tradebrief.sources import http
from tradebrief.sources.redact import redact, secrets_in

SOURCES = LIVE_SOURCES
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
    table: str = "trade"  # which canonical table its rows go to: trade, partners or products

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
    tables: dict[str, int] = field(default_factory=dict)  # rows written per table


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


def default_external_root() -> Path:
    """Where fetched data goes: $TRADEBRIEF_EXTERNAL, else `external/` in the data folder
    (the repository's git-ignored data/external unless $TRADEBRIEF_DATA points elsewhere)."""
    return current().external


def resolve_source_data_dir(source: str, reporter: str, partner: str,
                            external_root: str | Path | None = None, variant: str = "") -> Path:
    """The data folder to analyse for `source`: the snapshot, or a folder written by `tradebrief fetch`.

    Raises DataError naming the fetch command when the folder is missing or incomplete.
    """
    if source == "snapshot":
        from tradebrief.data.load import default_data_dir
        return default_data_dir()
    return fetched_folder(source, reporter, partner, external_root, variant)


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_out_root(root: str | Path) -> None:
    """Refuse an output folder that cannot take a fetch, before any request is sent.

    A file, a path under a file and a folder that cannot be written are each one UsageError;
    nothing is created (the probe folder is removed at once).
    """
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise UsageError(f"--out {root} is a file; expected a folder (created if missing)")
    existing = root
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"--out {root} lies under the file {existing}; expected a folder path")
    try:
        probe = tempfile.mkdtemp(prefix=".tradebrief-probe-", dir=existing)
    except OSError as exc:
        raise UsageError(f"--out {root} cannot be written ({existing}: {exc.strerror or exc}); "
                         "choose a writable folder with --out") from None
    os.rmdir(probe)


def run_fetch(
    *,
    source: str,
    reporter: str,
    partner: str,
    first_year: int,
    last_year: int,
    queries: list[Query],
    headers: Mapping[str, str],
    parse: Callable[[http.Answer, Query], Parsed],
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
    """Check the output folder, send every query, parse, validate and write the folder atomically.

    Raises SourceError when nothing came back or anything fails; then nothing is written. Every
    message and warning is redacted of the request's secret headers.
    """
    out_root = Path(out_root)
    check_out_root(out_root)
    secrets = secrets_in(headers)
    try:
        return _run_fetch(source, reporter, partner, first_year, last_year, queries, headers, parse,
                          out_root, what, auth_hint, ok_statuses, policy or http.RetryPolicy(), session,
                          progress, (lambda m: warn(redact(m, secrets))) if warn else None, now,
                          fetch_notes, entry_notes, variant)
    except SourceError as exc:
        raise SourceError(redact(str(exc), secrets)) from None


def _run_fetch(source, reporter, partner, first_year, last_year, queries, headers, parse, out_root, what,
               auth_hint, ok_statuses, policy, session, progress, warn, now, fetch_notes, entry_notes,
               variant) -> FetchResult:
    own_session = session is None
    session = http.new_session(policy) if own_session else http.mount(session, policy)
    warnings: list[str] = []
    tables: dict[str, list[dict]] = {q.table: [] for q in queries}
    citations: dict[str, dict] = {}
    raws: dict[str, bytes] = {}

    def say(message: str) -> None:
        warnings.append(message)
        if warn:
            warn(message)

    try:
        iterable: Iterable[Query] = progress(queries, len(queries)) if progress else queries
        for query in iterable:
            answer = http.get(session, query.url, params=query.params, headers=headers, policy=policy,
                              what=what, auth_hint=auth_hint, ok_statuses=ok_statuses)
            retrieved = iso_utc(now())
            if answer.redactions:
                say(f"{query.source_id}: the server echoed the API key {answer.redactions} time(s); "
                    f"replaced by [redacted] in the saved response")
            parsed = parse(answer, query)
            for message in parsed.warnings:
                say(message)
            tables[query.table].extend(parsed.rows)
            raws[query.raw_file] = answer.content
            citations[query.source_id] = {
                "publisher": SOURCES.get(source, what),
                "url": query.full_url,
                "retrieved": retrieved,
                "quote": (f"{query.label}, reporter {query.reporter} partner {query.partner}, "
                          f"{query.first_year}-{query.last_year}: {parsed.summary}"),
                "language": "en",
                "reliability": "official_statistics",
                "params": dict(query.params),
                "sha256": hashlib.sha256(answer.content).hexdigest(),
                "raw_file": query.raw_file,
                "http_status": answer.status_code,
                "notes": entry_notes + (f" The API key echoed by the server was replaced by [redacted] "
                                        f"({answer.redactions} time(s)) before saving."
                                        if answer.redactions else ""),
            }
    finally:
        if own_session:
            session.close()
    rows = tables.get("trade", [])
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
    files = {"sources.yaml": sources_yaml(citations, header)}
    for name, table_rows in tables.items():
        if table_rows:
            files[TABLES[name].file] = table_csv(name, table_rows)
        elif name != "trade":
            say(f"no {name} rows came back for {reporter}–{partner} {first_year}–{last_year}; "
                f"raw/{name}.csv not written (a gap, not a zero)")
    folder = out_root / folder_name(source, reporter, partner, variant)
    write_folder(folder, files, raws, validate=lambda tmp: validate_folder(tmp, what))
    by_reporter: dict[str, int] = {}
    for row in rows:
        by_reporter[row["reporter"]] = by_reporter.get(row["reporter"], 0) + 1
    return FetchResult(folder=folder, rows=len(rows), requests=len(queries),
                       rows_by_reporter=by_reporter, warnings=warnings,
                       tables={name: len(r) for name, r in tables.items()})


def validate_folder(folder: Path, what: str) -> None:
    """Read the fetched folder back through the snapshot's loaders (same schema, same checks)."""
    from tradebrief.data import load

    for name, loader in (("trade", load.load_trade), ("partners", load.load_partners),
                         ("products", load.load_products)):
        if name == "trade" or (folder / TABLES[name].file).is_file():
            try:
                loader(folder)
            except DataError as exc:
                where = str(exc).replace(str(folder) + "/", "")
                raise SourceError(f"{what} data failed the snapshot's schema, nothing written: {where}") from None


def table_csv(name: str, rows: list[dict]) -> str:
    """One canonical table as CSV text, rows in the order of the table's key (fixed bytes)."""
    table = TABLES[name]
    ordered = sorted(rows, key=lambda r: tuple(str(r.get(k, "")) for k in _SORT.get(name, table.key)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(table.columns), lineterminator="\n")
    writer.writeheader()
    for row in ordered:
        row = {"source_ids": row.get("source_id"), **row}  # one request cites each fetched figure
        writer.writerow({k: _cell(row.get(k), row, k) for k in table.columns})
    return buffer.getvalue()


_SORT = {"trade": ("reporter", "partner", "flow", "period", "source_id"),
         "partners": ("economy", "flow", "period", "partner", "source_id"),
         "products": ("exporter", "importer", "period", "product", "source_id")}


def trade_csv(rows: list[dict]) -> str:
    """The canonical trade table as CSV text, rows in a fixed order."""
    return table_csv("trade", rows)


def _cell(value: object, row: Mapping | None = None, name: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):  # the parsers refuse these; a last guard before anything is written
            raise SourceError(f"{(row or {}).get('source_id', 'a fetched row')}: column '{name}' is {value!r}; "
                              "expected a finite number")
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


def write_folder(folder: Path, files: Mapping[str, str], raws: Mapping[str, bytes],
                 validate: Callable[[Path], None] | None = None) -> None:
    """Build the folder in a temporary sibling, validate it, then rename it into place.

    An older fetch is replaced whole; on any failure the older fetch (or nothing) stays, and folders
    this call created on the way to `folder` are removed again.
    """
    folder = Path(folder)
    created = [p for p in (folder.parent, *folder.parent.parents) if not p.exists()]
    old: Path | None = None
    tmp: Path | None = None
    done = False
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
        (tmp / "raw").mkdir()
        (tmp / "responses").mkdir()
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        for name, content in raws.items():
            (tmp / name).write_bytes(content)
        if validate is not None:
            validate(tmp)
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
            old.rmdir()
            folder.rename(old)
        tmp.rename(folder)
        done = True
    except OSError as exc:
        if old is not None and not folder.exists():
            old.rename(folder)
            old = None
        raise SourceError(f"could not write {folder}: {exc.strerror or exc}; check the --out folder "
                          "is writable") from None
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists():
            shutil.rmtree(old, ignore_errors=True)
        if not done:
            for path in created:  # innermost first
                try:
                    path.rmdir()
                except OSError:
                    break


def pair_label(reporter: str, partner: str) -> str:
    """'BLR–CHN (Belarus–China)' for messages."""
    return f"{reporter}–{partner} ({country_name(reporter)}–{country_name(partner)})"


def iter_sides(reporter: str, partner: str, mirror: bool) -> Iterator[tuple[str, str]]:
    """Both reporting sides of a pair (reporter's own statistics, then the partner's)."""
    yield reporter, partner
    if mirror:
        yield partner, reporter
