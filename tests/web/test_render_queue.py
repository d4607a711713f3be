"""Renders on another machine through procrastinate (REPORTGEN_RENDER_QUEUE=procrastinate).

Two gunicorn web processes and one separate ``reportgen render-worker`` process over one
PostgreSQL database stand for three machines: a PDF asked for through the first web process
is rendered by the worker (never by a web process: no render process runs below either, and
the worker's log names the render by its own process id and the draft id), then served by
the second web process from the render cache. The queue's job carries ids and the digest
only. A worker that is down gives the "being prepared" page, and the job waits for it; a job
left by a worker that was killed is put back in the queue.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from procrastinate.exceptions import ConnectorException
from sqlalchemy import create_engine, text

from reportgen.render.embed import extract_case_bytes
from reportgen.store import Store
from reportgen.web import get_store, renderpool, renderqueue
from tests.web.conftest import example_family, free_port, make_app, wait_for_port
from tests.web.test_render_pool import Browser, _render_workers_below, draft_of, logged_in

REPORTGEN = Path(sys.executable).with_name("reportgen")
GUNICORN = Path(sys.executable).with_name("gunicorn")
RENDERED = re.compile(r"render worker (\d+) rendered draft (\d+) as (pdf|docx)")


@pytest.fixture
def queue_url(postgres_url: str) -> str:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:  # the conftest's truncation runs only for db_url's tests
        conn.execute(text("TRUNCATE procrastinate_jobs, procrastinate_events, render_requests, render_cache, "
                          "audit_log, drafts, users RESTART IDENTITY CASCADE"))
    engine.dispose()
    return postgres_url


def _env(url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "REPORTGEN_SECRET_KEY": "k" * 64,
           "REPORTGEN_RENDER_QUEUE": "procrastinate", **extra}
    env.pop("REPORTGEN_RENDER_WORKERS", None)
    return env


class RenderWorker:
    """A ``reportgen render-worker`` process; its standard error is kept to be read."""

    def __init__(self, url: str, log: Path, *args: str):
        self.log = log
        with log.open("wb") as err:
            self.proc = subprocess.Popen([str(REPORTGEN), "render-worker", *args], env=_env(url),
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=err, cwd=log.parent)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def renders(self) -> list[tuple[int, int, str]]:
        return [(int(p), int(d), f) for p, d, f in RENDERED.findall(self.text())]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


@pytest.fixture
def worker_log(tmp_path: Path) -> Iterator[list[RenderWorker]]:
    started: list[RenderWorker] = []
    yield started
    for worker in started:
        if worker.proc.poll() is None:
            worker.proc.kill()
            worker.proc.wait(timeout=30)


def _gunicorn(url: str, cwd: Path) -> tuple[subprocess.Popen[bytes], int]:

    port = free_port()
    proc = subprocess.Popen([str(GUNICORN), "-w", "1", "--threads", "4", "-b", f"127.0.0.1:{port}",
                             "reportgen.web:create_app()"], cwd=cwd, env=_env(url),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, proc, "gunicorn")
    return proc, port


def test_a_pdf_asked_on_one_web_process_is_rendered_by_the_worker_and_served_by_the_other(
        queue_url: str, tmp_path: Path, worker_log: list[RenderWorker]) -> None:
    store = Store(queue_url)
    draft = draft_of(store)
    store.dispose()
    worker = RenderWorker(queue_url, tmp_path / "worker.log")
    worker_log.append(worker)
    servers = [_gunicorn(queue_url, tmp_path) for _ in range(2)]
    try:
        (one, one_port), (other, other_port) = servers
        first, second = Browser(one_port), Browser(other_port)
        first.login()
        second.login()
        url = f"/drafts/{draft}/download/pdf"
        status, made = first.request("GET", url)
        for _ in range(10):  # the default wait is 20 s; a slow machine may need the page's Refresh
            if status == 200:
                break
            assert status == 503 and b"being prepared" in made
            time.sleep(2)
            status, made = first.request("GET", url)
        assert status == 200 and made[:5] == b"%PDF-"
        assert extract_case_bytes(made)["court"]["case_number"] == example_family()["court"]["case_number"]
        assert worker.renders() == [(worker.proc.pid, draft, "pdf")], worker.text()
        assert _render_workers_below(one.pid) == 0, "the first web process rendered the PDF itself"
        assert _render_workers_below(worker.proc.pid) == 1, "the worker has no warm render process"

        status, served = second.request("GET", url)
        assert status == 200 and served == made
        assert _render_workers_below(other.pid) == 0, "the second web process rendered"
        assert len(worker.renders()) == 1, "the second download was rendered again instead of served"
        for name in ("Sofia", example_family()["court"]["case_number"]):
            assert name not in worker.text(), "the worker logged case data"
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=30)
    assert worker.stop() == 0
    assert "stopped after 1 render(s)" in worker.text()
    assert _leftover_requests(queue_url) == 0, "the rendered request's case was not removed"


def _leftover_requests(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = int(conn.execute(text("SELECT count(*) FROM render_requests")).scalar_one())
    engine.dispose()
    return count


def test_a_worker_that_is_down_gives_the_being_prepared_page_and_the_job_waits_for_it(
        queue_url: str, tmp_path: Path, worker_log: list[RenderWorker], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(renderpool.ENV_QUEUE, "procrastinate")
    monkeypatch.setenv(renderpool.ENV_WAIT, "1")
    app = make_app(queue_url)
    try:
        draft = draft_of(get_store(app))
        client = logged_in(app)
        url = f"/drafts/{draft}/download/docx"
        for _ in range(2):  # asking again while the job waits adds no second job
            waiting = client.get(url)
            assert waiting.status_code == 503
            assert waiting.headers["Retry-After"] == "5" and waiting.headers["Refresh"] == "5"
            assert "The report is being prepared" in waiting.get_data(as_text=True)

        engine = create_engine(queue_url)
        with engine.connect() as conn:
            jobs = conn.execute(text("SELECT task_name, queue_name, args, status FROM procrastinate_jobs")).all()
        engine.dispose()
        assert len(jobs) == 1
        task_name, queue_name, args, status = jobs[0]
        assert (task_name, queue_name, status) == (f"reportgen:{renderqueue.TASK}", renderqueue.QUEUE, "todo")
        assert set(args) == {"draft_id", "fmt", "digest"} and args["draft_id"] == draft and args["fmt"] == "docx"
        assert re.fullmatch(r"[0-9a-f]{64}", args["digest"])
        payload = json.dumps(list(jobs[0]), default=str)
        family = example_family()
        for value in (family["court"]["case_number"], family["children"][0]["name"], "Ramírez", "Ram\\u00edrez"):
            assert str(value) not in payload, "the job carries case data"

        engine = create_engine(queue_url)
        with engine.begin() as conn:  # a worker took the job and was killed, its record since pruned
            conn.execute(text("UPDATE procrastinate_jobs SET status = 'doing', worker_id = NULL"))
        engine.dispose()
        worker = RenderWorker(queue_url, tmp_path / "worker.log", "--once")  # a worker comes back
        worker_log.append(worker)
        assert worker.proc.wait(timeout=180) == 0, worker.text()
        assert "1 render(s) left by a stopped worker put back in the queue" in worker.text()
        assert [(d, f) for _, d, f in worker.renders()] == [(draft, "docx")]
        assert renderqueue.enabled(get_store(app))
        ready = client.get(url)
        assert ready.status_code == 200 and ready.data[:2] == b"PK"
    finally:
        get_store(app).dispose()


def test_a_failed_render_is_said_by_its_kind_and_asked_again(queue_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(renderpool.ENV_QUEUE, "procrastinate")
    monkeypatch.setenv(renderpool.ENV_WAIT, "0")
    app = make_app(queue_url)
    store = get_store(app)

    class Failing:
        def submit(self, *_args: object, **_kwargs: object) -> object:
            raise renderpool.RenderFailed("MemoryError")

    try:
        draft = draft_of(store)
        client = logged_in(app)
        url = f"/drafts/{draft}/download/pdf"
        assert client.get(url).status_code == 503
        engine = create_engine(queue_url)
        with engine.connect() as conn:
            args = conn.execute(text("SELECT args FROM procrastinate_jobs")).scalar_one()
        engine.dispose()
        worker = renderqueue.Worker(store, Failing())  # type: ignore[arg-type]
        assert worker.perform(args["draft_id"], args["fmt"], args["digest"]) == "failed"
        failed = client.get(url)  # the failure is read once, then the next download asks afresh
        page = failed.get_data(as_text=True)
        assert failed.status_code == 503 and failed.headers["Retry-After"] == "60"
        assert "could not be made just now" in page and "Sofia" not in page
        assert client.get(url).headers.get("Refresh") == "5"
        assert worker.perform(args["draft_id"], "pdf", "0" * 64) == "superseded"

        def unreachable(_url: str) -> object:
            raise ConnectorException("connection refused")

        monkeypatch.setattr(renderqueue, "_deferrer", unreachable)  # the queue's database cannot be reached
        down = client.get(f"/drafts/{draft}/download/docx")
        assert down.status_code == 503 and "could not be made just now" in down.get_data(as_text=True)
    finally:
        store.dispose()


def test_sqlite_and_the_default_setup_keep_the_local_pool(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(db_url)
    store = get_store(app)
    try:
        assert not renderqueue.enabled(store)
        monkeypatch.setenv(renderpool.ENV_QUEUE, "procrastinate")
        assert renderqueue.enabled(store) is (store.engine.dialect.name == "postgresql")
    finally:
        store.dispose()
