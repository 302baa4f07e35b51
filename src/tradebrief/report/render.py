"""Markdown → self-contained HTML (figures embedded) → PDF. Only rendering, no numbers."""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import markdown as md_lib

_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans", Arial, sans-serif; line-height: 1.5;
       margin: 0 auto; padding: 1rem; max-width: 48rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.25; } h2 { font-size: 1.3rem; margin-top: 2rem;
       border-bottom: 1px solid #ddd; } h3 { font-size: 1.1rem; }
img { max-width: 100%; height: auto; display: block; margin: 0.5rem auto; }
table { border-collapse: collapse; font-size: 0.85rem; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
sup a { text-decoration: none; }
a, td, li { overflow-wrap: anywhere; }
blockquote { margin: 0.5rem 0; padding-left: 0.8rem; border-left: 3px solid #bbb; color: #444; }
.verdict-supported { color: #1a7f37; } .verdict-contradicted { color: #b42318; }
.verdict-depends_on_source { color: #9a6700; } .verdict-not_checkable { color: #57606a; }
code { font-size: 0.85em; }
@media print { body { max-width: none; } a { color: inherit; } }
"""

_IMG = re.compile(r'<img([^>]*?)src="([^"]+)"([^>]*)>')
_MIME = {".svg": "image/svg+xml", ".png": "image/png"}


def markdown_to_html(text: str, *, title: str, base: Path) -> str:
    """A complete HTML page; every local image is inlined as a data URI."""
    body = md_lib.markdown(text, extensions=["tables", "fenced_code", "attr_list", "sane_lists"],
                           output_format="html")

    def inline(match: re.Match) -> str:
        before, src, after = match.groups()
        path = (base / src).resolve()
        if src.startswith(("data:", "http://", "https://")) or not path.is_file():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
        return f'<img{before}src="data:{mime};base64,{data}"{after}>'

    body = _IMG.sub(inline, body)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def html_to_pdf(page: str, target: Path) -> str | None:
    """Write the PDF with WeasyPrint; return None, or why it could not be made."""
    try:
        from weasyprint import HTML
    except Exception as exc:  # noqa: BLE001 - not installed, or its system libraries (Pango) are missing
        return f"brief.pdf not written: WeasyPrint unavailable ({type(exc).__name__}: {exc}); install the 'pdf' extra"
    try:
        HTML(string=page, base_url=str(target.parent)).write_pdf(str(target))
    except Exception as exc:  # noqa: BLE001 - any WeasyPrint failure becomes a warning; md and html stay
        return f"brief.pdf not written: WeasyPrint failed ({type(exc).__name__}: {exc})"
    return None
