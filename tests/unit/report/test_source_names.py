"""The brief's Sources list: each entry says what kind of source it is, and a copy what it copies (issue 24)."""
from __future__ import annotations

from tradebrief.report.citations import BRIEF_NAME_CHARS, brief_name


def test_a_copy_is_named_with_what_it_copies_never_cut() -> None:
    mirror = "biqumok.com (web-novel site republishing the PRC MFA country profile of Belarus)"
    assert brief_name("official_statement", mirror) == "A copy of an official's statement: " + mirror
    assert brief_name("official_statement", mirror, "ru").startswith("Копия заявления должностного лица: biqumok.com")
    relay = "PRC MFA country profile (updated May 2020), via chinanews.com.cn"
    assert brief_name("official_statement", relay) == "A copy of an official's statement: " + relay


def test_each_entry_says_its_standing_in_plain_words() -> None:
    assert brief_name("official_statistics", "Belstat") == "Official statistics: Belstat"
    assert brief_name("official_statement", "BelTA (English) citing First Deputy PM Snopkov / official data") == (
        "An official's statement as reported by the press: BelTA (English) citing First Deputy PM Snopkov / official data")
    assert brief_name("secondary", "koala-by.com (secondary, unsourced)") == (
        "A press or secondary report: koala-by.com (secondary, unsourced)")
    assert brief_name("doubtful", "x") == "A source of doubtful reliability: x"


def test_a_long_site_and_topic_name_shows_its_site_and_no_name_is_cut_mid_phrase() -> None:
    long_topic = ("www.globaltimes.cn: EU sanctions on Belarus for involvement in Russian aggression: 22 military "
                  "officials + trade restrictions (potash, wood, steel, cement, mineral fuels, rubber, dual-use)")
    assert brief_name("secondary", long_topic) == "A press or secondary report: globaltimes.cn"
    assert brief_name("secondary", long_topic, url="https://www.globaltimes.cn/page/1.html") == (
        "A press or secondary report")  # the link beside it names the site
    long_name = ("Office of the Deputy Minister for Foreign Economic Relations, speaking at the forum in Minsk "
                 "with remarks on trade with partners in Asia and in Europe during the year")
    shown = brief_name("official_statement", long_name).split(": ", 1)[1]
    assert long_name.startswith(shown.rstrip("…")) and len(shown) <= BRIEF_NAME_CHARS + 1


def test_a_long_name_keeps_whom_it_cites() -> None:
    name = ("wedoany.com (Spanish edition), item on Belarus Ambassador Alexander Cherviakov and COIFAIR, "
            "citing Chinese statistics")
    assert brief_name("secondary", name) == (
        "A press or secondary report: wedoany.com (Spanish edition)… citing Chinese statistics")
