#!/usr/bin/env python3
"""Build the tradebrief data snapshot from the research notes.

Reads the research CSVs (``--research``, default ``../shared/research`` beside the repository) and the
hand decisions in ``data/build/overrides.yaml``, and writes ``raw/{trade,partners,totals,products,
agreements,events,rail,labels}.csv`` and ``sources.yaml`` under ``--out`` (default ``data/``).

Deterministic: rows are sorted, columns fixed, ``\\n`` line endings, UTF-8; rerunning gives the same
bytes. Nothing is estimated: every figure is copied from a research row that carries a page URL and a
verbatim quote; where a row needs a judgement the rule is below or the decision is in overrides.yaml.

Rule-based defaults (anything else is an override, with its ``why``):
  * year_inferred: research notes say YEAR INFERRED / YEAR NOT STATED, or the quote does not print
    the year and uses relative wording ("last year", "прошлого года", "im vergangenen Jahr" ...).
  * bound: wording "over/exceeded/more than/более/превысил/lower bound" -> lower; "almost/nearly/
    почти/approached/come close" -> upper; "about/approximate/примерно/около/~" -> approx;
    "rounded" or a value with at most two significant digits -> rounded; otherwise exact.
  * scope: "goods and services" wording -> goods_and_services; goods wording ("trade in goods",
    "merchandise", "товаров/товарами", "商品", "bienes", "towarów") -> goods; otherwise unknown.
  * reliability (per citation): notes/organisation flag UNRELIABLE or LOW RELIABILITY -> doubtful;
    SECONDARY -> secondary; quote or organisation names statistics (Belstat, China Customs,
    "据中方统计", "согласно статистике", MOFCOM ...) -> official_statistics; an official figure in
    the trade files (reporter BLR/CHN) -> official_statement; anything else -> secondary.
  * basis (per trade figure, what the figure is): TDM -> aggregator; doubtful citation -> unsourced;
    statistics named in the quote or source (STATS_RE) or an official_statistics citation -> statistics;
    official_statement -> official; otherwise media.
  * scope_evidence: 'quote: <words>' / 'research note: <words>' where the scope rule matched, else
    'not stated'; hand readings ('inferred: ...', with the figures used) are overrides.
  * facts: repeated reports merge by tradebrief.data.facts (trade, partners, rail by value or standing;
    agreements by facts.same_document; events and agreements also by `merge_into` decisions); each merge
    is written to data/build/merges.csv. `part_of_key` resolves to the named row's source_id.
  * changes / disagreements: from the `changes:` and `disagreements:` lists of overrides.yaml; a
    change's words must be in its citation's quote.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RETRIEVED = "2026-11-28"
GRADES = ("official_statistics", "official_statement", "secondary", "doubtful")

sys.path.insert(0, str(REPO / "src"))
from tradebrief.data import facts  # noqa: E402  (the merge rule has one home, shared with the tests)
from tradebrief.data.quotes import value_in_quote  # noqa: E402  (one reading of numbers in quotes)
from tradebrief.data.schema import TABLES  # noqa: E402

COLUMNS = {name: list(t.columns) for name, t in TABLES.items()}
KEYS = {name: list(t.key) for name, t in TABLES.items()}
BASIS_ORDER = ("statistics", "official", "media", "aggregator", "unsourced")

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}

# ----------------------------------------------------------------------------------------- rules

LOWER_RE = re.compile(r"\bover\b|exceed|more than|более|превыс|lower bound|ponad|überstieg|más de|超", re.I)
UPPER_RE = re.compile(r"almost|nearly|почти|approach|come close|blisko|prawie|амаль|upper bound", re.I)
APPROX_RE = re.compile(r"about|approximate|примерно|около|around|roughly|około|\bestimate", re.I)
APPROX_SYM_RE = re.compile(r"[~≈]")
ROUNDED_RE = re.compile(r"\brounded\b", re.I)
G_AND_S_RE = re.compile(r"goods and services|goods_and_services|товаров и услуг|商品和服务|towarów i usług", re.I)
GOODS_RE = re.compile(r"trade in goods|merchandise|\(goods|goods,|товаров|товарами|商品|de bienes|towarów|"
                      r"Warenhandel", re.I)
RELATIVE_YEAR_RE = re.compile(r"last year|past year|previous year|\bago\b|прошл|минувш|нынешн|текущ|"
                              r"этого года|vergangenen|ubiegłym|лани|this year|去年|今年", re.I)
STATS_RE = re.compile(r"据中方统计|据白方统计|据中国海关总署统计|Согласно статистике|статистик[аи] китайской|Belstat|Biełstat|"
                      r"Национального статистического|China Customs|海关|海關|Commerce Ministry|"
                      r"Ministry of Commerce|estadísticas chinas|По подсчетам Китая|данным Нацбанка", re.I)
DOUBT_RE = re.compile(r"UNRELIABLE|LOW RELIABILITY", re.I)
SECONDARY_RE = re.compile(r"secondary", re.I)


def sig_digits(value: float) -> int:
    text = f"{abs(value):.6f}".replace(".", "").strip("0")
    return len(text)


def bound_of(words: str, value_text: str, value: float | None) -> str:
    """Bound from wording (rule order: lower, upper, approx, rounded, significant digits)."""
    if LOWER_RE.search(words):
        return "lower"
    if UPPER_RE.search(words):
        return "upper"
    if APPROX_RE.search(words) or APPROX_SYM_RE.search(value_text or ""):
        return "approx"
    if ROUNDED_RE.search(words):
        return "rounded"
    if value is not None and abs(value) >= 100 and sig_digits(value) <= 2:
        return "rounded"
    return "exact"


def scope_of(text: str) -> str:
    if G_AND_S_RE.search(text):
        return "goods_and_services"
    if GOODS_RE.search(text):
        return "goods"
    return "unknown"


def year_inferred_of(year: int, quote: str, notes: str) -> bool:
    if re.search(r"YEAR INFERRED|YEAR NOT STATED", notes or ""):
        return True
    return str(year) not in quote and bool(RELATIVE_YEAR_RE.search(quote))


def quoted_wording(unit_note: str) -> tuple[str, str]:
    """The quoted wording in a research unit_note, and the rest of the note."""
    m = re.search(r"'([^']+)'", unit_note)
    if not m:
        return unit_note.strip(), ""
    rest = (unit_note[:m.start()] + unit_note[m.end():]).strip(" ,;")
    return m.group(1).strip(), rest


NUM_RE = re.compile(
    r"(?P<num>\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)\s*"
    r"(?P<scale>mld|млрд|billion|bn|Milliarden|миллиард\w*|millones|million|mln|млн|milion\w*|亿|億|万|百萬)?"
    r"(?P<cur>\s*(?:dolarów|dol\.|долларов|доллара|даляраў|dollars|U\.S\. dollars|USD|美元|de dólares))?",
    re.I)
SCALES = {"mld": 1e9, "млрд": 1e9, "billion": 1e9, "bn": 1e9, "milliarden": 1e9, "millones": 1e6,
          "million": 1e6, "mln": 1e6, "млн": 1e6, "亿": 1e8, "億": 1e8, "万": 1e4, "百萬": 1e6}


def _num_candidates(num: str) -> list[float]:
    out = []
    for dec in (",", "."):
        other = "." if dec == "," else ","
        t = num.replace(" ", "").replace(other, "")
        t = t.replace(dec, ".")
        try:
            out.append(float(t))
        except ValueError:
            pass
    return out


def find_value_text(quote: str, value: float) -> str:
    """The wording of `value` in the quote ('14,5 mld dolarów'), with a bound word before it."""
    m = re.search(r"(мінус\s*|минус\s*)?(\d+)\s*млрд\s*(\d+)\s*млн\s*(даляраў|долларов)?", quote)
    if m and abs(int(m.group(2)) * 1e9 + int(m.group(3)) * 1e6 - abs(value)) < 0.5:
        return m.group(0).strip()
    for m in NUM_RE.finditer(quote):
        scale_word = (m.group("scale") or "").lower()
        if scale_word.startswith("миллиард"):
            scale_word = "млрд"
        if scale_word.startswith("milion"):
            scale_word = "mln"
        scales = [SCALES[scale_word]] if scale_word else [1.0, 1e6]
        hit = any(abs(c * s - abs(value)) < 0.5 for c in _num_candidates(m.group("num")) for s in scales)
        if not hit:
            continue
        start = m.start()
        before = quote[max(0, start - 22):start]
        words = re.findall(r"[\w$€¥~]+\W*$", before)
        pre = ""
        w = re.search(r"(более чем в|more than|over|almost|nearly|blisko|ponad|почти|более|около|about|around|"
                      r"an estimated|estimated|roughly|мінус|minus|до)\s*[$€¥]?\s*$", before, re.I)
        if w:
            pre = before[w.start():]
        elif before.endswith("$") or before.endswith("US$") or before.endswith("¥"):
            pre = "$" if before.endswith("$") else "¥"
        del words
        text = (pre + quote[start:m.end()]).strip()
        # Belarusian/Russian "9 млрд 600 млн": take the millions part too.
        tail = re.match(r"\s*\d+\s*млн\s*(даляраў|долларов)?", quote[m.end():])
        if tail and scale_word == "млрд":
            text += tail.group(0).rstrip()
        return text
    return ""


# --------------------------------------------------------------------------------- language & slug

def detect_language(text: str) -> str:
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    if re.search(r"[\u0400-\u04ff]", text):
        if re.search(r"[јљњћђ]", text):
            return "sr"
        if re.search(r"[ўі]", text):
            return "be"
        return "ru"
    low = f" {text.lower()} "
    if re.search(r"[ąćęłńśźż]|³|\bproc\.|\bmld\b|\bw \d{4}|\bsię\b|\boraz\b| z | na ", low):
        return "pl"
    if re.search(r"[äöüß]| der | die | und | im | das | ist | mit ", low):
        return "de"
    if re.search(r" hanno | della | dalla | vengono | treni | di | il ", low):
        return "it"
    if re.search(r"[ãõê]| os | ficou | um | não | dos ", low):
        return "pt"
    if re.search(r"[ñ¿¡]|más | el | los | las | del | se | fue ", low):
        return "es"
    return "en"


GENERIC_SLD = {"com", "org", "gov", "net", "co", "edu", "ac"}


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def slug_of(url: str, slugs: dict) -> str:
    host = host_of(url)
    if host in slugs:
        return slugs[host]
    if re.fullmatch(r"[\d.]+", host):
        return "ip-" + host.replace(".", "-")
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp")]
    if len(parts) >= 3 and parts[-2] in GENERIC_SLD:
        name, sub = parts[-3], parts[:-3]
    elif len(parts) >= 2:
        name, sub = parts[-2], parts[:-2]
    else:
        name, sub = parts[0], []
    slug = name
    if sub:
        slug += "-" + "-".join(sub)
    elif len(name) <= 4:
        slug += "-" + parts[-1]
    slug = re.sub(r"[^a-z0-9-]+", "-", slug).strip("-")[:24].strip("-")
    return slug


# ------------------------------------------------------------------------------------- citations

class Sources:
    def __init__(self, ov: dict):
        self.ov = ov
        self.cites: dict[tuple[str, str], dict] = {}
        self.by_id: dict[str, dict] = {}

    def cite(self, url: str, quote: str, via: str, publisher: str, *, official: bool = False,
             flags: str = "", stats_text: str = "", retrieved: str = "") -> str:
        url, quote = url.strip(), quote.strip()
        if not url or not quote:
            raise SystemExit(f"row without url/quote in {via}: {url!r} {quote!r}")
        key = (url, quote)
        c = self.cites.get(key)
        if c is None:
            h = hashlib.sha1((url + "\n" + quote).encode("utf-8")).hexdigest()[:6]
            c = {"id": f"{slug_of(url, self.ov.get('slugs', {}))}-{h}", "url": url, "quote": quote,
                 "via": via, "publisher": publisher, "official": False, "flags": "", "stats": "",
                 "retrieved": retrieved or RETRIEVED}
            self.cites[key] = c
            self.by_id[c["id"]] = c
        c["official"] = c["official"] or official
        c["flags"] += " " + flags
        c["stats"] += " " + stats_text
        return c["id"]

    def grade(self, c: dict) -> str:
        for rule in self.ov.get("reliability_by_quote", []):
            if rule["url"] == c["url"] and rule["quote_contains"] in c["quote"]:
                return rule["grade"]
        rel = self.ov.get("reliability", {})
        if c["url"] in rel:
            return rel[c["url"]]["grade"]
        if DOUBT_RE.search(c["flags"]):
            return "doubtful"
        if SECONDARY_RE.search(c["flags"]):
            return "secondary"
        if STATS_RE.search(c["quote"] + " " + c["stats"]):
            return "official_statistics"
        return "official_statement" if c["official"] else "secondary"

    def language(self, c: dict) -> str:
        return self.ov.get("language", {}).get(c["url"], {}).get("lang") or detect_language(c["quote"])

    def publisher(self, c: dict) -> str:
        for rule in self.ov.get("publishers_by_quote", []):  # one quote of a page (an official citing statistics)
            if rule["url"] == c["url"] and rule["quote_contains"] in c["quote"]:
                return rule["publisher"]
        return self.ov.get("publishers", {}).get(c["url"]) or c["publisher"]

    def dump(self, keep: set[str]) -> str:
        """sources.yaml text for the citations that shipped rows use (dropped rows leave none)."""
        out = ["# Citations behind every figure in data/raw/. One entry = one page + one verbatim quote.",
               "sources:"]
        ids = {}
        for c in self.cites.values():
            if c["id"] not in keep:
                continue
            if c["id"] in ids:
                raise SystemExit(f"source id collision {c['id']}")
            ids[c["id"]] = c
        for sid in sorted(ids):
            c = ids[sid]
            grade = self.grade(c)
            assert grade in GRADES, grade
            out += [f"  {sid}:",
                    f"    publisher: {js(self.publisher(c))}",
                    f"    url: {js(c['url'])}",
                    f"    retrieved: \"{c['retrieved']}\"",
                    f"    quote: {js(c['quote'])}",
                    f"    language: {self.language(c)}",
                    f"    reliability: {grade}",
                    f"    via: {c['via']}"]
        return "\n".join(out) + "\n"


def js(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


# ------------------------------------------------------------------------------------------ helpers

#: This project's own research rows, in the same layout as ../shared/research (plus a `retrieved`
#: column, since they were read on another day); appended to the shared file of the same name.
OWN_RESEARCH = HERE / "research"


def read(research: Path, rel: str) -> list[dict]:
    rows = []
    for path in (research / rel, OWN_RESEARCH / rel):
        if path.exists() or path == research / rel:
            with open(path, encoding="utf-8", newline="") as fh:
                rows += [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]
    return rows


def join_notes(*parts: str) -> str:
    seen, out = set(), []
    for p in parts:
        p = (p or "").strip()
        if p and p not in seen:
            seen.add(p)
            out.append(p)
    return " | ".join(out)


def month_period(year: int, text: str) -> str | None:
    """'Jan-Jun 2016' / 'Jan-Aug' / 'H1' / 'as of Sept' -> period string, or None."""
    t = text.lower()
    m = re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s*[-–]\s*"
                  r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*", t)
    if m:
        return f"{year}-{MONTHS[m.group(1)]:02d}..{year}-{MONTHS[m.group(2)]:02d}"
    if re.search(r"\bh1\b", t):
        return f"{year}-01..{year}-06"
    m = re.search(r"as of (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", t)
    if m:
        return f"{year}-{MONTHS[m.group(1)]:02d}"
    return None


def fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return repr(v)
    return str(v)


def to_int_usd(text: str) -> int:
    v = float(text)
    if not v.is_integer():
        raise SystemExit(f"non-integer dollar value {text!r}")
    return int(v)


def sort_key(table: str, row: dict):
    def k(col):
        v = row.get(col)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return (0, v, "")
        return (1, 0, fmt(v))
    order = {
        "trade": ["year", "period", "reporter", "economy", "partner", "flow", "source_id"],
        "partners": ["year", "period", "reporter", "economy", "flow", "rank", "partner", "source_id"],
        "totals": ["economy", "indicator", "scope", "year", "period", "source_id"],
        "products": ["year", "period", "exporter", "importer", "product", "source_id"],
        "agreements": ["date", "title", "source_id"],
        "events": ["date", "title", "source_id"],
        "rail": ["year", "period", "metric", "unit", "source_id"],
        "labels": ["country", "label_original", "source_id"],
        "changes": ["year", "period", "base_period", "reporter", "economy", "partner", "flow", "measure",
                    "source_id"],
        "disagreements": ["period", "base_period", "reporter", "economy", "partner", "flow", "source_id"],
    }[table]
    return tuple(k(c) for c in order) + tuple(k(c) for c in COLUMNS[table])


def write_csv(path: Path, table: str, rows: list[dict]) -> None:
    seen = {}
    for r in rows:
        key = tuple(fmt(r.get(c)) for c in KEYS[table])
        if key in seen:
            raise SystemExit(f"duplicate key in {table}: {key}")
        seen[key] = r
    rows = sorted(rows, key=lambda r: sort_key(table, r))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS[table])
    for r in rows:
        extra = set(r) - set(COLUMNS[table])
        if extra:
            raise SystemExit(f"{table}: unexpected fields {extra}")
        w.writerow([fmt(r.get(c)) for c in COLUMNS[table]])
    path.write_bytes(buf.getvalue().encode("utf-8"))


MERGE_COLUMNS = ["table", "cell", "fact_source_id", "merged_source_id", "merged_value", "merged_wording",
                 "merged_bound", "merged_scope", "merged_period", "merged_year_inferred", "gave", "rule"]


def write_merges(path: Path, merges: list[dict]) -> None:
    """data/build/merges.csv: every report merged into another fact, and by which rule (never silent)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=MERGE_COLUMNS, lineterminator="\n", restval="")
    w.writeheader()
    for m in sorted(merges, key=lambda m: tuple(str(m.get(c, "")) for c in MERGE_COLUMNS)):
        w.writerow(m)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def apply_row_override(ov: dict, key: str, row: dict, used: set) -> dict | None:
    """Apply overrides['rows'][key] to row; returns None when the override drops the row."""
    o = ov.get("rows", {}).get(key)
    if o is None:
        return row
    used.add(key)
    if o.get("drop"):
        return None
    for k, v in o.items():
        if k in ("why", "drop"):
            continue
        if k in ("merge_into", "part_of_key", "same_what"):
            row["_" + k] = v
            row["_why"] = o.get("why", "")
            continue
        if k == "notes_add":
            row["notes"] = join_notes(row.get("notes", ""), v)
        else:
            row[k] = v
    return row


# ---------------------------------------------------------------------------------------- tables

def build_trade(research, src, ov, used):
    rows = []
    seen_values = set()  # (url, year, flow, value) already shipped from annual/partial
    additions = sorted(str(p.relative_to(research)) for p in (research / "trade").glob("additions_*.csv"))
    for rel in ("trade/annual_bilateral.csv", "trade/partial_year.csv", *additions):
        for r in read(research, rel):
            year = int(r["year"])
            value = to_int_usd(r["value_usd"])
            period = r.get("period") or str(year)
            if not re.fullmatch(r"\d{4}(-\d{2})?(-\d{2})?(\.\.\d{4}-\d{2}(-\d{2})?)?", period):
                period = f"{year}-part"
            rkey = f"{rel} | {r['year']} | {r['reporter']} | {r['flow']} | {value} | {r['source_url']}"
            reporter, partner = r["reporter"], r["partner"]
            if partner == "BLR/CHN":
                economy, partner = "BLR", "CHN"
            elif reporter in ("BLR", "CHN"):
                economy = reporter
            else:
                raise SystemExit(f"unhandled reporter/partner {rkey}")
            value_text, rest = quoted_wording(r["unit_note"])
            notes = join_notes(r["notes"], f"unit note: {rest}" if rest else "")
            official = reporter in ("BLR", "CHN")
            sid = src.cite(r["source_url"], r["quote"], rel, r["source_org"], official=official,
                           flags=r["notes"] + " " + r["source_org"], stats_text=r["source_org"])
            row = {
                "year": year, "period": period, "reporter": reporter, "economy": economy,
                "partner": partner, "flow": r["flow"], "value_usd": value, "value_text": value_text,
                "bound": bound_of(r["unit_note"], value_text, value),
                "scope": scope_of(r["unit_note"] + " " + r["quote"]),
                "scope_evidence": scope_evidence_of(r["quote"], r["unit_note"]),
                "year_inferred": year_inferred_of(year, r["quote"], r["notes"]),
                "source_id": sid, "notes": notes, "_stats_text": r["source_org"] + " " + r["quote"],
            }
            row = apply_row_override(ov, rkey, row, used)
            if row is None:
                continue
            inherit_publication_tags(ov, r["source_url"], row, rkey)
            seen_values.add((r["source_url"], year, r["flow"], value))
            rows.append(row)
    # value rows of partners.csv (bilateral values of Belarus with other partners)
    for r in read(research, "trade/partners.csv"):
        if not r["value_usd"]:
            continue
        year = int(r["year"])
        value = to_int_usd(r["value_usd"])
        flow, scope_q, qual = parse_flow(r["flow"])
        rkey = f"trade/partners.csv | {r['year']} | {r['reporter']} | {r['partner']} | {r['flow']} | {value} | {r['source_url']}"
        if (r["source_url"], year, flow, value) in seen_values:
            o = ov.get("rows", {}).get(rkey)
            if not (o and o.get("dedup")):
                raise SystemExit(f"partners value duplicates an annual/partial row without a dedup "
                                 f"decision in overrides.yaml: {rkey}")
            used.add(rkey)
            continue
        period = month_period(year, qual) or str(year)
        reporter, economy, rnote = partners_reporter(r["reporter"], r["partner"])
        partner = "EUU" if r["partner"] == "EU" else r["partner"]
        value_text = find_value_text(r["quote"], value)
        words = value_text + " " + qual
        sid = src.cite(r["source_url"], r["quote"], "trade/partners.csv",
                       f"{host_of(r['source_url'])}: Belarus trade with partners, {year}", flags=r["reporter"])
        row = {
            "year": year, "period": period, "reporter": reporter, "economy": economy, "partner": partner,
            "flow": flow, "value_usd": value, "value_text": value_text,
            "bound": bound_of(words, value_text, value),
            "scope": scope_q or scope_of(r["quote"]),
            "scope_evidence": (f"research note: flow given as '{r['flow']}'" if scope_q
                               else scope_evidence_of(r["quote"], "")),
            "year_inferred": year_inferred_of(year, r["quote"], ""),
            "source_id": sid, "notes": join_notes(rnote, qual if qual and not month_period(year, qual) else ""),
            "_stats_text": r["quote"],
        }
        row = apply_row_override(ov, rkey, row, used)
        if row is not None:
            rows.append(row)
    for r in rows:
        if r["value_usd"] < 0:
            raise SystemExit(f"negative trade value {r}")
    for r in rows:
        r.setdefault("basis", basis_of(src, r))
        r.pop("_stats_text", None)
        r.pop("why_basis", None)
    return rows


PUBLICATION_TAGS = ("scope", "scope_evidence", "basis")


def publication_of(ov: dict, url: str) -> dict | None:
    """The publication (overrides `publications:`) a page is the original or a copy of, if any."""
    return next((p for p in ov.get("publications", []) if url in p["urls"]), None)


def inherit_publication_tags(ov: dict, url: str, row: dict, rkey: str) -> None:
    """A copy of a publication carries the original's scope, scope evidence and basis (one tagging for
    every copy of one text: the PRC MFA profile on chinanews and on a web-novel site alike).

    A row override that tags the copy differently stops the build: the decision belongs to the
    publication, not to one of its copies.
    """
    pub = publication_of(ov, url)
    if pub is None:
        return
    o = ov.get("rows", {}).get(rkey, {})
    clash = [t for t in PUBLICATION_TAGS if t in o and o[t] != pub[t]]
    if clash:
        raise SystemExit(f"{rkey}: override sets {', '.join(clash)} unlike its publication "
                         f"{pub['name']!r}; a copy inherits the original's tags (overrides.yaml publications)")
    for t in PUBLICATION_TAGS:
        row[t] = pub[t]


def check_copies_tagged_alike(trade: list[dict], changes: list[dict], src: Sources, ov: dict) -> None:
    """Every figure read from copies of one publication has the same scope and basis, in trade and in
    printed changes; otherwise the build stops naming the rows (the class of issue 25, item 1)."""
    for pub in ov.get("publications", []):
        ids = {c["id"] for c in src.cites.values() if c["url"] in pub["urls"]}
        tags = {}
        for r in trade:
            if ids & set(r["source_ids"].split(";")):
                tags.setdefault((r["scope"], r["basis"]), []).append(f"trade {r['period']} {r['flow']} {r['source_id']}")
        for c in changes:
            if ids & set(c["source_ids"].split(";")):
                tags.setdefault((c["scope"], pub["basis"]), []).append(f"change {c['period']} {c['value_text']}")
        if len(tags) > 1:
            raise SystemExit(f"copies of {pub['name']!r} are tagged differently: "
                             + "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(tags.items())))


def scope_evidence_of(quote: str, unit_note: str) -> str:
    """'quote: ...' when the quote says goods / goods and services, 'research note: ...', else 'not stated'."""
    for text, label in ((quote, "quote"), (unit_note, "research note")):
        m = G_AND_S_RE.search(text) or GOODS_RE.search(text)
        if m:
            return f"{label}: '{m.group(0).strip(' ,(')}'"
    return "not stated"


def basis_of(src: Sources, row: dict) -> str:
    """Whose statistics, by what the figure is (rule in data/README.md), before who published it."""
    if row["reporter"] == "TDM":
        return "aggregator"
    c = src.by_id[row["source_id"]]
    grade = src.grade(c)
    if grade == "doubtful":
        return "unsourced"
    if grade == "official_statistics" or STATS_RE.search(row.get("_stats_text", "") + " " + c["quote"]):
        return "statistics"
    return "official" if grade == "official_statement" else "media"


def _wording(r: dict) -> str:
    if "value_text" in r and r.get("value_text"):
        return str(r["value_text"])
    if "rank" in r:
        return "; ".join(f"{c} {fmt(r[c])}" for c in ("rank", "share_pct") if r.get(c) is not None)
    return str(r.get("title", ""))


def _merge_record(table: str, cell: tuple[str, ...], fact: dict, r: dict, rule: str,
                  gave: list[str] = ()) -> dict:
    """One row of merges.csv; `gave` names the fact's fields taken from this report (the rest, and the
    value and wording, come from the fact's own `source_id`)."""
    value = r.get("value_usd", r.get("value", r.get("rank")))
    return {"table": table, "cell": " | ".join(fmt(fact.get(c)) for c in cell),
            "fact_source_id": fact["source_id"], "merged_source_id": r["source_id"],
            "merged_value": fmt(value), "merged_wording": _wording(r), "merged_bound": fmt(r.get("bound")),
            "merged_scope": fmt(r.get("scope")), "merged_period": fmt(r.get("period", r.get("date"))),
            "merged_year_inferred": fmt(r.get("year_inferred")), "gave": "; ".join(gave), "rule": rule}


def _supplied(gave: dict[str, list[str]], anchor: dict, by: dict, field: str) -> None:
    """Record that `by`, not the fact's own report `anchor`, gave the fact its `field`."""
    if by is not anchor:
        gave[by["source_id"]].append(field)


def publisher_first(rows_g: list[dict], ov: dict, src_urls: dict[str, str]) -> list[dict]:
    """The reports of one fact with the publisher's own page first (overrides `publisher_pages`: the
    PRC foreign ministry, the president of Belarus, BelTA, Belstat ...) when it prints the fact as
    precisely as the most precise report: a copy (a web-novel site, a trade-news item, a blog) stays
    a later citation (issue 25: cite the publisher's own statement, keep the copy)."""
    own = tuple(ov.get("publisher_pages", []))
    if not own or src_urls[rows_g[0]["source_id"]].startswith(own):
        return rows_g
    best = facts.precision_key(rows_g[0])[:2]
    for i, r in enumerate(rows_g[1:], start=1):
        if src_urls[r["source_id"]].startswith(own) and facts.precision_key(r)[:2] == best \
                and r.get("value_usd", r.get("value")) == rows_g[0].get("value_usd", rows_g[0].get("value")):
            return [r] + rows_g[:i] + rows_g[i + 1:]
    return rows_g


def merge_facts(table: str, rows: list[dict], cell: tuple[str, ...], ov: dict, merges: list[dict],
                src_urls: dict[str, str] | None = None) -> list[dict]:
    """One row per fact: repeated reports (facts.group_figures) become one row citing them all.

    The row keeps the most precise report's value and wording; its scope is the one a report states,
    its year counts as stated when any report states it, its basis is the best any report gives.
    Every merged report is listed in data/build/merges.csv; an ambiguous report stops the build.
    """
    distinct = [frozenset(p["source_ids"]) for p in ov.get("distinct_facts", [])]
    src_urls = src_urls or {r["source_id"]: "" for r in rows}
    by_cell: dict[tuple, list[dict]] = {}
    for r in rows:
        by_cell.setdefault(tuple(fmt(r[c]) for c in cell), []).append(r)
    out = []
    for key in sorted(by_cell):
        members = by_cell[key]
        groups, ambiguous = facts.group_figures(members, cell, distinct)
        if ambiguous:
            i, hits = ambiguous[0]
            others = [members[groups[g][0]]["source_id"] for g in hits]
            raise SystemExit(f"{table} {key}: {members[i]['source_id']} is the same fact as several figures "
                             f"({', '.join(others)}); decide in overrides.yaml distinct_facts")
        for g in groups:
            rows_g = publisher_first([members[i] for i in g], ov, src_urls)
            fact = dict(rows_g[0])
            gave: dict[str, list[str]] = {r["source_id"]: [] for r in rows_g[1:]}  # fields another report supplied

            def supplied(field: str, by: dict) -> None:
                _supplied(gave, rows_g[0], by, field)  # noqa: B023 - called within this iteration only

            if table in ("trade", "partners"):
                known = [r for r in rows_g if r["scope"] != "unknown"]
                if known:
                    fact["scope"] = known[0]["scope"]
                    supplied("scope", known[0])
                    if "scope_evidence" in fact:
                        fact["scope_evidence"] = known[0]["scope_evidence"]
            if "year_inferred" in fact:
                fact["year_inferred"] = all(r["year_inferred"] for r in rows_g)
                if rows_g[0]["year_inferred"] and not fact["year_inferred"]:
                    supplied("stated year", next(r for r in rows_g if not r["year_inferred"]))
            if "basis" in fact:
                best = min(rows_g, key=lambda r: BASIS_ORDER.index(r["basis"]))
                fact["basis"] = best["basis"]
                if best["basis"] != rows_g[0]["basis"]:
                    supplied("basis", best)
            for col in ("rank", "share_pct"):
                if col in fact and fact[col] is None:
                    giver = next((r for r in rows_g if r[col] is not None), None)
                    if giver is not None:
                        fact[col] = giver[col]
                        supplied(col, giver)
            fact["source_ids"] = ";".join(dict.fromkeys(r["source_id"] for r in rows_g))
            if len(rows_g) > 1:
                fact["notes"] = join_notes(fact.get("notes") or "", "One fact reported by " + ", ".join(
                    f"{r['source_id']} ('{_wording(r)}')" for r in rows_g) + " (data/build/merges.csv).")
            for r in rows_g[1:]:
                merges.append(_merge_record(table, cell, fact, r, "same cell, compatible scope, values agree "
                                                                  "(facts.same_fact)", gave=gave[r["source_id"]]))
            out.append(fact)
    return out


def merge_by_decision(table: str, rows: list[dict], merges: list[dict]) -> list[dict]:
    """Rows whose override says `merge_into: <research key>` become citations of that row (listed).

    Also resolves `part_of_key: <research key>` to the source_id of the row it names.
    """
    by_key = {r["_rkey"]: r for r in rows}
    out = []
    for r in rows:
        target = r.pop("_merge_into", None)
        if target is None:
            out.append(r)
            continue
        anchor = by_key.get(target)
        if anchor is None:
            raise SystemExit(f"{table}: merge_into names no row: {target!r}")
        anchor["source_ids"] = ";".join(dict.fromkeys((anchor.get("source_ids") or anchor["source_id"]).split(";")
                                                      + [r["source_id"]]))
        anchor["notes"] = join_notes(anchor.get("notes") or "", f"Same {r.get('_same_what', 'fact')} as "
                                     f"{r['source_id']} ('{r['title']}', {r['date']}) (data/build/merges.csv).")
        merges.append(_merge_record(table, ("date", "title"), anchor, r, f"hand decision: {r.pop('_why')}"))
    for r in out:
        key = r.pop("_part_of_key", None)
        if key is not None:
            if key not in by_key:
                raise SystemExit(f"{table}: part_of_key names no row: {key!r}")
            r["part_of"] = by_key[key]["source_id"]
        r.pop("_rkey", None)
        r.pop("_why", None)
        r.pop("_same_what", None)
    return out


def parse_flow(text: str) -> tuple[str, str, str]:
    m = re.match(r"^(turnover|export|import)(?:_(goods_and_services|goods))?\s*(?:\((.*)\))?$", text.strip())
    if not m:
        raise SystemExit(f"unparsed partners flow {text!r}")
    return m.group(1), m.group(2) or "", (m.group(3) or "").strip()


def partners_reporter(reporter: str, partner: str) -> tuple[str, str, str]:
    if reporter.startswith("TDM"):
        return "TDM", "BLR", reporter
    if reporter == "CHN" and partner == "CHN":
        return "CHN", "BLR", "China's own statement of its rank among Belarus's partners"
    if reporter == "UNK":
        return "UNK", "BLR", ""
    if reporter == "BLR":
        return "BLR", "BLR", ""
    raise SystemExit(f"unhandled partners reporter {reporter!r}")


def build_partners(research, src, ov, used):
    rows = []
    for r in read(research, "trade/partners.csv"):
        if not r["rank"] and not r["share_pct"]:
            continue
        year = int(r["year"])
        flow, scope_q, qual = parse_flow(r["flow"])
        period = month_period(year, qual) or str(year)
        reporter, economy, rnote = partners_reporter(r["reporter"], r["partner"])
        partner = "EUU" if r["partner"] == "EU" else r["partner"]
        rank_text = r["rank"]
        tied = "tie" in rank_text
        rank = int(re.match(r"\d+", rank_text).group(0)) if rank_text else None
        official = False
        sid = src.cite(r["source_url"], r["quote"], "trade/partners.csv",
                       f"{host_of(r['source_url'])}: Belarus trade partners (ranks/shares), {year}",
                       official=official, flags=r["reporter"])
        row = {
            "year": year, "period": period, "reporter": reporter, "economy": economy, "partner": partner,
            "flow": flow, "rank": rank, "tied": tied, "share_pct": r["share_pct"] or None,
            "scope": scope_q or scope_of(r["quote"]),
            "year_inferred": year_inferred_of(year, r["quote"], ""), "source_id": sid,
            "notes": join_notes(rnote, qual if qual and not month_period(year, qual) else "",
                                f"rank given as '{rank_text}'" if tied else ""),
        }
        rkey = f"trade/partners.csv | {r['year']} | {r['reporter']} | {r['partner']} | {r['flow']} | rank {rank_text} | share {r['share_pct']} | {r['source_url']}"
        row = apply_row_override(ov, rkey, row, used)
        if row is not None:
            rows.append(row)
    return rows


def build_totals(research, src, ov, used):
    rows = []
    for r in read(research, "trade/totals.csv"):
        year = int(r["year"])
        m = re.match(r"^(export|import|balance)(?:_(goods_and_services|goods|foreign_trade))?\s*(?:\((.*)\))?$",
                     r["flow"])
        if not m:
            raise SystemExit(f"unparsed totals flow {r['flow']!r}")
        indicator, sc, qual = m.group(1), m.group(2) or "", (m.group(3) or "")
        scope = sc if sc in ("goods", "goods_and_services") else scope_of(qual)
        value = to_int_usd(r["value_usd"])
        if value < 0 and indicator != "balance":
            raise SystemExit(f"negative non-balance total {r}")
        if "Trade Data Monitor" in qual:
            reporter = "TDM"
        elif re.search(r"Belstat|National Bank|Minister|FM ", qual):
            reporter = "BLR"
        else:
            reporter = "UNK"
        value_text = find_value_text(r["quote"], value)
        sid = src.cite(r["source_url"], r["quote"], "trade/totals.csv",
                       f"{host_of(r['source_url'])}: Belarus total {indicator} ({qual or 'basis not stated'})",
                       flags=qual, stats_text=qual)
        row = {
            "year": year, "period": str(year), "economy": r["country"], "reporter": reporter,
            "indicator": indicator, "scope": scope, "value_usd": value, "value_text": value_text,
            "bound": bound_of(value_text + " " + qual, value_text, value), "source_id": sid,
            "notes": join_notes(f"research: {qual}" if qual else ""),
        }
        rkey = f"trade/totals.csv | {r['year']} | {r['flow']} | {r['source_url']}"
        row = apply_row_override(ov, rkey, row, used)
        if row is not None:
            rows.append(row)
    return rows


def build_products(research, src, ov, used):
    table = ov.get("products", {})
    rows = {}
    for r in read(research, "trade/products.csv"):
        key = f"{r['year']} | {r['product']}"
        o = table.get(key)
        if o is None:
            raise SystemExit(f"products row without a decision in overrides.yaml: {key!r}")
        used.add("products: " + key)
        year = int(r["year"])
        value = to_int_usd(r["value_usd"]) if r["value_usd"] else None
        share = r["share_pct"] or None
        sid = src.cite(r["source_url"], r["quote"], "trade/products.csv",
                       f"{host_of(r['source_url'])}: {r['exporter']}->{r['importer']} products, {r['product']}",
                       flags=r["product"], stats_text=r["product"])
        row = {
            "year": year, "period": o.get("period", str(year)), "exporter": r["exporter"],
            "importer": r["importer"], "product": o["product"], "value_usd": value, "share_pct": share,
            "share_basis": o.get("share_basis") if share else None,
            "qualitative": value is None and share is None,
            "year_inferred": o.get("year_inferred", year_inferred_of(year, r["quote"], "")),
            "source_id": sid, "notes": join_notes(f"research label: {r['product']}", o.get("notes", "")),
        }
        k = (sid, row["period"], row["exporter"], row["importer"], row["product"])
        if k in rows:  # same product from the same quote: one row with value and share
            old = rows[k]
            for f in ("value_usd", "share_pct", "share_basis"):
                if old[f] is None:
                    old[f] = row[f]
                elif row[f] is not None and row[f] != old[f]:
                    raise SystemExit(f"conflicting merge {k} {f}")
            old["qualitative"] = old["value_usd"] is None and old["share_pct"] is None
            old["notes"] = join_notes(old["notes"], row["notes"])
        else:
            rows[k] = row
    return list(rows.values())


def build_agreements(research, src, ov, used):
    rows = []
    for r in read(research, "relations/agreements.csv"):
        rkey = f"relations/agreements.csv | {r['date']} | {r['document_title']}"
        value = to_int_usd(r["value_usd"]) if r["value_usd"] else None
        sid = src.cite(r["source_url"], r["quote"], "relations/agreements.csv",
                       f"{host_of(r['source_url'])}: {r['event']}", flags=r["notes"])
        row = {
            "date": r["date"], "event": r["event"], "title": r["document_title"],
            "doc_type": r["document_type"], "sector": r["sector"] or None, "parties": r["parties"] or None,
            "value_usd": value, "value_text": find_value_text(r["quote"], value) if value else None,
            "year_inferred": False, "source_id": sid, "notes": r["notes"] or None, "_rkey": rkey,
        }
        row = apply_row_override(ov, rkey, row, used)
        if row is None:
            continue
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["date"]):
            raise SystemExit(f"agreement date {row['date']!r} needs a decision: {rkey}")
        cite_value_quote(src, row, r)
        for part in split_parts(row, rkey):
            check_value_in_quote(src, part, rkey)
            if part["value_usd"] is not None and not part.get("value_kind"):
                raise SystemExit(f"agreement value without a value_kind decision in overrides.yaml: {rkey}")
            rows.append(part)
    return rows


def cite_value_quote(src: Sources, row: dict, r: dict) -> None:
    """`value_citation` (overrides): the verbatim sentence that prints the value becomes the row's main
    citation; the research row's own quote stays as the second."""
    vc = row.pop("value_citation", None)
    if vc is None:
        return
    sid = src.cite(vc["url"], vc["quote"], vc.get("via", "relations/agreements.csv"),
                   vc.get("publisher", f"{host_of(vc['url'])}: {r['event']}"), retrieved=vc.get("retrieved", ""))
    row["source_ids"] = f"{sid};{row['source_id']}"
    row["source_id"] = sid


def split_parts(row: dict, rkey: str) -> list[dict]:
    """`split` (overrides): one research row printing several values ('$3 billion credit ... $4 billion
    in commercial credit') becomes one row per printed value, never their sum."""
    parts = row.pop("split", None)
    if not parts:
        return [row]
    out = []
    for p in parts:
        part = dict(row)
        part.update({k: v for k, v in p.items()})
        part["value_text"] = p.get("value_text")
        part["_rkey"] = f"{rkey} | {p['title']}"
        out.append(part)
    return out


def check_value_in_quote(src: Sources, row: dict, rkey: str) -> None:
    """A value is printed in the quote of the citation it rests on, or it is not a value (issue 25,
    item 3): the wording is read from that quote, and a hand-set wording must be a passage of it."""
    if row["value_usd"] is None:
        return
    quote = src.by_id[row["source_id"]]["quote"]
    found = find_value_text(quote, row["value_usd"])
    if not found:
        raise SystemExit(f"agreements: value {row['value_usd']} is not printed in the quote of {row['source_id']} "
                         f"({rkey}); cite the sentence that prints it (value_citation), split it into the printed "
                         "parts (split), or drop the value")
    if not row.get("value_text"):
        row["value_text"] = found
    elif row["value_text"] not in quote:
        raise SystemExit(f"agreements: value_text {row['value_text']!r} is not a passage of the quote of "
                         f"{row['source_id']} ({rkey})")


def merge_documents(rows: list[dict], merges: list[dict]) -> list[dict]:
    """Agreements reported twice (facts.same_document) become one row citing both (listed in merges.csv).

    The row kept is the one with the most precise date (then the lower source_id).
    """
    order = sorted(rows, key=lambda r: (-len(r["date"]), r["source_id"]))
    kept: list[dict] = []
    for r in order:
        anchor = next((k for k in kept if facts.same_document(k, r)), None)
        if anchor is None:
            kept.append(r)
            continue
        anchor["source_ids"] = ";".join(dict.fromkeys((anchor.get("source_ids") or anchor["source_id"]).split(";")
                                                      + [r["source_id"]]))
        anchor["notes"] = join_notes(anchor.get("notes") or "", f"Same document as {r['source_id']} "
                                     f"('{r['title']}', {r['date']}) (data/build/merges.csv).")
        merges.append(_merge_record("agreements", ("date", "title"), anchor, r,
                                    "same occasion, type and date, same value of the same kind or one joint "
                                    "statement (facts.same_document)"))
        # a part of the merged row belongs to the kept one
        for other in rows:
            if other.get("_part_of_key") == r["_rkey"]:
                other["_part_of_key"] = anchor["_rkey"]
    return kept


def build_events(research, src, ov, used):
    rows = []
    for r in read(research, "relations/events.csv"):
        sid = src.cite(r["source_url"], r["quote"], "relations/events.csv",
                       f"{host_of(r['source_url'])}: {r['event']}", flags="", retrieved=r.get("retrieved", ""))
        rkey = f"relations/events.csv | {r['date']} | {r['event']}"
        row = {"date": r["date"], "category": r["category"], "title": r["event"],
               "actors": r["actors"] or None, "description": r["description"] or None,
               "source_id": sid, "notes": None, "_rkey": rkey}
        row = apply_row_override(ov, rkey, row, used)
        if row is not None:
            rows.append(row)
    return rows


def parse_rail_value(text: str) -> tuple[str, str | None, str | None]:
    """'~930000' -> ('930000', None, 'approx'); '85-90' -> ('85', '90', 'range'); '>x', 'x+' -> lower."""
    t = text.strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", t)
    if m:
        return m.group(1), m.group(2), "range"
    if t.startswith("~"):
        return t[1:], None, "approx"
    if t.startswith(">"):
        return t[1:], None, "lower"
    if t.endswith("+"):
        return t[:-1], None, "lower"
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return t, None, None
    raise SystemExit(f"rail value {text!r} needs a split decision in overrides.yaml")


def num(text: str | None):
    if text in (None, ""):
        return None
    v = float(text)
    return int(v) if v.is_integer() else v


def quote_prints_unit(quote: str, unit: str) -> bool:
    """Whether a rail quote prints the counted thing a unit names ('trains' in '15 container trains'),
    singular or plural: a measure is never renamed to a unit its words do not count."""
    stem = unit.split()[-1].rstrip("s").lower()
    return bool(re.search(rf"\d[\d,.]*\s+(?:[\w-]+\s+){{0,2}}{re.escape(stem)}s?\b", quote.lower()))


def build_rail(research, src, ov, used):
    rows = []
    splits = ov.get("rail", {})
    for r in read(research, "relations/rail.csv"):
        key = f"{r['year']} | {r['metric']}"
        m = re.match(r"^(\d{4})", r["year"])
        base_year = int(m.group(1))
        qual = r["year"][4:].strip(" ()")
        default_period = month_period(base_year, qual) or (str(base_year) if not qual else None)
        # a measure named otherwise than its quote says is renamed for the row and its citation alike
        metric = splits.get(key, {}).get("metric", r["metric"])
        if metric != r["metric"] and not quote_prints_unit(r["quote"], splits[key].get("unit", r["unit"])):
            raise SystemExit(f"rail {key!r}: the renamed measure's unit is not in its quote")
        sid = src.cite(r["source_url"], r["quote"], "relations/rail.csv",
                       f"{host_of(r['source_url'])}: {metric}", flags=r["notes"])
        if key in splits and splits[key].get("drop"):
            used.add("rail: " + key)
            continue
        if key in splits:
            used.add("rail: " + key)
            parts = splits[key]["rows"]
        else:
            parts = [{}]
        for p in parts:
            value_s = p.get("value_raw", r["value"])
            v, hi, b = parse_rail_value(str(value_s))
            unit = p.get("unit", splits.get(key, {}).get("unit", r["unit"]))
            scale = 1e9 if unit.startswith("bn ") else 1.0
            bound = p.get("bound") or b or bound_of(r["quote"] if p.get("quote_rules", False) else "",
                                                    "", float(v) * scale)
            period = p.get("period", default_period)
            if period is None:
                raise SystemExit(f"rail period for {key!r} needs a decision")
            year = p.get("year", int(period[:4]))
            this_sid = sid
            if "quote" in p:  # figure printed in a second verbatim excerpt of the same page
                this_sid = src.cite(p.get("url", r["source_url"]), p["quote"], "relations/rail.csv",
                                    f"{host_of(r['source_url'])}: {r['metric']}", flags=r["notes"])
            scope_text = r["scope"]
            coverage = p.get("coverage") or next(
                (c for prefix, c in ov.get("rail_coverage", {}).items() if scope_text.startswith(prefix)), None)
            if coverage is None:
                raise SystemExit(f"rail scope {scope_text!r} has no coverage in overrides.yaml rail_coverage")
            rows.append({
                "topic": "great_stone" if coverage == "not_rail" else "rail", "coverage": coverage,
                "year": year, "period": period, "metric": p.get("metric", metric),
                "value": num(v), "value_high": num(hi), "bound": bound,
                "value_text": p.get("value_text", r["value"]), "unit": unit, "scope": r["scope"] or None,
                "source_id": this_sid, "notes": join_notes(p.get("notes", ""), r["notes"]),
            })
    for row in rows:
        if row["value"] is not None and row["value"] < 0:
            raise SystemExit(f"negative rail value {row}")
    return rows


#: Per table: the columns holding a stated value, and the scale of the row's unit (rail: "bn USD").
PRINTED_VALUES = {"trade": ("value_usd",), "totals": ("value_usd",), "agreements": ("value_usd",),
                  "rail": ("value", "value_high"), "partners": ("share_pct",)}


def unit_scale(row: dict) -> float:
    unit = str(row.get("unit") or "")
    return 1e9 if unit.startswith("bn ") else 1e6 if unit.startswith("mn ") else 1.0


def check_values_printed(tables: dict[str, list[dict]], src: Sources) -> None:
    """Every stated value (trade, totals, agreements, rail, partner shares) is printed in the quote of
    one of the row's citations (issue 25, item 3): otherwise the build stops naming the row. A figure
    that is not printed is cited to the sentence that prints it, split into the printed parts, or
    shipped without its value."""
    for table, columns in PRINTED_VALUES.items():
        for r in tables[table]:
            ids = (r.get("source_ids") or r["source_id"]).split(";")
            for col in columns:
                v = r.get(col)
                if v in (None, ""):
                    continue
                value = float(v) * (unit_scale(r) if table == "rail" else 1.0)
                if not any(value_in_quote(src.by_id[sid]["quote"], value) for sid in ids):
                    raise SystemExit(f"{table}: {col} {fmt(v)} of {r['source_id']} ({r.get('period') or r.get('date')}) "
                                     "is printed in none of its quotes; cite the sentence that prints it, split it "
                                     "into the printed parts, or drop the value")


def change_ratio(measure: str, value: float) -> float | None:
    """End over base implied by a printed change: +33% -> 1.33, 113% of -> 1.13, 2x -> 2."""
    ratio = {"pct_change": 1 + value / 100, "pct_of_base": value / 100, "times": value}.get(measure)
    return None if ratio is None else round(ratio, 6)


def build_changes(src: Sources, ov: dict, trade: list[dict]) -> list[dict]:
    """raw/changes.csv from overrides 'changes': each rate's words must be in its citation's quote.

    Where a page has several quotes with the words, the one a trade figure cites is meant.
    """
    rows: dict[tuple, dict] = {}
    in_trade = {sid for r in trade for sid in r["source_ids"].split(";")}
    for e in ov.get("changes", []):
        cites = [c for c in src.cites.values() if c["url"] == e["url"] and e["text"] in c["quote"]]
        if len(cites) > 1:
            cites = [c for c in cites if c["id"] in in_trade]
        if len(cites) != 1:
            raise SystemExit(f"changes: {e['text']!r} is in {len(cites)} quotes of {e['url']} (expected 1)")
        reporter, economy, partner = e["side"].split("/")
        row = {"year": int(e["period"][:4]), "period": e["period"], "base_period": e["base_period"],
               "reporter": reporter, "economy": economy, "partner": partner, "flow": e["flow"],
               "scope": e["scope"], "measure": e["measure"], "value": e["value"],
               "ratio": change_ratio(e["measure"], float(e["value"])), "bound": e["bound"],
               "value_text": e["text"], "source_id": cites[0]["id"], "notes": e.get("notes")}
        key = tuple(fmt(row[c]) for c in ("period", "base_period", "reporter", "economy", "partner", "flow",
                                          "scope", "measure", "value", "bound"))
        if key in rows:  # the same printed change in another citation: one row, both cited
            rows[key]["source_ids"] += ";" + row["source_id"]
        else:
            row["source_ids"] = row["source_id"]
            rows[key] = row
    return list(rows.values())


def build_disagreements(ov: dict, changes: list[dict]) -> list[dict]:
    """raw/disagreements.csv from overrides 'disagreements' (each names a shipped change by its words)."""
    out = []
    for e in ov.get("disagreements", []):
        hits = [c for c in changes if c["value_text"] == e["text"] and c["period"] == e["period"]]
        if len(hits) != 1:
            raise SystemExit(f"disagreements: no single change {e['text']!r} for {e['period']}")
        c = hits[0]
        out.append({k: c[k] for k in ("period", "base_period", "reporter", "economy", "partner", "flow",
                                      "scope", "source_id")} | {"reason": e["reason"], "notes": e.get("notes")})
    return out


LABEL_COUNTRIES = [
    ("Pakistan", "PAK"), ("Belarus", "BLR"), ("Venezuela", "VEN"), ("Ethiopia", "ETH"),
    ("Uzbekistan", "UZB"), ("Hungary", "HUN"), ("Kyrgyzstan", "KGZ"), ("Uruguay", "URY"),
    ("Russia", "RUS"), ("Zimbabwe", "ZWE"), ("Zambia", "ZMB"), ("Cambodia", "KHM"),
]


def build_labels(research, src, ov, used):
    rows = []
    kinds = ov.get("labels", {})
    for r in read(research, "relations/all_weather.csv"):
        name = r["country"]
        o = kinds.get(name)
        if o is None:
            raise SystemExit(f"label row without a decision in overrides.yaml: {name!r}")
        used.add("labels: " + name)
        country = o.get("country")
        if country is None:
            country = next((c for n, c in LABEL_COUNTRIES if n in name), None)
        sid = src.cite(r["source_url"], r["quote"], "relations/all_weather.csv",
                       f"{host_of(r['source_url'])}: {r['label_en']}", flags=r["notes"])
        de = r["date_established"]
        st = r["status_as_of_mar_2023"]
        rows.append({
            "country": country, "label_original": r["label_original"], "label_en": r["label_en"],
            "label_kind": o["kind"], "date_established": None if de in ("", "n/a") else de,
            "status_as_of_2023_03": None if st in ("", "n/a") else st, "source_id": sid,
            "notes": join_notes(f"research country: {name}" if name not in dict(LABEL_COUNTRIES) else "",
                                r["notes"], o.get("notes", "")),
        })
    return rows


# ------------------------------------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--research", type=Path, default=REPO.parent / "shared" / "research")
    ap.add_argument("--out", type=Path, default=REPO / "data", help="folder receiving raw/ and sources.yaml")
    ap.add_argument("--overrides", type=Path, default=HERE / "overrides.yaml")
    args = ap.parse_args(argv)
    research = args.research.resolve()
    if not research.is_dir():
        print(f"research folder not found: {research}", file=sys.stderr)
        return 2
    ov = yaml.safe_load(args.overrides.read_text(encoding="utf-8")) or {}
    src = Sources(ov)
    used: set[str] = set()
    merges: list[dict] = []
    tables = {
        "trade": merge_facts("trade", build_trade(research, src, ov, used), facts.TRADE_CELL, ov, merges,
                             {sid: c["url"] for sid, c in src.by_id.items()}),
        "partners": merge_facts("partners", build_partners(research, src, ov, used), facts.PARTNER_CELL, ov,
                                merges),
        "totals": build_totals(research, src, ov, used),
        "products": build_products(research, src, ov, used),
        "agreements": merge_by_decision("agreements", merge_documents(build_agreements(research, src, ov, used),
                                                                      merges), merges),
        "events": merge_by_decision("events", build_events(research, src, ov, used), merges),
        "rail": merge_facts("rail", build_rail(research, src, ov, used), facts.RAIL_CELL, ov, merges),
        "labels": build_labels(research, src, ov, used),
    }
    tables["changes"] = build_changes(src, ov, tables["trade"])
    tables["disagreements"] = build_disagreements(ov, tables["changes"])
    check_copies_tagged_alike(tables["trade"], tables["changes"], src, ov)
    check_values_printed(tables, src)
    for name in ("partners", "agreements", "events", "rail"):
        for r in tables[name]:
            r.setdefault("source_ids", r["source_id"])
    unused = set(ov.get("rows", {})) - used
    unused |= {"products: " + k for k in ov.get("products", {})} - used
    unused |= {"rail: " + k for k in ov.get("rail", {})} - used
    unused |= {"labels: " + k for k in ov.get("labels", {})} - used
    if unused:
        raise SystemExit("overrides that match no research row:\n  " + "\n  ".join(sorted(unused)))
    for url in list(ov.get("reliability", {})) + list(ov.get("language", {})) + list(ov.get("publishers", {})):
        if not any(c["url"] == url for c in src.cites.values()):
            raise SystemExit(f"override for a URL no row cites: {url}")
    out = args.out
    (out / "raw").mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        write_csv(out / "raw" / f"{name}.csv", name, rows)
    write_merges(out / "build" / "merges.csv", merges)
    keep = {sid for rows in tables.values() for r in rows
            for sid in (r.get("source_ids") or r["source_id"]).split(";")}
    (out / "sources.yaml").write_bytes(src.dump(keep).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
