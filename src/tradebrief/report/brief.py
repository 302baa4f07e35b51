"""The brief: judgments first, about 1,200 words on at most four pages; the evidence is in the annex.

Order: title, date of the data and scope; how much data the pair has; the bottom line (level first,
then who sells how much to whom, then the trend); up to seven key judgments (chosen by `rules`, worded
by `text.brief`), the chart of both flows beside the flows judgment and the headline chart after them;
two small key-figures tables (totals; both flows and the balance); what the data cannot say; a
one-line-per-claim table when the claims file is about this pair; the sources the brief cites; a link
to the annex. Every value from the data goes through `markup` (escaped).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from tradebrief.claims.draft import BRIEF_NOTICE, DRAFTED_FILE
from tradebrief.claims.results import evidence_ids
from tradebrief.data import codes
from tradebrief.data.context import ReportContext
from tradebrief.report import annex as annex_mod
from tradebrief.report import rules
from tradebrief.report.annex import anchor_id
from tradebrief.report.citations import Citations, brief_name, site
from tradebrief.report.documents import write_document
from tradebrief.report.model import ReportModel
from tradebrief.report.sections import Section, products_section
from tradebrief.text import brief as words
from tradebrief.text import claims as claim_words
from tradebrief.text.catalog import phrase
from tradebrief.text.markup import Md, md, md_join, safe_url, template_environment
from tradebrief.text.numbers import usd_difference
from tradebrief.text.words import (
    FLOW_WORDS,
    code_words,
    country,
    phrase_span,
    possessive,
    scope_text,
    usd,
    verdict_text,
    whose_figures,
)

HEADLINE_CHART = "trade_by_side"
#: Both flows and the balance (notebook 01 draws it), shown beside the flows judgment when the run has it.
FLOWS_CHART = "trade_flows"
#: The partner's place among the economy's partners, year by year (`charts.partner_rank`, notebook 01).
STANDING_CHART = "partner_standing"
#: The brief's layout and fixed words, one template per language (the sentences are `text.brief`'s).
BRIEF_TEMPLATES = {"en": "brief.md.j2", "ru": "brief.ru.md.j2"}
#: Marks a key figure whose year the source does not print ("last year", "ten years ago"): we inferred it.
YEAR_INFERRED_MARK = "†"
#: The claims table's title: the claims file's source up to its first ';' without a closing parenthesis
#: ("(sources accessed …)"), in whole phrases up to this length.
CLAIMS_TITLE_CHARS = 130


def cite_md(cite: Citations, ids: object) -> Md:
    """A citation as our Markdown (superscript links, numbered at layout); '' for none."""
    if ids is None or (isinstance(ids, float) and pd.isna(ids)):
        return Md("")
    return Md(cite.cite(ids))


def _cell(rows: pd.DataFrame, cite: Citations, *, flows: bool, named: bool = False, lang: str = "en") -> Md:
    """One table cell: the figures of one year (with flow names when the table shows several flows,
    and the publisher's name when the cell gathers other publishers)."""
    if rows.empty:
        return Md("—")
    parts = []
    for reporter, group in rows.groupby("reporter", sort=True):
        items = []
        for _, r in group.sort_values("flow").iterrows():
            scope = r.get("scope") if isinstance(r.get("scope"), str) else "unknown"
            figure = usd(r["value_usd"], r["bound"], lang) + (YEAR_INFERRED_MARK if _year_inferred(r) else "") \
                + ("" if scope == "goods" else f", {scope_text(scope, lang)}")
            text = md("{} {}", code_words(r["flow"], codes.FLOW, lang) if lang != "en" else
                      FLOW_WORDS.get(r["flow"], r["flow"]), figure) if flows else md("{}", figure)
            items.append(text + cite_md(cite, r["source_id"]))
        joined = md_join(items, "; ")
        parts.append(md("{}: ", country(reporter, lang)) + joined if named else joined)
    return md_join(parts, "; ")


def _year_inferred(row: pd.Series) -> bool:
    """Whether the source gives the figure's year only in words (a missing flag: no)."""
    flag = row.get("year_inferred")
    return flag is not None and not pd.isna(flag) and bool(flag)


def key_figures(data: ReportModel, cite: Citations, lang: str = "en") -> dict:
    """Two small tables that read on a phone: per year, each side's full-year total (turnover when the
    pair has any); and, per year and side that records both flows, what the economy sells to and buys
    from the partner and the balance, in the economy's view (a partner's record of the economy's sales
    is its imports). Scope in words; no ratio column (the mirror judgment gives the gap in words)."""
    series = data.series
    has_turnover = (series["flow"] == "turnover").any()
    rows = series[series["flow"] == "turnover"] if has_turnover else series
    show_others = data.thin and not data.others.empty
    out = []
    marked = False  # a figure in the table carries the year-inferred mark, so its note is printed
    for year in sorted(set(rows["year"])):
        in_year = rows[rows["year"] == year]
        cells = [_cell(in_year[in_year["reporter"] == side], cite, flows=not has_turnover, lang=lang)
                 for side in (data.a, data.b)]
        other_rows = in_year[~in_year["reporter"].isin([data.a, data.b])]
        if all(c == "—" for c in cells) and not show_others:
            continue
        out.append({"year": year, "cells": cells,
                    "others": _cell(other_rows, cite, flows=True, named=True, lang=lang) if show_others else None})
        shown = in_year if show_others else in_year[in_year["reporter"].isin([data.a, data.b])]
        marked = marked or any(_year_inferred(r) for _, r in shown.iterrows())
    return {"rows": out, "flow": "trade" if has_turnover else "exports and imports", "others": show_others,
            "flows": flow_rows(data, cite, lang), "inferred_mark": YEAR_INFERRED_MARK if marked else ""}


def flow_rows(data: ReportModel, cite: Citations, lang: str = "en") -> list[dict]:
    """One row per year and side with both flows (`tables/trade_balance.csv`): sells, buys, balance."""
    balance = data.trade.tables["balance"]
    series = data.sides
    out = []
    for _, b in balance.sort_values(["year", "reporter"], kind="mergesort").iterrows():
        year, side = int(b["year"]), str(b["reporter"])
        found = {f: series[(series["reporter"] == side) & (series["flow"] == f) & (series["year"] == year)]
                 for f in ("export", "import")}
        if any(rows.empty for rows in found.values()):
            continue
        cells = {}
        for flow, rows in found.items():
            r = rows.iloc[0]
            cells[flow] = md("{}", usd(r["value_usd"], r["bound"], lang) + (YEAR_INFERRED_MARK if _year_inferred(r) else "")) \
                + cite_md(cite, r["source_id"])
        scopes = {str(rows.iloc[0]["scope"]) if isinstance(rows.iloc[0]["scope"], str) else "unknown"
                  for rows in found.values()}
        value = b["balance_usd"]
        if pd.isna(value):
            shown = "—"
        else:
            kind = "balance.deficit" if value < 0 else "balance.surplus" if value > 0 else "balance.even"
            shown = phrase(kind, lang, value=usd_difference(float(b["export_usd"]), float(b["import_usd"]), lang))
        out.append({"label": phrase("flows.row", lang, year=year, whose=whose_figures(side, lang),
                                    scope=", ".join(scope_text(s, lang) for s in sorted(scopes))),
                    "sells": cells["export"], "buys": cells["import"], "balance": shown})
    return out


def deciding_sources(result: Any) -> list[str]:
    """The sources a claims-table row cites: each side's first evidence line (the figure or record its
    verdict rests on: Belarus's $5.79 bn, China's $5.08 bn), not the first source id in sort order."""
    found = [ids[0] for side in result.by_side for ids in [next((i for i in map(evidence_ids, side.facts) if i), [])]
             if ids]
    return list(dict.fromkeys(found)) or result.source_ids[:1]


def claims_rows(data: ReportModel, cite: Citations, claims_file: str | Path | None, lang: str = "en") -> dict | None:
    """One row per claim, when the claims file is about this pair: its words (whole phrases that keep the
    claimed figure), the verdict, and one short sentence saying why (`text.claims`); the annex has the rest."""
    found = data.claims(claims_file)
    if found is None:
        return None
    spec, results = found
    rows = []
    quotes = claim_words.short_quotes([r.quote for r in results], claimed=[claim_words.claimed_figure(r) for r in results])
    for r, quote in zip(results, quotes, strict=True):
        verdict = verdict_text(r.verdict, lang)
        if r.since_verdict and r.since_verdict != r.verdict:
            verdict = words.verdict_since(verdict, r.as_of, verdict_text(r.since_verdict, lang), lang)
        rows.append({"id": r.id, "quote": quote, "verdict": verdict, "why": claim_words.short_reason(r, lang),
                     "cite": cite_md(cite, deciding_sources(r))})
    title = phrase_span(re.sub(r"\s*\([^()]*\)$", "", spec.title.split(";")[0].strip()), CLAIMS_TITLE_CHARS)
    return {"source": title, "rows": rows, "drafted": BRIEF_NOTICE if spec.drafted else ""}


def source_entries(cite: Citations, lang: str = "en") -> list[dict]:
    """The brief's short sources list: what kind of source, publisher, link, retrieval date; the quote
    is in the annex."""
    via = cite.sources.set_index("source_id")["via"] if "via" in cite.sources else pd.Series(dtype=object)
    out = []
    for entry in cite.entries():
        url = safe_url(entry["url"])
        link = md("[{}]({})", site(url), Md(url)) if url else md("{}", entry["url"])
        out.append({"number": entry["number"], "id": anchor_id(entry["id"]),
                    "publisher": brief_name(entry["reliability"], entry["publisher"], lang, entry["url"]),
                    "link": link, "retrieved": entry["retrieved"],
                    # a snapshot citation's date is the day it entered the snapshot, not the day it was read
                    "snapshot": annex_mod.from_snapshot(via.get(entry["id"]))})
    return out


def data_date(ctx: ReportContext, lang: str = "en") -> str:
    """The date of the data: the latest retrieval date among the run's sources."""
    dates = sorted(str(d) for d in ctx.sources["retrieved"].dropna() if str(d)[:4].isdigit())
    return dates[-1][:10] if dates else ("not stated" if lang == "en" else "не указана")


def build_markdown(ctx: ReportContext, report_dir: Path, *, claims_file: str | Path | None = None,
                   baci: str | Path | None = None, products: Section | None = None,
                   data: ReportModel | None = None, lang: str = "en") -> str:
    """The brief's Markdown text; deterministic for the same data and parameters."""
    data = data or ReportModel.build(ctx)
    p = ctx.params
    a, b = ctx.pair
    cite = Citations(annex_mod.run_sources(ctx, products))

    def say(judgment: rules.Judgment) -> Md:
        return words.write(judgment.key, judgment.fields, cite.cite, a, b, lang)

    chart = Path(report_dir) / "figures" / f"{HEADLINE_CHART}.svg"
    context = {
        "lang": lang, "a": a, "b": b, "start": p.start_year, "end": p.end_year,
        "source_name": ctx.source_name if lang == "en" else words.source_name_ru(p.source),
        "snapshot_note": words.snapshot_tables_note(ctx.snapshot_tables(), lang),
        "date": data_date(ctx, lang),
        "coverage": say(rules.coverage(data)),
        "bottom_line": say(rules.bottom_line(data)),
        "judgments": [{"key": j.key, "text": say(j)} for j in rules.key_judgments(data, section=products)],
        "chart": Md(f"figures/{HEADLINE_CHART}.svg") if chart.is_file() and not data.thin else "",
        "flows_chart": Md(f"figures/{FLOWS_CHART}.svg") if (Path(report_dir) / "figures" / f"{FLOWS_CHART}.svg").is_file()
        else "",
        "standing_chart": Md(f"figures/{STANDING_CHART}.svg")
        if (Path(report_dir) / "figures" / f"{STANDING_CHART}.svg").is_file() and not data.thin else "",
        "a_name": country(a, lang), "b_name": country(b, lang),
        "a_gen": possessive(a, lang), "b_gen": possessive(b, lang), "b_ins": country(b, lang, "ins"),
        "key": key_figures(data, cite, lang),
        "cannot_say": [say(j) for j in rules.cannot_say(data, products=bool(products is not None and products.tables))],
        "claims": claims_rows(data, cite, claims_file, lang),
        "drafted_file": DRAFTED_FILE,
    }
    template = template_environment("tradebrief.report").get_template(BRIEF_TEMPLATES[lang])
    cite.layout(template.render(**context, sources=[], retrieved="", all_snapshot=False))  # number the citations as they are read
    context["sources"] = source_entries(cite, lang)
    dates = {(s["retrieved"], s["snapshot"]) for s in context["sources"]}
    context["retrieved"], context["all_snapshot"] = dates.pop() if len(dates) == 1 else ("", False)
    text = cite.layout(template.render(**context))
    return "\n".join(line.rstrip() for line in text.splitlines()).replace("\n\n\n", "\n\n") + "\n"


def thin_warning(data: ReportModel) -> str | None:
    """The warning the manifest and the console carry for a pair too thin for a trend (English: a log line).
    Countries by name ("Belarus–Germany"): the batch index shows it to readers without the command."""
    if not data.thin:
        return None
    p = data.ctx.params
    command = words.fill_commands(data.a, data.b, code=False)
    return (f"{country(data.a)}–{country(data.b)} {p.start_year}–{p.end_year}: too few comparable figures for a trend "
            f"({len(data.series)} full-year figures in all); fill it with {command}")


def write_brief(ctx: ReportContext, report_dir: str | Path, *, claims_file: str | Path | None = None,
                baci: str | Path | None = None, products: Section | None = None, lang: str = "en") -> dict:
    """Write brief.md/html/pdf; return {'written': [...], 'warnings': [...]}.

    Warnings (a thin pair, a PDF that could not be made) go to brief-status.json, which the
    pipeline moves into the manifest and the console prints. The annex is `annex.write_annex`
    (notebook 06), which needs the charts of notebooks 01–03; the brief needs only 01's.
    """
    out = Path(report_dir)
    products = products if products is not None else products_section(ctx, baci)
    data = ReportModel.build(ctx)
    thin = thin_warning(data)
    a, b = ctx.pair
    text = build_markdown(ctx, out, claims_file=claims_file, products=products, data=data, lang=lang)
    return write_document(out, "brief", text, words.BRIEF_TITLE[lang].format(a=a, b=b), ([thin] if thin else []) + ctx.data_warnings, lang)
