"""Markdown → self-contained HTML (figures embedded) → PDF. Only rendering, no numbers.

Text from inputs is escaped before it reaches Markdown (`text.markup`); this module adds the
second line of defence: the HTML body python-markdown produced is passed through an allow-list
sanitizer (nh3, the Rust ammonia crate) before the figures are inlined. Only the tags and attributes the report's own
Markdown makes survive; a `<script>`, an `on…=` attribute or a `javascript:` link that slipped
through an escape is printed as text or dropped, never executed. The PDF is typeset from that
sanitised page (`report.typeset`), which reads nothing but the page's own embedded images.
"""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import markdown as md_lib

from tradebrief.report.typeset import DEFAULT_STYLE, UNBROKEN_FIRST_CELL, PrintStyle, write_pdf
from tradebrief.text.markup import safe_url

# Screen: one readable column (48rem) on a desktop; on a phone tables scroll inside their own box
# and cells wrap only between words (a year or a word is never split). Print (a browser printing
# the page; the report's own PDFs are typeset by `report.typeset` in the same sizes): A4 with
# "page N of M", tables at the page's width in a smaller type; a table too wide even so breaks long
# words rather than run off the page, since paper cannot scroll.
_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans", Arial, sans-serif; line-height: 1.5;
       margin: 0 auto; padding: 1rem; max-width: 48rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.25; } h2 { font-size: 1.3rem; margin-top: 2rem;
       border-bottom: 1px solid #ddd; } h3 { font-size: 1.1rem; }
img { max-width: 100%; height: auto; display: block; margin: 0.5rem auto; }
table { border-collapse: collapse; font-size: 0.85rem; display: block; overflow-x: auto; max-width: 100%;
        -webkit-overflow-scrolling: touch; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; hyphens: manual; }
th { background: #f3f3f3; }
td.unbroken { white-space: nowrap; }
td[align="right"], th[align="right"] { text-align: right; }
td[align="center"], th[align="center"] { text-align: center; }
sup a { text-decoration: none; }
p, li { overflow-wrap: break-word; }
a { overflow-wrap: anywhere; }
blockquote { margin: 0.5rem 0; padding-left: 0.8rem; border-left: 3px solid #bbb; color: #444; }
.verdict-supported { color: #1a7f37; } .verdict-contradicted { color: #b42318; }
.verdict-depends_on_source { color: #9a6700; } .verdict-not_checkable, .verdict-outside_run { color: #57606a; }
code { font-size: 0.85em; overflow-wrap: anywhere; }
@media (max-width: 30rem) { body { padding: 0.75rem; } h1 { font-size: 1.4rem; } table { font-size: 0.8rem; } }
@page { size: A4; margin: 16mm 15mm 18mm 15mm;
        @bottom-center { content: "page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; line-height: 1.4; }
  a { color: inherit; }
  h1 { font-size: 17pt; } h2 { font-size: 13pt; margin-top: 1.2em; } h3 { font-size: 11pt; }
  h1, h2, h3 { break-after: avoid; }
  table { display: table; width: 100%; max-width: 100%; font-size: 7.5pt; overflow: visible; }
  thead { display: table-header-group; }
  tr, img { break-inside: avoid; }
  th, td { padding: 1.5pt 3pt; overflow-wrap: anywhere; hyphens: manual; }  /* on paper fitting beats scrolling */
  img { width: 140mm; max-width: 100%; max-height: 225mm; height: auto; }
}
"""

_IMG = re.compile(r'<img([^>]*?)src="([^"]+)"([^>]*)>')
_MIME = {".svg": "image/svg+xml", ".png": "image/png"}
#: What the report's Markdown makes (python-markdown with the extensions below, plus the anchors
#: and superscripts of `report.citations`); anything else is escaped to text by the sanitizer.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p",
    "pre", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
})
_LOCAL_FIGURE = re.compile(r"figures/[A-Za-z0-9][A-Za-z0-9_.-]*\.(svg|png)")
_ANCHOR = re.compile(r"#[A-Za-z0-9][A-Za-z0-9_.:-]*")
_NAME = re.compile(r"[A-Za-z0-9 _.:-]*")
MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "attr_list", "sane_lists"]
MARKDOWN_CONFIG = {"tables": {"use_align_attribute": True}}  # align="right", not a style attribute


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Attributes our Markdown writes: ids and classes (plain names), local links, our figures."""
    if name in ("id", "class"):
        return bool(_NAME.fullmatch(value))
    if tag == "a" and name == "href":
        return bool(_ANCHOR.fullmatch(value)) or safe_url(value) is not None or _LOCAL_FIGURE.fullmatch(value) \
            is not None or bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.(html|md|pdf|csv|xlsx|json)", value))
    if tag == "a" and name == "title":
        return True
    if tag == "img":
        return name in ("alt", "title") or (name == "src" and bool(_LOCAL_FIGURE.fullmatch(value)))
    if tag in ("td", "th"):
        if name == "align":
            return value in ("left", "right", "center")
        return name in ("colspan", "rowspan") and value.isdigit()
    if tag == "ol":
        return name == "start" and value.isdigit()
    return False


#: A tag, a comment or a declaration as python-markdown passes raw HTML through (name in group 1).
_RAW_TAG = re.compile(r"<!--.*?-->|<!?/?([A-Za-z][A-Za-z0-9-]*)?[^<>]*>?", re.DOTALL)
#: Every attribute any allowed tag may carry; `_allowed_attribute` then judges each value.
_ATTRIBUTES = {"*": {"id", "class"}, "a": {"href", "title"}, "img": {"alt", "title", "src"},
               "td": {"align", "colspan", "rowspan"}, "th": {"align", "colspan", "rowspan"}, "ol": {"start"}}


def _escape_unknown_tags(body: str) -> str:
    """Each tag that is not allow-listed becomes text (`&lt;script&gt;`), as the reader should see it:
    nh3 would drop it silently (with its content, for a script). Comments are left to nh3 to drop."""
    def escape(match: re.Match) -> str:
        text, name = match.group(0), match.group(1)
        if text.startswith("<!--") or (name and name.lower() in ALLOWED_TAGS and not text.startswith("<!")):
            return text
        return html.escape(text, quote=False)

    return _RAW_TAG.sub(escape, body)


def sanitize_html(body: str) -> str:
    """The allow-listed HTML of `body`: unknown tags as text, unknown attributes and links dropped."""
    import nh3

    def keep(tag: str, name: str, value: str) -> str | None:
        return value if _allowed_attribute(tag, name, value) else None

    return nh3.clean(_escape_unknown_tags(body), tags=set(ALLOWED_TAGS), attributes=_ATTRIBUTES,
                     attribute_filter=keep, url_schemes={"http", "https"}, strip_comments=True, link_rel=None)


_FIRST_CELL = re.compile(r"(<tr>\s*<td)((?:\s[^>]*)?>)(.*?)(</td>)", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def mark_unbroken_cells(body: str) -> str:
    """Class `unbroken` on each row's first cell that is short (a year, a period): it never breaks,
    as in the PDF. A longer first cell (a claim's words, a title) wraps like any text, so that a
    table of three columns fits a phone instead of scrolling sideways behind one long line."""
    def mark(match: re.Match) -> str:
        opening, rest, content, closing = match.groups()
        if len(html.unescape(_TAG.sub("", content)).strip()) > UNBROKEN_FIRST_CELL:
            return match.group(0)
        return f'{opening} class="unbroken"{rest}{content}{closing}'

    return _FIRST_CELL.sub(mark, body)


def markdown_to_html(text: str, *, title: str, base: Path, lang: str = "en") -> str:
    """A complete HTML page; every local image is inlined as a data URI."""
    body = md_lib.markdown(text, extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG,
                           output_format="html")
    body = mark_unbroken_cells(sanitize_html(body))

    def inline(match: re.Match) -> str:
        before, src, after = match.groups()
        path = (base / src).resolve()
        if not _LOCAL_FIGURE.fullmatch(src) or not path.is_file():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
        return f'<img{before}src="data:{mime};base64,{data}"{after}>'

    body = _IMG.sub(inline, body)
    return (f"<!DOCTYPE html>\n<html lang=\"{html.escape(lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def html_to_pdf(page: str, target: Path, style: PrintStyle = DEFAULT_STYLE) -> str | None:
    """Write the PDF of `page` (typeset by Typst, `report.typeset`); return None, or a warning: why
    it could not be made (then no PDF is left at `target`), or what the PDF had to leave out."""
    target = Path(target)
    target.unlink(missing_ok=True)  # a failed run never leaves an older PDF looking current
    try:
        import typst  # noqa: F401 - the 'pdf' extra
    except ImportError as exc:
        return f"{target.name} not written: Typst unavailable ({exc}); install the 'pdf' extra"
    try:
        return write_pdf(page, target, style)
    except Exception as exc:  # noqa: BLE001 - any typesetting failure becomes a warning; md and html stay
        target.unlink(missing_ok=True)
        return f"{target.name} not written: Typst failed ({type(exc).__name__}: {' '.join(str(exc).split())[:300]})"
