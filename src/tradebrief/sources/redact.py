r"""Keep secrets out of what a server sends back: anything echoed is replaced before use.

A hostile or misconfigured server may echo the API key in an error message or a body; the adapters
pass every response body and every message through `redact` before it is parsed, printed, logged or
written, so that the key never leaves the process by that route.

Comparing raw bytes is not enough: JSON may carry the key as `\u0061\u0062…` escapes, or the body
may be UTF-16, and a consumer reading it back (json.loads) sees the key again. So `redact_bytes`
also decodes the body as its reader will (JSON's own encoding detection, `\u`/`\x` escapes) and,
when the key appears only there, saves the decoded text with the key replaced.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus

#: Request headers whose values are secrets (compared case-insensitively).
SECRET_HEADERS = frozenset({"ocp-apim-subscription-key", "authorization", "x-api-key"})
MASK = "[redacted]"


def secrets_in(headers: Mapping[str, str] | None) -> tuple[str, ...]:
    """The secret values among request headers (empty when no key is set)."""
    return tuple(v for k, v in (headers or {}).items() if k.lower() in SECRET_HEADERS and v)


def _forms(secret: str) -> list[str]:
    """The secret as sent and as a server might echo it (percent-encoded), longest first."""
    return sorted({secret, quote(secret, safe=""), quote_plus(secret)}, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every form of every secret replaced by [redacted]."""
    for secret in secrets:
        for form in _forms(secret):
            text = text.replace(form, MASK)
    return text


def _redact_raw(content: bytes, secrets: Iterable[str]) -> tuple[bytes, int]:
    count = 0
    for secret in secrets:
        for form in _forms(secret):
            needle = form.encode("utf-8")
            count += content.count(needle)
            content = content.replace(needle, MASK.encode())
    return content, count


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")


def _unescape(text: str) -> str:
    r"""`\uXXXX` and `\xXX` escapes decoded (surrogate pairs joined), as a JSON or Python reader would."""
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _as_read_back(content: bytes) -> str:
    """The body as a JSON reader decodes it (UTF-8, or UTF-16/32 by its first bytes)."""
    try:
        encoding = json.detect_encoding(content)
    except Exception:  # noqa: BLE001 - detection is best effort; UTF-8 is what every other reader assumes
        encoding = "utf-8"
    return content.decode(encoding, "replace")


def redact_bytes(content: bytes, secrets: Iterable[str]) -> tuple[bytes, int]:
    r"""`content` with every secret replaced, and how many replacements were made.

    Raw bytes first (the body stays byte for byte when the key appears only as sent); then the
    body as it is read back: when the key appears once decoded (another encoding, `\u` escapes),
    the decoded text with the key replaced is returned, as UTF-8.
    """
    secrets = tuple(s for s in secrets if s)
    content, count = _redact_raw(content, secrets)
    if not secrets:
        return content, count
    text = _as_read_back(content)
    decoded = _unescape(text)
    hidden = sum(decoded.count(form) for secret in secrets for form in _forms(secret))
    if not hidden:
        return content, count
    return redact(decoded, secrets).encode("utf-8", "replace"), count + hidden
