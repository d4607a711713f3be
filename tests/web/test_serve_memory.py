"""``reportgen serve`` keeps its memory flat over 200 renders.

The server runs as its own process (``reportgen serve`` on SQLite, with its render pool);
the test saves a new version of the draft before each of 200 downloads (a PDF, then three
DOCX, in turn: 50 PDFs), so each download is a render and a new row in the render cache, and reads the
resident memory of the serving process and of every process below it (its render worker)
from /proc. After a warm-up of 20 downloads (imports, fonts, caches filling to their
bounds) the tree may grow by at most :data:`BOUND_MB` over the next 180, the serving process
alone by :data:`SERVER_BOUND_MB`: 0.3 MB a render, as the server grew when it rendered in its
own threads, would be 54 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reportgen.store import Store, migrate
from tests.web.conftest import free_port, wait_for_port
from tests.web.test_render_pool import Browser, _children, draft_of

REPORTGEN = Path(sys.executable).with_name("reportgen")
DOWNLOADS, WARM_UP = 200, 20
#: Growth allowed from the end of the warm-up to the last download, in MB: the whole process tree
#: (the render worker's caches grow a little until it is retired after 200 renders; measured
#: 0.5-7 MB), and the serving process alone (measured flat to 0.1 MB).
BOUND_MB, SERVER_BOUND_MB = 12.0, 4.0


def rss_kb(pid: int) -> int:
    """Resident memory of one process (VmRSS from /proc), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    return sum(rss_kb(p) for p in [pid, *_children(pid)]) / 1024


def test_serve_memory_stays_flat_over_200_renders(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'reportgen.sqlite3'}"
    migrate(url)
    store = Store(url)
    draft = draft_of(store)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "REPORTGEN_DATA_DIR": str(tmp_path / "data"),
           "REPORTGEN_SECRET_KEY": "k" * 64, "REPORTGEN_RENDER_WORKERS": "1"}
    env.pop("REPORTGEN_RENDER_QUEUE", None)
    server = subprocess.Popen([str(REPORTGEN), "serve", "--port", str(port)], env=env, cwd=tmp_path,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server, "reportgen serve")
        browser = Browser(port)
        browser.login()
        samples: list[float] = []
        own: list[float] = []  # the serving process alone (its render worker is retired after 200 renders)
        for i in range(DOWNLOADS):
            current = store.get_draft(draft)
            assert current is not None
            case = current.case
            case["children"][0]["wishes"] = f"She wants to see her brothers every week ({i})."
            store.save_draft(draft, case, current.version, current.status)
            fmt = "pdf" if i % 4 == 0 else "docx"  # 50 PDFs: the suite stays fast
            status, data = browser.request("GET", f"/drafts/{draft}/download/{fmt}")
            assert status == 200 and data[:2] in (b"%P", b"PK"), (i, status)
            samples.append(tree_rss_mb(server.pid))
            own.append(rss_kb(server.pid) / 1024)
        warm, last = samples[WARM_UP - 1], max(samples[-10:])
        print(f"serve tree RSS MB every 20 downloads: {[round(s, 1) for s in samples[::20]]}, last {samples[-1]:.1f}; "
              f"the server alone: {[round(s, 1) for s in own[::20]]}, last {own[-1]:.1f}")
        assert last - warm < BOUND_MB, (
            f"the server's processes grew from {warm:.1f} MB after {WARM_UP} renders to {last:.1f} MB after "
            f"{DOWNLOADS} (samples every 20: {[round(s, 1) for s in samples[::20]]})")
        assert max(own[-10:]) - own[WARM_UP - 1] < SERVER_BOUND_MB, (
            f"the serving process grew from {own[WARM_UP - 1]:.1f} MB to {max(own[-10:]):.1f} MB")
    finally:
        store.dispose()
        server.terminate()
        server.wait(timeout=30)
