"""ISO3 ↔ UN Comtrade area codes (UN M49 numerics, with Comtrade's own exceptions).

For most countries Comtrade's reporter/partner code is the ISO 3166 numeric code (= M49), which
pycountry knows. A few reporters use a Comtrade-specific code, and groups have codes of their own;
those are listed here, each with where it was read. Anything else is an error, never a guess.
"""
from __future__ import annotations

import pycountry

from tradebrief.errors import CountryError

#: Comtrade codes that differ from the ISO numeric code, as seen in published Comtrade API records
#: (reporterCode/reporterISO pairs) and Comtrade's reference list `Reporters.json`
#: (https://comtradeapi.un.org/files/v1/app/reference/Reporters.json). Verified against
#: documentation and published examples only, not against a live download.
COMTRADE_EXCEPTIONS: dict[str, int] = {
    "USA": 842,  # "USA, incl. PR and VI" (ISO 840)
    "CHE": 757,  # Switzerland incl. Liechtenstein (ISO 756)
    "FRA": 251,  # France incl. Monaco (ISO 250)
    "IND": 699,  # India (ISO 356)
    "NOR": 579,  # Norway incl. Svalbard and Jan Mayen (ISO 578)
}

#: Comtrade codes of groups (partner side), keyed by the package's group code.
COMTRADE_GROUPS: dict[str, int] = {
    "WLD": 0,    # World (partnerISO "W00" in responses); not a canonical partner, kept for lookups
    "EUU": 97,   # European Union (EU-27 in current data)
}

_REVERSE: dict[int, str] = {code: iso for iso, code in {**COMTRADE_EXCEPTIONS, **COMTRADE_GROUPS}.items()}


def to_comtrade(iso3: str) -> int:
    """Comtrade area code for an ISO3 country or a group code (EUU → 97)."""
    if iso3 in COMTRADE_EXCEPTIONS:
        return COMTRADE_EXCEPTIONS[iso3]
    if iso3 in COMTRADE_GROUPS:
        return COMTRADE_GROUPS[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise CountryError(f"no UN Comtrade code for {iso3!r}; expected an ISO3 country code such as BLR "
                           "or the group EUU")
    return int(country.numeric)


def from_comtrade(code: int | str) -> str:
    """ISO3 (or group code) for a Comtrade area code; CountryError when it is not known."""
    try:
        number = int(code)
    except (TypeError, ValueError):
        raise CountryError(f"Comtrade area code {code!r} is not a number") from None
    if number in _REVERSE:
        return _REVERSE[number]
    country = pycountry.countries.get(numeric=f"{number:03d}")
    if country is None or country.alpha_3 in COMTRADE_EXCEPTIONS:
        raise CountryError(f"Comtrade area code {number} has no ISO3 mapping in tradebrief.sources.m49; "
                           "add it to COMTRADE_EXCEPTIONS with its source")
    return country.alpha_3
