"""The written brief: section tables → Markdown (Jinja2) → self-contained HTML → PDF.

All numbers come from `sections` (the same calls the notebooks show); this module only words
them, attaches citations and renders.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined

from tradebrief import analysis
from tradebrief.data.context import ReportContext
from tradebrief.data.countries import country_name
from tradebrief.report.citations import Citations
from tradebrief.report.render import html_to_pdf, markdown_to_html
from tradebrief.report.sections import (
    Section,
    agreements_section,
    corridor_section,
    products_section,
    trade_section,
)
from tradebrief.report.wording import pct as _pct
from tradebrief.report.wording import usd

STATUS_FILE = "brief-status.json"


def _cell(row: pd.Series | None, cite: Citations) -> str:
    if row is None:
        return "no figure"
    scope = " (goods and services)" if row.get("scope") == "goods_and_services" else ""
    return f"{usd(row['value_usd'], row['bound'])}{scope}{cite.cite(row['source_id'])}"


def _figure_paths(report_dir: Path) -> dict[str, str]:
    """Figures the notebooks wrote; a figure a section could not draw (no data) reads as ''."""
    folder = report_dir / "figures"
    found = {p.stem: f"figures/{p.name}" for p in sorted(folder.glob("*.svg"))} if folder.is_dir() else {}
    return defaultdict(str, found)


def build_markdown(ctx: ReportContext, report_dir: Path, *, claims_file: str | Path | None = None,
                   baci: str | Path | None = None, products: Section | None = None) -> str:
    """The brief's Markdown text; deterministic for the same data and parameters.

    `products` is the BACI section when the caller already computed it (one scan of the release).
    """
    p = ctx.params
    a, b = ctx.pair
    products = products if products is not None else products_section(ctx, baci)
    sources = ctx.sources if products.source is None else pd.concat(
        [ctx.sources, pd.DataFrame([products.source])], ignore_index=True)
    cite = Citations(sources)
    trade = trade_section(ctx)
    agreements = agreements_section(ctx)
    corridor = corridor_section(ctx)
    series = trade.tables["series"]
    sides = series[series["reporter"].isin([a, b])]
    turnover = sides[sides["flow"] == "turnover"].set_index(["year", "reporter"])

    def get(year: int, side: str) -> pd.Series | None:
        return turnover.loc[(year, side)] if (year, side) in turnover.index else None

    key_rows = []
    for year in sorted(set(turnover.index.get_level_values("year"))):
        ra, rb = get(year, a), get(year, b)
        ratio = "—"
        if ra is not None and rb is not None and ra["bound"] not in analysis.LIMIT_BOUNDS \
                and rb["bound"] not in analysis.LIMIT_BOUNDS:
            ratio = f"{ra['value_usd'] / rb['value_usd']:.2f}"
        key_rows.append({"year": year, "a": _cell(ra, cite), "b": _cell(rb, cite), "ratio": ratio})

    context = {
        "title": f"{country_name(a)}–{country_name(b)}: trade and relations brief",
        "subtitle": (f"Reporter {a}, partner {b}, {p.start_year}–{p.end_year}; trade data from "
                     f"{ctx.source_name}; US dollars, current prices."),
        "a": a, "b": b, "a_name": country_name(a), "b_name": country_name(b),
        "start_year": p.start_year, "end_year": p.end_year,
        "key_rows": key_rows,
        "key_lines": _key_lines(sides, a, b, cite),
        "story": _story(trade, sides, a, b, cite),
        "growth_rows": _growth_rows(trade.tables["growth"], cite),
        "mirror_text": _mirror_text(trade.tables["mirror_gap"], a, b, cite),
        "mirror_reasons": list(analysis.MIRROR_REASONS.values()),
        "spread_rows": _spread_rows(trade.tables["spread"], a, b, cite),
        "partial_rows": _partial_rows(trade.tables["partial_year"], cite),
        "standing_rows": _standing_rows(trade.tables["partner_standing"], cite),
        "agreements_text": _agreements_text(agreements, cite),
        "visit_rows": _visit_rows(agreements, cite),
        "corridor_text": _corridor_text(corridor),
        "rail_rows": _rail_rows(corridor, cite),
        "claims": _claims(ctx, cite, claims_file),
        "products": _products(products, a, b, cite),
        "figure": _figure_paths(report_dir),
    }
    context["data_notes"] = _data_notes(ctx, trade, cite)
    context["sources"] = cite.entries()
    env = Environment(loader=PackageLoader("tradebrief.report", "templates"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["figure"] = context["figure"]
    text = env.get_template("brief.md.j2").render(**context)
    return "\n".join(line.rstrip() for line in text.splitlines()).replace("\n\n\n", "\n\n") + "\n"


def _key_lines(sides: pd.DataFrame, a: str, b: str, cite: Citations) -> list[str]:
    lines = []
    both = sides[sides["flow"] == "turnover"].groupby("year")["reporter"].nunique()
    common = [y for y, n in both.items() if n == 2]
    if common:
        year = max(common)
        rows = sides[(sides["year"] == year) & (sides["flow"] == "turnover")].set_index("reporter")
        lines.append(f"Latest year with turnover from both sides: {year}. {a}-reported "
                     f"{_cell(rows.loc[a], cite)}, {b}-reported {_cell(rows.loc[b], cite)}.")
    for side in (a, b):
        own = sides[(sides["reporter"] == side) & (sides["flow"] == "turnover")]
        if not own.empty:
            last = own.sort_values("year").iloc[-1]
            lines.append(f"Latest {side}-reported full-year turnover: {int(last['year'])}, {_cell(last, cite)}.")
        else:
            lines.append(f"No {side}-reported full-year turnover figure in the range.")
    return lines


def _story(trade: Section, sides: pd.DataFrame, a: str, b: str, cite: Citations) -> list[str]:
    paras = []
    for side in (a, b):
        own = sides[sides["reporter"] == side]
        if own.empty:
            paras.append(f"**{side}-reported figures:** none in this range.")
            continue
        years = sorted(set(own["year"]))
        flows = ", ".join(sorted(set(own["flow"])))
        paras.append(f"**{side}-reported figures** exist for {analysis.year_ranges(years)} ({flows}). "
                     + ("Figures stated from the partner's view are mirrored to "
                        f"{a}'s view (e.g. {b}'s exports to {a} appear as {a}'s imports)."
                        if side == b else ""))
    if trade.notes:
        paras.append("**Gaps** (shown as gaps, never filled):\n\n" + "\n".join(f"- {n}" for n in trade.notes))
    return paras


def _growth_rows(growth: pd.DataFrame, cite: Citations) -> list[dict]:
    rows = growth[growth["growth_pct"].notna()].sort_values(["year", "reporter", "flow"])
    return [{"year": int(r["year"]), "side": r["reporter"], "flow": r["flow"], "growth": _pct(r["growth_pct"]),
             "cite": cite.cite(r["source_ids"])} for _, r in rows.iterrows()]


def _mirror_text(gap: pd.DataFrame, a: str, b: str, cite: Citations) -> list[str]:
    usable = gap[gap["ratio"].notna()]
    if usable.empty:
        return [f"No year has comparable exact figures from both {a} and {b}, so no mirror ratio is computed."]
    lo, hi = usable.loc[usable["ratio"].idxmin()], usable.loc[usable["ratio"].idxmax()]
    lines = [(f"Where both sides publish a comparable figure, {a}'s number divided by {b}'s mirrored number "
             f"ranges from {lo['ratio']:.2f} ({lo['flow']}, {lo['year']}) to {hi['ratio']:.2f} "
             f"({hi['flow']}, {hi['year']}). A ratio of 1.00 would mean the sides agree.")]
    for _, r in usable.sort_values(["year", "flow"]).iterrows():
        lines.append(f"- {r['year']} {r['flow']}: {a} {usd(r['economy_value_usd'], r['economy_bound'] or 'exact')}"
                     f"{cite.cite(r['economy_source_id'])} vs {b} {usd(r['partner_value_usd'], r['partner_bound'] or 'exact')}"
                     f"{cite.cite(r['partner_source_id'])}: ratio {r['ratio']:.2f}.")
    return [lines[0], "\n".join(lines[1:])]  # the sentence, then the per-year list


def _spread_rows(spread: pd.DataFrame, a: str, b: str, cite: Citations) -> list[dict]:
    rows = spread[(spread["n"] > 1) & spread["reporter"].isin([a, b])].sort_values(["year", "reporter", "flow"])
    return [{"year": int(r["year"]), "side": r["reporter"], "flow": r["flow"], "n": int(r["n"]),
             "low": usd(r["min_usd"]), "high": usd(r["max_usd"]),
             "used": usd(r["preferred_usd"]) + cite.cite(r["source_ids"])} for _, r in rows.iterrows()]


def _partial_rows(partial: pd.DataFrame, cite: Citations) -> list[dict]:
    rows = partial[partial["preferred"]]
    return [{"period": r["period"], "side": r["reporter"], "flow": f"{r['flow']} ({r['economy']} view)",
             "value": _cell(r, cite)} for _, r in rows.iterrows()]


def _standing_rows(standing: pd.DataFrame, cite: Citations) -> list[dict]:
    out = []
    for _, r in standing.iterrows():
        rank = "—" if pd.isna(r["rank"]) else f"{int(r['rank'])}{' (tie)' if r['tied'] else ''}"
        share = "—" if pd.isna(r["share_pct"]) else f"{r['share_pct']:.1f}%"
        out.append({"year": int(r["year"]), "period": r["period"], "side": r["reporter"], "flow": r["flow"],
                    "rank": rank + cite.cite(r["source_id"]), "share": share})
    return out


def _agreements_text(section: Section, cite: Citations) -> list[str]:
    if not section.tables:
        return section.notes
    docs = section.tables["visit_2023_documents"]
    if docs.empty:
        return ["The snapshot holds no document dated to the 28 Feb – 2 Mar 2023 state visit."]
    valued = docs[docs["value_usd"].notna()]
    total = usd(valued["value_usd"].sum()) if not valued.empty else None
    text = (f"The snapshot holds {len(docs)} document(s) dated to the 28 Feb – 2 Mar 2023 state visit"
            f"{cite.cite(sorted(set(docs['source_id'])))}. ")
    text += (f"{len(valued)} state a value, summing to {total}; {len(docs) - len(valued)} state none."
             if total else "None of them states a value, so the visit's total cannot be added up from documents.")
    older = section.tables["documents"]
    return [text, f"For context, the snapshot lists {len(older)} documents in the year range, by type below."]


def _visit_rows(section: Section, cite: Citations) -> list[dict]:
    if not section.tables:
        return []
    docs = section.tables["visit_2023_documents"]
    return [{"date": r["date"], "title": r["title"] + cite.cite(r["source_id"]), "type": r["doc_type"],
             "sector": r["sector"] if isinstance(r["sector"], str) else "—",
             "value": usd(r["value_usd"]) if pd.notna(r["value_usd"]) else "not stated"}
            for _, r in docs.iterrows()]


def _corridor_text(section: Section) -> list[str]:
    if not section.tables:
        return section.notes
    return [("Rail figures are kept in the unit and scope each source used (Belarus transit, all China–Europe "
            "trains, one border crossing); series from different scopes are not joined into one line.")]


def _rail_rows(section: Section, cite: Citations) -> list[dict]:
    if not section.tables:
        return []
    rows = section.tables["all_rows"]
    out = []
    for _, r in rows.iterrows():
        value = r["value_text"] if isinstance(r["value_text"], str) and r["value_text"] else f"{r['value']:,g}"
        out.append({"period": r["period"], "metric": r["metric"], "value": f"{value}{cite.cite(r['source_id'])}",
                    "unit": r["unit"]})
    return out


def _products(section: Section, a: str, b: str, cite: Citations) -> dict | None:
    """Product composition (BACI HS6, or fetched Comtrade HS chapters): totals by year and the largest products."""
    if not section.tables:
        return None
    baci = section.source is not None
    totals = section.tables["totals"]
    ref = cite.cite(section.source["source_id"] if baci else sorted(set(totals["source_id"])))
    years = []
    for year in sorted(set(totals["year"])):
        row = totals[totals["year"] == year].set_index("exporter")["value_usd"]
        years.append({"year": int(year), "exports": usd(row.get(a)) + ref, "imports": usd(row.get(b)) + ref})
    code = "hs6" if baci else "hs2"

    def top(frame: pd.DataFrame) -> list[dict]:
        return [{"rank": int(r["rank"]), "hs6": r[code], "label": _table_safe(r[f"{code}_label"]),
                 "value": usd(r["value_usd"]), "share": f"{r['share_pct']:.1f}%"} for _, r in frame.iterrows()]

    return {"baci": baci, "code": code.upper(), "years": years, "exports": top(section.tables["top_exports"]),
            "imports": top(section.tables["top_imports"]), "notes": section.notes, "cite": ref,
            "source": section.source["quote"] if baci else "UN Comtrade (fetched), HS chapters"}


def _claims(ctx: ReportContext, cite: Citations, claims_file: str | Path | None) -> dict | None:
    """The claims section, or None while the claims engine is not installed."""
    try:
        from tradebrief import claims as claims_mod
    except ImportError:
        return None
    return claims_section(ctx, cite, claims_file, claims_mod)


def claims_section(ctx: ReportContext, cite: Citations, claims_file: str | Path | None, claims_mod) -> dict:
    """Each claim's words, overall verdict, per-side verdicts with evidence and citations."""
    spec = claims_mod.load_claims(claims_mod.claims_path(claims_file))
    results = claims_mod.evaluate(spec, ctx)
    counts = pd.Series([r.verdict for r in results]).value_counts()
    rows = []
    for r in results:
        sides = [{"reporter": s.reporter, "verdict": s.verdict.replace("_", " "),
                  "evidence": _table_safe(s.summary) + (f" Would settle it: {_table_safe(s.needs)}." if s.needs else ""),
                  "cite": cite.cite(s.source_ids)} for s in r.by_side]
        explanation = _table_safe(r.explanation) + (f" Would settle it: {_table_safe(r.needs)}." if r.needs and r.needs not in r.explanation else "")
        if r.since:  # the verdict at the text's date stands; later records are added, not substituted
            explanation += f" {_table_safe(r.since)}"
        rows.append({"id": r.id, "quote": _table_safe(r.quote), "verdict": r.verdict.replace("_", " "),
                     "explanation": explanation, "sides": sides})
    tally = ", ".join(f"{int(counts.get(v, 0))} {v.replace('_', ' ')}" for v in claims_mod.VERDICTS)
    intro = (f"Claims of *{_table_safe(spec.source)}* checked against the data ({len(results)} claims: {tally}). "
             "A verdict is given per reporting side where the claim is about trade figures; "
             "'depends on source' means the sides disagree, 'not checkable' names the data that would settle it.")
    return {"intro": intro, "rows": rows}


def _table_safe(text: object) -> str:
    """One line, no '|' (which would split a Markdown table cell)."""
    return " ".join(str(text or "").split()).replace("|", "/")


def _data_notes(ctx: ReportContext, trade: Section, cite: Citations) -> list[str]:
    counts = cite.sources.set_index("source_id").loc[cite.order, "reliability"].value_counts() if cite.order else {}
    grades = ", ".join(f"{counts.get(g, 0)} {g.replace('_', ' ')}" for g in
                       ("official_statistics", "official_statement", "secondary", "doubtful"))
    return [
        f"Trade data: {ctx.source_name}. Other datasets: the shipped snapshot (see data/README.md).",
        ("Where one year and side has several figures, the brief uses the preferred one (official statistics "
        "over statements, goods over goods-and-services, stated year over inferred, exact over rounded); "
        "the others are counted in 'Disagreement within one side' and kept in tables/trade_spread.csv."),
        ("'over', 'almost' and 'about' repeat the source's own qualifier; growth and ratios are not computed "
        "from such bounds."),
        f"Citations in this brief by grade: {grades}.",
        ("Belstat stopped publishing partner detail in 2022; later Belarus-side figures come from officials' "
        "statements."),
    ]


def write_brief(ctx: ReportContext, report_dir: str | Path, *, claims_file: str | Path | None = None,
                baci: str | Path | None = None, products: Section | None = None) -> dict:
    """Write brief.md, brief.html and brief.pdf; return {'written': [...], 'warnings': [...]}."""
    out = Path(report_dir)
    out.mkdir(parents=True, exist_ok=True)
    text = build_markdown(ctx, out, claims_file=claims_file, baci=baci, products=products)
    (out / "brief.md").write_text(text, encoding="utf-8")
    page = markdown_to_html(text, title=f"{ctx.pair[0]}–{ctx.pair[1]} brief", base=out)
    (out / "brief.html").write_text(page, encoding="utf-8")
    written, warnings = ["brief.md", "brief.html"], []
    problem = html_to_pdf(page, out / "brief.pdf")
    if problem:
        warnings.append(problem)
    else:
        written.append("brief.pdf")
    (out / STATUS_FILE).write_text(json.dumps({"warnings": warnings}), encoding="utf-8")
    return {"written": written, "warnings": warnings}
