"""Draft a claims file from an article's text: one proposed check per checkable statement.

    text = read_article("article.txt")
    draft = draft_claims(text, source="article.txt", date="2023-03-21")
    Path("claims.drafted.yaml").write_text(render(draft))

Rules only (tradebrief.claims.draft.rules): regexes for amounts, rates, ranks, counts, dates and
labels in English, Russian and Chinese. The file always loads with `load_claims` (it is validated
before it is written); sentences with figures the rules could not map are listed in it as comments
with the reason. docs/claims-format.md, "Drafting", says what the rules read and what they miss.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tradebrief.claims.draft import numbers as nb
from tradebrief.claims.draft.countries import most_named
from tradebrief.claims.draft.rules import REFERENCE_RE, RULES, VISIT_DAYS, VISIT_RE, Context, Drafted, Skipped
from tradebrief.claims.draft.sentences import ArticleError, clean, read_article, split_sentences
from tradebrief.claims.spec import DATE_RE, parse_claims
from tradebrief.data.countries import to_iso3
from tradebrief.errors import CountryError, UsageError

#: Characters of text read at most (a long article is ~30,000): bounds the time on any input.
MAX_CHARS = 100_000
#: A sentence with more amounts and percentages than this is a table or a list, not a statement.
MAX_FIGURES = 10
#: Claims drafted from one text at most: a longer text is a report, and its claims file would be unreviewable.
MAX_CLAIMS = 300
#: Lines at the top of a text searched for its date ("a date printed in its first lines").
DATE_LINES = 8
#: A first line this short holding a date is the text's dateline; a longer one must say it is the date.
DATELINE_CHARS = 60
DATELINE_RE = re.compile(r"published|posted|updated|^\s*date|опубликован|дата публикации|发布时间|发布日期|日期", re.I)
#: Reference lines that say when a source was read: the text was written on or after that date.
ACCESSED_RE = re.compile(r"accessed|accession|retrieved|дата обращения|访问日期|访问时间|检索日期", re.I)
URL_RE = re.compile(r"https?://[^\s<>\"'“”«»]{3,300}")
#: Datasets whose checks take `exclude_sources` (docs/claims-format.md).
EXCLUDABLE = ("trade", "partners", "events", "agreements")
#: The drafted file's name in a report folder (`tradebrief run --article`): edit it, rerun with --claims-file.
DRAFTED_FILE = "claims.drafted.yaml"
#: What the brief says above a drafted file's verdicts.
BRIEF_NOTICE = (f"These claims were drafted by rules from the text, not by a person: review the claims file "
                f"({DRAFTED_FILE} beside this brief) before you rely on them, then rerun with --claims-file.")
#: The phrase the brief and the file use for a drafted claims file.
DRAFTED_NOTICE = "drafted by rules from the text: review the claims file before you rely on it"
_DIGIT_RE = re.compile(r"\d|[一二三四五六七八九十两]|(?:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                       r"dozen|hundred)\b)", re.IGNORECASE)


@dataclass
class Draft:
    """What the rules read: the text's pair and date, the claims, and what they could not map."""

    source: str
    date: str | None
    pair: tuple[str, str]
    how: list[str]
    claims: list[Drafted] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    truncated: bool = False


def draft_claims(text: str, *, source: str, date: str | None = None, reporter: str | None = None,
                 partner: str | None = None, own_sources: list[str] | None = None) -> Draft:
    """Read the text sentence by sentence and propose a check for every statement a rule reads.

    `own_sources`: the data's citations of this very text; every check leaves them out (a text cannot
    confirm itself)."""
    body = clean(text)
    how: list[str] = []
    truncated = len(body) > MAX_CHARS
    if truncated:
        how.append(f"the text has {len(body):,} characters; only the first {MAX_CHARS:,} are read (an article is "
                   "shorter: split a longer document)")
        body = body[:MAX_CHARS]
    sentences = [s.text for s in split_sentences(body)]
    date, said, dateline = _text_date(body, date)
    how.append(said)
    pair, said = _pair(sentences, reporter, partner)
    how.append(said)
    ref_year = int(date[:4]) - 1 if date else None
    ctx = Context(pair=pair, date=date, ref_year=ref_year, visit=_visit(sentences, int(date[:4]) if date else None))
    if ctx.visit:
        how.append(f"'during the visit' is read as {ctx.visit[0]} to {ctx.visit[1]} (the first visit date printed, "
                   f"{VISIT_DAYS} days assumed)")
    out = Draft(source=source, date=date, pair=pair, how=how, truncated=truncated)
    seen: set[str] = set()
    if own_sources:
        how.append(f"the data cite this text as {', '.join(own_sources)}: left out of every check (a text cannot "
                   "confirm itself)")
    for sentence in sentences:
        if sentence == dateline or (URL_RE.search(sentence) and len(URL_RE.sub("", sentence).split()) < 3):
            continue  # the dateline, a bare link
        if REFERENCE_RE.search(sentence):
            ctx.previous.append(sentence)
            continue  # a footnote or reference line: where a claim comes from, not a claim
        if len(out.claims) >= MAX_CLAIMS:
            how.append(f"the text holds more than {MAX_CLAIMS} claims: the rest of it is not read")
            break
        figures = len(nb.money(sentence)) + len(nb.percents(sentence))
        if figures > MAX_FIGURES:
            out.skipped.append(Skipped(sentence, f"{figures} figures in one sentence: a table or a list, not read "
                                                 "(write its claims by hand)"))
            ctx.previous.append(sentence)
            continue
        found: list[Drafted] = []
        reasons: list[str] = []
        for rule in RULES:
            claims, why = rule(sentence, ctx)
            found.extend(claims)
            reasons.extend(why)
        for claim in found:
            _exclude(claim, own_sources)
            key = repr((claim.quote, claim.check, claim.checks))
            if key not in seen:
                seen.add(key)
                out.claims.append(claim)
        if reasons or (not found and _DIGIT_RE.search(sentence) and _has_figure(sentence)):
            out.skipped.append(Skipped(sentence, "; ".join(reasons) or "a figure no rule reads"))
        ctx.previous.append(sentence)
    return out


def _exclude(claim: Drafted, ids: list[str] | None) -> None:
    if not ids:
        return
    for check in [claim.check] if claim.check is not None else claim.checks or []:
        if check.get("dataset") in EXCLUDABLE:
            check["exclude_sources"] = list(ids)


def text_url(text: str) -> str | None:
    """The first link printed in the text's first lines: where it was published."""
    for line in text.strip().splitlines()[:DATE_LINES]:
        m = URL_RE.search(line)
        if m:
            return m.group(0).rstrip(".,;)")
    return None


def own_source_ids(url: str | None, sources: dict[str, str]) -> list[str]:
    """Citations in the data (id → url) of the text at `url`, scheme and trailing slash aside."""
    if not url:
        return []
    key = _url_key(url)
    return sorted(sid for sid, u in sources.items() if u and _url_key(str(u)) == key)


def _url_key(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").lower()


def _has_figure(sentence: str) -> bool:
    return bool(nb.money(sentence) or nb.percents(sentence) or nb.times(sentence)
                or re.search(r"\d", sentence))


def _text_date(body: str, given: str | None) -> tuple[str | None, str, str | None]:
    """(date, how it was found, the dateline itself so that it is not read as a claim)."""
    if given:
        text = str(given)
        if not DATE_RE.match(text):
            raise UsageError(f"--date {text!r} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
        return text, f"the text's date is {text} (given)", None
    for line in body.strip().splitlines()[:DATE_LINES]:
        found = nb.dates(line)
        if found and (len(line.strip()) <= DATELINE_CHARS or DATELINE_RE.search(line)):
            return found[0][0], f"the text's date is {found[0][0]}, printed in its first lines", line.strip()
    accessed = sorted(day for line in body.splitlines() if ACCESSED_RE.search(line)
                      for day, _, _ in nb.dates(line, full=True))
    if accessed:
        return accessed[-1], (f"the text's date is {accessed[-1]}, the latest date its references were accessed "
                              "(no date in its first lines; give --date to change it)"), None
    return None, ("no date given or printed in the first lines: claims are judged against the latest records and "
                  "figures without a year are not drafted (give --date)"), None


def _pair(sentences: list[str], reporter: str | None, partner: str | None) -> tuple[tuple[str, str], str]:
    try:
        given = [to_iso3(v) if v else None for v in (reporter, partner)]
    except CountryError as exc:
        raise UsageError(str(exc)) from None
    if all(given):
        if given[0] == given[1]:
            raise UsageError(f"--reporter and --partner are both {given[0]}; choose two different economies")
        return (given[0], given[1]), f"the pair is {given[0]}–{given[1]} (given)"
    ranked = [c for c in most_named(sentences) if c not in given and c != "EUU"]
    if given[0] or given[1]:
        one = given[0] or given[1]
        other = ranked[0] if ranked else ("CHN" if one != "CHN" else "BLR")
        pair = (one, other) if given[0] else (other, one)
        return pair, f"the pair is {pair[0]}–{pair[1]} (one given, the other the text's most named country)"
    top = ranked[:2]
    if len(top) < 2:
        return ("BLR", "CHN"), "the text names fewer than two countries: the pair is BLR–CHN (the default)"
    if set(top) == {"BLR", "CHN"}:
        top = ["BLR", "CHN"]
    return (top[0], top[1]), f"the pair is {top[0]}–{top[1]}, the two countries the text names most"


def _visit(sentences: list[str], year: int | None) -> tuple[str, str] | None:
    """The first visit the text dates to the day: what "during the visit" refers to."""
    for sentence in sentences:
        if VISIT_RE.search(sentence):
            printed = nb.dates(sentence, year, full=True)
            if printed:
                day = printed[0][0]
                end = (_dt.date.fromisoformat(day) + _dt.timedelta(days=VISIT_DAYS)).isoformat()
                return day, end
    return None


def _ids(claims: list[Drafted]) -> list[str]:
    ids, seen = [], set()
    for claim in claims:
        base = re.sub(r"[^a-z0-9-]+", "-", claim.slug.lower()).strip("-") or "claim"
        base = base if base[0].isalnum() else f"c-{base}"
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        ids.append(slug)
    return ids


def as_document(draft: Draft) -> dict:
    """The claims file as a mapping (what `render` writes)."""
    claims = []
    for cid, claim in zip(_ids(draft.claims), draft.claims, strict=True):
        entry: dict = {"id": cid, "quote": claim.quote, "note": claim.note}
        if claim.needs:
            entry["needs"] = claim.needs
        if claim.check is not None:
            entry["check"] = claim.check
        else:
            entry["checks"] = claim.checks
        claims.append(entry)
    doc: dict = {"source": draft.source}
    if draft.date:
        doc["date"] = draft.date
    doc["drafted"] = True
    doc["claims"] = claims
    return doc


def render(draft: Draft) -> str:
    """The claims file text: a header saying how it was read, the claims, then the sentences with
    figures the rules could not map, commented out with the reason. Validated before it is returned."""
    doc = as_document(draft)
    parse_claims(doc, name="the drafted file")  # the drafted file must load: refuse to write one that would not
    lines = [f"# Claims {DRAFTED_NOTICE}.",
             "# Format: docs/claims-format.md (section Drafting). Edit, then: tradebrief claims FILE",
             *(f"# Read as: {h}." for h in draft.how),
             (f"# {len(draft.claims)} claims drafted; {len(draft.skipped)} sentences with figures not mapped "
              "(listed at the end).")]
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    tail = []
    if draft.skipped:
        tail.append("\n# Not drafted: sentences with figures the rules could not turn into a check.")
        tail.append("# Write a claim for any of them by hand if it matters.")
        for item in draft.skipped:
            quote = " ".join(item.quote.split())
            quote = quote if len(quote) <= 300 else quote[:297] + "..."
            tail.append(f"# - quote: {quote}")
            tail.append(f"#   why: {item.reason}")
    return "\n".join(lines) + "\n" + body + ("\n".join(tail) + "\n" if tail else "")


def data_sources(data_dir: str | Path | None = None) -> dict[str, str]:
    """The data's citations (source id → url), to find those of the text itself; {} without data."""
    from tradebrief.data.load import load_sources
    from tradebrief.errors import TradebriefError

    try:
        frame = load_sources(data_dir)
    except TradebriefError:
        return {}
    return {str(sid): str(url) for sid, url in zip(frame["source_id"], frame["url"], strict=True)}


def draft_for_run(article: str | Path, report_dir: str | Path, data_dir: str | Path | None = None) -> Path:
    """Draft the claims of `article` into `report_dir`/claims.drafted.yaml (the run's and 04_claims's
    step): the file the run checks, left beside the report to be edited and rerun with --claims-file."""
    target = Path(report_dir) / DRAFTED_FILE
    draft_file(article, target, sources=data_sources(data_dir))
    return target


def draft_file(article: str | Path, output: str | Path | None = None, *, date: str | None = None,
               reporter: str | None = None, partner: str | None = None, url: str | None = None,
               sources: dict[str, str] | None = None) -> tuple[Path | None, Draft, str]:
    """Draft from an article file; write the claims file to `output` if given. Returns (path, draft, text).

    `url` (else the first link in the text's first lines) and `sources` (the data's citations, id →
    url) name the data's citations of this text, which every check leaves out."""
    path = Path(article)
    text = read_article(path)
    link = url or text_url(clean(text))
    own = own_source_ids(link, sources or {})
    draft = draft_claims(text, source=link or path.name, date=date, reporter=reporter,
                         partner=partner, own_sources=own)
    rendered = render(draft)
    target = None
    if output is not None:
        target = Path(output)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write the drafted claims file {target}: {exc.strerror}") from None
    return target, draft, rendered


__all__ = [
    "BRIEF_NOTICE",
    "DRAFTED_FILE",
    "DRAFTED_NOTICE",
    "ArticleError",
    "Draft",
    "as_document",
    "data_sources",
    "draft_claims",
    "draft_file",
    "draft_for_run",
    "read_article",
    "render",
]
