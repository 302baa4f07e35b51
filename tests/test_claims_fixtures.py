"""Small data folders for the claims tests, written in the documented format (data/README.md)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from tradebrief.data.schema import TABLES

SOURCES = {
    "blr-stat": "official_statistics", "blr-alt": "official_statement", "chn-stat": "official_statistics",
    "unk-press": "secondary", "ev-a": "secondary", "ev-b": "secondary", "lab-a": "secondary",
    "rail-a": "secondary", "rail-b": "secondary", "agr-a": "official_statement", "agr-b": "secondary",
}


def trade_row(year, reporter, economy, partner, value, *, flow="turnover", bound="exact", period=None,
              source="blr-stat", scope="goods", inferred=False, text=""):
    return {"year": year, "period": period or str(year), "reporter": reporter, "economy": economy,
            "partner": partner, "flow": flow, "value_usd": value, "value_text": text, "bound": bound,
            "scope": scope, "year_inferred": str(inferred).lower(), "source_id": source, "notes": ""}


def change_row(year, reporter, economy, partner, value, *, measure="pct_change", flow="turnover", scope="goods",
               bound="exact", source="chn-stat"):
    """A printed year-on-year change (raw/changes.csv): value as printed, ratio end/base."""
    ratio = {"pct_change": 1 + value / 100, "pct_of_base": value / 100, "times": value}[measure]
    return {"year": year, "period": str(year), "base_period": str(year - 1), "reporter": reporter,
            "economy": economy, "partner": partner, "flow": flow, "scope": scope, "measure": measure,
            "value": value, "ratio": ratio, "bound": bound, "value_text": f"+{value}%", "source_id": source,
            "source_ids": source, "notes": ""}


def partner_row(year, reporter, economy, partner, rank, *, share="", source="blr-stat", flow="turnover"):
    return {"year": year, "period": str(year), "reporter": reporter, "economy": economy, "partner": partner,
            "flow": flow, "rank": rank, "tied": "false", "share_pct": share, "scope": "goods",
            "year_inferred": "false", "source_id": source, "notes": ""}


def event_row(date, category, title, *, actors="", source="ev-a"):
    return {"date": date, "category": category, "title": title, "actors": actors, "description": "",
            "source_id": source, "notes": ""}


def agreement_row(date, title, *, event="Visit", sector="", value="", text="", source="agr-a"):
    return {"date": date, "event": event, "title": title, "doc_type": "other", "sector": sector,
            "parties": "", "value_usd": value, "value_text": text, "year_inferred": "false",
            "source_id": source, "notes": ""}


def rail_row(year, metric, value, unit, *, bound="exact", high="", period=None, source="rail-a"):
    return {"year": year, "period": period or str(year), "metric": metric, "value": value, "value_high": high,
            "bound": bound, "value_text": "", "unit": unit, "scope": "Belarus transit", "source_id": source, "notes": ""}


def label_row(country, label, kind, established, *, source="lab-a"):
    return {"country": country, "label_original": label, "label_en": label, "label_kind": kind,
            "date_established": established, "status_as_of_2023_03": "", "source_id": source, "notes": ""}


DEFAULTS = {
    "trade": [trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)],
    "partners": [partner_row(2022, "BLR", "BLR", "CHN", 2)],
    "totals": [{"year": 2022, "period": "2022", "economy": "BLR", "reporter": "BLR", "indicator": "export",
                "scope": "goods", "value_usd": 1e10, "value_text": "", "bound": "exact", "source_id": "blr-stat",
                "notes": ""}],
    "products": [{"year": 2022, "period": "2022", "exporter": "BLR", "importer": "CHN", "product": "potash",
                  "value_usd": "", "share_pct": "", "share_basis": "", "qualitative": "true",
                  "source_id": "blr-stat", "year_inferred": "false", "notes": ""}],
    "agreements": [agreement_row("2023-03-01", "Some memorandum", sector="health")],
    "events": [event_row("2023-02-28", "visit", "Lukashenko state visit to China")],
    "rail": [rail_row(2018, "Container train routes crossing Belarus", 15, "routes")],
    "labels": [label_row("PAK", "all-weather strategic cooperative partnership", "formal", "2015-04-20")],
}


def make_data(root: Path, **tables: list[dict]) -> Path:
    """A data folder with sources.yaml and every raw table; tables not given get one default row."""
    folder = root / "data"
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    sources = {sid: {"publisher": f"Publisher {sid}", "url": f"https://example.org/{sid}",
                     "retrieved": "2026-11-28", "quote": f"quote {sid}", "language": "en", "reliability": grade}
               for sid, grade in SOURCES.items()}
    (folder / "sources.yaml").write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
    for name, table in TABLES.items():
        rows = tables.get(name, DEFAULTS.get(name))
        if rows is None:  # a table the fixtures do not know (yet): left out, the snapshot's is used
            continue
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(table.columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in table.columns})
        (folder / table.file).write_text(buf.getvalue(), encoding="utf-8")
    return folder


def write_claims(root: Path, claims: list[dict], *, name: str = "claims.yaml", source: str = "a text") -> Path:
    path = root / name
    path.write_text(yaml.safe_dump({"source": source, "claims": claims}, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def frames(**tables: list[dict]):
    """RunData built in memory the way the loaders shape it (types, reliability, preferred).

    The loaders' validation is tested elsewhere; unit tests of the engine skip it to stay fast.
    Tests that go through `RunData.load` use `make_data` instead.
    """
    import pandas as pd

    from tradebrief.data import mark_preferred
    from tradebrief.data.context import RunData
    from tradebrief.data.facts import mark_preferred_standing
    from tradebrief.data.schema import field_for

    out = {}
    for name in ("trade", "partners", "agreements", "events", "rail", "labels", "changes"):
        if name not in tables and name not in DEFAULTS:
            out[name] = pd.DataFrame(columns=list(TABLES[name].columns))
            continue
        table = TABLES[name]
        frame = pd.DataFrame([{c: r.get(c, "") for c in table.columns} for r in tables.get(name, DEFAULTS.get(name, []))],
                             columns=list(table.columns))
        for col in table.columns:
            kind = field_for(table, col).dtype
            if kind == "int":
                frame[col] = pd.to_numeric(frame[col].replace("", None)).astype("Int64")
            elif kind == "float":
                frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype(float)
            elif kind == "bool":
                frame[col] = frame[col].astype(str).str.lower() == "true"
            else:
                frame[col] = frame[col].replace("", None)
        frame["reliability"] = frame["source_id"].map(SOURCES)
        if name == "trade":
            frame["full_year"] = frame["period"] == frame["year"].astype(str)
        if name == "trade":
            frame["preferred"] = mark_preferred(frame, ("period", "reporter", "economy", "partner", "flow"))
        if name == "partners":  # the loader's rule (a share-backed rank before a bare one)
            frame["preferred"] = mark_preferred_standing(frame)
        out[name] = frame
    sources = pd.DataFrame([{"source_id": s, "publisher": f"Publisher {s}", "url": f"https://example.org/{s}",
                             "reliability": g} for s, g in sorted(SOURCES.items())])
    return RunData.from_frames(sources=sources, **out)
