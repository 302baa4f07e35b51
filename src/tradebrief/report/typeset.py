"""Print: the report's HTML page typeset as an A4 PDF by Typst.

Why Typst and not an HTML engine: the annex (27 pages, 190 sources with quotes) took 7.5–10 s in
WeasyPrint, a third of a whole run; Typst sets it in about 1 s, and writes the same bytes for the
same page (no creation date), so a rerun reproduces the PDFs too. The input is the page `render`
made, whose body holds only the allow-listed tags of `render.ALLOWED_TAGS`: this module maps each
of them to Typst markup. Every text run is escaped, so nothing in the data can become Typst code,
and Typst reads only the figure files written here from the page's own data: URIs.
"""
from __future__ import annotations

import base64
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path


@dataclass(frozen=True)
class PrintStyle:
    """Type sizes and figure sizes of one printed document (points and millimetres)."""

    body_pt: float = 10.0
    h1_pt: float = 17.0
    h2_pt: float = 13.0
    h3_pt: float = 11.0
    table_pt: float = 7.5
    image_width_mm: float = 140.0
    image_max_height_mm: float = 225.0
    #: Type size of everything after the last level-2 heading (the brief's sources), or None.
    last_section_pt: float | None = None
    #: The document's language: Typst's text language and the footer's words.
    lang: str = "en"


#: The annex and any page printed without a style of its own.
DEFAULT_STYLE = PrintStyle()
#: The footer, per language: the words before the page number and between it and the page count.
PAGE_FOOTER = {"en": ("page ", " of "), "ru": ("стр. ", " из ")}
PAGE_MARGINS_MM = {"top": 16, "bottom": 18, "x": 15}
A4_WIDTH_MM = 210
#: For column widths only: the average character is about 0.6 em wide in DejaVu Sans, and a
#: cell's padding and rule take about 1.5 characters.
CHAR_EM = 0.6
CELL_PADDING_CHARS = 1.5
FONTS = ("DejaVu Sans", "Noto Sans CJK SC", "Noto Sans")
#: A word counts at most this long when table columns are shared out; in a table too wide for the
#: paper, a word longer than its column holds may break inside (paper cannot scroll), and only then.
LONG_WORD = 20
#: A word is never broken into pieces shorter than this.
MIN_BREAK_CHARS = 3
#: A first-column cell up to this long (a year, a period) is kept on one line.
UNBROKEN_FIRST_CELL = 16
_ZWSP = "\u200b"
#: Runs a long word may break inside: not CJK, Hangul or full-width text, which breaks anywhere anyway.
_BREAKABLE_RUN = r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
#: Control characters print as boxes or question marks; tabs and newlines are whitespace already.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: Every ASCII punctuation mark: some start markup, some end the expression before them (`;`),
#: some continue it (`.`, `(`, `[`); escaped, each prints as itself.
_MARKUP_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_LABEL = re.compile(r"[A-Za-z0-9_.:-]+")
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr",
           "div", "figure", "dl"}
_VOID = {"img", "br", "hr", "meta", "link"}
#: Inline tags that wrap their content in one Typst function.
_INLINE_WRAPPERS = {"strong": "#strong", "b": "#strong", "em": "#emph", "i": "#emph",
                    "sup": "#super(typographic: false)", "sub": "#sub(typographic: false)"}


def escape(text: str) -> str:
    """Text as Typst markup that prints exactly it: every character with a markup meaning escaped."""
    return _MARKUP_SPECIAL.sub(r"\\\1", text)


def string(value: str) -> str:
    """A Typst string literal."""
    inner = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{{{ord(m.group(0)):x}}}", inner) + '"'


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {}, [])
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs}, [])
        self._open[-1].children.append(node)
        if tag not in _VOID:
            self._open.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def _walk(node: _Node):
    for child in node.children:
        if isinstance(child, _Node):
            yield child
            yield from _walk(child)


def _text(node: _Node) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in node.children)


def _count(value: str, digits: int = 3) -> int | None:
    """A small positive whole number written in ASCII digits ('0', '²' or 20 digits are not)."""
    return int(value) if re.fullmatch(rf"[0-9]{{1,{digits}}}", value or "") and int(value) > 0 else None


def _span(cell: _Node, attribute: str = "colspan") -> int:
    return _count(cell.attrs.get(attribute, "")) or 1


def _rows(table: _Node) -> list[_Node]:
    """The table's own rows (directly, or in thead/tbody/tfoot), never those of a table inside a cell."""
    rows = []
    for child in table.children:
        if isinstance(child, _Node) and child.tag == "tr":
            rows.append(child)
        elif isinstance(child, _Node) and child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child.children if isinstance(c, _Node) and c.tag == "tr")
    return rows


def _image_size(data: bytes, mime: str) -> tuple[float, float] | None:
    """Intrinsic width and height (any unit, only the ratio is used) of an SVG or PNG figure."""
    if mime == "image/png" and data[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    head = data[:2000].decode("utf-8", "replace")
    box = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)"', head)
    if box:
        return float(box.group(1)), float(box.group(2))
    return None


class _Writer:
    """One page's body as Typst markup; figures are written into `folder` for Typst to read."""

    def __init__(self, body: _Node, folder: Path, style: PrintStyle, labels: set[str] | None = None,
                 *, plain: bool = False) -> None:
        self.style, self.folder, self.figures, self.plain = style, folder, 0, plain
        ids = Counter(n.attrs["id"] for n in _walk(body) if n.attrs.get("id"))
        self.labels = labels if labels is not None else {i for i, n in ids.items() if n == 1 and _LABEL.fullmatch(i)}
        self.placed: list[str] = []  # the labels actually written, in order
        self.line_chars = int(self.content_width_pt() / (style.body_pt * CHAR_EM))
        self.cell_chars: int | None = None  # in a table cell: the longest word its column holds
        self.in_link = False

    # -- inline content
    def inline(self, node: _Node) -> str:
        """The node's content, after the label of its id (so that a link to it has a target)."""
        anchor = node.attrs.get("id", "")
        mark = ""
        if anchor in self.labels and not self.plain:
            self.placed.append(anchor)
            mark = f"#box[]<{anchor}>"
        return mark + "".join(self.part(c) for c in node.children)

    def words(self, text: str) -> str:
        text = re.sub(r"\s+", " ", _CONTROL.sub("", text))
        width = self.cell_chars or (None if self.in_link else self.line_chars)  # Typst breaks link text itself
        if width:
            text = re.sub(rf"{_BREAKABLE_RUN}{{{width + 1},}}", lambda m: _ZWSP.join(
                m.group(0)[i:i + width] for i in range(0, len(m.group(0)), width)), text)
        return escape(text)

    def part(self, node: _Node | str) -> str:
        if isinstance(node, str):
            return self.words(node)
        tag = node.tag
        if tag in _BLOCKS:
            return self.block(node)
        if tag in _INLINE_WRAPPERS:
            return f"{_INLINE_WRAPPERS[tag]}[{self.inline(node)}]"
        if tag == "code":
            return f"#raw({string(_text(node))})"
        if tag == "br":
            return "#linebreak()"
        if tag == "img":
            return self.image(node)
        if tag == "a":
            return self.link(node)
        return self.inline(node)

    def link(self, node: _Node) -> str:
        href = node.attrs.get("href", "")
        self.in_link = bool(href)
        content = self.inline(node)
        self.in_link = False
        if href.startswith("#"):
            target = href[1:]
            return f"#link(<{target}>)[{content}]" if target in self.labels and not self.plain else content
        return f"#link({string(href)})[{content}]" if href else content

    def image(self, node: _Node) -> str:
        found = re.fullmatch(r"data:(image/(?:svg\+xml|png));base64,([A-Za-z0-9+/=\s]*)", node.attrs.get("src", ""))
        if not found or self.plain:
            alt = node.attrs.get("alt", "")
            return f"\n#emph[{escape('[figure: ' + alt + ']')}]\n" if found and alt else ""
        mime, data = found.group(1), base64.b64decode(found.group(2))
        self.figures += 1
        name = f"figure-{self.figures}.{'png' if mime == 'image/png' else 'svg'}"
        (self.folder / name).write_bytes(data)
        width = self.style.image_width_mm
        size = _image_size(data, mime)
        if size and size[0] > 0 and size[1] > 0:
            width = min(width, self.style.image_max_height_mm * size[0] / size[1])
        alt = string(node.attrs.get("alt", ""))
        return f"\n#align(center, image({string(name)}, width: {width:.2f}mm, alt: {alt}))\n"

    # -- blocks
    def block(self, node: _Node) -> str:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return f"\n#heading(level: {min(int(tag[1]), 3)})[{self.inline(node).strip()}]\n"
        if tag == "p":
            return f"\n{self.inline(node).strip()}\n"
        if tag in ("ul", "ol"):
            items = [c for c in node.children if isinstance(c, _Node) and c.tag == "li"]
            start = _count(node.attrs.get("start", ""), digits=9)
            head = f"#enum(start: {start}, " if tag == "ol" and start else ("#enum(" if tag == "ol" else "#list(")
            return "\n" + head + ", ".join(f"[{self.inline(i).strip()}]" for i in items) + ")\n"
        if tag == "table":
            return self.table(node)
        if tag == "blockquote":
            return f"\n#quote(block: true)[{self.inline(node).strip()}]\n"
        if tag == "pre":
            return f"\n#raw(block: true, {string(_text(node))})\n"
        if tag == "hr":
            return "\n#line(length: 100%, stroke: 0.5pt + luma(200))\n"
        if tag == "dl":
            return "".join(f"\n#strong[{self.inline(c).strip()}]\n" if c.tag == "dt" else
                           f"\n#pad(left: 1.2em)[{self.inline(c).strip()}]\n"
                           for c in node.children if isinstance(c, _Node) and c.tag in ("dt", "dd"))
        return "\n" + self.inline(node) + "\n"

    def table(self, node: _Node) -> str:
        header, body = [], []
        caption = next((c for c in node.children if isinstance(c, _Node) and c.tag == "caption"), None)
        above = f"\n#emph[{self.inline(caption).strip()}]\n" if caption is not None else ""
        for row in _rows(node):
            cells = [c for c in row.children if isinstance(c, _Node) and c.tag in ("td", "th")]
            head = all(c.tag == "th" for c in cells)
            (header if head and not body else body).append(cells)
        rows = header + body
        if not rows:
            return above
        columns = max(sum(_span(c) for c in r) for r in rows)
        widths, holds = self.column_widths(rows, columns)

        def cell(c: _Node, column: int) -> str:
            self.cell_chars = sum(holds[column:column + _span(c)]) if holds else None
            content = self.inline(c).strip()
            self.cell_chars = None
            first = column == 0
            if c.tag == "th":
                content = f"#strong[{content}]"
            elif first and len(_text(c).strip()) <= min(UNBROKEN_FIRST_CELL, holds[0] if holds else UNBROKEN_FIRST_CELL):
                content = f"#box[{content}]"  # a year or a period never breaks (the HTML's nowrap)
            options = [f"align: {c.attrs['align']}"] if c.attrs.get("align") in ("left", "right", "center") else []
            for span in ("colspan", "rowspan"):
                if _count(c.attrs.get(span, "")) and not self.plain:
                    options.append(f"{span}: {_span(c, span)}")
            if c.tag == "th":
                options.append('fill: rgb("#f3f3f3")')
            return f"table.cell({', '.join(options)})[{content}]" if options else f"[{content}]"

        def lines(group: list[list[_Node]]) -> list[str]:
            out = []
            for r in group:
                column = 0
                for c in r:
                    out.append(cell(c, min(column, columns - 1)))
                    column += _span(c)
            return out

        parts = []
        if header:
            parts.append("table.header(" + ", ".join(lines(header)) + ")")
        parts.extend(lines(body))
        return above + f"\n#table(columns: {widths}, " + ", ".join(parts) + ")\n"

    def column_widths(self, rows: list[list[_Node]], columns: int) -> tuple[str, list[int] | None]:
        """Typst column widths as a browser's automatic table layout sets them, and for a table too
        wide for the paper how many characters each column holds (None for a table that fits).

        A table that fits keeps its natural widths; one that does not gets each column its longest
        word plus a share of the rest in proportion to how much longer its longest cell is. (Typst's
        own `auto` squeezes one long column into a sliver.)
        """
        longest = [1] * columns   # longest cell, in characters
        widest_word = [1] * columns
        for row in rows:
            for column, c in enumerate(row[:columns]):
                if _span(c) > 1:
                    continue
                text = " ".join(_text(c).split())
                longest[column] = max(longest[column], len(text))
                widest_word[column] = max([widest_word[column], *(min(len(w), LONG_WORD) for w in text.split())])
        room = self.content_width_pt() / (self.style.table_pt * CHAR_EM) - columns * CELL_PADDING_CHARS
        if sum(longest) <= room:
            return "(" + "auto, " * columns + ")", None
        spare = max(room - sum(widest_word), 0)
        stretch = [max(a - b, 0) for a, b in zip(longest, widest_word, strict=True)]
        total = sum(stretch) or 1
        weights = [CELL_PADDING_CHARS + b + spare * s / total for b, s in zip(widest_word, stretch, strict=True)]
        share = (room + columns * CELL_PADDING_CHARS) / sum(weights)
        holds = [max(round(w * share - CELL_PADDING_CHARS), MIN_BREAK_CHARS) for w in weights]
        return "(" + ", ".join(f"{w:.1f}fr" for w in weights) + ",)", holds

    def content_width_pt(self) -> float:
        return (A4_WIDTH_MM - 2 * PAGE_MARGINS_MM["x"]) * 72 / 25.4

    def body(self, node: _Node) -> str:
        blocks = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
        last_h2 = max((i for i, c in enumerate(blocks) if isinstance(c, _Node) and c.tag == "h2"), default=None)
        if self.style.last_section_pt is None or last_h2 is None:
            return "".join(self.part(c) for c in blocks)
        head = "".join(self.part(c) for c in blocks[:last_h2 + 1])
        tail = "".join(self.part(c) for c in blocks[last_h2 + 1:])
        return head + f"\n#[#set text(size: {self.style.last_section_pt}pt)\n#set par(leading: 0.4em)\n{tail}]\n"


def preamble(title: str, style: PrintStyle) -> str:
    """Page, type and table settings: A4 with 'page N of M', the print sizes of `style`."""
    margins = ", ".join(f"{k}: {v}mm" for k, v in PAGE_MARGINS_MM.items())
    fonts = ", ".join(string(f) for f in FONTS)
    page, of = (string(w) for w in PAGE_FOOTER[style.lang])
    return f"""#set document(title: {string(title)}, date: none)
#set page(paper: "a4", margin: ({margins}),
  footer: context align(center, text(8pt, fill: rgb("#555555"))[#{page}#counter(page).display()#{of}#counter(page).final().first()]))
#set text(font: ({fonts}), size: {style.body_pt}pt, lang: {string(style.lang)}, hyphenate: false)
#set par(leading: 0.5em, spacing: 0.8em)
#show heading: set block(above: 1.1em, below: 0.55em)
#show heading.where(level: 1): set text(size: {style.h1_pt}pt)
#show heading.where(level: 2): set text(size: {style.h2_pt}pt)
#show heading.where(level: 3): set text(size: {style.h3_pt}pt)
#set table(stroke: 0.5pt + rgb("#cccccc"), inset: (x: 3pt, y: 1.8pt))
#show table: set text(size: {style.table_pt}pt)
#show table: set par(leading: 0.35em)
#set list(spacing: 0.45em)
#set enum(spacing: 0.45em)
"""


def typst_source(page: str, folder: Path, style: PrintStyle = DEFAULT_STYLE, *, plain: bool = False) -> str:
    """The Typst document for a page of the report; its figures are written into `folder`.

    A link points at a label only when that label is written exactly once: when an id sits where
    nothing is printed (inside code, say) or is printed twice, the page is written again with
    those links as text. `plain`: no figures, no cell spans, no internal links (the fallback).
    """
    tree = _Tree()
    tree.feed(page.encode("utf-8", "replace").decode("utf-8"))  # a lone surrogate becomes '?'
    tree.close()
    title = next((_text(n) for n in _walk(tree.root) if n.tag == "title"), "")
    body = next((n for n in _walk(tree.root) if n.tag == "body"), tree.root)
    writer = _Writer(body, folder, style, plain=plain)
    text = writer.body(body)
    placed = Counter(writer.placed)
    if not plain and (set(placed) != writer.labels or any(n > 1 for n in placed.values())):
        writer = _Writer(body, folder, style, {label for label, n in placed.items() if n == 1})
        text = writer.body(body)
    return preamble(title.strip(), style) + text


def write_pdf(page: str, target: Path, style: PrintStyle = DEFAULT_STYLE) -> str | None:
    """Typeset `page` into `target`; Typst reads nothing but the figures of the page itself.

    When Typst refuses the page (a figure it cannot read, cell spans that overlap), the page is
    typeset again in plain form, without figures, cell spans or internal links, and the note says
    so; a page refused even so raises. The work folder sits beside the target (in a run, inside its
    staging folder), so a killed run leaves nothing behind that the next run does not remove with
    the staging folder.
    """
    import typst

    note = None
    with tempfile.TemporaryDirectory(prefix=".typeset-", dir=Path(target).parent) as work:
        folder = Path(work)
        try:
            pdf = _compile(typst, typst_source(page, folder, style), folder)
        except Exception as exc:  # noqa: BLE001 - Typst's own errors, or a figure that does not decode
            pdf = _compile(typst, typst_source(page, folder, style, plain=True), folder)
            note = (f"{Path(target).name} typeset without figures, cell spans or internal links: "
                    f"Typst refused the full page ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")
    Path(target).write_bytes(pdf)
    return note


def _compile(typst, source: str, folder: Path) -> bytes:
    (folder / "page.typ").write_text(source, encoding="utf-8")
    return typst.compile(str(folder / "page.typ"), root=str(folder), format="pdf")
