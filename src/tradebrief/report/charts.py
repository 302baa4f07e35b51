"""Charts in one house style, each returned with the exact table behind it.

Every chart function takes frames from `tradebrief.analysis` and returns `(Figure, DataFrame)`, or
None when there is nothing a reader could learn from a chart (no figure, a single point, bars that
are all equal): the section then has no chart rather than an empty or trivial one.

Drawing rules that keep the charts honest and readable:
- a line joins only comparable figures: consecutive years of one side, flow and scope whose figures
  are exact or rounded. Bounds ("over", "almost") and approximations are markers of their own shape
  (▲ "over", ▼ "almost", ○ "about"), never line points, so no line falls from an exact figure to an
  "over" figure; a missing year or a change of scope breaks the line;
- the x axis is whole years; legends sit below the plot, where they cannot be read as data; events
  are a strip of their own under the trade lines, one row per kind, named on the axis;
- text sizes are chosen for a 390 px phone (the figure is 6 in wide, so ticks stay ≥ 8 px there);
  markers are not clipped at the axes' edges; text from the data is never read as mathtext;
- each chart's footnote names its sources by web site (`sites`: source id → site, from
  `citations.source_sites`), and says that each figure's link and quote are in the annex;
  a source without a site is named by its id. Countries are named, not coded.

Figures are built on the Agg canvas without pyplot, so the library never switches a notebook's
backend, and `save_chart` writes byte-identical files on every run (fixed SVG hash salt, no dates or
software names in the metadata).
"""
from __future__ import annotations

import functools
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from babel.numbers import format_decimal
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from tradebrief.data import codes
from tradebrief.errors import UsageError
from tradebrief.report.csv_files import write_csv
from tradebrief.text.brief import CHART_WORDS
from tradebrief.text.numbers import percent_sign, usd_difference
from tradebrief.text.words import (
    EVENT_WORDS,
    SCOPE_WORDS,
    code_words,
    country,
    possessive,
    scope_text,
    side_label,
    usd,
)

#: Colours per reporting side; every chart uses these so a side looks the same everywhere. Okabe–Ito
#: (colour-blind safe): blue and vermillion are told apart by readers who cannot tell red from green.
REPORTER_COLORS: dict[str, str] = {"BLR": "#0072B2", "CHN": "#D55E00", "UNK": "#6b6b6b", "TDM": "#CC79A7"}
OTHER_COLORS = ("#E69F00", "#56B4E9", "#009E73", "#000000", "#CC79A7", "#0072B2", "#D55E00", "#8c8c8c")
#: Both flows of one side's figures (the flows chart): exports and imports, Okabe–Ito orange and sky blue.
FLOW_COLORS: dict[str, str] = {"export": "#E69F00", "import": "#56B4E9"}
FLOW_STYLES: dict[str, str] = {"turnover": "-", "export": "--", "import": ":"}
#: Marker per flow where a chart's points are ranks or shares (triangles are reserved for bounds).
FLOW_MARKERS: dict[str, str] = {"turnover": "o", "export": "s", "import": "D"}
#: Marker per bound: (marker, filled). Bounds never look like exact figures.
BOUND_MARKERS: dict[str, tuple[str, bool]] = {
    "exact": ("o", True), "rounded": ("o", True), "approx": ("o", False),
    "lower": ("^", True), "upper": ("v", True), "range": ("D", False),
}
BOUND_LABELS: dict[str, str] = {
    "exact": "published figure", "rounded": "published figure", "approx": "approximate (\"about\")",
    "lower": "lower bound (\"over\")", "upper": "upper bound (\"almost\")", "range": "range (low end)",
}
EVENT_STYLES: dict[str, tuple[str, str]] = {
    "visit": ("#009E73", "-"), "sanctions": ("#6d4c41", "--"), "war": ("#000000", "-"),
    "partnership": ("#CC79A7", "-."), "bri": ("#56B4E9", ":"), "trade_policy": ("#E69F00", ":"),
    "other": ("#9e9e9e", ":"),
}
#: How a trade figure's scope shows on its mark: (matplotlib fillstyle, face filled). Filled goods,
#: hollow goods and services, half-filled scope not stated: a change of scope is seen on the points.
SCOPE_FILLS: dict[str, tuple[str, bool]] = {
    "goods": ("full", True), "goods_and_services": ("full", False), "unknown": ("bottom", True),
}
#: Point marks of trade charts by bound ('about' a diamond); bounds are a floor or ceiling with a caret.
POINT_MARKERS: dict[str, str] = {"exact": "o", "rounded": "o", "approx": "d"}
#: Bound → caret whose base sits on the figure (pointing where the value lies) and the legend's words.
BOUND_CARETS: dict[str, int] = {"lower": mpl.markers.CARETUPBASE, "upper": mpl.markers.CARETDOWNBASE}
PART_YEAR_MARKER = "*"


HOUSE_STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#e0e0e0",
    "grid.linewidth": 0.6,
    "legend.fontsize": 9.5,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "lines.markersize": 6.5,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.hashsalt": "tradebrief",
    "svg.fonttype": "none",
    "path.simplify": False,
}
SVG_METADATA = {"Date": None, "Creator": None, "Contributor": None, "Publisher": None}
PNG_METADATA = {"Software": None}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: Figure width (in): at 96 px/in it is 576 px, so on a 390 px phone (≈358 px of image) the figure is
#: drawn at 0.62×, and 10 pt ticks are 8 px, the 8.5 pt caption 7 px.
FIG_WIDTH = 6.0
CAPTION_SIZE = 8.5
#: Sources a chart's footnote names (most cited first); the rest are counted, so it stays one or two lines.
CAPTION_SOURCES = 5
#: Bounds a line may pass through: figures that are points, not one-sided limits or approximations.
LINE_BOUNDS = frozenset({"exact", "rounded"})

def styled(func: Callable) -> Callable:
    """Run a chart function inside the house style (fonts, colours, deterministic SVG ids)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(HOUSE_STYLE):
            return func(*args, **kwargs)

    return wrapper


def reporter_color(reporter: str, index: int = 0) -> str:
    """The house colour of a reporting side; other codes cycle through a fixed list."""
    return REPORTER_COLORS.get(reporter, OTHER_COLORS[index % len(OTHER_COLORS)])


def new_figure(width: float = FIG_WIDTH, height: float = 4.0, nrows: int = 1,
               height_ratios: list[float] | None = None, sharex: bool = False) -> tuple[Figure, list]:
    """A pyplot-free figure on the Agg canvas and its axes."""
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, 1, squeeze=False, sharex=sharex,
                        gridspec_kw={"height_ratios": height_ratios} if height_ratios else None)[:, 0].tolist()
    return fig, axes


def plain(text: object) -> str:
    """Text from the data as matplotlib text: a `$` is a dollar sign, never the start of mathtext."""
    return str(text).replace("$", r"\$")


def _source_list(ids: Iterable[str]) -> list[str]:
    out: set[str] = set()
    for value in ids:
        if isinstance(value, str) and value:
            out.update(part for part in value.split(";") if part)
    return sorted(out)


def _source_names(ids: list[str], sites: Mapping[str, str] | None) -> list[str]:
    """The sources as a reader names them: sites, most cited first, then ids without a site."""
    sites = sites or {}
    counts = Counter(sites.get(sid, sid) for sid in ids)
    return sorted(counts, key=lambda name: (name in ids, -counts[name], name))


def _caption_text(fig: Figure, source_ids: Iterable[str], note: str | None,
                  sites: Mapping[str, str] | None = None, size: float = CAPTION_SIZE,
                  lang: str = "en") -> tuple[str, int]:
    words = CHART_WORDS[lang]
    ids = _source_list(source_ids)
    if not ids:
        text = words["sources_none"]
    else:
        cited = words["citations"].format(n=len(ids)) if len(ids) > 1 else words["citation"]
        names = _source_names(ids, sites)
        if len(names) > CAPTION_SOURCES:  # a footnote, not a list: the annex has them all
            names = names[:CAPTION_SOURCES - 1] + [words["more"].format(n=len(names) - CAPTION_SOURCES + 1)]
        text = words["sources"].format(cited=cited) + ", ".join(names) + "."
    if note:
        text = note + "\n" + text
    # characters per line at this size (Cyrillic letters are wider than Latin ones in DejaVu Sans)
    width = int(fig.get_figwidth() * 72 / ((0.56 if lang == "en" else 0.64) * size))
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
    return "\n".join(lines), len(lines)


def add_caption(fig: Figure, source_ids: Iterable[str], note: str | None = None, *,
                sites: Mapping[str, str] | None = None, size: float = CAPTION_SIZE, lang: str = "en") -> str:
    """Footnote 'Sources …' (plus an optional note) under everything else; returns the text.

    Then lays the figure out: the figure grows to hold the caption and any legend below an axes,
    and `tight_layout` keeps tick labels, titles and legends inside it without overlapping.
    """
    wrapped, n_lines = _caption_text(fig, source_ids, note, sites, size, lang)
    caption_in = (n_lines * size * 1.3 + 8) / 72
    fig.set_figheight(fig.get_figheight() + caption_in)
    fig.text(0.012, 0.008, plain(wrapped), ha="left", va="bottom", fontsize=size, color="#555555",
             gid="caption", linespacing=1.3)
    fig.tight_layout(rect=(0, caption_in / fig.get_figheight(), 1, 1), pad=0.5, h_pad=1.0)
    return wrapped


def _year_ticks(years: list[int], width_in: float) -> list[int]:
    """Whole years to label, every year or every 2nd/5th so labels never crowd (≈0.45 in each)."""
    if not years:
        return []
    room = max(1, int(width_in / 0.5))
    step = next(s for s in (1, 2, 5, 10, 20, 50) if len(years) / s <= room)
    return [y for y in years if (years[-1] - y) % step == 0]  # the latest year is always labelled


def _year_axis(ax, years: list[int], *, pad: float = 0.5) -> None:
    """x axis in whole years (ticks only at labelled years, never 2010.5 or 0.2)."""
    if years:
        ax.set_xticks(_year_ticks(years, ax.get_position().width * ax.figure.get_figwidth()))
        ax.set_xlim(years[0] - pad, years[-1] + pad)
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:.0f}"))
    ax.xaxis.set_minor_locator(mpl.ticker.NullLocator())


def _draw_points(ax, x: np.ndarray, y: np.ndarray, bounds: Iterable[str], color: str, gid: str) -> None:
    """Markers on published points only, shaped by bound; never clipped at the axes' edge."""
    bounds = np.asarray(list(bounds), dtype=object)
    for bound in sorted(set(bounds)):
        marker, filled = BOUND_MARKERS.get(bound, ("o", False))
        mask = bounds == bound
        ax.plot(x[mask], y[mask], linestyle="none", marker=marker, color=color, clip_on=False, zorder=3,
                markerfacecolor=color if filled else "white", markeredgecolor=color, gid=f"{gid}-{bound}")


def _broken_line(ax, years: list[int], by_year: pd.Series, **kwargs) -> Line2D:
    """One line over every year in range; a missing year is NaN, so no segment crosses it."""
    y = by_year.reindex(years).to_numpy(dtype=float)
    (line,) = ax.plot(np.asarray(years, dtype=float), y, **kwargs)
    return line


def _bound_legend(bounds: Iterable[str], lang: str = "en") -> list[Line2D]:
    handles, seen = [], set()
    for bound in ("exact", "approx", "lower", "upper", "range"):
        if bound in bounds or (bound == "exact" and "rounded" in bounds):
            label = BOUND_LABELS[bound] if lang == "en" else CHART_WORDS[lang][bound]
            if label in seen:
                continue
            seen.add(label)
            marker, filled = BOUND_MARKERS[bound]
            handles.append(Line2D([], [], linestyle="none", marker=marker, color="#444444",
                                  markerfacecolor="#444444" if filled else "white", label=label))
    return handles


def _legend_below(ax, handles: list, ncol: int = 2, *, from_figure_left: bool = False) -> None:
    """Legend under the axes (below the x tick labels), so it is never read as data or hides a point.
    `from_figure_left`: start it at the figure's left edge, not the axes' (long row labels push the
    axes right, and a legend from there ran off the figure: the Russian flows chart)."""
    if not handles:
        return
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.transforms import ScaledTranslation

    fig = ax.figure
    drop = 0.32 + (0.22 if ax.get_xlabel() else 0.0)  # inches: clear of tick labels (and an x label)
    ncol = min(ncol, len(handles))
    # an entry is an artist with its label, or (artists drawn on top of each other, label)
    labels = [h[1] if type(h) is tuple else h.get_label() for h in handles]  # a BarContainer is a tuple too
    handles = [h[0] if type(h) is tuple else h for h in handles]
    from matplotlib.transforms import blended_transform_factory

    base = blended_transform_factory(fig.transFigure, ax.transAxes) if from_figure_left else ax.transAxes
    ax.legend(handles=handles, labels=labels, loc="upper left", bbox_to_anchor=(0.012 if from_figure_left else 0.0, 0.0),
              borderaxespad=0.0,
              ncol=ncol, bbox_transform=base + ScaledTranslation(0, -drop, fig.dpi_scale_trans),
              handlelength=2.2, columnspacing=1.2, handler_map={tuple: HandlerTuple(ndivide=1)})
    rows = -(-len(handles) // ncol)
    fig.set_figheight(fig.get_figheight() + rows * 0.21 + 0.2)


_legend_outside = _legend_below  # the old name: legends are no longer beside the plot


def _order_reporters(rows: pd.DataFrame, reporters: Iterable[str] | None) -> list[str]:
    if reporters is not None:
        return list(reporters)
    present = list(dict.fromkeys(rows["reporter"]))
    first = [r for r in (rows["economy"].iloc[0], rows["partner"].iloc[0])] if not rows.empty else []
    return [r for r in first if r in present] + sorted(r for r in present if r not in first)


def _default_flows(series: pd.DataFrame) -> tuple[str, ...]:
    """Turnover when the pair has it, else the exports and imports it has (one question per chart)."""
    flows = set(series["flow"]) if "flow" in series else set()
    return ("turnover",) if "turnover" in flows or not flows else tuple(f for f in ("export", "import") if f in flows)


def _trade_rows(series: pd.DataFrame, flows: Iterable[str], reporters: Iterable[str] | None,
                start_year: int | None, end_year: int | None) -> tuple[pd.DataFrame, list[str], list[int]]:
    rows = series[~series["derived"]] if "derived" in series else series
    rows = rows[rows["flow"].isin(list(flows))]
    order = _order_reporters(rows, reporters)
    rows = rows[rows["reporter"].isin(order)]
    lo = start_year if start_year is not None else (int(rows["year"].min()) if not rows.empty else None)
    hi = end_year if end_year is not None else (int(rows["year"].max()) if not rows.empty else None)
    if lo is not None and hi is not None and lo > hi:
        raise UsageError(f"start_year {lo} is after end_year {hi}; give start_year <= end_year")
    if lo is not None:
        rows = rows[(rows["year"] >= lo) & (rows["year"] <= hi)]
    if not rows.empty:  # the axis spans the years that have figures, not an empty run-up
        lo, hi = max(lo, int(rows["year"].min())), min(hi, int(rows["year"].max()))
    years = list(range(lo, hi + 1)) if lo is not None and not rows.empty else []
    cols = [c for c in ("year", "reporter", "flow", "value_usd", "bound", "scope", "mirrored", "alternatives",
                        "source_id") if c in rows]
    table = rows[cols].sort_values(["reporter", "flow", "year"], ignore_index=True)
    return table, order, years


def _line_runs(part: pd.DataFrame) -> list[tuple[str, pd.Series]]:
    """(scope, values by year) of the figures a line may join: exact or rounded, one scope each."""
    joinable = part[part["bound"].isin(LINE_BOUNDS)]
    scopes = joinable["scope"] if "scope" in joinable else pd.Series("", index=joinable.index)
    return [(str(scope), group.set_index("year")["value_usd"] / 1e9)
            for scope, group in joinable.assign(_scope=scopes).groupby("_scope", sort=True)]


def _scope_style(scope: object, color: str) -> dict:
    """Marker fill for a scope (see SCOPE_FILLS): filled, hollow or half-filled in the side's colour."""
    fillstyle, filled = SCOPE_FILLS.get(str(scope), SCOPE_FILLS["unknown"])
    return {"fillstyle": fillstyle, "markerfacecolor": color if filled else "white",
            "markerfacecoloralt": "white", "markeredgecolor": color, "markeredgewidth": 1.6}


def _side_label(reporter: str, flow: str, flows: tuple[str, ...], lang: str = "en") -> str:
    if len(flows) == 1:
        return CHART_WORDS[lang]["side"].format(whose=side_label(reporter, lang))
    return CHART_WORDS[lang]["side_flow"].format(whose=side_label(reporter, lang),
                                                 flow=flow if lang == "en" else code_words(flow, codes.FLOW, lang))


#: How far apart (in years) two sides' marks of one year are drawn, so equal figures do not hide each other.
SIDE_DODGE = 0.12


def _plot_trade(ax, table: pd.DataFrame, order: list[str], years: list[int], flows: Iterable[str],
                x_offset: float = 0.0, part_year: pd.DataFrame | None = None, dodge: float = 0.0,
                lang: str = "en") -> None:
    """Each side's figures: solid lines over comparable runs, a dotted line through every point figure
    (so a side reads as one series across scope changes and gaps), marks filled by scope, bounds as a
    floor or ceiling with a caret (never a point a line falls to), part-year figures as stars."""
    flows = tuple(flows)
    drawn = [r for r in order if (table["reporter"] == r).any()]
    base_offset = x_offset
    for i, reporter in enumerate(order):
        color = reporter_color(reporter, i)
        x_offset = base_offset + (dodge * (drawn.index(reporter) - (len(drawn) - 1) / 2) if reporter in drawn else 0.0)
        for flow in flows:
            part = table[(table["reporter"] == reporter) & (table["flow"] == flow)]
            if part.empty:
                continue
            label = _side_label(reporter, flow, flows, lang)
            style = FLOW_STYLES.get(flow, "-")
            points = part[part["bound"].isin(list(POINT_MARKERS))].sort_values("year")
            if len(points) >= 2:
                ax.plot(points["year"].to_numpy(dtype=float) + x_offset, points["value_usd"].to_numpy(dtype=float) / 1e9,
                        color=color, linestyle=(0, (1, 2.2)), linewidth=1.1, gid=f"connect-{reporter}-{flow}",
                        label="_nolegend_", zorder=2)
            runs = _line_runs(part)
            for k, (scope, by_year) in enumerate(runs):
                gid = f"trade-{reporter}-{flow}" + (f"-{scope}" if len(runs) > 1 else "")
                line = _broken_line(ax, years, by_year, color=color, linestyle=style,
                                    label=label if k == 0 else "_nolegend_", gid=gid, zorder=2)
                line.set_xdata(np.asarray(line.get_xdata(), dtype=float) + x_offset)
            if not runs:  # a side without a comparable run: its legend entry still names it
                ax.plot([], [], color=color, linestyle=style, label=label)
            for (bound, scope), group in points.groupby(["bound", "scope"], sort=True):
                ax.plot(group["year"].to_numpy(dtype=float) + x_offset, group["value_usd"].to_numpy(dtype=float) / 1e9,
                        linestyle="none", marker=POINT_MARKERS[bound], color=color, clip_on=False, zorder=3,
                        gid=f"points-{reporter}-{flow}-{bound}-{scope}", **_scope_style(scope, color))
            for bound, caret in BOUND_CARETS.items():
                group = part[part["bound"] == bound]
                if group.empty:
                    continue
                x = group["year"].to_numpy(dtype=float) + x_offset
                y = group["value_usd"].to_numpy(dtype=float) / 1e9
                ax.plot(x, y, linestyle="none", marker="_", markersize=13, markeredgewidth=2.2, color=color,
                        clip_on=False, zorder=3, gid=f"bound-{reporter}-{flow}-{bound}-floor")
                ax.plot(x, y, linestyle="none", marker=caret, markersize=9, color=color, clip_on=False, zorder=3,
                        gid=f"bound-{reporter}-{flow}-{bound}")
            if part_year is not None and not part_year.empty:
                _plot_part_year(ax, part_year, reporter, flow, color, x_offset, lang)


def latest_part_years(part_year: pd.DataFrame | None, table: pd.DataFrame, flows: Iterable[str]) -> pd.DataFrame:
    """Per side and flow, the latest part-year figure that is a point (not a bound) and later than the
    side's last full-year figure: the chart's 'so far this year'. Empty when there is none."""
    cols = ["year", "period", "reporter", "flow", "value_usd", "bound", "scope", "source_id"]
    if part_year is None or part_year.empty:
        return pd.DataFrame(columns=cols)
    rows = part_year[part_year["flow"].isin(list(flows)) & part_year["bound"].isin(list(POINT_MARKERS))
                     & part_year["period"].astype(str).str.contains("..", regex=False)]
    if "preferred" in rows:
        rows = rows[rows["preferred"].astype(str).isin(["True", "true", "1"])]
    if "economy" in rows and not table.empty and "reporter" in table:
        rows = rows[rows["reporter"] == rows["economy"]]  # each side's own view, as the full-year lines
    keep = []
    for (reporter, flow), group in rows.groupby(["reporter", "flow"], sort=True):
        full = table[(table["reporter"] == reporter) & (table["flow"] == flow) & table["bound"].isin(list(POINT_MARKERS))]
        last = int(full["year"].max()) if not full.empty else -1  # a full-year bound does not hide it
        later = group[group["year"] > last]
        if reporter not in set(table["reporter"]) or later.empty:
            continue
        keep.append(later.sort_values(["year", "period"], kind="mergesort").iloc[-1])
    return pd.DataFrame(keep, columns=cols).reset_index(drop=True) if keep else pd.DataFrame(columns=cols)


def _plot_part_year(ax, rows: pd.DataFrame, reporter: str, flow: str, color: str, x_offset: float,
                    lang: str = "en") -> None:
    from tradebrief.text.numbers import period_text

    for _, r in rows[(rows["reporter"] == reporter) & (rows["flow"] == flow)].iterrows():
        x, y = float(r["year"]) + x_offset, float(r["value_usd"]) / 1e9
        ax.plot([x], [y], linestyle="none", marker=PART_YEAR_MARKER, markersize=12, color=color, clip_on=False,
                zorder=4, gid=f"part-year-{reporter}-{flow}", **_scope_style(r["scope"], color))
        ax.annotate(plain(period_text(r["period"], lang)), (x, y), xytext=(6, 9), textcoords="offset points", ha="right",
                    va="bottom",
                    fontsize=9.5, color=color, gid="part-year-label", annotation_clip=False)


def _trade_legend(table: pd.DataFrame, part_year: pd.DataFrame | None = None, lang: str = "en") -> list:
    """The marks' meanings, in grey: scope fills, 'about', bounds, part-year stars, dotted lines."""
    words = CHART_WORDS[lang]
    grey = "#444444"
    handles: list = []
    points = table[table["bound"].isin(list(POINT_MARKERS))]
    scopes = [s for s in SCOPE_FILLS if s in set(points.get("scope", []))
              or (part_year is not None and s in set(part_year.get("scope", [])))]
    for scope in scopes:
        handles.append(Line2D([], [], linestyle="none", marker="o", color=grey, label=words[f"scope_{scope}"],
                              **_scope_style(scope, grey)))
    if (table["bound"] == "approx").any():
        handles.append(Line2D([], [], linestyle="none", marker=POINT_MARKERS["approx"], color=grey,
                              markerfacecolor="white", label=words["approx"]))
    for bound, caret in BOUND_CARETS.items():
        if (table["bound"] == bound).any():
            floor = Line2D([], [], linestyle="none", marker="_", markersize=13, markeredgewidth=2.2, color=grey)
            head = Line2D([], [], linestyle="none", marker=caret, markersize=9, color=grey)
            handles.append(((floor, head), words[bound]))
    if part_year is not None and not part_year.empty:
        handles.append(Line2D([], [], linestyle="none", marker=PART_YEAR_MARKER, markersize=11, color=grey,
                              label=words["part_year"]))
    if len(points.groupby(["reporter", "flow"]).filter(lambda g: len(g) >= 2)):
        handles.append(Line2D([], [], color=grey, linestyle=(0, (1, 2.2)), linewidth=1.1, label=words["connect"]))
    return handles


def _enough(points: int) -> bool:
    """A chart needs at least two points (a single point is a sentence, not a chart)."""
    return points >= 2


def _scope_note(table: pd.DataFrame, lang: str = "en") -> str:
    words = CHART_WORDS[lang]
    scopes = sorted(set(table["scope"])) if "scope" in table else []
    names = ", ".join(SCOPE_WORDS.get(s, s) if lang == "en" else scope_text(s, lang) for s in scopes)
    return words["line"].format(mixed=words["mixed"].format(scopes=names) if len(scopes) > 1 else "")


#: The headline charts are narrower than the others, so that on a 390 px phone (≈358 px of image)
#: they are drawn at 0.75×: 10 pt text is 10 px there, the caption too.
HEADLINE_WIDTH = 5.0


def fitted(text: str, width_in: float, size: float) -> str:
    """A title wrapped to the figure's width (a Russian title runs longer than the English one and
    was cut at the figure's edge): a bold character takes about 0.68 em at `size` points, and the
    title starts at the axes' left edge, about 0.6 in from the figure's."""
    return textwrap.fill(text, max(20, int((width_in - 0.6) * 72 / (0.68 * size))), break_on_hyphens=False)
HEADLINE_TEXT = {"font.size": 10.5, "xtick.labelsize": 10.5, "ytick.labelsize": 10.5, "legend.fontsize": 10,
                 "axes.titlesize": 12, "axes.labelsize": 10.5}


@styled
def trade_by_side(series: pd.DataFrame, *, flows: Iterable[str] | None = None,
                  reporters: Iterable[str] | None = None, start_year: int | None = None,
                  end_year: int | None = None, title: str | None = None,
                  sites: Mapping[str, str] | None = None,
                  part_year: pd.DataFrame | None = None, lang: str = "en") -> tuple[Figure, pd.DataFrame] | None:
    """How has trade moved, by each side's own figures? US$ bn per side and flow, from `pair_series`.

    Each side in its colour: solid lines over comparable runs, a dotted line through all its point
    figures, marks filled by scope, bounds as a floor with a caret, and (from `part_year`, the
    section's part-year table) the latest part-year figure of a side as a star labelled with its
    months. `flows` defaults to turnover, or exports and imports when the pair has no turnover
    figure. None when fewer than two figures would be drawn.
    """
    flows = tuple(flows) if flows is not None else _default_flows(series)
    table, order, years = _trade_rows(series, flows, reporters, start_year, end_year)
    if not _enough(len(table)):
        return None
    latest = latest_part_years(part_year, table, flows)
    if not latest.empty:
        latest = latest[(latest["year"] >= (start_year or 0)) & (latest["year"] <= (end_year or 9999))]
    if not latest.empty:
        years = list(range(years[0], max(years[-1], int(latest["year"].max())) + 1))
    words = CHART_WORDS[lang]
    with mpl.rc_context(HEADLINE_TEXT):
        fig, (ax,) = new_figure(width=HEADLINE_WIDTH, height=3.0)
        _plot_trade(ax, table, order, years, flows, part_year=latest, dodge=SIDE_DODGE, lang=lang)
        _year_axis(ax, years)
        economy = series["economy"].iloc[0]
        partner = series["partner"].iloc[0]
        ax.set_title(fitted(title or words["title"].format(a=country(economy, lang), b=country(partner, lang),
                                                           a_gen=possessive(economy, lang),
                                                           b_gen=possessive(partner, lang)), HEADLINE_WIDTH, 12))
        ax.set_ylabel(words["y"])
        top = max([float(table["value_usd"].max()), *latest["value_usd"].astype(float)]) / 1e9
        ax.set_ylim(bottom=0, top=top * 1.16)  # room above the highest mark for a caret or a months label
        sides = [h for h in ax.get_legend_handles_labels()[0]]
        _legend_below(ax, sides + _trade_legend(table, latest, lang))
        note = words["note"].format(partner_whose=possessive(partner, lang), economy_whose=possessive(economy, lang))
        ids = list(table.get("source_id", [])) + list(latest["source_id"])
        add_caption(fig, ids, note, sites=sites, size=HEADLINE_CAPTION_SIZE, lang=lang)
    if not latest.empty:
        table = pd.concat([table.assign(period=table["year"].astype(str)), latest], ignore_index=True)
    return fig, table


HEADLINE_CAPTION_SIZE = 10.0


@styled
def trade_flows(balance: pd.DataFrame, economy: str, partner: str, *, rows: int = 4,
                title: str | None = None, sites: Mapping[str, str] | None = None,
                lang: str = "en") -> tuple[Figure, pd.DataFrame] | None:
    """Who sells how much to whom? For the latest years a side records both flows (the `balance`
    table: year, reporter, export_usd, import_usd, balance_usd, source_ids), the economy's exports
    and imports as two bars and the balance in words. None without such a year."""
    from tradebrief.text.numbers import usd

    need = {"year", "reporter", "export_usd", "import_usd"}
    if balance is None or balance.empty or not need <= set(balance.columns):
        return None
    table = balance.dropna(subset=["export_usd", "import_usd"])
    table = table.sort_values(["year", "reporter"], kind="mergesort").tail(rows).reset_index(drop=True)
    if table.empty:
        return None
    a, b = country(economy, lang), country(partner, lang)
    cases = {"a_gen": country(economy, lang, "gen"), "b_gen": country(partner, lang, "gen"),
             "b_acc": country(partner, lang, "acc"), "b_ins": country(partner, lang, "ins")}
    words = CHART_WORDS[lang]
    with mpl.rc_context(HEADLINE_TEXT):
        fig, (ax,) = new_figure(width=HEADLINE_WIDTH, height=0.75 + 0.62 * len(table))
        y = np.arange(len(table))[::-1].astype(float)
        height = 0.36
        widest = float(table[["export_usd", "import_usd"]].to_numpy(dtype=float).max()) / 1e9
        for flow, shift in (("export", height / 2), ("import", -height / 2)):
            values = table[f"{flow}_usd"].to_numpy(dtype=float) / 1e9
            ax.barh(y + shift, values, height=height, color=FLOW_COLORS[flow], gid=f"bars-{flow}",
                    label=words[flow].format(a=a, b=b, **cases))
            for yi, v, raw in zip(y, values, table[f"{flow}_usd"], strict=True):
                shown = plain(usd(float(raw), lang=lang))
                if v >= 0.7 * widest:  # a long bar carries its value inside its end: no room needed past it
                    ax.text(v, yi + shift, shown + " ", va="center", ha="right", fontsize=9.5, color="#1a1a1a",
                            gid=f"value-{flow}")
                else:
                    ax.text(v, yi + shift, " " + shown, va="center", fontsize=9.5, color="#333333", gid=f"value-{flow}")
        labels = []
        for r in table.itertuples():
            label = words["flows_row"].format(year=int(r.year), whose=side_label(r.reporter, lang))
            balance = getattr(r, "balance_usd", None)
            if pd.notna(balance):
                kind = "deficit" if balance < 0 else "surplus" if balance > 0 else "even"
                size = usd_difference(float(r.export_usd), float(r.import_usd), lang)
                label += "\n" + words[kind].format(whose=possessive(economy, lang), value=size)
            labels.append(plain(label))
        ax.set_yticks(y, labels)
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, widest * 1.4)  # room for the value written after the longest bar
        ax.set_xlabel(words["flows_x"], loc="left")  # from the axes' left: the Russian label ran off the right edge
        fig.suptitle(fitted(title or words["flows_title"].format(a=a, b=b, **cases), HEADLINE_WIDTH, 12), fontsize=12,
                     fontweight="bold",
                     x=0.012, ha="left")  # over the whole figure: the row labels take the axes' left
        _legend_below(ax, ax.get_legend_handles_labels()[0], ncol=1, from_figure_left=True)
        ids = [i for v in table.get("source_ids", pd.Series(dtype=str)).dropna().astype(str)
               for i in re.split(r"[;,\s]+", v) if i]
        add_caption(fig, ids, words["flows_note"], sites=sites, size=HEADLINE_CAPTION_SIZE, lang=lang)
    return fig, table


@styled
def mirror_ratio(gap: pd.DataFrame, *, title: str | None = None, sites: Mapping[str, str] | None = None) -> tuple[Figure, pd.DataFrame] | None:
    """How far apart are the two sides? Economy-reported ÷ partner-reported (mirrored), from `mirror_gap`.

    None when fewer than two years have a ratio.
    """
    table = gap.sort_values(["flow", "year"], ignore_index=True)
    drawn = table[table["ratio"].notna()]
    if not _enough(len(drawn)):
        return None
    fig, (ax,) = new_figure(height=3.4)
    years = list(range(int(drawn["year"].min()), int(drawn["year"].max()) + 1))
    flows = sorted(set(drawn["flow"]))
    for i, flow in enumerate(flows):
        part = drawn[drawn["flow"] == flow]
        color = OTHER_COLORS[i % len(OTHER_COLORS)]
        _broken_line(ax, years, part.set_index("year")["ratio"], color=color, linestyle=FLOW_STYLES.get(flow, "-"),
                     marker="o", clip_on=False, label=flow, gid=f"ratio-{flow}")
    ax.axhline(1.0, color="#444444", linewidth=0.8, gid="parity")
    _year_axis(ax, years, pad=0.6)
    top = max(float(drawn["ratio"].max()), 1.0)
    bottom = min(float(drawn["ratio"].min()), 1.0)
    margin = (top - bottom) * 0.1 or 0.1
    ax.set_ylim(max(0.0, bottom - margin), top + margin)
    ax.set_title(title or "Mirror ratio: own statistics ÷ partner's statistics")
    ax.set_ylabel("ratio (1 = sides agree)")
    if len(flows) > 1:
        _legend_below(ax, ax.get_legend_handles_labels()[0], ncol=3)
    else:
        ax.set_xlabel(f"{flows[0]}; a point is a year where both sides publish a comparable figure")
    ids = list(drawn["economy_source_id"]) + list(drawn["partner_source_id"])
    add_caption(fig, ids, "Years where a side is missing or gives only a bound have no point. "
                "Differences come from valuation (CIF/FOB), timing, transit and origin rules, "
                "confidentiality, scope and exchange rates.", sites=sites)
    return fig, table


@styled
def partner_share(standing: pd.DataFrame, *, title: str | None = None,
                  sites: Mapping[str, str] | None = None) -> tuple[Figure, pd.DataFrame] | None:
    """Where does the partner stand? Its share (%) and rank among an economy's partners, full years.

    A panel is drawn only for a measure with figures; None when fewer than two figures in all.
    """
    table = standing[standing["period"] == standing["year"].astype(str)].sort_values(
        ["reporter", "flow", "year"], ignore_index=True)
    measures = [(c, label) for c, label in (("share_pct", "share of partners, %"), ("rank", "rank (1 = largest)"))
                if c in table and table[c].notna().any()]
    if table.empty or not _enough(sum(int(table[c].notna().sum()) for c, _ in measures)):
        return None
    fig, axes = new_figure(height=2.5 * len(measures) + 0.4, nrows=len(measures), sharex=True)
    years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
    handles: dict[str, Line2D] = {}
    for i, ((reporter, flow), part) in enumerate(table.groupby(["reporter", "flow"], sort=True)):
        color = reporter_color(reporter, i)
        style = FLOW_STYLES.get(flow, "-")
        by_year = part.drop_duplicates("year").set_index("year")
        for ax, (column, _) in zip(axes, measures, strict=True):
            values = by_year[column].astype(float)
            if values.notna().any():
                line = _broken_line(ax, years, values, color=color, linestyle=style, clip_on=False,
                                    marker=FLOW_MARKERS.get(flow, "o"),
                                    label=f"{side_label(reporter)}: {flow}", gid=f"{column}-{reporter}-{flow}")
                handles.setdefault(line.get_label(), line)
    for ax, (column, label) in zip(axes, measures, strict=True):
        _year_axis(ax, years)
        ax.set_ylabel(label)
        if column == "rank":
            ranks = table["rank"].dropna().astype(int)
            ax.set_yticks(range(1, int(ranks.max()) + 1))
            ax.set_ylim(int(ranks.max()) + 0.5, 0.5)  # rank 1 on top, every rank inside the axes
        else:
            ax.set_ylim(0, float(table[column].max()) * 1.15)
    axes[0].set_title(title or "Partner's share and rank among the economy's partners")
    _legend_below(axes[-1], list(handles.values()))
    add_caption(fig, table.get("source_id", []), "Full years only; each side's statement as published.", sites=sites)
    return fig, table


#: Horizontal offset of each reporting side's mark within a year (two statements of one year side by side).
RANK_DODGE = 0.14


def _rank_rows(standing: pd.DataFrame) -> pd.DataFrame:
    """One row per statement the rank chart draws: the preferred statement of each (year, side, flow)
    (`preferred` True, its share) and each other rank stated that year (`preferred` False), full years only,
    trade when any statement is about trade."""
    full = standing[(standing["period"] == standing["year"].astype(str)) & standing["rank"].notna()]
    if (full["flow"] == "turnover").any():
        full = full[full["flow"] == "turnover"]
    out = []
    for _, r in full.sort_values(["year", "flow", "reporter"]).iterrows():
        base = {"year": int(r["year"]), "reporter": r["reporter"], "flow": r["flow"], "disputed": bool(r["disputed"]),
                "source_ids": str(r.get("rank_source_ids") or r["source_id"])}
        out.append({**base, "rank": int(r["rank"]), "preferred": True, "share_pct": r["share_pct"],
                    "source_id": r["source_id"]})
        stated = {int(x) for x in str(r.get("ranks") or "").split(";") if x}
        for other in sorted(stated - {int(r["rank"])}):
            out.append({**base, "rank": other, "preferred": False, "share_pct": np.nan, "source_id": ""})
    table = pd.DataFrame(out, columns=["year", "reporter", "flow", "rank", "preferred", "disputed", "share_pct",
                                       "source_id", "source_ids"])
    # a rank stated by several sides in one year is drawn once per side; another rank once per year
    return table.drop_duplicates(["year", "flow", "rank", "preferred", "reporter"]).reset_index(drop=True)


@styled
def partner_rank(standing: pd.DataFrame, economy: str, partner: str, *, sites: Mapping[str, str] | None = None,
                 lang: str = "en") -> tuple[Figure, pd.DataFrame] | None:
    """Where does the partner stand among the economy's partners, year by year? One mark per statement
    (colour: whose statement; filled where it prints shares, with the partner's share beside it), rank 1
    on top; a year whose statements differ shows every rank stated, joined by a dashed line marked
    "sources differ". Years without a statement stay empty; no line joins two years. From
    `partner_standing`; None with fewer than two marks."""
    table = _rank_rows(standing)
    if not _enough(len(table)):
        return None
    words = CHART_WORDS[lang]
    years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
    reporters = sorted(set(table["reporter"]), key=lambda r: (r not in REPORTER_COLORS, r))
    offsets = {}  # side by side only where two sides state the same rank for the same year
    for _, group in table[table["preferred"]].groupby(["year", "flow", "rank"], sort=True):
        sides = sorted(group["reporter"], key=reporters.index)
        offsets.update({(int(group["year"].iloc[0]), r): (i - (len(sides) - 1) / 2) * RANK_DODGE
                        for i, r in enumerate(sides)})
    flows = sorted(set(table["flow"]))
    with mpl.rc_context(HEADLINE_TEXT):
        top_rank = int(table["rank"].max())
        fig, (ax,) = new_figure(width=HEADLINE_WIDTH, height=1.2 + 0.32 * max(top_rank, 3))
        handles: dict[str, object] = {}
        for (year, _flow), group in table.groupby(["year", "flow"], sort=True):
            if group["rank"].nunique() > 1:  # statements differ: every rank stated, joined and named
                lo, hi = int(group["rank"].min()), int(group["rank"].max())
                (line,) = ax.plot([year, year], [lo, hi], color="#444444", linestyle=(0, (2, 2)), linewidth=1.1,
                                  zorder=2, gid=f"differ-{year}", label=words["rank_differ"])
                handles.setdefault("differ", line)
        for r in table.itertuples():
            color = reporter_color(r.reporter, reporters.index(r.reporter))
            x = r.year + offsets.get((r.year, r.reporter), 0.0) if r.preferred else r.year
            marker = FLOW_MARKERS.get(r.flow, "o") if len(flows) > 1 else "o"
            ax.plot([x], [r.rank], linestyle="none", marker=marker, markersize=8, clip_on=False, zorder=3,
                    color=color if r.preferred else "#444444",
                    markerfacecolor=color if r.preferred else "white", markeredgewidth=1.6,
                    gid=f"rank-{r.year}-{r.reporter}-{r.rank}")
            if r.preferred:
                whose = (words["rank_statement"].format(whose=possessive(r.reporter, lang))
                         if r.reporter not in codes.SIDE.codes() else side_label(r.reporter, lang))
                handles.setdefault(f"side-{r.reporter}", Line2D([], [], linestyle="none", marker="o", markersize=8,
                                                                 color=color, markerfacecolor=color, label=whose))
            else:
                handles.setdefault("other", Line2D([], [], linestyle="none", marker="o", markersize=8, color="#444444",
                                                   markerfacecolor="white", markeredgewidth=1.6,
                                                   label=words["rank_other"]))
            if r.preferred and pd.notna(r.share_pct):
                share = percent_sign(format_decimal(float(r.share_pct), format="#,##0.###", locale=lang), lang)
                ax.annotate(share, (x, r.rank), xytext=(7, 0), textcoords="offset points", va="center", ha="left",
                            fontsize=9.5, color="#333333", gid=f"share-{r.year}-{r.reporter}")
        ordinals = words["rank_ordinals"].split("|")
        ax.set_yticks(range(1, top_rank + 1), [ordinals[k - 1] if k <= len(ordinals) else str(k)
                                                for k in range(1, top_rank + 1)])
        ax.set_ylim(top_rank + 0.6, 0.4)  # rank 1 on top, every mark inside the axes
        ax.grid(axis="x", visible=False)
        _year_axis(ax, years, pad=0.7)
        a_whose = possessive(economy, lang)
        if len(flows) == 1 and flows[0] == "turnover":
            title = words["rank_title"].format(b=country(partner, lang), a_whose=a_whose, a_gen=country(economy, lang, "gen"),
                                               b_gen=country(partner, lang, "gen"))
        else:
            flow_word = words.get(f"rank_flow_{flows[0]}", flows[0]) if len(flows) == 1 else ""
            title = words["rank_title_flow"].format(b=country(partner, lang), a_whose=a_whose, flow=flow_word,
                                                    a_gen=country(economy, lang, "gen"),
                                                    b_gen=country(partner, lang, "gen")).replace("  ", " ")
        ax.set_title(fitted(title, HEADLINE_WIDTH, 12))
        order = sorted(handles, key=lambda k: (not k.startswith("side-"), k == "differ"))  # sides, other, differ
        _legend_below(ax, [handles[k] for k in order], ncol=2)
        note = words["rank_note"]
        if table["share_pct"].notna().any():
            note += " " + words["rank_share"].format(a_whose=a_whose, a_gen=country(economy, lang, "gen"))
        ids = [i for v in table["source_ids"] for i in str(v).split(";") if i]
        add_caption(fig, ids, note, sites=sites, size=HEADLINE_CAPTION_SIZE, lang=lang)
    return fig, table


@styled
def agreements_by(summary: dict[str, pd.DataFrame] | pd.DataFrame, by: str = "sector", *,
                  top: int | None = 12, title: str | None = None,
                  sites: Mapping[str, str] | None = None) -> tuple[Figure, pd.DataFrame] | None:
    """How many documents, in which sectors or of which type? Bars labelled with the stated values.

    None when there is nothing to compare: no group, or every group has the same count.
    """
    if by not in ("sector", "doc_type"):
        raise UsageError(f"agreements_by groups by 'sector' or 'doc_type'; got {by!r}")
    table = summary[f"by_{by}"] if isinstance(summary, dict) else summary
    table = table.sort_values(["n_documents", by], ascending=[False, True], ignore_index=True)
    groups = len(table)
    if groups < 2 or table["n_documents"].nunique() < 2:
        return None
    if top is not None:
        table = table.head(top)
    fig, (ax,) = new_figure(height=max(2.4, 0.8 + 0.32 * len(table)))
    labels = [plain(textwrap.shorten(str(v).replace("_", " "), 34, placeholder="…")) for v in table[by]]
    y = np.arange(len(table))[::-1]
    ax.barh(y, table["n_documents"], color="#607d8b", gid="bars")
    ax.set_yticks(y, labels)
    for yi, (_, r) in zip(y, table.iterrows(), strict=False):
        if r["n_with_value"] and pd.notna(r["value_usd_sum"]):  # no sum across kinds of value
            note = f"{usd(float(r['value_usd_sum']))} stated"  # as precise as printed (text.numbers)
            if r["n_without_value"]:
                note += f"; {int(r['n_without_value'])} without value"
        else:
            note = "values of different kinds, not summed" if r["n_with_value"] else "no value stated"
        ax.text(r["n_documents"], yi, "  " + plain(note), va="center", fontsize=9.5, color="#333333", gid="bar-note")
    ax.set_xlim(0, table["n_documents"].max() * 2.1)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("documents")
    ax.set_title(title or f"Documents by {by.replace('_', ' ')}")
    shown = f"The {len(table)} largest of {groups} groups are shown. " if len(table) < groups else ""
    add_caption(fig, table.get("source_ids", []), shown + "Sums cover stated values only; missing "
                "values are not counted as zero.", sites=sites)
    return fig, table


def _decimal_year(dates: pd.Series) -> pd.Series:
    days = np.where(dates.dt.is_leap_year, 366, 365)
    return dates.dt.year + (dates.dt.day_of_year - 1) / days


@styled
def events_timeline_chart(series: pd.DataFrame, events: pd.DataFrame, *,
                          flows: Iterable[str] | None = None, reporters: Iterable[str] | None = None,
                          start_year: int | None = None, end_year: int | None = None,
                          title: str | None = None, sites: Mapping[str, str] | None = None,
                          ) -> tuple[Figure, pd.DataFrame] | None:
    """Did trade move with the political events? Trade by side above, an event strip below.

    Annual figures are drawn at mid-year (x = year + 0.5) so that events fall inside the year they
    happened in. The strip has one row per kind of event (named on its axis, no legend or numbers
    to look up); the table behind the chart lists every event: `layer` is 'trade' or 'event'.
    None when there are no events or fewer than two trade figures (then `trade_by_side` says it all).
    """
    flows = tuple(flows) if flows is not None else _default_flows(series)
    trade, order, years = _trade_rows(series, flows, reporters, start_year, end_year)
    ev = events.copy()
    if years:
        ev = ev[(ev["date"].dt.year >= years[0]) & (ev["date"].dt.year <= years[-1])]
    ev = ev.sort_values(["date", "category", "title"], ignore_index=True)
    if not _enough(len(trade)) or ev.empty:
        return None
    ev["number"] = np.arange(1, len(ev) + 1)
    ev["x"] = _decimal_year(ev["date"])
    kinds = [k for k in EVENT_WORDS if k in set(ev["category"])] + sorted(set(ev["category"]) - set(EVENT_WORDS))
    fig, (ax, strip) = new_figure(height=3.4 + 0.28 * len(kinds), nrows=2, sharex=True,
                                  height_ratios=[3.0, 0.3 + 0.28 * len(kinds)])
    _plot_trade(ax, trade, order, years, flows, x_offset=0.5)
    for row, kind in enumerate(kinds):
        part = ev[ev["category"] == kind]
        color, _style = EVENT_STYLES.get(kind, EVENT_STYLES["other"])
        level = len(kinds) - 1 - row
        strip.vlines(part["x"], level - 0.32, level + 0.32, colors=color, linewidth=1.6, gid=f"events-{kind}")
        ax.vlines(part["x"], 0, 1, transform=ax.get_xaxis_transform(), colors=color, linewidth=0.5, alpha=0.25,
                  gid=f"guides-{kind}")
    strip.set_yticks(range(len(kinds)), [plain(code_words(k, EVENT_WORDS)) for k in reversed(kinds)])
    strip.set_ylim(-0.6, len(kinds) - 0.4)
    strip.grid(axis="y", visible=False)
    strip.tick_params(axis="y", length=0)
    # A year's label sits at its 1 January, the grid marks every year's start, and the year's figure
    # is drawn in the middle of its span: an event of 24 Feb 2022 lies just right of "2022".
    for a in (ax, strip):
        a.set_xticks([float(y) for y in _year_ticks(years + [years[-1] + 1], FIG_WIDTH * 0.85)])
        a.set_xticks([float(y) for y in years + [years[-1] + 1]], minor=True)
        a.grid(axis="x", which="minor", visible=True)
        a.tick_params(axis="x", which="minor", length=2)
    strip.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:.0f}"))
    strip.set_xlim(years[0], years[-1] + 1)
    ax.set_ylim(0, float(trade["value_usd"].max()) / 1e9 * 1.08)
    ax.set_ylabel("US$ bn, current")
    ax.set_title(title or "Trade by reporting side, with events")
    _legend_below(strip, ax.get_legend_handles_labels()[0] + (_trade_legend(trade) if not trade.empty else []))
    trade_part = trade.assign(layer="trade", x=trade["year"] + 0.5)
    event_part = ev.assign(layer="event")[["layer", "number", "date_text", "date_precision", "category",
                                          "title", "x", "source_id"]]
    table = pd.concat([trade_part, event_part], ignore_index=True)
    table = table[["layer"] + [c for c in table.columns if c != "layer"]]
    n_event_sources = len(_source_list(ev["source_id"]))
    add_caption(fig, trade["source_id"], "A year's figure is drawn in the middle of its year. Each tick in the "
                "strip is one event; the table behind this chart lists every event with its date and source "
                f"({n_event_sources} sources); a date given only as a month or year is drawn at its first day. "
                + _scope_note(trade), sites=sites)
    return fig, table


@styled
def rail_chart(rail: pd.DataFrame, *, include_part_year: bool = False,
               title: str | None = None, sites: Mapping[str, str] | None = None,
               ) -> tuple[Figure, pd.DataFrame] | None:
    """How large is the corridor, by each source? Rail measures from `rail_series` (one unit).

    A marker per source and year (colour: what the figure counts, its `scope`), ranges as bars.
    No lines: several sources may give different figures for one year, and joining them would
    suggest a series that no source published. None when fewer than two figures.
    """
    table = rail if include_part_year or "full_year" not in rail else rail[rail["full_year"]]
    table = table.sort_values(["metric", "year", "source_id"], ignore_index=True)
    units = sorted(set(table["unit"]))
    if len(units) > 1:
        raise UsageError(f"rail_chart draws one unit; got {', '.join(units)} — filter with "
                         "rail_series(rail, metric, unit)")
    if not _enough(len(table)):
        return None
    key = "scope" if "scope" in table and table["scope"].astype(str).str.len().gt(0).all() else "metric"
    fig, (ax,) = new_figure(height=3.4)
    years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
    for i, (what, part) in enumerate(table.groupby(key, sort=True)):
        color = OTHER_COLORS[i % len(OTHER_COLORS)]
        x = part["year"].to_numpy(dtype=float)
        low = part["value"].to_numpy(dtype=float)
        high = part["value_high"].to_numpy(dtype=float)
        has_range = ~np.isnan(high)
        if has_range.any():
            ax.vlines(x[has_range], low[has_range], high[has_range], colors=color, linewidth=2.5,
                      alpha=0.5, gid=f"range-{i}")
        _draw_points(ax, x, low, part["bound"], color, f"rail-{i}")
        ax.plot([], [], color=color, marker="s", linestyle="none",
                label=plain(textwrap.shorten(str(what), 60, placeholder="…")))
    _year_axis(ax, years, pad=0.6)
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100
                                                          else f"{v:g}"))
    ax.set_ylabel(plain(units[0]))
    top = float(np.nanmax(np.concatenate([table["value"].to_numpy(float), table["value_high"].to_numpy(float)])))
    ax.set_ylim(0, top * 1.08)
    ax.set_title(title or f"Rail corridor: {units[0]} by source")
    _legend_below(ax, ax.get_legend_handles_labels()[0] + _bound_legend(set(table["bound"])), ncol=1)
    add_caption(fig, table.get("source_id", []), "Colour: what the figure counts. One marker per source; "
                "figures are not joined across years or sources.", sites=sites)
    return fig, table


def save_chart(fig: Figure, table: pd.DataFrame, out_dir: str | Path, name: str) -> list[Path]:
    """Write figures/<name>.png, figures/<name>.svg and tables/<name>.csv; same input → same bytes."""
    if not _NAME.match(name):
        raise UsageError(f"chart name {name!r} must be letters, digits, '_', '-' or '.', "
                         "e.g. 'trade_by_side'")
    out = Path(out_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    png, svg, csv = out / "figures" / f"{name}.png", out / "figures" / f"{name}.svg", out / "tables" / f"{name}.csv"
    with mpl.rc_context(HOUSE_STYLE):
        fig.savefig(png, format="png", metadata=PNG_METADATA)
        fig.savefig(svg, format="svg", metadata=SVG_METADATA)
    write_csv(table, csv)
    if getattr(fig.canvas, "manager", None) is not None:  # a pyplot figure: release it
        import matplotlib.pyplot as plt

        plt.close(fig)
    return [png, svg, csv]


@styled
def products_by_section(by_section: pd.DataFrame, economy: str, partner: str, source_id: str, *,
                        title: str | None = None, note: str | None = None,
                        sites: Mapping[str, str] | None = None) -> tuple[Figure, pd.DataFrame] | None:
    """What is traded? Values by HS section (BACI, or fetched HS chapters), each direction with flows,
    summed over the years shown (US$ bn). None when neither direction has two sections."""
    table = (by_section.groupby(["exporter", "section", "section_label"], as_index=False)["value_usd"].sum()
             .sort_values(["exporter", "value_usd", "section"], ascending=[True, False, True], ignore_index=True))
    directions = [(e, i) for e, i in ((economy, partner), (partner, economy)) if (table["exporter"] == e).sum() >= 2]
    if not directions:
        return None
    fig, axes = new_figure(height=3.2 * len(directions), nrows=len(directions))
    for ax, (exporter, importer) in zip(axes, directions, strict=True):
        part = table[table["exporter"] == exporter].head(10)
        labels = [plain(textwrap.shorten(f"{r.section} {r.section_label}", 34, placeholder="…"))
                  for r in part.itertuples()]
        y = np.arange(len(part))[::-1]
        ax.barh(y, part["value_usd"] / 1e9, color=reporter_color(exporter), gid=f"bars-{exporter}")
        ax.set_yticks(y, labels)
        ax.set_title(f"{country(exporter)} → {country(importer)}: largest HS sections", fontsize=10.5)
        ax.set_xlabel("US$ bn, current (summed over the years shown)")
        ax.grid(axis="y", visible=False)
    fig.suptitle(title or f"{country(economy)}–{country(partner)} goods by HS section (CEPII BACI)", fontsize=11.5, fontweight="bold",
                 x=0.012, ha="left")
    add_caption(fig, [source_id], note or "BACI reconciles both sides' declarations to FOB values; "
                "it is neither side's own statistics.", sites=sites)
    return fig, table


__all__ = [
    "BOUND_MARKERS",
    "EVENT_STYLES",
    "HOUSE_STYLE",
    "REPORTER_COLORS",
    "add_caption",
    "agreements_by",
    "events_timeline_chart",
    "mirror_ratio",
    "new_figure",
    "partner_rank",
    "partner_share",
    "products_by_section",
    "rail_chart",
    "reporter_color",
    "save_chart",
    "styled",
    "trade_by_side",
    "trade_flows",
]
