"""The court clerk's verification of received PDFs and the batch intake index.

The clerk's question is: is this exactly the report the agency produced, is it
court-ready, and what does it say? :func:`verify_bytes` answers it for one
file with a list of named checks (see :mod:`.checks` for each one) and an
overall result:

``pass``
    every check passed or only warned;
``fail``
    the file opened but at least one check failed;
``unreadable``
    not a PDF, damaged, needs a password, or too large: ask for it again.

Verification is bounded twice. The checks themselves refuse files over
:data:`MAX_PDF_BYTES` or :data:`MAX_PAGES` unread, decompress streams with a
cap, and give each file :data:`TIME_BUDGET` seconds, after which the remaining
checks fail with that reason. And a received file is never parsed by the
caller: the web page and the ``verify``/``intake`` commands call
:func:`verify_received` (or :func:`verify_path`), which runs
:func:`verify_bytes` in a sandbox worker (:mod:`reportgen.untrusted`) with
limits on memory, processor and wall-clock time and on the size of its answer.
A file that overruns one is ``unreadable`` with the reason; nothing it does
reaches the caller's process or the other files of a batch.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from reportgen.intake.result import FAIL, FAILED, PASSED, UNREADABLE, Check, VerifyResult

if TYPE_CHECKING:
    from reportgen.untrusted import Sandbox

#: A disposition report is well under a megabyte; refuse far larger files unread.
MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PAGES = 2000
#: Seconds one file may take before its remaining checks are failed.
TIME_BUDGET = 30.0


def _unreadable(filename: str, digest: str, reason: str) -> VerifyResult:
    return VerifyResult(filename, digest, UNREADABLE, [Check("opens", FAIL, reason)])


def _too_large(filename: str, digest: str, size: int) -> VerifyResult:
    return _unreadable(filename, digest, f"the file is {size / 2**20:.0f} MB; reports over {MAX_PDF_BYTES // 2**20} MB are not read")


_STREAM_NAME = re.compile(r"<_io\.BytesIO object at 0x[0-9a-fA-F]+>")


def _plain(err: Exception, filename: str) -> str:
    """qpdf names the in-memory file by its Python object and address; name it
    by the file instead, so the reason is readable and the same on every run."""
    return _STREAM_NAME.sub(lambda _: filename, str(err))


def verify_received(data: bytes, filename: str, box: Sandbox | None = None) -> VerifyResult:
    """Verify one received PDF in a sandbox worker; never raises for a bad file.

    This is how every front door verifies: whatever the file makes the reader
    do (exhaust memory, loop, crash), the answer is a result naming the file,
    ``unreadable`` with the reason when the reader could not finish."""
    from reportgen.textnorm import visible_name
    from reportgen.untrusted import SandboxError, shared

    filename = visible_name(filename)  # shown in reasons, tables, the index and the terminal
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_PDF_BYTES:
        return _too_large(filename, digest, len(data))
    try:
        answer = (box or shared()).run("verify", data, filename)
    except SandboxError as err:
        return _unreadable(filename, digest, str(err))
    try:
        return VerifyResult.from_dict(answer)
    except (KeyError, TypeError, ValueError, AttributeError):
        return _unreadable(filename, digest, "the reader's answer for this file could not be understood")


def verify_bytes(data: bytes, filename: str, time_budget: float = TIME_BUDGET) -> VerifyResult:
    """Verify one received PDF given as bytes, in this process; never raises for a bad file.

    The sandbox worker's side of :func:`verify_received`: front doors call that."""
    from reportgen.intake import report
    from reportgen.intake.checks import Received, run_checks

    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_PDF_BYTES:
        return _too_large(filename, digest, len(data))
    if b"%PDF-" not in data[:1024]:
        return _unreadable(filename, digest, "this is not a PDF (it does not start with %PDF-)")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return _unreadable(filename, digest, "the PDF is encrypted and needs a password to open; ask the sender for an unencrypted copy")
    except (pikepdf.PdfError, ValueError, RecursionError) as err:
        return _unreadable(filename, digest, f"the PDF is damaged and cannot be opened ({_plain(err, filename)})")
    with pdf:
        try:
            pages = len(pdf.pages)
        except pikepdf.PdfError as err:
            return _unreadable(filename, digest, f"the PDF's page tree is damaged ({err})")
        if pages > MAX_PAGES:
            return _unreadable(filename, digest, f"the PDF has {pages} pages; more than {MAX_PAGES} are not read")
        doc = Received(data, filename, pdf, time.monotonic() + time_budget)
        checks = list(run_checks(doc))
        case = doc.embedded.case if "embedded" in doc.__dict__ else None
        objections = doc.objections if case is not None else []
        # The draft mark is read from page one as printed (the page-number check has read it).
        draft = not report.claims_final(doc.page_words[0]) if doc.__dict__.get("page_words") else None
    result = VerifyResult(filename, digest, FAILED if any(c.status == FAIL for c in checks) else PASSED, checks,
                          draft=draft)
    if case is not None:
        court = case.get("court") or {}
        day = report.hearing_day(case)
        result.case_number = court.get("case_number")
        result.child_initials = report.child_initials(case)
        result.hearing_date = day.isoformat() if day else None
        result.objections = objections
        result.open_objections = len(objections)
    return result


def verify_path(path: str | Path, box: Sandbox | None = None) -> VerifyResult:
    """Verify one PDF on disk in a sandbox worker; a file that cannot be read is ``unreadable``, never an exception."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_PDF_BYTES:
            return _too_large(p.name, "", size)
        with p.open("rb") as fh:
            data = fh.read(MAX_PDF_BYTES + 1)
    except OSError as err:
        return _unreadable(p.name, "", f"the file cannot be read: {err.strerror or err}")
    return verify_received(data, p.name, box)


__all__ = ["Check", "VerifyResult", "verify_bytes", "verify_received", "verify_path", "MAX_PDF_BYTES", "MAX_PAGES", "TIME_BUDGET"]
