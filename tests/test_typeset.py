"""report.typeset: the report's HTML page as Typst markup and as a PDF.

Hostile text must print as itself (never run as Typst code), a broken link must not stop the PDF,
wide tables must share the page the way a browser shares it, and the same page gives the same bytes.
"""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tradebrief.report.render import html_to_pdf, markdown_to_html
from tradebrief.report.typeset import DEFAULT_STYLE, PrintStyle, escape, string, typst_source

pytest.importorskip("typst")

HOSTILE = [
    '#import "@preview/cetz:0.2.2": *',
    '#read("/etc/passwd")',
    "$x^2$ and $5 bn",
    "<label> @ref [bracket] *bold* _under_ `raw`",
    "a; b. c(d) = e -- f --- g ... // not a comment /* nor this */ ~ \\ h",
    "2019. at the start of a line",
    "- a dash item",
    "= not a heading",
]


def _pdf_text(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext not installed (`make system-deps`)")
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def _page(body: str, title: str = "t") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"


def test_every_markup_character_prints_as_itself(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{line.replace('<', '&lt;').replace('>', '&gt;')}</p>" for line in HOSTILE)
    cells = "".join(f"<tr><td>{i}</td><td>{line.replace('<', '&lt;').replace('>', '&gt;')}</td></tr>"
                    for i, line in enumerate(HOSTILE))
    target = tmp_path / "hostile.pdf"
    assert html_to_pdf(_page(paragraphs + f"<table>{cells}</table>"), target) is None
    text = _pdf_text(target)
    for line in HOSTILE:
        # pdftotext may set a line break where the page did; compare without spaces
        assert "".join(line.split()) in "".join(text.split()), line


def test_escape_leaves_no_markup_character_bare() -> None:
    for line in HOSTILE:
        bare = re.sub(r"\\.", "", escape(line))
        assert not re.search(r"[!-/:-@\[-`{-~]", bare), (line, escape(line))
    assert string('a "b" \\ c\n') == '"a \\"b\\" \\\\ c\\u{a}"'


def test_links_to_missing_or_repeated_anchors_print_as_text(tmp_path: Path) -> None:
    body = ('<p><a id="once"></a>target <a id="twice"></a><a id="twice"></a></p>'
            '<p><a href="#once">good</a> <a href="#nowhere">missing</a> <a href="#twice">repeated</a> '
            '<a id="bad id!"></a><a href="https://example.org/a?b=1">web</a></p>')
    source = typst_source(_page(body), tmp_path)
    assert "#link(<once>)[good]" in source
    assert "<nowhere>" not in source and "<twice>" not in source and "bad id" not in source
    assert '#link("https://example.org/a?b=1")[web]' in source
    target = tmp_path / "links.pdf"
    assert html_to_pdf(_page(body), target) is None
    assert "good missing repeated web" in _pdf_text(target)


def test_a_table_that_fits_keeps_natural_widths_and_a_wide_one_shares_the_page(tmp_path: Path) -> None:
    narrow = "<table><tr><th>Year</th><th>Value</th></tr><tr><td>2022</td><td>$5.79 bn</td></tr></table>"
    assert "#table(columns: (auto, auto, )" in typst_source(_page(narrow), tmp_path)
    long_text = "a long explanation of why no growth rate is computed for this year " * 3
    wide = ("<table><tr><th>Year</th><th>Reason</th><th>Flow</th></tr>"
            f"<tr><td>2019</td><td>{long_text}</td><td>China's exports to Belarus</td></tr></table>")
    widths = re.search(r"#table\(columns: \(([^)]*)\)", typst_source(_page(wide), tmp_path)).group(1)
    year, reason, flow = (float(w) for w in re.findall(r"([\d.]+)fr", widths))
    assert reason > flow > year  # the long column gets the most room, the year the least
    assert year >= 4  # but never less than its longest word


def test_figures_keep_their_shape_within_the_style_limits(tmp_path: Path) -> None:
    square = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
                              b'<rect width="100" height="100" fill="red"/></svg>').decode()
    page = _page(f'<p><img alt="a square" src="data:image/svg+xml;base64,{square}"></p>')
    style = PrintStyle(image_width_mm=150, image_max_height_mm=60)
    source = typst_source(page, tmp_path, style)
    assert 'image("figure-1.svg", width: 60.00mm, alt: "a square")' in source
    assert (tmp_path / "figure-1.svg").read_bytes().startswith(b"<svg")
    assert "width: 140.00mm" in typst_source(page, tmp_path, PrintStyle(image_max_height_mm=300))
    assert DEFAULT_STYLE.image_width_mm == 140


def test_same_page_same_bytes(tmp_path: Path) -> None:
    page = markdown_to_html("# Brief\n\n| Year | Value |\n|---|---:|\n| 2022 | $5.79 bn |\n\nText 中国.\n",
                            title="same", base=tmp_path)
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert html_to_pdf(page, first) is None and html_to_pdf(page, second) is None
    assert first.read_bytes() == second.read_bytes()
    assert b"/CreationDate" not in first.read_bytes()


def test_any_text_typesets_and_prints_as_itself(tmp_path: Path) -> None:
    """Random text, markup characters included, in a paragraph and a table cell: Typst never fails on
    it and the PDF's text is the text (whole classes of input, not the cases above)."""
    import html as html_lib

    import typst
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    alphabet = st.characters(min_codepoint=0x20, max_codepoint=0x7e) | st.sampled_from("–—’“”中国é\u00a0")

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.text(alphabet, min_size=1, max_size=60).filter(lambda t: t.strip()))
    def check(text: str) -> None:
        escaped = html_lib.escape(text)
        page = _page(f"<p>{escaped}</p><table><tr><td>{escaped}</td></tr></table>")
        source = typst_source(page, tmp_path)
        (tmp_path / "page.typ").write_text(source, encoding="utf-8")
        pdf = typst.compile(str(tmp_path / "page.typ"), root=str(tmp_path), format="pdf")
        target = tmp_path / "any.pdf"
        target.write_bytes(pdf)
        printed = "".join(_pdf_text(target).split()).replace("\u200b", "")
        assert "".join(text.split()) in printed, (text, printed[:200])

    check()


def test_a_word_breaks_inside_only_when_its_column_cannot_hold_it(tmp_path: Path) -> None:
    long_text = "EU ambassadors agree a new package aligning with Russia measures and anti-circumvention " * 3
    wide = ("<table><tr><th>Date</th><th>Event</th></tr>"
            f"<tr><td>2024-06-26</td><td>{long_text}</td></tr></table>")
    source = typst_source(_page(wide), tmp_path)
    assert "fr" in source and "\u200b" not in source  # shared out, but every word fits its column
    head = "<tr>" + "".join(f"<th>h{i}</th>" for i in range(14)) + "</tr>"
    row = "<tr>" + "".join(f"<td>col{i} interdepartmental</td>" for i in range(14)) + "</tr>"
    crowded = typst_source(_page(f"<table>{head}{row}</table>"), tmp_path)
    assert "\u200b" in crowded  # fourteen columns cannot each hold a 17-letter word
    assert all(len(piece) >= 3 for piece in re.findall(r"interdepartmental|[a-z]+(?=\u200b)|(?<=\u200b)[a-z]+",
                                                       crowded))
