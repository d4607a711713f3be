"""Benchmark: how long the clerk's upload of 50 PDFs holds a web request, and how long the batch takes.

The upload only spools the files and logs them (verification runs in the
background), so the request should answer in a fraction of a second
however many files it carries; the batch then finishes at the sandbox's pace.
Each round uploads ``--files`` distinct copies of the rendered examples (new
digests, so the log's "already received" does not apply) through Flask's test
client over a temporary SQLite database, then polls the batch's progress until
every file has its result. Prints the median and 95th percentile of the upload
request and of the whole batch, and the files verified per second. A benchmark
prints figures; it asserts nothing.

    .venv/bin/python bench/intake_web.py [--rounds 5] [--files 50]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _stats import percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def copies(count: int, round_no: int) -> list[tuple[bytes, str]]:
    import pikepdf

    from reportgen.intake import integrity

    sources = sorted((ROOT / "examples" / "rendered").glob("*.pdf"))
    out = []
    for n in range(count):
        source = sources[n % len(sources)]
        with pikepdf.open(source) as pdf:
            pdf.docinfo["/ReportgenBenchCopy"] = f"{round_no}-{n}"
            integrity.add_placeholders(pdf.trailer)
            buf = io.BytesIO()
            pdf.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        out.append((integrity.seal(buf.getvalue()), f"{n:03d}-{source.name}"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=50)
    args = parser.parse_args()

    from argon2 import PasswordHasher

    from reportgen.store import migrate
    from reportgen.web import create_app, get_store, intake_queue

    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    migrate(url)
    spool = work / "spool"
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench", "INTAKE_SPOOL": str(spool),
                      "PASSWORD_HASHER": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)})
    store = get_store(app)
    with store.write() as session:
        store.create_user(session, "clerk", "bench-password", "clerk")
    client = app.test_client()
    csrf = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
    login = csrf.search(client.get("/login").get_data(as_text=True))
    assert login
    client.post("/login", data={"username": "clerk", "password": "bench-password", "csrf_token": login.group(1)})
    token = csrf.search(client.get("/intake/").get_data(as_text=True))
    assert token, "the clerk could not log in"
    uploads: list[float] = []
    batches: list[float] = []
    for round_no in range(args.rounds):
        files = copies(args.files, round_no)
        started = time.perf_counter()
        response = client.post("/intake/verify", content_type="multipart/form-data", data={
            "csrf_token": token.group(1), "pdfs": [(io.BytesIO(data), name) for data, name in files]})
        answered = time.perf_counter()
        response.request.input_stream.close()
        location = response.headers.get("Location", "")
        if response.status_code != 303 or "/batches/" not in location:
            print(f"round {round_no}: the upload answered {response.status_code}")
            return
        while not client.get(location + "/progress").get_json()["finished"]:
            time.sleep(0.05)
        done = time.perf_counter()
        uploads.append(answered - started)
        batches.append(done - started)
        print(f"round {round_no}: upload answered in {answered - started:.3f} s, batch of {args.files} done in "
              f"{done - started:.2f} s")
    intake_queue.verifier().drain()
    store.dispose()
    print(f"load average {os.getloadavg()[0]:.1f}; {args.files} PDFs per upload, {args.rounds} rounds")
    print(f"upload request: median {statistics.median(uploads):.3f} s, p95 {percentile(uploads, 0.95):.3f} s")
    print(f"whole batch:    median {statistics.median(batches):.2f} s, p95 {percentile(batches, 0.95):.2f} s "
          f"({args.files / statistics.median(batches):.1f} PDFs/s)")


if __name__ == "__main__":
    main()
