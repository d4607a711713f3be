"""Approval that means something: submit, send back with comments, approve (with a reason when
objections are open), versions and what changed, the void after a change, the final PDF made
only of an approved version, and the attorney given the approved version, never a later edit."""

from __future__ import annotations

import copy
import html
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from reportgen.render.embed import extract_case_bytes
from reportgen.store import Store

from .conftest import AuthActions, approve_draft, form_of


def _text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def _post(client: FlaskClient, auth: AuthActions, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data={"csrf_token": auth.csrf("/login"), **data})


def _save_child_name(client: FlaskClient, draft: int, name: str) -> None:
    page = client.get(f"/drafts/{draft}/step/children").get_data(as_text=True)
    form = form_of(page)
    assert "children[0].name" in form
    form["children[0].name"] = name
    form["action"] = "save"
    assert client.post(f"/drafts/{draft}/step/children", data=form).status_code == 303


def test_submit_send_back_fix_resubmit_approve_then_an_edit_voids(client: FlaskClient, auth: AuthActions,
                                                                   store: Store, people: dict[str, int]) -> None:
    draft = people["draft"]
    auth.login("worker")
    review = client.get(f"/drafts/{draft}/review").get_data(as_text=True)
    assert "Approval: drafting" in review and "Submit version 1 for approval" in review
    assert _post(client, auth, f"/drafts/{draft}/submit", {"version_number": "1"}).status_code == 303
    review = client.get(f"/drafts/{draft}/review").get_data(as_text=True)
    assert "Approval: submitted" in review and "submit-for-approval" not in review  # the button follows the state
    auth.logout()

    auth.login("supervisor")
    queue = _text(client.get("/queue"))
    assert "Reports waiting for your approval" in queue and "JV-" in queue
    assert 'id="approve-link"' in client.get(f"/drafts/{draft}/review").get_data(as_text=True)
    confirm = client.get(f"/drafts/{draft}/send-back")
    assert confirm.status_code == 200 and "Confirm: send version 1 back" in confirm.get_data(as_text=True)
    assert 'value="children[0].name"' in confirm.get_data(as_text=True)  # a comment may name a field
    empty = _post(client, auth, f"/drafts/{draft}/send-back", {"version_number": "1"})
    assert empty.status_code == 422 and "Write at least one comment" in empty.get_data(as_text=True)
    sent = _post(client, auth, f"/drafts/{draft}/send-back", {
        "version_number": "1", "where_0": "children[0].name", "comment_0": "Spell the name as the petition does.",
        "where_1": "", "comment_1": "Otherwise ready."})
    assert sent.status_code == 303
    auth.logout()

    auth.login("worker")
    review = _text(client.get(f"/drafts/{draft}/review"))
    assert "Approval: sent back" in review and "Spell the name as the petition does." in review
    step = client.get(f"/drafts/{draft}/step/children").get_data(as_text=True)
    beside = re.search(r'id="f-children-0-name-wrap">\s*<p class="supervisor-comment">(.*?)</p>', step, re.S)
    assert beside and "Spell the name as the petition does." in beside.group(1)  # beside the field it names
    _save_child_name(client, draft, "Sofía Ramírez-Luna")
    assert [v.number for v in store.versions(draft)] == [1, 2]
    assert _post(client, auth, f"/drafts/{draft}/submit", {"version_number": "2"}).status_code == 303
    auth.logout()

    auth.login("supervisor")
    changed = _text(client.get(f"/drafts/{draft}/versions?a=1&b=2"))
    assert "What changed from version 1 to version 2 (1 field)" in changed
    assert "Sofía Ramírez-Luna" in changed and "Child's name" in changed
    approve_page = client.get(f"/drafts/{draft}/approve").get_data(as_text=True)
    assert "Confirm: approve version 2" in approve_page and 'name="reason"' not in approve_page  # no objection open
    stale = _post(client, auth, f"/drafts/{draft}/approve", {"version_number": "1"})
    assert stale.status_code == 409  # the version read is not the one submitted
    assert _post(client, auth, f"/drafts/{draft}/approve", {"version_number": "2"}).status_code == 303
    review = client.get(f"/drafts/{draft}/review").get_data(as_text=True)
    assert "Version 2 approved by" in review and 'id="approve-link"' not in review
    auth.logout()

    auth.login("worker")
    assert '<td class="state state-approved">approved</td>' in client.get("/drafts").get_data(as_text=True)
    _save_child_name(client, draft, "Sofía Ramírez")
    review = _text(client.get(f"/drafts/{draft}/review"))
    assert "Changed after approval." in review and "This is version 3, not approved" in review
    assert '<td class="state state-drafting">drafting</td>' in client.get("/drafts").get_data(as_text=True)
    versions = _text(client.get(f"/drafts/{draft}/versions"))
    assert "approval voided by the change of" in versions
    actions = [e.action for e in store.audit_entries(draft) if e.action in ("submit", "send-back", "approve", "void")]
    assert actions == ["submit", "send-back", "submit", "approve", "void"]


def test_approving_with_open_objections_needs_a_reason_which_is_kept(client: FlaskClient, auth: AuthActions,
                                                                      store: Store, people: dict[str, int]) -> None:
    draft = people["draft"]
    current = store.get_draft(draft)
    assert current is not None
    case = copy.deepcopy(current.case)
    case["children"][0]["concurrent_plan"]["goal"] = None  # CP101: no plan for legal permanence
    store.save_draft(draft, case, current.version, current.status)
    worker = store.user_by_name("worker")
    assert worker is not None and store.submit(draft, 1, worker)
    auth.login("supervisor")
    page = client.get(f"/drafts/{draft}/approve").get_data(as_text=True)
    assert 'name="reason"' in page and "objection" in page
    refused = _post(client, auth, f"/drafts/{draft}/approve", {"version_number": "1", "reason": "  "})
    assert refused.status_code == 422 and "say why the report is approved with them" in _text(refused)
    done = _post(client, auth, f"/drafts/{draft}/approve", {"version_number": "1", "reason": "Hearing is today."})
    assert done.status_code == 303
    approval = store.approvals(draft)[0]
    assert approval.open_objections >= 1 and approval.reason == "Hearing is today."
    final = client.get(f"/drafts/{draft}/versions/1/pdf")
    assert final.status_code == 409 and "No final report while objections are open" in _text(final)


def test_the_final_pdf_is_refused_before_approval_and_names_the_approval_after(
        client: FlaskClient, auth: AuthActions, store: Store, people: dict[str, int]) -> None:
    draft = people["draft"]
    auth.login("worker")
    refused = client.get(f"/drafts/{draft}/versions/1/pdf")
    assert refused.status_code == 409 and "Version 1 of this report is not approved" in _text(refused)
    working = client.get(f"/drafts/{draft}/download/pdf")
    assert working.status_code == 200
    data = extract_case_bytes(working.data)
    assert data["approval"] == {"version": 1, "supervisor": None, "approved_at": None}  # marked DRAFT: not approved
    approve_draft(store, draft)
    final = client.get(f"/drafts/{draft}/versions/1/pdf")
    assert final.status_code == 200 and final.data.startswith(b"%PDF")
    data = extract_case_bytes(final.data)
    assert data["approval"]["version"] == 1 and data["approval"]["supervisor"] == "supervisor"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00", data["approval"]["approved_at"])


def test_the_attorney_gets_the_approved_version_not_a_later_edit(client: FlaskClient, auth: AuthActions,
                                                                 store: Store, people: dict[str, int]) -> None:
    draft = people["draft"]
    auth.login("attorney")
    none_yet = client.get(f"/drafts/{draft}/download/pdf")
    assert none_yet.status_code == 409 and "No approved report yet" in _text(none_yet)
    approve_draft(store, draft)
    current = store.get_draft(draft)
    assert current is not None
    case = copy.deepcopy(current.case)
    case["summary"] = "An edit nobody approved."
    store.save_draft(draft, case, current.version, current.status)
    listing = _text(client.get("/attorney/"))
    assert "drafting Version 1, approved" in listing and "the change is not approved" in listing
    pdf = client.get(f"/drafts/{draft}/download/pdf")
    assert pdf.status_code == 200
    data = extract_case_bytes(pdf.data)
    assert data["approval"]["version"] == 1 and data.get("summary") != "An edit nobody approved."


def test_no_form_post_sets_the_approval(client: FlaskClient, auth: AuthActions, store: Store,
                                         people: dict[str, int]) -> None:
    """The approval block is the server's: a posted ``approval.*`` field is not a field of any step."""
    draft = people["draft"]
    auth.login("worker")
    page = client.get(f"/drafts/{draft}/step/case").get_data(as_text=True)
    form = form_of(page) | {"approval.supervisor": "Forged", "approval.approved_at": "2026-12-01T09:00:00-08:00",
                            "approval.version": "1", "action": "save"}
    assert client.post(f"/drafts/{draft}/step/case", data=form).status_code in (303, 422)
    stored = store.get_draft(draft)
    assert stored is not None and "approval" not in stored.case
    assert "Date approved" not in page  # the typed approval date is no longer asked


@pytest.mark.parametrize("zone, abbreviation", [("America/Los_Angeles", "P"), ("America/New_York", "E")])
def test_the_queue_says_its_time_zone(client: FlaskClient, auth: AuthActions, store: Store, people: dict[str, int],
                                      monkeypatch: pytest.MonkeyPatch, zone: str, abbreviation: str) -> None:
    monkeypatch.setenv("REPORTGEN_TZ", zone)
    worker = store.user_by_name("worker")
    assert worker is not None and store.submit(people["draft"], 1, worker)
    auth.login("supervisor")
    queue = client.get("/queue").get_data(as_text=True)
    assert re.search(rf"<td>\d{{4}}-\d\d-\d\d \d\d:\d\d {abbreviation}[SD]T</td>", queue), queue
