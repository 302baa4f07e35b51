"""Country names and codes in any common form → ISO 3166 alpha-3.

pycountry answers exact codes and official names; `country_aliases.yaml` holds the common names
and foreign spellings it does not know. Nothing is guessed: an unknown or ambiguous name is an
error that suggests the closest match.
"""
from __future__ import annotations

import difflib
import functools
import re
from importlib import resources

import pycountry
import yaml

from tradebrief.data import codes
from tradebrief.errors import CountryError

#: Reporter codes that are not countries: whose statistics a figure is, when it is not a state's.
#: Worded in data/codes.SIDE (ALL there is a claims-only code, never a reporter in the data).
NON_COUNTRY_REPORTERS: dict[str, str] = {c: codes.SIDE.label(c, "en", "reporter") for c in ("UNK", "TDM")}

#: The name a reader knows where pycountry has only the official one ("Russia", not "Russian Federation");
#: pycountry's `common_name` covers the rest (Vietnam, Iran, South Korea …). Display only: data keeps ISO codes.
COMMON_NAMES: dict[str, str] = {
    "RUS": "Russia", "BRN": "Brunei", "COD": "DR Congo", "FSM": "Micronesia", "PSE": "Palestine",
    "VAT": "Vatican City", "VGB": "British Virgin Islands", "VIR": "US Virgin Islands", "FLK": "Falkland Islands",
    "CCK": "Cocos Islands", "MAF": "Saint Martin", "SXM": "Sint Maarten", "BES": "Caribbean Netherlands",
}

#: Partner codes that are groups of countries.
GROUPS: dict[str, str] = {"EUU": "European Union"}
_GROUP_ALIASES = {"eu": "EUU", "euu": "EUU", "european union": "EUU", "eu27": "EUU"}


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    text = resources.files("tradebrief.data").joinpath("country_aliases.yaml").read_text("utf-8")
    return {str(k).lower(): str(v) for k, v in yaml.safe_load(text).items()}


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every lower-case name pycountry and the alias file know → ISO3 (for suggestions)."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.lower()] = country.alpha_3
    names.update(_aliases())
    return names


@functools.lru_cache(maxsize=64)
def names_pattern(code: str) -> re.Pattern[str]:
    """Every name of a country (pycountry's, the alias file's: "China", "PRC", "Китай", "中国") as one
    case-insensitive pattern, whole words only for Latin names ("Chinatown" is not China)."""
    names = sorted({name for name, iso3 in _names().items() if iso3 == code}, key=len, reverse=True)
    parts = [rf"\b{re.escape(n)}\b" if n.isascii() else re.escape(n) for n in names if len(n) > 2 or not n.isascii()]
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


@functools.lru_cache(maxsize=4096)
def to_iso3(value: str, *, allow_groups: bool = False) -> str:
    """Return the ISO3 code for a name or code ('Belarus', 'BY', 'blr', 'Китай' → CHN).

    Raises CountryError, with the closest known name, when the value does not resolve.
    """
    if not isinstance(value, str) or not value.strip():
        raise CountryError(f"country {value!r} is empty; expected an ISO3 code such as CHN or a name such as 'China'")
    text = value.strip()
    key = text.lower()
    if allow_groups and key in _GROUP_ALIASES:
        return _GROUP_ALIASES[key]
    if key in _aliases():
        return _aliases()[key]
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        raise CountryError(f"unknown country {value!r}{_suggestion(text)}") from None


def is_iso3(code: object) -> bool:
    """True for an upper-case ISO3 country code."""
    return isinstance(code, str) and code in _iso3_codes()


def valid_partner(code: object) -> bool:
    """ISO3, a group code (EUU) or a combination such as RUS+CHN."""
    return isinstance(code, str) and all(p in GROUPS or is_iso3(p) for p in code.split("+"))


def valid_reporter(code: object) -> bool:
    """ISO3 or one of NON_COUNTRY_REPORTERS."""
    return isinstance(code, str) and (code in NON_COUNTRY_REPORTERS or is_iso3(code))


def country_name(code: str) -> str:
    """The English name a reader knows ("Russia", "Vietnam"), for display; groups and special codes by
    their description."""
    if code in GROUPS:
        return GROUPS[code]
    if code in NON_COUNTRY_REPORTERS:
        return NON_COUNTRY_REPORTERS[code]
    if "+" in code:
        return " + ".join(country_name(part) for part in code.split("+"))
    if code in COMMON_NAMES:
        return COMMON_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def _suggestion(text: str) -> str:
    names = _names()
    close = difflib.get_close_matches(text.lower(), list(names), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {names[close[0]]} ({close[0].title()})?"
    codes = difflib.get_close_matches(text.upper(), sorted(_iso3_codes()), n=1, cutoff=0.6)
    if codes:
        return f"; did you mean {codes[0]}?"
    return "; expected an ISO3 code such as CHN or a country name such as 'China'"
