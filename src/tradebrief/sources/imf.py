"""IMF IMTS adapter (International Trade in Goods by partner, the former DOTS), SDMX 3.0, SDMX-CSV.

Query (IMF SDMX 3.0 REST, dataflow IMF.STA:IMTS, key COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY):
  {base}/data/dataflow/IMF.STA/IMTS/+/BLR.XG_FOB_USD+MG_CIF_USD.CHN.A?c[TIME_PERIOD]=ge:2000+le:2004
  Accept: application/vnd.sdmx.data+csv;version=2.0.0
Indicators: XG_FOB_USD goods exports FOB, MG_CIF_USD goods imports CIF, in US dollars. No key is
needed; $IMF_API_KEY, when set, is sent as a header (never written anywhere).
"""
from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import requests

from tradebrief.data.countries import GROUPS, to_iso3
from tradebrief.data.limits import PLAUSIBLE_MAX_USD
from tradebrief.data.settings import IMF_KEY_ENV, IMF_URL_ENV, check_url, current
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

SOURCE = "imf"
WHAT = "IMF IMTS"
DEFAULT_BASE_URL = "https://api.imf.org/external/sdmx/3.0"
DATAFLOW_PATH = "/data/dataflow/IMF.STA/IMTS/+/"
URL_ENV, KEY_ENV = IMF_URL_ENV, IMF_KEY_ENV  # read by data.settings
ACCEPT = "application/vnd.sdmx.data+csv;version=2.0.0"
INDICATORS = {"XG_FOB_USD": ("export", "FOB"), "MG_CIF_USD": ("import", "CIF")}
REQUIRED_COLUMNS = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY", "TIME_PERIOD", "OBS_VALUE")
SCALE_COLUMNS = ("SCALE", "UNIT_MULT")
FREQUENCIES = {"A": "annual", "M": "monthly"}
DEFAULT_CHUNK_YEARS = 10
MAX_SCALE = 15  # SDMX UNIT_MULT codes run 0..12 (and negatives for fractions); anything beyond is garbage
_MONTH = re.compile(r"^(\d{4})-M?(\d{2})$")

AUTH_HINT = f"the IMF API refused the request; if your network requires it, set {KEY_ENV}"
FETCH_NOTES = ("IMF IMTS (International Trade in Goods by partner country, formerly DOTS), indicators "
               "XG_FOB_USD (goods exports, FOB) and MG_CIF_USD (goods imports, CIF), US dollars as "
               "reported by the country (IMF estimates for non-reporters are possible; see the IMF's notes).")


def base_url(override: str | None = None) -> str:
    """The SDMX 3.0 root: the argument, else $TRADEBRIEF_IMF_URL, else the IMF's API."""
    if override:  # an argument is checked as the environment's value is (data.settings)
        return check_url("--url", override).rstrip("/")
    return (current().imf_url or DEFAULT_BASE_URL).rstrip("/")


def plan(reporter: str, partner: str, first_year: int, last_year: int, *, root: str, freq: str = "A",
         chunk_years: int = DEFAULT_CHUNK_YEARS) -> list[Query]:
    """One request per reporting side and span of years."""
    if freq not in FREQUENCIES:
        raise UsageError(f"frequency {freq!r} not supported; expected A (annual) or M (monthly)")
    queries = []
    for side, other in iter_sides(reporter, partner, mirror=True):
        key = f"{side}.{'+'.join(INDICATORS)}.{other}.{freq}"
        for first, last in year_chunks(first_year, last_year, chunk_years):
            lo, hi = (str(first), str(last)) if freq == "A" else (f"{first}-01", f"{last}-12")
            suffix = "" if freq == "A" else "-m"
            queries.append(Query(
                source_id=f"{SOURCE}-{side.lower()}-{other.lower()}{suffix}-{first}-{last}",
                reporter=side, partner=other, first_year=first, last_year=last,
                url=root + DATAFLOW_PATH + key, params={"c[TIME_PERIOD]": f"ge:{lo}+le:{hi}"},
                raw_ext="csv", label=f"IMF IMTS {FREQUENCIES[freq]} goods exports FOB / imports CIF"))
    return queries


def parse(resp: http.Answer, query: Query, *, freq: str) -> Parsed:
    """SDMX-CSV 2.0 (one observation per line) → canonical trade rows for one query."""
    where = f"{WHAT} response for {query.source_id}"
    if resp.status_code == 404 or not resp.content.strip():
        return Parsed(rows=[], records=0, summary=f"no observations (HTTP {resp.status_code})")
    try:
        text = resp.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{where} is not UTF-8 text; expected SDMX-CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise SourceError(f"{where} lacks column(s) {', '.join(missing)}; expected SDMX-CSV with "
                          f"{', '.join(REQUIRED_COLUMNS)} (got {', '.join(columns[:8]) or 'no header'})")
    scale_col = next((c for c in SCALE_COLUMNS if c in columns), None)
    rows: dict[tuple[str, str], dict] = {}
    records = gaps = 0
    for line, record in enumerate(reader, start=2):
        records += 1
        if None in record or any(record.get(c) is None for c in REQUIRED_COLUMNS):
            raise SourceError(f"{where}: line {line} has the wrong number of fields")
        indicator = record["INDICATOR"].strip()
        if indicator not in INDICATORS:
            continue
        if record["COUNTRY"].strip() != query.reporter or record["COUNTERPART_COUNTRY"].strip() != query.partner:
            raise SourceError(f"{where}: line {line} is {record['COUNTRY']}→{record['COUNTERPART_COUNTRY']}; "
                              f"expected {query.reporter}→{query.partner}")
        if record["FREQUENCY"].strip() != freq:
            raise SourceError(f"{where}: line {line} has frequency {record['FREQUENCY']!r}; expected {freq!r}")
        year, period = _period(record["TIME_PERIOD"].strip(), freq, where, line)
        if not query.first_year <= year <= query.last_year:
            continue  # the server may ignore the time filter; keep only the years asked for
        raw_value = record["OBS_VALUE"].strip()
        if raw_value in ("", "NaN", "NA"):
            gaps += 1
            continue
        try:
            value = Decimal(raw_value)
            if value.is_nan():  # 'nan', 'sNaN': not SDMX's missing-value marker 'NaN' (handled above)
                raise InvalidOperation
        except InvalidOperation:
            raise SourceError(f"{where}: line {line} has OBS_VALUE {raw_value!r}; expected a number") from None
        exponent = _scale(record.get(scale_col) if scale_col else None, where, line)
        try:
            value_usd = float(value.scaleb(exponent))  # exact power-of-ten shift, no float noise
        except ArithmeticError:  # decimal.Overflow and friends: far beyond any trade value
            value_usd = math.inf
        if not math.isfinite(value_usd) or not 0 <= value_usd <= PLAUSIBLE_MAX_USD:
            raise SourceError(f"{where}: line {line} ({record['INDICATOR'].strip()[:20]} "
                              f"{record['TIME_PERIOD'].strip()[:20]}) has OBS_VALUE {raw_value[:40]!r}; expected a "
                              f"finite number from 0 to {PLAUSIBLE_MAX_USD:g} US$ (Infinity is refused; SDMX's NaN "
                              "means missing and is a gap)")
        flow, basis = INDICATORS[indicator]
        if (period, flow) in rows:
            raise SourceError(f"{where}: two observations for {indicator} {period}; expected one")
        rows[(period, flow)] = {
            "year": year,
            "period": period,
            "reporter": query.reporter,
            "economy": query.reporter,
            "partner": query.partner,
            "flow": flow,
            "value_usd": value_usd,
            "value_text": f"OBS_VALUE {raw_value}" + (f" ({scale_col} {exponent})" if scale_col else ""),
            "bound": "exact",
            "scope": "goods",
            "scope_evidence": f"quote: INDICATOR {indicator} (goods {flow}s valued {basis})",
            "basis": "statistics",
            "year_inferred": False,
            "source_id": query.source_id,
            "notes": (f"IMF IMTS {indicator}: goods {flow}s valued {basis}, US dollars"
                      + ("" if scale_col else "; no SCALE/UNIT_MULT attribute in the response, value taken as units")),
        }
    summary = f"{records} observations in response, {len(rows)} kept"
    if gaps:
        summary += f", {gaps} empty (left as gaps)"
    return Parsed(rows=[rows[k] for k in sorted(rows)], records=records, summary=summary)


def _period(text: str, freq: str, where: str, line: int) -> tuple[int, str]:
    if freq == "A":
        if text.isdigit() and len(text) == 4:
            return int(text), text
    else:
        match = _MONTH.match(text)
        if match and 1 <= int(match.group(2)) <= 12:
            return int(match.group(1)), f"{match.group(1)}-{match.group(2)}"
    expected = "YYYY" if freq == "A" else "YYYY-MM or YYYY-Mmm"
    raise SourceError(f"{where}: line {line} has TIME_PERIOD {text!r}; expected {expected}")


def _scale(value: str | None, where: str, line: int) -> int:
    """Power of ten the value is expressed in (SDMX UNIT_MULT / IMF SCALE); 0 when absent."""
    if value is None or not value.strip():
        return 0
    text = value.strip()
    if not (text.lstrip("-").isdigit() and abs(int(text)) <= MAX_SCALE):
        raise SourceError(f"{where}: line {line} has scale {text[:20]!r}; expected a whole power of ten "
                          f"between -{MAX_SCALE} and {MAX_SCALE}, such as 0 or 6")
    return int(text)


def fetch(
    reporter: str,
    partner: str,
    first_year: int,
    last_year: int,
    *,
    out_root: str | Path,
    freq: str = "A",
    url: str | None = None,
    chunk_years: int = DEFAULT_CHUNK_YEARS,
    policy: http.RetryPolicy | None = None,
    session: requests.Session | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    now: Callable[[], datetime] = utc_now,
) -> FetchResult:
    """Fetch both sides' goods exports (FOB) and imports (CIF) and write `<out_root>/imf-<R>-<P>/`.

    Monthly data (freq="M") has periods such as 2023-01. A 404 from the SDMX service means "no data
    for this key" and counts as an empty answer, not a failure.
    """
    rep = to_iso3(reporter)
    par = to_iso3(partner, allow_groups=True)
    if par in GROUPS:
        raise CountryError(f"partner {par} is a group; the IMF IMTS adapter takes countries only "
                           "(use --partner with an ISO3 country code)")
    if rep == par:
        raise CountryError(f"reporter and partner are both {rep}; expected two different economies")
    queries = plan(rep, par, first_year, last_year, root=base_url(url), freq=freq, chunk_years=chunk_years)
    headers = {"Accept": ACCEPT}
    key = current().imf_key
    if key:
        headers["Ocp-Apim-Subscription-Key"] = key
    return run_fetch(
        source=SOURCE, reporter=rep, partner=par, first_year=first_year, last_year=last_year,
        queries=queries, headers=headers, parse=lambda resp, q: parse(resp, q, freq=freq),
        out_root=Path(out_root), what=WHAT, auth_hint=AUTH_HINT, ok_statuses=(200, 404),
        policy=policy, session=session, progress=progress, warn=warn, now=now,
        fetch_notes=FETCH_NOTES + f" Frequency {FREQUENCIES[freq]}.",
        entry_notes="exports FOB (XG_FOB_USD), imports CIF (MG_CIF_USD), US dollars",
        variant="" if freq == "A" else "monthly",
    )
