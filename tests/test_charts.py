"""tradebrief.report.charts: honest drawing (gaps, bounds, sources) and byte-identical saves."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tradebrief as tb
from test_analysis import write_data  # the same documented-format fixture folder
from tradebrief import analysis as an
from tradebrief.errors import UsageError
from tradebrief.report import charts


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
    segments = _finite_segments(blr)
    assert segments  # 2018–2019 and 2021–2022–2023 are joined
    assert all(b - a == 1 for a, b in segments)
    assert (2019.0, 2021.0) not in segments
    x, y = np.asarray(blr.get_xdata(), float), np.asarray(blr.get_ydata(), float)
    assert np.isnan(y[list(x).index(2020.0)])
    # Markers only on real points: no marker on the connecting line, markers at published years.
    assert blr.get_marker() in ("None", "", None)
    pts = [ln for ln in fig.axes[0].get_lines() if str(ln.get_gid()).startswith("points-BLR-turnover")]
    assert sorted(float(v) for ln in pts for v in ln.get_xdata()) == [2018, 2019, 2021, 2022, 2023]
    assert set(table["year"][table["reporter"] == "BLR"]) == {2018, 2019, 2021, 2022, 2023}


def test_bounds_have_their_own_markers(series):
    fig, _ = charts.trade_by_side(series)
    markers = {ln.get_gid(): ln.get_marker() for ln in fig.axes[0].get_lines()}
    assert markers["points-BLR-turnover-lower"] == "^"
    assert markers["points-BLR-turnover-upper"] == "v"
    assert markers["points-BLR-turnover-exact"] == "o"
    lower = _line(fig, "points-BLR-turnover-lower")
    assert list(lower.get_xdata()) == [2021.0]


def test_caption_lists_sources(series):
    fig, table = charts.trade_by_side(series)
    caption = next(t.get_text() for t in fig.texts if t.get_gid() == "caption")
    for sid in set(table["source_id"]):
        assert sid in caption
    assert "\nSources: " in caption
    assert "unk-a" not in caption  # not preferred, not drawn


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
    collections = {c.get_gid(): c for c in fig.axes[0].collections}
    war = collections["events-war"].get_segments()[0]
    assert war[0][0] == pytest.approx(2022 + 54 / 365)  # 24 February
    assert "events-partnership" in collections
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
