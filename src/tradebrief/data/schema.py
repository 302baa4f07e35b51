"""Columns and tables as code: each column is defined once, tables list their columns and key.

The pandera schemas used by the loaders are built from these definitions, never written per
loader, so a column means the same thing (type, unit, allowed values) in every file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandera.pandas as pa

from tradebrief.data import codes
from tradebrief.data.countries import is_iso3, valid_partner, valid_reporter
from tradebrief.data.limits import PLAUSIBLE_MAX_USD

PERIOD_PATTERN = r"^\d{4}(-\d{2})?(-\d{2})?(\.\.\d{4}-\d{2}(-\d{2})?)?$|^\d{4}-part$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
SOURCE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

# Coded columns take their allowed values from their code table (data/codes.py), where each code is
# also worded in every language.
RELIABILITY_GRADES = codes.RELIABILITY.codes()
FLOWS = codes.FLOW.codes()
BOUNDS = tuple(b for b in codes.BOUND.codes() if b != "range")  # a range (value to value_high) is rail's only
SCOPES = codes.SCOPE.codes()
#: Whose statistics a figure is, by what the figure is (not by who published it): see codes.BASIS.
BASES = codes.BASIS.codes()
#: What kind of money a document's value is; values of different kinds are never summed.
VALUE_KINDS = codes.VALUE_KIND.codes()
DOC_TYPES = codes.DOC_TYPE.codes()
EVENT_CATEGORIES = codes.EVENT_CATEGORY.codes()
#: Which traffic a rail figure counts: all China–Europe Railway Express routes, all container traffic of
#: Belarusian Railways, two-way China–EU transit via Belarus, China→EU transit only, Belarus–Poland
#: crossings, the Kazakhstan–Russia–Belarus route, China→Belarus overland, Belarus's own exports to China.
RAIL_COVERAGE = ("cre_all_routes", "by_railways_all", "by_transit_two_way", "by_transit_china_to_eu",
                 "by_transit", "by_pl_crossings", "kz_ru_by_route", "china_to_by", "by_exports_to_china",
                 "target", "not_rail", "unknown")
#: How a printed change is expressed (data/raw/changes.csv).
CHANGE_MEASURES = codes.CHANGE_MEASURE.codes()


@dataclass(frozen=True)
class Field:
    """One column: its type, meaning and constraints."""

    name: str
    dtype: str  # "int", "float", "str", "bool"
    description: str
    unit: str | None = None
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    expect: str | None = None  # words for the error message, e.g. "an ISO3 code"
    predicate: object = None  # element-wise callable → bool
    min_value: float | None = None
    max_value: float | None = None


def _country(name: str, description: str, *, partner: bool = False, nullable: bool = False) -> Field:
    return Field(
        name,
        "str",
        description,
        nullable=nullable,
        expect="an ISO3 code (e.g. CHN), EUU, or codes joined by '+'" if partner else "an ISO3 code such as BLR or CHN",
        predicate=valid_partner if partner else is_iso3,
    )


FIELDS: dict[str, Field] = {
    f.name: f
    for f in [
        Field("year", "int", "Calendar year the figure refers to (first year of the period).", min_value=1900),
        Field("period", "str", "'2022' for a full year, '2023-01..2023-05' for months, '2023-part' when the months are not stated.",
              pattern=PERIOD_PATTERN, expect="YYYY, YYYY-MM..YYYY-MM or YYYY-part"),
        Field("reporter", "str", "Whose statistics the figure is: ISO3, UNK (not stated) or TDM (aggregator).",
              expect="an ISO3 code, UNK or TDM", predicate=valid_reporter),
        _country("economy", "The economy whose trade or partner ranking the row states; flow is from its view."),
        _country("partner", "The other economy, a group (EUU) or a combination (RUS+CHN).", partner=True),
        _country("exporter", "Exporting economy."),
        _country("importer", "Importing economy."),
        _country("country", "Country the label applies to; empty for summary rows.", nullable=True),
        Field("flow", "str", "export | import | turnover, from the economy's view.", allowed=FLOWS),
        Field("value_usd", "float", "Value in current US dollars.", unit="USD", nullable=True, min_value=0,
              max_value=PLAUSIBLE_MAX_USD),
        Field("value_text", "str", "The source's own wording of the value.", nullable=True),
        Field("bound", "str", "How to read the value: exact, rounded, approx, lower bound or upper bound.", allowed=BOUNDS),
        Field("scope", "str", "goods, goods_and_services, or unknown.", allowed=SCOPES),
        Field("scope_evidence", "str", "Why the scope: 'quote: ...' (the source's words), 'research note: ...', "
              "'inferred: ...' (arithmetic between printed figures, with both) or 'not stated'.", nullable=True),
        Field("basis", "str", "Whose statistics, by what the figure is: statistics (a side's statistical office or "
              "customs), official (an official's statement), media, aggregator, unsourced.", allowed=BASES),
        Field("source_ids", "str", "Every citation of this fact, ';'-separated, `source_id` first.",
              pattern=r"^[a-z0-9][a-z0-9-]*(;[a-z0-9][a-z0-9-]*)*$", expect="source ids joined by ';'"),
        Field("part_of", "str", "source_id of the row this one belongs to: the package a document was signed "
              "in (or an estimate is about), the occasion a statement was made at or a trip's first leg.",
              nullable=True),
        Field("topic", "str", "rail (a rail-corridor measure) or great_stone (the industrial park: investment, "
              "stakes, residents), so park figures are never charted as rail.", allowed=("rail", "great_stone")),
        Field("coverage", "str", "Which traffic a rail figure counts (join only equal coverage in one series): "
              + ", ".join(RAIL_COVERAGE) + ".", allowed=RAIL_COVERAGE),
        Field("value_kind", "str", "contract_value, credit_envelope, loan, investment or economic_effect; "
              "different kinds are never summed.", nullable=True, allowed=VALUE_KINDS),
        Field("base_period", "str", "The period a printed change is measured from.", pattern=PERIOD_PATTERN,
              expect="YYYY, YYYY-MM..YYYY-MM or YYYY-part"),
        Field("measure", "str", "How the change is printed: pct_change (+33 %), pct_of_base (113 % of), times "
              "(2x), usd_change.", allowed=CHANGE_MEASURES),
        Field("ratio", "float", "End value over base value implied by the printed change (1.33 for +33 %); "
              "empty for usd_change.", nullable=True, min_value=0),
        Field("year_inferred", "bool", "True when the year was read from wording such as 'last year'."),
        Field("source_id", "str", "Citation id in sources.yaml.", pattern=SOURCE_ID_PATTERN, expect="a lower-case id from sources.yaml"),
        Field("reason", "str", "Why the printed change and the computed growth disagree."),
        Field("notes", "str", "Caveats: why a year was inferred, why a figure conflicts.", nullable=True),
        Field("rank", "int", "Rank among the economy's partners (1 = largest).", nullable=True, min_value=1),
        Field("tied", "bool", "True when the source gives the rank as a tie."),
        Field("share_pct", "float", "Share in percent.", unit="percent", nullable=True, min_value=0),
        Field("indicator", "str", "export | import | balance.", allowed=("export", "import", "balance")),
        Field("product", "str", "Product group, a short label."),
        Field("share_basis", "str", "What a share is of.", nullable=True),
        Field("qualitative", "bool", "True when the row lists products without a figure."),
        Field("date", "str", "YYYY, YYYY-MM or YYYY-MM-DD.", pattern=DATE_PATTERN, expect="YYYY, YYYY-MM or YYYY-MM-DD"),
        Field("event", "str", "The occasion (visit, forum) a document belongs to."),
        Field("title", "str", "Title of the document or event."),
        Field("doc_type", "str", "What kind of document: " + ", ".join(DOC_TYPES) + ".", allowed=DOC_TYPES),
        Field("sector", "str", "Sector(s) of a document.", nullable=True),
        Field("parties", "str", "Signatories or parties.", nullable=True),
        Field("category", "str", "What kind of event: " + ", ".join(EVENT_CATEGORIES) + ".", allowed=EVENT_CATEGORIES),
        Field("actors", "str", "Who acted.", nullable=True),
        Field("description", "str", "What happened.", nullable=True),
        Field("metric", "str", "What a rail figure measures."),
        Field("value", "float", "Value in `unit`.", nullable=True),
        Field("value_high", "float", "Upper end when the source gives a range.", nullable=True),
        Field("unit", "str", "Unit as the source gives it (TEU, trains, routes, percent, bn USD)."),
        Field("label_original", "str", "The label in the source's language."),
        Field("label_en", "str", "English rendering of the label."),
        Field("label_kind", "str", "formal, rhetoric, community, negative_check, summary, typology.",
              allowed=("formal", "rhetoric", "community", "negative_check", "summary", "typology")),
        Field("date_established", "str", "When the label was established, as the source gives it.", nullable=True),
        Field("status_as_of_2023_03", "str", "Whether the label was in force at the time of the seed article.", nullable=True),
    ]
}


@dataclass(frozen=True)
class Table:
    """One data file: its columns in order and the columns that identify a row."""

    name: str
    file: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    description: str
    overrides: dict[str, dict] = field(default_factory=dict)  # per-table field tweaks
    #: columns a user's data folder may leave out, with the text they default to ("=col": copy of col)
    optional: dict[str, str] = field(default_factory=dict)
    may_be_empty: bool = False  # a header without rows is valid (nothing to record)


_RAIL_BOUNDS = BOUNDS + ("range",)

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table("trade", "raw/trade.csv",
              ("year", "period", "reporter", "economy", "partner", "flow", "value_usd", "value_text",
               "bound", "scope", "scope_evidence", "basis", "year_inferred", "source_id", "source_ids", "notes"),
              ("source_id", "period", "reporter", "economy", "partner", "flow"),
              "Trade between two economies, one row per fact (repeated reports merged, all cited); both "
              "sides kept.",
              overrides={"value_usd": {"nullable": False}},
              optional={"scope_evidence": "", "basis": "unknown", "source_ids": "=source_id"}),
        Table("partners", "raw/partners.csv",
              ("year", "period", "reporter", "economy", "partner", "flow", "rank", "tied", "share_pct",
               "scope", "year_inferred", "source_id", "source_ids", "notes"),
              ("source_id", "period", "reporter", "economy", "partner", "flow"),
              "A partner's rank or share among an economy's trade partners.",
              optional={"source_ids": "=source_id"}),
        Table("totals", "raw/totals.csv",
              ("year", "period", "economy", "reporter", "indicator", "scope", "value_usd", "value_text",
               "bound", "source_id", "notes"),
              ("source_id", "period", "economy", "indicator", "scope"),
              "An economy's total exports, imports or balance.",
              overrides={"value_usd": {"nullable": False, "min_value": -PLAUSIBLE_MAX_USD}}),
        Table("products", "raw/products.csv",
              ("year", "period", "exporter", "importer", "product", "value_usd", "share_pct", "share_basis",
               "qualitative", "year_inferred", "source_id", "notes"),
              ("source_id", "period", "exporter", "importer", "product"),
              "Product groups traded, with a value, a share, or only named."),
        Table("agreements", "raw/agreements.csv",
              ("date", "event", "title", "doc_type", "sector", "parties", "value_usd", "value_kind",
               "value_text", "part_of", "year_inferred", "source_id", "source_ids", "notes"),
              ("source_id", "date", "title"),
              "Documents signed or announced between the two sides, one row per document or package.",
              optional={"value_kind": "", "part_of": "", "source_ids": "=source_id"}),
        Table("events", "raw/events.csv",
              ("date", "category", "title", "actors", "description", "part_of", "source_id", "source_ids", "notes"),
              ("source_id", "date", "title"),
              "Visits, sanctions packages, war events, partnership upgrades; `part_of` marks a statement or leg "
              "of another row's occasion (count occasions as rows without it).",
              optional={"part_of": "", "source_ids": "=source_id"}),
        Table("rail", "raw/rail.csv",
              ("year", "period", "topic", "coverage", "metric", "value", "value_high", "bound", "value_text", "unit",
               "scope", "source_id", "source_ids", "notes"),
              ("source_id", "period", "metric", "unit"),
              "China–Europe rail freight and transit through Belarus.",
              overrides={"bound": {"allowed": _RAIL_BOUNDS}, "value": {"min_value": 0},
                         "value_high": {"min_value": 0}, "scope": {"allowed": None}},
              optional={"topic": "rail", "coverage": "unknown", "source_ids": "=source_id"}),
        Table("labels", "raw/labels.csv",
              ("country", "label_original", "label_en", "label_kind", "date_established",
               "status_as_of_2023_03", "source_id", "notes"),
              ("source_id", "country", "label_original"),
              "China's 'all-weather' partnership labels, with negative checks."),
        Table("changes", "raw/changes.csv",
              ("year", "period", "base_period", "reporter", "economy", "partner", "flow", "scope", "measure",
               "value", "ratio", "bound", "value_text", "source_id", "source_ids", "notes"),
              ("source_id", "period", "base_period", "reporter", "economy", "partner", "flow", "measure"),
              "Growth rates and ratios the sources print, each quote-backed (value as printed: 33 for "
              "'+33%', 113 for '113% of', 2 for 'doubled').",
              overrides={"value": {"nullable": False}, "bound": {"allowed": BOUNDS}},
              optional={"source_ids": "=source_id"}, may_be_empty=True),
        Table("disagreements", "raw/disagreements.csv",
              ("period", "base_period", "reporter", "economy", "partner", "flow", "scope", "source_id",
               "reason", "notes"),
              ("source_id", "period", "base_period", "reporter", "economy", "partner", "flow"),
              "Printed changes that disagree with the growth computed from the published figures beyond "
              "rounding, with the reason (shown in the brief); `source_id` is the printed change's citation.",
              may_be_empty=True),
    ]
}


def field_for(table: Table, name: str) -> Field:
    """The field as this table uses it (table overrides applied)."""
    base = FIELDS[name]
    tweaks = table.overrides.get(name)
    if not tweaks:
        return base
    return Field(**{**base.__dict__, **tweaks})


_PANDERA_DTYPES = {"int": "Int64", "float": "float64", "str": "str", "bool": "bool"}


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    """Build the pandera schema of a table from the field definitions."""
    columns = {}
    for name in table.columns:
        f = field_for(table, name)
        checks = []
        if f.allowed is not None:
            checks.append(pa.Check.isin(list(f.allowed), error=f"one of {', '.join(f.allowed)}"))
        if f.pattern is not None:
            checks.append(pa.Check.str_matches(f.pattern, error=f.expect or f"text matching {f.pattern}"))
        if f.min_value is not None:
            checks.append(pa.Check.ge(f.min_value, error=f"a number >= {f.min_value:g}"))
        if f.max_value is not None:
            checks.append(pa.Check.le(f.max_value, error=f"a plausible number <= {f.max_value:g} (check the unit)"))
        if f.predicate is not None:
            checks.append(pa.Check(f.predicate, element_wise=True, error=f.expect or "a valid value"))
        columns[name] = pa.Column(
            _PANDERA_DTYPES[f.dtype], checks=checks, nullable=f.nullable, coerce=True, required=True,
            description=f.description,
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=False, name=table.name)


def describe(check_text: str) -> str:
    """Turn a pandera check name into the words of an error message."""
    m = re.match(r"coerce_dtype\('(\w+)'\)", check_text)
    if m:
        return {"Int64": "a whole number", "float64": "a number", "bool": "true or false"}.get(m.group(1), m.group(1))
    if check_text.startswith("not_nullable"):
        return "a value (the cell is empty)"
    return check_text
