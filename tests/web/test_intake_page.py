"""The clerk's intake page: several PDFs at once, a table of results, the index as CSV and HTML."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from reportgen.store import Store
from tests.intake.conftest import attached_json, replace_attachment

from .conftest import ROOT, AuthActions
from .test_review_page import close_body, every_stored_value, text_of

RENDERED = ROOT / "examples" / "rendered"
GOOD = ("01-complete-sibling-group.pdf", "04-caregiver-said-no.pdf", "05-siblings-split.pdf")


@pytest.fixture(scope="module")
def good_pdfs() -> dict[str, bytes]:
    return {name: (RENDERED / name).read_bytes() for name in GOOD}


@pytest.fixture(scope="module")
def tampered_pdf(good_pdfs: dict[str, bytes]) -> bytes:
    """Report 01 with one letter of one value in its embedded case data changed."""
    original = good_pdfs["01-complete-sibling-group.pdf"]
    raw = json.loads(attached_json(original))
    statement = raw["child"]["child_statement"]
    assert "misses her mother" in statement
    raw["child"]["child_statement"] = statement.replace("misses her mother", "misses her nother")
    return replace_attachment(original, json.dumps(raw, ensure_ascii=False, indent=2).encode("utf-8"))


def post_files(client: FlaskClient, auth: AuthActions, files: list[tuple[bytes, str]]) -> Any:
    data: dict[str, Any] = {"csrf_token": auth.csrf("/intake/"),
                            "pdfs": [(io.BytesIO(content), name) for content, name in files]}
    response = client.post("/intake/verify", data=data, content_type="multipart/form-data")
    close_body(response)
    return response


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


def test_several_pdfs_give_a_table_with_each_failing_check(client: FlaskClient, auth: AuthActions,
                                                           people: dict[str, int], good_pdfs: dict[str, bytes],
                                                           tampered_pdf: bytes, store: Store) -> None:
    auth.login("clerk")
    files = [(content, name) for name, content in good_pdfs.items()] + [(tampered_pdf, "tampered.pdf")]
    response = post_files(client, auth, files)
    assert response.status_code == 303 and response.headers["Location"].startswith("/intake/")
    page_response = client.get("/intake/")
    assert page_response.headers["Cache-Control"] == "no-store"
    page = page_response.get_data(as_text=True)
    assert "4 file(s) verified: 3 passed, 1 failed, 0 unreadable." in html.unescape(page)
    rows = table_rows(page)
    assert set(rows) == set(GOOD) | {"tampered.pdf"}
    for name in GOOD:
        assert " PASS " in rows[name] and "None" in rows[name]
    assert "JV-2026-004817" in rows["01-complete-sibling-group.pdf"] and "S.R." in rows["01-complete-sibling-group.pdf"]
    assert "2026-11-24" in rows["01-complete-sibling-group.pdf"]
    assert " FAIL " in rows["tampered.pdf"]
    assert "text_matches_data : the visible text does not match" in rows["tampered.pdf"]
    assert "the PDF says 'mother' where the case data says 'nother'" in rows["tampered.pdf"]
    # The short digest of each file is shown; the files themselves are not stored anywhere.
    digest = hashlib.sha256(good_pdfs["04-caregiver-said-no.pdf"]).hexdigest()
    assert digest[:12] in rows["04-caregiver-said-no.pdf"]
    stored = every_stored_value(store)
    assert "Simran" not in stored and "%PDF-" not in stored  # case 04's child; any PDF's header
    actions = [(e.action, e.draft_id) for e in store.audit_entries() if e.username == "clerk" and e.action != "login"]
    assert actions == [("verify", None)]


def test_the_index_downloads_as_csv_and_html_without_duplicates(client: FlaskClient, auth: AuthActions,
                                                                people: dict[str, int], good_pdfs: dict[str, bytes],
                                                                store: Store) -> None:
    auth.login("clerk")
    first, second, third = (good_pdfs[name] for name in GOOD)
    post_files(client, auth, [(first, GOOD[0]), (second, GOOD[1])])
    # A second upload with one file already in the batch (same bytes, another name) and a broken one.
    follow = post_files(client, auth, [(second, "again.pdf"), (third, GOOD[2]), (b"%PDF-1.7\nnot really", "cut.pdf")])
    assert follow.status_code == 303
    assert "1 already in this batch" in html.unescape(client.get("/intake/").get_data(as_text=True))

    response = client.get("/intake/index.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert 'filename="intake-index.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["file"] for r in rows] == [GOOD[0], GOOD[1], GOOD[2], "cut.pdf"]
    assert [r["result"] for r in rows] == ["pass", "pass", "pass", "unreadable"]
    assert rows[0]["case_number"] == "JV-2026-004817" and rows[0]["child_initials"] == "S.R."
    assert rows[3]["failing_checks"] == "opens" and "opens:" in rows[3]["reasons"]
    assert len({r["digest"] for r in rows}) == 4

    page = client.get("/intake/index.html")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "sandbox" in page.headers["Content-Security-Policy"]
    assert "4 file(s): 3 passed, 0 failed, 1 unreadable." in page.get_data(as_text=True)
    downloads = [e for e in store.audit_entries() if e.username == "clerk" and e.action == "index"]
    assert len(downloads) == 2 and all(e.draft_id is None for e in downloads)


def test_a_new_batch_starts_empty_and_batches_are_per_clerk(client: FlaskClient, auth: AuthActions,
                                                           people: dict[str, int], good_pdfs: dict[str, bytes]) -> None:
    auth.login("clerk")
    post_files(client, auth, [(good_pdfs[GOOD[0]], GOOD[0])])
    assert GOOD[0] in table_rows(client.get("/intake/").get_data(as_text=True))
    client.post("/intake/new-batch", data={"csrf_token": auth.csrf("/intake/")})
    page = client.get("/intake/").get_data(as_text=True)
    assert "No PDF has been verified in this batch yet." in page
    csv_text = client.get("/intake/index.csv").get_data(as_text=True)
    assert csv_text.strip().count("\n") == 0  # the header only


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


def test_file_names_are_escaped(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("clerk")
    post_files(client, auth, [(b"<script>alert(1)</script>", "<b onmouseover=alert(1)>x.pdf")])
    page = client.get("/intake/").get_data(as_text=True)
    assert "<b onmouseover" not in page and "&lt;b onmouseover=alert(1)&gt;x.pdf" in page


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
    post_files(client, auth, [(good, "warm-up.pdf")])  # templates, database and a worker: not the bombs' cost
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
    client.post("/intake/new-batch", data={"csrf_token": auth.csrf("/intake/")})
    response = post_files(client, auth, [(good, GOOD[0])] + [(data, name) for name, data in bombs.items()])
    assert response.status_code == 303
    rows = table_rows(client.get("/intake/").get_data(as_text=True))
    grown_mb = (_rss_kb() - before) / 1024
    assert set(rows) == {GOOD[0], *bombs}
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
    files = [(good, GOOD[0]), (surrogate_pdf(good), "surrogate.pdf"), (good_pdfs[GOOD[1]], GOOD[1])]
    response = post_files(client, auth, files)
    assert response.status_code == 303
    page = client.get("/intake/")
    assert page.status_code == 200
    rows = table_rows(page.get_data(as_text=True))
    assert set(rows) == {GOOD[0], GOOD[1], "surrogate.pdf"}
    assert " FAIL " in rows["surrogate.pdf"]
    csv_text = client.get("/intake/index.csv").get_data(as_text=True)
    assert "surrogate.pdf" in csv_text and GOOD[1] in csv_text
