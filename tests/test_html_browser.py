"""brief.html opened in headless Chromium: it paints, its figures decode, it fits a phone screen.

The brief is built the way notebooks 01-03 and 05 build it (sections saved, then write_brief) —
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

PHONE = (412, 900)
DESKTOP = (1280, 900)
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
    var result = {
      total: imgs.length,
      decoded: decodedFlags.filter(Boolean).length,
      natural: imgs.filter(function (i) { return i.naturalWidth > 0 && i.naturalHeight > 0; }).length,
      rects: imgs.map(function (i) {
        var r = i.getBoundingClientRect();
        return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
      }),
      scrollWidth: root.scrollWidth,
      clientWidth: root.clientWidth,
      innerWidth: window.innerWidth,
      overflowing: overflowing.slice(0, 10)
    };
    var pre = document.createElement("pre");
    pre.id = "tradebrief-probe";
    pre.textContent = JSON.stringify(result);
    document.body.appendChild(pre);
  });
});
</script>
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


def probe(binary: str, page: Path, workdir: Path, size: tuple[int, int]) -> dict:
    """What the browser reports about `page` at window `size` (see PROBE)."""
    text = page.read_text(encoding="utf-8")
    assert text.count("</body>") == 1, "brief.html should have exactly one </body>"
    copy = workdir / f"probe-{size[0]}.html"
    copy.write_text(text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = chromium(binary, workdir / "profile", size, "--virtual-time-budget=10000", "--dump-dom",
                    copy.as_uri())
    found = _PROBE_OUT.search(done.stdout)
    assert found, f"the probe wrote no result; chromium stderr: {done.stderr[-1500:]}"
    return json.loads(html.unescape(found.group(1)))


def screenshot(binary: str, page: Path, workdir: Path, size: tuple[int, int]):
    """A PNG of the page's first `size[1]` pixels, as a PIL image (RGB)."""
    from PIL import Image

    target = workdir / f"shot-{size[0]}x{size[1]}.png"
    chromium(binary, workdir / "profile", size, f"--screenshot={target}", page.as_uri())
    assert target.is_file() and target.stat().st_size > 0, f"chromium wrote no screenshot to {target}"
    with Image.open(target) as image:
        return image.convert("RGB")


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
def brief_html(tmp_path_factory) -> Path:
    """brief.html for the default parameters, built from the shipped snapshot."""
    import tradebrief as tb
    from tradebrief.report import sections
    from tradebrief.report.brief import write_brief

    out = tmp_path_factory.mktemp("report")
    ctx = tb.ReportContext.load()
    for build in (sections.trade_section, sections.agreements_section, sections.corridor_section):
        build(ctx).save(out)
    with pytest.MonkeyPatch.context() as patch:  # the PDF is not under test here and costs ~15 s
        patch.setattr("tradebrief.report.brief.html_to_pdf", lambda page, target: "PDF skipped by the browser test")
        write_brief(ctx, out)
    page = out / "brief.html"
    assert page.stat().st_size > 0
    return page


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("chromium")
    (folder / "profile").mkdir()
    return folder


@pytest.fixture(scope="module")
def seen(browser: str, brief_html: Path, workdir: Path) -> dict[str, dict]:
    """The probe's result at phone and desktop width (one Chromium call each)."""
    return {"phone": probe(browser, brief_html, workdir, PHONE),
            "desktop": probe(browser, brief_html, workdir, DESKTOP)}


@pytest.fixture(scope="module")
def shots(browser: str, brief_html: Path, workdir: Path, seen: dict[str, dict]) -> dict:
    """Screenshots: the phone's first screen; at desktop width, down to below the first figure."""
    rects = seen["desktop"]["rects"]
    bottom = round(rects[0][1] + rects[0][3]) + 20 if rects else DESKTOP[1]
    tall = (DESKTOP[0], min(max(bottom, DESKTOP[1]), 8000))
    return {"phone": screenshot(browser, brief_html, workdir, PHONE),
            "desktop": screenshot(browser, brief_html, workdir, tall)}


def expected_figures(page: Path) -> int:
    """Figures the Markdown brief references; the HTML must show each of them."""
    return len(re.findall(r"!\[[^\]]*\]\(figures/", (page.parent / "brief.md").read_text(encoding="utf-8")))


def test_figures_are_embedded_not_linked(brief_html: Path) -> None:
    text = brief_html.read_text(encoding="utf-8")
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', text)
    assert sources, "brief.html has no <img>"
    assert len(sources) == expected_figures(brief_html)
    linked = [s[:60] for s in sources if not s.startswith(("data:image/svg+xml;base64,", "data:image/png;base64,"))]
    assert not linked, f"figures not embedded as data URIs (page is not self-contained): {linked}"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_every_figure_decodes(seen: dict[str, dict], brief_html: Path, width: str) -> None:
    page = seen[width]
    assert page["total"] == expected_figures(brief_html) > 0, page
    assert page["decoded"] == page["total"], f"{page['total'] - page['decoded']} image(s) failed to decode"
    assert page["natural"] == page["total"], "an image decoded with zero natural size"
    for left, _top, w, h in page["rects"]:
        assert w > 50 and h > 50, f"a figure is drawn at {w}x{h} px"
        assert left >= 0 and left + w <= page["clientWidth"] + 1, "a figure is wider than the screen"


def test_no_horizontal_scrolling_on_a_phone(seen: dict[str, dict]) -> None:
    page = seen["phone"]
    assert page["scrollWidth"] <= page["clientWidth"], (
        f"at a {page['innerWidth']} px wide window the page is {page['scrollWidth']} px wide "
        f"(visible {page['clientWidth']} px), so it scrolls sideways; elements past the edge: "
        f"{page['overflowing']}")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshot_is_not_blank(shots: dict, width: str) -> None:
    image = shots[width]
    assert image.size[0] == {"phone": PHONE, "desktop": DESKTOP}[width][0]
    spread, ink = painted(image.crop((0, 0, image.size[0], min(image.size[1], 900))))
    assert spread > 20 and ink > 0.01, f"screenshot looks blank: grey stddev {spread:.1f}, ink {ink:.3%}"


def test_first_figure_is_painted(shots: dict, seen: dict[str, dict]) -> None:
    """Crop the desktop screenshot to where the browser placed the first figure: it must hold a chart."""
    from PIL import Image

    left, top, width, height = (round(v) for v in seen["desktop"]["rects"][0])
    image = shots["desktop"]
    assert top + height <= image.size[1], "the screenshot does not reach the first figure"
    figure = image.crop((left, top, left + width, top + height))
    spread, ink = painted(figure)
    colours = figure.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).getcolors() or []
    assert spread > 20 and ink > 0.02, f"the first figure's area looks empty: stddev {spread:.1f}, ink {ink:.3%}"
    assert len(colours) > 4, "the first figure's area holds almost a single colour"
