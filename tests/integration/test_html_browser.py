"""Every HTML page a report writes (brief.html, annex.html when written) opened in headless Chromium:
it paints, its figures decode, it fits a 390 px phone (no sideways scrolling; table text readable;
no year or word split across lines; figures drawn large enough for their text to be read) and keeps a
reading width on a desktop.

The report is built the way notebooks 01-03 and 05 build it (sections saved, then write_brief and write_annex) —
the same library calls without papermill, so this test costs one render, not a full run.
Chromium is Debian's `chromium` (`make system-deps`); without it the test skips, unless
TRADEBRIEF_REQUIRE_BROWSER=1 (CI) makes a missing browser a failure.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = (390, 844)
DESKTOP = (1280, 900)
#: On a phone a figure must be drawn at no less than this share of its natural width: charts are
#: 6 in (576 px) wide with 10 pt ticks, so at 0.55× the smallest tick text is still ≥ 7 px.
MIN_FIGURE_SCALE = 0.55
MIN_TABLE_FONT_PX = 12.0
#: A desktop's text column: wide enough to read, narrow enough that lines stay short (≈ 48rem).
READING_WIDTH_PX = (600, 820)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars")
TIMEOUT_S = 60

# Appended to a copy of the page: after load, wait for every image to decode, then write what the
# browser sees into a <pre> that --dump-dom prints. Table contents may scroll inside their own box
# (the stylesheet makes tables scrollable), so only the page's own width counts as overflow.
PROBE = """<script>
window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.images);
  Promise.all(imgs.map(function (img) {
    return img.decode().then(function () { return true; }, function () { return false; });
  })).then(function (decodedFlags) {
    var root = document.documentElement;
    var overflowing = [];
    document.querySelectorAll("body *").forEach(function (el) {
      if (el.closest("table")) { return; }
      if (el.getBoundingClientRect().right > root.clientWidth + 1) {
        overflowing.push(el.tagName + ": " + (el.textContent || "").trim().slice(0, 80));
      }
    });
    // Words and numbers (Latin or Cyrillic letters, digits, "5,790" or "1.5") drawn on two lines.
    var broken = [], words = 0;
    var token = /[A-Za-z0-9\u00C0-\u024F\u0400-\u04FF]+(?:[.,][0-9]+)*/g;
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var parent = node.parentElement;
      if (!parent || parent.closest("pre, script, style, a")) { continue; }
      var text = node.nodeValue, m;
      token.lastIndex = 0;
      while ((m = token.exec(text))) {
        if (m[0].length < 2 || m[0].length > 24) { continue; }
        words += 1;
        var range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        var lines = {};
        Array.prototype.forEach.call(range.getClientRects(), function (r) {
          if (r.width > 0) { lines[Math.round(r.top)] = true; }
        });
        if (Object.keys(lines).length > 1 && broken.length < 10) {
          broken.push(parent.tagName + ": " + m[0]);
        }
      }
    }
    var cells = Array.prototype.slice.call(document.querySelectorAll("td, th"));
    // Cells kept on one line although they hold more than a year or a period; tables wider than their box.
    var unbrokenLong = cells.filter(function (c) {
      return getComputedStyle(c).whiteSpace === "nowrap" && (c.textContent || "").trim().length > 16;
    }).map(function (c) { return (c.textContent || "").trim().slice(0, 60); });
    var sideways = Array.prototype.slice.call(document.querySelectorAll("table")).filter(function (t) {
      return t.scrollWidth > t.clientWidth + 1;
    }).map(function (t) {
      var head = t.querySelector("th");
      return (head ? head.textContent.trim() : "?") + " (" + t.scrollWidth + " px in " + t.clientWidth + ")";
    });
    var fonts = cells.map(function (c) { return parseFloat(getComputedStyle(c).fontSize); });
    var para = document.querySelector("body > p");
    var result = {
      total: imgs.length,
      decoded: decodedFlags.filter(Boolean).length,
      natural: imgs.filter(function (i) { return i.naturalWidth > 0 && i.naturalHeight > 0; }).length,
      rects: imgs.map(function (i) {
        var r = i.getBoundingClientRect();
        return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
      }),
      naturalWidths: imgs.map(function (i) { return i.naturalWidth; }),
      scrollWidth: root.scrollWidth,
      clientWidth: root.clientWidth,
      innerWidth: window.innerWidth,
      overflowing: overflowing.slice(0, 10),
      words: words,
      broken: broken,
      cells: cells.length,
      unbrokenLong: unbrokenLong.slice(0, 10),
      sideways: sideways,
      minCellFont: fonts.length ? Math.min.apply(null, fonts) : null,
      paragraphWidth: para ? para.getBoundingClientRect().width : null
    };
    if (window.parent !== window) { window.parent.postMessage(JSON.stringify(result), "*"); }
  });
});
</script>
"""
# Headless Chromium's window is at least 500 px wide, so a phone is an iframe of the phone's size in a
# wrapper page; the page's probe posts its result to the wrapper, which writes it where --dump-dom sees it.
FRAME = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe src="{src}" style="width:{w}px;height:{h}px;border:0;display:block"></iframe>
<script>window.addEventListener("message", function (e) {{
  var pre = document.createElement("pre"); pre.id = "tradebrief-probe"; pre.textContent = e.data;
  document.body.appendChild(pre); }});</script>
</body></html>
"""
_PROBE_OUT = re.compile(r'<pre id="tradebrief-probe">(.*?)</pre>', re.DOTALL)


def find_chromium() -> str:
    """The browser binary, or skip (fail when TRADEBRIEF_REQUIRE_BROWSER=1)."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    reason = (f"headless Chromium not found (looked for {', '.join(CHROMIUM_NAMES)} on PATH); "
              "install it with `sudo make system-deps` (Debian package `chromium`)")
    if os.environ.get("TRADEBRIEF_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " — TRADEBRIEF_REQUIRE_BROWSER=1, so a missing browser is a failure")
    pytest.skip(reason)


def chromium(binary: str, profile: Path, size: tuple[int, int], *args: str) -> subprocess.CompletedProcess:
    """One headless Chromium call with a throwaway profile and no network services."""
    command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
               *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    assert done.returncode == 0, f"chromium exited {done.returncode}: {done.stderr[-2000:]}"
    return done


def framed(page: Path, workdir: Path, size: tuple[int, int], tag: str) -> Path:
    """A wrapper page showing `page` in an iframe of exactly `size` (CSS px)."""
    wrapper = workdir / f"frame-{tag}-{size[0]}x{size[1]}.html"
    wrapper.write_text(FRAME.format(src=page.as_uri(), w=size[0], h=size[1]), encoding="utf-8")
    return wrapper


def window(size: tuple[int, int]) -> tuple[int, int]:
    return max(size[0], 500), size[1]


def probe(binary: str, page: Path, workdir: Path, size: tuple[int, int]) -> dict:
    """What the browser reports about `page` in a viewport of `size` (see PROBE)."""
    text = page.read_text(encoding="utf-8")
    assert text.count("</body>") == 1, f"{page.name} should have exactly one </body>"
    copy = workdir / f"probe-{page.stem}-{size[0]}.html"
    copy.write_text(text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    wrapper = framed(copy, workdir, size, f"probe-{page.stem}")
    done = chromium(binary, workdir / "profile", window(size), "--virtual-time-budget=15000", "--dump-dom",
                    wrapper.as_uri())
    found = _PROBE_OUT.search(done.stdout)
    assert found, f"the probe wrote no result; chromium stderr: {done.stderr[-1500:]}"
    return json.loads(html.unescape(found.group(1)))


def screenshot(binary: str, page: Path, workdir: Path, size: tuple[int, int]):
    """A PNG of the page's first `size[1]` pixels in a viewport `size[0]` wide, as a PIL image (RGB)."""
    from PIL import Image

    target = workdir / f"shot-{page.stem}-{size[0]}x{size[1]}.png"
    wrapper = framed(page, workdir, size, f"shot-{page.stem}")
    chromium(binary, workdir / "profile", window(size), f"--screenshot={target}", "--virtual-time-budget=5000",
             wrapper.as_uri())
    assert target.is_file() and target.stat().st_size > 0, f"chromium wrote no screenshot to {target}"
    with Image.open(target) as image:
        return image.convert("RGB").crop((0, 0, size[0], size[1]))


def painted(image) -> tuple[float, float]:
    """(grey-level standard deviation, share of pixels that are not near-white): both ~0 when blank."""
    from PIL import ImageStat

    grey = image.convert("L")
    histogram = grey.histogram()
    ink = sum(histogram[:230]) / max(1, sum(histogram))
    return ImageStat.Stat(grey).stddev[0], ink


@pytest.fixture(scope="module")
def browser() -> str:
    return find_chromium()


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    """The report for the default parameters, built from the shipped snapshot (brief, annex when written)."""
    import tradebrief as tb
    from tradebrief.report import sections
    from tradebrief.report.annex import write_annex
    from tradebrief.report.brief import write_brief

    out = tmp_path_factory.mktemp("report")
    ctx = tb.ReportContext.load()
    for build in (sections.trade_section, sections.agreements_section, sections.corridor_section):
        build(ctx).save(out)
    with pytest.MonkeyPatch.context() as patch:  # the PDF is not under test here and costs ~15 s
        patch.setattr("tradebrief.report.documents.html_to_pdf", lambda page, target, style=None: "PDF skipped by the browser test")
        write_brief(ctx, out)
        write_annex(ctx, out)
    return out


@pytest.fixture(scope="module")
def pages(report_dir: Path) -> list[Path]:
    """Every HTML page the report wrote; the brief is always one of them."""
    found = sorted(report_dir.glob("*.html"))
    assert "brief.html" in [p.name for p in found], f"no brief.html in {report_dir}"
    for page in found:
        assert page.stat().st_size > 0, page
    return found


@pytest.fixture(scope="module")
def brief_html(pages: list[Path]) -> Path:
    return next(p for p in pages if p.name == "brief.html")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("chromium")
    (folder / "profile").mkdir()
    return folder


@pytest.fixture(scope="module")
def seen(browser: str, pages: list[Path], workdir: Path) -> dict[str, dict[str, dict]]:
    """{page name: {"phone"|"desktop": probe result}} (one Chromium call each)."""
    return {page.name: {"phone": probe(browser, page, workdir, PHONE),
                        "desktop": probe(browser, page, workdir, DESKTOP)} for page in pages}


@pytest.fixture(scope="module")
def shots(browser: str, brief_html: Path, workdir: Path, seen: dict) -> dict:
    """Screenshots of the brief: the phone's first screen; at desktop width, down to below the first figure."""
    rects = seen[brief_html.name]["desktop"]["rects"]
    bottom = round(rects[0][1] + rects[0][3]) + 20 if rects else DESKTOP[1]
    tall = (DESKTOP[0], min(max(bottom, DESKTOP[1]), 8000))
    return {"phone": screenshot(browser, brief_html, workdir, PHONE),
            "desktop": screenshot(browser, brief_html, workdir, tall)}


def expected_figures(page: Path) -> int:
    """Figures the page's Markdown references; the HTML must show each of them."""
    return len(re.findall(r"!\[[^\]]*\]\(figures/", page.with_suffix(".md").read_text(encoding="utf-8")))


def test_figures_are_embedded_not_linked(pages: list[Path]) -> None:
    for page in pages:
        text = page.read_text(encoding="utf-8")
        sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', text)
        assert len(sources) == expected_figures(page), page.name
        linked = [s[:60] for s in sources if not s.startswith(("data:image/svg+xml;base64,", "data:image/png;base64,"))]
        assert not linked, f"{page.name}: figures not embedded as data URIs (page is not self-contained): {linked}"
    assert expected_figures(pages[[p.name for p in pages].index("brief.html")]) > 0, "the brief shows no figure"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_every_figure_decodes(seen: dict, pages: list[Path], width: str) -> None:
    for page in pages:
        found = seen[page.name][width]
        assert found["total"] == expected_figures(page), (page.name, found)
        assert found["decoded"] == found["total"], f"{page.name}: {found['total'] - found['decoded']} image(s) failed to decode"
        assert found["natural"] == found["total"], f"{page.name}: an image decoded with zero natural size"
        for left, _top, w, h in found["rects"]:
            assert w > 50 and h > 50, f"{page.name}: a figure is drawn at {w}x{h} px"
            assert left >= 0 and left + w <= found["clientWidth"] + 1, f"{page.name}: a figure is wider than the screen"


def test_no_horizontal_scrolling_on_a_phone(seen: dict) -> None:
    for name, widths in seen.items():
        found = widths["phone"]
        assert found["innerWidth"] == PHONE[0], found["innerWidth"]
        assert found["scrollWidth"] <= found["clientWidth"], (
            f"{name}: at a {found['innerWidth']} px wide window the page is {found['scrollWidth']} px wide "
            f"(visible {found['clientWidth']} px), so it scrolls sideways; elements past the edge: "
            f"{found['overflowing']}")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_no_year_or_word_breaks_across_lines(seen: dict, width: str) -> None:
    for name, widths in seen.items():
        found = widths[width]
        assert found["words"] > 200, f"{name}: the probe found only {found['words']} words"
        assert not found["broken"], f"{name} at {width} width: words split across two lines: {found['broken']}"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_only_years_and_periods_are_kept_on_one_line(seen: dict, width: str) -> None:
    """A claim's words in a first column wrap; a line that cannot wrap pushes the table sideways."""
    for name, widths in seen.items():
        assert not widths[width]["unbrokenLong"], (name, width, widths[width]["unbrokenLong"])


def test_the_briefs_tables_fit_a_phone(seen: dict) -> None:
    """The brief's tables have at most four columns: on a phone they wrap, they do not scroll.
    (The annex's wide per-side tables may scroll inside their own box.)"""
    assert not seen["brief.html"]["phone"]["sideways"], seen["brief.html"]["phone"]["sideways"]


def test_table_text_is_readable_on_a_phone(seen: dict) -> None:
    for name, widths in seen.items():
        found = widths["phone"]
        if found["cells"]:
            assert found["minCellFont"] >= MIN_TABLE_FONT_PX, f"{name}: table text is {found['minCellFont']} px"


def test_figures_are_not_shrunk_past_reading_on_a_phone(seen: dict) -> None:
    for name, widths in seen.items():
        found = widths["phone"]
        for (_left, _top, w, _h), natural in zip(found["rects"], found["naturalWidths"], strict=True):
            assert w / natural >= MIN_FIGURE_SCALE, (
                f"{name}: a {natural} px wide figure is drawn {w:.0f} px wide on a phone ({w / natural:.2f}×): "
                "its text is too small to read")


def test_desktop_keeps_a_reading_width(seen: dict) -> None:
    for name, widths in seen.items():
        width = widths["desktop"]["paragraphWidth"]
        assert width is not None and READING_WIDTH_PX[0] <= width <= READING_WIDTH_PX[1], (name, width)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshot_is_not_blank(shots: dict, width: str) -> None:
    image = shots[width]
    assert image.size[0] == {"phone": PHONE, "desktop": DESKTOP}[width][0]
    spread, ink = painted(image.crop((0, 0, image.size[0], min(image.size[1], 900))))
    assert spread > 20 and ink > 0.01, f"screenshot looks blank: grey stddev {spread:.1f}, ink {ink:.3%}"


def test_first_figure_is_painted(shots: dict, seen: dict, brief_html: Path) -> None:
    """Crop the desktop screenshot to where the browser placed the first figure: it must hold a chart."""
    from PIL import Image

    left, top, width, height = (round(v) for v in seen[brief_html.name]["desktop"]["rects"][0])
    image = shots["desktop"]
    assert top + height <= image.size[1], "the screenshot does not reach the first figure"
    figure = image.crop((left, top, left + width, top + height))
    spread, ink = painted(figure)
    colours = figure.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).getcolors() or []
    assert spread > 20 and ink > 0.02, f"the first figure's area looks empty: stddev {spread:.1f}, ink {ink:.3%}"
    assert len(colours) > 4, "the first figure's area holds almost a single colour"


# ---------------------------------------------------------------- print: the PDF of every page

A4_PT = (595.28, 841.89)
#: A word closer than this to the paper's edge has run out of the page's margins (which are 13-15 mm).
EDGE_PT = 8 / 25.4 * 72


@pytest.fixture(scope="module")
def pdfs(pages: list[Path], tmp_path_factory) -> dict[str, Path]:
    """Each HTML page typeset by the report's renderer (Typst), as the report prints it."""
    from tradebrief.report.render import html_to_pdf

    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("poppler's pdftotext/pdfinfo not installed (`make system-deps`)")
    out = tmp_path_factory.mktemp("pdf")
    made = {}
    for page in pages:
        target = out / page.with_suffix(".pdf").name
        problem = html_to_pdf(page.read_text(encoding="utf-8"), target)
        if problem:
            pytest.skip(problem)
        made[page.name] = target
    return made


def _poppler(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True, timeout=TIMEOUT_S).stdout


def test_pdf_pages_are_a4_and_numbered(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        info = _poppler("pdfinfo", "-f", "1", "-l", "999", str(pdf))
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
        assert sizes, info
        assert all(abs(float(w) - A4_PT[0]) < 1 and abs(float(h) - A4_PT[1]) < 1 for w, h in sizes), (name, set(sizes))
        total = len(sizes)
        texts = _poppler("pdftotext", "-layout", str(pdf), "-").split("\f")
        for number, text in enumerate(texts[:total], start=1):
            assert re.search(rf"\bpage {number} of {total}\b", text, re.I), (
                f"{name}: page {number} has no 'page {number} of {total}'")


def test_pdf_tables_stay_inside_the_page(pdfs: dict[str, Path]) -> None:
    """Every word lies within the page's side margins (a table that overflows prints past the edge)."""
    for name, pdf in pdfs.items():
        boxes = _poppler("pdftotext", "-bbox", str(pdf), "-")
        outside = []
        for number, page in enumerate(boxes.split("<page ")[1:], start=1):
            width = float(re.search(r'width="([\d.]+)"', page).group(1))
            for x0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                                           page):
                if float(x0) < EDGE_PT or float(x1) > width - EDGE_PT:
                    outside.append(f"page {number}: {html.unescape(word)[:30]!r} at x {float(x0):.0f}–{float(x1):.0f}")
        assert not outside, f"{name}: words outside the margins: {outside[:8]}"


def test_a_table_too_wide_for_the_page_still_prints_inside_it(tmp_path: Path) -> None:
    """Fourteen columns of long words: on paper the table must fit the page, not run past its edge."""
    from tradebrief.report.render import html_to_pdf, markdown_to_html

    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext not installed (`make system-deps`)")
    head = "| " + " | ".join(f"h{i}" for i in range(14)) + " |\n|" + "---|" * 14 + "\n"
    row = "| " + " | ".join(f"col{i} interdepartmental" for i in range(14)) + " |\n"
    target = tmp_path / "wide.pdf"
    problem = html_to_pdf(markdown_to_html("# Wide\n\n" + head + row * 3, title="wide", base=tmp_path), target)
    if problem:
        pytest.skip(problem)
    boxes = _poppler("pdftotext", "-bbox", str(target), "-")
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right <= A4_PT[0] - EDGE_PT, f"the table runs to x = {right:.0f} pt on a {A4_PT[0]:.0f} pt page"
    text = " ".join(_poppler("pdftotext", str(target), "-").split()).replace("- ", "")
    assert all(f"col{i}" in text for i in range(14)), "a column is cut off"


def test_the_batch_index_reads_on_a_phone(browser: str, workdir: Path, tmp_path: Path) -> None:
    """The batch's index page (cards, long error lines, warnings) never scrolls sideways at 390 px."""
    from tradebrief.run.batch import RunOutcome, load_batch
    from tradebrief.run.index import write_index

    batch = tmp_path / "runs.yml"
    batch.write_text("runs:\n  - {partner: CHN, label: a-long-label-for-the-run}\n  - {partner: RUS}\n",
                     encoding="utf-8")
    runs = load_batch(batch)
    outcomes = [RunOutcome(runs[0].slug, "ok", 1.0, warnings=["brief.pdf not written: " + "x" * 120]),
                RunOutcome(runs[1].slug, "failed", 1.0, "RunError: /a/very/long/path/" + "segment/" * 30)]
    page = write_index(tmp_path, runs, outcomes)
    found = probe(browser, page, workdir, PHONE)
    assert found["innerWidth"] == PHONE[0]
    assert found["scrollWidth"] <= found["clientWidth"], found["overflowing"]
    stddev, ink = painted(screenshot(browser, page, workdir, PHONE))
    assert stddev > 5 and ink > 0.005, "the index page shows nothing"
