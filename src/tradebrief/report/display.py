"""What the notebooks show: figures, tables, notes and Markdown a person reads in JupyterLab.

Why this module exists: an executed notebook is untrusted when someone opens it, so JupyterLab does
not draw SVG output; raw frames print `2.832000e+09`; lists print as Python; and JupyterLab
typesets `$…$` in Markdown *and* HTML output as math, so "$2.83 bn … $3.00 bn" garbles. Here:

- `figure` / `figures`: the PNG written beside each SVG, as an image output (drawn untrusted);
- `table`: a frame as an HTML table for people — money and rates through `text.words`
  (one home for phrases), codes as words, readable headings, no index; MathJax told to skip it;
- `notes`: a list of sentences from the data as Markdown bullets, each value escaped;
- `markdown`: Markdown this package wrote (`Md`, e.g. `brief`) with every `$` escaped; anything
  else is text from data and goes through `markup.md_escape`, so it never becomes markup;
- `brief`: the written brief as Markdown, its figures as PNG images between the paragraphs;
- `claims`: the claims' verdicts and evidence as Markdown, every value from the data escaped.

Plain functions that return IPython display objects (or display several in order).
"""
from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebrief.data.countries import country_name
from tradebrief.text import headings
from tradebrief.text import words as wording
from tradebrief.text.markup import Md, md_escape

_CODE_COLUMNS = ("reporter", "economy", "partner", "exporter", "importer")
_RATIO_COLUMNS = ("ratio", "max_min_ratio")
_CODE_WORDS = {"reliability": wording.RELIABILITY_WORDS, "doc_type": wording.DOC_TYPE_WORDS,
               "value_kind": wording.VALUE_KIND_WORDS}
#: Tells MathJax (v2 and v3 class names) to leave the table alone: "$2.83 bn … $3.00 bn" is not math.
_NO_MATH = "tex2jax_ignore mathjax_ignore"
_FIGURE_LINK = re.compile(r"!\[([^\]]*)\]\((figures/[^)\s]+)\)")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
#: Backslash-escaped brackets and parentheses are MathJax's `\[ … \]` and `\( … \)` delimiters in
#: JupyterLab; as character references they are the same characters to Markdown, and never math.
_MATH_ESCAPES = re.compile(r"\\([\[\]()])")
_CHARACTER_REFERENCES = {"[": "&#91;", "]": "&#93;", "(": "&#40;", ")": "&#41;"}


# ------------------------------------------------------------------ figures

def figure(path_or_stem: str | Path, report_dir: str | Path | None = None):
    """The PNG of a figure (given its SVG or PNG path, or its name under `report_dir/figures/`)."""
    from IPython.display import Image

    return Image(filename=str(png_path(path_or_stem, report_dir)))


def png_path(path_or_stem: str | Path, report_dir: str | Path | None = None) -> Path:
    """Where a figure's PNG is: beside its SVG (charts.save_chart writes both)."""
    path = Path(path_or_stem)
    if path.suffix not in (".svg", ".png"):
        if report_dir is None:
            raise ValueError(f"figure {str(path_or_stem)!r}: give its file path, or its name and report_dir")
        path = Path(report_dir) / "figures" / f"{path.name}.png"
    png = path.with_suffix(".png")
    if not png.is_file():
        raise FileNotFoundError(f"figure {png.stem!r}: no PNG at {png}; a section's save() writes it")
    return png


def figures(paths: Iterable[str | Path]) -> None:
    """Show every figure among `paths` (e.g. what `Section.save` returned) as PNG, in order."""
    from IPython.display import display

    seen: list[Path] = []
    for path in paths:
        if Path(path).suffix == ".svg" and Path(path) not in seen:
            seen.append(Path(path))
            display(figure(path))


# ------------------------------------------------------------------ tables

class Table:
    """A formatted table: HTML in a notebook, aligned text in a console (`repr`)."""

    def __init__(self, frame: pd.DataFrame, caption: str | None = None) -> None:
        self.frame = frame  # every cell already a string
        self.caption = caption

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return f'<p class="{_NO_MATH}">{html.escape(self.caption or "")} (no rows)</p>'
        body = self.frame.to_html(index=False, escape=True, border=0, classes=_NO_MATH.split())
        caption = f"<p><strong>{html.escape(self.caption)}</strong></p>" if self.caption else ""
        return f'<div class="{_NO_MATH}">{caption}{body}</div>'

    def __repr__(self) -> str:
        head = f"{self.caption}\n" if self.caption else ""
        return head + ("(no rows)" if self.frame.empty else self.frame.to_string(index=False))


def table(frame: pd.DataFrame | None, columns: Sequence[str] | None = None, *, caption: str | None = None,
          names: dict[str, str] | None = None, pair: tuple[str, str] | None = None) -> Table:
    """`frame` for people: formatted money, rates and codes, readable headings, no index.

    `columns` picks and orders the columns shown (all by default); `names` overrides headings.
    Money columns (`*_usd`) are written by `wording.usd` with the row's qualifier ("over") when the
    frame has the matching `bound` column; `growth_pct` by `wording.pct`; gaps read "—". `pair`
    (economy, partner) says whose a flow is when the frame has no economy/partner columns (the
    section tables are in the economy's view), and names the two sides of a mirror gap.
    """
    if frame is None:
        return Table(pd.DataFrame(), caption or "No table for this pair")
    shown = list(columns) if columns is not None else list(frame.columns)
    missing = [c for c in shown if c not in frame.columns]
    if missing:
        raise KeyError(f"table has no column {', '.join(missing)}; it has {', '.join(map(str, frame.columns))}")
    records = frame.to_dict("records")  # native Python values, one dict per row
    if pair is not None:
        records = [{"economy": pair[0], "partner": pair[1], **row} for row in records]
        names = {"economy_value_usd": f"As {wording.country(pair[0])} reports",
                 "partner_value_usd": f"As {wording.country(pair[1])} reports", **(names or {})}
    out = pd.DataFrame({(names or {}).get(column) or heading(column): [cell(column, row[column], row)
                                                                          for row in records]
                        for column in shown}, index=range(len(records)), dtype=object)
    return Table(out, caption)


def heading(column: str) -> str:
    """A column's heading in words (`text.headings`: one table with the workbook's; the cells carry units)."""
    return headings.heading(column)


def _bound_column(column: str) -> str:
    """`value_usd` → `bound`, `economy_value_usd` → `economy_bound`."""
    return column[: -len("value_usd")] + "bound" if column.endswith("value_usd") else ""


def cell(column: str, value: Any, row: dict | None = None) -> str:
    """One value as a person reads it, by what its column holds."""
    if _gap(value):
        return "—"
    row = row if row is not None else {}
    if column.endswith("_usd") or column == "value_usd_sum":
        bound = row.get(_bound_column(column), "exact") if _bound_column(column) else "exact"
        return wording.usd(float(value), "exact" if _gap(bound) else str(bound))
    if column == "growth_pct":
        return wording.pct(float(value))
    if column == "share_pct":
        return wording.share(float(value))
    if column in _RATIO_COLUMNS:
        return f"{float(value):.2f}"
    if column in _CODE_COLUMNS:
        return wording.OTHER_NAMES.get(str(value)) or country_name(str(value))
    if column == "flow" and {"economy", "partner"} <= set(row.keys()) and not _gap(row["economy"]):
        economy, partner = str(row["economy"]), str(row["partner"])
        reporter = row.get("reporter")
        if _gap(reporter):  # a table of the economy's view without a reporting side
            return wording.flow_text(economy, str(value), partner)
        return wording.side_flow(str(reporter), str(value), economy, partner)  # as that side reports it
    if column == "value" and not _gap(row.get("unit")):  # a rail or other measure, with its unit
        high = row.get("value_high")
        return wording.quantity(float(value), str(row["unit"]), str(row.get("bound") or "exact"),
                                None if _gap(high) else float(high))
    if column == "period":
        return wording.period_text(value)
    if column in ("bound", "economy_bound", "partner_bound"):
        return wording.BOUND_WORDS.get(str(value), "").strip() or str(value)
    if column.endswith("scope"):
        return wording.scope_text(str(value))
    if column == "verdict":
        return wording.verdict_text(str(value))
    if column in _CODE_WORDS:
        return wording.code_words(value, _CODE_WORDS[column])
    if column.endswith("source_ids"):
        return ", ".join(part for part in str(value).split(";") if part)
    if column == "year" and isinstance(value, numbers.Integral):
        return str(value)
    return _plain(value)


def _gap(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays are values, not gaps
        return False


def _plain(value: Any) -> str:
    """Booleans as words, whole numbers with separators, other numbers with two decimals."""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{value:,}"
    if isinstance(value, numbers.Real):
        if math.isinf(value):
            return "∞"
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    if isinstance(value, list | tuple):
        return "; ".join(_plain(v) for v in value)
    return str(value)


# ------------------------------------------------------------------ Markdown

def scope(ctx: Any) -> Any:
    """One line saying what the notebook covers: the pair, the years and whose data (no paths of ours)."""
    return markdown(_scope_line(ctx))


def _scope_line(ctx: Any) -> Md:
    p = ctx.params
    return Md(f"**{_pair_name(ctx.pair)}**, {p.start_year}–{p.end_year}; trade data from "
              f"{md_escape(ctx.source_name)}; US dollars, current prices.")


def _pair_name(pair: Iterable[str]) -> str:
    return "–".join(str(md_escape(country_name(code))) for code in pair)


def _no_math(text: str) -> str:
    text = _MATH_ESCAPES.sub(lambda m: _CHARACTER_REFERENCES[m.group(1)], text)
    return _UNESCAPED_DOLLAR.sub(r"\\$", text)


def escape_math(text: str) -> str:
    """Nothing outside code reads as math: every `$` as `\\$`, `\\[` `\\(` as character references.

    `md_escape` writes `[` as `\\[`, which JupyterLab's MathJax takes for display math.
    """
    out, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        pieces, last = [], 0
        for code in _CODE_SPAN.finditer(line):
            pieces.append(_no_math(line[last:code.start()]))
            pieces.append(code.group(0))
            last = code.end()
        pieces.append(_no_math(line[last:]))
        out.append("".join(pieces))
    return "\n".join(out)


def markdown(text: object):
    """Markdown output: `Md` (this package's Markdown) as written, anything else escaped as text.

    Either way nothing is math (`escape_math`, and a block MathJax skips), so JupyterLab shows
    "$2.83 bn … $5.79 bn" rather than typesetting what lies between the dollars.
    """
    from IPython.display import Markdown

    source = text if isinstance(text, Md) else md_escape(text)
    # JupyterLab renders `\$` as "$" and then typesets the page, so the escape alone is not enough:
    # the block is also marked for MathJax to skip (the class survives the untrusted sanitizer).
    return Markdown(f'<div class="{_NO_MATH}">\n\n{escape_math(str(source))}\n\n</div>')


def notes(items: Iterable[object], empty: str = "Nothing to note.") -> Any:
    """Sentences from the data as Markdown bullets (each escaped); `empty` when there are none."""
    lines = [f"- {md_escape(item)}" for item in items]
    return markdown(Md("\n".join(lines)) if lines else empty)


def brief(report_dir: str | Path, name: str = "brief.md") -> None:
    """Show a brief this package wrote: its Markdown, with each figure as the PNG beside its SVG."""
    from IPython.display import display

    for part in brief_parts((Path(report_dir) / name).read_text(encoding="utf-8"), report_dir):
        display(part)


def brief_parts(text: str, report_dir: str | Path) -> list:
    """The brief's Markdown split at its figure links: [Markdown, Image, Markdown, …]."""
    parts, last = [], 0
    for link in _FIGURE_LINK.finditer(text):
        before = text[last:link.start()]
        if before.strip():
            parts.append(markdown(Md(before)))
        parts.append(figure(Path(report_dir) / link.group(2)))
        last = link.end()
    if text[last:].strip():
        parts.append(markdown(Md(text[last:])))
    return parts


def claims_scope(spec: Any, ctx: Any, results: Sequence[Any] | None) -> Any:
    """The notebook's scope line, and whether this run checks the claims file (None: it is about
    another pair, named, and the run writes no claims tables)."""
    line = _scope_line(ctx)
    if results is not None:
        return markdown(Md(f"{line}\n\n{len(results)} claims of {md_escape(spec.title)}."))
    about = wording.join_words(sorted(_pair_name(sorted(pair)) for pair in spec.pairs)) or "no trade pair"
    return markdown(Md(f"{line}\n\nThe claims of {md_escape(spec.title)} are about {about}; a run of "
                       f"{_pair_name(ctx.pair)} does not check them and writes no claims tables. Give a "
                       "`claims_file` about this pair to check its claims."))


def claims(results: Sequence[Any] | None, sources: pd.DataFrame | None = None) -> Any:
    """Each claim: the quote, the verdict, the explanation, each side's evidence and its sources.

    Everything but the package's own labels comes from the claims file or the data, so it is escaped.
    """
    if results is None:
        return markdown("Not checked in this run: the claims are about another pair (see above).")
    cites = sources.set_index("source_id") if sources is not None and not sources.empty else None
    lines: list[str] = []
    for r in results:
        lines += [f"### {md_escape(r.id)}: {md_escape(wording.verdict_text(r.verdict))}", "",
                  f"> {md_escape(r.quote)}", "", str(md_escape(r.explanation))]
        if r.needs:
            lines += ["", f"What would settle it: {md_escape(r.needs)}"]
        for side in r.by_side:
            lines += ["", (f"- **{md_escape(wording.whose(side.reporter))}: "
                          f"{md_escape(wording.verdict_text(side.verdict))}** — {md_escape(side.summary)}")]
            lines += [f"  - {md_escape(e)}" for e in side.evidence]
        if r.source_ids:
            lines += ["", "Sources: " + "; ".join(_source_text(sid, cites) for sid in r.source_ids)]
        lines.append("")
    return markdown(Md("\n".join(lines)) if lines else "No claims.")


def _source_text(source_id: str, cites: pd.DataFrame | None) -> str:
    if cites is None or source_id not in cites.index:
        return str(md_escape(source_id))
    row = cites.loc[source_id]
    return f"{md_escape(row['publisher'])} ({md_escape(row['url'])})"
