"""The README's production command: gunicorn with two workers over one database
(SQLite and PostgreSQL).

Both worker processes must accept a login made through the other (they share
REPORTGEN_SECRET_KEY), and a draft saved through one must be read through the
other. The session cookie is ``Secure`` outside debug, so this test carries it
by hand over plain HTTP on 127.0.0.1, as the TLS proxy in front would.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from reportgen.store import Store
from reportgen.web.checking import evaluate, status_record
from reportgen.web.forms import load_spec
from tests.web.conftest import CSRF_RE, PASSWORD, example_case, free_port, wait_for_port

GUNICORN = Path(sys.executable).with_name("gunicorn")


class Client:
    """A tiny HTTP client that keeps cookies whatever their Secure flag says."""

    def __init__(self, port: int, timeout: float = 120):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
        status, data, got = self.request_bytes(method, path, form)
        return status, data.decode("utf-8", "replace"), got

    def request_bytes(self, method: str, path: str,
                      form: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
        """The answer's status, body as bytes, and headers (lower-case names)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        data = response.read()
        status, got = response.status, {k.lower(): v for k, v in response.getheaders()}
        conn.close()
        return status, data, got


@pytest.fixture
def gunicorn(tmp_path, db_url):
    assert GUNICORN.is_file(), "gunicorn is a dev dependency; run scripts/setup.sh"
    url = db_url  # migrated and empty, SQLite and PostgreSQL in turn
    store = Store(url)
    with store.write() as session:
        worker = store.create_user(session, "worker", PASSWORD, "social_worker", team="A")
        raw = example_case()
        spec = load_spec()
        draft = store.create_draft(session, worker, raw, status_record(evaluate(raw, spec, set(spec.ids)),
                                                                     set(spec.ids)))
        draft_id = draft.id
    store.dispose()
    port = free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "DATABASE_URL": url, "REPORTGEN_SECRET_KEY": "k" * 64}
    errors = tmp_path / "error.log"
    proc = subprocess.Popen(
        [str(GUNICORN), "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile", str(log),
         "--access-logformat", "%(p)s %(s)s %(U)s", "--error-logfile", str(errors), "reportgen.web:create_app()"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, proc, "gunicorn", errors)
    try:
        yield port, log, draft_id
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_two_workers_share_logins_and_data(gunicorn):
    port, log, draft_id = gunicorn
    client = Client(port)
    status, page, _ = client.request("GET", "/login")
    assert status == 200
    token = CSRF_RE.search(page).group(1)
    status, _, headers = client.request("POST", "/login",
                                        {"username": "worker", "password": PASSWORD, "csrf_token": token})
    assert status == 302, "login refused"
    assert "/login" not in headers.get("location", "")

    # A sync worker reading a request cannot accept another. One connection sends
    # only part of its request, so the worker that took it waits; the downloads
    # made meanwhile go to the other worker; then the first request is finished.
    # Each worker must honour the login and see the draft.
    path = f"/drafts/{draft_id}/download/pdf"
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    held = socket.create_connection(("127.0.0.1", port), timeout=120)
    try:
        held.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode("ascii"))
        time.sleep(0.5)  # let one worker accept it
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda _: client.request("GET", path), range(4)))
        held.sendall(f"Cookie: {cookie}\r\nConnection: close\r\n\r\n".encode("ascii"))
        answer = b""
        while chunk := held.recv(65536):
            answer += chunk
    finally:
        held.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert [status for status, _, _ in results] == [200] * 4
    assert all(headers["content-type"] == "application/pdf" for _, _, headers in results)

    deadline = time.monotonic() + 10
    while True:  # the access log is written after each answer is sent
        served = [line.split() for line in log.read_text().splitlines()]
        pids = {pid for pid, code, logged in served if logged == path and code == "200"}
        if len(pids) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(pids) == 2, f"one worker served every request: {served}"
