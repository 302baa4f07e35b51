"""The claims file: a text's checkable statements, each with the check that settles it.

A claims file is a public interface (docs/claims-format.md): users write one per text. It is
validated as it loads, so a typo fails before any data is read, with the claim id and field named.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tradebrief.data.countries import to_iso3
from tradebrief.data.yaml_safe import load_yaml
from tradebrief.errors import CountryError, TradebriefError

OPS = (">", ">=", "<", "<=", "==", "~")
Op = Literal[">", ">=", "<", "<=", "==", "~"]
FlowName = Literal["export", "import", "turnover"]
ScopeName = Literal["goods", "goods_and_services", "unknown"]
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ClaimsFileError(TradebriefError):
    """A claims file is missing, unreadable or malformed; the message names claim id and field."""


Texts = str | list[str]


def _as_list(value: Texts | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Compare(_Strict):
    """op / value / tolerance, shared by the numeric kinds."""

    op: Op
    value: float = Field(allow_inf_nan=False)  # NaN would compare as "supported" (issue 12 class 3)
    tolerance: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)

    @model_validator(mode="after")
    def _tolerance_for_approx(self):
        if self.op == "~" and self.tolerance is None:
            raise ValueError("tolerance: required when op is '~' (relative, e.g. 0.05 for ±5%)")
        if self.op != "~" and self.tolerance is not None:
            raise ValueError(f"tolerance: only used with op '~', not with {self.op!r}; remove it")
        return self


def _iso3(value: str | None, *, groups: bool = False) -> str | None:
    if value is None:
        return None
    try:
        return to_iso3(str(value), allow_groups=groups)
    except CountryError as exc:
        raise ValueError(str(exc)) from None


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value)
    if not DATE_RE.match(text):
        raise ValueError(f"{text!r} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
    return text


class _TradeSide(_Strict):
    """Which pair and flow: `economy`'s `flow` with `partner`, read from `reporter`'s statistics.

    `scope` (goods | goods_and_services | unknown) keeps only figures of that scope; without it each
    side is read in the one scope its figures cover the claimed years in (never two scopes joined).
    """

    reporter: str | None = None
    economy: str | None = None
    partner: str
    flow: FlowName = "turnover"
    scope: ScopeName | None = None
    #: Figures cited only to these sources are left out: the text itself, which cannot confirm itself.
    exclude_sources: list[str] | None = None

    @field_validator("reporter", "economy")
    @classmethod
    def _country(cls, v):
        return _iso3(v)

    @field_validator("partner")
    @classmethod
    def _partner(cls, v):
        return _iso3(v, groups=True)

    @model_validator(mode="after")
    def _economy_default(self):
        if self.economy is None:
            if self.reporter is None:
                raise ValueError("economy: required when reporter is omitted (whose view the flow is)")
            object.__setattr__(self, "economy", self.reporter)
        return self


class ThresholdCheck(_TradeSide, _Compare):
    """A trade value in one full year compared with a number (US dollars)."""

    kind: Literal["threshold"]
    dataset: Literal["trade"]
    year: int | None = Field(default=None, ge=1900)
    period: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2})?(-\d{2})?(\.\.\d{4}-\d{2}(-\d{2})?)?$")

    @model_validator(mode="after")
    def _when(self):
        if (self.year is None) == (self.period is None):
            raise ValueError("year: give exactly one of 'year' (a full year) or 'period' (e.g. 2025-01..2025-11)")
        return self

    @property
    def label(self) -> str:
        return self.period or str(self.year)


class GrowthCheck(_TradeSide, _Compare):
    """Growth between two full years: CAGR over the span, or every year-on-year change."""

    kind: Literal["growth"]
    dataset: Literal["trade"]
    from_year: int = Field(ge=1900)
    to_year: int = Field(ge=1900)
    measure: Literal["cagr", "yoy"]

    @model_validator(mode="after")
    def _span(self):
        if self.to_year <= self.from_year:
            raise ValueError(f"to_year: {self.to_year} is not after from_year {self.from_year}")
        if not -1 <= self.value <= 10:
            raise ValueError(f"value: {self.value:g} is not a growth rate; write 33% as 0.33")
        return self


class RankCheck(_TradeSide, _Compare):
    """`partner`'s rank among `economy`'s trade partners in a full year (1 = largest).

    Country fields and their validation come from `_TradeSide`; here `economy` is required.
    """

    kind: Literal["rank"]
    dataset: Literal["partners"]
    measure: Literal["rank", "share_pct"] = "rank"
    economy: str
    year: int = Field(ge=1900)


class _Filters(_Strict):
    """Row filters for the text datasets (case-insensitive substrings; all must match)."""

    title_contains: Texts | None = None
    event_contains: Texts | None = None
    actors_contains: Texts | None = None
    sector_contains: Texts | None = None
    category: str | None = None
    between: tuple[str, str] | None = None
    #: Rows from these citations are left out as not independent of the text (it repeats them).
    exclude_sources: list[str] | None = None

    @field_validator("between", mode="before")
    @classmethod
    def _between(cls, v):
        if v is None:
            return v
        if not isinstance(v, (list, tuple)) or len(v) != 2:
            raise ValueError(f"{v!r} is not a pair of dates; expected [from, to]")
        start, end = (_date(str(d)) for d in v)
        if end < start:
            raise ValueError(f"between: {end} is before {start}")
        return (start, end)


class CountCheck(_Filters, _Compare):
    """A count: a rail measure in `unit`, or the number of recorded agreements / events."""

    kind: Literal["count"]
    dataset: Literal["rail", "agreements", "events"]
    metric_contains: Texts | None = None
    unit: str | None = None
    year: int | None = Field(default=None, ge=1900)

    @model_validator(mode="after")
    def _rail_fields(self):
        if self.dataset == "rail" and (self.metric_contains is None or self.unit is None or self.year is None):
            missing = [f for f in ("metric_contains", "unit", "year") if getattr(self, f) is None]
            raise ValueError(f"{missing[0]}: required for a rail count (metric_contains, unit, year)")
        return self


class DateCheck(_Filters):
    """When something happened: the matching rows' dates against a claimed date."""

    kind: Literal["date"]
    dataset: Literal["events", "agreements"]
    date: str
    op: Literal["==", "<", "<=", ">", ">="] = "=="
    #: The claim says it has held since `date` ("facing sanctions since 2020"): it names a start, so a
    #: matching record dated before it contradicts the claim, whatever is dated in it.
    since: bool = False

    @model_validator(mode="after")
    def _since_is_a_start(self):
        if self.since and self.op != "==":
            raise ValueError("since: a claimed start is checked with op '==' (the default); remove op")
        return self

    @field_validator("date", mode="before")
    @classmethod
    def _claimed(cls, v):
        return _date(str(v))


class MembershipCheck(_Filters):
    """Set claims: who holds a label at a date (labels), or which sectors documents cover (agreements)."""

    kind: Literal["membership"]
    dataset: Literal["labels", "agreements"]
    label_contains: str | None = None
    label_kind: list[str] = ["formal"]
    as_of: str | None = None  # None: the text's date (else the latest records); or a date, or 'latest'

    members: list[str] | None = None
    op: Literal["==", ">=", "<="] = "=="
    items: list[Texts] | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, v):
        return None if v is None else "latest" if str(v) == "latest" else _date(str(v))

    @field_validator("members")
    @classmethod
    def _members(cls, v):
        return None if v is None else [_iso3(m) for m in v]

    @model_validator(mode="after")
    def _by_dataset(self):
        if self.dataset == "labels" and (self.label_contains is None or self.members is None):
            raise ValueError("label_contains: labels membership needs label_contains and members")
        if self.dataset == "agreements" and not self.items:
            raise ValueError("items: agreements membership needs items (the sectors claimed)")
        return self


class SumCheck(_Filters, _Compare):
    """The total value of an occasion's agreements, stated or summed, in US dollars."""

    kind: Literal["sum"]
    dataset: Literal["agreements"]
    totals_title_contains: Texts | None = None


class NotCheckable(_Strict):
    """A claim no dataset can settle; `context` lists related rows without judging."""

    kind: Literal["not_checkable"]
    dataset: Literal["none"] = "none"
    context: ContextFilter | None = None


class ContextFilter(_Filters):
    dataset: Literal["events", "agreements"]


NotCheckable.model_rebuild()

KIND_DATASETS: dict[str, tuple[str, ...]] = {
    "threshold": ("trade",), "growth": ("trade",), "rank": ("partners",),
    "count": ("rail", "agreements", "events"), "date": ("events", "agreements"),
    "membership": ("labels", "agreements"), "sum": ("agreements",), "not_checkable": ("none",),
}

Check = Annotated[
    ThresholdCheck | GrowthCheck | RankCheck | CountCheck | DateCheck | MembershipCheck | SumCheck | NotCheckable,
    Field(discriminator="kind"),
]


class Claim(_Strict):
    """One statement: its id, the text's exact words, and one or more checks."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    quote: str = Field(min_length=1)
    check: Check | None = None
    checks: list[Check] | None = None
    needs: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.check is None) == (self.checks is None):
            raise ValueError("check: give exactly one of 'check' or 'checks'")
        if self.checks is not None and not self.checks:
            raise ValueError("checks: empty list; give at least one check")
        if any(c.kind == "not_checkable" for c in self.all_checks) and not self.needs:
            raise ValueError("needs: required for a not_checkable claim (which data would settle it)")
        return self

    @property
    def all_checks(self) -> list:
        return [self.check] if self.check is not None else list(self.checks or [])


class ClaimsFile(_Strict):
    """A text, the date it was written (claims are judged as of it), and its claims in file order."""

    source: str = Field(min_length=1)
    date: str | None = None
    #: Written by `tradebrief claims draft` (rules, not a person): the brief says so beside its verdicts.
    drafted: bool = False
    #: Citations the text itself cites or whose words it repeats (its footnotes, the paraphrase it
    #: copies). One rule for every claim: such a citation confirms the text only where it is the
    #: publisher's own statement (graded official_statistics or official_statement); a copy or
    #: paraphrase the text repeats is left out of every check, as the text itself is.
    cites: list[str] = Field(default_factory=list)
    claims: list[Claim]
    path: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _text_date(cls, v):
        return None if v is None else _date(str(v))

    @property
    def title(self) -> str:
        """The text the claims come from, without where its copy lies on this machine ('text in ../x')."""
        return re.sub(r"[;,]?\s*text in \S+$", "", " ".join(self.source.split()))

    @property
    def pairs(self) -> set[frozenset[str]]:
        """The pairs its trade and partner checks are about ({economy, partner} each)."""
        found = set()
        for claim in self.claims:
            for chk in claim.all_checks:
                economy, partner = getattr(chk, "economy", None), getattr(chk, "partner", None)
                if economy and partner and getattr(chk, "dataset", "") in ("trade", "partners"):
                    found.add(frozenset((economy, partner)))
        return found

    def applies_to(self, pair: tuple[str, str], *, given: bool) -> bool:
        """Whether a run of `pair` checks these claims: a file whose trade checks name other pairs
        (the seed article is about Belarus–China) does not apply; a file with no trade checks
        applies only when the user gave it (`given`), never as the default."""
        pairs = self.pairs
        return frozenset(pair) in pairs if pairs else given


def load_claims(path: str | Path) -> ClaimsFile:
    """Read and validate a claims file; raise ClaimsFileError naming claim id and field."""
    file = Path(path)
    if not file.is_file():
        raise ClaimsFileError(f"claims file {file} not found; give the path of a YAML claims file "
                              "(see docs/claims-format.md)")
    doc = load_yaml(file, error=ClaimsFileError)  # bounded: depth, aliases, size, duplicate keys
    return parse_claims(doc, name=file.name, path=str(file))


def parse_claims(doc: object, *, name: str = "<claims>", path: str | None = None) -> ClaimsFile:
    """Validate an already-parsed document (a dict with `source` and `claims`)."""
    if not isinstance(doc, dict):
        raise ClaimsFileError(f"claims file {name}: expected a mapping with 'source' and 'claims'")
    raw_claims = doc.get("claims")
    try:
        parsed = ClaimsFile.model_validate({**doc, "path": path})
    except ValidationError as exc:
        raise ClaimsFileError(_message(exc, name, raw_claims)) from None
    seen: set[str] = set()
    for claim in parsed.claims:
        if claim.id in seen:
            raise ClaimsFileError(f"claims file {name}, claim '{claim.id}', field 'id': duplicate id; "
                                  "each claim needs a unique id")
        seen.add(claim.id)
    return parsed


_TAGS = set(KIND_DATASETS)


def _message(exc: ValidationError, name: str, raw_claims: object) -> str:
    err = exc.errors()[0]
    loc = list(err["loc"])
    where = f"claims file {name}"
    if len(loc) >= 2 and loc[0] == "claims" and isinstance(loc[1], int):
        idx = loc[1]
        cid = None
        if isinstance(raw_claims, list) and idx < len(raw_claims) and isinstance(raw_claims[idx], dict):
            cid = raw_claims[idx].get("id")
        where += f", claim '{cid}'" if cid else f", claim #{idx + 1}"
        loc = loc[2:]
    kind = None
    parts: list[str] = []
    for item in loc:
        if isinstance(item, str) and item in _TAGS and parts and (parts[-1] == "check" or parts[-1].isdigit()):
            kind = item  # the discriminator tag pydantic inserts; not a field the user wrote
            continue
        parts.append(str(item))
    msg = str(err.get("msg", "invalid"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
        named = re.match(r"^([a-z_]+): (.*)$", msg, re.DOTALL)
        if named and named.group(1) not in parts:
            parts.append(named.group(1))
            msg = named.group(2)
    field = ".".join(parts) or "(top level)"
    etype = err["type"]
    given = err.get("input")
    if etype == "literal_error":
        expected = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        msg = f"{given!r} is not one of {' '.join(expected)}"
        if parts and parts[-1] == "dataset" and kind:
            msg += f" (datasets for kind '{kind}')"
    elif etype == "union_tag_invalid":
        field = field + ".kind" if not field.endswith("kind") else field
        msg = f"{err['ctx']['tag']!r} is not one of {' '.join(KIND_DATASETS)}"
    elif etype == "union_tag_not_found":
        field = field + ".kind"
        msg = f"missing; expected one of {' '.join(KIND_DATASETS)}"
    elif etype == "missing":
        msg = "missing; this field is required"
    elif etype == "extra_forbidden":
        msg = "unknown field; see docs/claims-format.md for the fields of each kind"
    return f"{where}, field '{field}': {msg}"
