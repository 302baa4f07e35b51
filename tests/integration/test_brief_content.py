"""The brief's content: judgments first, chosen by rules from the pair's data; the evidence in the annex.

Briefs are built from the shipped snapshot (figures drawn by the trade section, PDFs skipped except in
the one slow test that counts pages), for Belarus–China, China–Belarus and the thin pairs
Belarus–Germany and Belarus–Ukraine. Expected values are read from the data, not written here.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import tradebrief as tb
from tradebrief.claims import claims_path, load_claims
from tradebrief.report import sections
from tradebrief.report.annex import write_annex
from tradebrief.report.brief import build_markdown, write_brief
from tradebrief.report.model import PairData, applicable_claims
from tradebrief.text.brief import package_words
from tradebrief.text.numbers import usd_difference
from tradebrief.text.words import phrase_span, phrase_spans, usd

ORDER = ("## Bottom line", "## Key judgments", "## Key figures", "## What the data cannot say", "## Sources")


def _build(tmp: Path, reporter: str, partner: str, *, claims_file: str | None = None, pdf: bool = False,
           ctx=None) -> dict:
    ctx = ctx or tb.ReportContext.load(reporter=reporter, partner=partner)
    sections.trade_section(ctx).save(tmp)
    with pytest.MonkeyPatch.context() as patch:
        if not pdf:
            patch.setattr("tradebrief.report.documents.html_to_pdf", lambda page, target, style=None: None)
        result = write_brief(ctx, tmp, claims_file=claims_file)
        annex = write_annex(ctx, tmp, claims_file=claims_file)
    return {"ctx": ctx, "result": result, "annex_result": annex, "brief": (tmp / "brief.md").read_text(encoding="utf-8"),
            "annex": (tmp / "annex.md").read_text(encoding="utf-8"), "dir": tmp}


@pytest.fixture(scope="module")
def blr_chn(tmp_path_factory) -> dict:
    return _build(tmp_path_factory.mktemp("blr-chn"), "BLR", "CHN")


@pytest.fixture(scope="module")
def chn_blr(tmp_path_factory) -> dict:
    return _build(tmp_path_factory.mktemp("chn-blr"), "CHN", "BLR")


@pytest.fixture(scope="module", params=["DEU", "UKR"])
def thin(request, tmp_path_factory) -> dict:
    return _build(tmp_path_factory.mktemp(f"blr-{request.param.lower()}"), "BLR", request.param)


def _section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def _prose_words(text: str) -> int:
    body = text.split("## Sources", 1)[0]
    body = re.sub(r"<sup>.*?</sup>|<[^>]+>|\]\([^)]*\)|[\[\]]", " ", body)
    return len(body.split())


def _judgments(text: str) -> list[str]:
    return [line for line in _section(text, "## Key judgments").splitlines() if re.match(r"\d+\. ", line)]


def test_order_judgments_before_evidence(blr_chn: dict) -> None:
    text = blr_chn["brief"]
    assert text.startswith("# Belarus–China trade")
    assert text.index("*Data as of ") < text.index("**Data held:**") < text.index("## Bottom line")
    positions = [text.index(h) for h in ORDER]
    assert positions == sorted(positions), positions
    assert text.index("## Claims checked") < text.index("## Sources")
    assert "[the annex](annex.html)" in text.split("## Sources", 1)[1]
    assert text.index("![") > text.index("## Key judgments")  # the charts come with the judgments
    assert text.count("![") == 3  # flows beside the flows judgment, standing beside standing, then the headline chart
    flows_line = next(line for line in _judgments(text) if " sold $" in line)
    assert text.index(flows_line) < text.index("figures/trade_flows.svg") < text.index("figures/trade_by_side.svg")
    assert text.index("(figures/partner_standing.svg)") < text.index("figures/trade_by_side.svg")


def test_bottom_line_and_judgments_carry_figures_and_citations(blr_chn: dict) -> None:
    text = blr_chn["brief"]
    bottom = _section(text, "## Bottom line").strip()
    assert 2 <= len(re.findall(r"[.](?= [A-Z]|$)", bottom)) <= 4, bottom  # three, and the caveat as a sentence
    judgments = _judgments(text)
    assert 4 <= len(judgments) <= 7
    for line in [bottom, *judgments]:
        for part in re.split(r"; |\. ", line):
            if re.search(r"\$\d", part):
                assert "<sup>" in part, f"a figure without its citation: {part!r}"
    for line in judgments:  # one or two sentences each (the level and trend: one per side)
        body = re.sub(r"^\d+\. |<sup>.*?</sup>", "", line)
        assert body.endswith(".") and len(re.findall(r"\. [A-Z]", body)) <= 1, f"more than two sentences: {line!r}"


def test_judgments_follow_the_data(blr_chn: dict) -> None:
    """The rules pick the trend, mirror, standing, agreements and corridor judgments from what exists."""
    ctx = blr_chn["ctx"]
    data = PairData.build(ctx)
    text = blr_chn["brief"]
    trend = data.trend("BLR")
    assert trend is not None and usd(trend.last["value_usd"], trend.last["bound"]) in _judgments(text)[0]
    gap = data.trade.tables["mirror_gap"].dropna(subset=["ratio"])
    assert f"{round((gap['ratio'].min() - 1) * 100)}–{round((gap['ratio'].max() - 1) * 100)}% higher than China's" in text
    # the package is counted once: its worth, never summed with the economic-effect estimate
    docs = data.agreements.tables["documents"]
    worth = docs[docs["value_kind"] == "contract_value"]["value_usd"].max()
    effect = docs[docs["value_kind"] == "economic_effect"]["value_usd"]
    assert f"worth {usd(worth)}" in text
    assert usd(worth + effect.sum()) not in text
    # each sum as its source calls it, never "apart": sources differ on whether it is the same $3.5 bn
    assert "others call over $3.5 bn an estimated economic effect" in re.sub(r"<sup>.*?</sup>", "", text)
    assert "apart)" not in text
    # documents are the rows listed by title: a package or an estimate row describes a batch, not a document
    visit = docs[docs["event"].str.startswith("Lukashenko state visit to China (28 Feb")]
    listed = visit[~visit["doc_type"].isin(["package", "estimate"])]
    assert 0 < len(listed) < len(visit)
    assert f"{len(visit)} documents" not in text and f"{len(listed)} documents" not in text
    package = visit[(visit["doc_type"] == "package") & (visit["value_kind"] == "contract_value")]
    # what the source says was signed, in a few of its words (numbers as printed); the annex quotes it whole
    # the value cited to the source that prints it, the count to the one that lists it (fact-checker, round 2)
    plain = re.sub(r"<sup>.*?</sup>", "", text)
    assert f"agreements and contracts worth {usd(worth)} ({package_words(package['title'].iloc[0])})" in plain
    assert "counted once" not in text
    assert package_words(package["title"].iloc[0]) == "27 agreements and about eight contracts"
    assert package["title"].iloc[0] in blr_chn["annex"]


def _prose_words_any(text: str) -> int:
    """`_prose_words` for a brief in either language (the Russian one's sources are "## Источники")."""
    return _prose_words(text.split("## Источники", 1)[0])


def test_word_count(blr_chn: dict, chn_blr: dict) -> None:
    """A proxy for the four-page rule (test_pdf_is_at_most_four_pages) and issue 24's "about 1,200 words":
    the measured maximum after the edit pass plus a little room (en 1,299; ru 1,388: Russian spends more
    words, "г." and "—" among them, on the same facts). Tables count, pipes and dashes too."""
    for built in (blr_chn, chn_blr):
        # 1,320: the claims table's reasons name a near claim's tolerance and what a count looked for (#25)
        assert _prose_words(built["brief"]) <= 1320
        assert _prose_words(built["annex"]) > 3 * _prose_words(built["brief"])  # the evidence is in the annex
    ru = build_markdown(blr_chn["ctx"], blr_chn["dir"], lang="ru")
    # ru 1,415: the claims table's reasons name a claim's tolerance and what a count looked for (issue 25)
    assert 0.8 * _prose_words(blr_chn["brief"]) < _prose_words_any(ru) <= 1415


def test_reporter_china_reads_from_chinas_side(chn_blr: dict) -> None:
    text = chn_blr["brief"]
    assert _section(text, "## Bottom line").strip().startswith("China's figures put its trade with Belarus at")
    assert _judgments(text)[0].startswith("1. By China's")
    assert "| Year | China's figures | Belarus's figures |" in text
    # the gap reads the same from either side: the larger side's totals exceed the other's
    assert "Belarus's totals are 14–119% higher than China's" in text and "lower than" not in text
    # the MFA profile's copies state no scope (issue 25): China's series is read in that scope, said in words
    assert "By China's figures (scope not stated), trade rose from $1.58 bn in 2012 to $2.71 bn in 2019" in _judgments(text)[0]
    # both flows in China's own view in the bottom line (China sells more to Belarus than it buys); the
    # flows judgment then gives Belarus's view, not China's again
    bottom = _section(text, "## Bottom line")
    assert "China sold $5.84 bn to Belarus in 2023 and bought an implied $2.6 bn ($8.44 bn total less $5.84 bn)" \
        in _plain(bottom)
    flows = next(line for line in _judgments(text) if " sold $" in line)
    assert flows.split(" ", 1)[1].startswith("By Belarus's goods figures, in 2022 Belarus sold $1.61 bn")
    assert "read from China's side first" in text


def test_thin_pair_says_so_and_warns(thin: dict) -> None:
    ctx, text = thin["ctx"], thin["brief"]
    partner = ctx.params.partner
    bottom = _section(text, "## Bottom line")
    assert "too thin for a trend" in bottom
    assert "tradebrief" not in text and "`" not in text  # no command line in a brief (issue 24)
    assert "CEPII BACI" in bottom
    warnings = thin["result"]["warnings"]  # the console says how to fill it
    assert any("too few comparable figures" in w and "tradebrief fetch imf" in w for w in warnings), warnings
    for absent in ("state visit", "2023 visit", "corridor", "rail", "Claims checked", "ANKASAM", "Russia", "Pakistan"):
        assert absent not in text, absent
    # every full-year figure the snapshot holds for the pair reaches the brief (whoever publishes it)
    rows = ctx.trade[(ctx.trade["economy"] == "BLR") & (ctx.trade["partner"] == partner)
                     & (ctx.trade["period"] == ctx.trade["year"].astype(str))]
    assert not rows.empty
    for _, r in rows.iterrows():
        assert usd(r["value_usd"], r["bound"]) in text, r["source_id"]
    assert "![" not in text  # no chart of a single year
    annex = thin["annex"]
    for absent in ("Xi Jinping", "state visit", "## Rail", "## Claims", "## The mirror gap", "Kazakhstan",
                   "China", "Qin Gang"):
        assert absent not in annex.split("## Sources", 1)[0], absent
    # Germany's data has no figure from either side; Ukraine's has one of Belarus's
    sides_hold = not rows[rows["reporter"].isin(["BLR", partner])].empty
    assert ("no side has two comparable ones" in bottom) == sides_hold, bottom
    assert ("neither side publishes one" in bottom) == (not sides_hold), bottom


def test_full_pair_has_no_thin_warning(blr_chn: dict) -> None:
    assert not any("too few comparable" in w for w in blr_chn["result"]["warnings"])
    assert "too thin" not in blr_chn["brief"]


def test_claims_table_one_line_per_claim(blr_chn: dict) -> None:
    spec = load_claims(claims_path())
    assert spec.pairs == {frozenset({"BLR", "CHN"})}
    table = _section(blr_chn["brief"], "## Claims checked")
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| Claim")]
    assert len(rows) == len(spec.claims)
    for row in rows:
        assert row.count(" | ") == 2, row
        assert not re.search(r"±|_|\bfails\b|~ \+", re.sub(r"<sup>.*?</sup>", "", row)), row
    assert "../shared" not in blr_chn["brief"] and "../shared" not in blr_chn["annex"]
    # two claims that share their first 60 characters are still told apart in the table
    words = [row.split(" | ")[0] for row in rows]
    distinct_quotes = {" ".join(c.quote.split()) for c in spec.claims}
    assert len(set(words)) == len(distinct_quotes), words
    assert any(w.endswith("exceeding 5 billion dollars") for w in words), words
    # each reason is one whole sentence, never cut (issue 24): the full evidence is in the annex
    for row in rows:
        why = re.sub(r"<sup>.*?</sup>", "", row.rsplit(" | ", 1)[1]).rstrip(" |")
        assert why.endswith(".") and "…" not in why and not re.search(r"[.!?] [A-Z]", why[:-1]), row


@pytest.mark.parametrize(("texts", "expected"), [
    (["a short one", "another short one"], ["a short one", "another short one"]),
    (["the same words " * 6, "the same words " * 6], [phrase_span("the same words " * 6, 52)] * 2),
    (["one two three four five six seven eight nine ten, and the end of it is $5 bn",
      "one two three four five six seven eight nine ten, and the end of it is $6 bn"],
     ["…and the end of it is $5 bn", "…and the end of it is $6 bn"]),  # the figure tells them apart
])
def test_shortened_texts_stay_apart(texts: list[str], expected: list[str]) -> None:
    got = phrase_spans(texts, 52)
    assert got == expected


def test_claims_file_about_another_pair_applies_there(tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(
        "source: A note on Belarus and Germany\nclaims:\n  - id: exports-over-1bn\n"
        "    quote: Belarus exported more than a billion dollars of goods to Germany in 2021\n"
        "    check:\n      kind: threshold\n      dataset: trade\n      economy: BLR\n      partner: DEU\n"
        "      flow: export\n      year: 2021\n      op: '>'\n      value: 1.0e9\n", encoding="utf-8")
    built = _build(tmp_path / "deu", "BLR", "DEU", claims_file=str(claims))
    table = _section(built["brief"], "## Claims checked")
    assert "Belarus exported more than a billion" in table
    assert applicable_claims(tb.ReportContext.load(partner="UKR"), str(claims)) is None


def test_annex_holds_the_evidence(blr_chn: dict) -> None:
    ctx, annex, brief = blr_chn["ctx"], blr_chn["annex"], blr_chn["brief"]
    for heading in ("## Figures by side", "## Growth along each side's series",
                    "## Printed growth rates against the published figures", "## The mirror gap",
                    "## Disagreement within one side", "## Part-year figures", "## Agreements and documents",
                    "## Events", "## Rail", "## Claims and their evidence", "## Data notes", "## Sources"):
        assert heading in annex, heading
    printed = _section(annex, "## Printed growth rates against the published figures")
    for reason in ctx.disagreements["reason"]:  # every recorded disagreement is shown with its reason
        assert " ".join(str(reason).split())[:40].replace("_", "\\_") in printed
    growth = _section(annex, "## Growth along each side's series")
    assert "China's imports from Belarus" in growth and "CHN export" not in growth
    # every claim's words, and what changed since the text, are in the annex
    spec = load_claims(claims_path())
    claims = _section(annex, "## Claims and their evidence")
    assert claims.count("### ") == len(spec.claims)
    assert "Since then (contradicted by the latest records)" in claims
    # every source the brief cites is in the annex with its quote
    cited = re.findall(r'<a id="src-([^"]+)"></a>', brief.split("## Sources", 1)[1])
    for sid in cited:
        entry = next(line for line in annex.splitlines() if f'<a id="src-{sid}"></a>' in line)
        assert 'Quote (' in entry and "http" in entry
    rail = _section(annex, "## Rail")
    assert not re.search(r"亿|万|萬|Сокращение", rail)  # the table shows numbers; wording is in the quote
    assert not re.search(r"\bUNK\b|\bTDM\b|joint_statement|BLR-reported", annex.split("## Sources", 1)[0])


def test_values_from_inputs_are_escaped(tmp_path: Path) -> None:
    ctx = tb.ReportContext.load()
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) **bold**"
    ctx.agreements = ctx.agreements.assign(event=ctx.agreements["event"].where(
        ~ctx.agreements["event"].str.contains("2023"), hostile))
    ctx.sources = ctx.sources.assign(publisher=hostile)
    built = _build(tmp_path, "BLR", "CHN", ctx=ctx)
    for text in (built["brief"], built["annex"]):
        assert "<script>" not in text and not re.search(r"(?<!\\)\]\(javascript:|(?<!\\)\*\*bold", text)
        assert "&lt;script&gt;" in text and "\\*\\*bold\\*\\*" in text
    page = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "<script>" not in page and 'href="javascript:' not in page


def test_same_inputs_same_bytes(blr_chn: dict, tmp_path: Path) -> None:
    again = _build(tmp_path, "BLR", "CHN")
    assert again["brief"] == blr_chn["brief"] and again["annex"] == blr_chn["annex"]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler's pdfinfo not installed")
def test_pdf_is_at_most_four_pages_with_judgments_on_page_one(tmp_path: Path) -> None:
    built = _build(tmp_path, "BLR", "CHN", pdf=True)
    assert "brief.pdf" in built["result"]["written"] and "annex.pdf" in built["annex_result"]["written"], built

    def pages(pdf: Path) -> int:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))

    assert pages(tmp_path / "brief.pdf") <= 4
    assert pages(tmp_path / "annex.pdf") > pages(tmp_path / "brief.pdf")
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "brief.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Bottom line" in first and "Key judgments" in first and "page 1 of" in first.lower()


def test_key_figures_mark_a_year_read_from_wording(blr_chn: dict) -> None:
    """A figure whose year the source gives only in words ('ten years ago') carries a mark the table explains."""
    from tradebrief import analysis

    ctx = blr_chn["ctx"]
    series = analysis.pair_series(ctx.trade, "BLR", "CHN", start_year=2010, end_year=2025)
    shown = series[(series["reporter"] == "BLR") & (series["flow"] == "turnover")]
    inferred = {int(y) for y in shown.loc[shown["year_inferred"], "year"]}
    assert inferred, "the snapshot holds a Belarus figure whose year is inferred"
    table = _section(blr_chn["brief"], "## Key figures")
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(r"^\| (\d{4}) \|.*$", table, flags=re.M)}
    for year, row in rows.items():
        cell = row.split("|")[2]  # Belarus's figures
        assert ("†" in cell) == (year in inferred), row
    assert "† year inferred, not printed by the source" in table


@pytest.mark.parametrize("value, bound, expected", [
    (3485e6, "exact", "$3.49 bn"), (5.79e9, "exact", "$5.79 bn"), (8e9, "lower", "over $8 bn"),
    (920e6, "exact", "$920 m"), (966.6e6, "exact", "$966.6 m"), (966.55e6, "exact", "$966.6 m"), (1234.0, "exact", "$1,234"),
])
def test_money_rounds_half_up_on_the_written_figure(value: float, bound: str, expected: str) -> None:
    """$3,485 m is $3.49 bn (the float 3.485 is 3.48499…, which plain formatting rounds down)."""
    assert usd(value, bound) == expected


def test_mirror_judgment_says_when_a_scope_is_not_stated(blr_chn: dict) -> None:
    from tradebrief.report import sections
    from tradebrief.text.brief import years_text

    gap = sections.trade_section(blr_chn["ctx"]).tables["mirror_gap"]
    usable = gap.dropna(subset=["ratio"])
    line = re.sub(r"<sup>.*?</sup>", "", next(j for j in _judgments(blr_chn["brief"]) if "higher than China's" in j))
    # whose figures state no scope, for which years (issue 25: "scope not stated for 2018–2019" said of neither side)
    for side, name in (("economy", "Belarus's"), ("partner", "China's")):
        years = sorted({int(r["year"]) for _, r in usable.iterrows() if r[f"{side}_scope"] == "unknown"})
        if years:
            said = (f"{name} figures for {years_text(years)}", f"{name} for {years_text(years)}")
            assert any(x in line for x in said), line
    assert "figures for" in line and " state no scope" in line  # one plain clause (fact-checker: "China's state no scope")
    assert "scope not stated for" not in line and "because" not in line and "China's state" not in line
    # every year both sides publish a total is either compared or named as left out
    both = gap[(gap["flow"] == "turnover") & gap["economy_value_usd"].notna() & gap["partner_value_usd"].notna()]
    left = sorted(int(y) for y in both.loc[both["ratio"].isna(), "year"])
    assert left and all(f"{y} (" in line.split("left out:", 1)[1] for y in left), line


def test_events_of_belarus_china_relations_stay_in_that_pair() -> None:
    """Belarus's sanctions and war concern every Belarus pair; a visit to China, China's peace paper or
    the visa-free regime with China do not belong in Belarus–Germany's annex."""
    from tradebrief.data.countries import names_pattern
    from tradebrief.report.sections import BILATERAL_EVENTS, events_table

    china = events_table(tb.ReportContext.load(partner="CHN"))
    germany = events_table(tb.ReportContext.load(partner="DEU"))
    named = china["title"].str.contains(names_pattern("CHN")) | china["actors"].fillna("").str.contains(
        names_pattern("CHN"))
    assert named.sum() >= 5 and china["category"].isin(BILATERAL_EVENTS).sum() >= 5
    assert not germany["category"].isin(BILATERAL_EVENTS).any()
    assert not germany["title"].str.contains(names_pattern("CHN")).any(), germany["title"].tolist()
    assert {"sanctions", "war"} <= set(germany["category"])  # Belarus's own events stay
    assert len(germany) == len(china) - (named | china["category"].isin(BILATERAL_EVENTS)).sum()
    assert not names_pattern("CHN").search("Chinatown") and names_pattern("CHN").search("中国 and 白俄罗斯")


def test_figures_keep_the_precision_and_basis_they_were_printed_with(blr_chn: dict) -> None:
    """A share printed as "11%" is not "11.0%", and says what it is a share of; the widest gap between
    the two sides says when it rests on figures whose scope is not stated; a rail share is a state
    ("in Sep 2025"), not an achievement ("by Sep 2025")."""
    standing = next(j for j in _judgments(blr_chn["brief"]) if "partner in every statement" in j)
    plain = re.sub(r"<sup>.*?</sup>", "", standing)
    assert "(11% of Belarus's goods and services trade in 2025)" in plain, plain
    # why a year is left out, in short (whose scope is which: the key figures table beside it)
    assert "left out: 2021 (a lower bound), 2023 (scopes differ)" in next(j for j in _judgments(blr_chn["brief"])
                                                                          if "higher than China's" in j)
    assert "Poland-Belarus corridor in Sep 2025" in blr_chn["brief"] and "by Sep 2025" not in blr_chn["brief"]


def test_a_side_and_another_publisher_are_compared_only_in_one_stated_scope() -> None:
    from tradebrief.report.model import publisher_conflicts

    def row(reporter: str, value: float, scope: str) -> dict:
        return {"reporter": reporter, "year": 2021, "flow": "export", "value_usd": value, "bound": "exact",
                "scope": scope}

    for scopes, compared in ((("goods", "goods"), True), (("unknown", "unknown"), False),
                             (("goods", "unknown"), False), (("goods", "goods_and_services"), False)):
        rows = pd.DataFrame([row("BLR", 5.4e9, scopes[0]), row("TDM", 2.5e9, scopes[1])])
        assert bool(publisher_conflicts(rows, "BLR", "UKR")) == compared, scopes


def test_a_sides_trend_ends_with_its_latest_part_year_figure_in_the_same_scope(blr_chn: dict) -> None:
    """Belarus's full-year goods figures stop in 2022; its Jan–Nov 2025 goods figure is the newest level
    that can be read against them, so the bottom line gives it (cited), marked as part of a year; the
    trend judgment gives the run of years and does not repeat it (each fact once)."""
    bottom = _section(blr_chn["brief"], "## Bottom line")
    assert "Jan–Nov 2025" not in _judgments(blr_chn["brief"])[0]
    trend = bottom
    part = blr_chn["ctx"].trade
    held = part[(part["reporter"] == "BLR") & (part["partner"] == "CHN") & ~part["full_year"]
                & (part["scope"] == "goods") & (part["period"] == "2025-01..2025-11")]
    assert len(held) >= 1 and usd(float(held["value_usd"].iloc[0])) == "$8.9 bn"
    assert re.search(r", \$8\.9 bn in goods for Jan–Nov 2025<sup>\[\d+\]", trend), trend


@pytest.mark.parametrize(("partner", "kept"), [
    ("RUS", {"Lukashenko visits Moscow, talks with Putin's Russia", "EU sanctions on Belarus"}),
    ("DEU", {"EU sanctions on Belarus"}),
    ("CHN", {"Lukashenko visits Moscow, talks with Putin's Russia", "EU sanctions on Belarus",
             "Lukashenko visits Beijing", "Poland closes the border, halting China-EU rail freight"}),
])
def test_a_visit_stays_with_the_partner_it_names(partner: str, kept: set[str]) -> None:
    from test_claims_fixtures import event_row, frames
    from tradebrief.data.params import RunParameters
    from tradebrief.report.sections import events_table

    data = frames(events=[event_row("2023-03-01", "visit", "Lukashenko visits Beijing"),
                          event_row("2023-04-05", "visit", "Lukashenko visits Moscow, talks with Putin's Russia"),
                          event_row("2023-08-03", "sanctions", "EU sanctions on Belarus"),
                          event_row("2025-09-12", "trade_policy", "Poland closes the border, halting China-EU rail freight")])
    data.params = RunParameters.create(partner=partner)
    assert set(events_table(data)["title"]) == kept


@pytest.fixture(scope="module")
def blr_chn_2015_2020(tmp_path_factory) -> dict:
    ctx = tb.ReportContext.load(reporter="BLR", partner="CHN", start_year=2015, end_year=2020)
    return _build(tmp_path_factory.mktemp("blr-chn-2015-2020"), "BLR", "CHN", ctx=ctx)


def _plain(text: str) -> str:
    """Without citations; no-break spaces (in "1 : 2.6") read as spaces."""
    return re.sub(r"<sup>.*?</sup>", "", text).replace("\u00a0", " ")


def _raw_flow(ctx, reporter: str, economy: str, flow: str, year: int) -> float:
    """One full-year flow as data/raw/trade.csv holds it (the economy's own exports or imports)."""
    t = ctx.trade
    rows = t[(t["reporter"] == reporter) & (t["economy"] == economy) & (t["flow"] == flow) & (t["year"] == year)
             & (t["period"] == str(year))]
    assert len(rows) == 1, rows
    return float(rows["value_usd"].iloc[0])


def test_both_flows_and_the_balance_read_from_the_trade_rows(blr_chn: dict) -> None:
    """Belarus 2022: sold $1.61 bn, bought $4.18 bn, a $2.57 bn deficit (about 1 : 2.6), the bottom line's
    second sentence; the flows judgment gives China's own latest year with both flows (each fact once)."""
    ctx, text = blr_chn["ctx"], blr_chn["brief"]
    sold, bought = _raw_flow(ctx, "BLR", "BLR", "export", 2022), _raw_flow(ctx, "BLR", "BLR", "import", 2022)
    chn_sold, chn_total = _raw_flow(ctx, "CHN", "CHN", "export", 2023), _raw_flow(ctx, "CHN", "CHN", "turnover", 2023)
    chn_bought = chn_total - chn_sold  # China's 2023 purchases are not printed: implied, with the arithmetic
    belarus = (f"in 2022 Belarus sold {usd(sold)} to China and bought {usd(bought)}, a deficit of "
               f"{usd(bought - sold)} (about 1 : {bought / sold:.1f})")
    # the surplus no more precise than the coarser of its two figures ($2.6 bn): "about $3.2 bn", not "$3.24 bn"
    china = (f"in 2023 China sold {usd(chn_sold)} to Belarus and bought an implied {usd(chn_bought)} "
             f"({usd(chn_total)} total less {usd(chn_sold)}), a surplus of "
             f"{usd_difference(chn_sold, round(chn_bought, -7))} (about {chn_sold / chn_bought:.1f} : 1)")
    assert china.endswith("a surplus of about $3.2 bn (about 2.2 : 1)"), china
    assert belarus == "in 2022 Belarus sold $1.61 bn to China and bought $4.18 bn, a deficit of $2.57 bn (about 1 : 2.6)"
    flows = _plain(next(line for line in _judgments(text) if " sold $" in line))
    assert china in flows and belarus not in flows  # Belarus's balance is the bottom line's: said once
    bottom = _plain(_section(text, "## Bottom line")).strip()
    assert re.split(r"(?<=\.) (?=[A-Z])", bottom)[1] == (
        f"Belarus sold {usd(sold)} to China in 2022 and bought {usd(bought)}, a deficit of {usd(bought - sold)} "
        f"(about 1 : {bought / sold:.1f}; Belarus's goods figures).")
    table = _section(text, "## Key figures")
    rows = [line for line in table.splitlines() if line.startswith("| 20")]
    assert any(r.startswith("| 2022, Belarus's figures (goods) | $1.61 bn<sup>") and r.endswith("| deficit $2.57 bn |")
               for r in rows), rows
    assert any(r.startswith("| 2019, China's figures (scope not stated) | $914 m<sup>") for r in rows), rows


def test_the_bottom_line_leads_with_each_sides_latest_level(blr_chn: dict) -> None:
    bottom = _plain(_section(blr_chn["brief"], "## Bottom line")).strip()
    first = re.split(r"(?<=\.) (?=[A-Z])", bottom)[0]
    assert first.startswith("Belarus's figures put its trade with China at over $8 bn (scope not stated) in each "
                            "of 2024 and 2025, $8.9 bn in goods for Jan–Nov 2025 and almost $12 bn in goods and "
                            "services (an official, Jan 2026, no period given); China's at $8.44 bn in goods for "
                            "2023"), first
    assert "trade partner" in first  # the standing, in the first sentence
    assert len(re.split(r"(?<=\.) (?=[A-Z])", bottom)) == 3  # level, balance, trend with the caveat as its last clause
    assert bottom.endswith("Belarus's figures after 2020 and China's after 2022 are officials' statements or press "
                           "reports, not statistics releases.")
    # as printed, and what the figures held give, since the two differ beyond rounding
    assert "China's figures show +67.3% (as printed; the figures held give +66.1%) in 2023" in bottom


@pytest.mark.parametrize("fixture", ["blr_chn", "chn_blr", "blr_chn_2015_2020"])
def test_no_internal_term_in_a_brief(fixture: str, request) -> None:
    text = _plain(request.getfixturevalue(fixture)["brief"].split("## Sources", 1)[0])
    for banned in ("preferred", "unstated-scope", "mirrored", "÷", "tradebrief ", "Russian Federation", "`"):
        assert banned not in text, banned


def test_a_sub_range_reads_by_its_end_year(blr_chn_2015_2020: dict) -> None:
    """2015–2020: the latest level is 2020's, nothing later is printed as the level, no growth rests
    alone on the 2016 figure whose year was placed by fit (issue 25: "−24.3% in 2016 alone")."""
    text = blr_chn_2015_2020["brief"]
    bottom = _plain(_section(text, "## Bottom line")).strip()
    assert bottom.startswith("Belarus's figures put its trade with China at $4.62 bn in goods for 2020"), bottom
    assert not re.search(r"\b202[1-5]\b", bottom) and " now" not in bottom
    assert "-24.3%" not in text and "in 2016 alone" not in text
    assert len(re.split(r"(?<=\.) (?=[A-Z])", bottom)) in (2, 3, 4)


def test_snapshot_citations_are_dated_as_entering_the_snapshot(blr_chn: dict) -> None:
    """A snapshot citation's date is the day it entered the snapshot, not the day the page was read
    (issue 25, class 12): the brief says so, as the annex does."""
    sources = blr_chn["brief"].split("## Sources", 1)[1]
    assert "entered the snapshot 2026-" in sources and "retrieved 2026-" not in sources
    assert blr_chn["brief"].startswith("# Belarus–China trade: a brief\n\n*Data as of 20")
