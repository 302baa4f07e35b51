"""One bounded HTTP GET for the live adapters: retries, a size cap, deadlines, no key leaving its origin.

- **Retries** are urllib3's `Retry` on a requests `HTTPAdapter`: 429 and 5xx answers and read
  timeouts are retried with exponential backoff, honouring `Retry-After` (a wait beyond `max_wait`
  is not waited out: the error says when to retry); a refused connection or an unknown host fails
  at once (the machine is offline, waiting will not help). The subclass only sets what urllib3 has
  no parameter for, through Retry's public methods: the first retry waits `backoff` too, the sleep
  is injectable (tests run in milliseconds), and the Retry-After cap.
- **Bounds:** `timeout` limits each connect and each read; `deadline` limits one whole attempt
  (headers and body), so a server dripping a byte every few seconds cannot hold the command. The
  body is read in a loop (`read1`, one read at a time, so that a dripping server returns to the
  loop) that checks the deadline and the size cap, on the decoded bytes, so a gzip bomb stops there
  too. The headers have no loop of ours: `requests` reads them inside `session.get`, which runs in a
  worker thread that the caller waits for only until the deadline (the thread, blocked on a hostile
  server, ends with that server's connection or at its read timeout; it retries no more).
- **Secrets:** redirects are never followed by requests; this module follows a redirect only when it
  stays on the origin (scheme, host, port) that was asked, so a key header is never sent elsewhere.
  Every body and every message is redacted of the request's secret headers before it is returned.

Every failure is a `SourceError` whose one line names the host, what happened and what to do.
"""
from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar, copy_context
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError as _ConnectTimeout
from urllib3.exceptions import (
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.util.retry import Retry

from tradebrief import __version__
from tradebrief.errors import SourceError
from tradebrief.sources.redact import redact, redact_bytes, secrets_in

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
USER_AGENT = f"tradebrief/{__version__} (python-requests)"
CHUNK = 16 * 1024  # most bytes read at a time: the size cap and the deadline are checked between reads
MIB = 1024 * 1024


@dataclass
class RetryPolicy:
    """How hard to try and how much to accept from one request."""

    retries: int = 3
    backoff: float = 2.0  # seconds; waits are backoff, 2*backoff, 4*backoff, ...
    max_wait: float = 120.0  # a Retry-After beyond this is not waited for: the error says when to retry
    timeout: float = 60.0  # seconds per connect and per read
    deadline: float = 300.0  # seconds for one whole attempt: connect, headers and body
    max_bytes: int = 64 * MIB  # largest response body accepted (after decompression)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


@dataclass(frozen=True)
class Answer:
    """A response read whole within the bounds, its body already redacted of the request's secrets."""

    status_code: int
    content: bytes
    headers: Mapping[str, str]
    url: str
    redactions: int = 0  # how many echoed secrets were replaced in `content`


def _host(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname and (parts.hostname + (f":{parts.port}" if parts.port else ""))) or url


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


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


# --- the deadline of one attempt -------------------------------------------------------------------

class _Abandoned(Exception):
    """Raised in the worker thread when its caller gave up at the deadline: no further attempt."""


class _Clock:
    """One GET's deadline: restarted for each attempt, stopped while a retry waits."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._started: float | None = time.monotonic()
        self._lock = threading.Lock()
        self.done = False  # the worker has its answer (or its error)
        self.abandoned = False  # the caller stopped waiting

    def pause(self) -> None:
        with self._lock:
            self._started = None

    def restart(self) -> None:
        with self._lock:
            self._started = time.monotonic()

    def remaining(self) -> float | None:
        """Seconds left in this attempt; None while a retry waits."""
        with self._lock:
            return None if self._started is None else self.seconds - (time.monotonic() - self._started)

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0

    def finish(self) -> bool:
        """The worker is done; False when the caller had already abandoned it."""
        with self._lock:
            self.done = True
            return not self.abandoned

    def abandon(self) -> bool:
        """The caller gives up; False when the worker finished first (its answer is then used)."""
        with self._lock:
            self.abandoned = not self.done
            return self.abandoned


_CLOCK: ContextVar[_Clock | None] = ContextVar("tradebrief_http_clock", default=None)


# --- retries ---------------------------------------------------------------------------------------

class _Retry(Retry):
    """urllib3's Retry with the policy's backoff, Retry-After cap and injectable sleep (see the module)."""

    def __init__(self, *args, policy: RetryPolicy | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy or RetryPolicy()

    def new(self, **kwargs) -> _Retry:
        retry = super().new(**kwargs)
        retry.policy = self.policy
        return retry

    def get_backoff_time(self) -> float:
        errors = len(self.history)
        return 0.0 if errors == 0 else min(self.policy.max_wait, self.policy.backoff * 2 ** (errors - 1))

    def sleep(self, response=None) -> None:
        wait = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
        clock = _CLOCK.get()
        if clock is not None:
            clock.pause()
        self.policy.sleep(self.get_backoff_time() if wait is None else wait)
        if clock is not None:
            clock.restart()

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None) -> Retry:
        clock = _CLOCK.get()
        if clock is not None and clock.abandoned:  # the caller has given up: no retry, no wait
            raise _Abandoned
        if response is not None:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None and wait > self.policy.max_wait:  # not waited out: the answer is returned
                raise MaxRetryError(_pool, url, ResponseError(f"Retry-After {wait:.0f} s"))
        return super().increment(method, url, response=response, error=error, _pool=_pool, _stacktrace=_stacktrace)


def _retry(policy: RetryPolicy) -> Retry:
    return _Retry(total=policy.retries, connect=0, read=policy.retries, status=policy.retries, other=0,
                  redirect=False, status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET"}),
                  respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=False,
                  policy=policy)


def mount(session: requests.Session, policy: RetryPolicy) -> requests.Session:
    """Give `session` the policy's retries, for http and https."""
    adapter = HTTPAdapter(max_retries=_retry(policy))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def new_session(policy: RetryPolicy | None = None) -> requests.Session:
    """A session with the package's User-Agent and the policy's adapter; the caller closes it."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return mount(session, policy or RetryPolicy())


# --- one GET -----------------------------------------------------------------------------------------

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
) -> Answer:
    """GET `url` within the policy's bounds; the answer when its status is in `ok_statuses`.

    `what` names the source in messages ("UN Comtrade"); `auth_hint` is the fix for 401/403.
    Secret header values never appear in a message or in the returned body.
    """
    secrets = secrets_in(headers)
    try:
        return _get(session, url, params, dict(headers or {}), policy or RetryPolicy(), what, auth_hint,
                    set(ok_statuses), secrets)
    except SourceError as exc:
        raise SourceError(redact(str(exc), secrets)) from None


def _get(session: requests.Session, url: str, params: Mapping[str, str] | None, headers: dict,
         policy: RetryPolicy, what: str, auth_hint: str, ok: set[int], secrets: tuple[str, ...]) -> Answer:
    origin, host = _origin(url), _host(url)
    current, current_params = url, params
    for _hop in range(MAX_REDIRECTS + 1):
        clock = _Clock(policy.deadline)
        with _send(session, current, current_params, headers, policy, clock, what, host) as resp:
            status = resp.status_code
            if status in REDIRECT_STATUSES:
                target = urljoin(resp.url, resp.headers.get("Location", ""))
                if _origin(target) != origin:
                    raise SourceError(
                        f"{what} at {host} redirected (HTTP {status}) to {_host(target)}; not followed, "
                        f"so that no key or query goes to another origin; if that address is right, "
                        f"point the source's URL setting at it")
                current, current_params = target, None
                continue
            if status in ok:
                body, count = redact_bytes(_read_body(resp, policy, clock, what, host), secrets)
                return Answer(status, body, dict(resp.headers), resp.url, count)
            _refuse(resp, status, policy, clock, what, host, auth_hint, secrets)
    raise SourceError(f"{what} at {host} redirected more than {MAX_REDIRECTS} times; expected an answer")


def _send(session: requests.Session, url: str, params: Mapping[str, str] | None, headers: dict,
          policy: RetryPolicy, clock: _Clock, what: str, host: str) -> requests.Response:
    """`session.get` (headers only, with its retries) in a worker thread, waited for until the deadline
    of the current attempt; the response, whose body the caller then reads."""
    outcome: dict[str, object] = {}

    def work() -> None:
        _CLOCK.set(clock)
        try:
            outcome["response"] = session.get(url, params=params, headers=headers, timeout=policy.timeout,
                                              stream=True, allow_redirects=False)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, who maps it to one line
            outcome["error"] = exc
        if not clock.finish() and "response" in outcome:
            outcome["response"].close()  # type: ignore[union-attr] - nobody will read it

    context = copy_context()
    worker = threading.Thread(target=context.run, args=(work,), name="tradebrief-http", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            left = clock.remaining()
            worker.join(0.05 if left is None else max(left, 0.0))
            if worker.is_alive() and clock.expired() and clock.abandon():
                raise _deadline_error(policy, what, host)
    except BaseException:  # the deadline, Ctrl-C: the worker retries no more and closes what it gets
        clock.abandon()
        raise
    if "error" in outcome:
        exc = outcome["error"]
        if isinstance(exc, requests.exceptions.RequestException):
            raise _request_error(exc, policy, what, host) from None
        raise exc  # type: ignore[misc]
    return outcome["response"]  # type: ignore[return-value]


def _attempts(resp: requests.Response) -> int:
    retries = getattr(resp.raw, "retries", None)
    return len(getattr(retries, "history", ())) + 1


def _refuse(resp: requests.Response, status: int, policy: RetryPolicy, clock: _Clock, what: str,
            host: str, auth_hint: str, secrets: tuple[str, ...]) -> None:
    """Raise the one-line error for an answer that is not data."""
    attempts = _attempts(resp)
    if status in (401, 403):
        raise SourceError(f"{what} refused access (HTTP {status}) at {host}: {auth_hint}")
    if status == 429:
        wait = retry_after_seconds(resp.headers.get("Retry-After"))
        when = f"retry in {wait:.0f} s" if wait is not None else "retry later"
        raise SourceError(f"{what} rate limit reached (HTTP 429) at {host} after {attempts} attempt(s); {when}")
    if status in RETRY_STATUSES:
        raise SourceError(f"{what} server error (HTTP {status}) at {host} after {attempts} attempt(s); "
                          "the service may be down, try again later")
    detail = _detail(resp, policy, clock, what, host, secrets)
    raise SourceError(f"{what} answered HTTP {status} at {host}{detail}; expected 200: check the query "
                      "parameters")


def _read_body(resp: requests.Response, policy: RetryPolicy, clock: _Clock, what: str, host: str,
               limit: int | None = None) -> bytes:
    """The body, read in a loop: refused past the size cap, the deadline or a broken connection.

    One `read1` returns what one read of the socket brought (decoded), so a server sending a byte at
    a time returns here between bytes; `iter_content` would wait for a whole chunk first. A read
    blocked on a silent server ends at the read timeout, so the deadline holds to within one timeout.
    """
    cap = policy.max_bytes if limit is None else limit
    declared = resp.headers.get("Content-Length", "")
    if limit is None and declared.isdigit() and int(declared) > cap:
        raise _size_error(policy, what, host, f"declares {int(declared):,} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := resp.raw.read1(CHUNK, decode_content=True):
            size += len(chunk)
            if size > cap:
                if limit is not None:
                    break
                raise _size_error(policy, what, host, "sent more")
            chunks.append(chunk)
            if clock.expired():
                raise _deadline_error(policy, what, host)
    except (requests.exceptions.RequestException, ProtocolError, ReadTimeoutError, OSError) as exc:
        if clock.expired():
            raise _deadline_error(policy, what, host) from None
        raise _request_error(exc, policy, what, host, reading=True) from None
    if clock.expired():
        raise _deadline_error(policy, what, host)
    return b"".join(chunks)


def _size_error(policy: RetryPolicy, what: str, host: str, seen: str) -> SourceError:
    cap = f"{policy.max_bytes / MIB:g} MiB" if policy.max_bytes >= MIB else f"{policy.max_bytes:,} bytes"
    return SourceError(f"{what} response from {host} is larger than the {cap} cap (it {seen}); not read "
                       "further. Raise the cap with --max-response-mb, or fetch fewer years per request "
                       "(--chunk-years)")


def _deadline_error(policy: RetryPolicy, what: str, host: str) -> SourceError:
    return SourceError(f"{what} at {host} did not finish answering within the {policy.deadline:g} s "
                       "deadline per request (the server sends too slowly); try again later, or raise "
                       "it with --deadline")


def _request_error(exc: Exception, policy: RetryPolicy, what: str, host: str, *,
                   reading: bool = False) -> SourceError:
    """The one-line error for a requests/urllib3 failure (the cause unwrapped from MaxRetryError)."""
    cause: BaseException = exc
    attempts = 1
    inner = exc.args[0] if exc.args else None
    if isinstance(inner, MaxRetryError):
        cause = inner.reason or inner
        attempts = policy.retries + 1 if isinstance(cause, (ReadTimeoutError, ProtocolError)) else 1
    elif isinstance(inner, BaseException):
        cause = inner
    timed_out = isinstance(exc, requests.exceptions.Timeout) or (
        isinstance(cause, (ReadTimeoutError, _ConnectTimeout)) and not isinstance(cause, NewConnectionError))
    if timed_out:
        phase = " while sending the response" if reading else ""
        return SourceError(f"{what} at {host} did not answer within {policy.timeout:g} s{phase} "
                           f"({attempts} attempt(s)); try again later or raise the timeout")
    if isinstance(cause, NewConnectionError) or (isinstance(exc, requests.exceptions.ConnectionError)
                                                 and not reading and not isinstance(cause, ProtocolError)):
        return SourceError(f"cannot reach {what} at {host} ({_reason(cause)}); "
                           "are you offline? The shipped snapshot works without network")
    if isinstance(cause, ProtocolError) or reading:
        return SourceError(f"{what} at {host} closed the connection before the answer was complete "
                           f"({attempts} attempt(s)); try again later")
    return SourceError(f"request to {what} at {host} failed: {type(exc).__name__}")


def _reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text or "name resolution" in text:
        return "host name not found"
    if "network is unreachable" in text:
        return "network unreachable"
    return "connection failed"


def _detail(resp: requests.Response, policy: RetryPolicy, clock: _Clock, what: str, host: str,
            secrets: tuple[str, ...]) -> str:
    """A short server message, if the body carries one (Comtrade errors are JSON with 'message')."""
    import json

    try:
        raw = _read_body(resp, policy, clock, what, host, limit=64 * 1024)
        body = json.loads(redact_bytes(raw, secrets)[0])
    except (SourceError, ValueError):
        return ""
    if isinstance(body, dict):
        for key in ("message", "error", "errorMessage"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return f" ({redact(value.strip().splitlines()[0][:160], secrets)})"
    return ""
