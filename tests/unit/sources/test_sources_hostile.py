"""`tradebrief fetch` against hostile servers on loopback: each case is one `Error:` line, nothing written.

Cases: a redirect that would carry the key to another origin, a server echoing the key, an oversized
body (declared and chunked), a server dripping its body or its headers, NaN/Infinity values, and a
bad `--out`. Caps and deadlines are set small on the command line so that the tests wait little.
"""
from __future__ import annotations

import errno
import json
import os
import socket
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from test_sources_comtrade import FAKE_KEY, ComtradeStub, fixture_json, stub  # noqa: F401
from werkzeug.wrappers import Request, Response

from tradebrief.cli import main
from tradebrief.sources import common

ECHO_KEY = "tbfake-" + "5e" * 12


def fetch_cli(out: Path, *extra: str, source: str = "comtrade"):
    args = ["fetch", source, "--reporter", "BLR", "--partner", "CHN", "--years", "2019:2020",
            "--out", str(out), "--tables", "trade", *extra]
    if source == "imf":
        args.remove("--tables")
        args.remove("trade")
    return CliRunner().invoke(main, args)


def one_error(result, exit_code: int = 1) -> str:
    """The single Error: line of a failed command (no traceback, nothing else on stderr but warnings)."""
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    return errors[0]


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "ext"
    folder.mkdir()
    (folder / "keep.txt").write_text("unrelated\n")
    return folder


@pytest.fixture
def keyed(monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", ECHO_KEY)


# --- secrets ---------------------------------------------------------------------------------------

@pytest.fixture
def other_origin():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    seen: list[Request] = []

    def record(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(fixture_json("final_blr_chn_2019_2020.json")), content_type="application/json")

    server.expect_request("/data/v1/get/C/A/HS").respond_with_handler(record)
    yield server, seen
    server.clear()
    if server.is_running():
        server.stop()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_to_another_origin_is_not_followed_and_the_key_stays(stub, keyed, other_origin, out, status):  # noqa: F811
    server, seen = other_origin
    target = server.url_for("/data/v1/get/C/A/HS") + "?reporterCode=112"
    stub.failures = [Response("", status=status, headers={"Location": target})]
    result = fetch_cli(out)
    line = one_error(result)
    assert f"redirected (HTTP {status}) to 127.0.0.1:{server.port}" in line and "not followed" in line
    assert seen == []  # nothing at all went to the other origin, let alone the key
    assert ECHO_KEY not in result.output
    assert tree(out) == ["keep.txt"]


def test_redirect_to_another_host_name_on_the_same_port_is_refused(stub, keyed, out):  # noqa: F811
    configured = urlsplit(os.environ["TRADEBRIEF_COMTRADE_URL"])
    other = "127.0.0.1" if configured.hostname == "localhost" else "localhost"  # same machine, other origin
    stub.failures = [Response("", status=302, headers={
        "Location": f"http://{other}:{configured.port}/data/v1/get/C/A/HS?reporterCode=112"})]
    line = one_error(fetch_cli(out))
    assert f"to {other}:{configured.port}" in line
    assert len(stub.requests) == 1


def test_same_origin_redirect_is_followed_with_the_key(stub, keyed, out):  # noqa: F811
    moved = "/data/v1/get/C/A/HS?reporterCode=112&partnerCode=156&period=2019,2020&flowCode=M,X&cmdCode=TOTAL"
    stub.failures = [Response("", status=307, headers={"Location": moved})]
    result = fetch_cli(out)
    assert result.exit_code == 0, result.output
    assert [r.full_path.split("?")[0] for r in stub.requests] == ["/data/v1/get/C/A/HS"] * 3
    assert [r.headers.get("Ocp-Apim-Subscription-Key") for r in stub.requests] == [ECHO_KEY] * 3


@pytest.mark.parametrize("status, body", [
    (400, {"statusCode": 400, "message": f"Invalid subscription key {ECHO_KEY} for this product"}),
    (404, {"error": f"no route; you sent Ocp-Apim-Subscription-Key={ECHO_KEY}"}),
    (200, {"count": 0, "data": [], "error": f"key {ECHO_KEY} is over quota"}),
])
def test_an_echoed_key_is_redacted_from_the_error(stub, keyed, out, status, body):  # noqa: F811
    stub.failures = [Response(json.dumps(body), status=status, content_type="application/json")]
    result = fetch_cli(out)
    line = one_error(result)
    assert "[redacted]" in line
    assert ECHO_KEY not in result.output
    assert tree(out) == ["keep.txt"]


def test_a_key_echoed_inside_data_is_redacted_before_it_is_saved(stub, keyed, out):  # noqa: F811
    body = fixture_json("final_blr_chn_2019_2020.json")
    body["data"][0]["reporterDesc"] = f"Belarus (requested with {ECHO_KEY})"
    stub.by_reporter["112"] = body
    result = fetch_cli(out)
    assert result.exit_code == 0, result.output
    assert "echoed the API key 1 time(s)" in result.output and ECHO_KEY not in result.output
    written = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in written if ECHO_KEY.encode() in p.read_bytes()]
    raw = (out / "comtrade-BLR-CHN" / "responses" / "comtrade-blr-chn-2019-2020.json").read_bytes()
    assert b"Belarus (requested with [redacted])" in raw


# --- bounds ----------------------------------------------------------------------------------------

def big_body(size: int) -> bytes:
    body = fixture_json("final_blr_chn_2019_2020.json")
    body["padding"] = "x" * size
    return json.dumps(body).encode()


def test_an_oversized_body_is_refused_at_the_declared_length(stub, out):  # noqa: F811
    stub.failures = [Response(big_body(200_000), status=200, content_type="application/json")]
    line = one_error(fetch_cli(out, "--max-response-mb", "0.05"))
    assert "larger than the 52,428 bytes cap (it declares" in line and "--max-response-mb" in line
    assert tree(out) == ["keep.txt"]


def test_an_oversized_chunked_body_stops_at_the_cap(stub, out):  # noqa: F811
    sent = {"bytes": 0}

    def endless():
        for _ in range(10_000):  # 160 MB if it were read whole
            sent["bytes"] += 16_384
            yield b" " * 16_384

    stub.failures = [Response(endless(), status=200, content_type="application/json")]
    line = one_error(fetch_cli(out, "--max-response-mb", "1"))
    assert "larger than the 1 MiB cap (it sent more)" in line
    assert sent["bytes"] < 20 * 1024 * 1024
    assert tree(out) == ["keep.txt"]


def test_a_server_dripping_its_body_is_cut_at_the_deadline(stub, out):  # noqa: F811
    def drip():
        yield b'{"count": 0, "data": ['
        for _ in range(60):
            time.sleep(0.1)  # each read comes well within the 5 s timeout
            yield b" "

    stub.failures = [Response(drip(), status=200, content_type="application/json")]
    started = time.monotonic()
    line = one_error(fetch_cli(out, "--deadline", "0.6", "--timeout", "5"))
    assert time.monotonic() - started < 4
    assert "did not finish answering within the 0.6 s deadline" in line and "--deadline" in line
    assert tree(out) == ["keep.txt"]


@pytest.fixture
def header_drip(monkeypatch):
    """A raw server that sends its status line, then one header byte every 0.1 s."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 200 OK\r\n")
                    for _ in range(100):
                        if stop.is_set():
                            break
                        conn.sendall(b"X")
                        time.sleep(0.1)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_URL", f"http://127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    yield
    stop.set()
    thread.join(5)
    listener.close()


def test_a_server_dripping_its_headers_is_cut_at_the_deadline(header_drip, out):
    started = time.monotonic()
    line = one_error(fetch_cli(out, "--deadline", "0.5", "--timeout", "5"))
    assert time.monotonic() - started < 3
    assert "did not finish answering within the 0.5 s deadline" in line
    assert tree(out) == ["keep.txt"]


# --- values at the door ----------------------------------------------------------------------------

@pytest.mark.parametrize("literal, shown", [("NaN", "nan"), ("Infinity", "inf"), ("-Infinity", "-inf"),
                                            ("1e999", "inf"), ("1.5e308", "1.5e+308"), ("-5000000", "-5000000"),
                                            ("2e14", "200000000000000.0")])
def test_nan_and_infinity_are_refused_naming_record_and_field(stub, out, literal, shown):  # noqa: F811
    text = json.dumps(fixture_json("final_blr_chn_2019_2020.json"))
    text = text.replace('"primaryValue": 2345678.0', f'"primaryValue": {literal}', 1)
    assert literal in text
    stub.failures = [Response(text, status=200, content_type="application/json")]
    line = one_error(fetch_cli(out))
    assert "record 1 (reporterCode 112, partnerCode 156, cmdCode TOTAL, period 2019, flowCode X)" in line
    assert f"primaryValue {shown}; expected a finite number from 0 to 1e+14" in line
    assert tree(out) == ["keep.txt"]


def test_nan_in_a_refetch_keeps_the_previous_folder(stub, out):  # noqa: F811
    assert fetch_cli(out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    text = json.dumps(fixture_json("final_chn_blr_2019_2020.json")).replace('"primaryValue": 1111111.0',
                                                                           '"primaryValue": NaN')
    stub.by_reporter["156"] = json.loads(text)
    one_error(fetch_cli(out))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# --- --out, before any request ---------------------------------------------------------------------

def test_out_that_is_a_file(stub, tmp_path):  # noqa: F811
    target = tmp_path / "a-file"
    target.write_text("x")
    line = one_error(fetch_cli(target), exit_code=2)
    assert f"--out {target} is a file; expected a folder" in line
    assert stub.requests == [] and target.read_text() == "x"


def test_out_under_a_file(stub, tmp_path):  # noqa: F811
    target = tmp_path / "a-file" / "deeper" / "ext"
    (tmp_path / "a-file").write_text("x")
    line = one_error(fetch_cli(target), exit_code=2)
    assert f"lies under the file {tmp_path / 'a-file'}" in line
    assert stub.requests == [] and tree(tmp_path) == ["a-file"]


def test_out_read_only(stub, tmp_path, monkeypatch):  # noqa: F811
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: refuse as a read-only mount would
        real = tempfile.mkdtemp

        def refuse(*args, dir=None, **kwargs):
            if dir is not None and Path(dir) == ro:
                raise PermissionError(errno.EROFS, "Read-only file system")
            return real(*args, dir=dir, **kwargs)

        monkeypatch.setattr(common.tempfile, "mkdtemp", refuse)
    try:
        line = one_error(fetch_cli(ro / "new" / "ext"), exit_code=2)
    finally:
        ro.chmod(0o755)
    assert f"--out {ro / 'new' / 'ext'} cannot be written ({ro}:" in line
    assert stub.requests == [] and tree(ro) == []
