"""Worker processes that read untrusted documents under fixed limits.

A :class:`Sandbox` keeps a few worker processes. Each worker lowers its own
limits once (address space) and before every document (processor time), reads
one document per request and answers with JSON. The parent waits for the answer
no longer than the wall-clock limit; a worker that overruns it, dies, or answers
more than the output limit is killed with its process group (a ``pdftotext`` it
started goes too) and replaced, and only that document gets the error.

Why these choices:

* a worker is a fresh interpreter (``python -m reportgen.untrusted.worker``)
  started in its own session, talking over one socket: it inherits nothing of
  the web worker (no sockets, database connections or threads, none of
  multiprocessing's re-import of the caller's main module), and the parent can
  kill it with everything it started;
* workers are kept between documents and retired after :attr:`Limits.max_tasks`,
  so the 0.3-0.6 s an interpreter takes to start is paid once per worker, not
  per document, and a long batch runs as fast as reading in one process;
* the answer is JSON, never pickle, so a worker subverted by a hostile file can
  send nothing the parent would execute; its size is capped on both sides.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one document may cost. The same values hold at every front door."""

    memory_bytes: int = 1536 * MB
    cpu_seconds: int = 60
    wall_seconds: float = 45.0
    max_output_bytes: int = 8 * MB
    max_input_bytes: int = 50 * MB
    #: Documents a worker reads before it is replaced (bounds fragmentation and leaks).
    max_tasks: int = 200
    #: Where workers put the private folders of readers that need a file on disk
    #: (None: the system's temporary directory).
    temp_root: str | None = None


LIMITS = Limits()

TIMEOUT = ("reading this file took longer than {seconds:g} seconds, so it was stopped; "
           "the file may be damaged or built to exhaust the reader")
OUT_OF_MEMORY = ("reading this file needed more memory than allowed ({mb} MB), so it was stopped; "
                 "the file may be damaged or built to exhaust the reader")
TOO_MUCH_CPU = ("reading this file needed more than {seconds} seconds of processor time, so it was stopped; "
                "the file may be damaged or built to exhaust the reader")
TOO_MUCH_OUTPUT = ("reading this file produced more than {size} of results, so it was stopped; "
                   "the file may be damaged or built to exhaust the reader")
TOO_NESTED = "this file is nested too deeply to read; it may be damaged"
CRASHED = "the reader stopped unexpectedly on this file ({why}); the file may be damaged"
INPUT_TOO_LARGE = "the file is larger than the {size} that reportgen reads"


def size_text(n: int) -> str:
    """A limit in words: "8 MB", or bytes under a megabyte."""
    return f"{n // MB} MB" if n >= MB else f"{n} bytes"

#: The task functions a worker may run, by name ("module:function"). Each takes
#: the document's bytes and its name (for messages) and returns JSON-able data.
TASKS: dict[str, str] = {
    "verify": "reportgen.untrusted.tasks:verify",
    "extract": "reportgen.untrusted.tasks:extract",
    "case": "reportgen.untrusted.tasks:case",
    "case_json": "reportgen.untrusted.tasks:case_json",
}

_in_worker = False
_worker_limits = LIMITS


class SandboxError(Exception):
    """The document could not be read within the limits; ``str(err)`` says why, plainly."""


def in_worker() -> bool:
    """True inside a sandbox worker, where the limits are already in force."""
    return _in_worker


def worker_limits() -> Limits:
    """The limits this worker runs under (the defaults outside a worker)."""
    return _worker_limits


def task_function(task: str) -> Callable[[bytes, str], Any]:
    import importlib

    module, _, name = TASKS[task].partition(":")
    fn: Callable[[bytes, str], Any] = getattr(importlib.import_module(module), name)
    return fn


# --- in the worker --------------------------------------------------------------------------


def _lower(limit: int, value: int) -> None:
    import resource

    _, hard = resource.getrlimit(limit)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(limit, (value, hard))


def apply_memory_limit(limits: Limits) -> None:
    """Cap this process's address space; children it starts (pdftotext) inherit the cap."""
    import resource

    _lower(resource.RLIMIT_AS, limits.memory_bytes)


def arm_cpu_limit(limits: Limits) -> None:
    """Allow the next document ``cpu_seconds`` of processor time from now.

    RLIMIT_CPU counts the whole life of the process, so a kept worker moves its
    soft limit forward before each document; past it the kernel sends SIGXCPU,
    which ends the worker.
    """
    import math
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    _lower(resource.RLIMIT_CPU, math.ceil(usage.ru_utime + usage.ru_stime) + limits.cpu_seconds)


def _perform(task: str, data: bytes, name: str) -> tuple[dict[str, Any], bool]:
    """Run one task; (answer, whether this worker must retire after answering)."""
    try:
        return {"ok": True, "value": task_function(task)(data, name)}, False
    except MemoryError:
        return {"ok": False, "error": "memory"}, True
    except RecursionError:
        return {"ok": False, "error": "recursion"}, True
    except Exception as err:  # noqa: BLE001 - the parent turns it into the document's message
        return {"ok": False, "error": "crash", "kind": type(err).__name__}, False


def encode(answer: Any) -> bytes:
    """JSON bytes of an answer; lone surrogates (from a hostile file) survive as bytes the parent decodes back."""
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def decode(payload: bytes) -> Any:
    return json.loads(payload.decode("utf-8", "surrogatepass"))


def serve(conn: Connection, limits: Limits) -> None:
    """A worker's life: limits, then one document per request until retired or the parent leaves."""
    global _in_worker, _worker_limits
    _in_worker, _worker_limits = True, limits
    apply_memory_limit(limits)
    for _ in range(limits.max_tasks):
        try:
            task, name = json.loads(conn.recv_bytes(64 * 1024))
            data = conn.recv_bytes(limits.max_input_bytes + 1)
        except (EOFError, OSError):
            return
        arm_cpu_limit(limits)
        answer, retire = _perform(task, data, name)
        del data
        payload = encode(answer)
        if len(payload) > limits.max_output_bytes:
            payload = encode({"ok": False, "error": "output"})
        conn.send_bytes(payload)
        if retire:
            return


# --- in the parent ----------------------------------------------------------------------------


def spawn(module: str, *args: str) -> tuple[subprocess.Popen[bytes], Connection]:
    """Start ``python -m module FD *args`` with one end of a socket pair as file descriptor FD,
    and return the process and our end. The child gets no terminal input or output (a
    library that quotes a document cannot put it in a log) and its own session: its own
    process group (killed whole), and no Ctrl-C from the terminal. Used by the sandboxed
    readers here and by the wizard's render workers (reportgen.web.renderpool)."""
    ours, theirs = socket.socketpair()
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONDONTWRITEBYTECODE="1")
    with theirs:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", module, str(theirs.fileno()), *args],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True, close_fds=True,
        )
    return process, Connection(ours.detach())


class _Worker:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.process, self.conn = spawn("reportgen.untrusted.worker", json.dumps(asdict(limits)))
        self.served = 0

    @property
    def usable(self) -> bool:
        return self.process.poll() is None and self.served < self.limits.max_tasks

    def ask(self, task: str, data: bytes, name: str, timeout: float) -> Any:
        self.served += 1
        try:
            self.conn.send_bytes(json.dumps([task, name]).encode("utf-8", "surrogatepass"))
            self.conn.send_bytes(data)
        except OSError:  # BrokenPipeError, ConnectionResetError: it had gone before reading
            raise _Gone from None
        if not self.conn.poll(timeout):
            self.kill()
            raise SandboxError(TIMEOUT.format(seconds=timeout))
        try:
            payload = self.conn.recv_bytes(self.limits.max_output_bytes + 1024)
        except (EOFError, ConnectionResetError):
            raise SandboxError(self._death()) from None
        except OSError:  # longer than allowed
            self.kill()
            raise SandboxError(TOO_MUCH_OUTPUT.format(size=size_text(self.limits.max_output_bytes))) from None
        answer = decode(payload)
        if answer.get("ok"):
            return answer.get("value")
        error = answer.get("error")
        if error == "memory":
            self.served = self.limits.max_tasks  # the worker retires itself
            raise SandboxError(OUT_OF_MEMORY.format(mb=self.limits.memory_bytes // MB))
        if error == "recursion":
            self.served = self.limits.max_tasks
            raise SandboxError(TOO_NESTED)
        if error == "output":
            raise SandboxError(TOO_MUCH_OUTPUT.format(size=size_text(self.limits.max_output_bytes)))
        raise SandboxError(CRASHED.format(why=str(answer.get("kind") or "error")))

    def _death(self) -> str:
        try:
            code = self.process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        self.kill()
        if code == -signal.SIGXCPU:
            return TOO_MUCH_CPU.format(seconds=self.limits.cpu_seconds)
        if code in (-signal.SIGKILL, -signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
            # The kernel's out-of-memory killer, or a reader dying where memory ran out.
            return OUT_OF_MEMORY.format(mb=self.limits.memory_bytes // MB)
        return CRASHED.format(why=f"exit status {code}")

    def kill(self) -> None:
        """End the worker and whatever it started, and remove the private folders it left."""
        from reportgen.untrusted.scratch import remove_folders_of

        pid = self.process.pid
        try:
            os.killpg(pid, signal.SIGKILL)  # the worker and whatever it started (pdftotext)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()
        remove_folders_of(pid, self.limits.temp_root)


class _Gone(Exception):
    """The worker was gone before it read the document (killed from outside while idle)."""


T = TypeVar("T")
R = TypeVar("R")


class Sandbox:
    """A small pool of limited workers; safe to share between threads."""

    def __init__(self, limits: Limits = LIMITS, keep: int | None = None):
        self.limits = limits
        self.keep = keep or max(2, os.cpu_count() or 1)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def _checkout(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.usable:
                    return worker
                worker.kill()
        return _Worker(self.limits)

    def _checkin(self, worker: _Worker) -> None:
        with self._lock:
            if worker.usable and len(self._idle) < self.keep:
                self._idle.append(worker)
                return
        worker.kill()

    def run(self, task: str, data: bytes, name: str, timeout: float | None = None) -> Any:
        """The task's answer for one document; raises :class:`SandboxError` with the reason."""
        if len(data) > self.limits.max_input_bytes:
            raise SandboxError(INPUT_TOO_LARGE.format(size=size_text(self.limits.max_input_bytes)))
        if _in_worker:
            return task_function(task)(data, name)  # already inside the limits
        wall = self.limits.wall_seconds if timeout is None else timeout
        worker = self._checkout()
        try:
            try:
                return worker.ask(task, data, name, wall)
            except _Gone:
                worker.kill()
                worker = _Worker(self.limits)  # one fresh try
                return worker.ask(task, data, name, wall)
        except _Gone:
            raise SandboxError(CRASHED.format(why="the reader could not be started")) from None
        finally:
            self._checkin(worker)

    def map(self, fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
        """``fn`` over ``items`` on up to ``jobs`` threads (each waiting on a worker), in order.

        ``fn`` is the caller's: it reads one item and calls :meth:`run`, and must
        turn a :class:`SandboxError` into that item's result, so one bad document
        never stops a batch.
        """
        if jobs <= 1:
            yield from map(fn, items)
            return
        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="reportgen-reader")
        try:
            yield from pool.map(fn, items)
        finally:  # a caller that stops early (a full disk, Ctrl-C) leaves the rest unread
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


_shared: Sandbox | None = None
_shared_lock = threading.Lock()


def shared() -> Sandbox:
    """This process's sandbox, started on first use and closed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            import atexit

            _shared = Sandbox()
            atexit.register(_shared.close)
        return _shared
