"""The clerk's uploads verified in the background, so no request waits for a batch.

Verifying takes tens of milliseconds a file in a quiet sandbox worker and up to
the 45-second wall-clock limit for a file built to exhaust the reader; fifty
files must not hold a web worker for that long. So the upload only writes each
file into a private folder (mode 0700) under the spool root, logs it as
``queued`` (:func:`reportgen.intake_store.receive`) and answers; a small pool
of threads in this process (:data:`JOBS`, each waiting on one sandbox worker
of :func:`reportgen.untrusted.shared`) reads the files one by one, records each
result in the database and deletes the file; the folder goes with its last file.
The page asks the database how far the batch is, so any web process (gunicorn
runs several) can answer it.

The spool root is ``reportgen-intake-<uid>`` in the system's temporary
directory (``INTAKE_SPOOL`` overrides it), owned by this user and closed to
others; its folders are named as :mod:`reportgen.untrusted.scratch` names
its own (``reportgen-upload-<pid>-…``), so :func:`~reportgen.untrusted.scratch.remove_stale`
removes at start-up the folders of a process that died with files still in
them. Their rows are closed by :func:`reportgen.intake_store.recover`, whose
test of "still alive" is :func:`alive`: the row names the host, process and
folder that hold its file.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import stat
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from reportgen import intake_store
from reportgen.intake.result import FAIL, UNREADABLE, Check, VerifyResult
from reportgen.store import Store
from reportgen.untrusted.scratch import PREFIX, remove_stale

log = logging.getLogger(__name__)

#: Threads verifying at once in one web process (the machine has two cores).
JOBS = 2
#: Files one web process may hold waiting; past it an upload is refused, not queued.
MAX_WAITING = 500
#: A spooled folder older than this is stale whatever its process (no batch waits that long).
STALE_SECONDS = intake_store.MAX_PENDING.total_seconds()
_TOKEN = secrets.token_hex(4)  # tells this process from an earlier one that had the same pid


class Busy(Exception):
    """Too many files are already waiting in this process."""


def default_root() -> Path:
    return Path(tempfile.gettempdir()) / f"reportgen-intake-{os.getuid()}"


def prepare_root(root: Path) -> Path:
    """Make the spool root (0700) and make sure it is ours and private; remove stale folders in it.

    A root that someone else made, or that others can read, is refused: the
    files in it are confidential reports."""
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        info = root.lstat()
    except OSError as err:
        raise RuntimeError(f"the intake spool {root} cannot be made: {err.strerror or err}") from None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise RuntimeError(f"the intake spool {root} must be a folder owned by this user and closed to others "
                           "(mode 0700); remove it or set INTAKE_SPOOL")
    remove_stale(root, max_age=STALE_SECONDS)
    return root


def worker_tag(folder: Path) -> str:
    """What a row records of the process holding its file: host, pid, this process's token, folder."""
    return f"{socket.gethostname()}:{os.getpid()}:{_TOKEN}:{folder.name}"


def alive(tag: str, root: Path) -> bool:
    """Whether the process named by ``tag`` may still verify its row.

    Another host's rows cannot be judged here (they are closed after
    :data:`~reportgen.intake_store.MAX_PENDING`). On this host the folder must still
    exist, and the process must run and be the same one (a restarted server may get
    the pid of the one that died)."""
    host, _, rest = tag.partition(":")
    pid_text, _, rest = rest.partition(":")
    token, _, folder = rest.partition(":")
    if host != socket.gethostname():
        return True
    if not pid_text.isdigit() or not folder or not (root / folder).is_dir():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return token == _TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Job:
    row_id: int
    path: Path
    filename: str
    digest: str


class Verifier:
    """A bounded pool of threads feeding the shared sandbox; one per web process."""

    def __init__(self, jobs: int = JOBS, max_waiting: int = MAX_WAITING):
        self.jobs = jobs
        self.max_waiting = max_waiting
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._futures: set[Future[None]] = set()

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="reportgen-intake")
        return self._pool

    def room(self) -> int:
        with self._lock:
            return self.max_waiting - len(self._futures)

    def submit(self, store: Store, folder: Path, jobs: Sequence[Job]) -> None:
        """Verify each job's file in the background; the folder is removed after its last file."""
        if not jobs:
            shutil.rmtree(folder, ignore_errors=True)
            return
        left = [len(jobs)]
        with self._lock:
            if len(self._futures) + len(jobs) > self.max_waiting:
                raise Busy
            pool = self._executor()
            for job in jobs:
                future = pool.submit(self._run, store, job, folder, left)
                self._futures.add(future)
                future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    def _run(self, store: Store, job: Job, folder: Path, left: list[int]) -> None:
        try:
            intake_store.start(store, job.row_id)
            try:
                data = job.path.read_bytes()
            except OSError:
                result = intake_store.interrupted(job.filename, job.digest)
            else:
                result = _verify(data, job.filename)
            finally:
                job.path.unlink(missing_ok=True)
            intake_store.finish(store, job.row_id, result)
        except Exception as err:  # noqa: BLE001 - a thread must never die silently with its row queued
            log.warning("background verification stopped on an unexpected %s", type(err).__name__)
        finally:
            with self._lock:
                left[0] -= 1
                last = left[0] == 0
            if last:
                shutil.rmtree(folder, ignore_errors=True)

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until every file submitted so far is verified; True when none is left."""
        with self._lock:
            pending = set(self._futures)
        done, not_done = wait(pending, timeout=timeout)
        return not not_done

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=False)


def _verify(data: bytes, filename: str) -> VerifyResult:
    """One file in a sandbox worker; whatever goes wrong becomes that file's unreadable result."""
    import hashlib

    from reportgen.intake import verify_received

    try:
        return verify_received(data, filename)
    except Exception as err:  # noqa: BLE001 - one odd file must not stop a batch
        return VerifyResult(filename, hashlib.sha256(data).hexdigest(), UNREADABLE,
                            [Check("opens", FAIL, f"verification stopped on an unexpected error ({type(err).__name__})")])


_verifier: tuple[int, Verifier] | None = None
_verifier_lock = threading.Lock()


def verifier() -> Verifier:
    """This process's verifier (a forked child makes its own: threads do not survive a fork)."""
    global _verifier
    with _verifier_lock:
        if _verifier is None or _verifier[0] != os.getpid():
            _verifier = (os.getpid(), Verifier())
        return _verifier[1]


def spool(root: Path, files: Sequence[tuple[bytes, str]]) -> tuple[Path, list[Path]]:
    """Write the uploads into a new private folder (0700) under ``root``: their paths, in order.

    The folder is named as :mod:`reportgen.untrusted.scratch` names its own, so a
    process that dies leaves nothing that the next start-up does not remove."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root))
    paths = []
    try:
        for n, (data, _) in enumerate(files):
            path = folder / f"{n:03d}.pdf"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            paths.append(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, paths


def spool_failed(folder: Path) -> None:
    """Remove an upload's folder when its files could not be queued (their rows, if any, are
    then closed as interrupted: :func:`alive` finds no folder)."""
    shutil.rmtree(folder, ignore_errors=True)
