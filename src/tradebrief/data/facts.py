"""Facts and citations: when two published figures are one statement about the world.

A *fact* is one statement about the world (a trade cell's value with its bound, scope and period); a
*citation* is where it was read. The snapshot ships one row per fact; its `source_ids` column lists
every citation ("a;b;c", the row's `source_id` first). The snapshot builder merges repeated reports
with `group_figures` below and lists each merge in `data/build/merges.csv`; the snapshot test runs the
same rule on the shipped rows and fails when two of them are still the same fact.

Pure functions on plain values (the builder uses them on dicts, tests and the analysis on frames).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

#: A trade cell: two figures can only be the same fact when these agree.
TRADE_CELL = ("period", "reporter", "economy", "partner", "flow")
#: How far "over X", "almost X" or "about X" may lie from X when deciding that two reports state the
#: same figure (a stated convention, not a measurement): "nearly $6 bn" and "$5.79 bn" are one fact,
#: "over $5.5 bn" and "$5.9 bn" are not.
IDENTITY_MARGIN = 0.05
SOURCE_SEP = ";"

_PRECISION = {"exact": 0, "rounded": 1, "approx": 2, "lower": 3, "upper": 3, "range": 3}


def half_unit(value: float) -> float:
    """Half a unit of the last significant digit printed: 5.79e9 -> 5e6, 5.8e9 -> 5e7, 810e6 -> 5e6."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    digits = f"{abs(value):.6e}".split("e")
    mantissa, exponent = digits[0].replace(".", "").rstrip("0") or "0", int(digits[1])
    return 0.5 * 10.0 ** (exponent - (len(mantissa) - 1))


_NUMBER = re.compile(r"\d(?:[\d.,\u00a0\u202f' ]*\d)?")


def printed_half_unit(value: float, value_text: object) -> float:
    """Half a unit of the last digit the source printed, read from its own words: "40亿美元" is forty
    units of 亿 (±0.05 bn), not one significant digit of 4e9 (±0.5 bn); "8.440 millones" is ±0.5 m.

    The printed number is the one whose digits, read as a whole number N, make value / N a power of ten
    (so a year or a day in the same words is skipped, and "5,4" or "8.440" need no locale); when no
    number in the words is the value (a converted currency, no words), `half_unit(value)`.
    """
    if isinstance(value_text, str) and value and math.isfinite(value):
        for token in _NUMBER.findall(value_text):
            for part in (token, *token.split()):
                digits = re.sub(r"\D", "", part)
                if not digits or int(digits) == 0:
                    continue
                power = math.log10(abs(value) / int(digits))
                if abs(power - round(power)) < 1e-6:
                    return 0.5 * 10.0 ** round(power)
    return half_unit(value)


def figure_interval(value: float, bound: str, high: float | None = None, *,
                    margin: float | None = None, value_text: object = None) -> tuple[float, float]:
    """The values a printed figure allows, [lo, hi].

    Exact and rounded figures allow half a unit of their last printed digit (read from `value_text`,
    the source's own words, when given: `printed_half_unit`); "about" allows
    `IDENTITY_MARGIN`. "over X" is [X, inf) and "almost X" is [0, X] unless `margin` is given, when
    they are read as lying within `margin` of X (the identity reading).
    """
    if bound in ("exact", "rounded"):
        h = printed_half_unit(value, value_text)
        return value - h, value + h
    if bound == "approx":
        m = IDENTITY_MARGIN if margin is None else margin
        return value * (1 - m), value * (1 + m)
    if bound == "lower":
        return value, math.inf if margin is None else value * (1 + margin)
    if bound == "upper":
        return (0.0 if margin is None else value * (1 - margin)), value
    if bound == "range":
        return value, high if high is not None and not math.isnan(high) else math.inf
    if bound is None or bound == "" or bound == "nan":
        return figure_interval(value, "exact", margin=margin, value_text=value_text)
    raise ValueError(f"unknown bound {bound!r}")


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def scopes_compatible(a: str, b: str) -> bool:
    """Two scopes can describe one fact when equal or when one of them is not stated."""
    return a == b or "unknown" in (a, b)


#: Cells of the other tables whose repeated reports are merged by value (rail) or standing (partners).
RAIL_CELL = ("period", "metric", "unit")
PARTNER_CELL = ("period", "reporter", "economy", "partner", "flow")


def _value(row: Mapping) -> float:
    return float(row["value_usd"] if "value_usd" in row else row["value"])


def _high(row: Mapping) -> float | None:
    high = row.get("value_high")
    return None if high in (None, "") or (isinstance(high, float) and math.isnan(high)) else float(high)


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def same_standing(a: Mapping, b: Mapping) -> bool:
    """Partners: the same rank (or one not given) and the same share (or one not given), not both absent."""
    for col in ("rank", "share_pct"):
        if not _missing(a.get(col)) and not _missing(b.get(col)) and float(a[col]) != float(b[col]):
            return False
    return any(not _missing(a.get(c)) and not _missing(b.get(c)) for c in ("rank", "share_pct"))


def same_fact(a: Mapping, b: Mapping, cell: Sequence[str] = TRADE_CELL) -> bool:
    """True when two figures of a cell state the same value (identity reading of their bounds).

    Trade and rail compare values (`value_usd` or `value`); partners compare rank and share.
    """
    if any(str(a[c]) != str(b[c]) for c in cell):
        return False
    if not scopes_compatible(str(a.get("scope", "unknown")), str(b.get("scope", "unknown"))):
        return False
    if "value_usd" not in a and "value" not in a:
        return same_standing(a, b)
    ia = figure_interval(_value(a), str(a["bound"]), _high(a), margin=IDENTITY_MARGIN)
    ib = figure_interval(_value(b), str(b["bound"]), _high(b), margin=IDENTITY_MARGIN)
    return _overlap(ia, ib)


def dates_compatible(a: str, b: str) -> bool:
    """'2016-09' and '2016-09-29' can be one date (one is the other, less precisely)."""
    return a.startswith(b) or b.startswith(a)


def same_document(a: Mapping, b: Mapping) -> bool:
    """Agreements: one document (or package) reported twice.

    Same occasion (`event`), same `doc_type`, compatible dates, and either the same value of the same
    kind, or both a joint statement (an occasion issues one joint statement).
    """
    if a["event"] != b["event"] or a["doc_type"] != b["doc_type"] or not dates_compatible(str(a["date"]), str(b["date"])):
        return False
    va, vb = a.get("value_usd"), b.get("value_usd")
    if not _missing(va) and not _missing(vb):
        return float(va) == float(vb) and a.get("value_kind") == b.get("value_kind")
    return a["doc_type"] == "joint_statement"


def same_document_pairs(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of agreement rows (by source_id) that `same_document` says are one document."""
    rows = frame.to_dict("records")
    return [(a["source_id"], b["source_id"]) for i, a in enumerate(rows) for b in rows[i + 1:]
            if same_document(a, b)]


def precision_key(row: Mapping) -> tuple:
    """Order of the figures of one fact: the most precise, explicitly dated one first."""
    if "value_usd" not in row and "value" not in row:  # partners: a share is more precise than a rank alone
        return (int(_missing(row.get("share_pct"))) + int(_missing(row.get("rank"))), 0.0,
                bool(row.get("year_inferred", False)), str(row["source_id"]))
    value = _value(row)
    lo, hi = figure_interval(value, str(row["bound"]), _high(row), margin=IDENTITY_MARGIN)
    width = (hi - lo) / value if value else 0.0
    return (_PRECISION.get(str(row["bound"]), 3), round(width, 12), bool(row.get("year_inferred", False)),
            str(row["source_id"]))


def group_figures(rows: Sequence[Mapping], cell: Sequence[str] = TRADE_CELL,
                  distinct: Iterable[frozenset[str]] = ()) -> tuple[list[list[int]], list[tuple[int, list[int]]]]:
    """Group figures that are one fact: returns (groups of row positions, ambiguous figures).

    Figures are taken most precise first; each joins the one group all of whose figures it is the
    same fact as (the first, most precise one is the group's anchor), or starts a new group. A figure that matches several groups is
    ambiguous: it starts its own group and is reported, so the builder can demand a decision.
    `distinct` holds pairs of source_ids declared different facts (overrides.yaml, with why).
    """
    apart = {frozenset(p) for p in distinct}
    order = sorted(range(len(rows)), key=lambda i: precision_key(rows[i]))
    groups: list[list[int]] = []
    ambiguous: list[tuple[int, list[int]]] = []
    for i in order:
        hits = [g for g, members in enumerate(groups)
                if all(same_fact(rows[m], rows[i], cell)
                       and frozenset((str(rows[m]["source_id"]), str(rows[i]["source_id"]))) not in apart
                       for m in members)]
        if len(hits) == 1:
            groups[hits[0]].append(i)
        else:
            if len(hits) > 1:
                ambiguous.append((i, hits))
            groups.append([i])
    return groups, ambiguous


def same_fact_pairs(frame: pd.DataFrame, cell: Sequence[str] = TRADE_CELL,
                    distinct: Iterable[frozenset[str]] = ()) -> list[tuple[str, str]]:
    """Pairs of rows (by source_id) of a shipped table that the rule says are one fact."""
    apart = {frozenset(p) for p in distinct}
    records = frame.to_dict("records")
    pairs = []
    for idx in frame.groupby(list(cell), sort=True).groups.values():
        members = [records[frame.index.get_loc(i)] for i in idx]
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if same_fact(a, b, cell) and frozenset((a["source_id"], b["source_id"])) not in apart:
                    pairs.append((a["source_id"], b["source_id"]))
    return pairs


def source_list(value: object) -> list[str]:
    """The citations of a fact from its `source_ids` cell ("a;b;c")."""
    if not isinstance(value, str) or not value:
        return []
    return [s for s in value.split(SOURCE_SEP) if s]


def citations(frame: pd.DataFrame, id_columns: Sequence[str] = ()) -> pd.DataFrame:
    """One row per (fact, citation): the fact's `id_columns` (or its row index as `row`) and `source_id`.

    Falls back to `source_id` for tables without a `source_ids` column.
    """
    cols = list(id_columns)
    out = []
    for idx, r in frame.iterrows():
        ids = source_list(r["source_ids"]) if "source_ids" in frame else [r["source_id"]]
        for position, sid in enumerate(ids or [r["source_id"]]):
            out.append({**({c: r[c] for c in cols} if cols else {"row": idx}), "source_id": sid,
                        "primary": position == 0})
    return pd.DataFrame(out, columns=(cols or ["row"]) + ["source_id", "primary"])


# ------------------------------------------------------------------------------ the preferred figure

_BASIS_ORDER = {"statistics": 0, "official": 1, "media": 1, "unknown": 1, "aggregator": 2, "unsourced": 3}
_GRADE_BASIS = {"official_statistics": 0, "official_statement": 1, "secondary": 1, "doubtful": 3}
_GRADE_ORDER = {"official_statistics": 0, "official_statement": 1, "secondary": 2, "doubtful": 3}
_BOUND_ORDER = {"exact": 0, "rounded": 1, "approx": 2, "lower": 3, "upper": 3, "range": 3}
_SCOPE_TIE = ("goods", "goods_and_services")  # the series scope on a tie of counts


def series_scope(frame: pd.DataFrame, series: Sequence[str]) -> pd.Series:
    """Per row: the scope most figures of its series state (goods on a tie; unknown when none does)."""
    known = frame[frame["scope"].isin(_SCOPE_TIE)]
    if not series:
        counts = {(): known["scope"].value_counts()}
    else:
        counts = {k if isinstance(k, tuple) else (k,): g["scope"].value_counts()
                  for k, g in known.groupby(list(series), sort=False)}

    def pick(key: tuple) -> str:
        c = counts.get(key)
        if c is None or c.empty:
            return "unknown"
        top = c.max()
        return next(s for s in _SCOPE_TIE if c.get(s, 0) == top)

    keys = [tuple(r) for r in frame[list(series)].itertuples(index=False)] if series else [()] * len(frame)
    return pd.Series([pick(k) for k in keys], index=frame.index)


def preference_rank(frame: pd.DataFrame, cell: Sequence[str]) -> pd.DataFrame:
    """The sort keys of the preferred-figure rule (data/README.md), one column per step, in order."""
    basis = (frame["basis"].map(_BASIS_ORDER) if "basis" in frame
             else frame["reliability"].map(_GRADE_BASIS) if "reliability" in frame else pd.Series(1, index=frame.index))
    if "reporter" in frame and "basis" not in frame:
        basis = basis.where(frame["reporter"] != "TDM", _BASIS_ORDER["aggregator"])
    if "scope" in frame:
        series = [c for c in cell if c not in ("period", "year")]
        expected = series_scope(frame, series)
        scope = pd.Series(2, index=frame.index).where(frame["scope"] != expected, 0)
        scope = scope.where(frame["scope"] != "unknown", 1) if (expected != "unknown").any() else scope * 0
    else:
        scope = pd.Series(0, index=frame.index)
    return pd.DataFrame({
        "basis": basis.fillna(1).astype(int),
        "scope": scope.astype(int),
        "inferred": frame["year_inferred"].astype(int) if "year_inferred" in frame else 0,
        "bound": frame["bound"].map(_BOUND_ORDER).fillna(3).astype(int) if "bound" in frame else 0,
        "grade": frame["reliability"].map(_GRADE_ORDER).fillna(4).astype(int) if "reliability" in frame else 0,
        "source_id": frame["source_id"],
    }, index=frame.index)


def mark_preferred(frame: pd.DataFrame, cell: Sequence[str]) -> pd.Series:
    """One `True` per cell by the documented rule (data/README.md, "The preferred figure").

    What the figure is comes before who published it: statistical basis, scope matching its
    series, explicit year, exactness, then the citation's reliability grade, then source_id.
    """
    if frame.empty:
        return pd.Series([], dtype=bool, index=frame.index)
    rank = preference_rank(frame, cell)
    steps = list(rank.columns)
    ordered = pd.concat([frame[list(cell)], rank], axis=1).sort_values(list(cell) + steps, kind="mergesort")
    first = ~ordered.duplicated(list(cell), keep="first")
    return first.reindex(frame.index).astype(bool)


def standing_exactness(frame: pd.DataFrame) -> pd.Series:
    """How exact a partner standing is: a rank backed by printed shares before a bare rank."""
    return frame["share_pct"].notna().map({True: "exact", False: "rounded"})


def mark_preferred_standing(frame: pd.DataFrame, cell: Sequence[str] = PARTNER_CELL) -> pd.Series:
    """The preferred standing per cell: the one rule for the loader, the analysis and every claim check
    (the preferred-figure rule with a share-backed rank counted as more exact than a bare one)."""
    return mark_preferred(frame.assign(bound=standing_exactness(frame)), cell)

