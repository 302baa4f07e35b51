"""tradebrief.report.charts: honest drawing (gaps, bounds, sources) and byte-identical saves."""
from __future__ import annotations

import re

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from test_analysis import write_data  # the same documented-format fixture folder

import tradebrief as tb
from tradebrief import analysis as an
from tradebrief.errors import UsageError
from tradebrief.report import charts
from tradebrief.text.brief import CHART_WORDS


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def series(data_dir):
    return an.pair_series(tb.load_trade(data_dir), "BLR", "CHN")


def _finite_segments(line) -> list[tuple[float, float]]:
    """Pairs of consecutive points that the line actually joins (both ends finite)."""
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    return [(x[i], x[i + 1]) for i in range(len(x) - 1) if np.isfinite(y[i]) and np.isfinite(y[i + 1])]


def _line(fig, gid):
    found = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == gid]
    assert len(found) == 1, [ln.get_gid() for ax in fig.axes for ln in ax.get_lines()]
    return found[0]


def test_trade_by_side_never_bridges_a_gap(series):
    fig, table = charts.trade_by_side(series, start_year=2018, end_year=2023)
    blr = _line(fig, "trade-BLR-turnover")
    segments = [(round(a), round(b)) for a, b in _finite_segments(blr)]  # sides are drawn a little apart
    # 2018–2019 are exact and joined; 2020 is a gap; 2021 is "over", 2023 "almost": bounds, not line points,
    # so 2022's exact figure is joined to neither.
    assert segments == [(2018, 2019)]
    x, y = np.round(np.asarray(blr.get_xdata(), float)), np.asarray(blr.get_ydata(), float)
    assert np.isnan(y[list(x).index(2020.0)])
    assert np.isnan(y[list(x).index(2021.0)]) and np.isnan(y[list(x).index(2023.0)])
    assert y[list(x).index(2022.0)] == pytest.approx(5.79)
    # Markers only on real points: no marker on the connecting line, markers at published years.
    assert blr.get_marker() in ("None", "", None)
    pts = [ln for ln in fig.axes[0].get_lines() if str(ln.get_gid()).startswith(("points-BLR-turnover",
                                                                                  "bound-BLR-turnover"))
           and not str(ln.get_gid()).endswith("-floor")]
    assert sorted(round(float(v)) for ln in pts for v in ln.get_xdata()) == [2018, 2019, 2021, 2022, 2023]
    assert set(table["year"][table["reporter"] == "BLR"]) == {2018, 2019, 2021, 2022, 2023}
    # the dotted line runs through the point figures only (2018, 2019, 2022), never a bound
    dotted = _line(fig, "connect-BLR-turnover")
    assert [round(v) for v in dotted.get_xdata()] == [2018, 2019, 2022]


def test_bounds_are_drawn_as_bounds_and_scope_on_the_marks(series):
    """'over' is a floor with a caret pointing up, 'almost' a ceiling with a caret pointing down: never a
    point a line falls to. A point's scope is its fill: filled goods, hollow goods and services, half not stated."""
    fig, table = charts.trade_by_side(series)
    lines = {ln.get_gid(): ln for ln in fig.axes[0].get_lines()}
    assert lines["bound-BLR-turnover-lower"].get_marker() == mpl.markers.CARETUPBASE
    assert lines["bound-BLR-turnover-upper"].get_marker() == mpl.markers.CARETDOWNBASE
    assert lines["bound-BLR-turnover-lower-floor"].get_marker() == "_"
    assert [round(v) for v in lines["bound-BLR-turnover-lower"].get_xdata()] == [2021]
    points = {gid: ln for gid, ln in lines.items() if str(gid).startswith("points-")}
    assert points
    for gid, line in points.items():
        scope = gid.split("-", 4)[4]
        fillstyle, filled = charts.SCOPE_FILLS[scope]
        assert line.get_marker() == "o" or "approx" in gid
        assert line.get_fillstyle() == fillstyle, gid
        assert (line.get_markerfacecolor() == "white") == (not filled), gid
        rows = table[(table["reporter"] == gid.split("-")[1]) & (table["scope"] == scope)]
        assert {round(v) for v in line.get_xdata()} <= set(rows["year"]), gid
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert CHART_WORDS["en"]["lower"] in legend and CHART_WORDS["en"]["upper"] in legend


def test_caption_lists_sources(series):
    fig, table = charts.trade_by_side(series)
    caption = next(t.get_text() for t in fig.texts if t.get_gid() == "caption")
    for sid in set(table["source_id"]):
        assert sid in caption
    assert "\nSources (4 citations; " in caption
    assert "unk-a" not in caption  # not preferred, not drawn


def test_caption_names_sources_by_site_most_cited_first(series):
    sites = {"blr-a": "belta.by", "chn-a": "customs.gov.cn", "chn-b": "customs.gov.cn", "unk-a": "x.org"}
    fig, _ = charts.trade_by_side(series, sites=sites)
    caption = " ".join(next(t.get_text() for t in fig.texts if t.get_gid() == "caption").split())
    assert caption.endswith("are in the annex): customs.gov.cn, belta.by, unk-b.")  # no site: its id
    assert "chn-a" not in caption and "x.org" not in caption


def test_caption_names_at_most_five_sources(series):
    many = series.copy()
    many["source_id"] = [f"s{i}" for i in range(len(many))]
    fig, table = charts.trade_by_side(many, sites={f"s{i}": f"site{i}.org" for i in range(len(many))})
    caption = " ".join(next(t.get_text() for t in fig.texts if t.get_gid() == "caption").split())
    n = len(set(table["source_id"]))
    assert n > 5 and caption.endswith(f"{n - 4} more.") and caption.count(".org") == 4


def test_chart_text_names_countries_not_codes(series):
    fig, _ = charts.trade_by_side(series)
    ax = fig.axes[0]
    assert " ".join(ax.get_title(loc="left").split()) == "Belarus–China trade as each side records it"
    labels = ax.get_legend().get_texts() if ax.get_legend() else fig.legends[0].get_texts()
    assert "Belarus's figures" in [t.get_text() for t in labels]


@pytest.mark.parametrize("url, expected", [
    ("https://www.BelTA.by/economics/view/x", "belta.by"), ("http://user@stat.gov.by:8080/a", "stat.gov.by"),
    ("javascript:alert(1)", ""), ("not a url", ""), (None, ""),
])
def test_site_of_a_source(url, expected):
    from tradebrief.report.citations import site

    assert site(url) == expected


def test_mirror_ratio_chart(series):
    fig, table = charts.mirror_ratio(an.mirror_gap(series))
    line = _line(fig, "ratio-turnover")
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    assert y[list(x).index(2022.0)] == pytest.approx(5.79 / 5.08)
    assert np.isnan(y[list(x).index(2021.0)])  # BLR gives only a lower bound in 2021
    assert "chn-b" in fig.texts[-1].get_text()
    assert len(table) == len(an.mirror_gap(series))


def test_events_chart_draws_events_from_frame(series, data_dir):
    events = an.events_timeline(tb.load_events(data_dir), 2018, 2023)
    fig, table = charts.events_timeline_chart(series, events, start_year=2018, end_year=2023)
    ev = table[table["layer"] == "event"]
    assert ev["title"].tolist() == ["A visit", "Third package", "Invasion", "All-weather upgrade"]
    strip = fig.axes[1]
    collections = {c.get_gid(): c for c in strip.collections}
    war = collections["events-war"].get_segments()[0]
    assert war[0][0] == pytest.approx(2022 + 54 / 365)  # 24 February
    assert "events-partnership" in collections
    # one row per kind of event, named on the strip's axis (no numbers to look up)
    assert [t.get_text() for t in strip.get_yticklabels()] == ["partnership", "visit", "sanctions", "war"]
    assert not [t for t in fig.axes[0].texts if t.get_text().isdigit()]
    # trade at mid-year
    line = _line(fig, "trade-BLR-turnover")
    assert 2022.5 in list(line.get_xdata())


def test_partner_share_agreements_rail(data_dir):
    fig, table = charts.partner_share(an.partner_standing(tb.load_partners(data_dir), "BLR", "CHN"))
    assert table["rank"].tolist() == [3, 2]
    summary = an.agreements_summary(tb.load_agreements(data_dir))
    fig, table = charts.agreements_by(summary, "doc_type")
    labels = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "no value stated" in labels and "without value" in labels
    with pytest.raises(UsageError):
        charts.agreements_by(summary, "colour")
    rail = an.rail_series(tb.load_rail(data_dir), "trains", "trains")
    fig, table = charts.rail_chart(rail)
    assert len(table) == 3
    assert {c.get_gid() for c in fig.axes[0].collections} >= {"range-0"}
    mixed = pd.concat([rail, an.rail_series(tb.load_rail(data_dir), "TEU", "TEU")])
    with pytest.raises(UsageError, match="one unit"):
        charts.rail_chart(mixed)


def test_save_chart_is_byte_identical(series, tmp_path):
    outs = []
    for run in ("a", "b"):
        fig, table = charts.trade_by_side(series)
        paths = charts.save_chart(fig, table, tmp_path / run, "trade_by_side")
        assert [p.relative_to(tmp_path / run).as_posix() for p in paths] == [
            "figures/trade_by_side.png", "figures/trade_by_side.svg", "tables/trade_by_side.csv"]
        outs.append([p.read_bytes() for p in paths])
    assert outs[0] == outs[1]
    png, svg, csv = outs[0]
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    assert b"<dc:date>" not in svg and b"Matplotlib" not in svg
    assert b"\r\n" not in csv and csv.startswith(b"year,reporter,flow,value_usd")
    assert b"5790000000" in csv


def test_save_chart_rejects_bad_name(series, tmp_path):
    fig, table = charts.trade_by_side(series)
    with pytest.raises(UsageError, match="chart name"):
        charts.save_chart(fig, table, tmp_path, "../escape")


# ---------------------------------------------------------------- readability rules, on every chart of real pairs

PHONE_IMAGE_PX = 358  # a 390 px phone minus the page's padding
PX_PER_PT = 96 / 72


@pytest.fixture(scope="module")
def drawn() -> dict[str, dict]:
    """Every chart the sections draw for BLR–CHN, BLR–UKR and BLR–DEU from the shipped snapshot."""
    from tradebrief.report import sections

    out = {}
    for partner in ("CHN", "UKR", "DEU"):
        ctx = tb.ReportContext.load(partner=partner)
        figures = {}
        for build in (sections.trade_section, sections.agreements_section, sections.corridor_section):
            figures.update(dict(build(ctx).figures().items()))
        out[partner] = figures
    return out


def _all_charts(drawn):
    return [(f"{partner}:{name}", fig, table) for partner, figs in drawn.items()
            for name, (fig, table) in sorted(figs.items())]


def _texts(fig):
    """Every text the figure draws (tick labels only of ticks inside the view), after a draw."""
    fig.canvas.draw()
    found = list(fig.texts)
    if fig._suptitle is not None and fig._suptitle not in found:  # recent matplotlib lists it in fig.texts
        found.append(fig._suptitle)
    for ax in fig.axes:
        found += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            found += legend.get_texts()
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    found += [tick.label1, tick.label2]
    return [t for t in found if t.get_visible() and t.get_text().strip() and t.get_window_extent().width > 0]


def test_the_real_charts_exist(drawn):
    assert set(drawn["CHN"]) >= {"trade_by_side", "trade_timeline", "mirror_ratio", "partner_standing",
                                 "rail_belarus_transit_teu", "rail_china_europe_trains"}
    # BLR–UKR and BLR–DEU: no empty 0–1 trade chart, no agreements or rail chart
    for partner in ("UKR", "DEU"):
        assert not set(drawn[partner]) & {"trade_by_side", "trade_timeline", "agreements_by_type",
                                          "rail_belarus_transit_teu"}, drawn[partner].keys()


def test_no_line_joins_a_bound_or_a_change_of_scope(drawn):
    for name, fig, table in _all_charts(drawn):
        if "trade" not in name:
            continue
        trade = table[table["layer"] == "trade"] if "layer" in table else table
        offset = 0.5 if "layer" in table else 0.0
        for ax in fig.axes:
            for line in ax.get_lines():
                gid = str(line.get_gid())
                if not gid.startswith("trade-"):
                    continue
                _, reporter, flow = gid.split("-")[:3]
                rows = trade[(trade["reporter"] == reporter) & (trade["flow"] == flow)].set_index("year")
                x, y = np.asarray(line.get_xdata(), float) - offset, np.asarray(line.get_ydata(), float)
                years = [round(v) for v, w in zip(x, y, strict=True) if np.isfinite(w)]
                assert set(rows.loc[years, "bound"]) <= charts.LINE_BOUNDS, (name, gid, rows.loc[years, "bound"])
                for a, b in _finite_segments(line):
                    ya, yb = round(a - offset), round(b - offset)
                    assert rows.at[ya, "scope"] == rows.at[yb, "scope"], (name, gid, ya, yb)


def test_year_axes_are_whole_years(drawn):
    for name, fig, _ in _all_charts(drawn):
        if name.split(":")[1].startswith(("agreements", "trade_flows")):
            continue  # bar charts of counts and of dollars
        fig.canvas.draw()
        labels = [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_text()]
        assert labels, name
        assert all(re.fullmatch(r"(19|20)\d\d", lab) for lab in labels), (name, labels)
        assert len(labels) == len(set(labels)), (name, labels)


def test_no_text_overlaps_or_leaves_the_figure(drawn):
    for name, fig, _ in _all_charts(drawn):
        texts = _texts(fig)
        box = fig.bbox
        boxes = []
        for t in texts:
            ext = t.get_window_extent()
            assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1 and ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, (
                f"{name}: {t.get_text()[:40]!r} is cut off at the figure's edge")
            boxes.append((t, ext.padded(-1)))
        for i, (t1, b1) in enumerate(boxes):
            for t2, b2 in boxes[i + 1:]:
                assert not b1.overlaps(b2), f"{name}: {t1.get_text()[:30]!r} overlaps {t2.get_text()[:30]!r}"


def test_legends_are_outside_the_plot(drawn):
    for name, fig, _ in _all_charts(drawn):
        fig.canvas.draw()
        for ax in fig.axes:
            legend = ax.get_legend()
            if legend is None:
                continue
            for other in fig.axes:
                assert not legend.get_window_extent().overlaps(other.get_window_extent()), (
                    f"{name}: a legend lies on a plot, where it could be read as data")


def test_no_point_is_clipped(drawn):
    for name, fig, _ in _all_charts(drawn):
        for ax in fig.axes:
            (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
            for line in ax.get_lines():
                if line.get_marker() in ("None", "", None) or not len(line.get_xdata()):
                    continue
                x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
                keep = np.isfinite(x) & np.isfinite(y)
                assert ((x[keep] >= x0) & (x[keep] <= x1) & (y[keep] >= y0) & (y[keep] <= y1)).all(), (
                    f"{name}: {line.get_gid()} has a point outside the axes")
                near_edge = (np.isclose(y[keep], y0) | np.isclose(y[keep], y1)).any()
                assert not near_edge or not line.get_clip_on(), f"{name}: {line.get_gid()} is half cut at the edge"


def test_text_is_readable_on_a_phone(drawn):
    for name, fig, _ in _all_charts(drawn):
        scale = PHONE_IMAGE_PX / (fig.get_figwidth() * 96)
        for t in _texts(fig):
            px = t.get_fontsize() * PX_PER_PT * scale
            floor = 6.5 if t.get_gid() == "caption" else 7.5
            assert px >= floor, f"{name}: {t.get_text()[:30]!r} is {px:.1f} px on a 390 px phone"


def test_nothing_to_draw_draws_nothing(series, data_dir):
    one = series[(series["reporter"] == "BLR") & (series["year"] == 2022) & (series["flow"] == "turnover")].head(1)
    assert charts.trade_by_side(one) is None
    assert charts.trade_by_side(series.iloc[0:0]) is None
    gap = an.mirror_gap(series)
    assert charts.mirror_ratio(gap[gap["year"] == 2022]) is None or gap["ratio"].notna().sum() > 1
    assert charts.mirror_ratio(gap.assign(ratio=np.nan)) is None
    standing = an.partner_standing(tb.load_partners(data_dir), "BLR", "CHN")
    assert charts.partner_share(standing.head(1).assign(share_pct=np.nan)) is None
    equal = pd.DataFrame({"sector": ["a", "b", "c"], "n_documents": [1, 1, 1], "n_with_value": [0, 0, 0],
                          "n_without_value": [1, 1, 1], "value_usd_sum": [0.0, 0.0, 0.0], "source_ids": ["x", "y", "z"]})
    assert charts.agreements_by(equal, "sector") is None, "all bars equal: no chart"
    assert charts.agreements_by(equal.head(1), "sector") is None
    assert charts.agreements_by(equal.assign(n_documents=[3, 1, 1]), "sector") is not None
    rail = an.rail_series(tb.load_rail(data_dir), "trains", "trains")
    assert charts.rail_chart(rail.head(1)) is None
    events = an.events_timeline(tb.load_events(data_dir), 2018, 2023)
    assert charts.events_timeline_chart(one, events) is None
    assert charts.events_timeline_chart(series, events.iloc[0:0]) is None


def test_data_text_is_never_mathtext():
    table = pd.DataFrame({"sector": ["$x$ costs $5", "b"], "n_documents": [2, 1], "n_with_value": [0, 0],
                          "n_without_value": [2, 1], "value_usd_sum": [0.0, 0.0], "source_ids": ["x", "y"]})
    fig, _ = charts.agreements_by(table, "sector")
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert r"\$x\$ costs \$5" in labels  # escaped: drawn as dollar signs, not as math


OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_the_headline_charts_use_a_colour_blind_safe_palette(drawn):
    """Both sides and both flows in Okabe–Ito colours (no red beside green)."""
    assert {charts.REPORTER_COLORS["BLR"], charts.REPORTER_COLORS["CHN"]} <= OKABE_ITO
    assert set(charts.FLOW_COLORS.values()) <= OKABE_ITO
    for name in ("trade_by_side", "trade_flows"):
        fig, _ = drawn["CHN"][name]
        ax = fig.axes[0]
        used = {mpl.colors.to_hex(ln.get_color()).upper() for ln in ax.get_lines() if len(ln.get_xdata())}
        used |= {mpl.colors.to_hex(p.get_facecolor()).upper() for p in ax.patches}
        assert used and used <= OKABE_ITO, (name, used - OKABE_ITO)


def test_the_latest_part_year_figure_is_shown_as_such(drawn):
    """BLR–CHN: Belarus's Jan–Nov 2025 turnover ($8.9 bn, goods) is a star labelled with its months, in the
    chart's table with its period; it is joined to no line."""
    fig, table = drawn["CHN"]["trade_by_side"]
    ax = fig.axes[0]
    star = _line(fig, "part-year-BLR-turnover")
    assert star.get_marker() == charts.PART_YEAR_MARKER
    assert [round(v) for v in star.get_xdata()] == [2025] and list(star.get_ydata()) == pytest.approx([8.9])
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "part-year-label"]
    assert labels == ["Jan–Nov 2025"]
    row = table[table["period"] == "2025-01..2025-11"]
    assert len(row) == 1 and row["value_usd"].iloc[0] == 8.9e9
    for line in ax.get_lines():
        if str(line.get_gid()).startswith(("trade-", "connect-")):
            x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
            assert not any(abs(a - 2025) < 0.3 and b == pytest.approx(8.9) for a, b in zip(x, y, strict=True))


def test_both_flows_chart_holds_the_balance_table(drawn):
    """The second chart: for each year a side records both flows, the economy's exports and imports as
    bars (US$ bn) and the balance in words; 2022 by Belarus's figures: $1.61 bn and $4.18 bn."""
    fig, table = drawn["CHN"]["trade_flows"]
    ax = fig.axes[0]
    exports = [p.get_width() for p in ax.patches if p.get_facecolor()[:3] == mpl.colors.to_rgb(charts.FLOW_COLORS["export"])]
    imports = [p.get_width() for p in ax.patches if p.get_facecolor()[:3] == mpl.colors.to_rgb(charts.FLOW_COLORS["import"])]
    assert exports == pytest.approx(list(table["export_usd"] / 1e9))
    assert imports == pytest.approx(list(table["import_usd"] / 1e9))
    ticks = [t.get_text().replace("\\$", "$") for t in ax.get_yticklabels()]  # plain() escapes the dollar
    assert "2022, Belarus's figures\nBelarus's deficit $2.57 bn" in ticks, ticks
    assert charts.trade_flows(table.iloc[0:0], "BLR", "CHN") is None


def test_headline_text_is_large_on_a_phone(drawn):
    """The two headline charts: every text, the caption included, at least 9 px on a 390 px phone."""
    for name in ("trade_by_side", "trade_flows"):
        fig, _ = drawn["CHN"][name]
        scale = PHONE_IMAGE_PX / (fig.get_figwidth() * 96)
        for t in _texts(fig):
            px = t.get_fontsize() * PX_PER_PT * scale
            assert px >= 9.0, f"{name}: {t.get_text()[:30]!r} is {px:.1f} px on a 390 px phone"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_headline_title_stays_inside_the_figure(series, lang):
    """The Russian title runs longer than the English one; it was cut at the figure's right edge."""
    fig, _ = charts.trade_by_side(series, lang=lang)
    fig.canvas.draw()
    (ax,) = fig.axes
    text = ax.get_title("left") or ax.get_title()
    (title,) = [t for t in ax.get_children() if isinstance(t, mpl.text.Text) and text and t.get_text() == text]
    box = title.get_window_extent(fig.canvas.get_renderer())
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width + 0.5, (title.get_text(), box.x1, fig.bbox.width)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_flows_chart_keeps_every_text_inside_the_figure(lang):
    """Both flows and the balance: in Russian the long row labels pushed the axes right, and the legend,
    the x label and the value after the longest bar ran off the figure's right edge."""
    balance = pd.DataFrame({"year": [2018, 2019, 2022], "reporter": ["CHN", "CHN", "BLR"],
                            "export_usd": [5.7e8, 9.14e8, 1.61e9], "import_usd": [1.15e9, 1.8e9, 4.18e9],
                            "balance_usd": [-5.8e8, -8.86e8, -2.57e9], "source_ids": ["a", "b", "c"]})
    fig, _ = charts.trade_flows(balance, "BLR", "CHN", lang=lang)
    fig.canvas.draw()
    box = fig.bbox
    for t in _texts(fig):
        ext = t.get_window_extent()
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, f"{lang}: {t.get_text()[:40]!r} is cut off"
    labels = " ".join(t.get_text() for t in _texts(fig))
    assert re.search(r"about\s\\?\$900\sm" if lang == "en" else r"около\s\\?\$900\sмлн", labels), labels  # not "$886 m"


def test_a_part_year_label_is_in_the_charts_language():
    """The Russian trade chart labels a part-year star in Russian months ('янв.–нояб. 2025'), not 'Jan–Nov'."""
    import matplotlib.pyplot as plt

    from tradebrief.text.numbers import period_text

    rows = pd.DataFrame({"year": [2025], "period": ["2025-01..2025-11"], "reporter": ["BLR"], "flow": ["turnover"],
                         "value_usd": [8.9e9], "bound": ["rounded"], "scope": ["goods"], "source_id": ["s"]})
    for lang in ("en", "ru"):
        fig, ax = plt.subplots()
        charts._plot_part_year(ax, rows, "BLR", "turnover", "#0072B2", 0.0, lang)
        labels = [t.get_text() for t in ax.texts if t.get_gid() == "part-year-label"]
        plt.close(fig)
        assert labels == [charts.plain(period_text("2025-01..2025-11", lang))]
        assert ("янв." in labels[0]) == (lang == "ru") and ("Jan" in labels[0]) == (lang == "en")
