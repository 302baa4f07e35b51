"""Charts in one house style, each returned with the exact table behind it.

Every chart function takes frames from `tradebrief.analysis` and returns `(Figure, DataFrame)`.
Drawing rules that keep the charts honest: markers only on published figures; a missing year breaks
the line (NaN), it is never bridged; lower/upper bounds get their own markers (▲ "over", ▼ "almost");
each chart's footnote lists its source ids. Figures are built on the Agg canvas without pyplot, so
the library never switches a notebook's backend, and `save_chart` writes byte-identical files on
every run (fixed SVG hash salt, no dates or software names in the metadata).
"""
from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from tradebrief.errors import UsageError

#: Colours per reporting side; every chart uses these so a side looks the same everywhere.
REPORTER_COLORS: dict[str, str] = {"BLR": "#2e7d32", "CHN": "#c62828", "UNK": "#8a8a8a", "TDM": "#6a4c93"}
OTHER_COLORS = ("#1565c0", "#ef6c00", "#00838f", "#5d4037", "#ad1457", "#558b2f", "#283593",
                "#f9a825", "#4e342e", "#00695c")
FLOW_STYLES: dict[str, str] = {"turnover": "-", "export": "--", "import": ":"}
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
    "visit": ("#1565c0", "-"), "sanctions": ("#6d4c41", "--"), "war": ("#000000", "-"),
    "partnership": ("#c62828", "-."), "bri": ("#00838f", ":"), "trade_policy": ("#ef6c00", ":"),
    "other": ("#9e9e9e", ":"),
}

HOUSE_STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#e0e0e0",
    "grid.linewidth": 0.6,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "lines.linewidth": 1.6,
    "lines.markersize": 6,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.hashsalt": "tradebrief",
    "svg.fonttype": "none",
    "path.simplify": False,
}
SVG_METADATA = {"Date": None, "Creator": None, "Contributor": None, "Publisher": None}
PNG_METADATA = {"Software": None}
CSV_FLOAT_FORMAT = "%.12g"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_CAPTION_WIDTH = 140


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


def new_figure(width: float = 8.0, height: float = 4.5, nrows: int = 1) -> tuple[Figure, list]:
    """A pyplot-free figure on the Agg canvas and its axes."""
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, 1, squeeze=False)[:, 0].tolist()
    return fig, axes


def _source_list(ids: Iterable[str]) -> list[str]:
    out: set[str] = set()
    for value in ids:
        if isinstance(value, str) and value:
            out.update(part for part in value.split(";") if part)
    return sorted(out)


def add_caption(fig: Figure, source_ids: Iterable[str], note: str | None = None, *,
                right: float = 0.97) -> str:
    """Footnote 'Sources: …' (plus an optional note) under the axes; returns the text."""
    ids = _source_list(source_ids)
    text = "Sources: " + (", ".join(ids) if ids else "none (no figure drawn)") + "."
    if note:
        text = note + "\n" + text
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, _CAPTION_WIDTH) or [""])
    wrapped = "\n".join(lines)
    fig.text(0.01, 0.01, wrapped, ha="left", va="bottom", fontsize=6.5, color="#555555",
             gid="caption")
    height_pt = fig.get_figheight() * 72
    fig.subplots_adjust(left=0.08, right=right, top=0.9,
                        bottom=min(0.6, (len(lines) * 8.5 + 34) / height_pt), hspace=0.35)
    return wrapped


def _year_axis(ax, years: list[int]) -> None:
    if years:
        step = 1 if len(years) <= 12 else 2
        ax.set_xticks(years[::step])
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:.0f}"))


def _draw_points(ax, x: np.ndarray, y: np.ndarray, bounds: Iterable[str], color: str, gid: str) -> None:
    """Markers on published points only, shaped by bound."""
    bounds = np.asarray(list(bounds), dtype=object)
    for bound in sorted(set(bounds)):
        marker, filled = BOUND_MARKERS.get(bound, ("o", False))
        mask = bounds == bound
        ax.plot(x[mask], y[mask], linestyle="none", marker=marker, color=color,
                markerfacecolor=color if filled else "white", markeredgecolor=color, gid=f"{gid}-{bound}")


def _broken_line(ax, years: list[int], by_year: pd.Series, **kwargs) -> Line2D:
    """One line over every year in range; a missing year is NaN, so no segment crosses it."""
    y = by_year.reindex(years).to_numpy(dtype=float)
    (line,) = ax.plot(np.asarray(years, dtype=float), y, **kwargs)
    return line


def _bound_legend(bounds: Iterable[str]) -> list[Line2D]:
    handles, seen = [], set()
    for bound in ("exact", "approx", "lower", "upper", "range"):
        if bound in bounds or (bound == "exact" and "rounded" in bounds):
            label = BOUND_LABELS[bound]
            if label in seen:
                continue
            seen.add(label)
            marker, filled = BOUND_MARKERS[bound]
            handles.append(Line2D([], [], linestyle="none", marker=marker, color="#444444",
                                  markerfacecolor="#444444" if filled else "white", label=label))
    return handles


def _legend_outside(ax, handles: list) -> None:
    """Legend to the right of the axes, so it never hides a point."""
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="#777777")


def _order_reporters(rows: pd.DataFrame, reporters: Iterable[str] | None) -> list[str]:
    if reporters is not None:
        return list(reporters)
    present = list(dict.fromkeys(rows["reporter"]))
    first = [r for r in (rows["economy"].iloc[0], rows["partner"].iloc[0])] if not rows.empty else []
    return [r for r in first if r in present] + sorted(r for r in present if r not in first)


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
    years = list(range(lo, hi + 1)) if lo is not None else []
    cols = [c for c in ("year", "reporter", "flow", "value_usd", "bound", "mirrored", "alternatives",
                        "source_id") if c in rows]
    table = rows[cols].sort_values(["reporter", "flow", "year"], ignore_index=True)
    return table, order, years


def _plot_trade(ax, table: pd.DataFrame, order: list[str], years: list[int], flows: Iterable[str],
                x_offset: float = 0.0) -> None:
    for i, reporter in enumerate(order):
        color = reporter_color(reporter, i)
        for flow in flows:
            part = table[(table["reporter"] == reporter) & (table["flow"] == flow)]
            if part.empty:
                continue
            by_year = part.set_index("year")["value_usd"] / 1e9
            line = _broken_line(ax, years, by_year, color=color, linestyle=FLOW_STYLES.get(flow, "-"),
                                label=f"{reporter} statistics: {flow}", gid=f"trade-{reporter}-{flow}")
            line.set_xdata(np.asarray(line.get_xdata(), dtype=float) + x_offset)
            _draw_points(ax, part["year"].to_numpy(dtype=float) + x_offset, by_year.to_numpy(),
                         part["bound"], color, f"points-{reporter}-{flow}")


@styled
def trade_by_side(series: pd.DataFrame, *, flows: Iterable[str] = ("turnover",),
                  reporters: Iterable[str] | None = None, start_year: int | None = None,
                  end_year: int | None = None, title: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Trade in US$ bn per reporting side (one line per side and flow), from `pair_series`."""
    flows = tuple(flows)
    table, order, years = _trade_rows(series, flows, reporters, start_year, end_year)
    fig, (ax,) = new_figure()
    if table.empty:
        _empty(ax, "No published figure for these sides and years")
    else:
        _plot_trade(ax, table, order, years, flows)
        _year_axis(ax, years)
        _legend_outside(ax, ax.get_legend_handles_labels()[0] + _bound_legend(set(table["bound"])))
    economy = series["economy"].iloc[0] if not series.empty else ""
    partner = series["partner"].iloc[0] if not series.empty else ""
    ax.set_title(title or f"{economy}–{partner} goods trade as each side reports it ({economy}'s view)")
    ax.set_ylabel("US$ bn, current")
    ax.set_ylim(bottom=0)
    add_caption(fig, table.get("source_id", []),
                "Missing years are left blank; a line never crosses them. Mirrored figures are the "
                "partner's statistics read from the other side.", right=0.74)
    return fig, table


@styled
def mirror_ratio(gap: pd.DataFrame, *, title: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Economy-reported ÷ partner-reported (mirrored) value per year and flow, from `mirror_gap`."""
    table = gap.sort_values(["flow", "year"], ignore_index=True)
    fig, (ax,) = new_figure()
    drawn = table[table["ratio"].notna()]
    if drawn.empty:
        _empty(ax, "No year has both sides' figures for the same flow")
    else:
        years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
        for i, flow in enumerate(sorted(set(drawn["flow"]))):
            part = drawn[drawn["flow"] == flow]
            color = OTHER_COLORS[i % len(OTHER_COLORS)]
            _broken_line(ax, years, part.set_index("year")["ratio"], color=color,
                         linestyle=FLOW_STYLES.get(flow, "-"), marker="o", label=flow, gid=f"ratio-{flow}")
        ax.axhline(1.0, color="#444444", linewidth=0.8, gid="parity")
        _year_axis(ax, years)
        ax.legend(loc="upper left")
    ax.set_title(title or "Mirror ratio: own statistics ÷ partner's statistics")
    ax.set_ylabel("ratio (1 = sides agree)")
    ids = list(drawn["economy_source_id"]) + list(drawn["partner_source_id"])
    add_caption(fig, ids, "Years where a side is missing or gives only a bound have no point. "
                "Differences come from valuation (CIF/FOB), timing, transit and origin rules, "
                "confidentiality, scope and exchange rates.")
    return fig, table


@styled
def partner_share(standing: pd.DataFrame, *, title: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Share (%) and rank of a partner among an economy's partners, full years only."""
    table = standing[standing["period"] == standing["year"].astype(str)].sort_values(
        ["reporter", "flow", "year"], ignore_index=True)
    fig, (ax_share, ax_rank) = new_figure(8.0, 6.0, nrows=2)
    if table.empty:
        _empty(ax_share, "No full-year share or rank")
    else:
        years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
        for i, ((reporter, flow), part) in enumerate(table.groupby(["reporter", "flow"], sort=True)):
            color = reporter_color(reporter, i)
            style = FLOW_STYLES.get(flow, "-")
            by_year = part.drop_duplicates("year").set_index("year")
            for ax, column in ((ax_share, "share_pct"), (ax_rank, "rank")):
                values = by_year[column].astype(float)
                if values.notna().any():
                    _broken_line(ax, years, values, color=color, linestyle=style, marker="o",
                                 label=f"{reporter} statistics: {flow}", gid=f"{column}-{reporter}-{flow}")
        for ax in (ax_share, ax_rank):
            _year_axis(ax, years)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(loc="best")
        ax_rank.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax_rank.invert_yaxis()
    ax_share.set_ylabel("share of partners, %")
    ax_share.set_ylim(bottom=0)
    ax_rank.set_ylabel("rank (1 = largest)")
    ax_share.set_title(title or "Partner's share and rank")
    add_caption(fig, table.get("source_id", []))
    return fig, table


@styled
def agreements_by(summary: dict[str, pd.DataFrame] | pd.DataFrame, by: str = "sector", *,
                  top: int | None = 15, title: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Documents per sector or doc_type, labelled with the sum of stated values and how many lacked one."""
    if by not in ("sector", "doc_type"):
        raise UsageError(f"agreements_by groups by 'sector' or 'doc_type'; got {by!r}")
    table = summary[f"by_{by}"] if isinstance(summary, dict) else summary
    table = table.sort_values(["n_documents", by], ascending=[False, True], ignore_index=True)
    groups = len(table)
    if top is not None:
        table = table.head(top)
    fig, (ax,) = new_figure(8.0, max(3.0, 1.2 + 0.32 * len(table)))
    if table.empty:
        _empty(ax, "No documents match")
    else:
        labels = [textwrap.shorten(str(v), 48, placeholder="…") for v in table[by]]
        y = np.arange(len(table))[::-1]
        ax.barh(y, table["n_documents"], color="#607d8b", gid="bars")
        ax.set_yticks(y, labels)
        for yi, (_, r) in zip(y, table.iterrows(), strict=False):
            if r["n_with_value"]:
                note = f"US${r['value_usd_sum'] / 1e9:.2f} bn stated"
                if r["n_without_value"]:
                    note += f"; {int(r['n_without_value'])} without value"
            else:
                note = "no value stated"
            ax.text(r["n_documents"], yi, "  " + note, va="center", fontsize=7, color="#333333")
        ax.set_xlim(0, table["n_documents"].max() * 1.6)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.grid(axis="y", visible=False)
    ax.set_xlabel("documents")
    ax.set_title(title or f"Documents by {by.replace('_', ' ')}")
    shown = f"The {len(table)} largest of {groups} groups are shown. " if len(table) < groups else ""
    add_caption(fig, table.get("source_ids", []), shown + "Sums cover stated values only; missing "
                "values are not counted as zero.")
    fig.subplots_adjust(left=0.36)
    return fig, table


def _decimal_year(dates: pd.Series) -> pd.Series:
    days = np.where(dates.dt.is_leap_year, 366, 365)
    return dates.dt.year + (dates.dt.day_of_year - 1) / days


@styled
def events_timeline_chart(series: pd.DataFrame, events: pd.DataFrame, *,
                          flows: Iterable[str] = ("turnover",), reporters: Iterable[str] | None = None,
                          start_year: int | None = None, end_year: int | None = None,
                          title: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Trade by side with events (from `events_timeline`) as numbered vertical markers.

    Annual figures are drawn at mid-year (x = year + 0.5) so that events fall inside the year they
    happened in. The table holds both layers: `layer` is 'trade' or 'event'.
    """
    flows = tuple(flows)
    trade, order, years = _trade_rows(series, flows, reporters, start_year, end_year)
    ev = events.copy()
    if years:
        ev = ev[(ev["date"].dt.year >= years[0]) & (ev["date"].dt.year <= years[-1])]
    ev = ev.sort_values(["date", "category", "title"], ignore_index=True)
    ev["number"] = np.arange(1, len(ev) + 1)
    ev["x"] = _decimal_year(ev["date"]) if not ev.empty else pd.Series(dtype=float)
    fig, (ax,) = new_figure(9.0, 5.0)
    if trade.empty:
        _empty(ax, "No published figure for these sides and years")
    else:
        _plot_trade(ax, trade, order, years, flows, x_offset=0.5)
    top = max(1.0, float(trade["value_usd"].max()) / 1e9 * 1.25) if not trade.empty else 1.0
    for category, part in ev.groupby("category", sort=True):
        color, style = EVENT_STYLES.get(category, EVENT_STYLES["other"])
        ax.vlines(part["x"], 0, top, colors=color, linestyles=style, linewidth=0.9, alpha=0.8,
                  label=category.replace("_", " "), gid=f"events-{category}")
        for _, r in part.iterrows():
            ax.text(r["x"], top * (1.0 + 0.035 * (r["number"] % 3)), str(r["number"]), fontsize=6,
                    ha="center", va="bottom", color=color)
    if years:
        # Grid at year boundaries; the year's label sits in the middle of its span.
        ax.set_xticks(list(years) + [years[-1] + 1], [""] * (len(years) + 1))
        ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years], minor=True)
        ax.tick_params(axis="x", which="minor", length=0)
        ax.set_xlim(years[0], years[-1] + 1)
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel("US$ bn, current")
    handles = ax.get_legend_handles_labels()[0] + _bound_legend(set(trade.get("bound", [])))
    _legend_outside(ax, handles)
    ax.set_title(title or "Trade by reporting side, with events")
    trade_part = trade.assign(layer="trade", x=trade["year"] + 0.5)
    event_part = ev.assign(layer="event")[["layer", "number", "date_text", "date_precision", "category",
                                          "title", "x", "source_id"]]
    table = pd.concat([trade_part, event_part], ignore_index=True)
    table = table[["layer"] + [c for c in table.columns if c != "layer"]]
    add_caption(fig, table["source_id"], "Annual figures at mid-year; numbered events are listed in "
                "the table behind this chart. Dates given only as a month or year are drawn at its "
                "first day.", right=0.8)
    return fig, table


@styled
def rail_chart(rail: pd.DataFrame, *, include_part_year: bool = False,
               title: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Rail measures from `rail_series` (one unit): a marker per source and year, ranges as bars.

    No lines: several sources may give different figures for one year, and joining them would
    suggest a series that no source published.
    """
    table = rail if include_part_year or "full_year" not in rail else rail[rail["full_year"]]
    table = table.sort_values(["metric", "year", "source_id"], ignore_index=True)
    units = sorted(set(table["unit"]))
    if len(units) > 1:
        raise UsageError(f"rail_chart draws one unit; got {', '.join(units)} — filter with "
                         "rail_series(rail, metric, unit)")
    fig, (ax,) = new_figure(10.0, 5.0)
    if table.empty:
        _empty(ax, "No rail figure matches")
    else:
        years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
        for i, (metric, part) in enumerate(table.groupby("metric", sort=True)):
            color = OTHER_COLORS[i % len(OTHER_COLORS)]
            x = part["year"].to_numpy(dtype=float)
            low = part["value"].to_numpy(dtype=float)
            high = part["value_high"].to_numpy(dtype=float)
            has_range = ~np.isnan(high)
            if has_range.any():
                ax.vlines(x[has_range], low[has_range], high[has_range], colors=color, linewidth=2.5,
                          alpha=0.5, gid=f"range-{i}")
            _draw_points(ax, x, low, part["bound"], color, f"rail-{i}")
            ax.plot([], [], color=color, marker="o", linestyle="none",
                    label=textwrap.fill(textwrap.shorten(metric, 90, placeholder="…"), 34))
        _year_axis(ax, years)
        _legend_outside(ax, ax.get_legend_handles_labels()[0] + _bound_legend(set(table["bound"])))
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100
                                                          else f"{v:g}"))
    ax.set_ylabel(units[0] if units else "")
    ax.set_ylim(bottom=0)
    ax.set_title(title or "Rail corridor")
    add_caption(fig, table.get("source_id", []), "One marker per source; figures are not joined "
                "across years or sources.", right=0.66)
    return fig, table


def _csv_text(table: pd.DataFrame) -> str:
    frame = table.reset_index() if not isinstance(table.index, pd.RangeIndex) else table.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(p) for p in col if str(p)) for col in frame.columns]
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    if len(frame.columns):
        frame = frame.sort_values(list(frame.columns), kind="mergesort", na_position="last",
                                  key=lambda s: s.astype(str) if s.dtype == object else s)
    return frame.to_csv(index=False, lineterminator="\n", float_format=CSV_FLOAT_FORMAT)


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
    csv.write_bytes(_csv_text(table).encode("utf-8"))
    if getattr(fig.canvas, "manager", None) is not None:  # a pyplot figure: release it
        import matplotlib.pyplot as plt

        plt.close(fig)
    return [png, svg, csv]


@styled
def products_by_section(by_section: pd.DataFrame, economy: str, partner: str, source_id: str, *,
                        title: str | None = None, note: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Values by HS section (BACI, or fetched HS chapters), both directions, summed over the years shown (US$ bn)."""
    table = (by_section.groupby(["exporter", "section", "section_label"], as_index=False)["value_usd"].sum()
             .sort_values(["exporter", "value_usd", "section"], ascending=[True, False, True], ignore_index=True))
    fig, axes = new_figure(8.0, 6.5, nrows=2)
    for ax, (exporter, importer) in zip(axes, ((economy, partner), (partner, economy)), strict=False):
        part = table[table["exporter"] == exporter].head(10)
        if part.empty:
            _empty(ax, f"No {exporter}→{importer} flows in the release")
            continue
        labels = [textwrap.shorten(f"{r.section} {r.section_label}", 46, placeholder="…") for r in part.itertuples()]
        y = np.arange(len(part))[::-1]
        ax.barh(y, part["value_usd"] / 1e9, color=reporter_color(exporter), gid=f"bars-{exporter}")
        ax.set_yticks(y, labels)
        ax.set_title(f"{exporter} → {importer}: largest HS sections", fontsize=9)
        ax.set_xlabel("US$ bn, current (summed over the years shown)")
        ax.grid(axis="y", visible=False)
    fig.suptitle(title or f"{economy}–{partner} goods by HS section (CEPII BACI)")
    add_caption(fig, [source_id], note or "BACI reconciles both sides' declarations to FOB values; "
                "it is neither side's own statistics.")
    fig.subplots_adjust(left=0.42, hspace=0.45)
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
    "partner_share",
    "products_by_section",
    "rail_chart",
    "reporter_color",
    "save_chart",
    "styled",
    "trade_by_side",
]
