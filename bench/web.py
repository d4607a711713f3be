"""Benchmark the wizard over loopback with a bounded number of simulated workers.

Usage::

    .venv/bin/python bench/web.py [--workers 20] [--rounds 25] [--think 1.0] [--database URL]

The server runs in its own process (werkzeug's threaded server from the
application factory, as ``reportgen serve`` runs it) on a fresh SQLite file
unless ``--database`` names another database. Each simulated worker logs in,
then repeatedly loads a step page, autosaves the step with changed text (a step
save) and refreshes the draft's findings, each on its own draft. Prints p50 /
p95 / p99 in milliseconds per operation and the error count. The goal on a
2-core machine with SQLite: p95 under 50 ms for a save at 20 workers, no errors.

``--think`` is the pause (seconds, jittered +-50 %) a simulated worker takes
between rounds: a person's autosave is debounced, so a round per second or
two is the realistic pace. ``--think 0`` is a stress test: every worker
hammers the server back to back, and one Python process (one core's worth of
CPU under the GIL) becomes the queue.
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _stats import percentile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "01-complete-sibling-group.json"
PASSWORD = "bench-password"
STEP = "wishes"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
FIELD = re.compile(r'name="(version|digest)" value="([^"]*)"')


def listening_socket() -> socket.socket:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(128)
    s.set_inheritable(True)
    return s


def prepare(url: str, workers: int) -> list[int]:
    """Migrate, create one social worker and one draft each; return the draft ids."""
    from argon2 import PasswordHasher

    from reportgen.store import Store, migrate

    migrate(url)
    store = Store(url, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    case = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    ids = []
    with store.write() as session:
        for n in range(workers):
            user = store.create_user(session, f"bench{n}", PASSWORD, "social_worker", team="bench")
            ids.append(store.create_draft(session, user, case).id)
    store.dispose()
    return ids


def serve(url: str, fd: int) -> None:
    """One server process, accepting on the listening socket the parent passed in."""
    import logging

    from werkzeug.serving import make_server

    from reportgen.web import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would dominate
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False})
    make_server("127.0.0.1", 0, app, threaded=True, fd=fd).serve_forever()


class Worker(threading.Thread):
    def __init__(self, base: str, n: int, draft: int, rounds: int, think: float, times: dict[str, list[float]],
                 errors: list[str], lock: threading.Lock):
        super().__init__(daemon=True)
        self.base, self.n, self.draft, self.rounds, self.think = base, n, draft, rounds, think
        self.times, self.errors, self.lock = times, errors, lock
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, kind: str | None, path: str, data: dict[str, str] | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"X-Requested-With": "fetch"}
                                         if kind == "save" else {})
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                text = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as err:
            text, status = err.read().decode(errors="replace"), err.code
        except OSError as err:
            with self.lock:
                self.errors.append(f"{kind}: {err}")
            return ""
        elapsed = (time.perf_counter() - start) * 1000
        if status >= 400:
            with self.lock:
                self.errors.append(f"{kind}: HTTP {status}")
        elif kind:
            with self.lock:
                self.times[kind].append(elapsed)
        return text

    def run(self) -> None:
        page = self.call(None, "/login")
        token = CSRF.search(page)
        if not token:
            self.errors.append("login page without token")
            return
        self.call(None, "/login", {"username": f"bench{self.n}", "password": PASSWORD, "csrf_token": token.group(1)})
        step = f"/drafts/{self.draft}/step/{STEP}"
        html = self.call("page load", step)
        fields = dict(FIELD.findall(html))
        token = CSRF.search(html)
        if not token or "version" not in fields:
            self.errors.append("step page without form")
            return
        pace = random.Random(self.n)
        for r in range(self.rounds):
            if self.think:
                time.sleep(self.think * pace.uniform(0.5, 1.5))
            self.call("page load", step)
            saved = self.save(step, token.group(1), fields, r)
            if saved:
                answer = json.loads(saved)
                fields = {"version": str(answer["version"]), "digest": answer["digest"]}
            self.call("findings refresh", f"/drafts/{self.draft}/findings")

    def save(self, step: str, token: str, fields: dict[str, str], r: int) -> str:
        return self.call("step save", step + "/autosave", {
            "csrf_token": token, "version": fields["version"], "digest": fields["digest"],
            "child.wishes": f"Round {r} of worker {self.n}: the child wants to stay with her aunt.",
            "child.child_statement": "Interviewed at the aunt's home.", "child.case_plan_input": "",
        })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a worker's rounds (0 = stress)")
    parser.add_argument("--database", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--processes", type=int, default=2,
                        help="server processes sharing one socket, like 'gunicorn -w N' (default 2: one per core)")
    parser.add_argument("--serve", nargs=2, metavar=("URL", "FD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    tmp = tempfile.TemporaryDirectory(prefix="reportgen-bench-")
    url = args.database or f"sqlite:///{tmp.name}/bench.sqlite3"
    drafts = prepare(url, args.workers)
    sock = listening_socket()
    servers = [subprocess.Popen([sys.executable, __file__, "--serve", url, str(sock.fileno())],
                                pass_fds=(sock.fileno(),)) for _ in range(max(1, args.processes))]
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        for _ in range(100):
            if any(server.poll() is not None for server in servers):
                raise SystemExit("a server process exited before serving; see its error above")
            try:
                urllib.request.urlopen(base + "/login", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        times: dict[str, list[float]] = {"step save": [], "findings refresh": [], "page load": []}
        errors: list[str] = []
        lock = threading.Lock()
        started = time.perf_counter()
        workers = [Worker(base, n, drafts[n], args.rounds, args.think, times, errors, lock) for n in range(args.workers)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        wall = time.perf_counter() - started
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        sock.close()
        tmp.cleanup()
    kind = "SQLite" if url.startswith("sqlite") else url.split(":", 1)[0]
    print(f"reportgen wizard benchmark: {args.workers} workers x {args.rounds} rounds, think {args.think} s, "
          f"{args.processes} server process(es), {kind}, {wall:.1f} s wall")
    print(f"{'operation':<18} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, values in times.items():
        print(f"{name:<18} {len(values):>6} {percentile(values, 0.50):>8.1f} {percentile(values, 0.95):>8.1f} "
              f"{percentile(values, 0.99):>8.1f} {statistics.fmean(values) if values else float('nan'):>8.1f}")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))


if __name__ == "__main__":
    main()
