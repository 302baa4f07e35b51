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


def _words_inside_margins(pdf: Path) -> list[str]:
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [w for x0, x1, w in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                                           boxes) if float(x0) < 30 or float(x1) > 595.28 - 30]


ODD_PAGES = {
    "heading id and a link to it": ('<h2 id="sec">Section</h2><p><a href="#sec">go</a></p>', ["Section", "go"]),
    "id on a superscript": ('<p>x<sup id="s1">1</sup> <a href="#s1">back</a></p>', ["back"]),
    "anchor inside code": ('<p><code><a id="c">code</a></code> <a href="#c">to code</a></p>', ["to code"]),
    "anchor in a nested table": (('<table><tr><td><table><tr><td><a id="nt"></a>inner</td></tr></table></td>'
                                 '<td><a href="#nt">outer</a></td></tr></table>'), ["inner", "outer"]),
    "colspan 0 and a superscript digit": (('<table><tr><td colspan="0">a</td><td colspan="²">b</td>'
                                          '<td rowspan="0">c</td></tr></table>'), ["a", "b", "c"]),
    "odd list starts": ('<ol start="²"><li>one</li></ol><ol start="99999999999999999999999"><li>two</li></ol>',
                        ["one", "two"]),
    "caption and definitions": (('<table><caption>The caption</caption><tr><td>cell</td></tr></table>'
                                '<dl><dt>TERM</dt><dd>DEFINITION</dd></dl>'), ["The caption", "TERM", "DEFINITION"]),
    "control characters and a lone surrogate": ("<p>a\x01b\x7fc \ud800 d</p>", ["abc", "d"]),
}


@pytest.mark.parametrize("case", sorted(ODD_PAGES))
def test_odd_but_allowed_html_still_prints_whole(case: str, tmp_path: Path) -> None:
    body, expected = ODD_PAGES[case]
    target = tmp_path / "odd.pdf"
    assert html_to_pdf(_page(body), target) is None
    text = _pdf_text(target)
    for words in expected:
        assert words in text, (case, text)
        assert text.count(words) == 1 or case != "anchor in a nested table", text  # a nested table prints once


def test_a_page_typst_refuses_is_printed_plain_and_says_so(tmp_path: Path) -> None:
    broken = base64.b64encode(b"<svg this is not svg").decode()
    spans = '<table><tr><td rowspan="2">r</td><td>a</td><td>b</td></tr><tr><td colspan="3">wide</td></tr></table>'
    for body in (f'<p>before</p><p><img alt="chart" src="data:image/svg+xml;base64,{broken}"></p>', spans):
        target = tmp_path / "plain.pdf"
        note = html_to_pdf(_page(body), target)
        assert note and note.startswith("plain.pdf typeset without figures, cell spans or internal links"), note
        assert target.is_file()
    assert "wide" in _pdf_text(target)


def test_a_pdf_that_cannot_be_made_leaves_no_older_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tradebrief.report.render as render

    target = tmp_path / "gone.pdf"
    target.write_bytes(b"%PDF old")
    monkeypatch.setattr(render, "write_pdf", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no")))
    note = html_to_pdf(_page("<p>x</p>"), target)
    assert note.startswith("gone.pdf not written: Typst failed (RuntimeError: no)") and not target.exists()


def test_a_long_unbroken_run_stays_on_the_page(tmp_path: Path) -> None:
    run = "x" * 600
    target = tmp_path / "long.pdf"
    assert html_to_pdf(_page(f"<p>{run}</p><table><tr><td>{run}</td><td>short</td></tr></table>"), target) is None
    assert not _words_inside_margins(target)
    assert _pdf_text(target).replace(" ", "").count("x") == 1200
