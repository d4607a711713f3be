"""The sandbox every untrusted document goes through (reportgen.untrusted): its
workers run under the limits, a worker that dies or overruns costs only its own
document, a batch goes on around a bad file, killed readers leave no file behind,
and a full disk under ``intake --index`` is a message, not a traceback."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.intake import command, verify_received
from reportgen.intake.command import intake_command
from reportgen.untrusted import LIMITS, Sandbox, SandboxError
from reportgen.untrusted import pool as pool_module
from reportgen.untrusted.pool import OUT_OF_MEMORY, TOO_MUCH_OUTPUT
from reportgen.untrusted.scratch import PREFIX, remove_stale
from tests.hostile_files import PDF_BOMBS
from tests.intake.conftest import attached_json, replace_attachment, resave, write


@pytest.fixture
def box(tmp_path: Path):
    sandbox = Sandbox(replace(LIMITS, temp_root=str(tmp_path)), keep=2)
    yield sandbox
    sandbox.close()


def surrogate_pdf(base_pdf: bytes) -> bytes:
    """The report with a lone surrogate (JSON's "\\ud800") in its embedded case number and child's name."""
    raw = json.loads(attached_json(base_pdf))
    raw["court"]["case_number"] += "\ud800"
    child = raw["children"][0] if "children" in raw else raw["child"]  # case model 2.0 or 1.0
    child["name"] = "So\ud800fia"
    return replace_attachment(base_pdf, json.dumps(raw, ensure_ascii=True).encode("ascii"))


def _limits_of(pid: int) -> dict[str, str]:
    rows = Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]
    return {row[:26].strip(): row[26:47].strip() for row in rows}


def test_a_worker_runs_under_the_limits(box: Sandbox, base_pdf: bytes) -> None:
    assert verify_received(base_pdf, "report.pdf", box).result == "pass"
    [worker] = box._idle
    limits = _limits_of(worker.process.pid)
    assert int(limits["Max address space"]) == LIMITS.memory_bytes
    assert int(limits["Max cpu time"]) <= LIMITS.cpu_seconds + 60  # re-armed per document from the time used so far
    assert os.getpgid(worker.process.pid) == worker.process.pid  # its own group: killed with what it starts


def test_a_worker_killed_mid_read_costs_only_its_file(box: Sandbox, base_pdf: bytes, monkeypatch) -> None:
    """The worker reading one file of a batch is killed (as the kernel kills a bomb):
    that file is unreadable with the reason, the files before and after still pass."""
    real_ask = pool_module._Worker.ask

    def ask(self, task, data, name, timeout):
        if name == "killed.pdf":
            real_poll = self.conn.poll

            def kill_then_poll(wait):
                os.killpg(self.process.pid, signal.SIGKILL)
                return real_poll(wait)

            monkeypatch.setattr(self.conn, "poll", kill_then_poll)
        return real_ask(self, task, data, name, timeout)

    monkeypatch.setattr(pool_module._Worker, "ask", ask)
    names = ["a.pdf", "killed.pdf", "b.pdf", "c.pdf"]
    results = list(box.map(lambda name: verify_received(base_pdf, name, box), names, jobs=2))
    assert [r.filename for r in results] == names
    assert [r.result for r in results] == ["pass", "unreadable", "pass", "pass"]
    assert results[1].failing[0].reason == OUT_OF_MEMORY.format(mb=LIMITS.memory_bytes // 2**20)


def test_a_killed_reader_leaves_no_upload_behind(box: Sandbox, tmp_path: Path, monkeypatch) -> None:
    """The attorney's reader writes the upload into a private folder; killed on the
    wall clock while the folder exists, the worker's folder is removed with it."""
    real_ask = pool_module._Worker.ask

    def ask(self, task, data, name, timeout):
        def wait_for_folder_then_poll(wait):
            deadline = time.monotonic() + 30
            while not list(tmp_path.glob(f"{PREFIX}{self.process.pid}-*")) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert list(tmp_path.glob(f"{PREFIX}{self.process.pid}-*/upload.pdf"))
            return False  # as if the wall clock ran out

        monkeypatch.setattr(self.conn, "poll", wait_for_folder_then_poll)
        return real_ask(self, task, data, name, timeout)

    monkeypatch.setattr(pool_module._Worker, "ask", ask)
    with pytest.raises(SandboxError, match="took longer than"):
        box.run("extract", PDF_BOMBS["huge-array.pdf"](), "slow.pdf", timeout=5)
    assert not list(tmp_path.glob(f"{PREFIX}*"))


def test_an_answer_over_the_output_limit_is_refused(tmp_path: Path, base_pdf: bytes) -> None:
    small = Sandbox(replace(LIMITS, max_output_bytes=500, temp_root=str(tmp_path)))
    try:
        result = verify_received(base_pdf, "report.pdf", small)
    finally:
        small.close()
    assert result.result == "unreadable"
    assert result.failing[0].reason == TOO_MUCH_OUTPUT.format(size="500 bytes")


def test_input_over_the_limit_is_refused_before_it_is_sent(box: Sandbox) -> None:
    with pytest.raises(SandboxError, match="larger than"):
        box.run("verify", b"%PDF-1.7\n" + bytes(LIMITS.max_input_bytes), "huge.pdf")
    assert box._idle == []  # no worker was even started


@pytest.mark.parametrize("name", sorted(PDF_BOMBS))
def test_each_bomb_is_verified_to_a_result_with_reasons(box: Sandbox, name: str) -> None:
    result = verify_received(PDF_BOMBS[name](), name, box)
    assert result.filename == name and result.result in ("fail", "unreadable")
    assert result.failing and all(c.reason for c in result.failing)


def test_stale_upload_folders_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    dead.wait()
    stale = [tmp_path / f"{PREFIX}{dead.pid}-abc", tmp_path / "reportgen-review-old"]
    kept = [tmp_path / f"{PREFIX}{os.getpid()}-live", tmp_path / "reportgen-review-new", tmp_path / "someone-else"]
    for folder in stale + kept:
        folder.mkdir()
        (folder / "upload.pdf").write_bytes(b"%PDF- confidential")
    old = time.time() - 3600
    os.utime(stale[1], (old, old))
    assert remove_stale(tmp_path) == 2
    assert [f.exists() for f in stale] == [False, False]
    assert all(f.exists() for f in kept)


# --- one bad file fails alone; the disk fills ----------------------------------------------


def test_a_batch_with_a_lone_surrogate_and_bombs_records_every_file(tmp_path: Path, base_pdf: bytes) -> None:
    folder = tmp_path / "received"
    folder.mkdir()
    write(folder, "a-good.pdf", base_pdf)
    write(folder, "b-surrogate.pdf", surrogate_pdf(base_pdf))
    write(folder, "c-content-bomb.pdf", PDF_BOMBS["content-bomb.pdf"]())
    write(folder, "d-fanout.pdf", PDF_BOMBS["xobject-fanout.pdf"]())
    write(folder, "e-good.pdf", resave(base_pdf, "second copy"))
    index = tmp_path / "intake.csv"
    result = CliRunner().invoke(intake_command, [str(folder), "--index", str(index), "--jobs", "2"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    with index.open(newline="", encoding="utf-8") as fh:
        rows = {row["file"]: row for row in csv.DictReader(fh)}
    assert sorted(rows) == ["a-good.pdf", "b-surrogate.pdf", "c-content-bomb.pdf", "d-fanout.pdf", "e-good.pdf"]
    assert rows["a-good.pdf"]["result"] == "pass"
    assert rows["b-surrogate.pdf"]["result"] == "fail" and rows["b-surrogate.pdf"]["reasons"]
    assert "\ud800" not in index.read_text(encoding="utf-8", errors="surrogateescape")
    assert rows["c-content-bomb.pdf"]["result"] != "pass" and "32 MB" in rows["c-content-bomb.pdf"]["reasons"]
    assert rows["d-fanout.pdf"]["result"] != "pass" and "draws forms" in rows["d-fanout.pdf"]["reasons"]
    assert (tmp_path / "intake.html").is_file()


class _FullDisk(io.RawIOBase):
    """A file on a disk with ``room`` bytes left: writes past it fail with ENOSPC after a partial write."""

    def __init__(self, real, room: int):
        self.real, self.room = real, room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.room:
            self.real.write(bytes(data[: self.room]))
            self.real.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def flush(self) -> None:
        self.real.flush()

    def tell(self) -> int:
        return self.real.tell()

    def truncate(self, size=None) -> int:
        return self.real.truncate(size)

    def close(self) -> None:
        if not self.closed:
            super().close()
            self.real.close()


@pytest.mark.parametrize("where", ["csv", "html"])
def test_intake_on_a_full_disk_says_so_and_leaves_no_partial_row_or_temp_file(tmp_path: Path, base_pdf: bytes,
                                                                              monkeypatch, where: str) -> None:
    folder = tmp_path / "received"
    folder.mkdir()
    for n in range(3):
        write(folder, f"report-{n}.pdf", resave(base_pdf, f"copy {n}"))
    out = tmp_path / "out"
    out.mkdir()
    index = out / "intake.csv"
    real_open = pathlib.Path.open
    written: list[int] = []

    def full_open(self, mode="r", *args, **kwargs):
        fh = real_open(self, mode, *args, **kwargs)
        if where == "csv" and self == index and "a" in mode:
            written.append(1)
            room = 10**6 if len(written) < 2 else 20  # the second row finds the disk full mid-line
            return _FullDisk(fh, room)
        return fh

    real_fdopen = os.fdopen

    def full_fdopen(fd, mode="r", *args, **kwargs):
        fh = real_fdopen(fd, mode, *args, **kwargs)
        if where == "html" and "w" in mode:
            def no_room(_text):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            fh.write = no_room
        return fh

    monkeypatch.setattr(pathlib.Path, "open", full_open)
    monkeypatch.setattr(command.index.os, "fdopen", full_fdopen)
    result = CliRunner().invoke(intake_command, [str(folder), "--index", str(index), "--jobs", "1"])
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert f"could not write the index {index}: no space left on device" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in out.iterdir()) == ["intake.csv"]  # no temporary file, no half-written page
    with index.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    expected = 1 if where == "csv" else 3
    assert [r["file"] for r in rows] == [f"report-{n}.pdf" for n in range(expected)]
    assert index.read_bytes().endswith(b"\r\n")  # no partial line


def _stale_folder(root: Path) -> Path:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    dead.wait()
    folder = root / f"{PREFIX}{dead.pid}-left"
    folder.mkdir()
    (folder / "upload.pdf").write_bytes(b"%PDF- confidential")
    return folder


def test_the_command_line_removes_stale_uploads_when_it_starts(tmp_path: Path) -> None:
    folder = _stale_folder(tmp_path)
    env = dict(os.environ, TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "reportgen.cli", "rules"], env=env, capture_output=True, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert not folder.exists()


def test_the_web_application_removes_stale_uploads_when_it_is_created(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    from reportgen.web import create_app

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = _stale_folder(tmp_path)
    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert not folder.exists()
