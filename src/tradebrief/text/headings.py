"""Column headings in words: one table for every place a reader sees a table's columns.

The notebooks' tables (`report.display.table`) and the workbook (`report.workbook`) name a column the
same way ("Reported by", "Exact or bound", "As the partner reports"); the workbook adds the unit its
cells hold ("Value ($ m)", "Change (%)"), a notebook's cells carry theirs ("$5.79 bn", "+27.3%").
A column not listed reads as its name in words, without its `_usd` / `_pct` suffix.
"""
from __future__ import annotations

#: Column name → heading in words (no units: the caller adds the unit its cells need).
HEADINGS: dict[str, str] = {
    "year": "Year", "period": "Period", "date": "Date", "reporter": "Reported by", "flow": "Flow",
    "reported_as": "Whose flow", "economy": "Economy", "partner": "Partner", "exporter": "Exporter",
    "importer": "Importer", "value_usd": "Value", "export_usd": "Exports", "import_usd": "Imports",
    "balance_usd": "Balance", "reporter_balance_usd": "Balance, as the reporting side sees it",
    "prev_value_usd": "Year before", "growth_pct": "Change", "share_pct": "Share", "bound": "Exact or bound",
    "bounds": "Exact or bounds", "scope": "Scope", "mirrored": "From the other side's statistics",
    "derived": "Computed from other figures", "alternatives": "Other figures held",
    "reliability": "Standing of the source", "year_inferred": "Year inferred", "source_id": "Source",
    "source_ids": "Sources", "economy_source_id": "Source (economy)", "partner_source_id": "Source (partner)",
    "economy_value_usd": "As the economy reports", "partner_value_usd": "As the partner reports",
    "economy_bound": "Economy: exact or bound", "partner_bound": "Partner: exact or bound",
    "economy_scope": "Economy: scope", "partner_scope": "Partner: scope",
    "ratio": "Ratio, economy to partner", "difference_usd": "Difference", "reason": "Note",
    "n": "Figures held", "min_usd": "Lowest", "max_usd": "Highest", "preferred_usd": "Figure shown",
    "max_min_ratio": "Ratio, highest to lowest", "preferred": "Figure shown", "rank": "Rank", "tied": "Tied",
    "n_documents": "Documents", "n_with_value": "With a value", "n_without_value": "Without a value",
    "value_usd_sum": "Stated values, summed", "doc_type": "Kind of document", "sector": "Sector",
    "event": "Event", "title": "Title", "parties": "Parties", "value_kind": "Kind of value",
    "value_text": "Value as printed", "part_of": "Part of", "notes": "Notes", "date_precision": "Date known to",
    "topic": "Topic", "coverage": "Coverage", "metric": "Measure", "value": "Value", "value_high": "Upper value",
    "unit": "Unit", "full_year": "Full year", "number": "Number", "date_text": "Date as printed",
    "category": "Category", "id": "Claim", "quote": "Quote", "verdict": "Verdict", "as_of": "As of",
    "by_side": "By side", "explanation": "Why", "needs": "What would settle it", "since": "Since",
    "publisher": "Publisher", "url": "Address", "retrieved": "Retrieved", "language": "Language", "via": "Via",
}


def name_in_words(code: object) -> str:
    """A snake_case name in words: 'agreements_visit_2023_documents' → 'Agreements visit 2023 documents'."""
    text = " ".join(part for part in str(code).split("_") if part)
    return text[:1].upper() + text[1:] if text else str(code)


def heading(column: object) -> str:
    """A column's heading in words: from HEADINGS, else its name in words without a `_usd`/`_pct` suffix."""
    column = str(column)
    if column in HEADINGS:
        return HEADINGS[column]
    for suffix in ("_usd", "_pct"):
        if column.endswith(suffix) and len(column) > len(suffix):
            return name_in_words(column[: -len(suffix)])
    return name_in_words(column)
