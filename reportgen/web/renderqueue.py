"""Renders on other machines: downloads through procrastinate, a job queue on PostgreSQL.

With ``REPORTGEN_RENDER_QUEUE=procrastinate`` and a PostgreSQL ``DATABASE_URL``, a web
process renders nothing itself. A download whose version is not in ``render_cache``:

1. writes the case to render into ``render_requests`` (one row per draft and format,
   under the digest the document will be kept by; migration 0008);
2. defers a procrastinate job that carries the draft id, the format and the digest, never
   case data (a queueing lock per digest: a second download of the same version while the
   job waits adds no job; a job lock per draft and format: two workers never render one
   draft's format at once);
3. waits for the document to appear in ``render_cache`` (polling, at most
   ``REPORTGEN_RENDER_WAIT`` seconds), else the download gets the same "being prepared,
   try again" page as with the local pool, whose ``Refresh`` asks again by itself.

``reportgen render-worker`` (:mod:`reportgen.cli.render_worker`), on this machine or
another with the same ``DATABASE_URL`` and templates, runs procrastinate's worker: each job
reads its case from ``render_requests``, renders it in a warm render process
(:class:`reportgen.web.renderpool.RenderPool`: WeasyPrint and fonts loaded once, nice 10,
retired after 200 renders), keeps the document in ``render_cache`` and deletes the request.
A job whose request was replaced by a newer version, or whose document is already kept, is
done at once. A failed render is recorded by its kind (never its message, which may quote
the case) for the waiting download, which says so; the next download asks again.

Jobs live in PostgreSQL (procrastinate's tables, created by migration 0008), so they survive
a restart of the web processes or of the worker, and a worker that is down only delays them.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from typing import Any

import procrastinate
import psycopg
from procrastinate.exceptions import AlreadyEnqueued, ProcrastinateException
from sqlalchemy import Column, DateTime, Integer, LargeBinary, MetaData, String, Table, Text, delete, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from reportgen.render.templates import TemplateError
from reportgen.store import Store, utcnow
from reportgen.web.renderpool import ENV_QUEUE, RenderBusy, RenderFailed, RenderPool, cached, encode, keep

log = logging.getLogger(__name__)

QUEUE = "reportgen-renders"
TASK = "reportgen.render_document"
#: How often a waiting download looks for its document, at first and at most (seconds).
POLL_FIRST, POLL_MAX = 0.05, 0.5

#: The case a download asked for (migration 0008). Core, not the ORM: only this module reads it.
render_requests = Table(
    "render_requests", MetaData(),
    Column("draft_id", Integer, primary_key=True),
    Column("fmt", String(8), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("case_json", LargeBinary, nullable=False),
    Column("settings", Text, nullable=False),
    Column("failure", Text, nullable=True),
    Column("requested_at", DateTime, nullable=False),
)


def enabled(store: Store) -> bool:
    """Whether downloads go through the queue: asked for, and the database is PostgreSQL
    (SQLite is one machine's database; it keeps the local pool)."""
    return os.environ.get(ENV_QUEUE, "").strip().lower() == "procrastinate" \
        and store.engine.dialect.name == "postgresql"


def conninfo(url: str) -> str:
    """libpq's form of a SQLAlchemy URL (``postgresql+psycopg://…`` → ``postgresql://…``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# --- the task, shared by the web processes (which defer it) and the worker (which runs it) ------

tasks = procrastinate.Blueprint()


@tasks.task(name=TASK, queue=QUEUE, pass_context=True,
            retry=procrastinate.RetryStrategy(max_attempts=3, wait=2, retry_exceptions={OperationalError}))
def render_document(context: procrastinate.JobContext, draft_id: int, fmt: str, digest: str) -> str:
    """Render one draft version's document and keep it (runs in ``reportgen render-worker``)."""
    worker: Worker = context.additional_context["renderer"]
    return worker.perform(draft_id, fmt, digest)


async def retry_stalled(app: procrastinate.App) -> int:
    """Put back in the queue the render jobs of workers that stopped without finishing them (killed,
    or their machine lost): their heartbeat is older than 30 s. Else the job lock per draft and
    format would hold every later render of that draft back. Returns how many."""
    manager = app.job_manager
    stalled = list(await manager.get_stalled_jobs(queue=QUEUE, task_name=f"reportgen:{TASK}"))
    for job in stalled:
        await manager.retry_job(job)
    return len(stalled)


@tasks.periodic(cron="* * * * *", periodic_id="stalled")
@tasks.task(name="reportgen.retry_stalled_renders", queue=QUEUE, queueing_lock="reportgen-retry-stalled",
            pass_context=True)
async def retry_stalled_renders(context: procrastinate.JobContext, timestamp: int) -> int:
    """Every minute, in whichever render worker takes it: :func:`retry_stalled`."""
    return await retry_stalled(context.app)


def make_app(url: str, **pool: Any) -> procrastinate.App:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url), **pool))
    app.add_tasks_from(tasks, namespace="reportgen")
    return app


_apps: dict[tuple[int, str], procrastinate.App] = {}
_apps_lock = threading.Lock()


def _deferrer(url: str) -> procrastinate.App:
    """This web process's procrastinate app (a small connection pool), opened on first use.
    Keyed by process id: a pool is never used across a fork (gunicorn --preload)."""
    with _apps_lock:
        app = _apps.get((os.getpid(), url))
        if app is None:
            app = make_app(url, min_size=1, max_size=2)
            app.open()
            _apps[(os.getpid(), url)] = app
        return app


# --- the web side ----------------------------------------------------------------------------


def request(store: Store, draft_id: int, fmt: str, key: str, case_json: bytes, env: dict[str, str]) -> None:
    """Record what to render and defer its job (none is added while one for this digest waits)."""
    try:
        with store.write() as session:
            current = session.execute(select(render_requests.c.digest, render_requests.c.failure).where(
                render_requests.c.draft_id == draft_id, render_requests.c.fmt == fmt)).first()
            if current is not None and current.digest == key and current.failure is None:
                pass  # already asked for; its job waits or runs (deferring again is a no-op then)
            else:
                session.execute(delete(render_requests).where(render_requests.c.draft_id == draft_id,
                                                              render_requests.c.fmt == fmt))
                session.execute(insert(render_requests).values(
                    draft_id=draft_id, fmt=fmt, digest=key, case_json=case_json, settings=json.dumps(env),
                    failure=None, requested_at=utcnow()))
    except IntegrityError:  # another download of this draft asked at the same moment
        pass
    job = _deferrer(store.url).configure_task(f"reportgen:{TASK}", queueing_lock=f"render:{draft_id}:{fmt}:{key}",
                                              lock=f"render:{draft_id}:{fmt}")
    try:
        job.defer(draft_id=draft_id, fmt=fmt, digest=key)
    except AlreadyEnqueued:
        pass


def take_failure(store: Store, draft_id: int, fmt: str, key: str) -> Exception | None:
    """The recorded failure of this version's render, as the exception the download reports.
    It is said once: the request is removed, so the next download asks for a render afresh."""
    where = (render_requests.c.draft_id == draft_id, render_requests.c.fmt == fmt, render_requests.c.digest == key,
             render_requests.c.failure.is_not(None))
    with store.read() as session:
        row = session.execute(select(render_requests.c.failure).where(*where)).first()
    if row is None:
        return None
    with store.write() as session:
        session.execute(delete(render_requests).where(*where))
    answer = json.loads(row.failure)
    if answer.get("template"):
        path, problem, line = answer["template"]
        return TemplateError(path, problem, line)
    return RenderFailed(str(answer.get("kind") or "error"))


def document(store: Store, draft_id: int, fmt: str, key: str, case_data: dict[str, Any],
             env: dict[str, str], wait: float) -> bytes:
    """The document, rendered by a render worker; :class:`RenderBusy` when not kept within ``wait``."""
    failed = take_failure(store, draft_id, fmt, key)
    if failed is not None:
        raise failed
    try:
        request(store, draft_id, fmt, key, encode(case_data), env)
    except (ProcrastinateException, SQLAlchemyError, psycopg.Error) as err:  # the page says so; never a 500
        log.warning("the render of draft %s as %s could not be queued: %s", draft_id, fmt, type(err).__name__)
        raise RenderFailed("the render queue could not be reached") from None
    deadline = time.monotonic() + wait
    pause = POLL_FIRST
    while True:
        found = cached(store, draft_id, fmt, key)
        if found is not None:
            return found
        failed = take_failure(store, draft_id, fmt, key)
        if failed is not None:
            raise failed
        left = deadline - time.monotonic()
        if left <= 0:
            raise RenderBusy("not rendered yet by a render worker")
        time.sleep(min(pause, left))
        pause = min(pause * 2, POLL_MAX)


# --- the worker side ---------------------------------------------------------------------------


class Worker:
    """What ``reportgen render-worker`` runs each job with: the database and warm render processes."""

    def __init__(self, store: Store, pool: RenderPool):
        self.store, self.pool = store, pool
        self.rendered = 0

    def perform(self, draft_id: int, fmt: str, key: str) -> str:
        """Render the requested version if it is still the one asked for; say what was done
        (procrastinate keeps it as the job's result: a word, never case data)."""
        with self.store.read() as session:
            row = session.execute(select(render_requests).where(
                render_requests.c.draft_id == draft_id, render_requests.c.fmt == fmt)).first()
        if row is None or row.digest != key or row.failure is not None:
            return "superseded"
        if cached(self.store, draft_id, fmt, key) is None:
            try:
                data = self.pool.submit(draft_id, fmt, key, bytes(row.case_json), lambda _: None,
                                        env=json.loads(row.settings)).result()
            except TemplateError as err:
                self._failed(draft_id, fmt, key, {"template": [str(err.path), err.problem, err.line]})
                return "failed"
            except RenderFailed as err:
                self._failed(draft_id, fmt, key, {"kind": str(err)})
                return "failed"
            keep(self.store, draft_id, fmt, key, data)
            self.rendered += 1
            log.info("render worker %s rendered draft %s as %s", os.getpid(), draft_id, fmt)
        with self.store.write() as session:
            session.execute(delete(render_requests).where(render_requests.c.draft_id == draft_id,
                                                          render_requests.c.fmt == fmt,
                                                          render_requests.c.digest == key))
        return "rendered"

    def _failed(self, draft_id: int, fmt: str, key: str, answer: dict[str, Any]) -> None:
        log.warning("render worker %s could not render draft %s as %s: %s", os.getpid(), draft_id, fmt,
                    answer.get("kind") or "template error")
        with self.store.write() as session:
            session.execute(sql_update(render_requests).where(
                render_requests.c.draft_id == draft_id, render_requests.c.fmt == fmt,
                render_requests.c.digest == key).values(failure=json.dumps(answer)))
