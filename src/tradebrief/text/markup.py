"""Text from inputs is never markup: one escape for the brief's Markdown (and so its HTML and PDF).

Claims files, a user's `sources.yaml`, data folders and parameters reach the brief as text. The
templates render every value through `md_escape` unless the value is `Md` — Markdown this package
wrote itself (citation links, bold labels, a joined sentence whose data parts were escaped first).
So an input holding `<script>`, `<img onerror=…>`, `[x](javascript:…)`, `|` or `**` prints as
those characters, never as markup, and a forgotten escape in a template fails safe.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from tradebrief.neutralise import visible_controls

#: Characters that start Markdown or HTML markup inside a line. `&`, `<`, `>` become entities, so
#: python-markdown passes them through as text; the rest get a backslash (`|` splits a table cell).
#: Parentheses need none: with `[` and `]` escaped no link or image can form. `{` and `}` because
#: the attr_list extension reads a trailing `{: onclick=…}` as attributes of the cell or heading.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|{}])")
_WHITESPACE = re.compile(r"\s+")
_LINE_START = re.compile(r"^(\d*)([.+#-])(?=\s|$|#)")


class Md(str):
    """Markdown written by this package, safe to emit as is. Build it from escaped parts with `md`."""

    def __add__(self, other: object) -> Md | str:  # Md + Md stays Md; Md + str is plain text again
        joined = str.__add__(self, str(other))
        return Md(joined) if isinstance(other, Md) else joined

    def __radd__(self, other: object) -> Md | str:
        joined = str(other) + str(self)
        return Md(joined) if isinstance(other, Md) else joined


def md_escape(value: object) -> Md:
    """Any value as inline Markdown text: one line, no markup, `Md` passed through unchanged."""
    if isinstance(value, Md):
        return value
    text = _WHITESPACE.sub(" ", "" if value is None else str(value)).strip()
    text = visible_controls(text)  # ESC, BEL, bidi overrides shown as \x1b, \u202e: they never act
    text = "".join(_HTML.get(ch, ch) for ch in text)
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)  # a value starting a line must not become a list item
    return Md(text)


def neutralise_document(text: str) -> str:
    """A whole Markdown document with control characters and bidi overrides shown, not acting
    (tab and newline kept): the last pass before brief.md/annex.md are written, whatever path a
    value took into the text."""
    return visible_controls(text)


def md(template: str, *args: object, **kwargs: object) -> Md:
    """`template` (our Markdown) with every argument escaped: md("**{}** {}", name, cite) → Md."""
    return Md(template.format(*(md_escape(a) for a in args), **{k: md_escape(v) for k, v in kwargs.items()}))


def md_join(parts: Iterable[object], sep: str = " ") -> Md:
    """Join values (each escaped unless already Md) with our separator."""
    return Md(sep.join(md_escape(p) for p in parts))


def _finalize(value: Any) -> Any:
    """Every `{{ value }}` in a template: Md as is, anything else escaped."""
    return md_escape(value)


def template_environment(package: str, folder: str = "templates") -> Environment:
    """A Jinja2 environment for the templates in `package`/`folder` (the report's: "tradebrief.report");
    every printed value goes through `md_escape`. The package is named by its caller, so that this
    layer imports nothing above it."""
    env = Environment(loader=PackageLoader(package, folder), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_finalize)
    env.filters["md"] = lambda value: Md(value)  # only for text this package wrote (not data)
    return env


def safe_url(url: object) -> str | None:
    """An http(s) URL fit for a link target, or None (then the URL is shown as text, not linked)."""
    text = str(url or "").strip()
    if not re.fullmatch(r"https?://[^\s<>()\"'`\\]+", text):
        return None
    return text
