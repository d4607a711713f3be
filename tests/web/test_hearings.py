"""Review hearings in the wizard (reportgen/web/hearings.py): the worker starts the next report
from the last version of a draft, the new draft opens with what changed since the last report
and what the review must enter, and the permanency clock shows on the draft list and the
review page."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from reportgen.store import Store

from .conftest import AuthActions, approve_draft


def start(client: FlaskClient, auth: AuthActions, draft: int, **form: str) -> Any:
    auth.login("worker")
    token = auth.csrf(f"/drafts/{draft}/review")
    return client.post(f"/drafts/{draft}/next-report", data={"csrf_token": token, **form})


def new_id(response: Any) -> int:
    assert response.status_code == 303
    match = re.search(r"/drafts/(\d+)/review#changes-title$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def test_the_review_page_offers_the_next_report_and_shows_each_childs_clock(
        client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("worker")
    page = client.get(f"/drafts/{people['draft']}/review").get_data(as_text=True)
    assert "Start the six-month review report" in page
    assert f'action="/drafts/{people["draft"]}/next-report"' in page
    assert "The permanency clock" in page and "15 of the last 22 months in foster care" in page
    assert "Changes since the last report" not in page  # a disposition draft has no last report
    auth.logout()
    auth.login("supervisor")
    page = client.get(f"/drafts/{people['draft']}/review").get_data(as_text=True)
    assert "The permanency clock" in page and "Start the six-month review report" not in page


def test_starting_carries_the_last_approved_version_forward(client: FlaskClient, auth: AuthActions,
                                                           people: dict[str, int], store: Store) -> None:
    old = people["draft"]
    approve_draft(store, old)
    draft = store.get_draft(old)
    assert draft is not None
    edited = draft.case
    edited["parents"][0]["name"] = "Changed After Approval"  # a later edit is not what was filed
    store.save_draft(old, edited, draft.version, {})
    made = new_id(start(client, auth, old))
    new = store.get_draft(made)
    assert new is not None and new.owner_id == people["worker"]
    case = new.case
    assert case["court"]["hearing_type"] == "six_month_review"
    assert case["parents"][0]["name"] != "Changed After Approval"
    assert case["previous_report"]["hearing_type"] == "disposition"
    assert re.fullmatch(r"[0-9a-f]{64}", case["previous_report"]["digest"])
    assert all(s.get("progress") is None for s in case["parents"][0]["reunification"]["services"])
    assert [e.action for e in store.audit_entries(made)] == ["create"]
    page = client.get(f"/drafts/{made}/review").get_data(as_text=True)
    assert 'id="changes-title"' in page
    assert "Nothing a review follows" in page
    assert "To enter for this review" in page
    assert "does not say what progress a parent made in a service" in page  # RV806, a link to the field
    assert re.search(rf'href="/drafts/{made}/step/services#[^"]+"', page)
    assert "Start the twelve-month permanency hearing report" in page


def test_the_changes_are_listed_item_by_item(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                            store: Store) -> None:
    made = new_id(start(client, auth, people["draft"]))
    draft = store.get_draft(made)
    assert draft is not None
    case = draft.case
    services = case["parents"][0]["reunification"]["services"]
    services[0]["status"] = "completed"
    services.append({"service": "Family therapy", "status": "ongoing"})
    case["children"][0]["placement"]["caregiver"] = {"name": "Dana Whitlock", "relationship": "foster parent"}
    case["children"][0]["placement"]["type"] = "resource_family"
    store.save_draft(made, case, draft.version, {})
    page = client.get(f"/drafts/{made}/review").get_data(as_text=True)
    section = page[page.index('id="changes-title"'):page.index('id="to-enter-title"')]
    items = re.findall(r"<li><bdi>(.*?)</bdi></li>", section)
    assert len(items) == 3
    assert any("a new service, Family therapy." in i for i in items)
    assert any("Completed since the last report." in i for i in items)
    assert any("moved from" in i and "Dana Whitlock (resource family)" in i for i in items)


def test_the_draft_list_shows_each_childs_next_date(client: FlaskClient, auth: AuthActions,
                                                   people: dict[str, int]) -> None:
    auth.login("worker")
    page = client.get("/drafts").get_data(as_text=True)
    assert "<th scope=\"col\">Next date</th>" in page
    row = page[page.index(f"/drafts/{people['draft']}/"):]
    row = row[:row.index("</tr>")]
    # each child of the example family has a line with its next point and its date
    assert re.search(r"<bdi>[^<]+: [^<]+, [A-Z][a-z]+ \d{1,2}, \d{4}</bdi>", row), row


def test_a_review_that_cannot_follow_is_a_page_not_an_error(client: FlaskClient, auth: AuthActions,
                                                           people: dict[str, int]) -> None:
    answer = start(client, auth, people["draft"], hearing="disposition")
    assert answer.status_code == 422
    assert "The next report cannot be started" in answer.get_data(as_text=True)


def test_an_invalid_last_report_is_named_not_carried(client: FlaskClient, auth: AuthActions,
                                                    people: dict[str, int], store: Store) -> None:
    draft = store.get_draft(people["draft"])
    assert draft is not None
    case = draft.case
    case["dates"]["removal_date"] = "2030-01-01"  # after the hearings: the case does not load
    store.save_draft(people["draft"], case, draft.version, {})
    answer = start(client, auth, people["draft"])
    assert answer.status_code == 422
    assert "needs correcting first" in answer.get_data(as_text=True) or \
        "need correcting first" in answer.get_data(as_text=True)


def _fieldset_of(page: str, legend: str) -> str:
    at = page.index(legend)
    return page[page.rindex("<fieldset", 0, at):at]


def test_the_review_questions_are_asked_only_in_a_review_draft(client: FlaskClient, auth: AuthActions,
                                                                people: dict[str, int]) -> None:
    """Visits since the last report and the child's review part are hidden at disposition and shown
    at a review (decided from the case's hearing, answered on another step)."""
    old = people["draft"]
    made = new_id(start(client, auth, old))
    for draft, hidden in ((old, True), (made, False)):
        page = client.get(f"/drafts/{draft}/step/visitation").get_data(as_text=True)
        assert (" hidden" in _fieldset_of(page, "Since the last report")) is hidden
        page = client.get(f"/drafts/{draft}/step/case").get_data(as_text=True)
        assert (" hidden" in _fieldset_of(page, "This review hearing")) is hidden
