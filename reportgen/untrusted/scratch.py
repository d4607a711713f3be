"""Private folders for a reader that needs the document as a file, and their cleanup.

Most readers take the bytes, but ``pdftotext`` and python-docx are given a
path, so a worker writes the document into a private folder (mode 0700) named
``reportgen-upload-<pid>-…`` and removes it when the reading ends. When a worker
is killed (it overran a limit, or the whole server was killed mid-review) the
folder would stay behind with a confidential report in it, so:

* the parent removes a worker's folders as soon as it kills the worker;
* :func:`remove_stale` runs when the web application is created and when the
  command line starts, and removes every such folder whose process is gone or
  that is older than any reading may last (folders of earlier versions, which
  carried no pid, by age alone).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PREFIX = "reportgen-upload-"
#: Folder names this module removes: its own, and the ones earlier versions used
#: for reviewed uploads and the clerk's index download.
_OURS = re.compile(r"reportgen-(?:upload-(?P<pid>\d+)-|review-|index-).+")
#: No reading lasts longer than the wall-clock limit; twice that is safely over.
MAX_AGE_SECONDS = 2 * 45.0


def _root(root: str | Path | None) -> Path:
    return Path(root) if root is not None else Path(tempfile.gettempdir())


@contextlib.contextmanager
def private_file(data: bytes, suffix: str, root: str | Path | None = None) -> Iterator[Path]:
    """``data`` as a file in a folder only this user can read, removed afterwards whatever happens."""
    folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root)  # mode 0700
    try:
        path = Path(folder) / f"upload{suffix}"
        with open(path, "wb") as fh:
            fh.write(data)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_folders_of(pid: int, root: str | Path | None = None) -> None:
    """Remove the private folders of worker ``pid`` (which has just been killed)."""
    base = _root(root)
    with contextlib.suppress(OSError):
        for entry in base.glob(f"{PREFIX}{pid}-*"):
            shutil.rmtree(entry, ignore_errors=True)


def remove_stale(root: str | Path | None = None, max_age: float = MAX_AGE_SECONDS) -> int:
    """Remove folders left by readers that were killed; returns how many were removed.

    A folder is stale when the process named in it is gone, or when it is older
    than ``max_age`` (no reading lasts that long). Only this user's folders can
    be removed; others' are left to their owner.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(_root(root)))
    except OSError:
        return 0
    for entry in entries:
        found = _OURS.fullmatch(entry.name)
        if found is None:
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > max_age
        except OSError:
            continue
        pid = found.group("pid")
        if old or (pid is not None and not _alive(int(pid))):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 0 if os.path.exists(entry.path) else 1
    return removed
