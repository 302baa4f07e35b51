"""What is traded, from the product rows (`raw/products.csv`): lists, values and shares, each as printed.

A product row is one of three kinds, never mixed: a list of items named without a figure
(`qualitative`), a value in US dollars for a year or part of one, or a share of something the row's
`share_basis` names ("share of Belarus's total output exported to China" is a share of output, not of
exports). Values of different periods are never summed, and a list is never read as a ranking.

`products.csv` has no bound column: the snapshot's builder writes a bound into the row's notes as
"Lower bound ('…')", "Upper bound ('…')" or "Approximate ('…')", and whose statistics a value is as
"China customs imports"; `product_rows` reads them from there, so "almost $2.5 million" is never
shown as $2.5 m and a customs figure can say whose customs recorded it.
"""
from __future__ import annotations

import re

import pandas as pd

from tradebrief.data.countries import country_name

#: The notes' words for a value that is only a limit or an approximation (see the module's docstring).
NOTE_BOUNDS = (("lower", re.compile(r"\bLower bound\b")), ("upper", re.compile(r"\bUpper bound\b")),
               ("approx", re.compile(r"\bApproximate\b")))
#: A list label's lead that says the items are the main ones ("main items: …", "main export items: …").
_MAIN_LEAD = re.compile(r"^main (?:export |import )?items:\s*", re.IGNORECASE)
#: A list label's lead that says the list is one region's, not the country's ("Minsk Oblast exports: …").
_REGION_LEAD = re.compile(r"^(?P<region>[A-Z][\w'-]*(?: [\w'-]+)*? (?:Oblast|Region|Province|Prefecture)) "
                          r"(?:exports|imports):\s*")
#: Who said a list, as the notes name them ("Per PRC Ambassador Xie Xiaoyong.").
_SAID_BY = re.compile(r"\bPer ([^.|;]+?)\s*(?:\.|\||;|$)")
#: A share basis that is a share of output (production), not of trade.
_OUTPUT_BASIS = re.compile(r"\boutput\b|\bproduction\b", re.IGNORECASE)

COLUMNS = ["year", "period", "exporter", "importer", "kind", "product", "items", "main", "region", "said_by",
           "value_usd", "bound", "share_pct", "share_basis", "output_share", "recorded_by", "year_inferred", "source_id"]


def note_bound(notes: object) -> str:
    """The bound a product value's notes give ('lower', 'upper', 'approx'), else 'exact'."""
    text = notes if isinstance(notes, str) else ""
    return next((bound for bound, pattern in NOTE_BOUNDS if pattern.search(text)), "exact")


def recorded_by(notes: object, exporter: str, importer: str) -> str | None:
    """Whose customs recorded a value, when the notes say so ("China customs imports" → CHN), else None."""
    text = notes if isinstance(notes, str) else ""
    for code in (importer, exporter):
        if re.search(rf"\b{re.escape(country_name(code))} customs\b", text, flags=re.IGNORECASE):
            return code
    return None


def region(label: str) -> str | None:
    """The region a list is of ("Minsk Oblast exports: …" → "Minsk Oblast"), None for a country's list."""
    m = _REGION_LEAD.match(label)
    return m.group("region") if m else None


def said_by(notes: object) -> str | None:
    """Who the notes say gave a list or figure ("Per PRC Ambassador Xie Xiaoyong." → that name), else None."""
    m = _SAID_BY.search(notes if isinstance(notes, str) else "")
    return m.group(1).strip() if m else None


def product_rows(products: pd.DataFrame, a: str, b: str, start_year: int, end_year: int) -> pd.DataFrame:
    """The pair's product rows in the run's years, both ways, each with its `kind` ('list', 'value' or
    'share'), the list's `items` (the label without a "main items:" lead, `main` set when it had one, or
    a region's lead, its `region` set: a region's list is not the country's), who gave it (`said_by`),
    the value's `bound` and `recorded_by`, and whether a share is of output (`output_share`)."""
    if products is None or products.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = products[(((products["exporter"] == a) & (products["importer"] == b))
                     | ((products["exporter"] == b) & (products["importer"] == a)))
                    & products["year"].between(start_year, end_year)]
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    kind = ["value" if pd.notna(v) else "share" if pd.notna(s) else "list"
            for v, s in zip(rows["value_usd"], rows["share_pct"], strict=True)]
    labels = rows["product"].astype(str)
    basis = rows["share_basis"].where(rows["share_basis"].notna(), "")
    out = rows.assign(
        kind=kind,
        items=[_REGION_LEAD.sub("", _MAIN_LEAD.sub("", t)) for t in labels],
        main=[bool(_MAIN_LEAD.match(t)) for t in labels],
        region=[region(t) for t in labels],
        said_by=[said_by(n) for n in rows["notes"]],
        bound=[note_bound(n) if k == "value" else None for n, k in zip(rows["notes"], kind, strict=True)],
        output_share=[bool(_OUTPUT_BASIS.search(str(t))) for t in basis],
        recorded_by=[recorded_by(n, e, i) for n, e, i in zip(rows["notes"], rows["exporter"], rows["importer"],
                                                              strict=True)],
        year_inferred=rows["year_inferred"].fillna(False).astype(bool))
    return out[COLUMNS].sort_values(["exporter", "year", "period", "kind", "product", "source_id"],
                                    ignore_index=True)
