"""The clerk's intake page: receive PDFs, watch them verified, keep the log.

The clerk chooses (or drops) several PDFs at once. The upload only writes them
into a private spool folder and logs each as received (:mod:`reportgen.web.intake_queue`):
the answer comes at once and the batch's page shows the files being verified,
asking a small JSON endpoint how far the batch is (or refreshing itself without
JavaScript) until each has its result. Each file is verified by
:func:`reportgen.intake.verify_received` in a sandbox worker, exactly as
``reportgen verify`` does, and deleted; what is kept is its row in the intake
log (:mod:`reportgen.intake_store`), which lasts beyond the login session and
can be searched by case number and by the day the report was received, and
downloaded as CSV (or as an HTML page). A file whose SHA-256 is already in the
log is not received again.

Each failing check is shown in the clerk's words (what is wrong, what to do;
:mod:`reportgen.intake.explain`) with the technical reason one click away, and a
draft or a report with open objections says so beside its result.

Clerks never see drafts. The audit log records each upload and each index
download by action only; no file name or case content goes into it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from reportgen import intake_store
from reportgen.clock import court_zone, local_time
from reportgen.intake import MAX_PDF_BYTES
from reportgen.intake import index as intake_index
from reportgen.intake_store import LOG_COLUMNS, IntakeFile, Search
from reportgen.web import csrf, get_store, intake_queue
from reportgen.web.auth import me, roles_required

bp = Blueprint("intake", __name__, url_prefix="/intake")
log = logging.getLogger(__name__)

#: One upload: at most this many files, and this many bytes in all (a hearing day's reports fit easily).
MAX_BATCH_FILES = 50
MAX_BATCH_BYTES = 100 * 1024 * 1024
DIGEST_CHARS = 12
#: Rows the log page shows at once (the CSV has every matching row).
LOG_PAGE_ROWS = 200
#: Seconds between two looks at a batch being verified.
POLL_SECONDS = 2


def _spool_root() -> Path:
    root = current_app.extensions.get("reportgen_intake_spool")
    assert isinstance(root, Path)
    return root


@bp.record_once
def _on_register(state: BlueprintSetupState) -> None:
    """At start-up: the spool root made private, stale spooled files removed, and the rows
    of a server that died mid-batch closed (a missing table, before migration, is left alone)."""
    app = state.app
    assert isinstance(app, Flask)
    configured = app.config.get("INTAKE_SPOOL") or os.environ.get("REPORTGEN_INTAKE_SPOOL")
    root = intake_queue.prepare_root(Path(configured) if configured else intake_queue.default_root())
    app.extensions["reportgen_intake_spool"] = root
    try:
        intake_store.recover(get_store(app), lambda tag: intake_queue.alive(tag, root))
    except SQLAlchemyError as err:
        log.warning("intake log not checked for interrupted files at start-up (%s)", type(err).__name__)


def _alive(tag: str) -> bool:
    return intake_queue.alive(tag, _spool_root())


@bp.route("/")
@roles_required("clerk")
def index() -> ResponseReturnValue:
    _close_interrupted()
    return _upload_page()


def _close_interrupted() -> None:
    """Rows whose process died are closed before a list shows them as still waiting."""
    intake_store.recover(get_store(), _alive)


def _upload_page(problems: list[str] | None = None, status: int = 200) -> ResponseReturnValue:
    batches = [{"id": b, "received": at, "files": n, "pending": p}
               for b, at, n, p in intake_store.recent_batches(get_store(), me().id)]
    return render_template("intake/index.html", problems=problems or [], batches=batches,
                           max_files=MAX_BATCH_FILES, max_mb=MAX_BATCH_BYTES // (1024 * 1024)), status


def _name(raw: str | None) -> str:
    from reportgen.textnorm import visible_name

    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return visible_name("".join(ch for ch in name if ch.isprintable())[:200] or "unnamed.pdf")


@bp.route("/verify", methods=["POST"])
@csrf.exempt
@roles_required("clerk")
def verify() -> ResponseReturnValue:
    """Receive the uploaded PDFs, queue them for verification, and show the batch at once."""
    request.max_content_length = MAX_BATCH_BYTES
    try:
        csrf.protect()  # here, not before the view, so that the batch's own size limit applies
        uploads = [f for f in request.files.getlist("pdfs") if f.filename]
    except RequestEntityTooLarge:
        return _upload_page([f"These files are more than {MAX_BATCH_BYTES // (1024 * 1024)} MB together. "
                             "Send them in smaller groups."], 422)
    if not uploads:
        return _upload_page(["Choose one or more PDF files to verify."], 422)
    if len(uploads) > MAX_BATCH_FILES:
        return _upload_page([f"{len(uploads)} files were chosen; verify at most {MAX_BATCH_FILES} at a time."], 422)
    queue = intake_queue.verifier()
    if queue.room() < len(uploads):
        return _upload_page(["The server is still verifying earlier files. Send these again in a few minutes."], 503)
    files = [(storage.stream.read(MAX_PDF_BYTES + 1), _name(storage.filename)) for storage in uploads]
    digests = [hashlib.sha256(data).hexdigest() for data, _ in files]
    try:
        folder, paths = intake_queue.spool(_spool_root(), files)
    except OSError as err:
        log.warning("intake upload not spooled: %s", type(err).__name__)
        why = os.strerror(err.errno).lower() if err.errno else "the server's disk refused them"
        return _upload_page([f"The files could not be stored for verification ({why}). Nothing was received; "
                             "send them again later, or tell the court's reportgen administrator."], 503)
    batch = intake_store.new_batch_id()
    store, user = get_store(), me()
    tag = intake_queue.worker_tag(folder)
    try:
        received = intake_store.receive(store, user.id, user.username, batch,
                                        [(name, digest) for (_, name), digest in zip(files, digests, strict=True)],
                                        tag)
    except BaseException:
        intake_queue.spool_failed(folder)
        raise
    jobs = []
    for got, path, (_, name), digest in zip(received, paths, files, digests, strict=True):
        if got.row_id is None:
            path.unlink(missing_ok=True)  # already in the log: not kept, not verified again
        else:
            jobs.append(intake_queue.Job(got.row_id, path, name, digest))
    try:
        queue.submit(store, folder, jobs)
    except intake_queue.Busy:
        # Another upload took the room meanwhile: its rows are closed as interrupted at once.
        intake_queue.spool_failed(folder)
        intake_store.recover(store, lambda other: other != tag)
        return _upload_page(["The server is still verifying earlier files. Send these again in a few minutes."], 503)
    store.audit(user, "verify")
    earlier = [got for got in received if got.earlier is not None]
    message = f"{len(jobs)} file(s) received and being verified."
    if earlier:
        message += (f" {len(earlier)} already in the intake log (same SHA-256), not received again: "
                    + ", ".join(f"{got.filename} (received {local_time(got.earlier.received_at)})"
                                for got in earlier if got.earlier is not None) + ".")
    flash(message)
    if not jobs:
        return redirect(url_for("intake.index"), 303)
    return redirect(url_for("intake.batch", batch=batch), 303)


def _batch_rows(batch: str) -> list[IntakeFile]:
    rows = intake_store.batch_files(get_store(), batch)
    if not rows:
        abort(404)
    if any(not row.done for row in rows) and intake_store.recover(get_store(), _alive, rows):
        rows = intake_store.batch_files(get_store(), batch)
    return rows


def _progress(rows: list[IntakeFile]) -> dict[str, Any]:
    done = [row for row in rows if row.done]
    return {
        "total": len(rows),
        "done": len(done),
        "finished": len(done) == len(rows),
        "counts": {r: sum(1 for row in done if row.result == r) for r in ("pass", "fail", "unreadable")},
    }


@bp.route("/batches/<batch>")
@roles_required("clerk")
def batch(batch: str) -> ResponseReturnValue:
    rows = _batch_rows(batch)
    return render_template("intake/batch.html", batch=batch, files=rows, progress=_progress(rows),
                           digest_chars=DIGEST_CHARS, poll_seconds=POLL_SECONDS)


@bp.route("/batches/<batch>/progress")
@roles_required("clerk")
def progress(batch: str) -> ResponseReturnValue:
    """How far the batch is, for the page's script: any web process can answer (the state is in the database)."""
    return jsonify(_progress(_batch_rows(batch)))


def _search() -> tuple[Search, list[str]]:
    """The log search from the query string; a date that cannot be read is named with an example."""
    from reportgen.web.forms import typed_date

    problems = []
    days: dict[str, dt.date | None] = {}
    for key, label in (("from", "Received from"), ("to", "Received to")):
        text = request.args.get(key, "").strip()
        days[key] = None
        if text:
            try:
                days[key] = dt.date.fromisoformat(typed_date(text))
            except ValueError:
                problems.append(f"{label}: “{text[:40]}” is not a date; write it as 12/02/2026 or 2026-12-02.")
    case = request.args.get("case", "").strip()[:80]
    return Search(case, days["from"], days["to"]), problems


@bp.route("/log")
@roles_required("clerk")
def log_page() -> ResponseReturnValue:
    what, problems = _search()
    _close_interrupted()
    rows, total = intake_store.search(get_store(), what, LOG_PAGE_ROWS) if not problems else ([], 0)
    return render_template("intake/log.html", files=rows, total=total, search=what, problems=problems,
                           zone=court_zone().key,
                           args={k: request.args.get(k, "") for k in ("case", "from", "to")},
                           digest_chars=DIGEST_CHARS, page_rows=LOG_PAGE_ROWS), 422 if problems else 200


@bp.route("/index.<fmt>")
@roles_required("clerk")
def download_index(fmt: str) -> ResponseReturnValue:
    """The log (every row matching the search) as CSV or as an HTML page."""
    if fmt not in ("csv", "html"):
        abort(404)
    what, problems = _search()
    if problems:
        return log_page()
    rows = [f.index_row() for f in intake_store.search(get_store(), what)[0]]
    rows.reverse()  # oldest first, as an index grows
    get_store().audit(me(), "index")
    if fmt == "csv":
        response = Response(intake_index.csv_bytes(rows, LOG_COLUMNS), mimetype="text/csv")
    else:
        response = Response(intake_index.render_html(rows, "Intake log", received=True), mimetype="text/html")
        # The index page carries its own inline style and nothing else.
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response.headers["Content-Disposition"] = f'attachment; filename="intake-log.{fmt}"'
    return response
