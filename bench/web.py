"""Benchmark the wizard over loopback with a bounded number of simulated workers.

Usage::

    .venv/bin/python bench/web.py [--workers 20] [--rounds 25] [--think 1.0] [--database URL]

The server runs in its own processes (waitress with a pool of ``--threads`` threads from the
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
``--downloaders 2`` adds two more users who download their draft's PDF back to
back, each download after a save (so each one renders: an unchanged version
would be served from the render cache), while the workers save: the save
percentiles then show what renders cost everyone else. ``--render-workers 0``
renders inside the request (no pool) for the comparison; ``--gunicorn`` runs
the README's production command (``gunicorn -w PROCESSES``, ``--threads`` to
add threads) instead.

``--postgres`` runs on a throwaway PostgreSQL cluster (initdb/pg_ctl on a unix socket, as
the tests start one) instead of SQLite; ``--queue`` then sets
``REPORTGEN_RENDER_QUEUE=procrastinate`` and starts one ``reportgen render-worker`` (with as many
render processes as the web processes' pools would have had) on this same machine. The last
line gives the web workers' processor time over the run divided by the saves ("CPU per save":
every request of the run counts, page loads, findings refreshes and downloads included; the
render processes do not).

Measured on the 2-core development machine on 3 December 2026 (evening), ``--gunicorn
--threads 8`` on SQLite unless said, 20 workers x 25 rounds. Other engineers' test suites ran
on and off; "load" is the load average at each run's start (the run itself adds about one, and
two busy render processes one or two more). Save p50 / p95 in ms, PDFs made, web CPU per save:

==========================================  =====  ===============  ====  ==============
run                                         load   save p50 / p95   PDFs  web CPU / save
==========================================  =====  ===============  ====  ==============
before (19ddc7b), no downloads              1.3    33 / 161         -     51.3 ms
before, 2 downloaders                       1.7    100 / 635        39    52.1 ms
before, 2 downloaders                       3.0    70 / 272         45    51.2 ms
render processes niced per session, 2 dl.   3.0    57 / 189         13    50.3 ms
after (9ce58e9 on), no downloads           3.3    23 / 57          -     39.6 ms
after, no downloads                         4.6    24 / 74          -     40.0 ms
after, no downloads                         2.8    33 / 116         -     39.8 ms
after, 2 downloaders                        1.9    28 / 79          42    35.4 ms
after, 2 downloaders                        2.7    26 / 73          54    34.8 ms
after, 2 downloaders                        2.9    29 / 81          36    34.6 ms
after, 2 downloaders                        2.5    33 / 84          44    39.5 ms
after, 2 downloaders                        2.1    44 / 136         32    47.7 ms
after, PostgreSQL, 2 downloaders            2.8    28 / 81          51    36.6 ms
==========================================  =====  ===============  ====  ==============

What changed. The render processes' nice 10 had no effect: each runs in a session of its own,
and with Linux's autogroup scheduling (on by default) a nice value only ranks a process within
its session, so two renders took as much processor as the two web processes together; they now
also lower their session's autogroup priority (reportgen/web/renderworker.py), and downloads stop
moving the saves' p95 much (renders take longer instead). The web CPU per request was cut by
a quarter: a web process that reads a version's findings back no longer loads the case with the
schema to make a step page (each child's age and deadlines are kept with the findings), drafts
are copied as JSON trees instead of with deepcopy and one copy fewer per evaluation, paths are
parsed once, a step page binds its form once and reads the version and approvals only when
there are comments, and each web process reads steps.yml (0.64 s of CPU) once before serving
instead of in every thread of the first burst. A download costs the web process about 20 ms
of CPU (the gate's evaluation of the case, its digest, the cache row): the rendering, the PDF's
embedded data and its metadata are all made in the render process.

In one process (Flask test client, SQLite; a "miss" is the other web process, reading the kept
findings back), alternated with the code before at load 2.5-3, CPU per operation: page load
5.6-7.4 ms (before 5.9-7.0), on a miss 7.7-10.9 ms (before 11.3-15.4); findings refresh 2.3-3.1
(1.9-2.2), on a miss 4.3-6.3 (3.1-4.4); step save 14-20 ms (12-17). A save and a miss now also
compute every page's unanswered questions (the step list's progress, added meanwhile by another
change): the saves' share of the cuts went to that.

The goal, save p95 under 50 ms while two users download, was not met by the changes above:
begun at load 1.9 (the quietest window this evening) a run gave 79 ms, and at load 2-3 the best
runs 73-84 ms with downloads and 57-61 ms without (p50 23-33 ms). What was left was mostly the save
itself (about 15 ms of CPU: the schema load of the whole case 2.5-4.5 ms, the rules about 1, the
progress of every page, the SQL) under two processes of eight threads sharing two cores.

The save's CPU, later the same evening (commits fb32909 to the partial load by answer): a save
validates only the answers it changed (inside a changed child or group, only the changed keys),
against the newest valid evaluation of the draft its process holds (the full load only when
something is wrong or nothing is held); Store.save_draft runs statements built once on a
connection of its own (no ORM session, 11 statements a save instead of 12) and the user and draft
reads are Core queries; the findings' digest is of the stored JSON text; the unanswered questions
are read from each child's node; the step list's links take one url_for per child; the rules and
the kept deadlines share one set of child views and one timeline per child. In one process (Flask
test client, 200 autosaves of the example's wishes step x 5, alternated three times with the code
before at load 0.6-1.1), CPU in the application per save: before 8.3-9.6 ms, after 4.2-4.8 (the
lowest of each run 8.28 / 8.29 / 8.66 against 4.24 / 4.29 / 4.24: 49-51 % less). Alternated runs
of this benchmark (``--gunicorn --threads 8 --downloaders 2``, 20 x 25; "before" is the tree of
20:16 with the wizard's files as they were before those commits, other engineers' render changes
up to then included; load at each run's start):

==========================================  =====  ===============  ====  ==============
run                                         load   save p50 / p95   PDFs  web CPU / save
==========================================  =====  ===============  ====  ==============
before                                      3.8    25.5 / 83.2      25    27.8 ms
before                                      3.1    17.2 / 34.0      91    26.2 ms
before                                      2.9    18.4 / 41.5      82    25.6 ms
before                                      2.0    16.2 / 34.3      106   24.2 ms
before                                      2.0    15.0 / 35.2      109   23.3 ms
after (at b80b861, before the shared views) 4.7    12.5 / 25.8      77    21.8 ms
after (at b36b3aa, the shared views)        3.0    11.3 / 25.8      79    19.4 ms
after (at b36b3aa)                          2.7    11.9 / 26.4      76    19.6 ms
after (partial load by answer)              0.7    8.4 / 16.9       129   17.0 ms
after (partial load by answer)              1.9    9.3 / 20.8       119   17.9 ms
==========================================  =====  ===============  ====  ==============

The goal is met in every run after (p95 17-26 ms, p99 33-48 ms), and the p50 a third to a half lower.
Before the changes p95 went from 34 to 83 ms with the load of the other engineers' jobs (renders
had also got cheaper meanwhile: more PDFs per run for both); after, it stayed at 26 ms or less from
load 0.7 to 4.7. The web CPU per save (every request counted: page loads, findings refreshes and
the downloads, each about 20 ms of the web process) fell by a quarter while the runs after made
as many PDFs or more.

``--postgres --queue`` against the local pool was measured earlier the same day at load 8-16
(save p95 948-1011 ms with the pool, 1086-1516 ms with the queue and its worker on this same
machine): on one box the queue cannot help; its point is render workers on other machines.

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
from typing import Any

from _stats import percentile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "01-complete-sibling-group.json"
PASSWORD = "bench-password"
STEP = "wishes"  # a per-child step: the first child's page
CHILD = "?child=sofia"  # the example's first child
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
FIELD = re.compile(r'name="(version|digest)" value="([^"]*)"')


def login_hasher(spec: str | None) -> Any:
    """The application's hasher, or argon2id with ``--argon2 MIB,T,P`` (to compare settings)."""
    from argon2 import PasswordHasher

    from reportgen.web.auth import password_hasher

    if not spec:
        return password_hasher()
    mib, t, p = (int(x) for x in spec.split(","))
    return PasswordHasher(time_cost=t, memory_cost=mib * 1024, parallelism=p)


def prepare_logins(url: str, users: int, hasher: Any) -> None:
    """Migrate and create ``users`` social workers with passwords hashed by ``hasher`` (for ``--logins``):
    a login verifies with the parameters its stored hash names."""
    from reportgen.store import Store, migrate

    migrate(url)
    store = Store(url, hasher=hasher)
    with store.write() as session:
        for n in range(users):
            store.create_user(session, f"login{n}", PASSWORD, "social_worker", team="bench")
    store.dispose()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def login_burst(base: str, users: int) -> tuple[list[float], list[float], list[str], float]:
    """Every user at once: the login page, the login, their first page. Returns the login
    times, the times to the first page (from the burst's start), the errors and the wall time."""
    logins: list[float] = []
    firsts: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    gate = threading.Barrier(users)
    started = [0.0]

    def one(n: int) -> None:
        jar = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "http")))
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        stay = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        try:
            page = opener.open(base + "/login", timeout=120).read().decode()
            token = CSRF.search(page)
            assert token, "login page without token"
            if gate.wait() == 0:
                started[0] = time.perf_counter()
            body = urllib.parse.urlencode({"username": f"login{n}", "password": PASSWORD,
                                           "csrf_token": token.group(1)}).encode()
            start = time.perf_counter()
            try:
                stay.open(base + "/login", data=body, timeout=120).read()
                raise AssertionError("login refused")
            except urllib.error.HTTPError as err:  # the 302 to the first page, not followed here
                landing = err.headers.get("Location", "")
                if err.code != 302 or "/login" in landing:
                    raise AssertionError(f"login refused (HTTP {err.code})") from None
            logged_in = time.perf_counter()
            opener.open(urllib.parse.urljoin(base, landing), timeout=120).read()
            done = time.perf_counter()
            with lock:
                logins.append((logged_in - start) * 1000)
                firsts.append(done)
        except (OSError, AssertionError, threading.BrokenBarrierError) as err:
            with lock:
                errors.append(f"login: {err}")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    firsts = [(t - started[0]) * 1000 for t in firsts]
    return logins, firsts, errors, max(firsts, default=0.0) / 1000


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


def start_postgres(folder: str) -> tuple[str, Any]:
    """A throwaway PostgreSQL 15 cluster on a unix socket in ``folder`` (as tests/web/conftest.py
    starts one); returns its URL and a function that stops it."""
    import os
    import shutil

    pg_bin = Path("/usr/lib/postgresql/15/bin")
    base = Path(folder) / "pg"
    base.mkdir()

    def as_postgres(cmd: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd

    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(base, "postgres", "postgres")
    subprocess.run(as_postgres([str(pg_bin / "initdb"), "-D", str(base / "data"), "-A", "trust", "-U", "app",
                                "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
    options = f"-k {base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c max_connections=200"
    subprocess.run(as_postgres([str(pg_bin / "pg_ctl"), "-D", str(base / "data"), "-o", options, "-w",
                                "-l", str(base / "log"), "start"]), check=True, capture_output=True)
    subprocess.run(as_postgres([str(pg_bin / "createdb"), "-h", str(base), "-U", "app", "reportgen"]), check=True)

    def stop() -> None:
        subprocess.run(as_postgres([str(pg_bin / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate", "-w",
                                    "stop"]), capture_output=True)

    return f"postgresql+psycopg://app@/reportgen?host={base}", stop


def cpu_seconds(pid: int) -> float:
    """A process's user + system CPU time so far (from /proc; 0 when it is gone)."""
    import os

    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (gunicorn's workers below its master)."""
    import os

    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return out


def start_gunicorn(url: str, processes: int, threads: int, render_workers: int | None,
                   queue: bool = False) -> tuple[list[subprocess.Popen[bytes]], str]:
    """The README's production command on a free port."""
    import os

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, DATABASE_URL=url, REPORTGEN_SECRET_KEY="bench")
    if render_workers is not None:
        env["REPORTGEN_RENDER_WORKERS"] = str(render_workers)
    if queue:
        env["REPORTGEN_RENDER_QUEUE"] = "procrastinate"
    command = [str(Path(sys.executable).with_name("gunicorn")), "-w", str(processes), "-b", f"127.0.0.1:{port}",
               "--log-level", "warning"]
    if threads > 1:
        command += ["--threads", str(threads)]
    server = subprocess.Popen([*command, "reportgen.web:create_app()"], env=env, cwd=ROOT)
    return [server], f"http://127.0.0.1:{port}"


def serve(url: str, fd: int, threads: int) -> None:
    """One server process as ``reportgen serve`` runs it (waitress, a pool of ``threads``
    threads), accepting on the listening socket the parent passed in."""
    from waitress.server import create_server

    from reportgen.web import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False})
    create_server(app, sockets=[socket.socket(fileno=fd)], threads=threads).run()


class Worker(threading.Thread):
    def __init__(self, base: str, n: int, draft: int, rounds: int, think: float, times: dict[str, list[float]],
                 errors: list[str], lock: threading.Lock):
        super().__init__(daemon=True)
        self.base, self.n, self.draft, self.rounds, self.think = base, n, draft, rounds, think
        self.times, self.errors, self.lock = times, errors, lock
        # The session cookie is Secure outside debug (gunicorn); loopback http stands in for the TLS proxy.
        jar = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "http")))
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(self, kind: str | None, path: str, data: dict[str, str] | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"X-Requested-With": "fetch"}
                                         if kind == "save" else {})
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                body = response.read()
                text = "" if kind == "pdf download" else body.decode()
                status = response.status
        except urllib.error.HTTPError as err:
            text, status = err.read().decode(errors="replace"), err.code
        except OSError as err:
            with self.lock:
                self.errors.append(f"{kind}: {err}")
            return ""
        elapsed = (time.perf_counter() - start) * 1000
        if status == 503 and kind == "pdf download":
            with self.lock:
                self.times["pdf not ready (503)"].append(elapsed)
        elif status >= 400:
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
        html = self.call("page load", step + CHILD)
        fields = dict(FIELD.findall(html))
        token = CSRF.search(html)
        if not token or "version" not in fields:
            self.errors.append("step page without form")
            return
        pace = random.Random(self.n)
        for r in range(self.rounds):
            if self.think:
                time.sleep(self.think * pace.uniform(0.5, 1.5))
            self.call("page load", step + CHILD)
            saved = self.save(step, token.group(1), fields, r)
            if saved:
                answer = json.loads(saved)
                fields = {"version": str(answer["version"]), "digest": answer["digest"]}
            self.call("findings refresh", f"/drafts/{self.draft}/findings")

    def download_loop(self, stop: threading.Event) -> None:
        """A user downloading their PDF again and again, each time after a save (a new version)."""
        step, token, fields = self.begin()
        r = 0
        while not stop.is_set() and token:
            saved = self.save(step, token, fields, r, kind="downloader save")
            if saved:
                answer = json.loads(saved)
                fields = {"version": str(answer["version"]), "digest": answer["digest"]}
            self.call("pdf download", f"/drafts/{self.draft}/download/pdf")
            r += 1

    def begin(self) -> tuple[str, str, dict[str, str]]:
        page = self.call(None, "/login")
        token = CSRF.search(page)
        if not token:
            self.errors.append("login page without token")
            return "", "", {}
        self.call(None, "/login", {"username": f"bench{self.n}", "password": PASSWORD, "csrf_token": token.group(1)})
        step = f"/drafts/{self.draft}/step/{STEP}"
        html = self.call(None, step + CHILD)
        fields = dict(FIELD.findall(html))
        token = CSRF.search(html)
        if not token or "version" not in fields:
            self.errors.append("step page without form")
            return "", "", {}
        return step, token.group(1), fields

    def save(self, step: str, token: str, fields: dict[str, str], r: int, kind: str = "step save") -> str:
        answer = self.call(kind, step + "/autosave" + CHILD, {
            "csrf_token": token, "version": fields["version"], "digest": fields["digest"], "child_index": "0",
            "children[0].wishes": f"Round {r} of worker {self.n}: the child wants to stay with her aunt.",
            "children[0].child_statement": "Interviewed at the aunt's home.", "children[0].case_plan_input": "",
        })
        if answer and (json.loads(answer).get("refused") or json.loads(answer)["version"] <= int(fields["version"])):
            with self.lock:  # the bench must measure real saves (a path the wizard ignores saves nothing)
                self.errors.append(f"{kind}: nothing was saved")
        return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a worker's rounds (0 = stress)")
    parser.add_argument("--database", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--processes", type=int, default=2,
                        help="server processes sharing one socket, like 'gunicorn -w N' (default 2: one per core)")
    parser.add_argument("--downloaders", type=int, default=0,
                        help="more users, each saving then downloading its PDF back to back (default 0)")
    parser.add_argument("--render-workers", type=int, default=None,
                        help="REPORTGEN_RENDER_WORKERS for the servers (0: render in the request, no pool)")
    parser.add_argument("--gunicorn", action="store_true", help="run the README's gunicorn command")
    parser.add_argument("--threads", type=int, default=None,
                        help="gunicorn --threads with --gunicorn (default 1); else each waitress process's "
                             "threads, as `reportgen serve --threads` (default 8)")
    parser.add_argument("--logins", type=int, default=0,
                        help="instead: N users log in at once (hashed as the application hashes); login p95")
    parser.add_argument("--argon2", metavar="MIB,T,P", help="with --logins: hash the users with these instead")
    parser.add_argument("--postgres", action="store_true",
                        help="run on a throwaway PostgreSQL cluster (as the tests start one) instead of SQLite")
    parser.add_argument("--queue", action="store_true",
                        help="REPORTGEN_RENDER_QUEUE=procrastinate and one `reportgen render-worker` process "
                             "(needs --postgres or a PostgreSQL --database)")
    parser.add_argument("--serve", nargs=2, metavar=("URL", "FD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]), args.threads or 8)
        return
    import os

    if args.threads is None:
        args.threads = 1 if args.gunicorn else 8
    if args.render_workers is not None:
        os.environ["REPORTGEN_RENDER_WORKERS"] = str(args.render_workers)
    load_at_start = os.getloadavg()[0]
    tmp = tempfile.TemporaryDirectory(prefix="reportgen-bench-")
    stop_postgres = None
    if args.postgres:
        url, stop_postgres = start_postgres(tmp.name)
    else:
        url = args.database or f"sqlite:///{tmp.name}/bench.sqlite3"
    if args.logins:
        prepare_logins(url, args.logins, login_hasher(args.argon2))
        drafts = []
    else:
        drafts = prepare(url, args.workers + args.downloaders)
    sock = listening_socket()
    helpers: list[subprocess.Popen[bytes]] = []
    if args.queue:
        os.environ["REPORTGEN_RENDER_QUEUE"] = "procrastinate"
        helpers.append(subprocess.Popen([str(Path(sys.executable).with_name("reportgen")), "render-worker",
                                         "--database-url", url, "--processes", str(queue_processes(args))],
                                        stderr=subprocess.DEVNULL))
    if args.gunicorn:
        sock.close()
        servers, base = start_gunicorn(url, max(1, args.processes), args.threads, args.render_workers, args.queue)
    else:
        servers = [subprocess.Popen([sys.executable, __file__, "--serve", url, str(sock.fileno()),
                                     "--threads", str(args.threads)],
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
        if args.logins:
            logins, firsts, errors, wall = login_burst(base, args.logins)
            report_logins(args, url, logins, firsts, errors, wall)
            return
        times: dict[str, list[float]] = {"step save": [], "findings refresh": [], "page load": []}
        if args.downloaders:
            times.update({"downloader save": [], "pdf download": [], "pdf not ready (503)": []})
        errors: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()
        downloaders = []
        for n in range(args.workers, args.workers + args.downloaders):
            user = Worker(base, n, drafts[n], 0, 0, times, errors, lock)
            downloaders.append(threading.Thread(target=user.download_loop, args=(stop,), daemon=True))
        for d in downloaders:
            d.start()
        web = [p for server in servers for p in (children(server.pid) if args.gunicorn else [server.pid])]
        cpu_before = sum(cpu_seconds(p) for p in web)
        client_before = time.process_time()
        started = time.perf_counter()
        workers = [Worker(base, n, drafts[n], args.rounds, args.think, times, errors, lock) for n in range(args.workers)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        wall = time.perf_counter() - started
        cpu = sum(cpu_seconds(p) for p in web) - cpu_before
        client = time.process_time() - client_before
        load = os.getloadavg()
        stop.set()
        for d in downloaders:
            d.join(timeout=60)
    finally:
        for server in [*servers, *helpers]:
            server.terminate()
            server.wait(timeout=30)
        sock.close()
        if stop_postgres is not None:
            stop_postgres()
        tmp.cleanup()
    kind = "SQLite" if url.startswith("sqlite") else url.split(":", 1)[0]
    server = (f"gunicorn -w {args.processes}" + (f" --threads {args.threads}" if args.threads > 1 else "")
              if args.gunicorn else f"{args.processes} waitress process(es) x {args.threads} threads")
    pool = {None: "default", 0: "none (render in the request)"}.get(args.render_workers, str(args.render_workers))
    if args.queue:
        pool = f"procrastinate queue, one render-worker with {queue_processes(args)} render processes"
    print(f"reportgen wizard benchmark: {args.workers} workers x {args.rounds} rounds, think {args.think} s, "
          f"{server}, {kind}, {args.downloaders} PDF downloader(s), render pool {pool}, {wall:.1f} s wall, "
          f"load average {load[0]:.1f} at the end (at the start {load_at_start:.1f})")
    print(f"{'operation':<18} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, values in times.items():
        print(f"{name:<18} {len(values):>6} {percentile(values, 0.50):>8.1f} {percentile(values, 0.95):>8.1f} "
              f"{percentile(values, 0.99):>8.1f} {statistics.fmean(values) if values else float('nan'):>8.1f}")
    saves = len(times["step save"]) + len(times.get("downloader save", []))
    print(f"web workers' CPU: {cpu:.1f} s for {saves} saves = {cpu * 1000 / max(saves, 1):.1f} ms per save "
          "(every request of the run counted: page loads, findings refreshes, downloads; render processes not)")
    print(f"this benchmark's own client threads: {client:.1f} s of CPU (on the same machine)")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))


def queue_processes(args: argparse.Namespace) -> int:
    """The render worker's processes with --queue: --render-workers, else as many as the web
    processes' pools would have had (one per web process), so both modes render as much at once."""
    return max(1, args.render_workers or max(1, args.processes))


def report_logins(args: argparse.Namespace, url: str, logins: list[float], firsts: list[float], errors: list[str],
                  wall: float) -> None:
    h = login_hasher(args.argon2)
    kind = "SQLite" if url.startswith("sqlite") else url.split(":", 1)[0]
    server = f"gunicorn -w {args.processes}" if args.gunicorn else f"{args.processes} waitress process(es)"
    print(f"reportgen login burst: {args.logins} users at once, {server}, {kind}; argon2id "
          f"m={h.memory_cost // 1024} MiB t={h.time_cost} p={h.parallelism}; last first page after {wall:.1f} s")
    print(f"{'operation':<18} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, values in (("login", logins), ("first page at", firsts)):
        print(f"{name:<18} {len(values):>6} {percentile(values, 0.50):>8.1f} {percentile(values, 0.95):>8.1f} "
              f"{percentile(values, 0.99):>8.1f} {statistics.fmean(values) if values else float('nan'):>8.1f}")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))


if __name__ == "__main__":
    main()
