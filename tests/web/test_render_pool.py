"""Downloads render in the warm render pool and are kept in the database for every web process.

Two application instances over one PostgreSQL database (and, in the last test,
two gunicorn processes) stand for two web processes (or two machines): a PDF rendered through the first
is served by the second from ``render_cache`` without a render, until the draft
changes. A render that is not ready within the wait gives the "being prepared"
page (503, Retry-After), keeps going, and is served from the cache afterwards.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from reportgen.render.embed import extract_case_bytes
from reportgen.store import Store
from reportgen.web import get_store, renderpool
from tests.web.conftest import AuthActions, example_family, make_app
from tests.web.test_gunicorn import Client


@pytest.fixture
def pg_url(postgres_url: str) -> str:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:  # the conftest's truncation runs only for db_url's tests
        conn.execute(text("TRUNCATE render_cache, review_decisions, attorney_reviews, attorney_profiles, "
                          "intake_files, audit_log, attorney_assignments, draft_shares, drafts, users "
                          "RESTART IDENTITY CASCADE"))
    engine.dispose()
    return postgres_url


@pytest.fixture
def two_apps(pg_url: str) -> Iterator[tuple[Flask, Flask]]:
    first, second = make_app(pg_url), make_app(pg_url)
    yield first, second
    get_store(first).dispose()
    get_store(second).dispose()


class Pools:
    """One pool per web process; ``use(name)`` makes that one the process's shared pool."""

    def __init__(self) -> None:
        self.first, self.second = renderpool.RenderPool(1), renderpool.RenderPool(1)
        self.current = self.first

    def use(self, name: str) -> None:
        self.current = getattr(self, name)

    def __getitem__(self, name: str) -> renderpool.RenderPool:
        pool: renderpool.RenderPool = getattr(self, name)
        return pool


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> Iterator[Pools]:
    made = Pools()
    monkeypatch.setattr(renderpool, "shared", lambda: made.current)
    yield made
    made.first.close()
    made.second.close()


def use(pools: Pools, name: str) -> None:
    pools.use(name)


def draft_of(store: Store) -> int:
    with store.write() as session:
        user = store.create_user(session, "worker", "correct horse battery", "social_worker", team="A")
        return store.create_draft(session, user, example_family()).id


def logged_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert AuthActions(client).login("worker").status_code == 302
    return client


def test_a_pdf_rendered_by_one_process_is_served_by_the_other_from_the_cache(two_apps, pools) -> None:
    first, second = two_apps
    draft = draft_of(get_store(first))
    url = f"/drafts/{draft}/download/pdf"

    use(pools, "first")
    made = logged_in(first).get(url)
    assert made.status_code == 200 and made.data[:5] == b"%PDF-"
    assert pools["first"].renders == 1
    assert extract_case_bytes(made.data)["court"]["case_number"] == example_family()["court"]["case_number"]

    use(pools, "second")
    client = logged_in(second)
    served = client.get(url)
    assert served.status_code == 200 and served.data == made.data
    assert pools["second"].renders == 0, "the second process rendered instead of serving the stored PDF"
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Cache-Control"] == "no-store"

    # A new version is a new digest: rendered again (by whichever process is asked), then stored.
    store = get_store(second)
    current = store.get_draft(draft)
    assert current is not None
    changed = current.case
    changed["children"][0]["wishes"] = "She wants to stay with her aunt and see her brothers every week."
    store.save_draft(draft, changed, current.version, current.status)
    again = client.get(url)
    assert again.status_code == 200 and again.data != made.data
    assert pools["second"].renders == 1
    use(pools, "first")
    assert logged_in(first).get(url).data == again.data
    assert pools["first"].renders == 1


def test_one_row_per_draft_and_format(two_apps, pools) -> None:
    first, _ = two_apps
    store = get_store(first)
    draft = draft_of(store)
    client = logged_in(first)
    for fmt, magic in (("pdf", b"%PDF-"), ("docx", b"PK")):
        assert client.get(f"/drafts/{draft}/download/{fmt}").data.startswith(magic)
    current = store.get_draft(draft)
    assert current is not None
    changed = current.case
    changed["court"]["department"] = "Dept. 7"
    store.save_draft(draft, changed, current.version, current.status)
    assert client.get(f"/drafts/{draft}/download/pdf").status_code == 200
    with store.read() as session:
        rows = session.execute(text("SELECT fmt, count(*) FROM render_cache WHERE draft_id = :d GROUP BY fmt"),
                               {"d": draft}).all()
    assert sorted(tuple(r) for r in rows) == [("docx", 1), ("pdf", 1)]


def test_a_slow_render_gives_the_being_prepared_page_and_is_kept(two_apps, pools, monkeypatch) -> None:
    first, _ = two_apps
    draft = draft_of(get_store(first))
    client = logged_in(first)
    url = f"/drafts/{draft}/download/pdf"
    monkeypatch.setenv(renderpool.ENV_WAIT, "0")
    waiting = client.get(url)
    assert waiting.status_code == 503
    assert waiting.headers["Retry-After"] == "5" and waiting.headers["Refresh"] == "5"
    assert "The report is being prepared" in waiting.get_data(as_text=True)
    assert "try again in a few seconds" in waiting.get_data(as_text=True)
    deadline = time.monotonic() + 120
    while pools["first"]._jobs and time.monotonic() < deadline:  # noqa: SLF001 - the render goes on
        time.sleep(0.2)
    assert not pools["first"]._jobs  # noqa: SLF001
    ready = client.get(url)
    assert ready.status_code == 200 and ready.data[:5] == b"%PDF-"
    assert pools["first"].renders == 1, "the finished render was not kept"


def test_a_full_queue_and_a_failed_render_are_503_pages(two_apps, pools, monkeypatch) -> None:
    first, _ = two_apps
    draft = draft_of(get_store(first))
    client = logged_in(first)
    monkeypatch.setattr(renderpool, "QUEUE_PER_WORKER", 0)
    busy = client.get(f"/drafts/{draft}/download/pdf")
    assert busy.status_code == 503 and "being prepared" in busy.get_data(as_text=True)
    assert pools["first"].renders == 0
    monkeypatch.setattr(renderpool, "QUEUE_PER_WORKER", 4)

    def fails(*_args: object) -> bytes:
        raise renderpool.RenderFailed("MemoryError")

    monkeypatch.setattr(pools["first"], "_run", fails)
    failed = client.get(f"/drafts/{draft}/download/docx")
    assert failed.status_code == 503 and failed.headers["Retry-After"] == "60" and "Refresh" not in failed.headers
    page = failed.get_data(as_text=True)
    assert "could not be made just now" in page and "Sofia" not in page


def test_render_workers_are_warm_niced_and_reused(pools) -> None:
    pool = pools["first"]
    case = example_family()
    from reportgen.schema import dump_case, load_case

    data = dump_case(load_case(case))
    key = renderpool.digest(data, "docx")
    kept: list[bytes] = []
    for _ in range(2):
        assert pool.submit(1, "docx", key + "x" * len(kept), renderpool.encode(data), kept.append).result(120)[:2] == b"PK"
    assert len(kept) == 2
    [worker] = pool._idle  # noqa: SLF001 - one process did both
    assert os.getpriority(os.PRIO_PROCESS, worker.process.pid) >= 10
    # In a session of its own, under Linux's autogroup scheduling, only its session's nice value
    # ranks it below the web processes (its own nice counts within the session alone).
    autogroup = Path(f"/proc/{worker.process.pid}/autogroup")
    if autogroup.exists():
        assert autogroup.read_text(encoding="ascii").split()[-1] == "10", autogroup.read_text(encoding="ascii")
    assert worker.jobs == 2


def test_the_digest_follows_the_case_the_format_and_the_profile(monkeypatch) -> None:
    from reportgen.schema import dump_case, load_case

    data = dump_case(load_case(example_family()))
    base = renderpool.digest(data, "pdf")
    assert renderpool.digest(data, "pdf") == base
    assert renderpool.digest(data, "docx") != base
    other = dict(data, court=dict(data["court"], case_number="JV-2026-000001"))
    assert renderpool.digest(other, "pdf") != base
    monkeypatch.setenv("REPORTGEN_PROFILE", "findings-first")
    assert renderpool.digest(data, "pdf") != base


def test_without_a_pool_the_request_renders_and_keeps_it(two_apps, pools, monkeypatch) -> None:
    first, second = two_apps
    draft = draft_of(get_store(first))
    monkeypatch.setenv(renderpool.ENV_WORKERS, "0")
    made = logged_in(first).get(f"/drafts/{draft}/download/docx")
    assert made.status_code == 200 and made.data[:2] == b"PK"
    assert pools["first"].renders == 0
    use(pools, "second")
    monkeypatch.setenv(renderpool.ENV_WORKERS, "1")
    assert logged_in(second).get(f"/drafts/{draft}/download/docx").data == made.data
    assert pools["second"].renders == 0


# --- two real web processes --------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc), whatever its session."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _render_workers_below(pid: int) -> int:
    count = 0
    for child in _children(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as f:
                count += b"reportgen.web.renderworker" in f.read()
        except OSError:
            pass
    return count


class Browser(Client):
    """Cookies kept whatever their Secure flag (the TLS proxy's part), bodies as bytes."""

    def __init__(self, port: int):
        super().__init__(port, timeout=120)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:  # type: ignore[override]
        status, data, _ = self.request_bytes(method, path, form)
        return status, data

    def login(self) -> None:
        import re

        _, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
        assert token
        status, _ = self.request("POST", "/login", {"username": "worker", "password": "correct horse battery",
                                                    "csrf_token": token.group(1).decode()})
        assert status == 302


def test_two_gunicorn_processes_share_the_rendered_pdf(pg_url: str, tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    from tests.web.conftest import free_port, wait_for_port

    store = Store(pg_url)
    draft = draft_of(store)
    store.dispose()
    env = {**os.environ, "DATABASE_URL": pg_url, "REPORTGEN_SECRET_KEY": "k" * 64, "REPORTGEN_RENDER_WORKERS": "1"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    servers = []
    try:
        for _ in range(2):  # two app processes, as on two machines: one worker each, threads for waiting
            port = free_port()
            proc = subprocess.Popen([str(gunicorn), "-w", "1", "--threads", "4", "-b", f"127.0.0.1:{port}",
                                     "reportgen.web:create_app()"], cwd=tmp_path, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            servers.append((proc, port))
        for proc, port in servers:
            wait_for_port(port, proc, "gunicorn")
        (one, one_port), (other, other_port) = servers
        first, second = Browser(one_port), Browser(other_port)
        first.login()
        second.login()
        status, made = first.request("GET", f"/drafts/{draft}/download/pdf")
        assert status == 200 and made[:5] == b"%PDF-"
        assert _render_workers_below(one.pid) == 1
        status, served = second.request("GET", f"/drafts/{draft}/download/pdf")
        assert status == 200 and served == made
        assert _render_workers_below(other.pid) == 0, "the second process started a render worker"
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=30)
