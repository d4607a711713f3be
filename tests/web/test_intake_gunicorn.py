"""The clerk's background verification under the README's production command: gunicorn, two workers,
one database (SQLite and PostgreSQL). The upload answers at once; the batch's progress lives in the
database, so either worker answers the poll, and the batch ends with every file's result."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reportgen.store import Store
from tests.web.conftest import CSRF_RE, PASSWORD, ROOT, free_port, wait_for_port
from tests.web.test_gunicorn import GUNICORN, Client

RENDERED = ROOT / "examples" / "rendered"
#: Rounds of simultaneous polls before giving up on seeing both workers answer (not a timing: a bound).
MAX_ROUNDS = 200


@pytest.fixture
def clerk_server(tmp_path: Path, db_url: str) -> Iterator[tuple[int, Path, Path]]:
    assert GUNICORN.is_file(), "gunicorn is a dev dependency; run scripts/setup.sh"
    store = Store(db_url)
    with store.write() as session:
        store.create_user(session, "clerk", PASSWORD, "clerk")
    store.dispose()
    port, log, errors, spool = free_port(), tmp_path / "access.log", tmp_path / "error.log", tmp_path / "spool"
    env = {**os.environ, "DATABASE_URL": db_url, "REPORTGEN_SECRET_KEY": "k" * 64,
           "REPORTGEN_INTAKE_SPOOL": str(spool)}
    proc = subprocess.Popen(
        [str(GUNICORN), "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile", str(log),
         "--access-logformat", "%(p)s %(s)s %(U)s", "--error-logfile", str(errors), "reportgen.web:create_app()"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, proc, "gunicorn", errors)
    try:
        yield port, log, spool
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def multipart(token: str, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'.encode()]
    for name, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="pdfs"; filename="{name}"\r\n'
                     "Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_either_worker_answers_the_poll_and_the_batch_finishes(clerk_server: tuple[int, Path, Path]) -> None:
    import http.client
    import json

    port, log, spool = clerk_server
    client = Client(port)
    _, page, _ = client.request("GET", "/login")
    token = CSRF_RE.search(page).group(1)  # type: ignore[union-attr]
    status, _, _ = client.request("POST", "/login", {"username": "clerk", "password": PASSWORD, "csrf_token": token})
    assert status == 302
    _, page, _ = client.request("GET", "/intake/")
    token = CSRF_RE.search(page).group(1)  # type: ignore[union-attr]
    files = [(name, (RENDERED / name).read_bytes())
             for name in ("01-complete-sibling-group.pdf", "02-no-concurrent-plan.pdf", "05-siblings-split.pdf")]
    body, kind = multipart(token, files)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", "/intake/verify", body=body, headers={
        "Content-Type": kind, "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())})
    response = conn.getresponse()
    response.read()
    assert response.status == 303
    batch = response.getheader("Location", "")
    assert batch.startswith("/intake/batches/")
    conn.close()

    progress = batch + "/progress"
    answers: list[dict[str, object]] = []
    with ThreadPoolExecutor(4) as pool:
        for _ in range(MAX_ROUNDS):
            answers += [json.loads(text) for status, text, _ in pool.map(lambda _: client.request("GET", progress),
                                                                         range(4)) if status == 200]
            served = [line.split() for line in log.read_text().splitlines()]
            pids = {pid for pid, code, path in served if path == progress and code == "200"}
            if len(pids) == 2 and answers[-1]["finished"]:
                break
            time.sleep(0.1)
    assert len(pids) == 2, "one worker answered every poll"
    assert answers[-1] == {"total": 3, "done": 3, "finished": True, "counts": {"pass": 3, "fail": 0, "unreadable": 0}}
    status, page, _ = client.request("GET", batch)
    assert status == 200 and "Draft — 2 objections open" in page
    assert list(spool.iterdir()) == []  # every spooled file and folder removed
