"""The executed report notebooks in a real JupyterLab, in headless Chromium (Playwright).

What a reader sees when they open `reports/BLR-CHN/notebooks/*.ipynb` in JupyterLab, untrusted
as every notebook someone else executed is: charts drawn (PNG images that decode), tables and notes
as text for people, no raw object reprs (`<IPython.core.display.SVG object>`, `object at 0x…`), no
`2.832000e+09`, no MathJax error and no math at all (money is not math), no staging path.

A control notebook (an SVG output and an unescaped "$2.83 bn … $5.79 bn" Markdown output, the
two faults of issue 11) is opened first: the same checks must catch it, which also proves MathJax
was loaded and typesetting when the report notebooks were checked.

A full-page screenshot of each notebook is kept in tests/artifacts/ (gitignored) and in the pytest
temporary folder; their paths are printed. The browser is the system Chromium (`make system-deps`);
without it the test skips, unless TRADEBRIEF_REQUIRE_BROWSER=1 (CI) makes that a failure.
Server, kernels and browser are always stopped.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from test_html_browser import find_chromium
from test_jupyter_server import free_port

from tradebrief.run.pipeline import NOTEBOOKS as PIPELINE_NOTEBOOKS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
OPEN = PIPELINE_NOTEBOOKS
START_TIMEOUT_S = 90
RENDER_TIMEOUT_MS = 90_000
#: What must never be on screen: raw reprs, Python's float notation, a staging folder.
FORBIDDEN = {
    "raw IPython object repr": re.compile(r"<IPython\.core\.display\.\w+ object>"),
    "raw Python object repr": re.compile(r"object at 0x[0-9a-f]+"),
    "a number in e-notation": re.compile(r"\d\.?\d*e[+-]\d{2}\b"),
    "a staging path": re.compile(r"\.staging-\d+|staging-\d+"),
    "a traceback": re.compile(r"Traceback \(most recent call last\)"),
}
#: JupyterLab settings for the test: every cell rendered (no windowing), no news or update popups.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}

# Runs in the page: the state of the notebook panel for `path`, once its outputs are attached.
PROBE = """(path) => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')].find(p => !p.classList.contains('lm-mod-hidden'));
  if (!panel) { return null; }
  const notebook = panel.querySelector('.jp-Notebook');
  const outputs = [...notebook.querySelectorAll('.jp-OutputArea-output')];
  const images = [...notebook.querySelectorAll('.jp-OutputArea-output img')];
  const scroller = panel.querySelector('.jp-WindowedPanel-outer') || notebook;
  return {
    outputs: outputs.length,
    images: images.length,
    drawn: images.filter(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0).length,
    svgImages: notebook.querySelectorAll('.jp-OutputArea-output img[src^="data:image/svg"], .jp-RenderedSVG').length,
    svgWhat: [...notebook.querySelectorAll('.jp-OutputArea-output img[src^="data:image/svg"], .jp-RenderedSVG')].map(e => e.outerHTML.slice(0, 300)),
    mathErrors: notebook.querySelectorAll('mjx-merror, .MathJax_Error, [data-mjx-error]').length,
    math: notebook.querySelectorAll('.jp-OutputArea-output mjx-container').length,
    text: outputs.map(o => o.innerText).join('\\n'),
    all: notebook.innerText,
    height: scroller.scrollHeight,
  };
}"""


def lab_settings(root: Path) -> Path:
    folder = root / "user-settings"
    for name, values in SETTINGS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The default report, run once by the real pipeline (notebooks/ through papermill)."""
    from tradebrief.data.params import RunParameters
    from tradebrief.run.pipeline import run_report

    out = tmp_path_factory.mktemp("lab-reports")
    report_dir = run_report(RunParameters.create(), output_root=out, progress=False).report_dir
    control = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                "language": "python"}})
    cell = nbformat.v4.new_code_cell("0", execution_count=1)
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={
            "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" '
                             'height="40"/></svg>', "text/plain": "<IPython.core.display.SVG object>"}),
        nbformat.v4.new_output("display_data", data={"text/markdown": "Trade rose from $2.83 bn to $5.79 bn.",
                                                     "text/plain": "<IPython.core.display.Markdown object>"}),
    ]
    control.cells = [cell]
    nbformat.write(control, report_dir / "notebooks" / "00_control.ipynb")
    return report_dir


@pytest.fixture(scope="module")
def lab(report: Path, tmp_path_factory):
    """(base URL, token) of a JupyterLab server rooted at the report folder; always stopped."""
    port, token = free_port(), secrets.token_hex(16)
    runtime = tmp_path_factory.mktemp("lab-runtime")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_CONFIG_DIR": str(runtime / "config"),
           "JUPYTER_DATA_DIR": str(runtime / "data"), "JUPYTER_PLATFORM_DIRS": "1"}
    log_path = runtime / "lab.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--port-retries=0",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={report}",
         f"--LabApp.user_settings_dir={lab_settings(runtime)}", f"--LabApp.workspaces_dir={runtime / 'ws'}",
         "--LabApp.news_url=", *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {process.returncode}: {log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{base}/api/status", headers={"Authorization": f"token {token}"}, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {START_TIMEOUT_S} s: {log_path.read_text()[-2000:]}")
            time.sleep(0.5)
        yield base, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)  # its own session: the server and the kernels it started
            process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def page(lab):
    """One Chromium page logged in to the lab; the browser is always closed."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the 'dev' extra")
    binary = find_chromium()
    base, token = lab
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            tab.goto(f"{base}/lab?token={token}", wait_until="domcontentloaded")
            tab.wait_for_selector("#jp-main-dock-panel", timeout=RENDER_TIMEOUT_MS)
            yield tab, base
        finally:
            browser.close()


def expected_outputs(path: Path) -> tuple[int, int]:
    """(outputs, image outputs) the executed notebook holds."""
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return len(outputs), sum(1 for o in outputs if "image/png" in o.get("data", {}))


def open_notebook(tab, base: str, name: str, report: Path) -> dict:
    """Open notebooks/`name`.ipynb, wait until every output is attached and every image decoded."""
    total, pngs = expected_outputs(report / "notebooks" / f"{name}.ipynb")
    tab.goto(f"{base}/lab/workspaces/t-{name}/tree/notebooks/{name}.ipynb?reset", wait_until="domcontentloaded")
    tab.wait_for_function(
        f"() => {{ const p = ({PROBE})(); return p && p.outputs >= {total} && p.drawn >= {pngs}; }}",
        timeout=RENDER_TIMEOUT_MS)
    tab.wait_for_timeout(2500)  # MathJax typesets after the outputs attach
    return tab.evaluate(PROBE, name)


def screenshot(tab, name: str, height: int, tmp_path: Path) -> Path:
    """The whole notebook in one PNG: the viewport grown to the notebook's height."""
    tab.set_viewport_size({"width": 1280, "height": min(max(900, height + 200), 16000)})
    tab.wait_for_timeout(1000)
    ARTIFACTS.mkdir(exist_ok=True)
    kept = ARTIFACTS / f"jupyterlab-{name}.png"
    tab.screenshot(path=str(kept), full_page=True)
    shutil.copy(kept, tmp_path / kept.name)
    tab.set_viewport_size({"width": 1280, "height": 900})
    print(f"\nscreenshot of {name}.ipynb in JupyterLab: {kept} (copy: {tmp_path / kept.name})")
    return kept


def problems(state: dict, pngs: int, report: Path) -> list[str]:
    """What a reader would see that is wrong."""
    found = [f"{what}: {m.group(0)!r}" for what, rx in FORBIDDEN.items() if (m := rx.search(state["text"]))]
    if (m := FORBIDDEN["a staging path"].search(state["all"])):  # inputs too: papermill's injected cell
        found.append(f"a staging path in a cell: {m.group(0)!r}")
    for path in (str(report.parent), str(report)):
        if path in state["text"]:
            found.append(f"a report path: {path!r}")
    if state["drawn"] < pngs or state["images"] < pngs:
        found.append(f"{state['drawn']} of {pngs} images drawn")
    if state["svgImages"]:
        found.append(f"{state['svgImages']} SVG outputs (not drawn untrusted): {state['svgWhat']}")
    if state["mathErrors"]:
        found.append(f"{state['mathErrors']} MathJax errors")
    if state["math"]:
        found.append(f"{state['math']} outputs typeset as math")
    return found


def test_the_checks_catch_an_svg_output_and_unescaped_dollars(page, report: Path) -> None:
    tab, base = page
    tab.goto(f"{base}/lab/workspaces/t-control/tree/notebooks/00_control.ipynb?reset", wait_until="domcontentloaded")
    tab.wait_for_function(f"() => {{ const p = ({PROBE})(); return p && p.math > 0; }}",
                          timeout=RENDER_TIMEOUT_MS)  # MathJax is loaded and typesets "$…$"
    state = tab.evaluate(PROBE, "00_control")
    found = problems(state, 1, report)
    assert any("outputs typeset as math" in p for p in found), found
    assert any("raw IPython object repr" in p or "images drawn" in p for p in found), found


@pytest.mark.parametrize("name", OPEN)
def test_executed_notebook_reads_as_analysis(page, report: Path, name: str, tmp_path: Path) -> None:
    tab, base = page
    state = open_notebook(tab, base, name, report)
    shot = screenshot(tab, name, state["height"], tmp_path)
    assert shot.stat().st_size > 10_000
    total, pngs = expected_outputs(report / "notebooks" / f"{name}.ipynb")
    assert state["outputs"] >= total > 0
    assert not problems(state, pngs, report), f"{name}.ipynb in JupyterLab shows {problems(state, pngs, report)}"
    document = {"05_brief": "brief.md", "06_annex": "annex.md"}.get(name)
    if document:  # the brief or annex itself, as Markdown: its title and its money, legible
        text = (report / document).read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        money = re.search(r"\$\d[\d,.]* (?:bn|m)", text).group(0)
        assert title in state["text"] and money in state["text"], (title, money, state["text"][:500])
    if name == "01_trade":
        assert re.search(r"\$2\.83 bn", state["text"]) and "Belarus" in state["text"]
