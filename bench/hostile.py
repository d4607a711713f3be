"""Benchmark: the PDF bombs of tests/hostile_files.py on both upload pages.

Starts the application in this process (a Flask test client over a temporary
SQLite database: this process *is* the web worker), logs in as the clerk and as
the attorney, and uploads each bomb ``--runs`` times to ``/intake/verify`` and
to ``/attorney/review``. For each it prints the status, the time (median and
p95), the web worker's resident memory after the uploads against before
(VmRSS), and the peak resident memory of the sandbox workers that read it
(their VmHWM, read from /proc while they live). Then the clerk's normal
per-PDF verification: a rendered example through the sandbox against the
checks run in this process (what every front door did before the sandbox). A
benchmark prints figures; it asserts nothing.

    .venv/bin/python bench/hostile.py [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from _stats import percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password-1234"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def rss_kb(pid: int | str = "self", key: str = "VmRSS") -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith(f"{key}:")), 0)
    except OSError:
        return 0


class PeakOfWorkers:
    """Samples the sandbox workers' peak resident memory (VmHWM) while they live."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            for child in Path("/proc").glob("[0-9]*"):
                try:
                    if "reportgen.untrusted.worker" in (child / "cmdline").read_bytes().decode("utf-8", "replace"):
                        self.peak_kb = max(self.peak_kb, rss_kb(child.name, "VmHWM"))
                except OSError:
                    continue
            time.sleep(0.02)

    def __enter__(self) -> PeakOfWorkers:
        for child in Path("/proc").glob("[0-9]*"):  # a kept worker's high-water mark starts again here
            try:
                if "reportgen.untrusted.worker" in (child / "cmdline").read_bytes().decode("utf-8", "replace"):
                    (child / "clear_refs").write_text("5")
            except OSError:
                continue
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def csrf(client, path: str) -> str:  # type: ignore[no-untyped-def]
    found = CSRF_RE.search(client.get(path).get_data(as_text=True))
    assert found, path
    return found.group(1)


def login(client, name: str) -> None:  # type: ignore[no-untyped-def]
    client.post("/logout", data={"csrf_token": csrf(client, "/login")})
    client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": csrf(client, "/login")})


def clerk_upload(client, data: bytes, name: str) -> int:  # type: ignore[no-untyped-def]
    token = csrf(client, "/intake/")
    response = client.post("/intake/verify", data={"csrf_token": token, "pdfs": [(io.BytesIO(data), name)]},
                           content_type="multipart/form-data")
    response.request.input_stream.close()
    return int(response.status_code)


def attorney_upload(client, data: bytes, name: str) -> int:  # type: ignore[no-untyped-def]
    token = csrf(client, "/attorney/")
    response = client.post("/attorney/review", data={"csrf_token": token, "report": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    response.request.input_stream.close()
    return int(response.status_code)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="uploads of each bomb to each page (default 3)")
    args = parser.parse_args()
    from reportgen.store import migrate
    from reportgen.web import create_app, get_store
    from tests.hostile_files import PDF_BOMBS

    print(f"{os.cpu_count()} CPU(s); load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    good = (ROOT / "examples" / "rendered" / "01-complete-sibling-group.pdf").read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        migrate(url)
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url})
        store = get_store(app)
        with store.write() as session:
            for name in ("clerk", "attorney"):
                store.create_user(session, name, PASSWORD, name)
        client = app.test_client()
        pages = (("clerk", "/intake", clerk_upload), ("attorney", "/attorney", attorney_upload))
        for role, _, send in pages:  # warm: templates, database, a sandbox worker
            login(client, role)
            send(client, good, "warm-up.pdf")
        print(f"{'bomb':<24} {'size':>7}  {'page':<9} {'status':>6} {'median':>8} {'p95':>8}  "
              f"{'web worker RSS':>20}  {'sandbox peak':>12}")
        for name, make in PDF_BOMBS.items():
            data = make()
            for role, page, send in pages:
                login(client, role)
                before = rss_kb()
                times, codes = [], set()
                with PeakOfWorkers() as peak:
                    for _ in range(args.runs):
                        start = time.perf_counter()
                        codes.add(send(client, data, name))
                        times.append(time.perf_counter() - start)
                after = rss_kb()
                times.sort()
                print(f"{name:<24} {len(data):>7}  {page:<9} {','.join(map(str, sorted(codes))):>6} "
                      f"{statistics.median(times):>7.2f}s {percentile(times, 0.95):>7.2f}s  "
                      f"{before / 1024:>6.0f} -> {after / 1024:>4.0f} MB ({(after - before) / 1024:+.0f})  "
                      f"{peak.peak_kb / 1024:>9.0f} MB")
    normal(good, max(10, args.runs * 10))


def normal(good: bytes, rounds: int) -> None:
    """The clerk's per-PDF verification of a good report: through the sandbox, and in this process (before)."""
    from reportgen.intake import verify_bytes, verify_received

    for label, verify in (("sandbox (now)", verify_received), ("in this process (before)", verify_bytes)):
        verify(good, "warm.pdf")
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            verify(good, "report.pdf")
            times.append(time.perf_counter() - start)
        times.sort()
        print(f"clerk's verification of a good report, {label}: median {statistics.median(times) * 1000:.1f} ms, "
              f"p95 {percentile(times, 0.95) * 1000:.1f} ms over {rounds}")


if __name__ == "__main__":
    main()
