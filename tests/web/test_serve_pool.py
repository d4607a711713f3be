"""``reportgen serve`` answers with a bounded pool of threads, however many clients connect.

werkzeug's ``run_simple(threaded=True)``, which ``serve`` ran before, started one thread per
connection: thirty clients that send half a request (a slow phone line, or someone holding
connections open on purpose) were thirty threads, each waiting, and a burst of requests grew
the process's threads and memory without limit. ``serve --threads 2`` (waitress) reads each
request in full on its one I/O thread before a pool thread takes it, so the held connections
hold no thread, every other request is still answered, and the process's threads (counted in
/proc/PID/task) stay at the pool's size plus a few of its own. The count is read after a
request sent after the held ones has been answered: the server accepts connections in order,
so by then it has accepted every held one (and, under the old server, started its thread).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reportgen.store import Store, migrate
from tests.web.conftest import free_port, wait_for_port
from tests.web.test_gunicorn import Client
from tests.web.test_render_pool import draft_of

REPORTGEN = Path(sys.executable).with_name("reportgen")
THREADS, HELD, BURST = 2, 30, 30
#: Threads of the serving process besides the request pool: the main thread (waitress's I/O
#: loop) and room for a helper or two a library may start. Far below the thirty held clients.
OWN_THREADS = 3


def threads_of(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def test_serve_answers_with_a_bounded_pool_of_threads(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'reportgen.sqlite3'}"
    migrate(url)
    store = Store(url)
    try:
        draft = draft_of(store)
    finally:
        store.dispose()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "REPORTGEN_DATA_DIR": str(tmp_path / "data"),
           "REPORTGEN_SECRET_KEY": "k" * 64}
    env.pop("REPORTGEN_RENDER_QUEUE", None)
    server = subprocess.Popen([str(REPORTGEN), "serve", "--port", str(port), "--threads", str(THREADS)],
                              env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    held: list[socket.socket] = []
    try:
        wait_for_port(port, server, "reportgen serve")
        client = Client(port, timeout=60)
        client.request("GET", "/login")
        for _ in range(HELD):  # half a request each: the headers never end
            conn = socket.create_connection(("127.0.0.1", port), timeout=60)
            conn.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            held.append(conn)

        with ThreadPoolExecutor(BURST) as pool:  # a burst of whole requests meanwhile: each is answered
            statuses = list(pool.map(lambda _: client.request("GET", "/login")[0], range(BURST)))
        assert statuses == [200] * BURST
        count = threads_of(server.pid)
        assert count <= THREADS + OWN_THREADS, (
            f"{count} threads in the serving process with {HELD} clients holding half a request "
            f"(a pool of {THREADS} was asked for)")

        for conn in held:  # the held requests are still answered once they are complete
            conn.sendall(b"Connection: close\r\n\r\n")
        for conn in held:
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert server.poll() is None
        status, _, _ = client.request("GET", f"/drafts/{draft}/review")  # not logged in: sent to the login
        assert status == 302
    finally:
        for conn in held:
            conn.close()
        server.terminate()
        server.wait(timeout=30)
