"""The parents' letters beside the report: made for the worker and the supervisor, in
English and Spanish, as PDF and DOCX, never for the child's attorney; the review page
offers one per living parent; the report states when and how a parent got it."""

from __future__ import annotations

import io
import zipfile

from flask.testing import FlaskClient

from reportgen.store import Store

from .conftest import AuthActions


def test_the_worker_gets_each_letter_in_each_language_and_format(client: FlaskClient, auth: AuthActions,
                                                                 people: dict[str, int], store: Store) -> None:
    auth.login("worker")
    d = people["draft"]
    page = client.get(f"/drafts/{d}/review").get_data(as_text=True)
    assert "Letters to the parents" in page
    for lang in ("en", "es"):
        assert f'/drafts/{d}/letters/0/{lang}.pdf' in page and f'/drafts/{d}/letters/0/{lang}.docx' in page
    pdf = client.get(f"/drafts/{d}/letters/0/es.pdf")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
    assert pdf.headers["Content-Disposition"].startswith('attachment; filename="letter-parent-1-es-')
    docx = client.get(f"/drafts/{d}/letters/0/en.docx")
    assert docx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(docx.data)) as z:
        assert "word/document.xml" in z.namelist()
    assert [e.action for e in store.audit_entries(d)][-1] == "download"


def test_the_supervisor_may_and_the_attorney_may_not(client: FlaskClient, auth: AuthActions,
                                                     people: dict[str, int]) -> None:
    d = people["draft"]
    auth.login("supervisor")
    assert client.get(f"/drafts/{d}/letters/1/en.pdf").status_code == 200
    auth.logout()
    auth.login("attorney")
    assert client.get(f"/drafts/{d}/letters/0/en.pdf").status_code == 403
    assert "Letters to the parents" not in client.get(f"/drafts/{d}/review").get_data(as_text=True)


def test_a_parent_or_language_that_is_not_there_is_404_and_a_dead_parent_gets_a_page(
        client: FlaskClient, auth: AuthActions, people: dict[str, int], store: Store) -> None:
    auth.login("worker")
    d = people["draft"]
    assert client.get(f"/drafts/{d}/letters/9/en.pdf").status_code == 404
    assert client.get(f"/drafts/{d}/letters/0/fr.pdf").status_code == 404
    assert client.get(f"/drafts/{d}/letters/0/en.odt").status_code == 404
    draft = store.get_draft(d)
    assert draft is not None
    case = draft.case
    case["parents"][1]["status"] = "deceased"
    store.save_draft(d, case, draft.version, {})
    answer = client.get(f"/drafts/{d}/letters/1/en.pdf")
    assert answer.status_code == 422 and "No letter for this parent" in answer.get_data(as_text=True)
    page = client.get(f"/drafts/{d}/review").get_data(as_text=True)
    assert f"/drafts/{d}/letters/1/" not in page and f"/drafts/{d}/letters/0/" in page


def test_the_report_states_when_and_how_the_parent_got_the_letter(client: FlaskClient, auth: AuthActions,
                                                                  people: dict[str, int], store: Store) -> None:
    auth.login("worker")
    d = people["draft"]
    draft = store.get_draft(d)
    assert draft is not None
    case = draft.case
    case["parents"][0]["letter_given"] = {"date": "2026-11-20", "method": "mail", "language": "es"}
    store.save_draft(d, case, draft.version, {})
    html = client.get(f"/drafts/{d}/preview").get_data(as_text=True)
    assert "was given a letter in plain language explaining the plan on November 20, 2026 by mail, in Spanish." in html
