"""UN Comtrade adapter: annual goods trade totals (HS TOTAL) for both reporting sides of a pair.

Endpoints (as used by UN Comtrade's own client `comtradeapicall`, PreviewGet.py):
  final data, with a key:  {base}/data/v1/get/C/A/HS      header Ocp-Apim-Subscription-Key
  keyless preview:         {base}/public/v1/preview/C/A/HS (at most 500 records per request)
The key comes from $COMTRADE_API_KEY only and travels in a header, so it never appears in a URL,
a citation or a message. Values are `primaryValue`: imports CIF, exports FOB, in current US$.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import requests

from tradebrief.data.countries import GROUPS, to_iso3
from tradebrief.errors import CountryError, SourceError
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
from tradebrief.sources.m49 import to_comtrade

SOURCE = "comtrade"
WHAT = "UN Comtrade"
DEFAULT_BASE_URL = "https://comtradeapi.un.org"
FINAL_PATH = "/data/v1/get/C/A/HS"
PREVIEW_PATH = "/public/v1/preview/C/A/HS"
KEY_ENV = "COMTRADE_API_KEY"
URL_ENV = "TRADEBRIEF_COMTRADE_URL"
PREVIEW_LIMIT = 500
FINAL_LIMIT = 250_000  # "limited to 250K records" (comtradeapicall README)
DEFAULT_CHUNK_YEARS = 5
FLOWS = {"X": "export", "M": "import"}
BASIS = {"X": "FOB", "M": "CIF"}

AUTH_HINT = (f"set {KEY_ENV} to a valid subscription key (free at https://comtradedeveloper.un.org), "
             "or unset it to use the keyless preview (500 records per request)")
FETCH_NOTES = ("UN Comtrade final annual data, HS TOTAL, flows M and X. Values are primaryValue in current "
               "US$: imports valued CIF, exports FOB (Comtrade's convention), so one side's exports and the "
               "other side's imports differ by freight and insurance as well as by recording.")


def base_url(override: str | None = None) -> str:
    """The API root: the argument, else $TRADEBRIEF_COMTRADE_URL, else the public service."""
    return (override or os.environ.get(URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


def plan(reporter: str, partner: str, first_year: int, last_year: int, *, keyed: bool,
         root: str, chunk_years: int = DEFAULT_CHUNK_YEARS) -> list[Query]:
    """One request per reporting side and span of years (ISO3 codes in, queries out)."""
    mirror = partner not in GROUPS  # a group (EUU) reports no statistics of its own here
    path = FINAL_PATH if keyed else PREVIEW_PATH
    label = "Comtrade final annual HS TOTAL" + ("" if keyed else " (keyless preview)")
    queries = []
    for side, other in iter_sides(reporter, partner, mirror):
        for first, last in year_chunks(first_year, last_year, chunk_years):
            params = {
                "reporterCode": str(to_comtrade(side)),
                "partnerCode": str(to_comtrade(other)),
                "period": ",".join(str(y) for y in range(first, last + 1)),
                "flowCode": "M,X",
                "cmdCode": "TOTAL",
                "partner2Code": "0",
                "customsCode": "C00",
                "motCode": "0",
                "maxRecords": str(FINAL_LIMIT if keyed else PREVIEW_LIMIT),
                "breakdownMode": "classic",
            }
            queries.append(Query(
                source_id=f"{SOURCE}-{side.lower()}-{other.lower()}-{first}-{last}",
                reporter=side, partner=other, first_year=first, last_year=last,
                url=root + path, params=params, raw_ext="json", label=label))
    return queries


def parse(resp: requests.Response, query: Query, *, keyed: bool) -> Parsed:
    """Comtrade JSON ({count, data: [...], error}) → canonical trade rows for one query."""
    where = f"{WHAT} response for {query.source_id}"
    try:
        payload = json.loads(resp.content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SourceError(f"{where} is not JSON (starts {resp.content[:40]!r}); expected an object "
                          "with a 'data' array") from None
    if not isinstance(payload, dict):
        raise SourceError(f"{where} is a JSON {type(payload).__name__}; expected an object with a 'data' array")
    error = payload.get("error")
    if isinstance(error, str) and error.strip():
        raise SourceError(f"{WHAT} reported an error for {query.source_id}: {error.strip().splitlines()[0][:200]}")
    data = payload.get("data")
    if not isinstance(data, list):
        raise SourceError(f"{where} lacks the 'data' array (keys: {', '.join(sorted(payload)) or 'none'})")

    want_reporter = int(query.params["reporterCode"])
    want_partner = int(query.params["partnerCode"])
    rows: dict[tuple[str, str], dict] = {}
    gaps = 0
    for i, record in enumerate(data):
        if not isinstance(record, dict):
            raise SourceError(f"{where}: record {i} is not an object")
        for name in ("reporterCode", "partnerCode", "period", "flowCode", "cmdCode", "primaryValue"):
            if name not in record:
                raise SourceError(f"{where}: record {i} lacks '{name}'; expected the fields of Comtrade "
                                  "final data (reporterCode, partnerCode, period, flowCode, cmdCode, primaryValue)")
        if (record["flowCode"] not in FLOWS or str(record["cmdCode"]) != "TOTAL"
                or record.get("partner2Code") not in (None, 0)
                or record.get("customsCode") not in (None, "C00")
                or record.get("motCode") not in (None, 0)):
            continue  # re-exports, breakdowns: not the total the query asked for
        if _int(record["reporterCode"], where, i) != want_reporter or _int(record["partnerCode"], where, i) != want_partner:
            raise SourceError(f"{where}: record {i} is reporter {record['reporterCode']} partner "
                              f"{record['partnerCode']}; expected {want_reporter} and {want_partner}")
        period = str(record["period"])
        if not (period.isdigit() and len(period) == 4 and query.first_year <= int(period) <= query.last_year):
            raise SourceError(f"{where}: record {i} has period {period!r}; expected a year in "
                              f"{query.first_year}–{query.last_year}")
        flow = record["flowCode"]
        if (period, flow) in rows:
            raise SourceError(f"{where}: two total records for {period} flow {flow}; expected one "
                              "(customsCode C00, motCode 0, partner2Code 0)")
        value = record["primaryValue"]
        if value is None:
            gaps += 1
            continue
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise SourceError(f"{where}: record {i} has primaryValue {value!r}; expected a number >= 0")
        rows[(period, flow)] = _row(query, record, period, flow, float(value))

    limit = FINAL_LIMIT if keyed else PREVIEW_LIMIT
    warnings = []
    if len(data) >= limit:
        warnings.append(f"{query.source_id}: {len(data)} records, the {'preview' if not keyed else 'API'} limit of "
                        f"{limit} per request; the result may be truncated. "
                        + ("Set COMTRADE_API_KEY or fetch fewer years per request (--chunk-years)."
                           if not keyed else "Fetch fewer years per request (--chunk-years)."))
    summary = f"{len(data)} records in response, {len(rows)} annual totals kept"
    if gaps:
        summary += f", {gaps} without primaryValue (left as gaps)"
    if warnings:
        summary += f"; reached the {limit}-record limit, may be truncated"
    return Parsed(rows=[rows[k] for k in sorted(rows)], records=len(data), summary=summary, warnings=warnings)


def _int(value: object, where: str, i: int) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SourceError(f"{where}: record {i} has area code {value!r}; expected a number") from None


def _row(query: Query, record: dict, period: str, flow: str, value: float) -> dict:
    basis = BASIS[flow]
    extra = [f"Comtrade {('imports' if flow == 'M' else 'exports')} valued {basis}"]
    for name in ("cifvalue", "fobvalue"):
        if record.get(name) is not None:
            extra.append(f"{name} {record[name]!r}")
    if "isReported" in record:
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
    policy: http.RetryPolicy | None = None,
    session: requests.Session | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    now: Callable[[], datetime] = utc_now,
) -> FetchResult:
    """Fetch both sides' annual totals for a pair and write `<out_root>/comtrade-<R>-<P>/`.

    Uses the final-data endpoint when $COMTRADE_API_KEY is set, else the keyless preview.
    Raises CountryError for an unknown country and SourceError for any network or payload failure.
    """
    rep = to_iso3(reporter)
    par = to_iso3(partner, allow_groups=True)
    if rep == par:
        raise CountryError(f"reporter and partner are both {rep}; expected two different economies")
    key = os.environ.get(KEY_ENV, "").strip()
    keyed = bool(key)
    queries = plan(rep, par, first_year, last_year, keyed=keyed, root=base_url(url), chunk_years=chunk_years)
    headers = {"Accept": "application/json"}
    if keyed:
        headers["Ocp-Apim-Subscription-Key"] = key
    elif warn:
        warn(f"{KEY_ENV} is not set: using the keyless Comtrade preview (at most {PREVIEW_LIMIT} records "
             "per request, lower rate limits)")
    notes = FETCH_NOTES + ("" if keyed else f" Keyless preview endpoint: at most {PREVIEW_LIMIT} records per request.")
    return run_fetch(
        source=SOURCE, reporter=rep, partner=par, first_year=first_year, last_year=last_year,
        queries=queries, headers=headers, parse=lambda resp, q: parse(resp, q, keyed=keyed),
        out_root=Path(out_root), what=WHAT, auth_hint=AUTH_HINT, policy=policy, session=session,
        progress=progress, warn=warn, now=now, fetch_notes=notes,
        entry_notes="imports CIF, exports FOB; values primaryValue in current US$",
    )
