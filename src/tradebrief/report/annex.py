"""The annex: everything the brief rests on, table by table, with every figure's citation and quote.

Per-side figures, growth (each row says whose flow it is), the sources' printed rates against the
rates computed from the published figures, disagreement within a side, part-year figures, partner
standing, agreements (a package counted once, an estimate never summed with contract values),
events, rail, product composition, each claim's evidence and what changed since the text, data
notes and the full sources list. Values from the data are escaped (`markup`); the wording is in
`wording`.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from tradebrief import analysis
from tradebrief.analysis.relations import countable, text_bound
from tradebrief.data import codes
from tradebrief.data.context import ReportContext
from tradebrief.data.countries import country_name
from tradebrief.report.citations import Citations
from tradebrief.report.model import ReportModel, valued_facts
from tradebrief.report.model import growth_rows as model_growth_rows
from tradebrief.report.sections import Section, events_table
from tradebrief.text.claims import claim_reason
from tradebrief.text.markup import Md, md, safe_url, template_environment
from tradebrief.text.words import (
    CHECK_STATUS_WORDS,
    DOC_TYPE_WORDS,
    EVENT_WORDS,
    RELIABILITY_WORDS,
    VALUE_KIND_WORDS,
    code_words,
    country,
    period_text,
    possessive,
    printed_rate,
    publisher,
    quantity,
    scope_text,
    side_flow,
    source_standing_text,
    usd,
    verdict_text,
    whose_figures,
)
from tradebrief.text.words import pct as _pct

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]+$")


def anchor_id(source_id: str) -> Md:
    """A source id as an HTML anchor (ids are slugs; anything else is escaped and cannot link)."""
    return Md(source_id) if _SAFE_ID.match(str(source_id)) else md("{}", source_id)


def run_sources(ctx: ReportContext, products: Section | None) -> pd.DataFrame:
    """The run's citations plus the BACI release's, when the run read one."""
    if products is None or products.source is None:
        return ctx.sources
    return pd.concat([ctx.sources, pd.DataFrame([products.source])], ignore_index=True)


def _capital(text: str) -> str:
    """A side's name opening a line: "Figures whose side is not stated: supported"."""
    return text[:1].upper() + text[1:]


def _c(cite: Citations, ids: object) -> Md:
    if ids is None or (isinstance(ids, float) and pd.isna(ids)) or ids == "":
        return Md("")
    return Md(cite.cite(ids))


def _value(row: pd.Series, cite: Citations) -> Md:
    return md("{}", usd(row["value_usd"], row["bound"])) + _c(cite, row.get("source_ids") or row["source_id"])


# ------------------------------------------------------------------ trade


def side_rows(data, cite: Citations) -> list[dict]:
    """Every preferred full-year figure, by side (the pair's two sides first, then other publishers)."""
    order = {data.a: 0, data.b: 1}
    rows = data.series.assign(_o=data.series["reporter"].map(lambda r: order.get(r, 2)))
    out = []
    for _, r in rows.sort_values(["_o", "reporter", "year", "flow"]).iterrows():
        reporter = r["reporter"]
        view = reporter if reporter in (data.a, data.b) else data.a
        out.append({"whose": whose_figures(reporter), "year": int(r["year"]),
                    "flow": side_flow(view, r["flow"], data.a, data.b),
                    "value": _value(r, cite), "scope": scope_text(r.get("scope")),
                    "basis": code_words(r.get("reliability"), RELIABILITY_WORDS)
                    + (", year inferred" if bool(r.get("year_inferred")) else "")})
    return out


def gap_lines(data) -> list[str]:
    """The years each side lacks a full-year figure, per flow, and the figures that are only bounds."""
    p = data.ctx.params
    every = set(range(p.start_year, p.end_year + 1))
    out = []
    for side in (data.a, data.b):
        rows = data.side_rows(side)
        for flow in ("turnover", "export", "import"):
            have = set(rows[rows["flow"] == flow]["year"])
            missing = sorted(every - have)
            what = side_flow(side, flow, data.a, data.b)
            if not have:
                out.append(f"No figure from {possessive(side)} side for {what} in any year {p.start_year}–{p.end_year}.")
            elif missing:
                out.append(f"No figure from {possessive(side)} side for {what} in {analysis.year_ranges(missing)}.")
        for _, r in rows[rows["bound"].isin(list(analysis.LIMIT_BOUNDS))].sort_values(["flow", "year"]).iterrows():
            out.append(f"{possessive(side)} figure for {side_flow(side, r['flow'], data.a, data.b)} in {int(r['year'])} "
                       f"is only {analysis.LIMIT_BOUNDS[r['bound']]}.")
    return out


def _break_words(found: list[tuple]) -> str:
    """'scope changes: 2013 goods, 2014 scope not stated (a break in the series, not a change); 2024 is a
    lower bound': why a growth rate is not computed, from the breaks as data."""
    words = [f"scope changes: {b[1]} {scope_text(b[2])}, {b[3]} {scope_text(b[4])} (a break in the series, not a change)"
             if b[0] == "scope" else f"{b[1]} is {codes.BOUND.label(b[2], 'en', 'limit')}" for b in found]
    return "; ".join(words)


#: A computed growth one of whose figures has a year the source did not print (#25.4): shown, never alone.
_INFERRED = "an end's year is inferred, not printed by its source: not a change on its own"


def growth_rows(data, cite: Citations) -> list[dict]:
    """Year-on-year growth along each side's comparable series, and the breaks where it is not computed."""
    out = []
    for _, r in model_growth_rows(data).sort_values(["reporter", "flow", "year"]).iterrows():
        out.append({"year": int(r["year"]), "whose": side_flow(r["reporter"], r["flow"], data.a, data.b)
                    if r["reporter"] in (data.a, data.b) else f"{r['flow']} ({whose_figures(r['reporter'])})",
                    "growth": _pct(r["growth_pct"]) if pd.notna(r["growth_pct"]) else "not computed",
                    "why": (_INFERRED if bool(r.get("year_inferred")) else "") if pd.notna(r["growth_pct"])
                    else _break_words(r["breaks"]),
                    "cite": _c(cite, r["source_ids"])})
    return out


def _range_pct(lo: float, hi: float) -> str:
    if pd.isna(lo) or pd.isna(hi):
        return "—"
    lo, hi = (lo - 1) * 100, (hi - 1) * 100
    if hi == float("inf"):
        return f"over {lo:+.1f}%"
    if lo <= -100:  # the base is only a lower bound ("over $3.8 bn"): the figures cap the rate, no floor
        return f"at most {hi:+.1f}%"
    if abs(hi - lo) < 0.15:
        return f"{(lo + hi) / 2:+.1f}%"
    return f"{lo:+.1f}% to {hi:+.1f}%"


def _rate_bound(row: pd.Series) -> str:
    """A printed rate's qualifier: the check table keeps the interval it allows ('over' has no top)."""
    if "bound" in row and isinstance(row["bound"], str):
        return row["bound"]
    if row["printed_hi"] == float("inf"):
        return "lower"
    return "upper" if row["printed_lo"] <= 0 else "exact"


def printed_rows(data, cite: Citations) -> list[dict]:
    """The sources' printed rates against the growth the published figures allow (within rounding)."""
    checks = data.printed_check
    out = []
    for _, r in checks.iterrows():
        reporter = str(r["reporter"])
        stated = str(r["economy"])
        other = str(r["partner"])
        flow = side_flow(stated, str(r["flow"]), stated, other) if reporter in (data.a, data.b) else \
            f"{side_flow(stated, str(r['flow']), stated, other)} ({whose_figures(reporter)})"
        computed = _range_pct(r["computed_lo"], r["computed_hi"])
        ids = [r["change_source_ids"]] + [x for x in (r.get("end_source_ids"), r.get("base_source_ids"))
                                          if isinstance(x, str) and x]
        out.append({"period": period_text(r["period"]), "flow": flow, "scope": scope_text(r["scope"]),
                    "printed": printed_rate(str(r["measure"]), float(r["value"]), _rate_bound(r)), "computed": computed,
                    "status": code_words(r["status"], CHECK_STATUS_WORDS),
                    "reason": r["reason"] if r["status"] == "disagrees" and r["reason"] else
                    ("no reason recorded" if r["status"] == "disagrees" else ""),
                    "cite": _c(cite, ids)})
    return out


def mirror_lines(data, cite: Citations) -> list[Md]:
    gap = data.trade.tables["mirror_gap"]
    usable = gap[gap["ratio"].notna()].sort_values(["year", "flow"])
    out = []
    for _, r in usable.iterrows():
        out.append(md("{} {}: {} {} against {} {}", int(r["year"]), side_flow(data.a, r["flow"], data.a, data.b),
                      possessive(data.a), usd(r["economy_value_usd"], r["economy_bound"] or "exact"),
                      possessive(data.b), usd(r["partner_value_usd"], r["partner_bound"] or "exact"))
                   + _c(cite, [r["economy_source_id"], r["partner_source_id"]]) + md(": ratio {}.", f"{r['ratio']:.2f}"))
    return out


def _other_scope(row: pd.Series, column: str) -> str:
    """', goods and services' beside an end of a spread whose scope is not the two ends' common one, so
    a difference of scope is not read as a disagreement (goods $4.62 bn against goods and services $5.40 bn)."""
    if row.get("min_scope") == row.get("max_scope") or not isinstance(row.get(column), str):
        return ""
    return f", {scope_text(row[column])}"


def spread_rows(data, cite: Citations) -> list[dict]:
    spread = data.trade.tables["spread"]
    rows = spread[(spread["n"] > 1)].sort_values(["year", "reporter", "flow"])
    out = []
    for _, r in rows.iterrows():
        reporter = r["reporter"]
        view = reporter if reporter in (data.a, data.b) else data.a
        out.append({"year": int(r["year"]), "whose": whose_figures(reporter),
                    "flow": side_flow(view, r["flow"], data.a, data.b), "n": int(r["n"]),
                    "low": usd(r["min_usd"], r.get("min_bound") or "exact") + _other_scope(r, "min_scope"),
                    "high": usd(r["max_usd"], r.get("max_bound") or "exact") + _other_scope(r, "max_scope"),
                    "used": md("{}", usd(r["preferred_usd"], r.get("preferred_bound") or "exact"))
                    + _c(cite, r["source_ids"])})
    return out


def partial_rows(data, cite: Citations) -> list[dict]:
    partial = data.trade.tables["partial_year"]
    rows = partial[partial["preferred"]]
    out = []
    for _, r in rows.iterrows():
        stated, other = str(r["economy"]), str(r["partner"])
        out.append({"period": period_text(r["period"]), "whose": whose_figures(r["reporter"]),
                    "flow": side_flow(stated, r["flow"], stated, other),
                    "value": md("{}", usd(r["value_usd"], r["bound"])
                                + ("" if r.get("scope") in ("goods", None) or pd.isna(r.get("scope"))
                                   else f", {scope_text(r['scope'])}")) + _c(cite, r["source_id"])})
    return out


def _disputed_rank(ranks: object) -> str:
    """'statements differ: 2 or 3': a rank the statements of one period dispute, worded as disputed."""
    stated = [x for x in str(ranks or "").split(";") if x]
    return f"statements differ: {', '.join(stated[:-1])} or {stated[-1]}"


def stated_by(data, row: pd.Series) -> str:
    """Whose statement a rank is, as its citation is: "A press or secondary report (Belarus's side)",
    "An official's statement (China's side)", "Official statistics (Belarus's side)" — a press report
    of a rank is never labelled "Belarus's figures" (issue 25)."""
    sources = data.ctx.sources.set_index("source_id")
    sid = str(row["source_id"])
    rel, pub = (sources.at[sid, "reliability"], sources.at[sid, "publisher"]) if sid in sources.index else ("", "")
    standing = source_standing_text(rel, pub) if rel else "a statement"
    reporter = str(row["reporter"])
    side = (f"{possessive(reporter)} side" if reporter in (data.a, data.b)
            else "side not stated" if reporter == "UNK" else publisher(reporter))
    return f"{standing[:1].upper()}{standing[1:]} ({side})"


def standing_rows(data, cite: Citations) -> list[dict]:
    """Each preferred standing, then each other statement of the same cell that the brief's
    judgment counts (a year whose statements differ is shown with all of them). The preferred row of a
    disputed year says so ('3; statements differ: 2 or 3') and, where its share lies within a point of
    another partner's, names it ('Ukraine 0.1 point apart'): what the dispute rests on (#25.2)."""
    shown = data.trade.tables["partner_standing"]
    partners = data.ctx.partners
    p = data.ctx.params
    others = partners[(partners["economy"] == data.a) & (partners["partner"] == data.b) & ~partners["preferred"]
                      & partners["rank"].notna() & partners["year"].between(p.start_year, p.end_year)]
    rows = pd.concat([shown.assign(_other=False), others.assign(_other=True)], ignore_index=True)
    out = []
    for _, r in rows.sort_values(["year", "period", "_other", "reporter", "flow"], kind="mergesort").iterrows():
        rank = "—" if pd.isna(r["rank"]) else f"{int(r['rank'])}{' (tied)' if r['tied'] else ''}"
        disputed = not r["_other"] and str(r.get("disputed")) == "True" and len(str(r.get("ranks") or "").split(";")) > 1
        if r["_other"]:
            rank += " (another statement)"
        elif disputed:
            rank += f"; {_disputed_rank(r['ranks'])}"
        share = "—" if pd.isna(r["share_pct"]) else f"{r['share_pct']:.1f}%"
        gap = r.get("nearest_gap_pts")
        if disputed and share != "—" and isinstance(r.get("nearest_partner"), str) and pd.notna(gap) \
                and float(gap) < 1.0:  # what the dispute rests on: a share a fraction of a point from another
            share += f" ({country(r['nearest_partner'])} {float(gap):.1f} point apart)"
        out.append({"period": period_text(r["period"]), "whose": stated_by(data, r),
                    "flow": code_words(r["flow"], {"turnover": "trade", "export": "exports", "import": "imports"}),
                    "rank": md("{}", rank) + _c(cite, r["source_id"]), "share": share})
    return out


def product_rows(data, cite: Citations) -> list[dict]:
    """The pair's product rows of the range, each as stated: a list, a value (with its bound) or a share
    of what its basis names; never summed (the brief's 'what is traded' reads the same rows)."""
    p = data.ctx.params
    rows = analysis.product_rows(data.ctx.products, data.a, data.b, p.start_year, p.end_year)
    out = []
    for _, r in rows.sort_values(["year", "period", "exporter", "kind", "product"], kind="mergesort").iterrows():
        if r["kind"] == "value":
            figure = usd(r["value_usd"], r["bound"]) + (f", {possessive(r['recorded_by'])} customs"
                                                         if isinstance(r["recorded_by"], str) else "")
        elif r["kind"] == "share":
            figure = f"{r['share_pct']:g}% ({r['share_basis']})"
        else:
            figure = "listed"
        out.append({"period": period_text(r["period"]) + ("†" if r["year_inferred"] else ""),
                    "way": f"{country_name(r['exporter'])} → {country_name(r['importer'])}",
                    "product": md("{}", r["product"]), "figure": md("{}", figure) + _c(cite, r["source_id"])})
    return out


# ------------------------------------------------------------------ relations


def agreement_rows(data, cite: Citations) -> tuple[list[dict], list[Md]]:
    """Documents of the range, and the stated values by kind (a package once; estimates apart)."""
    if not data.agreements.tables:
        return [], [md("{}", n) for n in data.agreements.notes]
    docs = data.agreements.tables["documents"]
    packages = docs[docs["doc_type"] == "package"]
    by_id = {sid: f"the package of {date}" for sid, date in zip(packages["source_id"], packages["date"], strict=True)}
    rows = []
    for _, r in docs.iterrows():
        value = "not stated" if pd.isna(r["value_usd"]) else \
            f"{usd(r['value_usd'], text_bound(str(r['value_text'] or '')))} ({code_words(r['value_kind'], VALUE_KIND_WORDS)})"
        part = r["part_of"] if isinstance(r["part_of"], str) and r["part_of"] else ""
        rows.append({"date": r["date"], "title": md("{}", r["title"]) + _c(cite, r.get("source_ids") or r["source_id"]),
                     "type": code_words(r["doc_type"], DOC_TYPE_WORDS),
                     "value": value, "part_of": f"part of {by_id[part]}" if part in by_id else
                     ("part of a package" if part else "")})
    worth, estimates = valued_facts(docs)
    notes = []
    for kind, group in worth.groupby(worth["value_kind"].fillna("")):
        notes.append(md("{}: {}, {}", code_words(kind, VALUE_KIND_WORDS) or "value",
                        "one stated value" if len(group) == 1 else f"{len(group)} stated values",
                        "; ".join(f"{usd(v)} ({d})" for v, d in zip(group["value_usd"], group["date"], strict=True)))
                     + _c(cite, sorted(set(group["source_id"]))) + Md("."))
    for _, e in estimates.iterrows():
        notes.append(md("{} ({}): {}; a different measure from the worth of documents, never added to it",
                        code_words(e["value_kind"], VALUE_KIND_WORDS), e["date"],
                        usd(e["value_usd"], text_bound(str(e["value_text"] or ""))))
                     + _c(cite, e["source_id"]) + Md("."))
    # documents only: an estimate or a package row that is part of a package describes it, not one
    # document (`relations.countable`), so the annex counts what the brief counts (#25.5)
    packaged = docs[(docs["part_of"].fillna("") != "") & countable(docs)]
    if not packaged.empty:
        notes.append(md("{} documents are signed as parts of a package: their worth is the package's, counted once.",
                        len(packaged)))
    return rows, notes


def event_rows(data, cite: Citations) -> list[dict]:
    """Events of the range that concern the pair (`sections.events_table`)."""
    events = events_table(data.ctx)
    return [{"date": r["date_text"], "kind": code_words(r["category"], EVENT_WORDS), "title": md("{}", r["title"])
             + _c(cite, r["source_id"])} for _, r in events.iterrows()]


#: Rail rows that are no rail measure (the Great Stone park's investment, capacity, stakes, residents).
NOT_RAIL = "not_rail"


def rail_rows(data, cite: Citations, *, rail: bool = True) -> list[dict]:
    """Rail measures as numbers with units (`rail=False`: the park's figures recorded with them, which
    are not rail traffic, audit 2026-11-30); the source's own wording is in its citation's quote."""
    if not data.corridor.tables:
        return []
    rows = data.corridor.tables["all_rows"]
    if "coverage" in rows:
        rows = rows[(rows["coverage"] != NOT_RAIL) == rail]
    elif not rail:
        return []
    out = []
    for _, r in rows.iterrows():
        out.append({"period": period_text(r["period"]), "metric": r["metric"],
                    "value": md("{}", quantity(r["value"], r["unit"], r["bound"], r["value_high"]))
                    + _c(cite, r["source_id"]), "scope": r["scope"]})
    return out


def products_part(products: Section | None, data, cite: Citations) -> dict | None:
    """Product composition (BACI HS6, or fetched Comtrade HS chapters): totals by year and the largest."""
    if products is None or not products.tables:
        return None
    a, b = data.a, data.b
    baci = products.source is not None
    totals = products.tables["totals"]
    ref = _c(cite, products.source["source_id"] if baci else sorted(set(totals["source_id"])))
    years = []
    for year in sorted(set(totals["year"])):
        row = totals[totals["year"] == year].set_index("exporter")["value_usd"]
        years.append({"year": int(year), "exports": md("{}", usd(row.get(a))) + ref,
                      "imports": md("{}", usd(row.get(b))) + ref})
    code = "hs6" if baci else "hs2"

    def top(frame: pd.DataFrame) -> list[dict]:
        return [{"rank": int(r["rank"]), "code": r[code], "label": r[f"{code}_label"],
                 "value": usd(r["value_usd"]), "share": f"{r['share_pct']:.1f}%"} for _, r in frame.iterrows()]

    return {"baci": baci, "code": code.upper(), "years": years, "exports": top(products.tables["top_exports"]),
            "imports": top(products.tables["top_imports"]), "notes": products.notes, "cite": ref}


# ------------------------------------------------------------------ claims


def one_line_reason(result, limit: int | None = None, lang: str = "en") -> str:
    """The claim's explanation (of several checks, the deciding one's) without the reading note; with
    `limit`, its first clauses that fit."""
    text = " ".join(claim_reason(result, lang).split())
    if limit is None or len(text) <= limit:
        return text
    kept = ""
    for part in re.split(r"(?<=;) |(?<=\.) (?=[A-Z(])", text):
        if len(kept) + len(part) + 1 > limit:
            break
        kept = f"{kept} {part}".strip()
    return kept.rstrip(";.,") + "." if kept else text[:limit].rsplit(" ", 1)[0].rstrip(";.,") + "…"


def _sentence(text: str) -> str:
    text = " ".join(str(text or "").split())
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else ""


def claims_part(data, cite: Citations, claims_file: str | Path | None) -> dict | None:
    found = data.claims(claims_file)
    if found is None:
        return None
    spec, results = found
    counts = pd.Series([r.verdict for r in results], dtype=object).value_counts()
    from tradebrief import claims as claims_mod

    rows = []
    for r in results:
        sides = [{"whose": (_capital(whose_figures(s.reporter)) if s.reporter != claims_mod.ALL_SOURCES
                            else "The records")
                  + (f" (check {s.check})" if s.check else ""),
                  "verdict": verdict_text(s.verdict), "evidence": _sentence(s.summary),
                  "needs": s.needs or "", "cite": _c(cite, s.source_ids)} for s in r.by_side]
        rows.append({"id": anchor_id(r.id), "quote": r.quote, "verdict": verdict_text(r.verdict),
                     "explanation": one_line_reason(r), "note": r.note or "", "since": r.since or "",
                     "since_verdict": verdict_text(r.since_verdict) if r.since_verdict else "",
                     "needs": r.needs or "", "sides": sides, "as_of": r.as_of or ""})
    tally = ", ".join(f"{int(counts.get(v, 0))} {verdict_text(v)}" for v in claims_mod.VERDICTS
                      if v != claims_mod.OUTSIDE_RUN or counts.get(v, 0))  # said only where a claim is
    return {"source": spec.title, "count": len(results), "tally": tally, "rows": rows}


# ------------------------------------------------------------------ notes, sources, the document


def data_notes(ctx: ReportContext, data, cite: Citations) -> list[str]:
    order = [f for s in cite.order for f in (cite.cited.get(s) or [s]) if f in set(cite.sources["source_id"])]
    counts = cite.sources.set_index("source_id").loc[order, "reliability"].value_counts() if order else {}
    grades = ", ".join(f"{counts.get(g, 0)} {RELIABILITY_WORDS[g]}" for g in RELIABILITY_WORDS)
    notes = [
        f"Trade data: {ctx.source_name}." + (
            f" Taken from the shipped snapshot (the folder has no file for them): {', '.join(ctx.snapshot_tables())}."
            if ctx.snapshot_tables() else ""),
        ("Where one year and side has several figures, the preferred one is used (statistical basis, scope "
         "matching its neighbours, stated year, exactness, then publisher); the others are counted under "
         "'Disagreement within one side'."),
        ("'over', 'almost' and 'about' repeat the source's own qualifier; a growth rate or ratio is never "
         "computed as a point from 'over' or 'almost' (beside a printed rate, such a figure gives only a "
         "limit, 'at most' or 'over'). Year-on-year growth joins two figures of one scope; a rate over "
         "several years joins two end figures that share a scope, whatever the scope of the years between."),
        (f"A figure stated from the partner's side is read as that side's figure for the mirror flow: "
         f"{possessive(data.b)} exports to {country_name(data.a)} are {possessive(data.a)} imports from "
         f"{country_name(data.b)} as {country_name(data.b)} reports them."),
        (f"Citations in this annex, by grade: {grades}; the Sources list names each page once, with the "
         f"quote of every fact cited from it."),
    ]
    return notes


def from_snapshot(via: object) -> bool:
    """Whether a citation came from the snapshot (its `via` names the research it was built from): its
    `retrieved` is then the day it entered the snapshot (data/README.md, 'Retrieval dates': the page was
    read on or before it); a figure fetched by this run (no `via`) was retrieved that day."""
    return isinstance(via, str) and bool(via.strip()) and via != "nan"


def dated_as(via: object) -> str:
    """What a citation's date is, in the annex's words (`from_snapshot`)."""
    return "entered the snapshot" if from_snapshot(via) else "retrieved"


def source_entries(cite: Citations) -> list[dict]:
    via = cite.sources.set_index("source_id")["via"] if "via" in cite.sources else pd.Series(dtype=object)
    out = []
    for e in cite.entries():
        url = safe_url(e["url"])
        grades = {q["reliability"] for q in e["quotes"]}
        # one page, one entry; each fact cited from it keeps its own quote (and its grade where they differ)
        quotes = Md(" ".join(  # each piece escaped by `md`
            md('Quote ({}; {}): "{}"', q["language"], code_words(q["reliability"], RELIABILITY_WORDS), q["quote"])
            if len(grades) > 1 else md('Quote ({}): "{}"', q["language"], q["quote"]) for q in e["quotes"]))
        out.append({"number": e["number"], "id": anchor_id(e["id"]), "publisher": e["publisher"],
                    "url": Md(f"<{url}>") if url else md("{}", e["url"]), "retrieved": e["retrieved"],
                    "dated": dated_as(via.get(e["id"])),
                    "grade": code_words(e["reliability"], RELIABILITY_WORDS) if len(grades) == 1
                    else "grades per quote", "language": e["language"],
                    "quote": e["quote"], "quotes": quotes})
    return out


def build_markdown(ctx: ReportContext, report_dir: Path, *, claims_file: str | Path | None = None,
                   products: Section | None = None, data=None) -> str:
    """The annex's Markdown text; deterministic for the same data and parameters."""
    data = data or ReportModel.build(ctx)
    a, b = ctx.pair
    p = ctx.params
    cite = Citations(run_sources(ctx, products))
    figures = Path(report_dir) / "figures"
    have = {f.stem for f in figures.glob("*.svg")} if figures.is_dir() else set()
    agreements, agreement_notes = agreement_rows(data, cite)
    context = {
        "title": f"{country_name(a)}–{country_name(b)} trade: annex to the brief",
        "subtitle": f"{possessive(a)} trade with {country_name(b)}, {p.start_year}–{p.end_year}; "
                    f"trade data from {ctx.source_name}; US dollars, current prices.",
        "a_name": country_name(a), "b_name": country_name(b),
        "sides": side_rows(data, cite),
        "gaps": gap_lines(data),
        "growth": growth_rows(data, cite),
        "printed": printed_rows(data, cite),
        "mirror": mirror_lines(data, cite),
        "mirror_reasons": list(analysis.MIRROR_REASONS.values()) if not data.trade.tables["mirror_gap"]
        ["ratio"].dropna().empty else [],
        "spread": spread_rows(data, cite),
        "partial": partial_rows(data, cite),
        "standing": standing_rows(data, cite),
        "product_rows": product_rows(data, cite),
        "agreements": agreements, "agreement_notes": agreement_notes,
        "events": event_rows(data, cite),
        "rail": rail_rows(data, cite),
        "park": rail_rows(data, cite, rail=False),
        "products": products_part(products, data, cite),
        "claims": claims_part(data, cite, claims_file),
        "figure": {name: Md(f"figures/{name}.svg") for name in sorted(have) if _SAFE_ID.match(name)},
        "other_names": sorted({country(r) for r in data.others["reporter"]}),
    }
    template = template_environment("tradebrief.report").get_template("annex.md.j2")
    cite.layout(template.render(**context, notes=[], sources=[]))  # number the citations as they are read
    context["notes"] = data_notes(ctx, data, cite)
    context["sources"] = source_entries(cite)
    text = cite.layout(template.render(**context))
    return "\n".join(line.rstrip() for line in text.splitlines()).replace("\n\n\n", "\n\n") + "\n"


def write_annex(ctx: ReportContext, report_dir: str | Path, *, claims_file: str | Path | None = None,
                baci: str | Path | None = None, products: Section | None = None) -> dict:
    """Write annex.md/html/pdf (with every figure already under `figures/`); return
    {'written': [...], 'warnings': [...]}. A PDF that could not be made is a warning."""
    from tradebrief.report.documents import write_document
    from tradebrief.report.sections import products_section

    out = Path(report_dir)
    products = products if products is not None else products_section(ctx, baci)
    a, b = ctx.pair
    text = build_markdown(ctx, out, claims_file=claims_file, products=products)
    return write_document(out, "annex", text, f"{a}–{b} annex", [])
