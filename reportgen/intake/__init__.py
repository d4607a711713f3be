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

Verification is bounded: files over :data:`MAX_PDF_BYTES` or
:data:`MAX_PAGES` are refused unread, streams are decompressed with a cap,
and each file has :data:`TIME_BUDGET` seconds, after which the remaining
checks fail with that reason. The web page and the ``verify``/``intake``
commands all call :func:`verify_bytes`.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from pathlib import Path

import pikepdf

from reportgen.intake.result import FAIL, FAILED, PASSED, UNREADABLE, Check, VerifyResult

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


def verify_bytes(data: bytes, filename: str, time_budget: float = TIME_BUDGET) -> VerifyResult:
    """Verify one received PDF given as bytes; never raises for a bad file."""
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
    result = VerifyResult(filename, digest, FAILED if any(c.status == FAIL for c in checks) else PASSED, checks)
    if case is not None:
        court = case.get("court") or {}
        day = report.hearing_day(case)
        result.case_number = court.get("case_number")
        result.child_initials = report.child_initials(case)
        result.hearing_date = day.isoformat() if day else None
        result.objections = objections
    return result


def verify_path(path: str | Path, time_budget: float = TIME_BUDGET) -> VerifyResult:
    """Verify one PDF on disk; a file that cannot be read is ``unreadable``, never an exception."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_PDF_BYTES:
            return _too_large(p.name, "", size)
        with p.open("rb") as fh:
            data = fh.read(MAX_PDF_BYTES + 1)
    except OSError as err:
        return _unreadable(p.name, "", f"the file cannot be read: {err.strerror or err}")
    return verify_bytes(data, p.name, time_budget)


__all__ = ["Check", "VerifyResult", "verify_bytes", "verify_path", "MAX_PDF_BYTES", "MAX_PAGES", "TIME_BUDGET"]
