"""Text from inputs neutralised for its medium: a terminal, a Markdown document, a spreadsheet.

Terminal and documents: characters that must never reach them raw, and the one way to show them.

Input text (a data cell, a claims file, a file name) may hold ESC sequences that recolour or
rewrite a terminal, BEL, a newline that fakes a line of output, or Unicode bidi overrides (U+202E)
that reorder what a reader sees in the brief and its PDF. Every such character is shown as its
escape (`\\x1b`, `\\u202e`), so the text stays readable, nothing is lost and nothing acts.

Spreadsheets: a CSV cell starting with `=`, `+`, `-`, `@`, tab or carriage return is a formula to
Excel and LibreOffice (`=HYPERLINK(…)` in a user's sources.yaml). Such a text cell gets a leading
`'` (OWASP's advice; numbers such as `-5` are left alone), and a cell that already starts with `'`
before one of those gets one more, so `plain_cell` gives back the text exactly (the workbook reads
the CSVs back and protects its cells its own way).

Bottom layer: standard library only, so that the CLI's error printer and every layer can use it.
"""
from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides (U+202A–U+202E)
#: and isolates (U+2066–U+2069). Left-to-right/right-to-left marks (U+200E/F) do not reorder
#: other text and are kept.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same, with tab and newline: for text that must stay on one line (a terminal message).
LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible_controls(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character and bidi override written as its escape; with
    `one_line`, tab and newline too. Undecodable bytes of a file name (surrogate escapes) become
    U+FFFD, so the text can always be printed."""
    pattern = LINE_CONTROLS if one_line else CONTROLS
    text = pattern.sub(_escape, text)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


#: Characters that make a spreadsheet read a cell as a formula (or inject one after a tab/CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def _formula_like(text: str) -> bool:
    bare = text.lstrip("'")
    return bare.startswith(FORMULA_START) and not _NUMBER.fullmatch(bare)


def neutralise_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with `'`; anything else unchanged."""
    return "'" + value if isinstance(value, str) and _formula_like(value) else value


def plain_cell(value: str) -> str:
    """The text `neutralise_cell` was given (for readers of the report's CSVs)."""
    return value[1:] if value.startswith("'") and _formula_like(value[1:]) else value
