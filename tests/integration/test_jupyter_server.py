"""`make lab`'s promise, headless: a Jupyter server on notebooks/ lists the notebooks and starts a kernel.

The server runs as a subprocess on a free loopback port with a random token; it is always stopped.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import tradebrief
from tradebrief.run.pipeline import NOTEBOOKS as PIPELINE_NOTEBOOKS

requests = pytest.importorskip("requests", reason="requests is in the 'dev' extra")

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
EXPECTED = {f"{name}.ipynb" for name in PIPELINE_NOTEBOOKS}
START_TIMEOUT_S = 60
KERNEL_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, what: str, server: subprocess.Popen | None = None):
    """Poll `check()` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            pytest.fail(f"the Jupyter server exited with code {server.returncode} while waiting for {what}")
        try:
            value = check()
            if value:
                return value
        except requests.RequestException as exc:
            last_error = exc
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what} (last error: {last_error})")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, authorised session, token) of a Jupyter server rooted at notebooks/."""
    port, token = free_port(), secrets.token_hex(16)
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_CONFIG_DIR": str(runtime / "config"),
           "JUPYTER_DATA_DIR": str(runtime / "data"), "JUPYTER_PLATFORM_DIRS": "1"}
    log = (runtime / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--port-retries=0",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={NOTEBOOKS}",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],  # CI containers run as root
        stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Authorization"] = f"token {token}"
    try:
        wait_until(lambda: session.get(f"{base}/api/status", timeout=5).ok, START_TIMEOUT_S,
                   "the server's /api/status", process)
        yield base, session, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()
        session.close()


def test_token_is_required(server) -> None:
    base, _session, _token = server
    assert requests.get(f"{base}/api/contents", timeout=10).status_code == 403


def test_notebooks_are_listed(server) -> None:
    base, session, _token = server
    response = session.get(f"{base}/api/contents", timeout=10)
    response.raise_for_status()
    listed = {item["name"] for item in response.json()["content"] if item["type"] == "notebook"}
    missing = EXPECTED - listed
    assert not missing, f"notebooks/ as the lab sees it lacks {sorted(missing)}; it lists {sorted(listed)}"


def test_notebook_opens_through_the_api(server) -> None:
    base, session, _token = server
    response = session.get(f"{base}/api/contents/01_trade.ipynb", timeout=10)
    response.raise_for_status()
    cells = response.json()["content"]["cells"]
    assert any("parameters" in cell["metadata"].get("tags", []) for cell in cells)


def execute(base: str, token: str, kernel_id: str, code: str, timeout: float) -> tuple[str, str]:
    """Run `code` in the kernel over its websocket; return (reply status, stdout text)."""
    import websocket  # websocket-client, a dependency of jupyter_server

    url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels?token={token}"
    msg_id = uuid.uuid4().hex
    request = {"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                          "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
               "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
               "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                           "allow_stdin": False, "stop_on_error": True}}
    deadline = time.monotonic() + timeout
    channel = websocket.create_connection(url, timeout=timeout)
    try:
        channel.send(json.dumps(request))
        stdout, status, idle = [], None, False
        while status is None or not idle:  # the reply, and iopub idle: all output has arrived
            if time.monotonic() > deadline:
                pytest.fail(f"no execute_reply within {timeout:.0f} s")
            message = json.loads(channel.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["header"]["msg_type"], message["content"]
            if kind == "stream" and content["name"] == "stdout":
                stdout.append(content["text"])
            elif kind == "error":
                stdout.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return status, "".join(stdout)
    finally:
        channel.close()


def test_kernel_starts_runs_the_package_and_is_deleted(server) -> None:
    base, session, token = server
    response = session.post(f"{base}/api/kernels", json={"name": "python3"}, timeout=30)
    assert response.status_code == 201, response.text
    kernel_id = response.json()["id"]
    try:
        assert session.get(f"{base}/api/kernels/{kernel_id}", timeout=5).json()["name"] == "python3"
        status, out = execute(base, token, kernel_id, "import tradebrief\nprint(tradebrief.__version__)",
                              KERNEL_TIMEOUT_S)
        assert status == "ok", f"the kernel could not import tradebrief: {out}"
        assert out.strip() == tradebrief.__version__
        def settled() -> str | None:
            state = session.get(f"{base}/api/kernels/{kernel_id}", timeout=5).json().get("execution_state")
            return state if state in {"idle", "busy"} else None

        assert wait_until(settled, KERNEL_TIMEOUT_S, "the kernel to report idle or busy") in {"idle", "busy"}
    finally:
        deleted = session.delete(f"{base}/api/kernels/{kernel_id}", timeout=30)
    assert deleted.status_code == 204, deleted.text
    assert session.get(f"{base}/api/kernels/{kernel_id}", timeout=5).status_code == 404
