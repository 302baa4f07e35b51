"""report/display.py and the notebooks that use it: what a person reads in JupyterLab.

Fast: no kernel, no browser (tests/integration/test_jupyterlab.py checks the same in a real JupyterLab).
"""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from tradebrief.data.params import NOTEBOOK_EXTRA_PARAMETERS, SHARED_PARAMETERS
from tradebrief.report import display
from tradebrief.run.pipeline import NOTEBOOKS as PIPELINE_NOTEBOOKS
from tradebrief.text.markup import Md

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"
NAMES = PIPELINE_NOTEBOOKS


NO_MATH_OPEN, NO_MATH_CLOSE = '<div class="tex2jax_ignore mathjax_ignore">\n\n', "\n\n</div>"


def body(markdown) -> str:
    """The Markdown inside the block MathJax is told to skip (every Markdown output is one)."""
    text = markdown.data
    assert text.startswith(NO_MATH_OPEN) and text.endswith(NO_MATH_CLOSE), text[:80]
    return text[len(NO_MATH_OPEN):-len(NO_MATH_CLOSE)]


def series_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "year": pd.Series([2011, 2024], dtype="int64"), "economy": ["BLR", "BLR"], "partner": ["CHN", "CHN"],
        "reporter": ["BLR", "CHN"], "flow": ["turnover", "import"], "value_usd": [2.832e9, 8.0e9],
        "bound": ["exact", "lower"], "growth_pct": [60.4, float("nan")], "share_pct": [4.9, None],
        "mirrored": [False, True], "source_id": ["belta-efdee0", "<script>alert(1)</script>"]})


def test_table_formats_money_rates_codes_and_years_for_people() -> None:
    shown = display.table(series_frame()).frame
    assert list(shown.columns[:6]) == ["Year", "Economy", "Partner", "Reported by", "Flow", "Value"]
    first, second = shown.iloc[0].to_dict(), shown.iloc[1].to_dict()
    assert first["Year"] == "2011" and first["Value"] == "$2.83 bn" and second["Value"] == "over $8 bn"
    assert first["Change"] == "+60.4%" and second["Change"] == "—"
    assert first["Share"] == "4.9%" and second["Share"] == "—"
    assert first["Reported by"] == "Belarus" and second["Reported by"] == "China"
    assert second["Flow"] == "China's exports to Belarus"  # as China reports Belarus's imports, not "import"
    assert first["Flow"] == "Belarus's trade with China"
    assert (first["From the other side's statistics"], second["From the other side's statistics"]) == ("no", "yes")
    assert not any("e+09" in str(v) for v in shown.to_numpy().ravel())


def test_table_html_has_no_index_escapes_values_and_is_kept_from_mathjax() -> None:
    page = display.table(series_frame(), ["year", "value_usd", "source_id"])._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "mathjax_ignore" in page and "tex2jax_ignore" in page
    assert "<th>Year</th>" in page and "<th></th>" not in page  # no index column
    assert page.count("</tr>") == 3  # header + 2 rows


def test_table_with_pair_names_flows_and_sides_of_a_mirror_gap() -> None:
    gap = pd.DataFrame({"year": [2019], "flow": ["export"], "economy_value_usd": [1.0e9],
                        "partner_value_usd": [float("nan")], "economy_bound": ["exact"], "partner_bound": [None]})
    shown = display.table(gap, ["year", "flow", "economy_value_usd", "partner_value_usd"], pair=("BLR", "CHN")).frame
    assert list(shown.columns) == ["Year", "Flow", "As Belarus reports", "As China reports"]
    assert shown.iloc[0].tolist() == ["2019", "Belarus's exports to China", "$1 bn", "—"]


def test_table_refuses_an_unknown_column_and_shows_a_missing_table_as_such() -> None:
    with pytest.raises(KeyError, match="no column nope"):
        display.table(series_frame(), ["year", "nope"])
    assert "No table for this pair" in display.table(None)._repr_html_()


def test_markdown_escapes_dollars_outside_code_and_data_is_never_markup() -> None:
    ours = display.markdown(Md("**Trade** rose from $2.83 bn to $5.79 bn; run `echo $HOME`."))
    assert body(ours) == r"**Trade** rose from \$2.83 bn to \$5.79 bn; run `echo $HOME`."
    assert display.escape_math(r"already \$5") == r"already \$5"
    assert display.escape_math("```\n$x\n```\n$y") == "```\n$x\n```\n\\$y"
    # md_escape's \[ \] and any \( \) are MathJax delimiters in JupyterLab: character references instead
    assert display.escape_math(r"footnote \[4\] and \(x\) [1](#a)") == "footnote &#91;4&#93; and &#40;x&#41; [1](#a)"
    theirs = display.markdown('<img src=x onerror="alert(1)"> **$5 bn**')
    assert "<img" not in body(theirs) and "&lt;img" in body(theirs)
    assert r"\*\*" in body(theirs) and r"\$5" in body(theirs)


def test_notes_are_bullets_of_escaped_sentences() -> None:
    out = display.notes(["No BLR-reported figure for 2010.", "a *bold* [link](javascript:x) for $3 bn"])
    lines = body(out).splitlines()
    assert lines[0] == "- No BLR-reported figure for 2010."
    assert lines[1] == r"- a \*bold\* &#91;link&#93;(javascript:x) for \$3 bn"  # no link, no \[ math
    assert body(display.notes([], empty="Nothing missing.")) == "Nothing missing."
    assert body(display.notes(["x"])) == "- x"  # not a Python list


def test_figure_is_the_png_beside_the_svg(tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    figures.mkdir()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    (figures / "trade_by_side.png").write_bytes(png)
    (figures / "trade_by_side.svg").write_text("<svg/>", encoding="utf-8")
    assert display.figure(figures / "trade_by_side.svg").data == png
    assert display.figure("trade_by_side", tmp_path).data == png
    with pytest.raises(FileNotFoundError, match="mirror_ratio"):
        display.figure("mirror_ratio", tmp_path)


def test_brief_is_split_at_its_figures_into_markdown_and_png(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\nA")
    text = "# Brief\n\nTrade was $5 bn.\n\n![Trade](figures/a.svg)\n\n## After\n"
    parts = display.brief_parts(text, tmp_path)
    kinds = [type(p).__name__ for p in parts]
    assert kinds == ["Markdown", "Image", "Markdown"]
    assert r"\$5 bn" in body(parts[0]) and parts[1].data == b"\x89PNG\r\n\x1a\nA"
    assert "figures/a.svg" not in parts[0].data + parts[2].data


# ------------------------------------------------------------------ the notebooks as committed

@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_thin_committed_without_outputs_and_keeps_its_parameters(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), f"{name}: committed with outputs"
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    declared = [t.id for node in ast.parse(parameters[0].source).body if isinstance(node, ast.Assign)
                for t in node.targets]
    assert declared == [*SHARED_PARAMETERS, *NOTEBOOK_EXTRA_PARAMETERS.get(name, {})]
    for cell in code:
        if cell is parameters[0]:
            continue
        tree = ast.parse(cell.source)
        assert not any(isinstance(n, ast.FunctionDef | ast.ClassDef) for n in ast.walk(tree)), f"{name}: logic"
        last = tree.body[-1] if tree.body else None
        # a cell's value is shown: it must be one of ours (show.*), never a raw frame, list or path
        if isinstance(last, ast.Expr):
            call = last.value
            assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                and getattr(call.func.value, "id", "") == "show", f"{name}: cell shows {ast.unparse(last)}"
        assert "report_dir" not in (ast.unparse(last) if isinstance(last, ast.Expr) and
                                    not isinstance(last.value, ast.Call) else ""), name


def test_executed_notebooks_name_the_report_folder_not_the_staging_folder(tmp_path: Path) -> None:
    from tradebrief.run.pipeline import name_report_dir_as_published

    staged, final = tmp_path / ".BLR-CHN.staging-123", tmp_path / "BLR-CHN"
    (staged / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": {"report_dir": str(staged), "reporter": "BLR"},
                                "output_path": str(staged / "notebooks" / "01_trade.ipynb")}
    nb.cells = [nbformat.v4.new_code_cell('report_dir = "../reports/_lab"', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(f'# Parameters\nreporter = "BLR"\nreport_dir = "{staged}"\n',
                                          metadata={"tags": ["injected-parameters"]})]
    nbformat.write(nb, staged / "notebooks" / "01_trade.ipynb")
    name_report_dir_as_published(staged, final)
    text = (staged / "notebooks" / "01_trade.ipynb").read_text(encoding="utf-8")
    assert "staging" not in text
    done = nbformat.read(staged / "notebooks" / "01_trade.ipynb", as_version=4)
    assert done.cells[1].source == '# Parameters\nreporter = "BLR"\nreport_dir = ".."'
    assert done.cells[0].source == 'report_dir = "../reports/_lab"'  # the notebook's own defaults untouched
    assert done.metadata["papermill"]["parameters"] == {"report_dir": "..", "reporter": "BLR"}
