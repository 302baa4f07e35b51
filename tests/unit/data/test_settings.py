"""data.settings: the environment read in one place; a malformed value is one error naming it."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from tradebrief.data import settings as st
from tradebrief.errors import UsageError

REPO = Path(__file__).resolve().parents[3]


def test_every_variable_sets_its_own_field() -> None:
    empty = st.Settings.from_env({})
    for name in st.VARIABLES:
        value = {st.EPOCH_ENV: "12345", st.COMTRADE_URL_ENV: "http://127.0.0.1:1/api",
                 st.IMF_URL_ENV: "http://127.0.0.1:1/api"}.get(name, "/some/where")  # URLs are checked (issue 26)
        changed = [f.name for f in dataclasses.fields(st.Settings)
                   if getattr(st.Settings.from_env({name: value}), f.name) != getattr(empty, f.name)]
        assert len(changed) == 1, (name, changed)


def test_defaults_are_the_shipped_folders() -> None:
    empty = st.Settings.from_env({})
    assert empty.snapshot == REPO / "data" and empty.notebooks == REPO / "notebooks"  # a checkout
    assert empty.external == REPO / "data" / "external" and empty.source_date_epoch == 0
    mine = st.Settings.from_env({st.DATA_ENV: "/d", st.CACHE_HOME_ENV: "/c"})
    assert mine.snapshot == Path("/d") and mine.external == Path("/d/external") and mine.user_cache == Path("/c")


def test_secrets_are_not_in_the_repr() -> None:
    shown = repr(st.Settings.from_env({st.COMTRADE_KEY_ENV: "k-123-secret", st.IMF_KEY_ENV: "i-456-secret"}))
    assert "secret" not in shown and "Settings(" in shown


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5"])
def test_a_malformed_epoch_names_the_variable(value: str) -> None:
    with pytest.raises(UsageError, match=f"SOURCE_DATE_EPOCH must be whole seconds.*{value!r}"):
        st.Settings.from_env({st.EPOCH_ENV: value})


def test_the_command_says_it_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run([str(Path(sys.executable).with_name("tradebrief")), "run", "--output", str(tmp_path)],
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SOURCE_DATE_EPOCH": "soon"},
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [("Error: SOURCE_DATE_EPOCH must be whole seconds since 1970, "
                                                "e.g. 1700000000; got 'soon'")]
