"""The batch's index page: one card per run, for a reader who picks a brief to open.

Each card names the countries and years, gives the run's latest trade figure (from the run's own
`tables/trade_by_side.csv`, so the page says nothing the brief does not hold), its warnings, and
links to the brief (PDF and HTML), the annex and the workbook that exist. Cards, not a table, so
the page reads on a phone without sideways scrolling. Same outcomes and files → same bytes.
"""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from tradebrief.errors import RunError

if TYPE_CHECKING:
    from tradebrief.run.batch import BatchRun, RunOutcome

INDEX_FILE = "index.html"
#: What a card links to, in this order: (file in the run's folder, link text). brief.html is always
#: linked for a run that succeeded; the others only where the run wrote them.
LINKS = (("brief.pdf", "Brief (PDF)"), ("brief.html", "Brief (web page)"), ("annex.html", "Annex"),
         ("tables.xlsx", "Tables (Excel)"))
#: Flows for the headline, most telling first.
HEADLINE_FLOWS = ("turnover", "export", "import")
#: Bounds: a headline prefers a figure of any earlier year to a bound ("over $8 bn").
BOUNDS = ("lower", "upper")


def headline(run_dir: Path, reporter: str, partner: str) -> str:
    """The run's latest trade figure in words, from its trade_by_side table: the latest full year's
    turnover as the reporter's statistics give it (else the partner's, else any side's), a figure
    before a bound ('over $8 bn' only when no year has a figure), then a later part-year figure the
    chart shows ('$8.90 bn in Jan–Nov 2025'); '' when the run holds none."""
    from tradebrief.text.numbers import period_text, usd
    from tradebrief.text.words import flow_text, scope_text, whose_figures

    path = run_dir / "tables" / "trade_by_side.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [r for r in csv.DictReader(handle) if r.get("value_usd") and r.get("year", "").isdigit()]
    except (OSError, UnicodeDecodeError, csv.Error):
        return ""
    side_rank = {reporter: 0, partner: 1}

    def words(r: dict, when: str) -> str:
        return (f"{usd(float(r['value_usd']), r.get('bound') or 'exact')} in {when} "
                f"({whose_figures(r.get('reporter', ''))}, {scope_text(r.get('scope') or None)})")

    for flow in HEADLINE_FLOWS:
        held = [r for r in rows if r.get("flow") == flow and _number(r["value_usd"])]
        full = [r for r in held if ".." not in (r.get("period") or "") and "part" not in (r.get("period") or "")]
        if not full:
            continue
        best = max(full, key=lambda r: (r.get("bound") not in BOUNDS, int(r["year"]),
                                        -side_rank.get(r.get("reporter", ""), 2)))
        text = f"{flow_text(reporter, flow, partner)}: {words(best, best['year'])}"
        later = [r for r in held if ".." in (r.get("period") or "") and int(r["year"]) > int(best["year"])]
        if later:
            part = max(later, key=lambda r: (int(r["year"]), r["period"]))
            text += f"; {words(part, period_text(part['period']))}"
        return text
    return ""


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def card(root: Path, run: BatchRun, outcome: RunOutcome) -> dict:
    """What one run's card shows."""
    from tradebrief.data.countries import country_name
    from tradebrief.data.params import BUILTIN_SOURCES

    p = run.params
    folder = root / run.slug
    links = [{"href": f"{run.slug}/{name}", "text": text} for name, text in LINKS
             if outcome.ok and (name == "brief.html" or (folder / name).is_file())]
    return {
        "slug": run.slug, "ok": outcome.ok, "status": outcome.status, "error": outcome.error,
        "countries": f"{country_name(p.reporter)} and {country_name(p.partner)}",
        "years": f"{p.start_year}–{p.end_year}",
        "label": "" if p.label in ("", f"{p.start_year}-{p.end_year}") else p.label,  # not the years twice
        "source": p.source if p.source in BUILTIN_SOURCES else Path(p.source).name,
        "headline": headline(folder, p.reporter, p.partner) if outcome.ok else "",
        "links": links,
        # a run refused before its notebooks ran (e.g. a missing notebook) keeps nothing to link
        "failed_dir": f"_failed/{run.slug}/" if (root / "_failed" / run.slug).is_dir() else "",
        "warnings": [reader_warning(w) for w in outcome.warnings],
    }


#: A command in a warning: the console prints it (how to fill a thin pair); the index is for readers.
_COMMAND = re.compile(r"`[^`]*`|\btradebrief\s+(?:fetch|run)\b|--[a-z]")


def reader_warning(text: str) -> str:
    """A run's warning for the index's reader: its clauses that hold no command line ("…; fill it with
    `tradebrief fetch imf …`" keeps what it says before the command); the console keeps the whole."""
    clauses = [c for c in re.split(r"(?<=;) ", text)]
    kept = [c for c in clauses if not _COMMAND.search(c)]
    if len(kept) == len(clauses):
        return text
    return " ".join(kept).rstrip(" ;,") + ("." if kept else "") or text


def write_index(root: Path, runs: list[BatchRun], outcomes: list[RunOutcome], *,
                title: str = "Trade briefs") -> Path:
    """`<root>/index.html`: one card per run, linking its brief; same outcomes → same bytes."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("tradebrief.report", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    root = Path(root)
    rows = [card(root, run, outcome) for run, outcome in zip(runs, outcomes, strict=False)]
    html = env.get_template("index.html.j2").render(
        title=title, rows=rows, total=len(rows), ok=sum(1 for r in rows if r["ok"]),
        failed=sum(1 for r in rows if not r["ok"]))
    target = root / INDEX_FILE
    staged = root / f".{INDEX_FILE}.{os.getpid()}.tmp"
    try:
        staged.write_text(html, encoding="utf-8")
        os.replace(staged, target)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise RunError(f"cannot write {target} ({exc.strerror}); the runs' reports are in {root}; "
                       "make the folder writable or choose another --output") from None
    return target


__all__ = ["INDEX_FILE", "LINKS", "card", "headline", "reader_warning", "write_index"]
