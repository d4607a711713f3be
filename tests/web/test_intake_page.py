"""The clerk's intake page: an upload answered at once, verified in the background, the results in the
clerk's words, and a lasting intake log searched by case number and date and exported as CSV and HTML."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from reportgen import intake_store
from reportgen.store import Store
from reportgen.web import get_store, intake_queue
from tests.intake.conftest import attached_json, replace_attachment

from .conftest import ROOT, AuthActions, make_app
from .test_review_page import close_body, every_stored_value, text_of

RENDERED = ROOT / "examples" / "rendered"
GOOD = ("01-complete-sibling-group.pdf", "04-caregiver-said-no.pdf", "05-siblings-split.pdf")
DRAFT = "02-no-concurrent-plan.pdf"
CHANGED_SAYS = "The file was changed after the agency produced it — ask the agency for the original."


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    return tmp_path / "spool"


@pytest.fixture
def app(db_url: str, spool: Path) -> Iterator[Flask]:
    """The web tests' app with its own spool root, and every background verification finished before the
    database goes away."""
    app = make_app(db_url, INTAKE_SPOOL=str(spool))
    yield app
    assert intake_queue.verifier().drain(timeout=300)
    get_store(app).dispose()


def drained() -> None:
    assert intake_queue.verifier().drain(timeout=300), "the background verification did not finish"


@pytest.fixture(scope="module")
def good_pdfs() -> dict[str, bytes]:
    return {name: (RENDERED / name).read_bytes() for name in GOOD}


@pytest.fixture(scope="module")
def draft_pdf() -> bytes:
    return (RENDERED / DRAFT).read_bytes()


@pytest.fixture(scope="module")
def tampered_pdf(good_pdfs: dict[str, bytes]) -> bytes:
    """Report 01 with one letter of the child's words changed in its embedded case data."""
    data = attached_json(good_pdfs["01-complete-sibling-group.pdf"])
    assert b"misses her mother" in data
    return replace_attachment(good_pdfs["01-complete-sibling-group.pdf"],
                              data.replace(b"misses her mother", b"misses her nother"))


def post_files(client: FlaskClient, auth: AuthActions, files: list[tuple[bytes, str]]) -> Any:
    data: dict[str, Any] = {"csrf_token": auth.csrf("/intake/"),
                            "pdfs": [(io.BytesIO(content), name) for content, name in files]}
    response = client.post("/intake/verify", data=data, content_type="multipart/form-data")
    close_body(response)
    return response


def verified(client: FlaskClient, auth: AuthActions, files: list[tuple[bytes, str]]) -> str:
    """Upload, wait for the background verification, and return the batch page's HTML."""
    response = post_files(client, auth, files)
    assert response.status_code == 303, text_of(response)
    drained()
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    return page.get_data(as_text=True)


def table_rows(page: str) -> dict[str, str]:
    """Each results-table row's text by file name."""
    body = re.search(r'<table class="intake-table">.*?</table>', page, re.S)
    assert body, "no results table"
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(0), re.S)[1:]:
        name = re.search(r'<th scope="row" class="filename">(.*?)</th>', row, re.S)
        assert name
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
        rows[html.unescape(re.sub(r"<[^>]+>", "", name.group(1)))] = f" {text} "
    return rows


def test_a_batch_shows_each_result_in_the_clerks_words(client: FlaskClient, auth: AuthActions,
                                                       people: dict[str, int], good_pdfs: dict[str, bytes],
                                                       draft_pdf: bytes, tampered_pdf: bytes, store: Store,
                                                       spool: Path) -> None:
    auth.login("clerk")
    files = [(good_pdfs[GOOD[0]], GOOD[0]), (draft_pdf, DRAFT), (tampered_pdf, "tampered.pdf"),
             (good_pdfs[GOOD[0]] + b"\n% appended\n", "appended.pdf")]
    page = verified(client, auth, files)
    assert "All 4 files verified: 2 passed, 2 failed, 0 unreadable." in " ".join(html.unescape(page).split())
    assert "data-progress-url" not in page and 'http-equiv="refresh"' not in page  # finished: no more polling
    rows = table_rows(page)
    assert set(rows) == {GOOD[0], DRAFT, "tampered.pdf", "appended.pdf"}
    assert " PASS Final JV-2026-004817 S.R., D.R., M.R. 2026-11-24 " in rows[GOOD[0]] and rows[GOOD[0]].endswith(" None ")  # the three children of example 01
    assert " PASS Draft — 2 objections open " in rows[DRAFT]  # a draft never reads as a plain pass
    # (The examples may come from another layout version than this checkout's; the sentence then says so.)
    assert " FAIL " in rows["tampered.pdf"] and "text_matches_data : The words " in rows["tampered.pdf"]
    # The technical reason is one click away: inside a <details> after the clerk's sentence.
    details = re.findall(r"<details><summary>Technical reason</summary><bdi>(.*?)</bdi></details>", page, re.S)
    assert any("the PDF says &#39;mother&#39; where the case data says &#39;nother&#39;" in d for d in details)
    assert f"unchanged : {CHANGED_SAYS}" in rows["appended.pdf"]
    zone = r"(PST|PDT)"
    assert re.search(rf" \d{{4}}-\d\d-\d\d \d\d:\d\d {zone} clerk ", rows[GOOD[0]])
    # Nothing of the files is kept: not in the database, and not in the spool.
    stored = every_stored_value(store)
    assert "Anh Thư Lê" not in stored and "%PDF-" not in stored  # the draft's child; any PDF's header
    assert list(spool.iterdir()) == []
    assert os.stat(spool).st_mode & 0o777 == 0o700
    actions = [(e.action, e.draft_id) for e in store.audit_entries() if e.username == "clerk" and e.action != "login"]
    assert actions == [("verify", None)]


def test_the_upload_answers_before_verification_and_any_process_can_answer_the_poll(
        client: FlaskClient, auth: AuthActions, people: dict[str, int], good_pdfs: dict[str, bytes],
        db_url: str, spool: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The upload returns while every file still waits; the progress comes from the database, so a second
    application on the same database (another gunicorn worker) answers it the same; the page polls."""
    release = threading.Event()
    real = intake_queue._verify

    def held(data: bytes, filename: str) -> Any:
        assert release.wait(60)
        return real(data, filename)

    monkeypatch.setattr(intake_queue, "_verify", held)
    auth.login("clerk")
    response = post_files(client, auth, [(good_pdfs[GOOD[0]], GOOD[0]), (good_pdfs[GOOD[1]], GOOD[1])])
    try:
        assert response.status_code == 303
        batch_url = response.headers["Location"]
        waiting = client.get(batch_url).get_data(as_text=True)
        assert "data-progress-url" in waiting and '<meta http-equiv="refresh" content="2">' in waiting
        assert re.search(r'<progress id="batch-meter" max="2" value="0">', waiting)
        assert set(table_rows(waiting)) == set(GOOD[:2]) and ("Waiting" in waiting or "Verifying…" in waiting)
        assert client.get(batch_url + "/progress").get_json() == {
            "total": 2, "done": 0, "finished": False, "counts": {"pass": 0, "fail": 0, "unreadable": 0}}
        other = make_app(db_url, INTAKE_SPOOL=str(spool))
        try:
            other_client = other.test_client()
            AuthActions(other_client).login("clerk")
            assert other_client.get(batch_url + "/progress").get_json()["done"] == 0
            release.set()
            drained()
            answer = other_client.get(batch_url + "/progress").get_json()
        finally:
            get_store(other).dispose()
    finally:
        release.set()
    assert answer == {"total": 2, "done": 2, "finished": True, "counts": {"pass": 2, "fail": 0, "unreadable": 0}}


def test_the_log_lasts_beyond_logout_and_restart_and_is_searched(client: FlaskClient, auth: AuthActions,
                                                                 people: dict[str, int], good_pdfs: dict[str, bytes],
                                                                 draft_pdf: bytes, db_url: str, spool: Path,
                                                                 store: Store) -> None:
    auth.login("clerk")
    verified(client, auth, [(good_pdfs[GOOD[0]], GOOD[0]), (draft_pdf, DRAFT)])
    auth.logout()
    restarted = make_app(db_url, INTAKE_SPOOL=str(spool))  # a new process on the same database
    try:
        c = restarted.test_client()
        AuthActions(c).login("clerk")
        rows = table_rows(c.get("/intake/log").get_data(as_text=True))
        assert set(rows) == {GOOD[0], DRAFT}
        found = table_rows(c.get("/intake/log?case=jv-2026-0048").get_data(as_text=True))
        assert set(found) == {GOOD[0]}
    finally:
        get_store(restarted).dispose()

    # Received dates are the court's days: move one row to 23:30 on 1 March 2026 in Los Angeles (07:30 UTC next day).
    with store.write() as session:
        row = session.query(intake_store.IntakeFile).filter_by(filename=DRAFT).one()
        row.received_at = dt.datetime(2026, 3, 2, 7, 30)
    auth.login("clerk")
    march = table_rows(client.get("/intake/log?from=3/1/26&to=2026-03-01").get_data(as_text=True))
    assert set(march) == {DRAFT} and " 2026-03-01 23:30 PST clerk PASS Draft — 2 objections open " in march[DRAFT]
    assert "0 reports found" in client.get("/intake/log?from=2026-03-02&to=2026-03-02").get_data(as_text=True)
    bad = client.get("/intake/log?from=31/31/2026")
    assert bad.status_code == 422 and "Received from: “31/31/2026” is not a date; write it as 12/02/2026" in text_of(bad)

    export = client.get("/intake/index.csv?from=2026-03-01&to=2026-03-01")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert 'filename="intake-log.csv"' in export.headers["Content-Disposition"]
    listed = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert [r["file"] for r in listed] == [DRAFT]
    assert listed[0]["received_at"] == "2026-03-01 23:30:00 PST" and listed[0]["clerk"] == "clerk"
    assert listed[0]["report_status"] == "Draft — 2 objections open" and listed[0]["open_objections"] == "2"
    assert listed[0]["digest"] == hashlib.sha256(draft_pdf).hexdigest()
    everything = list(csv.DictReader(io.StringIO(client.get("/intake/index.csv").get_data(as_text=True))))
    assert [r["file"] for r in everything] == [DRAFT, GOOD[0]]  # oldest first
    page = client.get("/intake/index.html?case=JV-2026-004817")
    assert page.status_code == 200 and "sandbox" in page.headers["Content-Security-Policy"]
    text = page.get_data(as_text=True)
    assert "1 file(s): 1 passed, 0 failed, 0 unreadable." in text
    assert '<th scope="col">Received</th><th scope="col">Clerk</th>' in text
    assert re.search(r"</bdi></th><td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d P[SD]T</td><td>clerk</td>", text)


def test_a_file_already_in_the_log_is_not_received_again_unless_it_was_unreadable(
        client: FlaskClient, auth: AuthActions, people: dict[str, int], good_pdfs: dict[str, bytes],
        store: Store) -> None:
    auth.login("clerk")
    verified(client, auth, [(good_pdfs[GOOD[0]], GOOD[0]), (b"%PDF-1.7\nnot really", "cut.pdf")])
    again = post_files(client, auth, [(good_pdfs[GOOD[0]], "again.pdf"), (b"%PDF-1.7\nnot really", "cut.pdf"),
                                      (good_pdfs[GOOD[1]], GOOD[1])])
    assert again.status_code == 303
    drained()
    page = html.unescape(client.get(again.headers["Location"]).get_data(as_text=True))
    assert "2 file(s) received and being verified. 1 already in the intake log (same SHA-256), not received again: " \
           "again.pdf (received " in page
    assert set(table_rows(page)) == {"cut.pdf", GOOD[1]}
    everything = list(csv.DictReader(io.StringIO(client.get("/intake/index.csv").get_data(as_text=True))))
    assert sorted(r["file"] for r in everything) == sorted([GOOD[0], "cut.pdf", "cut.pdf", GOOD[1]])
    cut = next(r for r in everything if r["file"] == "cut.pdf")
    assert cut["result"] == "unreadable" and cut["failing_checks"] == "opens"
    assert cut["problems"].startswith("opens: ") and cut["reasons"].startswith("opens: ")


def test_rows_of_a_server_that_died_are_closed_and_its_files_removed(client: FlaskClient, auth: AuthActions,
                                                                      people: dict[str, int], db_url: str,
                                                                      spool: Path, store: Store) -> None:
    """A batch whose process died mid-way: the next start-up removes the spooled files and closes the
    rows as unreadable with what to do; a poll answered by a live process closes them too."""
    dead = 2**22 + 12345  # above pid_max's default: no such process
    folder = spool / f"reportgen-upload-{dead}-abc"
    folder.mkdir(mode=0o700)
    (folder / "000.pdf").write_bytes(b"%PDF-1.7 confidential")
    tag = f"{intake_queue.socket.gethostname()}:{dead}:feedface:{folder.name}"
    received = intake_store.receive(store, people["clerk"], "clerk", "b" * 32, [("lost.pdf", "d" * 64)], tag)
    assert received[0].row_id is not None
    second = make_app(db_url, INTAKE_SPOOL=str(spool))  # the start-up after the crash
    get_store(second).dispose()
    assert not folder.exists()
    auth.login("clerk")
    rows = table_rows(client.get(f"/intake/batches/{'b' * 32}").get_data(as_text=True))
    assert " UNREADABLE " in rows["lost.pdf"]
    assert "The server stopped before this file was checked — choose the file and verify it again." in rows["lost.pdf"]

    # A poll closes the rows of a dead process too, without a restart.
    intake_store.receive(store, people["clerk"], "clerk", "c" * 32, [("lost2.pdf", "e" * 64)], tag)
    assert client.get(f"/intake/batches/{'c' * 32}/progress").get_json()["finished"] is True


def test_the_spool_must_be_private(tmp_path: Path, db_url: str) -> None:
    shared = tmp_path / "open"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    with pytest.raises(RuntimeError, match="closed to others"):
        make_app(db_url, INTAKE_SPOOL=str(shared))


def test_nothing_chosen_or_too_much_answers_422(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.web import intake

    auth.login("clerk")
    empty = client.post("/intake/verify", data={"csrf_token": auth.csrf("/intake/")}, content_type="multipart/form-data")
    assert empty.status_code == 422 and "Choose one or more PDF files" in text_of(empty)
    monkeypatch.setattr(intake, "MAX_BATCH_BYTES", 2000)
    big = post_files(client, auth, [(b"%PDF-1.7\n" + b"0" * 4000, "big.pdf")])
    assert big.status_code == 422 and "Send them in smaller groups" in text_of(big)
    monkeypatch.setattr(intake, "MAX_BATCH_FILES", 1)
    many = post_files(client, auth, [(b"%PDF-1.7\n", "a.pdf"), (b"%PDF-1.7\n", "b.pdf")])
    assert many.status_code == 422 and "verify at most 1 at a time" in text_of(many)
    monkeypatch.setattr(intake_queue.verifier(), "max_waiting", 0)
    busy = post_files(client, auth, [(b"%PDF-1.7\n", "a.pdf")])
    assert busy.status_code == 503 and "Send these again in a few minutes" in text_of(busy)


def test_a_full_disk_or_a_full_queue_is_said_plainly(client: FlaskClient, auth: AuthActions,
                                                     people: dict[str, int], good_pdfs: dict[str, bytes],
                                                     monkeypatch: pytest.MonkeyPatch, spool: Path) -> None:
    import errno

    auth.login("clerk")

    def full(root: Path, files: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(intake_queue, "spool", full)
        refused = post_files(client, auth, [(good_pdfs[GOOD[0]], GOOD[0])])
    assert refused.status_code == 503
    assert "could not be stored for verification (no space left on device). Nothing was received" in text_of(refused)
    assert "0 reports found" in client.get("/intake/log").get_data(as_text=True)

    # The queue filled between the check and the hand-over (another upload): the rows are closed at once.
    queue = intake_queue.verifier()
    monkeypatch.setattr(queue, "max_waiting", 0)
    monkeypatch.setattr(queue, "room", lambda: 100)
    raced = post_files(client, auth, [(good_pdfs[GOOD[0]], GOOD[0])])
    assert raced.status_code == 503 and "Send these again in a few minutes" in text_of(raced)
    rows = table_rows(client.get("/intake/log").get_data(as_text=True))
    assert " UNREADABLE " in rows[GOOD[0]] and "choose the file and verify it again" in rows[GOOD[0]]
    assert list(spool.iterdir()) == []


def test_file_names_are_escaped(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("clerk")
    page = verified(client, auth, [(b"<script>alert(1)</script>", "<b onmouseover=alert(1)>x.pdf")])
    assert "<b onmouseover" not in page and "&lt;b onmouseover=alert(1)&gt;x.pdf" in page


def test_an_unknown_batch_is_404(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("clerk")
    assert client.get("/intake/batches/nonsense").status_code == 404
    assert client.get("/intake/batches/nonsense/progress").status_code == 404


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))


def test_bombs_do_not_move_the_web_workers_memory(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                                   good_pdfs: dict[str, bytes]) -> None:
    """Every PDF bomb of tests/hostile_files.py, uploaded to the clerk's page (one batch,
    beside a good report) and to the attorney's page (one at a time): each gets a row or
    a 422 naming the reason, never a 500, and this process (the web worker) grows by less
    than 30 MB: the files are parsed only in sandbox workers."""
    from tests.hostile_files import PDF_BOMBS
    from tests.web.test_review_page import upload

    bombs = {name: make() for name, make in PDF_BOMBS.items()}
    good = good_pdfs[GOOD[0]]
    auth.login("clerk")
    verified(client, auth, [(good, "warm-up.pdf")])  # templates, database and a worker: not the bombs' cost
    auth.logout()
    auth.login("attorney")
    close_body(upload(client, auth, good, "warm-up.pdf"))
    before = _rss_kb()

    for name, data in bombs.items():
        response = upload(client, auth, data, name)
        assert response.status_code == 422, name
        assert f"{name}: " in text_of(response)
    auth.logout()
    auth.login("clerk")
    rows = table_rows(verified(client, auth, [(good_pdfs[GOOD[1]], GOOD[1])] + list((d, n) for n, d in bombs.items())))
    grown_mb = (_rss_kb() - before) / 1024
    assert set(rows) == {GOOD[1], *bombs}
    for name in bombs:
        assert " PASS " not in rows[name] and (" FAIL " in rows[name] or " UNREADABLE " in rows[name]), rows[name]
    assert grown_mb < 30, f"the web worker grew by {grown_mb:.0f} MB"


def test_a_lone_surrogate_fails_alone_in_a_batch(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                                  good_pdfs: dict[str, bytes]) -> None:
    """One PDF whose embedded JSON carries "\\ud800" (a lone surrogate): its own failing row;
    the other files of the batch are verified and recorded; no 500."""
    from tests.intake.test_sandbox import surrogate_pdf

    auth.login("clerk")
    good = good_pdfs[GOOD[0]]
    rows = table_rows(verified(client, auth, [(good, GOOD[0]), (surrogate_pdf(good), "surrogate.pdf"),
                                              (good_pdfs[GOOD[1]], GOOD[1])]))
    assert set(rows) == {GOOD[0], GOOD[1], "surrogate.pdf"}
    assert " FAIL " in rows["surrogate.pdf"]
    csv_text = client.get("/intake/index.csv").get_data(as_text=True)
    assert "surrogate.pdf" in csv_text and GOOD[1] in csv_text
