"""The child's attorney's pages: upload a report or open an assigned case, see the findings, download the memo."""

from __future__ import annotations

import copy
import functools
import html
import io
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import MetaData, select

from reportgen.render.embed import extract_case_bytes
from reportgen.review import extract as ex
from reportgen.rules import check, registry
from reportgen.schema import load_case
from reportgen.store import AuditEntry, Store
from tests.hostile_files import docx_zip_bomb, encrypted_pdf, scanned_pdf

from .conftest import ROOT, AuthActions, approve_draft, example_case

RENDERED = ROOT / "examples" / "rendered"
CAREGIVER_SAID_NO = RENDERED / "04-caregiver-said-no.pdf"
CORPUS_DOCX = ROOT / "tests" / "review" / "corpus" / "docx" / "07-ventura-caregiver-no.docx"
CORPUS_PDF = ROOT / "tests" / "review" / "corpus" / "pdf" / "01-alameda-good-plan.pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(client: FlaskClient, auth: AuthActions, data: bytes, filename: str) -> Any:
    """Post a report; a reviewed one answers 303 to its kept review, which is then opened."""
    token = auth.csrf("/attorney/")
    response = client.post("/attorney/review", data={"csrf_token": token, "report": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data")
    close_body(response)
    if response.status_code == 303:
        location = response.headers["Location"]
        assert re.fullmatch(r"/attorney/reviews/\d+", location), location
        return client.get(location)
    return response


def review_url(response: Any) -> str:
    """The kept review's address a results page was answered for."""
    return str(response.request.path)


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


def memo_text(data: bytes) -> str:
    from reportgen.review.memo import docx_text

    return docx_text(data)


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
                                                          people: dict[str, int], store: Store) -> None:
    auth.login("attorney")
    page = client.get("/attorney/").get_data(as_text=True)
    assert f'href="/attorney/cases/{people["draft"]}"' not in page  # nothing approved: no agency's report yet
    assert "None approved yet" in page and '<td class="state state-drafting">drafting</td>' in page
    approve_draft(store, people["draft"])
    page = client.get("/attorney/").get_data(as_text=True)
    assert f'href="/attorney/cases/{people["draft"]}"' in page
    assert '<td class="state state-approved">approved</td>' in page and "Version 1, approved " in page
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
    expected = [f for f in check(load_case(extract_case_bytes(CAREGIVER_SAID_NO.read_bytes())))
                if f.severity == "object"]
    assert {f.code for f in expected} == {"CP108", "CP112"}  # for each child of the example
    assert f"Objections ({len(expected)})" in objections
    for code in ("CP108", "CP112"):
        rule = registry().get(code)
        assert rule is not None
        assert f"<strong>{code}</strong>" in objections
        assert html.escape(rule.citation) in objections
    assert "JV-2026-002874" in section(page, "caption-title")
    # CP112 relied on the caregiver's answer, quoted and highlighted; CP108 on a field left blank.
    # (paths of schema 1.0 or, once a report covers several children, 2.0's children[i].…)
    assert re.search(r"<code>(children\[0\]\.)?placement\.caregiver_permanency_willingness</code>: "
                     r"<bdi><mark>no</mark></bdi>", objections)
    assert re.search(r"silent on this point \(not answered: (children\[0\]\.)?concurrent_plan\.alternative_home_efforts\)",
                     objections)
    assert "Heuristic" not in objections
    assert "CEB §12.47 elements" in page and "not found" in section(page, "elements-title")
    # The review is kept for the attorney (never the file); the audit rows name actions only.
    stored = every_stored_value(store)
    assert "JV-2026-002874" in stored  # the kept review's caption
    assert CAREGIVER_SAID_NO.read_bytes()[:2000].decode("latin-1") not in stored
    entries = [e for e in store.audit_entries() if e.username == "attorney"]
    assert [(e.action, e.draft_id) for e in entries if e.action != "login"] == [("review-upload", None),
                                                                                ("open", None)]
    # Computed from the embedded case data, these findings are exact: nothing to confirm or dismiss.
    assert 'class="decision-form"' not in page


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
    url = review_url(upload(client, auth, CAREGIVER_SAID_NO.read_bytes(), "04.pdf"))
    word = client.get(f"{url}/memo/docx")
    assert word.status_code == 200 and word.mimetype == DOCX_TYPE
    assert word.headers["Cache-Control"] == "no-store"
    assert 'filename="objections-JV-2026-002874.docx"' in word.headers["Content-Disposition"]
    text = memo_text(word.data)
    body, appendix = text.split("Appendix: rules relied on")
    count = sum(1 for f in check(load_case(extract_case_bytes(CAREGIVER_SAID_NO.read_bytes())))
                if f.severity == "object")  # CP108 and CP112 for each child of the example
    assert "\n1. " in body and f"\n{count}. " in body and f"\n{count + 1}. " not in body
    assert "JV-2026-002874" in body
    assert "CP108" not in body and "CP112" not in body and "placement." not in body  # no codes, no field paths
    assert "1 | CP108" in appendix and f"{count} | CP112" in appendix
    pdf = client.get(f"{url}/memo/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.headers["Cache-Control"] == "no-store"
    assert client.get(f"{url}/memo/rtf").status_code == 404
    actions = [e.action for e in store.audit_entries() if e.username == "attorney" and e.action != "login"]
    assert actions == ["review-upload", "open", "memo", "memo"]


def test_a_kept_review_is_its_attorneys_alone(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("attorney")
    url = review_url(upload(client, auth, CAREGIVER_SAID_NO.read_bytes(), "04.pdf"))
    assert url in client.get("/attorney/").get_data(as_text=True)  # findable again from the list
    auth.logout()
    auth.login("attorney2")
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/memo/docx").status_code == 404
    assert url not in client.get("/attorney/").get_data(as_text=True)


def test_assigned_case_is_reviewed_from_the_draft(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                                  store: Store) -> None:
    auth.login("attorney")
    draft = people["draft"]
    assert client.get(f"/attorney/cases/{draft}").status_code == 409  # no approved version yet
    approve_draft(store, draft)
    response = client.get(f"/attorney/cases/{draft}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Objections (0)" in page and example_case()["court"]["case_number"] in page
    assert f'href="/attorney/cases/{draft}/memo/docx"' in page and 'class="decision-form"' not in page
    # A later change, not approved, is not the agency's report: the memo still reviews version 1 ...
    current = store.get_draft(draft)
    assert current is not None
    changed = copy.deepcopy(current.case)
    changed["children"][0]["concurrent_plan"]["goal"] = None  # the wizard stores 2.0 drafts
    store.save_draft(draft, changed, current.version, current.status)
    assert "CP101" not in memo_text(client.get(f"/attorney/cases/{draft}/memo/docx").data)
    # ... until that version is approved: then the memo objects.
    approve_draft(store, draft)
    word = client.get(f"/attorney/cases/{draft}/memo/docx")
    assert word.status_code == 200 and word.headers["Cache-Control"] == "no-store"
    text = memo_text(word.data)
    # (in a report on several children the objection names the child it concerns)
    assert re.search(r"\n1\. (As to [^:\n]+: )?The report recommends removal but gives no plan for legal permanence",
                     text), text
    assert f"draft no. {draft}" not in text and "1 | CP101" in text.split("Appendix")[1]
    assert client.get(f"/attorney/cases/{draft}/memo/pdf").data.startswith(b"%PDF")
    assert client.get(f"/attorney/cases/{draft}/memo/rtf").status_code == 404
    rows = [(e.action, e.draft_id) for e in store.audit_entries() if e.username == "attorney" and e.action != "login"]
    assert rows == [("open", draft), ("open", draft), ("memo", draft), ("memo", draft), ("memo", draft)]


def test_a_case_not_assigned_is_not_found(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("attorney2")
    assert client.get(f"/attorney/cases/{people['draft']}").status_code == 404
    assert client.get(f"/attorney/cases/{people['draft']}/memo/docx").status_code == 404


def test_an_invalid_draft_shows_its_problems(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                             store: Store) -> None:
    current = store.get_draft(people["draft"])
    assert current is not None
    broken = copy.deepcopy(current.case)
    broken["children"][0]["concurrent_plan"]["goal"] = "adoptiom"  # the wizard stores 2.0 drafts
    store.save_draft(current.id, broken, current.version, current.status)
    approve_draft(store, current.id)  # approved before the schema refused it (the route refuses to submit it)
    auth.login("attorney")
    response = client.get(f"/attorney/cases/{current.id}")
    assert response.status_code == 422
    assert "children[0].concurrent_plan.goal" in text_of(response)
    assert client.get(f"/attorney/cases/{current.id}/memo/docx").status_code == 422


def test_uploaded_text_is_escaped(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    raw = json.loads((ROOT / "examples" / "04-caregiver-said-no.json").read_text(encoding="utf-8"))
    raw["children"][0]["name"] = "<script>alert(1)</script> Gill"
    raw["children"][0]["concurrent_plan"]["goal"] = None  # CP101 quotes nothing, but the caption names the child
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


# --- the attorney decides ------------------------------------------------------------------------


def finding_keys(page: str) -> dict[str, str]:
    """Each decidable finding on a results page: its code -> its key."""
    return {key.rsplit("-", 1)[0]: key for key in re.findall(r'name="finding" value="([^"]+)"', page)}


def decide(client: FlaskClient, auth: AuthActions, url: str, key: str, decision: str, reason: str = "",
           **headers: str) -> Any:
    return client.post(f"{url}/decide", data={"csrf_token": auth.csrf(url), "finding": key, "decision": decision,
                                              "reason": reason}, headers=headers)


def test_confirm_and_dismiss_decide_what_the_memo_holds(client: FlaskClient, auth: AuthActions,
                                                        people: dict[str, int], store: Store,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    auth.login("attorney")
    opened = upload(client, auth, CORPUS_DOCX.read_bytes(), "ventura.docx")
    url, page = review_url(opened), opened.get_data(as_text=True)
    keys = finding_keys(page)
    assert {"CP105", "CP108"} <= set(keys)
    assert "2 findings read from the report&#39;s text" in page or "findings read from the report" in page
    # Before any decision the memo holds no objection: nothing read from text is filed unconfirmed.
    assert "Counsel raises no objection to the report." in memo_text(client.get(f"{url}/memo/docx").data)

    with caplog.at_level("DEBUG"):
        refused = decide(client, auth, url, keys["CP105"], "dismiss", "   ")
        assert refused.status_code == 422
        body = refused.get_data(as_text=True)
        assert "The decision was not saved" in body and 'aria-invalid="true"' in body
        assert "Say why you dismiss this finding" in body
        assert decide(client, auth, url, keys["CP108"], "confirm").status_code == 303
        reason = "Page 4 names the aunt's <b>home study</b> & a search: the reading missed it."
        done = decide(client, auth, url, keys["CP105"], "dismiss", reason)
        assert done.status_code == 303 and done.headers["Location"].endswith(f"#finding-{keys['CP105']}")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "home study" not in logged and "Castillo" not in logged and "ventura" not in logged

    page = client.get(url).get_data(as_text=True)
    dismissed = section(page, "dismissed-title")
    assert "Dismissed findings (1)" in dismissed and "<strong>CP105</strong>" in dismissed
    assert str(escape(reason)) in dismissed and "<b>home study</b>" not in page  # kept, shown escaped
    assert "<strong>CP105</strong>" not in section(page, "group-object")
    assert "Confirmed:</strong> in the memo" in section(page, "group-object")

    text = memo_text(client.get(f"{url}/memo/docx").data)
    body, appendix = text.split("Appendix: rules relied on")
    assert "\n1. " in body and "\n2. " not in body  # the confirmed objection only
    assert "home that could become the child's permanent home" in body
    assert "not willing to adopt or to become his guardians" in body  # the passage relied on, quoted
    assert "CP108" not in body and "CP105" not in body and "home study" not in text
    assert "1 | CP108" in appendix and "CP105" not in appendix

    # Taken back, the confirmed objection leaves the memo; the dismissal stays with the review.
    assert decide(client, auth, url, keys["CP108"], "undo").status_code == 303
    assert "Counsel raises no objection" in memo_text(client.get(f"{url}/memo/docx").data)
    assert "Dismissed findings (1)" in client.get(url).get_data(as_text=True)
    actions = [e.action for e in store.audit_entries() if e.username == "attorney" and e.action != "login"]
    assert actions.count("decide") == 3 and all(e.draft_id is None for e in store.audit_entries())


def test_a_decision_on_a_finding_that_cannot_be_decided_is_refused(client: FlaskClient, auth: AuthActions,
                                                                   people: dict[str, int]) -> None:
    auth.login("attorney")
    exact = review_url(upload(client, auth, CAREGIVER_SAID_NO.read_bytes(), "04.pdf"))
    assert decide(client, auth, exact, "CP108-1", "confirm").status_code == 400  # computed from data: exact
    url = review_url(upload(client, auth, CORPUS_DOCX.read_bytes(), "ventura.docx"))
    key = finding_keys(client.get(url).get_data(as_text=True))["CP108"]
    assert decide(client, auth, url, "CP999-9", "confirm").status_code == 400
    assert decide(client, auth, url, key, "approve").status_code == 400
    too_long = decide(client, auth, url, key, "dismiss", "x" * 2001)
    assert too_long.status_code == 422 and "too long" in too_long.get_data(as_text=True)


def test_a_foreign_origin_is_refused_even_with_a_token(client: FlaskClient, auth: AuthActions,
                                                       people: dict[str, int], store: Store) -> None:
    auth.login("attorney")
    url = review_url(upload(client, auth, CORPUS_DOCX.read_bytes(), "ventura.docx"))
    key = finding_keys(client.get(url).get_data(as_text=True))["CP108"]
    refused = decide(client, auth, url, key, "confirm", Origin="http://evil.example")
    assert refused.status_code == 400 and "sent from another website" in refused.get_data(as_text=True)
    gone = client.post(f"{url}/delete", data={"csrf_token": auth.csrf(url)}, headers={"Origin": "null"})
    assert gone.status_code == 400
    assert 'value="confirm"' in client.get(url).get_data(as_text=True)  # still undecided, still there


def test_delete_forgets_the_review_and_its_decisions(client: FlaskClient, auth: AuthActions,
                                                     people: dict[str, int], store: Store) -> None:
    auth.login("attorney")
    url = review_url(upload(client, auth, CORPUS_DOCX.read_bytes(), "ventura.docx"))
    key = finding_keys(client.get(url).get_data(as_text=True))["CP105"]
    decide(client, auth, url, key, "dismiss", "Named on page 4.")
    response = client.post(f"{url}/delete", data={"csrf_token": auth.csrf(url)})
    assert response.status_code == 303 and response.headers["Location"] == "/attorney/"
    assert client.get(url).status_code == 404
    stored = every_stored_value(store)
    assert "Named on page 4." not in stored and "Castillo" not in stored


def test_the_attorney_block_opens_the_memo(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                           store: Store) -> None:
    approve_draft(store, people["draft"])
    auth.login("attorney")
    form = {"name": "Rosalind <i>Quade</i>", "bar_number": "284113", "office": "Juvenile Defenders\n12 Elm Street",
            "phone": "(530) 555-0142", "email": "rq@example.org", "csrf_token": auth.csrf("/attorney/profile")}
    saved = client.post("/attorney/profile", data=form)
    assert saved.status_code == 303
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Saved." in page and "Rosalind &lt;i&gt;Quade&lt;/i&gt;" in page and "<i>Quade" not in page
    text = memo_text(client.get(f"/attorney/cases/{people['draft']}/memo/docx").data)
    lines = text.splitlines()
    assert lines[:6] == ["Rosalind <i>Quade</i>", "State Bar No. 284113", "Juvenile Defenders", "12 Elm Street",
                         "Telephone: (530) 555-0142", "E-mail: rq@example.org"]
    too_long = client.post("/attorney/profile", data=form | {"bar_number": "9" * 30,
                                                            "csrf_token": auth.csrf("/attorney/profile")})
    assert too_long.status_code == 422 and "State Bar number: too long" in too_long.get_data(as_text=True)


def test_the_multi_child_caption_names_every_child(client: FlaskClient, auth: AuthActions,
                                                   people: dict[str, int]) -> None:
    auth.login("attorney")
    page = upload(client, auth, (ROOT / "tests" / "review" / "corpus" / "docx" / "03-riverside-assessment-plan.docx")
                  .read_bytes(), "riverside.docx").get_data(as_text=True)
    caption = section(page, "caption-title")
    assert "<dt>Children</dt>" in caption and "Lucia Hernández and Mateo Hernández" in caption


# --- every new route against every role --------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def foreign_result() -> Any:
    """The review of one foreign report, read once for the whole matrix."""
    from reportgen.review import review_bytes

    return review_bytes(CORPUS_DOCX.read_bytes(), "ventura.docx")


ROLES = ["anonymous", "worker", "supervisor", "attorney", "attorney2", "clerk"]
R = "{review}"
ROUTES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    # (method, path, form, expected per role) - 'login' = redirect to the login page
    ("GET", f"/attorney/reviews/{R}", {}, dict(attorney=200, attorney2=404)),
    ("GET", f"/attorney/reviews/{R}/memo/docx", {}, dict(attorney=200, attorney2=404)),
    ("GET", f"/attorney/reviews/{R}/memo/rtf", {}, dict(attorney=404, attorney2=404)),
    ("POST", f"/attorney/reviews/{R}/decide", {"finding": "{key}", "decision": "confirm"},
     dict(attorney=303, attorney2=404)),
    ("POST", f"/attorney/reviews/{R}/delete", {}, dict(attorney=303, attorney2=404)),
    ("GET", "/attorney/profile", {}, dict(attorney=200, attorney2=200)),
    ("POST", "/attorney/profile", {"name": "A. Counsel"}, dict(attorney=303, attorney2=303)),
]
ROUTE_CASES = [(m, p, form, who, table.get(who, "login" if who == "anonymous" else 403))
               for m, p, form, table in ROUTES for who in ROLES]


@pytest.mark.parametrize(("method", "path", "form", "who", "expected"), ROUTE_CASES,
                         ids=[f"{m} {p} as {w}" for m, p, _, w, _ in ROUTE_CASES])
def test_review_routes_by_role(client: FlaskClient, auth: AuthActions, people: dict[str, int], store: Store,
                               method: str, path: str, form: dict[str, str], who: str, expected: Any) -> None:
    from reportgen.review_store import finding_keys as keys_of
    from reportgen.review_store import save_review

    result = foreign_result()
    review_id = save_review(store, people["attorney"], result)
    key = next(k for k in keys_of(result) if k.startswith("CP108"))
    data = {k: v.format(key=key) for k, v in form.items()}
    if who != "anonymous":
        auth.login(who)
        data["csrf_token"] = auth.csrf("/login")
    response = client.open(path.format(review=review_id), method=method, data=data if method == "POST" else None)
    if expected == "login":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected


def test_migration_0004_makes_the_models_tables(store: Store) -> None:
    """The kept reviews' tables as migrated are the models' tables, column for column."""
    from sqlalchemy import inspect

    from reportgen.review_store import AttorneyProfile, AttorneyReview, ReviewDecision

    found = inspect(store.engine)
    for model in (AttorneyReview, ReviewDecision, AttorneyProfile):
        table = model.__table__
        columns = {c["name"]: c for c in found.get_columns(table.name)}
        assert set(columns) == {c.name for c in table.columns}, table.name
        assert {c.name for c in table.columns if not c.nullable} == {n for n, c in columns.items()
                                                                     if not c["nullable"]}, table.name
    keys = {fk["referred_table"] for fk in found.get_foreign_keys("review_decisions")}
    assert keys == {"attorney_reviews"}


def test_a_kept_result_reads_back_as_it_was() -> None:
    """What the page and the memo are built from after a reload: the same findings, elements, caption and data."""
    import dataclasses

    from reportgen.review import Edited, review_bytes
    from reportgen.review.edited import EDITED, TextCheck
    from reportgen.review_store import result_from_dict, result_to_dict

    foreign = foreign_result()
    back = result_from_dict(json.loads(json.dumps(result_to_dict(foreign))))
    assert back.findings == foreign.findings and back.elements == foreign.elements
    assert (back.caption, back.source, back.label, back.notes) == (foreign.caption, foreign.source, foreign.label,
                                                                   foreign.notes)
    exact = review_bytes(CAREGIVER_SAID_NO.read_bytes(), "04.pdf")
    edited = dataclasses.replace(exact, source="edited-reportgen-pdf",
                                 edited=Edited(TextCheck(EDITED, ["the report says 'x' where its data says 'y'"]),
                                               list(exact.findings)))
    back = result_from_dict(json.loads(json.dumps(result_to_dict(edited))))
    assert back.findings == exact.findings and back.case == exact.case
    assert back.edited is not None and back.edited.data_findings == exact.findings
    assert back.edited.check.differences == ["the report says 'x' where its data says 'y'"]
