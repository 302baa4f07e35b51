"""An article file → clean text → sentences, refusing what is not a plain-text article in one line.

Bounded: the file is read up to MAX_BYTES, markup is stripped by linear regexes, and a "sentence"
longer than MAX_SENTENCE characters (a 1 MB line without a full stop) is cut at spaces, so the
rules never see more than MAX_SENTENCE characters at once.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from tradebrief.errors import UsageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SENTENCE = 1200


class ArticleError(UsageError):
    """The article file is missing, too large, binary or not UTF-8; the message says which."""


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article and its position (paragraph, order) for nearby context."""

    text: str
    index: int


def read_article(path: str | Path) -> str:
    """The article's text: UTF-8 (a BOM is allowed), no NUL bytes, at most MAX_BYTES."""
    file = Path(path)
    if not file.is_file():
        raise ArticleError(f"article {file} not found; give the path of a plain-text article (UTF-8)")
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise ArticleError(f"article {file.name} is {size:,} bytes; expected a plain-text article of at most "
                           f"{MAX_BYTES // (1024 * 1024)} MB")
    raw = file.read_bytes()
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise ArticleError(f"article {file.name} is binary (a NUL byte at byte {at}); expected a "
                           "plain-text article in UTF-8 (save a PDF or Word file as text first)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"article {file.name} is not UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r}); "
                           "save it as UTF-8 text") from None
    return text


_DROP_RE = re.compile(r"<(script|style|head)\b[^>]{0,2000}>.{0,200000}?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_RE = re.compile(r"<\s*/?\s*(?:p|div|br|li|h[1-6]|tr|td|section|article|blockquote)\b[^>]{0,2000}>",
                       re.IGNORECASE)
_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]{0,2000}>")


def clean(text: str) -> str:
    """Plain text: markup tags removed (block tags become line breaks), entities decoded, control
    characters dropped, spaces normalised. The quotes keep the text's own words and punctuation."""
    if "<" in text and _TAG_RE.search(text):
        text = _DROP_RE.sub(" ", text)
        text = _BLOCK_RE.sub("\n", text)
        text = _TAG_RE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = "".join(ch if ch >= " " or ch in "\n\t" else " " for ch in text)
    text = text.replace("\u00ad", "").replace("\u200b", "")
    text = re.sub(r"[ \t\u00a0]{2,}", " ", text)
    return text


_SPLIT_RE = re.compile(
    r"(?:(?<=[.!?…])|(?<=[.!?…][”\"»’)\]])|(?<=[.!?…]\[\d\])|(?<=[.!?…]\[\d\d\]))"  # Latin / Cyrillic end,
    r"\s+(?=[\"“«(\[]?[A-ZА-ЯЁ0-9])"                                          # before a capital
    r"|(?<=[。！？；])"                                                    # Chinese sentence end
    r"|\n\s*"                                                              # a line break ends a sentence
)
_ABBREV_RE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
                        r"U\.S|U\.K|т\.е|т\.к|г|гг|им|ул|млн|млрд|тыс|долл)\.)$")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in order; an overlong run is cut at spaces into MAX_SENTENCE-character pieces."""
    pieces: list[str] = []
    last = 0
    for m in _SPLIT_RE.finditer(text):
        head = text[last:m.start()]
        if _ABBREV_RE.search(head[-8:]) and "\n" not in m.group(0):
            continue  # "Mr. Xi", "млрд. долларов": not a sentence end
        pieces.append(head)
        last = m.end()
    pieces.append(text[last:])
    out: list[Sentence] = []
    for piece in pieces:
        for part in _cut(piece.strip()):
            if part:
                out.append(Sentence(part, len(out)))
    return out


def _cut(piece: str) -> list[str]:
    if len(piece) <= MAX_SENTENCE:
        return [piece]
    parts, rest = [], piece
    while len(rest) > MAX_SENTENCE:
        at = rest.rfind(" ", MAX_SENTENCE // 2, MAX_SENTENCE)
        at = at if at > 0 else MAX_SENTENCE
        parts.append(rest[:at].strip())
        rest = rest[at:]
    parts.append(rest.strip())
    return parts
