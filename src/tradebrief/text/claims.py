"""Claim results as words: the one renderer for the CLI (`tradebrief claims`), the notebooks and the annex.

A claim result (claims/results.py) holds the verdicts and, per side, a reason code with its fields;
this module writes them in the reader's language: each side's reason, a check's explanation, the
claim's explanation with its reading note, what changed since the text, a headline, and the Markdown
report. It reads results by their attributes and imports nothing from `claims` (the layer rule).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from tradebrief.data import codes
from tradebrief.text.catalog import CATALOGS, phrase
from tradebrief.text.markup import md_escape, safe_url
from tradebrief.text.said import VARIANTS, Joined, Said, Word, write
from tradebrief.text.words import figure_tokens, phrase_spans, side_label, source_standing_text

_DECIDED = ("supported", "contradicted", "depends_on_source")


def _sentence(text: str) -> str:
    """Sentence case and a full stop (a freshly written phrase opening a sentence)."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def side_reason(side: Any, lang: str = "en") -> str:
    """One side's reason, as written inside a sentence: "Belarus's own figures put … above …"."""
    return write(side.reason, lang)


def side_needs(side: Any, lang: str = "en") -> str | None:
    return write(side.need, lang) if side.need is not None else None


def side_evidence(side: Any, lang: str = "en") -> list[str]:
    return [write(f, lang) for f in side.facts]


def explain_check(verdict: str, sides: Sequence[Any], lang: str = "en") -> str:
    """Why one check's verdict, as a fact-checker writes it: what each side's evidence shows."""
    if len(sides) == 1:
        return _sentence(side_reason(sides[0], lang))
    decided = [side_reason(s, lang) for s in sides if s.verdict in _DECIDED]
    rest = [side_reason(s, lang) for s in sides if s.verdict not in _DECIDED]
    lines = []
    if verdict == "depends_on_source":
        lines.append(phrase("claim.explain.depends", lang, parts=phrase("join.semicolon", lang).join(decided)))
    elif decided:
        lines.append(_sentence(phrase("join.semicolon", lang).join(decided)))
    lines += [_sentence(r) for r in rest if r]
    return " ".join(lines)


def _checks(verdicts: Sequence[str], sides: Sequence[Any]) -> list[tuple[str, list[Any]]]:
    """The claim's checks, each with its verdict and its sides (sides carry their check's number)."""
    if len(verdicts) == 1:
        return [(verdicts[0], list(sides))]
    return [(v, [s for s in sides if s.check == i]) for i, v in enumerate(verdicts, 1)]


def explain_checks(verdicts: Sequence[str], sides: Sequence[Any], lang: str = "en") -> str:
    """The explanation of all checks: one check's as is, several numbered "(1) … (2) …"."""
    checks = _checks(verdicts, sides)
    if len(checks) == 1:
        return explain_check(checks[0][0], checks[0][1], lang)
    return " ".join(phrase("claim.explain.numbered", lang, i=i, text=explain_check(v, s, lang))
                    for i, (v, s) in enumerate(checks, 1))


def deciding_reason(verdict: str, verdicts: Sequence[str], sides: Sequence[Any], lang: str = "en") -> str | None:
    """Of several checks, the explanation of the first whose verdict is the claim's; None for one check."""
    checks = _checks(verdicts, sides)
    if len(checks) < 2:
        return None
    return next((explain_check(v, s, lang) for v, s in checks if v == verdict), None)


def explanation(result: Any, lang: str = "en", *, with_note: bool = True) -> str:
    """The claim's explanation: its checks' explanations, then the reading note of the claims file."""
    text = explain_checks(result.check_verdicts, result.by_side, lang)
    if with_note and result.note:
        return phrase("claim.explain.reading", lang, explanation=text, note=result.note.strip())
    return text


def since(result: Any, lang: str = "en") -> str | None:
    """What the latest records say, when it differs from the verdict at the text's date."""
    if result.since_verdict is None or result.latest_sides is None:
        return None
    return phrase("claim.since", lang, date=result.as_of,
                  explanation=explain_checks(result.latest_check_verdicts, result.latest_sides, lang))


def claim_reason(result: Any, lang: str = "en") -> str:
    """A one-line reason: the deciding check's explanation, else the claim's (without its note)."""
    return (deciding_reason(result.verdict, result.check_verdicts, result.by_side, lang)
            or explanation(result, lang, with_note=False))


# ------------------------------------------------------------------ the brief's claims table: short forms

#: How many characters of a claim's words the brief's table shows (whole phrases; the quote is in the annex).
SHORT_QUOTE_CHARS = 70


def short_quotes(quotes: Sequence[str], limit: int = SHORT_QUOTE_CHARS,
                 claimed: Sequence[float | None] | None = None) -> list[str]:
    """Each claim's words for a table row: the whole quote when it fits, else a span of whole phrases
    that keeps its claimed figure (`text.words.phrase_span`; `claimed`: each claim's own figure, so two
    claims drawn from one sentence show each its own), no two rows alike unless their quotes and figures are."""
    keeps = [figure_tokens(c) for c in claimed] if claimed is not None else None
    return phrase_spans(list(quotes), limit, keeps)


def claimed_figure(result: Any) -> float | None:
    """The figure a claim states, from the first side that compared one (None for a date or a record)."""
    return next((s.claimed for s in result.by_side if getattr(s, "claimed", None) is not None), None)


#: The reporter code of figures whose side the source does not state (data/README.md).
UNSTATED_SIDE = "UNK"


def short_side(reason: Any, lang: str = "en", *, judged: bool = True) -> str:
    """One side's reason written short: its reason code's `claim.short.*` form, from the same fields
    (the figure, whose it is, how it stands against the claim), without the evidence's detail; a
    reason of several parts by its first. `judged=False` leaves out how it stands against the claim
    (said once, after the last of several sides that agree). A code without a short form is short
    already and is written whole: a reason is never cut."""
    if not isinstance(reason, Said):
        return write(reason, lang)
    key, fields = reason.key, dict(reason.fields)
    if key == "claim.sides":
        items = getattr(fields.get("parts"), "items", ())
        return short_side(items[0], lang, judged=judged) if items else ""
    if key == "claim.count.summary":  # the count in its short form (lower case, to follow a '; '); none
        found = fields["found"]          # found names what was looked for
        if isinstance(found, Said) and ".none." in found.key:
            return phrase("claim.short.count.summary_none", lang, found=short_side(found, lang, judged=judged),
                          filters=write(_without_kind(fields["filters"]), lang))
        return short_side(found, lang, judged=judged)
    if key in VARIANTS and VARIANTS[key][0](fields):
        key = VARIANTS[key][1]
    short = "claim.short." + key.removeprefix("claim.")
    if short not in CATALOGS[lang]:
        return write(reason, lang)
    verdict_words = fields.get("judged")
    if isinstance(verdict_words, Word) and verdict_words.fn == "judged":  # the band's ends are the annex's
        verdict_words = Word("judged_short", *verdict_words.args)
    tail = (phrase("claim.short.judged", lang, judged=write(verdict_words, lang))
            if judged and "judged" in fields else "")
    whose = fields.get("whose")
    if isinstance(whose, Word) and whose.fn == "whose":  # "Belarus's figures", not "… own figures": shorter
        fields["whose"] = (phrase("claim.short.unattributed", lang) if whose.args[:1] == (UNSTATED_SIDE,)
                           else Word("whose_figures", *whose.args))
    return write(Said(short, {**fields, "tail": tail}), lang)


def _without_kind(filters: Any) -> Any:
    """A check's filters as the words and dates it looked for ('“12-point”, “Lukashenko”, 2023-02-28 to
    2023-03-02'): the record kind and the field names are the annex's, which gives every filter."""
    parts = getattr(filters.fields.get("parts"), "items", None) if isinstance(filters, Said) else None
    if not parts:
        return filters
    short = {"claim.filter.contains": "words", "claim.filter.dated": "span"}
    kept = tuple(p.fields[short[p.key]] if isinstance(p, Said) and p.key in short else p for p in parts
                 if not (isinstance(p, Said) and p.key == "claim.filter.kind"))
    return Said(filters.key, {**filters.fields, "parts": Joined(kept, filters.fields["parts"].how)}) if kept else filters


def short_reason(result: Any, lang: str = "en") -> str:
    """Why the verdict, in one sentence written to be short (the brief's claims table): the sides that
    decided it, each by its figure or finding (`short_side`), "; " between them, how they stand against
    the claim said once where they agree. A claim of several checks: all of them when it holds or stays
    open, else the check that decided it. The full evidence is in the annex."""
    checks = _checks(result.check_verdicts, result.by_side) or [(result.verdict, list(result.by_side))]
    if len(checks) > 1 and result.verdict in ("supported", "not_checkable"):
        chosen = checks  # an open claim shows what its other checks did find (the plan predates the visit)
    else:
        chosen = [next(((v, s) for v, s in checks if v == result.verdict), checks[0])]
    parts: list[str] = []
    for verdict, sides in chosen:
        if verdict in ("supported", "contradicted"):
            keep = [s for s in sides if s.verdict == verdict] or list(sides)
        elif verdict == "depends_on_source":
            keep = [s for s in sides if s.verdict in _DECIDED] or list(sides)
        else:
            keep = list(sides)
        alike = verdict in ("supported", "contradicted") and len(keep) > 1
        for i, side in enumerate(keep):
            text = short_side(side.reason, lang, judged=not alike or i == len(keep) - 1)
            if text and text not in parts:
                parts.append(text)
    return _sentence(phrase("join.semicolon", lang).join(parts)) if parts else ""


def verdict_label(verdict: str, lang: str = "en") -> str:
    return codes.VERDICT.label(verdict, lang)


def headline(result: Any, lang: str = "en") -> str:
    """'Depends on the source' / 'Supported as of 2023-03-21; contradicted by the latest records'."""
    label = verdict_label(result.verdict, lang)
    label = label[:1].upper() + label[1:]
    if result.since_verdict and result.since_verdict != result.verdict:
        return phrase("claim.headline.since", lang, verdict=label, date=result.as_of,
                      since=verdict_label(result.since_verdict, lang))
    return label


def _cell(text: object) -> str:
    """Text as inline Markdown: one line, `|` and every markup character escaped, control characters
    shown (`text.markup.md_escape`). The report is Markdown on stdout, so a claims file's or a data
    folder's `<script>`, `[x](javascript:…)` or ESC sequence prints as text (issue 26)."""
    return str(md_escape(text))


def _side_label(side: Any, lang: str) -> str:
    """Whose figures a side's verdict rests on, in words ("Belarus's figures", "all records (check 2)")."""
    name = side_label(side.reporter, lang)
    return phrase("claim.md.side_check", lang, side=name, n=side.check) if side.check else name


def claims_markdown(results: Sequence[Any], sources: pd.DataFrame | None = None, lang: str = "en") -> str:
    """A verdict table, then each claim's words, verdict, evidence and numbered citations."""
    lines = [phrase("claim.md.table_head", lang), "|---|---|---|---|"]
    for r in results:
        sides = "; ".join(f"{_side_label(s, lang)}: {verdict_label(s.verdict, lang)}" for s in r.by_side)
        lines.append(f"| {_cell(r.id)} | {_cell(r.quote)} | **{verdict_label(r.verdict, lang)}** | {_cell(sides)} |")
    cites = sources.set_index("source_id") if sources is not None and not sources.empty else None
    for r in results:  # every text that holds input (quotes, notes, data values, citations) is escaped
        lines += ["", f"### {_cell(r.id)}: {verdict_label(r.verdict, lang)}", "", f"> {_cell(r.quote)}", "",
                  _cell(explanation(r, lang))]
        changed = since(r, lang)
        if changed:
            lines += ["", phrase("claim.md.since", lang, text=_cell(changed))]
        needs = claim_needs(r, lang)
        if needs:
            lines += ["", phrase("claim.md.needs", lang, text=_cell(needs))]
        for s in r.by_side:
            head = f"- **{_cell(_side_label(s, lang))}: {verdict_label(s.verdict, lang)}**"
            lines += ["", f"{head}: {_cell(side_reason(s, lang))}"]
            lines += [f"  - {_cell(e)}" for e in side_evidence(s, lang)]
        if r.source_ids:
            lines += ["", phrase("claim.md.sources", lang)]
            for sid in r.source_ids:
                if cites is not None and sid in cites.index:
                    c = cites.loc[sid]
                    url = safe_url(c["url"])  # not http(s): no link (a `<javascript:…>` would be one)
                    link = f", <{url}>" if url else ""
                    standing = source_standing_text(c["reliability"], c["publisher"], lang)
                    lines.append(f"- `{_cell(sid)}`: {_cell(c['publisher'])}{link} ({_cell(standing)})")
                else:
                    lines.append(f"- `{_cell(sid)}`")
    return "\n".join(lines) + "\n"


def claim_needs(result: Any, lang: str = "en") -> str | None:
    """What would settle the claim: the claims file's own words when it is not checkable and says,
    else what each side needs."""
    if result.verdict == "not_checkable" and result.claim_needs:
        return result.claim_needs
    if result.verdict in ("supported", "contradicted"):  # decided: a side without figures does not reopen it
        return None
    needs = [side_needs(s, lang) for s in result.by_side]
    return phrase("join.semicolon", lang).join(n for n in needs if n) or None


def render_claim(result: Any, lang: str = "en") -> dict[str, Any]:
    """One claim as plain data with its words in `lang` (the JSON object of `tradebrief claims`)."""
    sides = []
    for s in result.by_side:
        side = {"reporter": s.reporter, "verdict": s.verdict, "summary": side_reason(s, lang),
                "evidence": side_evidence(s, lang), "source_ids": list(s.source_ids)}
        needs = side_needs(s, lang)
        if needs:
            side["needs"] = needs
        if s.check is not None:
            side["check"] = s.check
        sides.append(side)
    return {"id": result.id, "quote": result.quote, "verdict": result.verdict, "as_of": result.as_of,
            "kinds": list(result.kinds), "by_side": sides, "explanation": explanation(result, lang),
            "needs": claim_needs(result, lang), "note": result.note, "since": since(result, lang),
            "since_verdict": result.since_verdict, "source_ids": result.source_ids}
