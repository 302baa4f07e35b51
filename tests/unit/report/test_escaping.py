"""Text from inputs is never markup (issue 12, class 2): hostile strings in every field that reaches a report.

One hostile string (a script tag, an `<img onerror>`, a `javascript:` link, a Markdown table row,
bold, math, Jinja2 syntax, newlines, an attr_list `{: onclick=…}`, a spreadsheet formula) is put
into every text field of a claims file and of a user's data folder (sources.yaml, agreements,
events, rail, trade), each copy tagged with the field's name. The brief is built through the
library as the notebooks build it; then brief.md, brief.html, annex.html (when written), the PDF's
text and tables.xlsx must hold no active markup, and the HTML and PDF must show the hostile text
as text. A real browser opens the HTML: the payloads would set `document.title` if they ran.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tradebrief.data.folders import default_data_dir
from tradebrief.report import citations as cit
from tradebrief.report import render
from tradebrief.text.markup import Md, md, md_escape, safe_url

#: Each would set the page title to PWNED if the browser ran it.
PAYLOADS = (
    "<script>document.title='PWNED'</script>",
    "<img src=x onerror=\"document.title='PWNED'\">",
    "[x](javascript:document.title='PWNED')",
    "| a | b |",
    "**bold**",
    "$x$",
    "{{ 7*7 }}",
    "{% raw %}",
    "line one\n\n# heading\n- item",
    '=HYPERLINK("http://evil.example/","click")',
    "{: onclick=\"document.title='PWNED'\" }",
)
HOSTILE = " ".join(PAYLOADS)
HOSTILE_URL = "javascript:document.title='PWNED'"
QUOTED_URL = "https://example.org/a\"onmouseover=\"document.title='PWNED'\"(x)"
#: The text a reader must see for every payload (whitespace collapsed, as the brief prints one line).
VISIBLE = " ".join(HOSTILE.split())
HOSTILE_ID = "evil\"><script>document.title='PWNED'</script>"


def hostile(field: str) -> str:
    """The hostile string tagged with the field it was put in (so a missing field can be named)."""
    return f"F{field}F {HOSTILE}"


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_hostile_folder(root: Path) -> tuple[Path, list[str]]:
    """A --source folder in the data/ layout whose text fields and citations are hostile.

    Its rows reuse the snapshot's tables, with the cited sources renamed to ids of the folder's own
    sources.yaml (an id shared with the snapshot must have the snapshot's content). Returns the
    folder and the fields that were made hostile.
    """
    snapshot = default_data_dir()
    (root / "raw").mkdir(parents=True)
    fields: list[str] = []
    own: dict[str, dict] = yaml.safe_load((snapshot / "sources.yaml").read_text(encoding="utf-8"))["sources"]

    def source(field_prefix: str, url: str) -> str:
        sid = f"hostile-{field_prefix}"
        own[sid] = {"publisher": hostile(f"{field_prefix}.publisher"), "url": url,
                    "retrieved": hostile(f"{field_prefix}.retrieved"), "quote": hostile(f"{field_prefix}.quote"),
                    "language": "en", "reliability": "secondary"}
        fields.extend(f"{field_prefix}.{k}" for k in ("publisher", "retrieved", "quote"))
        return sid

    trade = _csv(snapshot / "raw/trade.csv")
    latest = trade.index[(trade["reporter"] == "BLR") & (trade["partner"] == "CHN") & (trade["flow"] == "turnover")
                         & (trade["period"] == "2022")]
    trade.loc[latest, "source_id"] = source("trade", HOSTILE_URL)
    trade.loc[latest, "source_ids"] = trade.loc[latest, "source_id"]
    for column in ("value_text", "scope_evidence", "notes"):
        # the wording keeps the figure it states (a value_usd must be the number its wording says)
        kept = " " + trade.loc[latest, column] if column == "value_text" else ""
        trade.loc[latest, column] = hostile(f"trade.{column}") + kept
        fields.append(f"trade.{column}")
    trade.to_csv(root / "raw/trade.csv", index=False)

    agreements = _csv(snapshot / "raw/agreements.csv")
    visit = agreements.index[agreements["date"].str.startswith("2023-03-01")][:2]
    agreements.loc[visit, "source_id"] = source("agreement", QUOTED_URL)
    agreements.loc[visit, "source_ids"] = agreements.loc[visit, "source_id"]
    for column in ("title", "event", "sector", "parties", "value_text", "notes"):
        kept = agreements.loc[visit, "value_text"] if column == "value_text" else pd.Series("", index=visit)
        agreements.loc[visit, column] = [f"{hostile(f'agreement.{column}')} (row {i}) {kept[i]}".rstrip()
                                         for i in visit]
        fields.append(f"agreement.{column}")
    agreements.to_csv(root / "raw/agreements.csv", index=False)

    events = _csv(snapshot / "raw/events.csv")
    war = events.index[events["date"] == "2022-02-24"][:1]
    events.loc[war, "source_id"] = source("event", "https://example.org/event")
    events.loc[war, "source_ids"] = events.loc[war, "source_id"]
    for column in ("title", "actors", "description", "notes"):
        events.loc[war, column] = hostile(f"event.{column}")
        fields.append(f"event.{column}")
    events.to_csv(root / "raw/events.csv", index=False)

    rail = _csv(snapshot / "raw/rail.csv")
    row = rail.index[(rail["unit"] == "TEU") & (rail["topic"] == "rail")][:1]
    rail.loc[row, "source_id"] = source("rail", "https://example.org/rail")
    rail.loc[row, "source_ids"] = rail.loc[row, "source_id"]
    for column in ("metric", "value_text", "scope", "notes"):
        rail.loc[row, column] = hostile(f"rail.{column}")
        fields.append(f"rail.{column}")
    rail.to_csv(root / "raw/rail.csv", index=False)

    (root / "sources.yaml").write_text(yaml.safe_dump({"sources": own}, allow_unicode=True), encoding="utf-8")
    return root, fields


def write_hostile_claims(path: Path) -> list[str]:
    """The seed article's claims file with hostile source, quote, note and needs."""
    doc = yaml.safe_load((default_data_dir() / "claims/seed_article.yaml").read_text(encoding="utf-8"))
    doc["source"] = hostile("claims.source")
    for i, claim in enumerate(doc["claims"]):
        claim["quote"] = hostile(f"claim{i}.quote")
        claim["note"] = hostile(f"claim{i}.note")
        if claim.get("needs") or (claim.get("check") or {}).get("kind") == "not_checkable":
            claim["needs"] = hostile(f"claim{i}.needs")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ["claims.source", *(f"claim{i}.quote" for i in range(len(doc["claims"])))]


# ---------------------------------------------------------------- what "no active markup" means


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text a reader sees (script/style excluded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def active_markup(page: str) -> list[str]:
    """Script tags, event-handler attributes, javascript:/data: links and foreign images in `page`."""
    found = []
    for tag, attrs in parse(page).tags:
        if tag in ("script", "iframe", "object", "embed", "form", "base", "meta", "link") and tag != "meta":
            found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value.startswith(
                    ("javascript:", "vbscript:")):
                found.append(f"<{tag} {name}={value[:40]}>")
            if tag == "a" and name == "href" and value.startswith("data:"):
                found.append(f"<a href={value[:40]}>")
            if tag == "img" and name == "src" and not value.startswith(("data:image/svg+xml;base64,",
                                                                          "data:image/png;base64,")):
                found.append(f"<img src={value[:40]}>")
    return found


def visible_text(page: str) -> str:
    return " ".join("".join(parse(page).text).split())


# ---------------------------------------------------------------- unit level: the escape and the links


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_escape_turns_every_payload_into_text(payload: str) -> None:
    page = render.markdown_to_html(f"| h | k |\n|---|---|\n| {md_escape(payload)} | x |\n\n# {md_escape(payload)}\n\n"
                                   f"{md_escape(payload)}\n", title="t", base=Path("."))
    assert active_markup(page) == []
    body = page.split("<body>", 1)[1]
    tags = {tag for tag, _ in parse(body).tags}
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "h1", "p"}, tags
    assert visible_text(body).count(" ".join(payload.split())) == 3, visible_text(body)


def test_the_sanitizer_catches_what_an_escape_missed() -> None:
    """Raw hostile Markdown (as if a template forgot the escape): nothing active reaches the HTML."""
    raw = "\n\n".join([*PAYLOADS, "<a href=\"javascript:alert(1)\">x</a>", "<iframe src=\"https://e.org\"></iframe>",
                       "<svg onload=alert(1)>", "[y](data:text/html;base64,PHNjcmlwdD4=)", "![i](https://e.org/x.png)",
                       "para\n{: onclick=\"alert(1)\" }", "<p style=\"background:url(https://e.org)\">s</p>"])
    page = render.markdown_to_html(raw, title="<script>t</script>", base=Path("."))
    assert active_markup(page) == [], active_markup(page)
    assert "<script>" not in page.split("<style>")[0] and "&lt;script&gt;" in page
    assert "style=" not in page.split("</style>", 1)[1]


def test_our_own_markup_survives_the_sanitizer(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "f.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    text = ("# T\n\nA figure<sup>[1](#src-a-1)</sup>, **bold**, *em*.\n\n| y | v |\n|---|--:|\n| 2022 | 5 |\n\n"
            "![chart](figures/f.svg)\n\n1. <a id=\"src-a-1\"></a>**P**, <https://example.org/a_b?c=1&d=2>\n\n"
            "[annex](annex.html)\n")
    page = render.markdown_to_html(text, title="t", base=tmp_path)
    assert '<sup><a href="#src-a-1">1</a></sup>' in page
    assert '<a id="src-a-1"></a>' in page
    assert '<a href="https://example.org/a_b?c=1&amp;d=2">' in page
    assert '<td align="right">5</td>' in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert '<a href="annex.html">annex</a>' in page


def test_citations_escape_sources_and_link_only_safe_urls() -> None:
    sources = pd.DataFrame([
        {"source_id": "ok-1", "publisher": HOSTILE, "url": "https://example.org/x_y", "retrieved": "2026-11-28",
         "quote": HOSTILE, "language": "en", "reliability": "official_statistics"},
        {"source_id": "js-1", "publisher": "P", "url": HOSTILE_URL, "retrieved": "r", "quote": "q", "language": "en",
         "reliability": "secondary"},
        {"source_id": "q-1", "publisher": "P", "url": QUOTED_URL, "retrieved": "r", "quote": "q", "language": "en",
         "reliability": "secondary"},
        {"source_id": HOSTILE_ID, "publisher": "P", "url": "https://example.org/", "retrieved": "r", "quote": "q",
         "language": "en", "reliability": "secondary"},
    ])
    cite = cit.Citations(sources)
    marks = cite.layout(cite.cite("ok-1;js-1") + cite.cite(["q-1", HOSTILE_ID]))  # numbered as laid out
    assert isinstance(marks, Md) and isinstance(cite.cite(None), Md)
    assert marks.count("<sup>") == 2 and "<script" not in marks and '"' not in marks
    entries = cite.entries()
    assert [e["number"] for e in entries] == [1, 2, 3, 4]
    assert all(isinstance(e["line"], Md) for e in entries)
    assert entries[0]["link"] == "<https://example.org/x_y>" and isinstance(entries[0]["link"], Md)
    # The fields as read stay plain str (untrusted, escaped where printed); only ready-made parts are Md.
    assert not any(isinstance(e[k], Md) for e in entries for k in ("id", "publisher", "url", "quote"))
    assert entries[1]["url"] == HOSTILE_URL and not entries[1]["link"].startswith("<")
    assert safe_url(QUOTED_URL) is None and not entries[2]["link"].startswith("<")
    assert entries[0]["anchor"] == "ok-1" and re.fullmatch(r"h[0-9a-f]{16}-digest", entries[3]["anchor"])
    page = render.markdown_to_html("x " + marks + "\n\n" + "\n".join(e["line"] for e in entries), title="t",
                                   base=Path("."))
    assert active_markup(page) == []
    text = visible_text(page)
    assert text.count(VISIBLE) == 2 and HOSTILE_URL in text and " ".join(QUOTED_URL.split()) in text
    assert HOSTILE_ID in text
    links = [dict(attrs).get("href") for tag, attrs in parse(page).tags if tag == "a"]
    assert "https://example.org/x_y" in links and not [h for h in links if h and "PWNED" in h]
    ids = [dict(attrs).get("id") for tag, attrs in parse(page).tags if tag == "a" and dict(attrs).get("id")]
    hrefs = {h[1:] for h in links if h and h.startswith("#")}
    assert hrefs == set(ids), "every superscript must land on its entry"
    assert md("**{}**", "<b>") == "**&lt;b&gt;**"


# ---------------------------------------------------------------- through the library: the whole report


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> tuple[Path, list[str]]:
    """The brief (and annex, when the brief writes one) built from the hostile folder and claims file."""
    import tradebrief as tb
    from tradebrief.report import sections
    from tradebrief.report.annex import write_annex
    from tradebrief.report.brief import write_brief

    root = tmp_path_factory.mktemp("hostile")
    folder, fields = write_hostile_folder(root / "data")
    claims = root / "claims.yaml"
    fields += write_hostile_claims(claims)
    out = root / "report"
    ctx = tb.ReportContext.load(source=str(folder))
    for build in (sections.trade_section, sections.agreements_section, sections.corridor_section):
        build(ctx).save(out)
    write_brief(ctx, out, claims_file=claims)
    write_annex(ctx, out, claims_file=claims)
    from tradebrief.report.workbook import write_workbook

    write_workbook(out, ctx.sources)
    return out, fields


def _brief_escapes() -> bool:
    """Whether brief.py renders through `markup.template_environment` (the escaping environment)."""
    import inspect

    from tradebrief.report import brief

    return "template_environment" in inspect.getsource(brief)


#: brief.py on main before the brief rewrite renders with a Jinja2 environment that does not escape,
#: so its Markdown holds the payloads raw (the HTML sanitizer still keeps them inert). Strict: once
#: brief.py uses the escaping environment these tests must pass, and the marker is then inert.
_BRIEF_ESCAPES = pytest.mark.xfail(not _brief_escapes(), strict=True,
                                   reason="brief.py does not yet render through markup.template_environment")


def _pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}


def test_no_active_markup_in_any_html(hostile_report) -> None:
    out, _ = hostile_report
    pages = _pages(out)
    assert "brief.html" in pages
    for name, page in pages.items():
        assert active_markup(page) == [], f"{name}: {active_markup(page)[:5]}"
        assert "PWNED" in page, f"{name} does not show the hostile text at all"


def _printed_as_text(text: str, field: str) -> list[str]:
    """How each printing of `field` reads: 'full', 'shortened' (a prefix ending in …) or 'mangled'."""
    out = []
    tag = f"F{field}F "
    for found in re.finditer(re.escape(tag), text):
        after = text[found.end():found.end() + len(VISIBLE) + 1]
        if after.startswith(VISIBLE):
            out.append("full")
        elif "…" in after and VISIBLE.startswith(after.split("…", 1)[0].rstrip()):
            out.append("shortened")
        else:
            out.append("mangled")
    return out


#: Fields every report prints (brief or annex): the claims, the visit's documents, cited sources.
MUST_SHOW = ("claims.source", "claim0.quote", "agreement.title", "trade.publisher", "trade.quote",
             "agreement.publisher")


@_BRIEF_ESCAPES
def test_hostile_text_is_visible_as_text(hostile_report) -> None:
    """The reader sees each payload verbatim (as text) in the HTML, for the fields the report prints."""
    out, fields = hostile_report
    text = " ".join(visible_text(page) for page in _pages(out).values())
    seen = {f: _printed_as_text(text, f) for f in fields}
    mangled = [f for f, how in seen.items() if "mangled" in how]
    assert not mangled, f"fields printed, but not as the text they hold: {mangled}"
    hidden = [f for f in MUST_SHOW if "full" not in seen[f]]
    assert not hidden, f"never shown in full: {hidden}"


@_BRIEF_ESCAPES
def test_markdown_holds_no_raw_markup(hostile_report) -> None:
    out, _ = hostile_report
    for path in sorted(out.glob("*.md")):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text.lower(), path.name
        assert not re.search(r"<img\b[^>]*onerror", text, re.I), path.name
        assert not re.search(r"(?<!\\)\]\(\s*javascript:", text, re.I), path.name  # an unescaped link
        assert not re.search(r"(?<!\\)\{:\s*onclick", text), path.name
        for line in text.splitlines():  # a payload never starts a heading or splits a table row
            if "FclaimsF" in line or "Fagreement.title" in line:
                assert not line.startswith("#") or "PWNED" not in line.split("#", 1)[1][:3]


def _pdf_texts(out: Path) -> dict[str, tuple[str, bytes]]:
    pdfs = sorted(out.glob("*.pdf"))
    if not pdfs or not shutil.which("pdftotext"):
        pytest.skip("no PDF written (Typst missing) or pdftotext not installed")
    texts = {}
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        texts[pdf.name] = (" ".join(text.split()), pdf.read_bytes())
    return texts


def test_pdf_holds_no_script_or_action(hostile_report) -> None:
    out, _ = hostile_report
    for name, (flat, raw) in _pdf_texts(out).items():
        assert b"/JavaScript" not in raw and b"/JS" not in raw and b"/Launch" not in raw, name
        assert not re.search(rb"/URI\s*\(javascript:", raw, re.I), name
        assert "PWNED" in flat, f"{name} does not show the hostile text"


@_BRIEF_ESCAPES
def test_pdf_shows_the_hostile_text_as_text(hostile_report) -> None:
    """Each payload is printed as text in the PDFs (the brief may shorten a quote; the annex prints it whole)."""
    out, _ = hostile_report
    flat = " ".join(text for text, _raw in _pdf_texts(out).values())
    for payload in ("<script>document.title='PWNED'</script>", "**bold**", "{{ 7*7 }}", "| a | b |",
                    "[x](javascript:document.title='PWNED')"):
        assert payload in flat, f"{payload!r} is not printed as text in any PDF"


def test_workbook_stores_formulas_as_text(hostile_report) -> None:
    from openpyxl import load_workbook

    out, _ = hostile_report
    book = load_workbook(out / "tables.xlsx")
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.lstrip().startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value[:40]}"
                if isinstance(cell.value, str) and "PWNED" in cell.value:
                    seen += 1
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    assert seen, "the hostile text should be in the workbook, as text"


def test_a_hostile_source_id_is_refused_where_it_enters(tmp_path: Path) -> None:
    """A source id is an anchor in the HTML: the loader accepts only lower-case slugs, in one Error line."""
    import tradebrief as tb
    from tradebrief.errors import DataError

    folder, _ = write_hostile_folder(tmp_path / "data")
    agreements = _csv(folder / "raw/agreements.csv")
    agreements.loc[0, ["source_id", "source_ids"]] = HOSTILE_ID
    agreements.to_csv(folder / "raw/agreements.csv", index=False)
    own = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    own["sources"][HOSTILE_ID] = dict(own["sources"]["hostile-event"])
    (folder / "sources.yaml").write_text(yaml.safe_dump(own, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        tb.ReportContext.load(source=str(folder))
    message = str(caught.value)
    assert "\n" not in message and "agreements.csv" in message and "source_id" in message


def test_hostile_label_never_reaches_a_path_or_the_page() -> None:
    """A label is a parameter: sanitized to letters and digits or refused, never printed raw."""
    import tradebrief as tb
    from tradebrief.errors import UsageError

    for label in PAYLOADS:
        try:
            ctx = tb.ReportContext.load(label=label)
        except UsageError as exc:
            assert "\n" not in str(exc)
            continue
        assert re.fullmatch(r"[\w-]*", ctx.params.label), ctx.params.label
        assert re.fullmatch(r"[\w-]+", ctx.params.slug), ctx.params.slug


@pytest.mark.slow
@pytest.mark.browser
def test_nothing_executes_in_a_browser(hostile_report, tmp_path: Path) -> None:
    """Chromium loads each HTML page; a payload that ran would have set the title to PWNED."""
    from test_html_browser import chromium, find_chromium

    binary = find_chromium()
    out, _ = hostile_report
    (tmp_path / "profile").mkdir()
    for name in _pages(out):
        page = out / name
        probe = tmp_path / f"probe-{name}"
        probe.write_text(page.read_text(encoding="utf-8").replace(
            "</body>", "<script>window.addEventListener('load', function () { setTimeout(function () {"
            " var p = document.createElement('pre'); p.id = 'probe'; p.textContent = 'TITLE=' + document.title;"
            " document.body.appendChild(p); }, 300); });</script></body>"), encoding="utf-8")
        done = chromium(binary, tmp_path / "profile", (390, 900), "--virtual-time-budget=5000", "--dump-dom",
                        probe.as_uri())
        found = re.search(r'<pre id="probe">TITLE=(.*?)</pre>', done.stdout, re.S)
        assert found, f"{name}: the probe did not run: {done.stderr[-800:]}"
        title = html.unescape(found.group(1))
        assert "PWNED" not in title, f"{name}: a payload ran (title {title!r})"
        dom = done.stdout
        assert len(re.findall(r"<script\b", dom)) == 1, f"{name}: a script element other than the probe"
        assert not re.search(r"<[a-z][^<>]*\son[a-z]+=", dom), f"{name}: an element carries an event handler"
        assert not re.search(r"<a\b[^<>]*href=\"javascript:", dom), f"{name}: a javascript: link"
