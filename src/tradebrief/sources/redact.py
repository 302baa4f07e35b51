"""Keep secrets out of what a server sends back: anything echoed is replaced before use.

A hostile or misconfigured server may echo the API key in an error message or a body; the adapters
pass every response body and every message through `redact` before it is parsed, printed, logged or
written, so that the key never leaves the process by that route.
"""
from __future__ import annotations

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


def redact_bytes(content: bytes, secrets: Iterable[str]) -> tuple[bytes, int]:
    """`content` with every secret replaced, and how many replacements were made."""
    count = 0
    for secret in secrets:
        for form in _forms(secret):
            needle = form.encode("utf-8")
            count += content.count(needle)
            content = content.replace(needle, MASK.encode())
    return content, count
