"""Analysis reasons are codes with fields: the frames carry `reason_code` beside the English `reason`,
and every code the snapshot produces has a template in both languages (part of the metadata test)."""
from __future__ import annotations

from tradebrief import analysis
from tradebrief.data.context import RunData
from tradebrief.text.catalog import CATALOGS, fields_of
from tradebrief.text.said import write


def _sides():
    data = RunData.load()
    series = analysis.pair_series(data.trade, "BLR", "CHN", start_year=2010, end_year=2025)
    return series[series["reporter"].isin(["BLR", "CHN"])]


def test_reason_codes_beside_their_words():
    sides = _sides()
    seen = set()
    for frame in (analysis.growth(sides), analysis.mirror_gap(sides), analysis.balance(sides)):
        assert "reason_code" in frame.columns
        for code, reason in zip(frame["reason_code"], frame["reason"], strict=True):
            assert bool(code) == bool(reason)  # a reason has a code, and no code means no reason
            for part in filter(None, code.split(";")):
                seen.add(part)
                assert all(f"reason.{part}" in c for c in CATALOGS.values()), part
    assert {"no_prior", "no_reported"} <= seen, seen


def test_coverage_gaps_are_reasons_written_per_language():
    sides = _sides()
    gaps = analysis.coverage_gap_reasons(sides, 2010, 2025, reporters=("BLR", "CHN"))
    assert gaps and analysis.coverage_gaps(sides, 2010, 2025, reporters=("BLR", "CHN")) == [write(g) for g in gaps]
    for gap in gaps:
        for said in gap.walk():
            for catalog in CATALOGS.values():
                assert set(said.fields) == fields_of(catalog[said.key]), said.key
    ru = analysis.coverage_gaps(sides, 2010, 2025, reporters=("BLR", "CHN"), lang="ru")
    assert all(line.startswith(("Нет", "Цифра")) for line in ru), ru


def test_a_scope_break_reads_in_both_languages():
    reason = analysis.change.scope_break(2020, "goods", 2021, "goods_and_services")
    assert write(reason) == "scope changes: 2020 goods, 2021 goods and services (a break in the series, not a change)"
    assert write(reason, "ru") == ("охват меняется: 2020 — товары, 2021 — товары и услуги "
                                   "(разрыв ряда, а не изменение)")
    assert analysis.change.scope_break(2020, "goods", 2021, "goods") is None
