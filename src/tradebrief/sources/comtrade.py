"""UN Comtrade adapter: what a brief needs from Comtrade's final annual data, for a pair.

Three kinds of request, each with the same bounds, checks and provenance:
- **trade:** the pair's HS TOTAL both ways, from both reporting sides (`raw/trade.csv`);
- **partners:** the reporter's TOTAL trade with every partner (`partnerCode` left out, as the
  official client does for "all"), from which the partner's rank and share of the World total are
  computed (`raw/partners.csv`), from fetched figures only;
- **products:** the reporter's trade with the partner by HS chapter (`cmdCode=AG2`,
  `raw/products.csv`), for the product composition.

Endpoints (UN Comtrade's own client `comtradeapicall`, PreviewGet.py lines 24-32):
  final data, with a key:  {base}/data/v1/get/C/A/HS      header Ocp-Apim-Subscription-Key
  keyless preview:         {base}/public/v1/preview/C/A/HS (at most 500 records per request)
The key comes from $COMTRADE_API_KEY only and travels in a header, so it never appears in a URL,
a citation or a message. Values are `primaryValue`: imports CIF, exports FOB, in current US$.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import requests

from tradebrief.data.countries import GROUPS, to_iso3
from tradebrief.data.schema import PLAUSIBLE_MAX_USD
from tradebrief.data.settings import COMTRADE_KEY_ENV, COMTRADE_URL_ENV, check_url, current
from tradebrief.errors import CountryError, SourceError, UsageError
from tradebrief.sources import http
from tradebrief.sources.common import (
    FetchResult,
    Parsed,
    Progress,
    Query,
    iter_sides,
    run_fetch,
    utc_now,
    year_chunks,
)
from tradebrief.sources.m49 import COMTRADE_GROUPS, from_comtrade, to_comtrade

SOURCE = "comtrade"
WHAT = "UN Comtrade"
DEFAULT_BASE_URL = "https://comtradeapi.un.org"
FINAL_PATH = "/data/v1/get/C/A/HS"
PREVIEW_PATH = "/public/v1/preview/C/A/HS"
KEY_ENV, URL_ENV = COMTRADE_KEY_ENV, COMTRADE_URL_ENV  # read by data.settings
PREVIEW_LIMIT = 500
FINAL_LIMIT = 250_000  # "limited to 250K records" (comtradeapicall README)
DEFAULT_CHUNK_YEARS = 5
#: Keyless preview: years per request so that one answer stays under 500 records. All partners,
#: one flow: about 230 records a year; 97 HS chapters, two flows: at most 194 a year.
PREVIEW_PARTNER_YEARS = 1
PREVIEW_PRODUCT_YEARS = 2
TABLES = ("trade", "partners", "products")
FLOWS = {"X": "export", "M": "import"}
BASIS = {"X": "FOB", "M": "CIF"}
WORLD = 0  # partnerCode of the World total
REQUIRED = ("reporterCode", "partnerCode", "period", "flowCode", "cmdCode", "primaryValue")

AUTH_HINT = (f"set {KEY_ENV} to a valid subscription key (free at https://comtradedeveloper.un.org), "
             "or unset it to use the keyless preview (500 records per request)")
FETCH_NOTES = ("UN Comtrade final annual data, HS TOTAL, flows M and X. Values are primaryValue in current "
               "US$: imports valued CIF, exports FOB (Comtrade's convention), so one side's exports and the "
               "other side's imports differ by freight and insurance as well as by recording.")
PARTNER_NOTES = (" Partner ranks and shares (raw/partners.csv) are computed by tradebrief from the reporter's "
                 "TOTAL trade with every partner in the same fetch: rank by primaryValue among partner "
                 "economies with an ISO3 code (World, groups and areas without an ISO3 code not ranked), "
                 "share of the World (partnerCode 0) total.")
PRODUCT_NOTES = (" Product composition (raw/products.csv) is the reporter's trade with the partner by HS "
                 "chapter (cmdCode AG2); shares are of the sum of the chapters in the same response.")


def base_url(override: str | None = None) -> str:
    """The API root: the argument, else $TRADEBRIEF_COMTRADE_URL, else the public service."""
    if override:  # an argument is checked as the environment's value is (data.settings)
        return check_url("--url", override).rstrip("/")
    return (current().comtrade_url or DEFAULT_BASE_URL).rstrip("/")


def _params(reporter: int, partner: int | None, years: Iterable[int], flows: str, cmd: str,
            keyed: bool) -> dict[str, str]:
    """Query parameters, named as in comtradeapicall's PreviewGet.py (line 34-38); no partner = all."""
    params = {"reporterCode": str(reporter)}
    if partner is not None:
        params["partnerCode"] = str(partner)
    params.update({
        "period": ",".join(str(y) for y in years),
        "flowCode": flows,
        "cmdCode": cmd,
        "partner2Code": "0",
        "customsCode": "C00",
        "motCode": "0",
        "maxRecords": str(FINAL_LIMIT if keyed else PREVIEW_LIMIT),
        "breakdownMode": "classic",
    })
    return params


def plan(reporter: str, partner: str, first_year: int, last_year: int, *, keyed: bool,
         root: str, chunk_years: int = DEFAULT_CHUNK_YEARS,
         tables: Iterable[str] = TABLES) -> list[Query]:
    """The requests of a fetch (ISO3 codes in, queries out), in a fixed order: trade, partners, products."""
    tables = tuple(tables)
    unknown = [t for t in tables if t not in TABLES]
    if unknown or "trade" not in tables:
        raise UsageError(f"tables {','.join(tables)!r} not understood; expected trade, optionally with "
                         "partners and products (e.g. trade,partners,products)")
    mirror = partner not in GROUPS  # a group (EUU) reports no statistics of its own here
    url = root + (FINAL_PATH if keyed else PREVIEW_PATH)
    preview = "" if keyed else " (keyless preview)"
    queries = []
    for side, other in iter_sides(reporter, partner, mirror):
        for first, last in year_chunks(first_year, last_year, chunk_years):
            queries.append(Query(
                source_id=f"{SOURCE}-{side.lower()}-{other.lower()}-{first}-{last}",
                reporter=side, partner=other, first_year=first, last_year=last, url=url,
                params=_params(to_comtrade(side), to_comtrade(other), range(first, last + 1), "M,X",
                               "TOTAL", keyed),
                raw_ext="json", label="Comtrade final annual HS TOTAL" + preview))
    code = to_comtrade(reporter)
    if "partners" in tables:
        span = chunk_years if keyed else PREVIEW_PARTNER_YEARS
        for first, last in year_chunks(first_year, last_year, span):
            for flows in (("M,X",) if keyed else ("X", "M")):
                suffix = "" if keyed else f"-{flows.lower()}"
                queries.append(Query(
                    source_id=f"{SOURCE}-partners-{reporter.lower()}-{first}-{last}{suffix}",
                    reporter=reporter, partner="all", first_year=first, last_year=last, url=url,
                    params=_params(code, None, range(first, last + 1), flows, "TOTAL", keyed),
                    raw_ext="json", table="partners",
                    label=f"Comtrade final annual HS TOTAL with all partners, flow {flows}{preview}"))
    if "products" in tables:
        span = min(chunk_years, DEFAULT_CHUNK_YEARS) if keyed else PREVIEW_PRODUCT_YEARS
        for first, last in year_chunks(first_year, last_year, span):
            queries.append(Query(
                source_id=f"{SOURCE}-hs2-{reporter.lower()}-{partner.lower()}-{first}-{last}",
                reporter=reporter, partner=partner, first_year=first, last_year=last, url=url,
                params=_params(code, to_comtrade(partner), range(first, last + 1), "M,X", "AG2", keyed),
                raw_ext="json", table="products",
                label="Comtrade final annual trade by HS chapter (AG2)" + preview))
    return queries


# --- reading a response ----------------------------------------------------------------------------

def _records(answer: http.Answer, query: Query) -> list:
    """The `data` array of a Comtrade JSON answer ({count, data: [...], error})."""
    where = f"{WHAT} response for {query.source_id}"
    try:
        payload = json.loads(answer.content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise SourceError(f"{where} is not JSON (starts {answer.content[:40]!r}); expected an object "
                          "with a 'data' array") from None
    if not isinstance(payload, dict):
        raise SourceError(f"{where} is a JSON {type(payload).__name__}; expected an object with a 'data' array")
    error = payload.get("error")
    if isinstance(error, str) and error.strip():
        raise SourceError(f"{WHAT} reported an error for {query.source_id}: {error.strip().splitlines()[0][:200]}")
    data = payload.get("data")
    if not isinstance(data, list):
        raise SourceError(f"{where} lacks the 'data' array (keys: {', '.join(sorted(payload)[:10]) or 'none'})")
    return data


def _describe(record: dict) -> str:
    """Which record, in the response's own codes: 'reporterCode 112, partnerCode 156, period 2019, flowCode M'."""
    return ", ".join(f"{k} {str(record.get(k))[:20]}" for k in ("reporterCode", "partnerCode", "cmdCode",
                                                                   "period", "flowCode") if k in record)


def _checked(record: object, i: int, query: Query, *, total: bool) -> dict | None:
    """The record when it is one the query asked for; None for breakdowns (re-exports, ...)."""
    where = f"{WHAT} response for {query.source_id}"
    if not isinstance(record, dict):
        raise SourceError(f"{where}: record {i} is not an object")
    for name in REQUIRED:
        if name not in record:
            raise SourceError(f"{where}: record {i} lacks '{name}'; expected the fields of Comtrade "
                              "final data (reporterCode, partnerCode, period, flowCode, cmdCode, primaryValue)")
    cmd = str(record["cmdCode"])
    if (record["flowCode"] not in FLOWS or (cmd != "TOTAL" if total else cmd == "TOTAL")
            or record.get("partner2Code") not in (None, 0)
            or record.get("customsCode") not in (None, "C00")
            or record.get("motCode") not in (None, 0)):
        return None
    want = int(query.params["reporterCode"])
    want_partner = query.params.get("partnerCode")  # absent: all partners
    if str(record.get("typeCode", "C")) != "C":
        raise SourceError(f"{where}: record {i} has typeCode {str(record.get('typeCode'))[:10]!r}; expected C "
                          "(commodities: goods), as the endpoint's path asks")
    if (_int(record["reporterCode"], where, i) != want
            or (want_partner is not None and _int(record["partnerCode"], where, i) != int(want_partner))):
        raise SourceError(f"{where}: record {i} is reporter {str(record['reporterCode'])[:20]} partner "
                          f"{str(record['partnerCode'])[:20]}; expected {want} and {want_partner or 'any partner'}")
    period = str(record["period"])
    if not (period.isdigit() and len(period) == 4 and query.first_year <= int(period) <= query.last_year):
        raise SourceError(f"{where}: record {i} has period {period[:20]!r}; expected a year in "
                          f"{query.first_year}–{query.last_year}")
    return record


def _value(record: dict, i: int, query: Query) -> float | None:
    """primaryValue as a finite number >= 0; None when absent (a gap). NaN and Infinity are refused."""
    value = record["primaryValue"]
    if value is None:
        return None
    if (not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value)
            or not 0 <= value <= PLAUSIBLE_MAX_USD):
        shown = value if isinstance(value, (int, float)) else str(value)[:40]
        raise SourceError(f"{WHAT} response for {query.source_id}: record {i} ({_describe(record)}) has "
                          f"primaryValue {shown!r}; expected a finite number from 0 to {PLAUSIBLE_MAX_USD:g} "
                          "(US$100 trillion; NaN and Infinity are refused)")
    return float(value)


def _limit_warning(query: Query, count: int, keyed: bool, left_out: str) -> list[str]:
    limit = FINAL_LIMIT if keyed else PREVIEW_LIMIT
    if count < limit:
        return []
    fix = ("Set COMTRADE_API_KEY (final-data endpoint, 250 000 records per request)" if not keyed
           else "Fetch fewer years per request (--chunk-years)")
    return [(f"{query.source_id}: {count} records, the {'preview' if not keyed else 'API'} limit of {limit} "
             f"per request; the result may be truncated: {left_out}. {fix}.")]


def parse(answer: http.Answer, query: Query, *, keyed: bool) -> Parsed:
    """One Comtrade answer → canonical rows of the query's table."""
    if query.table == "partners":
        return parse_partners(answer, query, keyed=keyed)
    if query.table == "products":
        return parse_products(answer, query, keyed=keyed)
    return parse_trade(answer, query, keyed=keyed)


def parse_trade(answer: http.Answer, query: Query, *, keyed: bool) -> Parsed:
    """The pair's annual totals (one per year and flow)."""
    where = f"{WHAT} response for {query.source_id}"
    data = _records(answer, query)
    rows: dict[tuple[str, str], dict] = {}
    gaps = 0
    for i, raw in enumerate(data):
        record = _checked(raw, i, query, total=True)
        if record is None:
            continue  # re-exports, breakdowns: not the total the query asked for
        period, flow = str(record["period"]), record["flowCode"]
        if (period, flow) in rows:
            raise SourceError(f"{where}: two total records for {period} flow {flow}; expected one "
                              "(customsCode C00, motCode 0, partner2Code 0)")
        value = _value(record, i, query)
        if value is None:
            gaps += 1
            continue
        rows[(period, flow)] = _trade_row(query, record, period, flow, value)
    warnings = _limit_warning(query, len(data), keyed, "years or flows beyond the limit are missing")
    summary = f"{len(data)} records in response, {len(rows)} annual totals kept"
    if gaps:
        summary += f", {gaps} without primaryValue (left as gaps)"
    if warnings:
        summary += f"; reached the {FINAL_LIMIT if keyed else PREVIEW_LIMIT}-record limit, may be truncated"
    return Parsed(rows=[rows[k] for k in sorted(rows)], records=len(data), summary=summary, warnings=warnings)


def parse_partners(answer: http.Answer, query: Query, *, keyed: bool) -> Parsed:
    """The reporter's totals with every partner → rank and share of each partner economy, per year and flow.

    Ranks are not computed from a response that reached the record limit (the partners beyond it
    would be missing); shares of the World total are kept where the World record came back.
    """
    where = f"{WHAT} response for {query.source_id}"
    data = _records(answer, query)
    truncated = len(data) >= (FINAL_LIMIT if keyed else PREVIEW_LIMIT)
    cells: dict[tuple[str, str], dict] = {}
    for i, raw in enumerate(data):
        record = _checked(raw, i, query, total=True)
        if record is None:
            continue
        period, flow = str(record["period"]), record["flowCode"]
        code = _int(record["partnerCode"], where, i)
        cell = cells.setdefault((period, flow), {"world": None, "values": {}, "unranked": set()})
        value = _value(record, i, query)
        if code == WORLD:
            cell["world"] = value
            continue
        if code in cell["values"] or code in cell["unranked"]:
            raise SourceError(f"{where}: two total records for partner {code} in {period} flow {flow}; "
                              "expected one")
        iso = _partner_iso(code)
        if iso is None or value is None:
            cell["unranked"].add(code)
        else:
            cell["values"][code] = (iso, value, i)
    rows = []
    for (period, flow), cell in sorted(cells.items()):
        rows.extend(_partner_rows(query, period, flow, cell, truncated, where))
    warnings = _limit_warning(query, len(data), keyed, "partner ranks in it are not computed (partners beyond "
                              "the limit would be missing); shares of the World total are kept where the "
                              "World record came back")
    summary = (f"{len(data)} records in response, {len(rows)} partner rows kept "
               f"({len(cells)} year-flow(s))")
    if truncated:
        summary += "; reached the record limit: ranks not computed"
    return Parsed(rows=rows, records=len(data), summary=summary, warnings=warnings)


def _partner_iso(code: int) -> str | None:
    """ISO3 of a partner economy; None for groups and areas without an ISO3 code (not ranked)."""
    if code in COMTRADE_GROUPS.values():
        return None
    try:
        return from_comtrade(code)
    except CountryError:
        return None


def _partner_rows(query: Query, period: str, flow: str, cell: dict, truncated: bool, where: str) -> list[dict]:
    world = cell["world"]
    ranked = sorted(cell["values"].values(), key=lambda t: (-t[1], t[0]))
    values = [v for _, v, _ in ranked]
    unranked = sorted(cell["unranked"])
    note = (f"rank by primaryValue among {len(ranked)} partner economies in {query.source_id}"
            + (f" (not ranked: partner codes {', '.join(map(str, unranked[:8]))}"
               + (" ..." if len(unranked) > 8 else "") + ")" if unranked else "")
            + (f"; share of the World total, primaryValue {world!r}" if world else "; no World total: no share"))
    if truncated:
        note = f"response reached the record limit: rank not computed; {note}"
    rows = []
    for iso, value, i in ranked:
        if world and value > world:
            raise SourceError(f"{where}: record {i} (partner {iso}, {period}, flow {flow}) has primaryValue "
                              f"{value!r} above the World total {world!r}; expected a share <= 100%")
        rank = values.index(value) + 1
        rows.append({
            "year": int(period), "period": period, "reporter": query.reporter, "economy": query.reporter,
            "partner": iso, "flow": FLOWS[flow],
            "rank": None if truncated else rank,
            "tied": (not truncated) and values.count(value) > 1,
            "share_pct": round(100.0 * value / world, 6) if world else None,
            "scope": "goods", "year_inferred": False, "source_id": query.source_id,
            "notes": f"primaryValue {value!r}; {note}",
        })
    return rows


def parse_products(answer: http.Answer, query: Query, *, keyed: bool) -> Parsed:
    """The pair's trade by HS chapter, from the reporter's statistics (exports: reporter → partner)."""
    where = f"{WHAT} response for {query.source_id}"
    data = _records(answer, query)
    truncated = len(data) >= (FINAL_LIMIT if keyed else PREVIEW_LIMIT)
    found: dict[tuple[str, str, str], tuple[dict, float]] = {}
    gaps = 0
    for i, raw in enumerate(data):
        record = _checked(raw, i, query, total=False)
        if record is None:
            continue
        chapter = str(record["cmdCode"])
        if not (len(chapter) == 2 and chapter.isdigit()):
            continue  # AG2 asks for chapters; anything finer or coarser is not what was asked
        period, flow = str(record["period"]), record["flowCode"]
        if (period, flow, chapter) in found:
            raise SourceError(f"{where}: two records for HS {chapter} in {period} flow {flow}; expected one")
        value = _value(record, i, query)
        if value is None:
            gaps += 1
            continue
        found[(period, flow, chapter)] = (record, value)
    sums: dict[tuple[str, str], float] = {}
    for (period, flow, _), (_, value) in found.items():
        sums[(period, flow)] = sums.get((period, flow), 0.0) + value
    rows = []
    for (period, flow, chapter), (record, value) in sorted(found.items()):
        exporter, importer = ((query.reporter, query.partner) if flow == "X" else (query.partner, query.reporter))
        label = " ".join(str(record.get("cmdDesc") or "").split())[:120]
        total = sums[(period, flow)]
        rows.append({
            "year": int(period), "period": period, "exporter": exporter, "importer": importer,
            "product": f"HS {chapter}" + (f" {label}" if label else ""),
            "value_usd": value,
            "share_pct": None if truncated or not total else round(100.0 * value / total, 6),
            "share_basis": None if truncated or not total else (
                f"share of the sum of HS chapters in {query.source_id} ({exporter} to {importer}, {period})"),
            "qualitative": False, "year_inferred": False, "source_id": query.source_id,
            "notes": (f"{query.reporter}-reported {FLOWS[flow]}s valued {BASIS[flow]}; primaryValue {value!r}; "
                      f"HS chapter {chapter}"),
        })
    warnings = _limit_warning(query, len(data), keyed, "HS chapters beyond the limit are missing, so no "
                              "shares are computed from it")
    summary = f"{len(data)} records in response, {len(rows)} HS-chapter rows kept"
    if gaps:
        summary += f", {gaps} without primaryValue (left as gaps)"
    if truncated:
        summary += "; reached the record limit: shares not computed"
    return Parsed(rows=rows, records=len(data), summary=summary, warnings=warnings)


def _int(value: object, where: str, i: int) -> int:
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise SourceError(f"{where}: record {i} has area code {str(value)[:20]!r}; expected a number") from None


def _trade_row(query: Query, record: dict, period: str, flow: str, value: float) -> dict:
    basis = BASIS[flow]
    extra = [f"Comtrade {('imports' if flow == 'M' else 'exports')} valued {basis}"]
    for name in ("cifvalue", "fobvalue"):
        other = record.get(name)
        if isinstance(other, (int, float)) and not isinstance(other, bool) and math.isfinite(other):
            extra.append(f"{name} {other!r}")
    if isinstance(record.get("isReported"), bool):
        extra.append(f"isReported {str(record['isReported']).lower()}")
    return {
        "year": int(period),
        "period": period,
        "reporter": query.reporter,
        "economy": query.reporter,
        "partner": query.partner,
        "flow": FLOWS[flow],
        "value_usd": value,
        "value_text": f"primaryValue {record['primaryValue']!r}",
        "bound": "exact",
        "scope": "goods",
        "scope_evidence": f"quote: typeCode {str(record.get('typeCode', 'C'))[:4]} (commodities); cmdCode TOTAL",
        "basis": "statistics",
        "year_inferred": False,
        "source_id": query.source_id,
        "notes": "; ".join(extra),
    }


def fetch(
    reporter: str,
    partner: str,
    first_year: int,
    last_year: int,
    *,
    out_root: str | Path,
    url: str | None = None,
    chunk_years: int = DEFAULT_CHUNK_YEARS,
    tables: Iterable[str] = TABLES,
    policy: http.RetryPolicy | None = None,
    session: requests.Session | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    now: Callable[[], datetime] = utc_now,
) -> FetchResult:
    """Fetch a pair's totals (both sides), the reporter's partners and HS chapters into `<out_root>/comtrade-<R>-<P>/`.

    Uses the final-data endpoint when $COMTRADE_API_KEY is set, else the keyless preview.
    Raises CountryError for an unknown country, UsageError for a bad output folder and SourceError
    for any network or payload failure; on any error nothing is written.
    """
    rep = to_iso3(reporter)
    par = to_iso3(partner, allow_groups=True)
    if rep == par:
        raise CountryError(f"reporter and partner are both {rep}; expected two different economies")
    key = current().comtrade_key
    keyed = bool(key)
    tables = tuple(tables)
    queries = plan(rep, par, first_year, last_year, keyed=keyed, root=base_url(url), chunk_years=chunk_years,
                   tables=tables)
    headers = {"Accept": "application/json"}
    if keyed:
        headers["Ocp-Apim-Subscription-Key"] = key
    elif warn:
        warn(f"{KEY_ENV} is not set: using the keyless Comtrade preview (at most {PREVIEW_LIMIT} records "
             f"per request, lower rate limits; {len(queries)} request(s))")
    notes = (FETCH_NOTES + (PARTNER_NOTES if "partners" in tables else "")
             + (PRODUCT_NOTES if "products" in tables else "")
             + ("" if keyed else f" Keyless preview endpoint: at most {PREVIEW_LIMIT} records per request."))
    return run_fetch(
        source=SOURCE, reporter=rep, partner=par, first_year=first_year, last_year=last_year,
        queries=queries, headers=headers, parse=lambda answer, q: parse(answer, q, keyed=keyed),
        out_root=Path(out_root), what=WHAT, auth_hint=AUTH_HINT, policy=policy, session=session,
        progress=progress, warn=warn, now=now, fetch_notes=notes,
        entry_notes="imports CIF, exports FOB; values primaryValue in current US$",
    )
