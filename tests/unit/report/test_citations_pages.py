"""Citations per page, not per fact (issue 25): one page cited under several source ids is one entry of
the Sources list, every marker pointing to it, and each fact's quote kept with it."""
from __future__ import annotations

import pandas as pd

from tradebrief.report import citations as cit

PAGE = "http://belta.by/infographica/view/belarus-kitaj-30"


def _sources() -> pd.DataFrame:
    rows = [("b-2011", "BelTA infographic", PAGE, "2011 - $2832 млн", "official_statistics"),
            ("b-2015", "belta.by: Belarus trade partners (ranks/shares), 2015", "https://www.belta.by/infographica/view/belarus-kitaj-30/#top",
             "2015 - $3303 млн", "official_statistics"),
            ("other", "Another paper", "https://example.org/a", "quote", "secondary"),
            ("no-url", "A letter", "", "letter", "secondary")]
    return pd.DataFrame([{"source_id": s, "publisher": p, "url": u, "retrieved": "2026-11-28", "quote": q,
                          "language": "ru", "reliability": r} for s, p, u, q, r in rows])


def test_one_page_cited_under_several_ids_is_one_entry_with_each_quote() -> None:
    cite = cit.Citations(_sources())
    text = cite.layout(cite.cite("b-2015") + " " + cite.cite("other") + " " + cite.cite("b-2011;b-2015") + cite.cite("no-url"))
    entries = cite.entries()
    assert [e["id"] for e in entries] == ["b-2011", "other", "no-url"]  # the page once, anchored at its first id
    page = entries[0]
    assert page["ids"] == ["b-2011", "b-2015"]
    assert [q["quote"] for q in page["quotes"]] == ["2011 - $2832 млн", "2015 - $3303 млн"]
    assert page["publisher"] == "BelTA infographic"  # a named publisher, not one fact's 'site: topic'
    assert "2011 - $2832" in page["line"] and "2015 - $3303" in page["line"]
    # every marker of the page's facts points to its one entry, and a marker lists a page once
    assert text.count("#src-b-2011") == 2 and "#src-b-2015" not in text
    assert text.split()[2].count("#src-b-2011") == 1


def test_pages_differ_by_url_not_by_scheme_or_fragment() -> None:
    assert cit.page_key("a", "http://www.x.org/p/") == cit.page_key("b", "https://x.org/p#q")
    assert cit.page_key("a", "https://x.org/p") != cit.page_key("b", "https://x.org/q")
    assert cit.page_key("a", "") != cit.page_key("b", "")  # no link: each citation its own entry


def test_the_shipped_brief_sources_list_each_page_once() -> None:
    """The BelTA infographic (seven facts) and every other page of the snapshot: one anchor per page."""
    from tradebrief.data import load_sources

    sources = load_sources()
    anchors = cit.page_anchor_ids(sources)
    keys = {cit.page_key(s, u) for s, u in zip(sources["source_id"], sources["url"], strict=True)}
    assert len(set(anchors.values())) == len(keys) < len(sources)
