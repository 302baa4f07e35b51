"""The brief's and the annex's files: one Markdown text → `<stem>.md`, a self-contained
`<stem>.html` and `<stem>.pdf`, in one print style, plus the warnings the run reports.

Notebook 05 writes the brief and 06 the annex, each in its own kernel; each leaves its warnings
in `<stem>-status.json`, which the pipeline moves into the manifest and the console prints.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from tradebrief.report.render import html_to_pdf, markdown_to_html
from tradebrief.report.typeset import PrintStyle
from tradebrief.text.markup import neutralise_document

#: Warnings a document writer leaves for the pipeline: `<stem>` + this suffix, in the report folder.
STATUS_SUFFIX = "-status.json"
#: The report's documents, in the order the run reports their warnings (the brief's come first).
DOCUMENTS = ("brief", "annex")
#: Print type for the brief and the annex (the PDFs, and the HTML when a browser prints it): a
#: reading size that fits the brief on four pages; charts up to 84 mm high, so that a chart's
#: footnote (8.5 pt at full size) still prints at about 5 pt; the sources list in small type.
REPORT_PRINT = PrintStyle(body_pt=9.5, h1_pt=15, h2_pt=11.5, h3_pt=10, table_pt=8, image_width_mm=180,
                          image_max_height_mm=84, last_section_pt=7.5)
_P = REPORT_PRINT
PRINT_CSS = f"""
@media print {{
  body {{ font-size: {_P.body_pt}pt; line-height: 1.36; padding: 0; }}
  h1 {{ font-size: {_P.h1_pt}pt; margin: 0 0 3pt; }} h2 {{ font-size: {_P.h2_pt}pt; margin: 9pt 0 3pt; }}
  h3 {{ font-size: {_P.h3_pt}pt; }}
  p, ul, ol {{ margin: 2pt 0 4pt; }} li {{ margin: 1pt 0; }}
  table {{ display: table; width: 100%; font-size: {_P.table_pt}pt; }} th, td {{ padding: 1.5pt 3pt; overflow-wrap: break-word; }}
  img {{ max-height: {_P.image_max_height_mm}mm; width: auto; }}
  sup {{ line-height: 0; }}
  h2:last-of-type + ol, h2:last-of-type + ol + p {{ font-size: {_P.last_section_pt}pt; line-height: 1.25; }}
}}
"""


#: The print footer of the HTML page (a browser's print) in languages other than English.
PAGE_CSS = {"ru": '@media print { @page { @bottom-center { content: "стр. " counter(page) " из " counter(pages); } } }\n'}


def write_document(out: Path, stem: str, text: str, title: str, warnings: list[str], lang: str = "en") -> dict:
    """Write `<stem>.md`, `.html` and (when Typst can) `.pdf` into `out`, and `<stem>-status.json`
    with `warnings` plus any PDF problem; return {'written': [names], 'warnings': [...]}."""
    out.mkdir(parents=True, exist_ok=True)
    text = neutralise_document(text)
    (out / f"{stem}.md").write_text(text, encoding="utf-8")
    page = markdown_to_html(text, title=title, base=out, lang=lang).replace(
        "</style>", PRINT_CSS + PAGE_CSS.get(lang, "") + "</style>", 1)
    (out / f"{stem}.html").write_text(page, encoding="utf-8")
    written = [f"{stem}.md", f"{stem}.html"]
    warnings = list(warnings)
    problem = html_to_pdf(page, out / f"{stem}.pdf", dataclasses.replace(REPORT_PRINT, lang=lang))
    if problem:
        warnings.append(problem)
    if (out / f"{stem}.pdf").is_file():
        written.append(f"{stem}.pdf")
    (out / f"{stem}{STATUS_SUFFIX}").write_text(json.dumps({"warnings": warnings}), encoding="utf-8")
    return {"written": written, "warnings": warnings}
