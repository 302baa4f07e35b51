"""Every product label, share basis and speaker the snapshot holds has Russian words (issue 25: a Russian
brief showed English labels in «»); a label without them is marked as foreign, never printed as Russian."""
from __future__ import annotations

import pandas as pd

import tradebrief as tb
from tradebrief.analysis.products import product_rows
from tradebrief.text import product_words as pw


def _rows() -> pd.DataFrame:
    products = tb.ReportContext.load().products
    return product_rows(products, "BLR", "CHN", int(products["year"].min()), int(products["year"].max()))


def test_every_snapshot_product_label_has_russian_words() -> None:
    rows = _rows()
    labels = set(rows["items"]) | set(rows["product"].where(rows["kind"] != "list", rows["items"]))
    missing = sorted(label for label in labels if label not in pw.PRODUCT_RU)
    assert not missing, f"no Russian words for product labels: {missing}"


def test_every_share_basis_and_speaker_has_russian_words() -> None:
    rows = _rows()
    assert not sorted(set(rows["share_basis"].dropna()) - set(pw.BASIS_RU))
    assert not sorted(set(rows["said_by"].dropna()) - {k for k, v in pw.SPEAKER_WORDS.items() if "ru" in v})


def test_a_label_without_russian_words_is_marked_foreign() -> None:
    assert pw.product_words("frozen beef", "ru") == "замороженная говядина"
    assert pw.product_words("frozen beef", "en") == "frozen beef"
    assert pw.product_words("unheard-of gadgets", "ru") == "«unheard-of gadgets»"
    assert pw.route_words("China-Europe-China", "ru") == "Китай–Европа–Китай"
    assert pw.route_words("China→EU", "ru") == "Китай→ЕС" and pw.route_words("Mars-Venus", "ru") == "«Mars-Venus»"


def test_every_event_and_valued_title_has_russian_words() -> None:
    """The visit judgment prints an event's name, a package's title and valued documents' titles."""
    from tradebrief.text.event_words import EVENT_RU, TITLE_RU, event_words, title_ru

    agreements = tb.ReportContext.load().agreements
    assert not sorted(set(agreements["event"].dropna()) - set(EVENT_RU))
    printed = agreements[agreements["value_usd"].notna()]  # a package is printed by title only with its worth
    assert not sorted(set(printed["title"]) - set(TITLE_RU))
    assert event_words("Some summit", "ru") == "«Some summit»" and title_ru("Some deal") == "«Some deal»"
