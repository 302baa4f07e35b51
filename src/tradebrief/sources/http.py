"""One HTTP GET with timeouts, retries and one-line errors, shared by the live adapters.

Retries back off exponentially on 429 and 5xx (honouring `Retry-After`) and on timeouts; a refused
connection or an unknown host fails at once (the machine is offline, waiting will not help). Every
failure becomes a `SourceError` whose text names the host, what happened and what to do. The sleep
function is injectable so that tests run in milliseconds.
"""
from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests

from tradebrief import __version__
from tradebrief.errors import SourceError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = f"tradebrief/{__version__} (python-requests)"


@dataclass
class RetryPolicy:
    """How hard to try: attempts after the first, backoff base and the longest wait accepted."""

    retries: int = 3
    backoff: float = 2.0  # seconds; waits are backoff, 2*backoff, 4*backoff, ...
    max_wait: float = 120.0  # a Retry-After beyond this is not waited for: the error says when to retry
    timeout: float = 60.0  # seconds per attempt (connect and read)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def get(
    session: requests.Session,
    url: str,
    *,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    policy: RetryPolicy | None = None,
    what: str = "the source",
    auth_hint: str = "check your access rights",
    ok_statuses: Iterable[int] = (200,),
) -> requests.Response:
    """GET `url`; return the response when its status is in `ok_statuses`, else raise SourceError.

    `what` names the source in messages ("UN Comtrade"); `auth_hint` is the fix for 401/403.
    Headers (which may carry an API key) never appear in a message.
    """
    policy = policy or RetryPolicy()
    ok = set(ok_statuses)
    host = _host(url)
    attempts = policy.retries + 1
    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            resp = session.get(url, params=params, headers=dict(headers or {}), timeout=policy.timeout)
        except requests.exceptions.Timeout:
            if last:
                raise SourceError(
                    f"{what} at {host} did not answer within {policy.timeout:g} s "
                    f"({attempts} attempt(s)); try again later or raise the timeout") from None
            policy.sleep(_backoff(policy, attempt))
            continue
        except requests.exceptions.ConnectionError as exc:
            raise SourceError(f"cannot reach {what} at {host} ({_reason(exc)}); "
                              "are you offline? The shipped snapshot works without network") from None
        except requests.exceptions.RequestException as exc:
            raise SourceError(f"request to {what} at {host} failed: {type(exc).__name__}") from None

        status = resp.status_code
        if status in ok:
            return resp
        if status in (401, 403):
            raise SourceError(f"{what} refused access (HTTP {status}) at {host}: {auth_hint}")
        if status in RETRY_STATUSES:
            wait = retry_after_seconds(resp.headers.get("Retry-After"))
            if wait is None:
                wait = _backoff(policy, attempt)
            if last or wait > policy.max_wait:
                if status == 429:
                    when = f"retry in {wait:.0f} s" if wait is not None else "retry later"
                    raise SourceError(f"{what} rate limit reached (HTTP 429) at {host} after {attempt + 1} "
                                      f"attempt(s); {when}")
                raise SourceError(f"{what} server error (HTTP {status}) at {host} after {attempt + 1} "
                                  "attempt(s); the service may be down, try again later")
            policy.sleep(wait)
            continue
        raise SourceError(f"{what} answered HTTP {status} at {host}{_detail(resp)}; "
                          "expected 200: check the query parameters")
    raise AssertionError("unreachable")  # pragma: no cover


def _backoff(policy: RetryPolicy, attempt: int) -> float:
    return min(policy.max_wait, policy.backoff * (2 ** attempt))


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text or "name resolution" in text:
        return "host name not found"
    if "network is unreachable" in text:
        return "network unreachable"
    return "connection failed"


def _detail(resp: requests.Response) -> str:
    """A short server message, if the body carries one (Comtrade errors are JSON with 'message')."""
    try:
        body = resp.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        for key in ("message", "error", "errorMessage"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return f" ({value.strip().splitlines()[0][:160]})"
    return ""


def new_session() -> requests.Session:
    """A session with the package's User-Agent; the caller closes it."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session
