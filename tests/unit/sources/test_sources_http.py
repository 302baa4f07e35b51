"""sources.http: the deadline of an attempt also ends its retries, and a body is read within it."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from tradebrief.errors import SourceError
from tradebrief.sources import http


@pytest.fixture
def dripping_server():
    """A raw loopback server answering 503 (which is retried) slowly: a header byte every 0.05 s for
    1 s, then the end of the answer. Counts the connections it accepted."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[float] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted.append(time.monotonic())
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nX-Drip: ")
                    for _ in range(20):
                        conn.sendall(b"X")
                        time.sleep(0.05)
                    conn.sendall(b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/", accepted
    stop.set()
    thread.join(5)
    listener.close()


def test_after_the_deadline_no_attempt_follows(dripping_server) -> None:
    url, accepted = dripping_server
    policy = http.RetryPolicy(retries=3, backoff=0.0, timeout=5, deadline=0.3, sleep=lambda _: None)
    started = time.monotonic()
    with http.new_session(policy) as session, pytest.raises(SourceError, match=r"within the 0\.3 s deadline"):
        http.get(session, url, policy=policy, what="the stub")
    assert time.monotonic() - started < 1.0
    time.sleep(1.5)  # the first answer is complete after 1 s: a retry would connect again
    assert len(accepted) == 1, f"{len(accepted)} connections: the abandoned request was retried"


def test_a_body_within_the_bounds_is_read_whole() -> None:
    from pytest_httpserver import HTTPServer

    with HTTPServer(host="127.0.0.1") as server:
        server.expect_request("/data").respond_with_data(b"x" * 100_000, content_type="application/octet-stream")
        policy = http.RetryPolicy(retries=0, timeout=5, deadline=5, max_bytes=100_000)
        with http.new_session(policy) as session:
            answer = http.get(session, server.url_for("/data"), policy=policy)
        assert answer.status_code == 200 and answer.content == b"x" * 100_000
        policy = http.RetryPolicy(retries=0, timeout=5, deadline=5, max_bytes=99_999)
        with http.new_session(policy) as session, pytest.raises(SourceError, match="larger than the 99,999 bytes"):
            http.get(session, server.url_for("/data"), policy=policy)
