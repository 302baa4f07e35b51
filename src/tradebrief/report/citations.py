"""Numbered citations, numbered once, in reading order, when the document is laid out.

A rule that cites a source gets a placeholder (`cite`), not a number: a rule may be evaluated only to
test whether it applies, or the parts of a document computed in another order than they are read.
`layout` numbers the placeholders of the finished text by first appearance, so superscripts first
appear as 1, 2, 3, … whatever the order of the code, and a source the text does not print is not
listed. The Sources section is rendered from `entries` after that pass.

A number in the brief links to its entry in the Sources section (one click away), which holds
publisher, URL, retrieval date, grade and the verbatim quote.

Citations are per page, not per fact: the snapshot cites one page under a source id per fact (the BelTA
infographic of 2011–2020 goods trade holds seven), and the list names a page once. Every id of a page
cites one entry, anchored at the page's first id in sort order (`page_anchor_ids`), which keeps each
cited fact's quote (`quotes`) for the annex.

Everything here that comes from `sources.yaml` (a user's folder included) is text, never markup:
`cite` returns `Md`; `entries` gives each field as read (plain `str`, escaped wherever printed)
and ready-made `Md` built from escaped parts (`anchor`, `link`, `line`). A source id becomes an
anchor only when it is a plain slug (else a stable digest), and a URL is a link only when
`safe_url` accepts it — a `javascript:` URL, or one with quotes or brackets, is printed as text.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pandas as pd

from tradebrief.text.markup import Md, md, md_escape, safe_url
from tradebrief.text.words import carries_another, phrase_span, source_entry_name, source_standing_text

_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}")
#: A citation before layout: private-use characters around the source's index in `Citations.known`
#: (characters no source text or phrase holds, so the final pass cannot mistake text for one).
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def anchor(source_id: object) -> str:
    """The HTML id of a source's entry, without the 'src-' prefix: the id itself when it is a slug.

    Any other id (spaces, quotes, `<`, non-Latin letters) gets 'h' + a digest, so it can neither
    break out of the attribute nor collide with a slug id.
    """
    text = str(source_id)
    if _SLUG.fullmatch(text):
        return text
    return "h" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] + "-digest"


def link(url: object) -> Md:
    """A URL as Markdown: an autolink when `safe_url` accepts it, else the URL as plain text."""
    target = safe_url(url)
    if target is not None:
        return Md(f"<{target}>")
    return md_escape(url)


def site(url: object) -> str:
    """A source's web site as a reader names it ('belta.by'), or '' when the URL is not a web link."""
    target = safe_url(url)
    if not target:
        return ""
    host = target.split("/")[2].split("@")[-1].split(":")[0].lower()
    return host.removeprefix("www.")


#: The longest publisher's name the brief's Sources list shows whole; a longer one shows its site (or
#: its first whole phrases). The annex shows every name whole.
BRIEF_NAME_CHARS = 110
#: "site.tld: what the page is about" — a publisher's name that is its site and a topic.
_SITE_TOPIC = re.compile(r"(?P<site>[\w-]+(?:\.[\w-]+)+): ")


def brief_name(reliability: object, publisher: object, lang: str = "en", url: object = None) -> str:
    """A Sources-list entry's words in the brief: what kind of source it is in plain words, then who
    published it, never cut mid-phrase (a copy's name says what it copies: "A copy of an official's
    statement: biqumok.com (web-novel site republishing the PRC MFA country profile of Belarus)").
    A long "site: topic" name shows its site alone (the topic is in the annex), and nothing when the
    entry's link already shows that site."""
    name = " ".join(str(publisher or "").split())
    site_topic = _SITE_TOPIC.match(name)
    if len(name) > BRIEF_NAME_CHARS // 2 and site_topic:
        name = site_topic.group("site").removeprefix("www.")
        if url is not None and name == site(url):
            name = ""
    elif len(name) > BRIEF_NAME_CHARS:
        clauses = name.split(", ")  # keep who it is and whom it cites or copies; drop what it is about
        relay = next((c for c in clauses[1:] if carries_another(c)), None)
        short = f"{clauses[0]}… {relay}" if relay else ""
        name = short if short and len(short) <= BRIEF_NAME_CHARS else phrase_span(name, BRIEF_NAME_CHARS)
    return source_entry_name(reliability, publisher, lang, shown=name)


def source_sites(sources: pd.DataFrame) -> dict[str, str]:
    """{source id: its site} for the sources that have a web link; charts name sources by these."""
    return {str(sid): name for sid, url in zip(sources["source_id"], sources["url"], strict=True)
            if (name := site(url))}


def page_key(source_id: str, url: object) -> str:
    """What makes two citations one page: the URL without scheme, 'www.', '#fragment' or a trailing '/'
    (a URL `safe_url` refuses, or none, keeps its citation apart: its id)."""
    target = safe_url(url)
    if not target:
        return "id:" + source_id
    rest = target.split("://", 1)[-1].split("#", 1)[0].rstrip("/")
    return "url:" + rest.removeprefix("www.")


def page_anchor_ids(sources: pd.DataFrame) -> dict[str, str]:
    """{source id: the id its page's entry is anchored at}: the first id in sort order of each page."""
    pages: dict[str, list[str]] = {}
    for sid, url in zip(sources["source_id"].astype(str), sources["url"], strict=True):
        pages.setdefault(page_key(sid, url), []).append(sid)
    return {sid: min(ids) for ids in pages.values() for sid in ids}


def page_name(publishers: list[str], url: object) -> str:
    """One name for a page cited for several facts: a publisher's name that is not 'site: topic of one
    fact' (the shortest such), else the page's site, else the first name."""
    named = sorted((p for p in publishers if not _SITE_TOPIC.match(p)), key=lambda p: (len(p), p))
    return named[0] if named else (site(url) or publishers[0])


@dataclass
class Citations:
    """Collects the cited source ids, numbers them in reading order (`layout`) and renders the list."""

    sources: pd.DataFrame
    known: list[str] = field(default_factory=list)  # every id cited, in order of evaluation
    order: list[str] = field(default_factory=list)  # the ids the laid-out text cites, in reading order

    cited: dict[str, list[str]] = field(default_factory=dict)  # page anchor id -> its ids cited, in order

    def __post_init__(self) -> None:
        self._by_id = self.sources.set_index("source_id")
        self._page = page_anchor_ids(self.sources)

    def cite(self, source_ids: str | list[str] | tuple[str, ...] | None) -> Md:
        """'<sup>[·](#src-id)</sup>' links for one or several ids ('a;b' allowed), numbered by `layout`;
        '' for none."""
        if source_ids is None:
            return Md("")
        if isinstance(source_ids, str):
            ids = [s for s in source_ids.split(";") if s]
        else:
            ids = [s for part in source_ids for s in str(part).split(";") if s]
        links, pages = [], []
        for sid in dict.fromkeys(ids):
            if sid not in self._by_id.index:
                raise KeyError(f"source_id {sid!r} is not in sources.yaml")
            page = self._page[sid]
            facts = self.cited.setdefault(page, [])
            if sid not in facts:
                facts.append(sid)
            if page not in pages:
                pages.append(page)
        for page in pages:  # one marker per page, however many of its facts are cited here
            if page not in self.known:
                self.known.append(page)
            links.append(f"[{_OPEN}{self.known.index(page)}{_CLOSE}](#src-{anchor(page)})")
        return Md("<sup>" + ", ".join(links) + "</sup>") if links else Md("")  # a long list may wrap

    def layout(self, text: str) -> str:
        """The finished document with its citations numbered by first appearance (1, 2, 3 … in reading
        order); `order` and `entries` then list exactly the sources the text cites, in that order."""
        self.order = []
        numbers: dict[int, int] = {}

        def number(match: re.Match) -> str:
            index = int(match.group(1))
            if index not in numbers:
                numbers[index] = len(numbers) + 1
                self.order.append(self.known[index])
            return str(numbers[index])

        return type(text)(_PLACEHOLDER.sub(number, text))

    def entries(self) -> list[dict]:
        """The cited sources, numbered, for the Sources section (after `layout`: in reading order).

        The fields as read (`id`, `publisher`, `url`, `retrieved`, `quote`, `language`,
        `reliability`) are plain `str`: untrusted text, escaped wherever it is printed (a template
        from `markup.template_environment` does it). Ready-made Markdown (`Md`): `anchor` (safe in
        `id="src-…"`, the target of `cite`'s links), `link` (the URL as a link when `safe_url`
        accepts it, else as text) and `line`, the whole entry as one escaped Markdown line.
        """
        out = []
        for number, sid in enumerate(self.order, start=1):
            facts = sorted(self.cited.get(sid) or [sid])
            rows = [self._by_id.loc[f] for f in facts]
            url = rows[0]["url"]
            publisher = page_name([str(r["publisher"]) for r in rows], url) if len(rows) > 1 else str(rows[0]["publisher"])
            main = next((r for r in rows if str(r["publisher"]) == publisher), rows[0])
            quotes = [{"id": f, "quote": " ".join(str(r["quote"]).split()), "language": str(r["language"]),
                       "reliability": str(r["reliability"]), "retrieved": str(r["retrieved"])}
                      for f, r in zip(facts, rows, strict=True)]
            entry = {"number": number, "id": str(sid), "ids": facts, "publisher": publisher, "url": str(url),
                     "retrieved": max(q["retrieved"] for q in quotes), "quote": quotes[0]["quote"],
                     "language": quotes[0]["language"], "reliability": str(main["reliability"]),
                     "quotes": quotes, "anchor": Md(anchor(sid)), "link": link(url)}
            grade = source_standing_text(entry["reliability"], entry["publisher"])
            entry["line"] = Md(f'{number}. <a id="src-{entry["anchor"]}"></a>') + md(
                "**{}**, {} (retrieved {}; {}; id {}). ", entry["publisher"], entry["link"],
                entry["retrieved"], grade, "; ".join(facts)) + Md(" ".join(  # each piece escaped by `md`
                md("Quote ({}): \"{}\"", q["language"], q["quote"]) for q in quotes))
            out.append(entry)
        return out
