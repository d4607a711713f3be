"""The clerk's intake page (issue 7): verify received PDFs and download the intake index.

The clerk chooses (or drops) several PDFs at once; each is verified by
:func:`reportgen.intake.verify_received` in a sandbox worker process, exactly
as ``reportgen verify`` does, and forgotten: this process never parses an
uploaded file, so a PDF built to exhaust the reader costs its own row, not the
server. What is kept is its index row, in the clerk's current
*batch* (:mod:`reportgen.intake_store`): the batch id lives in the login
session, so the table and "download the index" cover every PDF verified since
the clerk logged in or started a new batch. A file whose SHA-256 digest is
already in the batch is not added again, as the command line's index skips it.

The index downloads are the command line's own formats: the CSV written by
:func:`reportgen.intake.index.append_rows` (with its protection against
spreadsheet formulas) and the page of :func:`reportgen.intake.index.render_html`.

Clerks never see drafts. The audit log records each verification and each
index download by action only; no file name or case content goes into it.
"""

from __future__ import annotations

import hashlib
import logging

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from reportgen.intake import MAX_PDF_BYTES, verify_received
from reportgen.intake import index as intake_index
from reportgen.intake.result import FAIL, FAILED, UNREADABLE, Check, VerifyResult
from reportgen.intake_store import IntakeFile, batch_files, new_batch_id, record
from reportgen.web import csrf, get_store
from reportgen.web.auth import me, roles_required

bp = Blueprint("intake", __name__, url_prefix="/intake")
log = logging.getLogger(__name__)

#: One upload: at most this many files, and this many bytes in all (a hearing day's reports fit easily).
MAX_BATCH_FILES = 50
MAX_BATCH_BYTES = 100 * 1024 * 1024
BATCH_KEY = "intake_batch"
DIGEST_CHARS = 12
#: Sandbox workers verifying one upload's files at once (the machine has two cores).
VERIFY_JOBS = 2


def _current_batch() -> str | None:
    value = session.get(BATCH_KEY)
    return value if isinstance(value, str) else None


def _rows() -> list[IntakeFile]:
    return batch_files(get_store(), me().id, _current_batch())


def _page(problems: list[str] | None = None, status: int = 200) -> ResponseReturnValue:
    files = _rows()
    counts = {r: sum(1 for f in files if f.result == r) for r in ("pass", "fail", "unreadable")}
    return render_template("intake/index.html", files=files, counts=counts, problems=problems or [],
                           digest_chars=DIGEST_CHARS, max_files=MAX_BATCH_FILES,
                           max_mb=MAX_BATCH_BYTES // (1024 * 1024)), status


@bp.route("/")
@roles_required("clerk")
def index() -> ResponseReturnValue:
    return _page()


def _verify_each(files: list[tuple[bytes, str]]) -> list[VerifyResult]:
    """Each upload verified in a sandbox worker, two at a time; one result per file, in order.

    Nothing of a file is parsed in this process (the web worker): a file that
    exhausts its worker's memory or time, or breaks the reader, becomes its own
    ``unreadable`` row with the reason, and the other files are verified as usual.
    """
    from reportgen.untrusted import shared

    def one(item: tuple[bytes, str]) -> VerifyResult:
        data, name = item
        try:
            return verify_received(data, name)
        except Exception as err:  # noqa: BLE001 - one odd file must not stop a batch
            log.warning("verification stopped on an unexpected %s", type(err).__name__)
            return VerifyResult(name, hashlib.sha256(data).hexdigest(), UNREADABLE,
                                [Check("opens", FAIL, f"verification stopped on an unexpected error ({type(err).__name__})")])

    return list(shared().map(one, files, jobs=min(VERIFY_JOBS, len(files))))


def _name(raw: str | None) -> str:
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:200] or "unnamed.pdf"


@bp.route("/verify", methods=["POST"])
@csrf.exempt
@roles_required("clerk")
def verify() -> ResponseReturnValue:
    """Verify every uploaded PDF, add the new ones to the batch, and show the table again."""
    request.max_content_length = MAX_BATCH_BYTES
    try:
        csrf.protect()  # here, not before the view, so that the batch's own size limit applies
        uploads = [f for f in request.files.getlist("pdfs") if f.filename]
    except RequestEntityTooLarge:
        return _page([f"These files are more than {MAX_BATCH_BYTES // (1024 * 1024)} MB together. "
                      "Send them in smaller groups."], 422)
    if not uploads:
        return _page(["Choose one or more PDF files to verify."], 422)
    if len(uploads) > MAX_BATCH_FILES:
        return _page([f"{len(uploads)} files were chosen; verify at most {MAX_BATCH_FILES} at a time."], 422)
    results = _verify_each([(storage.stream.read(MAX_PDF_BYTES + 1), _name(storage.filename)) for storage in uploads])
    batch = _current_batch()
    if batch is None:
        batch = session[BATCH_KEY] = new_batch_id()
    added, skipped = record(get_store(), me().id, batch, results)
    store = get_store()
    store.audit(me(), "verify")
    failed = sum(1 for r in results if r.result == FAILED)
    unreadable = sum(1 for r in results if r.result == UNREADABLE)
    message = (f"{len(results)} file(s) verified: {len(results) - failed - unreadable} passed, {failed} failed, "
               f"{unreadable} unreadable.")
    if skipped:
        message += f" {skipped} already in this batch (same SHA-256), not added again."
    flash(message)
    return redirect(url_for("intake.index", _anchor="results"), 303)


@bp.route("/new-batch", methods=["POST"])
@roles_required("clerk")
def new_batch() -> ResponseReturnValue:
    """Start an empty batch; the rows of the old one stay in the database but leave the table."""
    session.pop(BATCH_KEY, None)
    flash("A new batch has started.")
    return redirect(url_for("intake.index"), 303)


@bp.route("/index.<fmt>")
@roles_required("clerk")
def download_index(fmt: str) -> ResponseReturnValue:
    if fmt not in ("csv", "html"):
        abort(404)
    rows = [f.index_row() for f in _rows()]
    get_store().audit(me(), "index")
    if fmt == "csv":
        response = Response(intake_index.csv_bytes(rows), mimetype="text/csv")
    else:
        response = Response(intake_index.render_html(rows), mimetype="text/html")
        # The index page carries its own inline style and nothing else.
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response.headers["Content-Disposition"] = f'attachment; filename="intake-index.{fmt}"'
    return response
