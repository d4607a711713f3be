"""The child's attorney's pages: upload a report or open an assigned case, see the findings, download the memo."""

from __future__ import annotations

import copy
import html
import io
import json
import re
from typing import Any

import docx
import pytest
from flask.testing import FlaskClient
from sqlalchemy import MetaData, select

from reportgen.review import extract as ex
from reportgen.rules import registry
from reportgen.store import AuditEntry, Store
from tests.hostile_files import docx_zip_bomb, encrypted_pdf, scanned_pdf

from .conftest import ROOT, AuthActions, example_case

RENDERED = ROOT / "examples" / "rendered"
CAREGIVER_SAID_NO = RENDERED / "04-caregiver-said-no.pdf"
CORPUS_DOCX = ROOT / "tests" / "review" / "corpus" / "docx" / "07-ventura-caregiver-no.docx"
CORPUS_PDF = ROOT / "tests" / "review" / "corpus" / "pdf" / "01-alameda-good-plan.pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(client: FlaskClient, auth: AuthActions, data: bytes, filename: str) -> Any:
    token = auth.csrf("/attorney/")
    response = client.post("/attorney/review", data={"csrf_token": token, "report": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data")
    close_body(response)
    return response


def close_body(response: Any) -> None:
    """The test client spools a large request body to a temporary file and, without redirects, never closes it."""
    response.request.input_stream.close()


def text_of(response: Any) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by ``heading_id``."""
    match = re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', page, re.S)
    assert match, f"no section {heading_id}"
    return match.group(0)


def memo_token(page: str) -> str:
    match = re.search(r'name="result" value="([^"]+)"', page)
    assert match, "no memo form on the page"
    return match.group(1)


def download_memo(client: FlaskClient, auth: AuthActions, token: str, fmt: str) -> Any:
    return client.post("/attorney/memo", data={"csrf_token": auth.csrf("/attorney/"), "result": token,
                                               "format": fmt})


def every_stored_value(store: Store) -> str:
    """Every value of every table, as one string: what the database holds."""
    meta = MetaData()
    meta.reflect(store.engine)
    parts = []
    with store.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                parts.extend(str(v) for v in row)
    return "\n".join(parts)


def test_landing_lists_assigned_cases_and_the_upload_form(client: FlaskClient, auth: AuthActions,
                                                          people: dict[str, int]) -> None:
    auth.login("attorney")
    page = client.get("/attorney/").get_data(as_text=True)
    assert f'href="/attorney/cases/{people["draft"]}"' in page
    assert example_case()["court"]["case_number"] in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    auth.logout()
    auth.login("attorney2")
    assert f'/attorney/cases/{people["draft"]}"' not in client.get("/attorney/").get_data(as_text=True)


def test_rendered_pdf_shows_cp108_and_cp112_with_citations(client: FlaskClient, auth: AuthActions,
                                                            people: dict[str, int], store: Store) -> None:
    auth.login("attorney")
    response = upload(client, auth, CAREGIVER_SAID_NO.read_bytes(), "04-caregiver-said-no.pdf")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    objections = section(page, "group-object")
    assert "Objections (2)" in objections
    for code in ("CP108", "CP112"):
        rule = registry().get(code)
        assert rule is not None
        assert f"<strong>{code}</strong>" in objections
        assert html.escape(rule.citation) in objections
    assert "JV-2026-002874" in section(page, "caption-title")
    # CP112 relied on the caregiver's answer, quoted and highlighted; CP108 on a field left blank.
    assert "<code>placement.caregiver_permanency_willingness</code>: <bdi><mark>no</mark></bdi>" in objections
    assert "silent on this point (not answered: concurrent_plan.alternative_home_efforts)" in objections
    assert "Heuristic" not in objections
    assert "CEB §12.47 elements" in page and "not found" in section(page, "elements-title")
    # Nothing of the upload reached the database: one audit row, no case content anywhere.
    assert "Gill" not in every_stored_value(store) and "JV-2026-002874" not in every_stored_value(store)
    entries = [e for e in store.audit_entries() if e.username == "attorney"]
    assert [(e.action, e.draft_id) for e in entries if e.action != "login"] == [("review-upload", None)]


def test_corpus_docx_shows_heuristic_findings_with_their_passages(client: FlaskClient, auth: AuthActions,
                                                                   people: dict[str, int]) -> None:
    auth.login("attorney")
    response = upload(client, auth, CORPUS_DOCX.read_bytes(), "07-ventura-caregiver-no.docx")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    objections = section(page, "group-object")
    assert "<strong>CP108</strong>" in objections and "<strong>CP105</strong>" in objections
    assert objections.count('<span class="badge">Heuristic</span>') == 2
    assert "Why heuristic:</strong> Read from the report&#39;s text, not from case data" in objections
    # The passage CP108 relied on, with the caregiver's refusal highlighted, and where it sits.
    assert "<mark>not willing to adopt or to become his guardians</mark>" in objections
    assert "Where: paragraph 11" in objections
    assert "read as text, so every finding is heuristic" in page


def test_foreign_pdf_findings_name_their_page(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("attorney")
    response = upload(client, auth, CORPUS_PDF.read_bytes(), "alameda.pdf")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "a PDF made elsewhere" in page
    assert re.search(r'<span class="where"> \(page \d+', section(page, "elements-title"))


def test_memo_downloads_open(client: FlaskClient, auth: AuthActions, people: dict[str, int], store: Store) -> None:
    auth.login("attorney")
    page = upload(client, auth, CAREGIVER_SAID_NO.read_bytes(), "04.pdf").get_data(as_text=True)
    token = memo_token(page)
    word = download_memo(client, auth, token, "docx")
    assert word.status_code == 200 and word.mimetype == DOCX_TYPE
    assert word.headers["Cache-Control"] == "no-store"
    assert 'filename="objections-JV-2026-002874.docx"' in word.headers["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs)
    assert "Objection 1: CP108" in text and "Objection 2: CP112" in text and "JV-2026-002874" in text
    pdf = download_memo(client, auth, token, "pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.headers["Cache-Control"] == "no-store"
    actions = [e.action for e in store.audit_entries() if e.username == "attorney" and e.action != "login"]
    assert actions == ["review-upload", "memo", "memo"]


def test_a_memo_token_works_only_for_its_attorney_and_unaltered(client: FlaskClient, auth: AuthActions,
                                                                people: dict[str, int]) -> None:
    auth.login("attorney")
    token = memo_token(upload(client, auth, CAREGIVER_SAID_NO.read_bytes(), "04.pdf").get_data(as_text=True))
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert download_memo(client, auth, forged, "docx").status_code == 400
    assert download_memo(client, auth, token, "rtf").status_code == 400
    auth.logout()
    auth.login("attorney2")
    refused = download_memo(client, auth, token, "docx")
    assert refused.status_code == 400 and "Upload the report again" in text_of(refused)


def test_assigned_case_is_reviewed_from_the_draft(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                                  store: Store) -> None:
    auth.login("attorney")
    draft = people["draft"]
    response = client.get(f"/attorney/cases/{draft}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Objections (0)" in page and example_case()["court"]["case_number"] in page
    assert f'href="/attorney/cases/{draft}/memo/docx"' in page
    # The memo re-runs the review from the draft as it stands now: add a defect, and the memo objects.
    current = store.get_draft(draft)
    assert current is not None
    changed = copy.deepcopy(current.case)
    changed["concurrent_plan"]["goal"] = None
    store.save_draft(draft, changed, current.version, current.status)
    word = client.get(f"/attorney/cases/{draft}/memo/docx")
    assert word.status_code == 200 and word.headers["Cache-Control"] == "no-store"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs)
    assert "Objection 1: CP101" in text
    assert client.get(f"/attorney/cases/{draft}/memo/pdf").data.startswith(b"%PDF")
    assert client.get(f"/attorney/cases/{draft}/memo/rtf").status_code == 404
    rows = [(e.action, e.draft_id) for e in store.audit_entries() if e.username == "attorney" and e.action != "login"]
    assert rows == [("open", draft), ("memo", draft), ("memo", draft)]


def test_a_case_not_assigned_is_not_found(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("attorney2")
    assert client.get(f"/attorney/cases/{people['draft']}").status_code == 404
    assert client.get(f"/attorney/cases/{people['draft']}/memo/docx").status_code == 404


def test_an_invalid_draft_shows_its_problems(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                             store: Store) -> None:
    current = store.get_draft(people["draft"])
    assert current is not None
    broken = copy.deepcopy(current.case)
    broken["concurrent_plan"]["goal"] = "adoptiom"
    store.save_draft(current.id, broken, current.version, current.status)
    auth.login("attorney")
    response = client.get(f"/attorney/cases/{current.id}")
    assert response.status_code == 422
    assert "concurrent_plan.goal" in text_of(response)
    assert client.get(f"/attorney/cases/{current.id}/memo/docx").status_code == 422


def test_uploaded_text_is_escaped(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    raw = json.loads((ROOT / "examples" / "04-caregiver-said-no.json").read_text(encoding="utf-8"))
    raw["child"]["name"] = "<script>alert(1)</script> Gill"
    raw["concurrent_plan"]["goal"] = None  # CP101 quotes nothing, but the caption names the child
    auth.login("attorney")
    response = upload(client, auth, json.dumps(raw).encode(), '<img src=x onerror="alert(2)">.json')
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Gill" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page


# --- bad uploads --------------------------------------------------------------------------------


BAD_UPLOADS = {
    "not a report": (lambda: b"Dear counsel, see attached.\n", "notes.txt", ex.NOT_SUPPORTED),
    "encrypted PDF": (lambda: encrypted_pdf(CORPUS_PDF), "locked.pdf", ex.ENCRYPTED),
    "scanned PDF": (scanned_pdf, "scan.pdf", ex.NO_TEXT),
    "truncated PDF": (lambda: CORPUS_PDF.read_bytes()[:4000], "cut.pdf", ex.PDF_DAMAGED),
    "zip bomb": (docx_zip_bomb, "bomb.docx", "looks like a zip bomb"),
    "over the review limit": (lambda: b"%PDF-1.7\n" + b"0" * ex.MAX_UPLOAD_BYTES, "big.pdf", ex.TOO_LARGE),
}


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_a_bad_upload_answers_422_with_the_message(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                                   kind: str) -> None:
    make, filename, message = BAD_UPLOADS[kind]
    auth.login("attorney")
    response = upload(client, auth, make(), filename)
    assert response.status_code == 422
    assert message in text_of(response)
    assert "The file could not be reviewed" in text_of(response)


def test_a_request_past_the_upload_limit_gets_the_page_not_a_bare_413(client: FlaskClient, auth: AuthActions,
                                                                      people: dict[str, int]) -> None:
    from reportgen.web.review import UPLOAD_REQUEST_LIMIT

    auth.login("attorney")
    response = upload(client, auth, b"%PDF-1.7\n" + b"0" * UPLOAD_REQUEST_LIMIT, "huge.pdf")
    assert response.status_code == 422
    assert ex.TOO_LARGE in text_of(response) and 'type="file"' in response.get_data(as_text=True)


def test_a_file_between_the_app_limit_and_the_review_limit_is_reviewed(client: FlaskClient, auth: AuthActions,
                                                                       people: dict[str, int], app: Any) -> None:
    """The app refuses requests over MAX_CONTENT_LENGTH; the review page takes up to the review module's limit."""
    case_json = (ROOT / "examples" / "04-caregiver-said-no.json").read_bytes()
    padded = case_json + b" " * (app.config["MAX_CONTENT_LENGTH"] + 1024)
    auth.login("attorney")
    response = upload(client, auth, padded, "padded.json")
    assert response.status_code == 200
    assert "<strong>CP108</strong>" in response.get_data(as_text=True)


def test_no_file_and_no_token(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("attorney")
    response = client.post("/attorney/review", data={"csrf_token": auth.csrf("/attorney/")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a file to review" in text_of(response)
    refused = client.post("/attorney/review", data={"report": (io.BytesIO(b"{}"), "x.json")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400


def test_audit_rows_hold_no_case_content() -> None:
    """The audit table has no column that could hold case text: who, what, which draft id, when."""
    assert {c.name for c in AuditEntry.__table__.columns} == {"id", "at", "user_id", "username", "action",
                                                               "draft_id"}


def test_uploads_are_not_logged(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                caplog: pytest.LogCaptureFixture) -> None:
    auth.login("attorney")
    with caplog.at_level("DEBUG"):
        upload(client, auth, CAREGIVER_SAID_NO.read_bytes(), "04-caregiver-said-no.pdf")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Gill" not in logged and "JV-2026-002874" not in logged and "04-caregiver" not in logged
