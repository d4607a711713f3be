"""Report downloads rendered by a bounded pool of warm worker processes, and kept.

A PDF takes about half a second of processor time to render. Rendered inside
the request, two users downloading at once held both gunicorn workers' CPU and
pushed every other user's save from 20 ms to over 700 ms. So:

* renders run in at most ``REPORTGEN_RENDER_WORKERS`` (default 1; 0 renders
  in the request, as before the pool) worker processes per web process (:mod:`reportgen.web.renderworker`), each started
  once with WeasyPrint imported and the fonts loaded, at a lower priority
  (nice 10) so the kernel gives saves the processor first, and retired after
  :data:`MAX_JOBS` renders so memory stays bounded. The pattern is the
  sandbox's (:mod:`reportgen.untrusted.pool`: a fresh interpreter in its own
  session over a socket pair, JSON headers, killed with its process group), not
  its limits: a report is our own data and template;
* the request waits for its render at most ``REPORTGEN_RENDER_WAIT`` seconds
  (default 20); past that it gets a "being prepared, try again" page (503 with
  ``Retry-After``) while the render finishes in the background, and a second
  request for the same version waits on the same render instead of starting
  another; when the queue is full the page says so at once;
* every rendered document is stored in the database (table ``render_cache``),
  one per draft and format, under the digest of what decides its bytes: the case
  data, the format, the layout id of the template, the county profile's record
  and the court's date (the timeline's "already past" is judged on it). Any
  web process, on any machine, serves an unchanged version from there without
  rendering; a save makes a new digest and the next download replaces the row.

With ``REPORTGEN_RENDER_QUEUE=procrastinate`` and PostgreSQL, the renders go to
``reportgen render-worker`` processes, possibly on other machines, through a job queue
instead (:mod:`reportgen.web.renderqueue`); the cache and the pages stay the same.

Nothing here logs case data: the digest is a hash, the worker's standard error
is discarded, and errors are reported by their kind.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, DateTime, Integer, LargeBinary, MetaData, String, Table, delete, insert, select
from sqlalchemy.exc import IntegrityError

from reportgen.render.templates import TemplateError
from reportgen.store import Store, utcnow
from reportgen.web.renderworker import SETTINGS, decode, encode

log = logging.getLogger(__name__)

ENV_WORKERS = "REPORTGEN_RENDER_WORKERS"
ENV_WAIT = "REPORTGEN_RENDER_WAIT"
#: ``procrastinate``: renders go to ``reportgen render-worker`` processes (:mod:`reportgen.web.renderqueue`).
ENV_QUEUE = "REPORTGEN_RENDER_QUEUE"
DEFAULT_WORKERS = 1
DEFAULT_WAIT = 20.0
#: Renders a worker does before it is replaced (bounds fragmentation and leaks).
MAX_JOBS = 200
#: A render that takes longer than this is stopped (its worker killed and replaced).
RENDER_LIMIT = 120.0
#: Renders waiting or running per worker before a download is told to come back.
QUEUE_PER_WORKER = 4

#: The stored documents (migration 0006). Core, not the ORM: only this module reads it.
render_cache = Table(
    "render_cache", MetaData(),
    Column("draft_id", Integer, primary_key=True),
    Column("fmt", String(8), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


class RenderBusy(Exception):
    """The render is not ready within the wait (or the queue is full); it may be asked again."""


class RenderFailed(Exception):
    """The worker could not render (its reason's kind only, never case text)."""


# --- what decides a document's bytes -------------------------------------------------------


def settings() -> dict[str, str]:
    """The environment a render depends on, as this web process sees it now."""
    return {key: os.environ[key] for key in SETTINGS if os.environ.get(key)}


def digest(case_data: dict[str, Any], fmt: str) -> str:
    """The digest of a draft version's document: the case (as dumped JSON), the format, the
    template's layout id, the configured county profile and the court's date.

    Raises :class:`TemplateError` when the template or the profile cannot be used.
    """
    from reportgen.clock import today
    from reportgen.render.html import docx_layout_id, layout_id
    from reportgen.render.profile import configured
    from reportgen.render.templates import resolve_template_dir

    folder = resolve_template_dir(None)
    layout = layout_id(folder) if fmt == "pdf" else docx_layout_id(folder)
    parts = [fmt, layout, configured().record(), today().isoformat(), case_data]
    return hashlib.sha256(encode(parts)).hexdigest()


# --- the cache -------------------------------------------------------------------------------


def cached(store: Store, draft_id: int, fmt: str, key: str) -> bytes | None:
    """The stored document of this draft, format and digest, if any process rendered it."""
    with store.read() as session:
        row = session.execute(select(render_cache.c.data).where(
            render_cache.c.draft_id == draft_id, render_cache.c.fmt == fmt, render_cache.c.digest == key)).first()
    return bytes(row[0]) if row is not None else None


def keep(store: Store, draft_id: int, fmt: str, key: str, data: bytes) -> None:
    """Store a rendered document, replacing the draft's older one of that format."""
    try:
        with store.write() as session:
            session.execute(delete(render_cache).where(render_cache.c.draft_id == draft_id,
                                                       render_cache.c.fmt == fmt))
            session.execute(insert(render_cache).values(draft_id=draft_id, fmt=fmt, digest=key, data=data,
                                                        created_at=utcnow()))
    except IntegrityError:  # another process stored it at the same moment, or the draft was deleted
        pass


# --- the worker processes ----------------------------------------------------------------------


class _Worker:
    def __init__(self) -> None:
        from reportgen.untrusted.pool import spawn

        self.process, self.conn = spawn("reportgen.web.renderworker", str(MAX_JOBS))
        self.jobs = 0

    @property
    def usable(self) -> bool:
        return self.process.poll() is None and self.jobs < MAX_JOBS

    def render(self, fmt: str, case_json: bytes, env: dict[str, str]) -> bytes:
        self.jobs += 1
        try:
            self.conn.send_bytes(encode({"fmt": fmt, "settings": env}))
            self.conn.send_bytes(case_json)
            if not self.conn.poll(RENDER_LIMIT):
                self.kill()
                raise RenderFailed(f"took longer than {RENDER_LIMIT:g} s")
            answer = decode(self.conn.recv_bytes(64 * 1024))
            data = self.conn.recv_bytes()
        except (EOFError, OSError):
            self.kill()
            raise RenderFailed(f"the render worker stopped (exit status {self.process.poll()})") from None
        if answer.get("ok"):
            return data
        if answer.get("template"):
            path, problem, line = answer["template"]
            raise TemplateError(path, problem, line)
        raise RenderFailed(str(answer.get("kind") or "error"))

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


@dataclass
class Job:
    """One render in flight: the digest it is for, and its result."""

    key: str
    future: Future[bytes]


class RenderPool:
    """At most ``size`` warm render processes, fed by as many threads; safe to share between threads."""

    def __init__(self, size: int = DEFAULT_WORKERS):
        self.size = max(1, size)
        self._threads = ThreadPoolExecutor(self.size, thread_name_prefix="reportgen-render")
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._jobs: dict[tuple[int, str], Job] = {}
        self.renders = 0  # renders started by this pool (the tests read it)

    def submit(self, draft_id: int, fmt: str, key: str, case_json: bytes,
               done: Callable[[bytes], None], env: dict[str, str] | None = None) -> Future[bytes]:
        """The render of this draft version; one already running for it is shared.

        ``done`` runs in the pool's thread with the document (it stores it), whether
        or not anyone still waits. ``env``: the settings to render with (default: this
        process's, :func:`settings`). Raises :class:`RenderBusy` when the queue is full.
        """
        with self._lock:
            job = self._jobs.get((draft_id, fmt))
            if job is not None and job.key == key:
                return job.future
            if len(self._jobs) >= self.size * QUEUE_PER_WORKER:
                raise RenderBusy("the queue is full")
            env = settings() if env is None else env
            future = self._threads.submit(self._run, draft_id, fmt, key, case_json, env, done)
            self._jobs[(draft_id, fmt)] = Job(key, future)
            self.renders += 1
            return future

    def _run(self, draft_id: int, fmt: str, key: str, case_json: bytes, env: dict[str, str],
             done: Callable[[bytes], None]) -> bytes:
        try:
            worker = self._checkout()
            try:
                data = worker.render(fmt, case_json, env)
            finally:
                self._checkin(worker)
            try:
                done(data)
            except Exception as err:  # noqa: BLE001 - the document is still served to this request
                log.warning("a rendered report of draft %s could not be stored: %s", draft_id, type(err).__name__)
            return data
        finally:
            with self._lock:
                job = self._jobs.get((draft_id, fmt))
                if job is not None and job.key == key:
                    del self._jobs[(draft_id, fmt)]

    def _checkout(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.usable:
                    return worker
                worker.kill()
        return _Worker()

    def _checkin(self, worker: _Worker) -> None:
        with self._lock:
            if worker.usable and len(self._idle) < self.size:
                self._idle.append(worker)
                return
        worker.kill()

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


_shared: tuple[int, RenderPool] | None = None
_shared_lock = threading.Lock()


def shared() -> RenderPool:
    """This process's pool (sized by ``REPORTGEN_RENDER_WORKERS``), started on first use and
    closed at exit. Keyed by process id: a pool is never used across a fork (gunicorn --preload)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared[0] != os.getpid():
            import atexit

            pool = RenderPool(workers())
            atexit.register(pool.close)
            _shared = (os.getpid(), pool)
        return _shared[1]


def workers() -> int:
    """``REPORTGEN_RENDER_WORKERS``: render processes per web process (0: render in the request)."""
    try:
        return max(0, int(os.environ.get(ENV_WORKERS) or DEFAULT_WORKERS))
    except ValueError:
        return DEFAULT_WORKERS


def _render_here(fmt: str, case: dict[str, Any]) -> bytes:
    if fmt == "pdf":
        from reportgen.render.pdf import render_pdf

        return render_pdf(case)
    from reportgen.render.docx import render_docx

    return render_docx(case)


def wait_seconds() -> float:
    """How long a download waits for its render (``REPORTGEN_RENDER_WAIT``, default 20 s)."""
    try:
        return max(0.0, float(os.environ.get(ENV_WAIT) or DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT


def document(store: Store, draft_id: int, fmt: str, case: dict[str, Any], pool: RenderPool | None = None,
             wait: float | None = None) -> bytes:
    """The document of a draft's current version: from the cache, else rendered by the pool.

    Raises :class:`RenderBusy` (not ready within the wait; it is still being made and
    will be stored), :class:`RenderFailed`, or :class:`TemplateError`.
    """
    from concurrent.futures import TimeoutError as FutureTimeout

    from reportgen.schema import dump_case

    case_data = dump_case(case)
    key = digest(case_data, fmt)
    found = cached(store, draft_id, fmt, key)
    if found is not None:
        return found
    if pool is None and os.environ.get(ENV_QUEUE) and store.engine.dialect.name == "postgresql":
        from reportgen.web import renderqueue  # procrastinate is imported only when the queue is used

        if renderqueue.enabled(store):
            return renderqueue.document(store, draft_id, fmt, key, case_data, settings(),
                                        wait_seconds() if wait is None else wait)
    if pool is None and workers() == 0:  # no pool: render here, in the request (and keep it)
        data = _render_here(fmt, case)
        try:
            keep(store, draft_id, fmt, key, data)
        except Exception as err:  # noqa: BLE001 - the document is still served; the next download renders
            log.warning("a rendered report of draft %s could not be stored: %s", draft_id, type(err).__name__)
        return data
    pool = pool or shared()
    future = pool.submit(draft_id, fmt, key, encode(case_data),
                         lambda data: keep(store, draft_id, fmt, key, data))
    try:
        return future.result(timeout=wait_seconds() if wait is None else wait)
    except FutureTimeout:
        raise RenderBusy("not ready yet") from None


def not_ready(draft_id: int, fmt: str, err: Exception) -> tuple[str, int, dict[str, str]]:
    """The page for a download that is not ready (503, never a 500): try again shortly.

    The render goes on after a timeout, so trying again usually finds it stored; a
    failed render says so (by its kind only) and is tried afresh on the next request."""
    from flask import render_template

    if isinstance(err, RenderFailed):
        log.warning("the %s of draft %s could not be rendered: %s", fmt, draft_id, err)
        message = (f"The {fmt.upper()} could not be made just now. Your draft is saved; try the download again "
                   "in a minute, and if it fails again tell the administrator.")
        retry, title = "60", "The report could not be made"
    else:
        message = (f"The report is being prepared ({fmt.upper()}); try again in a few seconds. "
                   "Your draft is saved and you can keep working meanwhile.")
        retry, title = "5", "The report is being prepared"
    page = render_template("error.html", code=503, title=title, message=message)
    headers = {"Retry-After": retry}
    if not isinstance(err, RenderFailed):
        headers["Refresh"] = retry  # the browser asks again by itself, and gets the file when it is ready
    return page, 503, headers
