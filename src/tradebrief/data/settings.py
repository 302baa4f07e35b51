"""The environment, read in one place: every variable tradebrief honours, as one `Settings` object.

Variables were read wherever a value was needed (the data folder in the loaders, API keys in the
adapters, the BACI cache in the bulk reader, SOURCE_DATE_EPOCH in the workbook, the run's caches in
`RunData` and `claims.evaluate`); now `Settings.from_env` is the only reader, and a malformed value is
one `UsageError` naming the variable. It lives at the bottom layer (`data`) because the loaders,
adapters and writers all need its values; they take them as arguments where a caller has them, and
fall back to `current()` for their defaults.

`current()` reads the environment at each call (a dozen dictionary look-ups): tests and the
pipeline set variables for a block of code, and a value cached at import would outlive them.

Where the shipped files are: the snapshot (`data/`) and the notebooks are package data in an
installed wheel (`tradebrief/_shipped/`, copied there by `setup.py` at build time); in a checkout
(or an editable install) they are the repository's own `data/` and `notebooks/`.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tradebrief.errors import UsageError

#: Every variable read here, by field (the names users and the pipeline set).
DATA_ENV = "TRADEBRIEF_DATA"  # the snapshot folder to use instead of the shipped one
NOTEBOOKS_ENV = "TRADEBRIEF_NOTEBOOKS"  # the notebooks folder `tradebrief run` executes
EXTERNAL_ENV = "TRADEBRIEF_EXTERNAL"  # where `tradebrief fetch` writes by default
COMTRADE_URL_ENV = "TRADEBRIEF_COMTRADE_URL"
COMTRADE_KEY_ENV = "COMTRADE_API_KEY"
IMF_URL_ENV = "TRADEBRIEF_IMF_URL"
IMF_KEY_ENV = "IMF_API_KEY"
BACI_CACHE_ENV = "TRADEBRIEF_BACI_CACHE"  # a folder for the BACI scan cache, or off
CACHE_HOME_ENV = "XDG_CACHE_HOME"
EPOCH_ENV = "SOURCE_DATE_EPOCH"  # the workbook's fixed timestamp (reproducible builds' convention)
RUN_CACHE_ENV = "TRADEBRIEF_RUN_CACHE"  # set by `tradebrief run` for its kernels: the kernel cache folder
VARIABLES = (DATA_ENV, NOTEBOOKS_ENV, EXTERNAL_ENV, COMTRADE_URL_ENV, COMTRADE_KEY_ENV, IMF_URL_ENV, IMF_KEY_ENV,
             BACI_CACHE_ENV, CACHE_HOME_ENV, EPOCH_ENV, RUN_CACHE_ENV)

#: Inside the installed package, the copies of the repository's `data/` and `notebooks/`.
SHIPPED = "_shipped"
_CHECKOUT = Path(__file__).resolve().parents[3]  # src/tradebrief/data/settings.py → the repository


def shipped(name: str) -> Path:
    """The shipped folder `name` ("data" or "notebooks"): the wheel's package data, else the checkout's."""
    packaged = resources.files("tradebrief").joinpath(SHIPPED, name)
    if packaged.is_dir():
        return Path(str(packaged))
    return _CHECKOUT / name


def _is_packaged(folder: Path) -> bool:
    return folder.parent.name == SHIPPED


def _path(environ: Mapping[str, str], name: str) -> Path | None:
    value = environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def _epoch(environ: Mapping[str, str]) -> int:
    raw = environ.get(EPOCH_ENV, "").strip() or "0"
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 11:  # up to year 5138: a date, not a typo
        raise UsageError(f"{EPOCH_ENV} must be whole seconds since 1970, e.g. 1700000000; got {raw[:30]!r}")
    return int(raw)


def check_url(name: str, url: str) -> str:
    """An API root (a variable or an option): an http(s) URL with a host and a valid port, else one
    line naming it, checked before any request (not a traceback from urllib3 at the first one)."""
    from urllib.parse import urlsplit

    shown = repr(url[:60]) + ("…" if len(url) > 60 else "")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port beyond 65535 or not a number
        host = parts.hostname
    except ValueError as exc:
        raise UsageError(f"{name} {shown} is not a valid URL ({exc}); expected e.g. https://host[:port]/path") from None
    if parts.scheme not in ("http", "https") or not host or port == 0:
        raise UsageError(f"{name} {shown} is not an http(s) URL with a host; expected e.g. https://host[:port]/path")
    return url


def _url(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip()
    return check_url(f"${name}", value) if value else ""


def _key(environ: Mapping[str, str], name: str) -> str:
    """An API key fit for an HTTP header (printable ASCII), else one line naming the variable; the
    value is never echoed."""
    value = environ.get(name, "").strip()
    if not (value.isascii() and value.isprintable()):
        raise UsageError(f"${name} holds characters an HTTP header cannot carry (only printable ASCII); "
                         "copy the key again from the provider's page")
    return value


@dataclass(frozen=True)
class Settings:
    """What the environment asks for; unset values are None or empty, and defaults are resolved by
    the properties below (so that one object says both what was set and what is used)."""

    data_dir: Path | None = None
    notebooks_dir: Path | None = None
    external_dir: Path | None = None
    comtrade_url: str = ""
    comtrade_key: str = field(default="", repr=False)  # secrets never appear in a repr or a message
    imf_url: str = ""
    imf_key: str = field(default="", repr=False)
    baci_cache: str = ""
    cache_home: Path | None = None
    source_date_epoch: int = 0
    run_cache: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every variable once; UsageError naming the variable for a malformed value."""
        env = os.environ if environ is None else environ
        return cls(
            data_dir=_path(env, DATA_ENV),
            notebooks_dir=_path(env, NOTEBOOKS_ENV),
            external_dir=_path(env, EXTERNAL_ENV),
            comtrade_url=_url(env, COMTRADE_URL_ENV),
            comtrade_key=_key(env, COMTRADE_KEY_ENV),
            imf_url=_url(env, IMF_URL_ENV),
            imf_key=_key(env, IMF_KEY_ENV),
            baci_cache=env.get(BACI_CACHE_ENV, "").strip(),
            cache_home=_path(env, CACHE_HOME_ENV),
            source_date_epoch=_epoch(env),
            run_cache=_path(env, RUN_CACHE_ENV),
        )

    @property
    def snapshot(self) -> Path:
        """The data folder: $TRADEBRIEF_DATA, else the shipped snapshot."""
        return self.data_dir or shipped("data")

    @property
    def notebooks(self) -> Path:
        """The notebooks `tradebrief run` executes: $TRADEBRIEF_NOTEBOOKS, else the shipped ones."""
        return self.notebooks_dir or shipped("notebooks")

    @property
    def external(self) -> Path:
        """Where fetched data goes: $TRADEBRIEF_EXTERNAL, else `external/` in the data folder, except in
        an installed package (never written into): the user's cache folder."""
        if self.external_dir:
            return self.external_dir
        if self.data_dir is None and _is_packaged(self.snapshot):
            return self.user_cache / "tradebrief" / "external"
        return self.snapshot / "external"

    @property
    def user_cache(self) -> Path:
        """The user's cache folder: $XDG_CACHE_HOME, else ~/.cache."""
        return self.cache_home or Path.home() / ".cache"


def current() -> Settings:
    """The settings of this moment's environment (see the module's docstring for why not cached)."""
    return Settings.from_env(os.environ)
