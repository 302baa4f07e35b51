"""The report's sections: the numbers (tables) and the figures, computed from the library.

Notebooks show a section and save it; the brief renders text from the same section tables, so
the numbers in the brief are exactly those in `tables/*.csv`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebrief import analysis
from tradebrief.data.context import ReportContext
from tradebrief.data.countries import names_pattern
from tradebrief.report.citations import source_sites
from tradebrief.report.csv_files import write_csv
from tradebrief.text.words import country

VISIT_2023 = ("2023-02-28", "2023-03-02")


@dataclass
class Section:
    """Named tables (the data behind figures and text) and a figure factory."""

    name: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    source: dict | None = None  # a citation that is not in sources.yaml (e.g. a BACI release)
    _figures: dict = field(default_factory=dict, repr=False)

    def figures(self) -> dict:
        """{name: (Figure, table)}; built on first use (matplotlib is only needed here)."""
        return self._figures

    def save(self, report_dir: str | Path) -> list[Path]:
        """Write every figure (PNG + SVG + its table) and every other table as CSV."""
        out = Path(report_dir)
        written: list[Path] = []
        figures = self.figures()
        if figures:  # Matplotlib is imported only when there is something to draw
            from tradebrief.report.charts import save_chart

            for name, (figure, table) in sorted(figures.items()):
                written += save_chart(figure, table, out, name)
        for name, table in sorted(self.tables.items()):
            written.append(write_csv(table, out / "tables" / f"{self.name}_{name}.csv"))
        return written


def trade_section(ctx: ReportContext, lang: str = "en") -> Section:
    """Both sides' series, growth, mirror gap, spread, partner standing and the gaps in words."""
    p = ctx.params
    a, b = ctx.pair
    series = analysis.pair_series(ctx.trade, a, b, start_year=p.start_year, end_year=p.end_year)
    sides = series[series["reporter"].isin([a, b])]
    section = Section("trade")
    section.tables = {
        "series": series,
        "growth": analysis.growth(sides),
        "mirror_gap": analysis.mirror_gap(sides),
        "balance": analysis.balance(sides),
        "spread": _in_years(analysis.spread(ctx.trade, a, b), p.start_year, p.end_year),
        "partner_standing": _in_years(analysis.partner_standing(ctx.partners, a, b), p.start_year, p.end_year),
        "partial_year": _partial_year(ctx),
    }
    section.tables = {k: analysis.whose_flows(t, a, b) for k, t in section.tables.items()}  # whose flow (#25.7)
    section.notes = analysis.coverage_gaps(sides, p.start_year, p.end_year, reporters=(a, b)) if not sides.empty \
        else [f"No {a}- or {b}-reported full-year trade figure for {a}–{b} in {p.start_year}–{p.end_year}."]
    section._figures = _LazyFigures(lambda: _trade_figures(ctx, section, lang))
    return section


def agreements_section(ctx: ReportContext) -> Section:
    """Documents of the Feb–Mar 2023 state visit, and all documents in the year range for context."""
    p = ctx.params
    section = Section("agreements")
    if not ctx.is_belarus_china:
        section.notes = [f"The snapshot's agreements cover Belarus–China only; none for {ctx.pair[0]}–{ctx.pair[1]}."]
        return section
    visit = analysis.agreements_summary(ctx.agreements, date_from=max(VISIT_2023[0], f"{p.start_year}-01-01"),
                                        date_to=min(VISIT_2023[1], f"{p.end_year}-12-31"))  # only within the run's years
    span = analysis.agreements_summary(ctx.agreements, date_from=f"{p.start_year}-01-01",
                                       date_to=f"{p.end_year}-12-31")
    section.tables = {
        "visit_2023_documents": visit["documents"].drop(columns=["date_start"]),
        "visit_2023_by_sector": visit["by_sector"],
        "by_doc_type": span["by_doc_type"],
        "documents": span["documents"].drop(columns=["date_start"]),
    }
    section._figures = _LazyFigures(lambda: _agreement_figures(ctx, section))
    return section


def corridor_section(ctx: ReportContext) -> Section:
    """Rail: Belarus transit TEU, China–Europe trains, routes and corridor shares, each as published."""
    section = Section("corridor")
    if not ctx.is_belarus_china:
        section.notes = [(f"The snapshot's rail data describe the China–Europe corridor through Belarus; "
                         f"nothing specific to {ctx.pair[0]}–{ctx.pair[1]}.")]
        return section
    rail = _in_years(ctx.rail, ctx.params.start_year, ctx.params.end_year)  # every dataset in the run's years
    section.tables = {
        "belarus_transit_teu": analysis.rail_series(rail, "Belarus", "TEU"),
        "china_europe_trains": analysis.rail_series(rail, "China-Europe", "trains"),
        "all_rows": rail.drop(columns=["reliability"]).sort_values(["year", "period", "metric", "source_id"],
                                                                   ignore_index=True),
    }
    section._figures = _LazyFigures(lambda: _corridor_figures(ctx, section))
    return section


def products_section(ctx: ReportContext, baci: str | Path | None) -> Section:
    """Product composition from a CEPII BACI release, else from HS chapters fetched from UN Comtrade.

    Empty when the run has neither (the snapshot's product rows are statements, not a composition).
    """
    section = Section("products")
    if not baci:
        return fetched_products_section(ctx, section)
    from tradebrief.bulk import BaciRelease, product_section

    p = ctx.params
    found = product_section(BaciRelease.open(baci), p.reporter, p.partner, p.start_year, p.end_year)
    section.tables = {name: found[name] for name in ("totals", "by_section", "top_exports", "top_imports")}
    section.notes = [f"No BACI file for {y} in this release." for y in found["missing_years"]]
    section.source = baci_source(found)
    section._figures = _LazyFigures(lambda: _drawn({"products_sections": _products_figure(ctx, section)}))
    return section


def baci_source(found: dict) -> dict:
    """The citation row for a BACI release, in the shape of sources.yaml entries."""
    label = str(found["source"])
    version = label.split()[-1]
    url = next((w for w in str(found["citation"]).split() if w.startswith("http")), "https://www.cepii.fr/")
    return {"source_id": "cepii-baci-" + "-".join(label.lower().split()[2:]), "publisher": "CEPII (BACI)",
            "url": url, "retrieved": f"release {version} read from local files", "quote": str(found["citation"]),
            "language": "en", "reliability": "secondary", "via": "tradebrief run --baci"}


#: Product rows `tradebrief fetch comtrade` writes for HS chapters: source id prefix and label pattern.
FETCHED_CHAPTER_IDS = "comtrade-hs2-"
_CHAPTER = r"^HS (\d{2})(?: (.*))?$"


def fetched_products_section(ctx: ReportContext, section: Section) -> Section:
    """Composition by HS chapter from the run's fetched products (the reporter's own statistics).

    Values are summed over the years shown, as the BACI section does; shares are of the summed
    chapters of one direction. Only rows the fetch wrote (its source ids) are used.
    """
    p = ctx.params
    a, b = ctx.pair
    rows = ctx.products
    rows = rows[rows["source_id"].str.startswith(FETCHED_CHAPTER_IDS) & rows["value_usd"].notna()
                & rows["year"].between(p.start_year, p.end_year)
                & (((rows["exporter"] == a) & (rows["importer"] == b))
                   | ((rows["exporter"] == b) & (rows["importer"] == a)))]
    parts = rows["product"].str.extract(_CHAPTER)
    rows = rows.assign(hs2=parts[0], hs2_label=parts[1].fillna(""))[parts[0].notna()]
    if rows.empty:
        return section
    from tradebrief.bulk.hs import hs_table

    ids = lambda frame: ";".join(sorted(set(frame)))  # noqa: E731
    keys = ["year", "exporter", "importer"]
    totals = rows.groupby(keys, as_index=False).agg(value_usd=("value_usd", "sum"), source_id=("source_id", ids))
    tagged = rows.merge(hs_table()[["hs2", "section", "section_label"]], on="hs2", how="left", validate="many_to_one")
    by_section = tagged.groupby([*keys, "section", "section_label"], as_index=False).agg(
        value_usd=("value_usd", "sum"), source_id=("source_id", ids))
    section.tables = {"totals": totals.sort_values(keys, ignore_index=True), "by_section": by_section,
                      "top_exports": _top_chapters(rows, a, b), "top_imports": _top_chapters(rows, b, a)}
    reporter = sorted(set(rows["source_id"].str.split("-").str[2].str.upper()))
    section.notes = [(f"HS chapters as reported by {', '.join(reporter)} to UN Comtrade (exports FOB, imports "
                      f"CIF), fetched with `tradebrief fetch comtrade`; years without chapter data are gaps.")]
    section._figures = _LazyFigures(lambda: _drawn({"products_sections": _products_figure(ctx, section)}))
    return section


def _top_chapters(rows: pd.DataFrame, exporter: str, importer: str, n: int = 10) -> pd.DataFrame:
    one_way = rows[(rows["exporter"] == exporter) & (rows["importer"] == importer)]
    top = one_way.groupby(["hs2", "hs2_label"], as_index=False).agg(
        value_usd=("value_usd", "sum"), source_id=("source_id", lambda f: ";".join(sorted(set(f)))))
    total = top["value_usd"].sum()
    top = top.sort_values(["value_usd", "hs2"], ascending=[False, True], ignore_index=True).head(n)
    top.insert(0, "rank", range(1, len(top) + 1))
    top["share_pct"] = 100.0 * top["value_usd"] / total if total else float("nan")
    return top.assign(exporter=exporter, importer=importer)


def _products_figure(ctx: ReportContext, section: Section):
    from tradebrief.report import charts

    a, b = ctx.pair
    sites = source_sites(ctx.sources)
    if section.source is not None:
        sites.update(source_sites(pd.DataFrame([section.source])))  # the BACI release's own citation
        return charts.products_by_section(section.tables["by_section"], a, b, section.source["source_id"], sites=sites)
    return charts.products_by_section(
        section.tables["by_section"], a, b, ";".join(section.tables["totals"]["source_id"]), sites=sites,
        title=f"{country(a)}–{country(b)} goods by HS section ({country(a)}-reported, UN Comtrade)",
        note="Values as the reporter declared them (imports CIF, exports FOB), summed over the years shown.")


#: Event kinds that record Belarus–China relations in the snapshot (visits, the Belt and Road, the
#: partnership); the others (sanctions, war, elections, trade policy) concern every Belarus pair.
BILATERAL_EVENTS = ("visit", "bri", "partnership")


def events_table(ctx: ReportContext) -> pd.DataFrame:
    """Events of the year range for a pair with Belarus (they are Belarus's events): all of them for
    Belarus–China; for another partner, none that names China (Belarus–China relations, the 2023 visit,
    the China–EU rail corridor), and of visits, the Belt and Road and partnerships only those naming it."""
    p = ctx.params
    if "BLR" not in ctx.pair:
        return ctx.events.iloc[0:0]
    events = analysis.events_timeline(ctx.events, p.start_year, p.end_year)
    if ctx.is_belarus_china:
        return events
    text = events["title"].fillna("").astype(str) + " " + events["actors"].fillna("").astype(str)
    a, b = ctx.pair
    names_partner = text.str.contains(names_pattern(b if a == "BLR" else a))
    about_china = text.str.contains(names_pattern("CHN"))
    keep = ~about_china & (~events["category"].isin(BILATERAL_EVENTS) | names_partner)
    return events[keep].reset_index(drop=True)


def _in_years(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    return frame[(frame["year"] >= start) & (frame["year"] <= end)].reset_index(drop=True)


def _partial_year(ctx: ReportContext) -> pd.DataFrame:
    a, b = ctx.pair
    t = ctx.trade
    rows = t[~t["full_year"] & (((t["economy"] == a) & (t["partner"] == b)) | ((t["economy"] == b) & (t["partner"] == a)))]
    rows = rows[(rows["year"] >= ctx.params.start_year) & (rows["year"] <= ctx.params.end_year)]
    cols = ["year", "period", "reporter", "economy", "partner", "flow", "value_usd", "bound", "scope",
            "source_id", "preferred"]
    return rows[cols].sort_values(["year", "period", "reporter", "flow", "source_id"], ignore_index=True)


class _LazyFigures(dict):
    """A dict filled by `build` the first time it is read."""

    def __init__(self, build):
        super().__init__()
        self._build = build
        self._built = False

    def _ensure(self):
        if not self._built:
            self._built = True
            self.update(self._build())

    def items(self):
        self._ensure()
        return super().items()

    def __getitem__(self, key):
        self._ensure()
        return super().__getitem__(key)

    def keys(self):
        self._ensure()
        return super().keys()

    def __len__(self) -> int:
        self._ensure()
        return super().__len__()

    def __iter__(self):
        self._ensure()
        return super().__iter__()

    def __contains__(self, key) -> bool:
        self._ensure()
        return super().__contains__(key)


def _drawn(figures: dict) -> dict:
    """The charts that were drawn: a chart function returns None when a chart would say nothing."""
    return {name: made for name, made in figures.items() if made is not None}


def _trade_figures(ctx: ReportContext, section: Section, lang: str = "en") -> dict:
    from tradebrief.report import charts

    p = ctx.params
    sites = source_sites(ctx.sources)
    series = section.tables["series"]
    sides = series[series["reporter"].isin(list(ctx.pair))]
    figures = {}
    if not sides.empty:
        figures["trade_by_side"] = charts.trade_by_side(sides, start_year=p.start_year, end_year=p.end_year, sites=sites,
                                                        part_year=section.tables.get("partial_year"), lang=lang)
        figures["trade_flows"] = charts.trade_flows(section.tables.get("balance"), *ctx.pair, sites=sites,
                                                    lang=lang)
        figures["trade_timeline"] = charts.events_timeline_chart(sides, events_table(ctx), start_year=p.start_year,
                                                                 end_year=p.end_year, sites=sites)
    gap = section.tables["mirror_gap"]
    if gap["ratio"].notna().any():
        figures["mirror_ratio"] = charts.mirror_ratio(gap, sites=sites)
    standing = section.tables["partner_standing"]
    if not standing.empty:
        figures["partner_standing"] = charts.partner_rank(standing, *ctx.pair, sites=sites, lang=lang)
    return _drawn(figures)


def _agreement_figures(ctx: ReportContext, section: Section) -> dict:
    from tradebrief.report import charts

    sites = source_sites(ctx.sources)
    figures = {}
    if not section.tables["visit_2023_by_sector"].empty:
        figures["agreements_2023_by_sector"] = charts.agreements_by(section.tables["visit_2023_by_sector"], "sector", sites=sites)
    if not section.tables["by_doc_type"].empty:
        figures["agreements_by_type"] = charts.agreements_by(section.tables["by_doc_type"], "doc_type", sites=sites)
    return _drawn(figures)


def _corridor_figures(ctx: ReportContext, section: Section) -> dict:
    from tradebrief.report import charts

    sites = source_sites(ctx.sources)
    figures = {}
    for name in ("belarus_transit_teu", "china_europe_trains"):
        if not section.tables[name].empty:
            figures[f"rail_{name}"] = charts.rail_chart(section.tables[name], sites=sites)
    return _drawn(figures)


def show_figures(paths: list[Path]) -> None:
    """Display the SVG figures among `paths` in a notebook (no-op outside IPython)."""
    try:
        from IPython.display import SVG, display
    except ImportError:
        return
    for path in paths:
        if Path(path).suffix == ".svg":
            display(SVG(filename=str(path)))
