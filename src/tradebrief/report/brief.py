"""The brief: judgments first, about 1,200 words on at most four pages; the evidence is in the annex.

Order: title, date of the data and scope; how much data the pair has; the bottom line; 4–6 key
judgments (chosen by `judgments`); one headline chart; a compact key-figures table; what the data
cannot say; a one-line-per-claim table when the claims file is about this pair; the sources the
brief cites; a link to the annex. Every value from the data goes through `markup` (escaped).
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from tradebrief.data.context import ReportContext
from tradebrief.data.countries import country_name
from tradebrief.report import annex as annex_mod
from tradebrief.report.annex import anchor_id
from tradebrief.report.citations import Citations, site
from tradebrief.report.judgments import (
    PairData,
    bottom_line,
    cannot_say,
    cite_md,
    coverage_line,
    key_judgments,
    thin_warning,
)
from tradebrief.report.markup import Md, md, md_join, safe_url, template_environment
from tradebrief.report.render import html_to_pdf, markdown_to_html
from tradebrief.report.sections import Section, products_section
from tradebrief.report.typeset import PrintStyle
from tradebrief.report.wording import FLOW_WORDS, country, possessive, scope_text, shorten, usd, verdict_text

STATUS_FILE = "brief-status.json"
HEADLINE_CHART = "trade_by_side"
#: Marks a key figure whose year the source gives only in words ("last year", "ten years ago").
YEAR_INFERRED_MARK = "†"
#: The claims table's "why" keeps the explanation's first clauses up to this length (the rest is in the annex).
CLAIM_WHY_CHARS = 95
#: Print type for the brief and the annex (the PDFs, and the HTML when a browser prints it): a
#: reading size that fits the brief on four pages; a year never breaks inside a table cell; charts
#: up to 84 mm high, so that a chart's footnote (8.5 pt at full size) still prints at about 5 pt;
#: the sources list in small type.
REPORT_PRINT = PrintStyle(body_pt=9.5, h1_pt=15, h2_pt=11.5, h3_pt=10, table_pt=8, image_width_mm=180,
                          image_max_height_mm=84, last_section_pt=7.5)
_P = REPORT_PRINT
PRINT_CSS = f"""
td:first-child {{ white-space: nowrap; }}
@media print {{
  body {{ font-size: {_P.body_pt}pt; line-height: 1.36; padding: 0; }}
  h1 {{ font-size: {_P.h1_pt}pt; margin: 0 0 3pt; }} h2 {{ font-size: {_P.h2_pt}pt; margin: 9pt 0 3pt; }}
  h3 {{ font-size: {_P.h3_pt}pt; }}
  p, ul, ol {{ margin: 2pt 0 4pt; }} li {{ margin: 1pt 0; }}
  table {{ display: table; width: 100%; font-size: {_P.table_pt}pt; }} th, td {{ padding: 1.5pt 3pt; overflow-wrap: break-word; }}
  img {{ max-height: {_P.image_max_height_mm}mm; width: auto; }}
  sup {{ line-height: 0; }}
  h2:last-of-type + ol, h2:last-of-type + ol + p {{ font-size: {_P.last_section_pt}pt; line-height: 1.25; }}
}}
"""


def _cell(rows: pd.DataFrame, cite: Citations, *, flows: bool, named: bool = False) -> Md:
    """One table cell: the figures of one year (with flow names when the table shows several flows,
    and the publisher's name when the cell gathers other publishers)."""
    if rows.empty:
        return Md("—")
    parts = []
    for reporter, group in rows.groupby("reporter", sort=True):
        items = []
        for _, r in group.sort_values("flow").iterrows():
            words = usd(r["value_usd"], r["bound"])
            if _year_inferred(r):
                words += YEAR_INFERRED_MARK
            scope = r.get("scope") if isinstance(r.get("scope"), str) else "unknown"
            if scope != "goods":
                words += f", {scope_text(scope)}"
            text = md("{} {}", FLOW_WORDS.get(r["flow"], r["flow"]), words) if flows else md("{}", words)
            items.append(text + cite_md(cite, r["source_id"]))
        joined = md_join(items, "; ")
        parts.append(md("{}: ", country(reporter)) + joined if named else joined)
    return md_join(parts, "; ")


def _year_inferred(row: pd.Series) -> bool:
    """Whether the source gives the figure's year only in words (a missing flag: no)."""
    flag = row.get("year_inferred")
    return flag is not None and not pd.isna(flag) and bool(flag)


def key_figures(data: PairData, cite: Citations) -> dict:
    """The compact table: per year, each side's figure (turnover when the pair has any), the ratio."""
    series = data.series
    has_turnover = (series["flow"] == "turnover").any()
    rows = series[series["flow"] == "turnover"] if has_turnover else series
    show_others = data.thin and not data.others.empty
    gap = data.trade.tables["mirror_gap"]
    ratios = {int(r["year"]): r["ratio"] for _, r in gap[(gap["flow"] == "turnover") & gap["ratio"].notna()].iterrows()}
    out = []
    marked = False  # a figure in the table carries the year-inferred mark, so its note is printed
    for year in sorted(set(rows["year"])):
        in_year = rows[rows["year"] == year]
        cells = [_cell(in_year[in_year["reporter"] == side], cite, flows=not has_turnover) for side in (data.a, data.b)]
        other_rows = in_year[~in_year["reporter"].isin([data.a, data.b])]
        if all(c == "—" for c in cells) and not show_others:
            continue
        row = {"year": year, "cells": cells, "others": _cell(other_rows, cite, flows=True, named=True) if show_others else None,
               "ratio": f"{ratios[year]:.2f}" if year in ratios else "—"}
        out.append(row)
        shown = in_year if show_others else in_year[in_year["reporter"].isin([data.a, data.b])]
        marked = marked or any(_year_inferred(r) for _, r in shown.iterrows())
    return {"rows": out, "flow": "trade" if has_turnover else "exports and imports", "others": show_others,
            "ratio": bool(ratios), "inferred_mark": YEAR_INFERRED_MARK if marked else ""}


def claims_rows(data: PairData, cite: Citations, claims_file: str | Path | None) -> dict | None:
    """One line per claim (words, verdict, why in one line), when the claims file is about this pair."""
    found = data.claims(claims_file)
    if found is None:
        return None
    spec, results = found
    rows = []
    for r in results:
        why = annex_mod.one_line_reason(r, limit=CLAIM_WHY_CHARS)
        verdict = verdict_text(r.verdict)
        if r.since_verdict and r.since_verdict != r.verdict:
            verdict += f" (as of {r.as_of}; {verdict_text(r.since_verdict)} since)"
        rows.append({"id": r.id, "quote": shorten(r.quote, 60), "verdict": verdict, "why": why,
                     "cite": cite_md(cite, r.source_ids[:1])})
    return {"source": shorten(annex_mod.claims_source(spec), 110), "rows": rows}


def source_entries(cite: Citations) -> list[dict]:
    """The brief's short sources list: publisher, link, retrieval date; the quote is in the annex."""
    out = []
    for entry in cite.entries():
        url = safe_url(entry["url"])
        link = md("[{}]({})", site(url), Md(url)) if url else md("{}", entry["url"])
        out.append({"number": entry["number"], "id": anchor_id(entry["id"]), "publisher": shorten(entry["publisher"], 56),
                    "link": link, "retrieved": entry["retrieved"]})
    return out


def data_date(ctx: ReportContext) -> str:
    """The date of the data: the latest retrieval date among the run's sources."""
    dates = sorted(str(d) for d in ctx.sources["retrieved"].dropna() if str(d)[:4].isdigit())
    return dates[-1][:10] if dates else "not stated"


def build_markdown(ctx: ReportContext, report_dir: Path, *, claims_file: str | Path | None = None,
                   baci: str | Path | None = None, products: Section | None = None,
                   data: PairData | None = None) -> str:
    """The brief's Markdown text; deterministic for the same data and parameters."""
    data = data or PairData.build(ctx)
    p = ctx.params
    a, b = ctx.pair
    cite = Citations(annex_mod.run_sources(ctx, products))
    chart = Path(report_dir) / "figures" / f"{HEADLINE_CHART}.svg"
    context = {
        "title": f"{country_name(a)}–{country_name(b)} trade: a brief",
        "date": data_date(ctx),
        "scope": (f"{possessive(a)} trade with {country_name(b)}, {p.start_year}–{p.end_year}, read from "
                  f"{possessive(a)} side first; US dollars, current prices; trade data from {ctx.source_name}."),
        "coverage": coverage_line(data),
        "bottom_line": bottom_line(data, cite),
        "judgments": [j.text for j in key_judgments(data, cite)],
        "chart": Md(f"figures/{HEADLINE_CHART}.svg") if chart.is_file() and not data.thin else "",
        "a_name": country_name(a), "b_name": country_name(b),
        "key": key_figures(data, cite),
        "cannot_say": cannot_say(data, cite, products=bool(products is not None and products.tables)),
        "claims": claims_rows(data, cite, claims_file),
    }
    context["sources"] = source_entries(cite)
    dates = {s["retrieved"] for s in context["sources"]}
    context["retrieved"] = dates.pop() if len(dates) == 1 else ""
    text = template_environment().get_template("brief.md.j2").render(**context)
    return "\n".join(line.rstrip() for line in text.splitlines()).replace("\n\n\n", "\n\n") + "\n"


def _write(out: Path, stem: str, text: str, title: str, warnings: list[str]) -> list[str]:
    (out / f"{stem}.md").write_text(text, encoding="utf-8")
    page = markdown_to_html(text, title=title, base=out).replace("</style>", PRINT_CSS + "</style>", 1)
    (out / f"{stem}.html").write_text(page, encoding="utf-8")
    written = [f"{stem}.md", f"{stem}.html"]
    problem = html_to_pdf(page, out / f"{stem}.pdf", REPORT_PRINT)
    if problem:
        warnings.append(problem)
    if (out / f"{stem}.pdf").is_file():
        written.append(f"{stem}.pdf")
    return written


def write_brief(ctx: ReportContext, report_dir: str | Path, *, claims_file: str | Path | None = None,
                baci: str | Path | None = None, products: Section | None = None) -> dict:
    """Write brief.md/html/pdf and annex.md/html/pdf; return {'written': [...], 'warnings': [...]}.

    Warnings (a thin pair, a PDF that could not be made) go to brief-status.json, which the
    pipeline moves into the manifest and the console prints.
    """
    out = Path(report_dir)
    out.mkdir(parents=True, exist_ok=True)
    products = products if products is not None else products_section(ctx, baci)
    data = PairData.build(ctx)
    warnings: list[str] = []
    thin = thin_warning(data)
    if thin:
        warnings.append(thin)
    a, b = ctx.pair
    brief = build_markdown(ctx, out, claims_file=claims_file, products=products, data=data)
    written = _write(out, "brief", brief, f"{a}–{b} brief", warnings)
    annex = annex_mod.build_markdown(ctx, out, claims_file=claims_file, products=products, data=data)
    written += _write(out, "annex", annex, f"{a}–{b} annex", warnings)
    (out / STATUS_FILE).write_text(json.dumps({"warnings": warnings}), encoding="utf-8")
    return {"written": written, "warnings": warnings}
