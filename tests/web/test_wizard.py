"""The wizard end to end through the Flask test client."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from reportgen.store import Store

from .conftest import CSRF_RE, AuthActions, example_family, form_of

EXAMPLE_NAMES = ["Sofia", "Ramírez", "Teresa Morales", "Diego", "Elena", "JV-2026-004817"]


#: The steps asked once per child (forms/steps.yml ``per_child``); the example's first child is ``c1``.
PER_CHILD = {"child", "placement", "siblings", "concurrent_plan", "education_health", "wishes", "child_orders"}


def step_url(draft: int, step: str, child: str = "c1", suffix: str = "") -> str:
    """A step page (``suffix`` "/autosave" for its autosave); a per-child step of ``child``."""
    return f"/drafts/{draft}/step/{step}{suffix}" + (f"?child={child}" if step in PER_CHILD else "")


def open_step(client: FlaskClient, draft: int, step: str) -> dict[str, str]:
    response = client.get(step_url(draft, step))
    assert response.status_code == 200
    return form_of(response.get_data(as_text=True))


@pytest.fixture
def worker(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> dict[str, int]:
    auth.login("worker")
    return people


def test_a_new_draft_opens_on_the_first_step(client: FlaskClient, worker: dict[str, int]) -> None:
    token = CSRF_RE.search(client.get("/drafts").get_data(as_text=True))
    assert token
    response = client.post("/drafts/new", data={"csrf_token": token.group(1)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/step/case")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<label for="f-court-case-number">Case number</label>' in page


def test_saving_a_step_stores_it_and_says_when(client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "child")
    values["children[0].language"] = "Spanish"
    response = client.post(step_url(worker["draft"], "child"), data=values | {"action": "save"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert re.search(r"Saved at \d\d:\d\d P[SD]T", response.get_data(as_text=True))
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.version == 2 and draft.case["children"][0]["language"] == "Spanish"
    assert [e.action for e in store.audit_entries(worker["draft"])][-2:] == ["change", "open"]


def test_save_and_continue_goes_to_the_next_step(client: FlaskClient, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "child")
    response = client.post(step_url(worker["draft"], "child"), data=values | {"action": "next"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/step/placement?child=c1")


def test_invalid_input_is_kept_stored_and_answered_422(client: FlaskClient, store: Store,
                                                        worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "children")
    values["children[0].dob"] = "the 15th of March"
    response = client.post(step_url(worker["draft"], "children"), data=values | {"action": "save"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html[html.index('id="error-summary"'):]
    assert ('<a href="#f-children-0-dob">Date of birth: is not a date; write it as 12/02/2026 or 2026-12-02 '
            '(month first; 12/2/26 is read as 2026)</a>') in summary
    assert 'value="the 15th of March"' in html  # what was typed stays in the field
    field = re.search(r'<input id="f-children-0-dob"[^>]*>', html)
    assert field and 'aria-invalid="true"' in field.group(0)
    assert 'aria-describedby="f-children-0-dob-help f-children-0-dob-fb"' in field.group(0)
    feedback = html[html.index('id="f-children-0-dob-fb"'):][:400]
    assert "is not a date" in feedback
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["children"][0]["dob"] == "the 15th of March"
    progress = client.get(step_url(worker["draft"], "case")).get_data(as_text=True)
    assert re.search(r'data-step="children">\s*<a [^>]*><bdi>Children</bdi></a>\s*<span class="status-text">\(has errors\)',
                     progress)


def test_cp101_appears_beside_the_goal_and_goes_away(client: FlaskClient, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "concurrent_plan")
    values["children[0].concurrent_plan.goal"] = ""
    client.post(step_url(worker["draft"], "concurrent_plan"), data=values | {"action": "save"})
    html = client.get(step_url(worker["draft"], "concurrent_plan")).get_data(as_text=True)
    beside = html[html.index('id="f-children-0-concurrent-plan-goal-fb"'):][:600]
    assert "Objection CP101:" in beside and "WIC §358.1(b)" in beside
    review = client.get(f"/drafts/{worker['draft']}/review").get_data(as_text=True)
    assert f'href="/drafts/{worker["draft"]}/step/concurrent_plan?child=c1#f-children-0-concurrent-plan-goal"' in review
    # objections are counted apart from whether the page is answered: the goal is now unanswered too
    assert re.search(r'class="status-incomplete has-objections" data-step="concurrent_plan:c1">\s*<a [^>]*>.*?</a>\s*'
                     r'<span class="status-text">\(\d+ unanswered; 1 objection\)', html)
    values = form_of(html)
    values["children[0].concurrent_plan.goal"] = "adoption"
    client.post(step_url(worker["draft"], "concurrent_plan"), data=values | {"action": "save"})
    html = client.get(step_url(worker["draft"], "concurrent_plan")).get_data(as_text=True)
    assert "CP101" not in html


def test_autosave_answers_with_version_feedback_and_progress(client: FlaskClient, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "concurrent_plan")
    values["children[0].concurrent_plan.goal"] = ""
    response = client.post(step_url(worker["draft"], "concurrent_plan", suffix="/autosave"), data=values,
                           headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    assert body["version"] == 2 and re.fullmatch(r"\d\d:\d\d P[SD]T", body["saved_at"])
    place = next(p for p in body["feedback"]["places"] if p["id"] == "f-children-0-concurrent-plan-goal-fb")
    assert [f["code"] for f in place["findings"]] == ["CP101"]
    entry = {s["id"]: s for s in body["nav"]}["concurrent_plan:c1"]
    assert (entry["status"], entry["objections"]) == ("incomplete", 1)
    assert entry["text"].endswith("unanswered; 1 objection")
    assert body["objections"] == len([f for f in client.get(f"/drafts/{worker['draft']}/findings").get_json()["findings"]
                                      if f["severity"] == "object"])


def test_two_tabs_conflict_instead_of_overwriting(client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    first = open_step(client, worker["draft"], "wishes")
    second = dict(first)
    first["children[0].wishes"] = "Typed in the first tab."
    assert client.post(step_url(worker["draft"], "wishes"), data=first | {"action": "save"}).status_code == 303
    second["children[0].wishes"] = "Typed in the second tab."
    response = client.post(step_url(worker["draft"], "wishes"), data=second | {"action": "save"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "This report was changed elsewhere" in html
    table = html[html.index('id="conflict"'):html.index("</table>")]
    assert "Typed in the first tab." in table and "Typed in the second tab." in table
    assert ">Typed in the second tab.</textarea>" in html  # the second tab's text is still in the form
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["children"][0]["wishes"] == "Typed in the first tab."
    # Saving again from the conflict page is a deliberate choice and lands.
    again = form_of(html)
    assert client.post(step_url(worker["draft"], "wishes"), data=again | {"action": "save"}).status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["children"][0]["wishes"] == "Typed in the second tab."


def test_tabs_on_different_steps_do_not_conflict(client: FlaskClient, worker: dict[str, int]) -> None:
    wishes = open_step(client, worker["draft"], "wishes")
    child = open_step(client, worker["draft"], "child")
    child["children[0].language"] = "Spanish"
    assert client.post(step_url(worker["draft"], "child"), data=child | {"action": "save"}).status_code == 303
    wishes["children[0].wishes"] = "Stay with her aunt."
    assert client.post(step_url(worker["draft"], "wishes"), data=wishes | {"action": "save"}).status_code == 303


def test_steps_sharing_a_list_merge_instead_of_conflicting(client: FlaskClient, store: Store,
                                                           worker: dict[str, int]) -> None:
    """The parents and services steps both show the parents: a name changed on one and a
    provider changed on the other, from the same version, are both kept (was a spurious 409)."""
    parents = open_step(client, worker["draft"], "parents")
    services = open_step(client, worker["draft"], "services")
    assert parents["version"] == services["version"]
    parents["parents[0].name"] = "Elena R. Ramírez"
    assert client.post(step_url(worker["draft"], "parents"), data=parents | {"action": "save"}).status_code == 303
    services["parents[0].reunification.services[0].provider"] = "River City Family Services"
    assert client.post(step_url(worker["draft"], "services"), data=services | {"action": "save"}).status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.version == 3
    assert draft.case["parents"][0]["name"] == "Elena R. Ramírez"
    assert draft.case["parents"][0]["reunification"]["services"][0]["provider"] == "River City Family Services"


def test_different_fields_of_one_step_merge_and_the_other_change_stands(
    client: FlaskClient, store: Store, worker: dict[str, int]
) -> None:
    first = open_step(client, worker["draft"], "wishes")
    second = dict(first)
    first["children[0].child_statement"] = "Changed in the first tab."
    assert client.post(step_url(worker["draft"], "wishes"), data=first | {"action": "save"}).status_code == 303
    second["children[0].wishes"] = "Changed in the second tab."
    answer = client.post(step_url(worker["draft"], "wishes", suffix="/autosave"), data=second)
    assert answer.status_code == 200
    # The second tab still shows the old statement; saving again must not put it back.
    second |= {"version": str(answer.get_json()["version"]), "digest": answer.get_json()["digest"],
               "children[0].case_plan_input": "Typed later in the second tab."}
    assert client.post(step_url(worker["draft"], "wishes", suffix="/autosave"), data=second).status_code == 200
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    child = draft.case["children"][0]
    assert (child["child_statement"], child["wishes"], child["case_plan_input"]) == (
        "Changed in the first tab.", "Changed in the second tab.", "Typed later in the second tab.")


def test_a_conflict_page_shows_the_other_change_not_the_stale_value(
    client: FlaskClient, store: Store, worker: dict[str, int]
) -> None:
    first = open_step(client, worker["draft"], "wishes")
    second = dict(first)
    first |= {"children[0].child_statement": "Statement from the first tab.", "children[0].wishes": "Wishes, first tab."}
    client.post(step_url(worker["draft"], "wishes"), data=first | {"action": "save"})
    second["children[0].wishes"] = "Wishes, second tab."
    response = client.post(step_url(worker["draft"], "wishes"), data=second | {"action": "save"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    table = html[html.index('id="conflict"'):html.index("</table>")]
    assert "Wishes, first tab." in table and "Wishes, second tab." in table
    assert "Statement from the first tab." not in table  # changed on one side only: not a conflict
    # Keeping the second tab's version keeps the first tab's statement too.
    assert client.post(step_url(worker["draft"], "wishes"), data=form_of(html) | {"action": "save"}).status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    assert (draft.case["children"][0]["child_statement"], draft.case["children"][0]["wishes"]) == (
        "Statement from the first tab.", "Wishes, second tab.")


def test_a_save_that_loses_the_race_is_merged_again(
    client: FlaskClient, store: Store, worker: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another save lands between reading the draft and writing it: merged again, not a 409."""
    wishes = open_step(client, worker["draft"], "wishes")
    wishes["children[0].wishes"] = "Saved while another step was being saved."
    real = Store.save_draft
    calls: list[int] = []

    def racing(self: Store, draft_id: int, case: dict[str, Any], expected: int, *args: Any, **kw: Any) -> Any:
        if not calls:
            calls.append(expected)
            other = self.get_draft(draft_id)
            assert other is not None
            theirs = other.case
            theirs["children"][0]["language"] = "Spanish and English"
            real(self, draft_id, theirs, other.version, other.status)
        return real(self, draft_id, case, expected, *args, **kw)

    monkeypatch.setattr(Store, "save_draft", racing)
    response = client.post(step_url(worker["draft"], "wishes"), data=wishes | {"action": "save"})
    assert response.status_code == 303 and calls
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.version == 3
    assert draft.case["children"][0]["language"] == "Spanish and English"
    assert draft.case["children"][0]["wishes"] == "Saved while another step was being saved."


def test_removing_an_entry_of_a_list_changed_elsewhere_is_a_conflict(
    client: FlaskClient, store: Store, worker: dict[str, int]
) -> None:
    stale = open_step(client, worker["draft"], "siblings")
    fresh = dict(stale)
    before = store.get_draft(worker["draft"])
    assert before is not None
    n = len(before.case["children"][0]["siblings"])
    assert client.post(step_url(worker["draft"], "siblings"),
                       data=fresh | {"action": "add:children[0].siblings"}).status_code == 303
    response = client.post(step_url(worker["draft"], "siblings"), data=stale | {"action": "remove:children[0].siblings[0]"})
    assert response.status_code == 409 and "the list was changed elsewhere" in response.get_data(as_text=True)
    draft = store.get_draft(worker["draft"])
    assert draft is not None and len(draft.case["children"][0]["siblings"]) == n + 1


def test_autosave_conflict_is_409_with_both_versions(client: FlaskClient, worker: dict[str, int]) -> None:
    stale = open_step(client, worker["draft"], "wishes")
    fresh = dict(stale)
    fresh["children[0].wishes"] = "Saved first."
    client.post(step_url(worker["draft"], "wishes", suffix="/autosave"), data=fresh)
    stale["children[0].wishes"] = "Saved later."
    response = client.post(step_url(worker["draft"], "wishes", suffix="/autosave"), data=stale)
    assert response.status_code == 409
    diff = response.get_json()["differences"]
    assert diff == [{"path": "children[0].wishes", "id": "f-children-0-wishes", "label": "The child's wishes about placement",
                     "yours": "Saved later.", "theirs": "Saved first."}]


def test_repeated_items_are_added_and_removed(client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "siblings")
    before = store.get_draft(worker["draft"])
    assert before is not None
    kept = [s.get("child_id") or s.get("name") for s in before.case["children"][0]["siblings"]][1:]
    n = len(kept) + 1
    response = client.post(step_url(worker["draft"], "siblings"), data=values | {"action": "add:children[0].siblings"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#f-item-children-0-siblings-{n}")
    html = client.get(step_url(worker["draft"], "siblings")).get_data(as_text=True)
    assert f'name="children[0].siblings[{n}].name"' in html
    values = form_of(html)
    values[f"children[0].siblings[{n}].name"] = "Tomás"
    client.post(step_url(worker["draft"], "siblings"), data=values | {"action": "remove:children[0].siblings[0]"})
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    assert [s.get("child_id") or s.get("name") for s in draft.case["children"][0]["siblings"]] == [*kept, "Tomás"]


def test_fixed_repeats_cannot_be_added_to(client: FlaskClient, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "services")
    response = client.post(step_url(worker["draft"], "services"), data=values | {"action": "add:parents"})
    assert response.status_code == 400


def test_fields_of_other_steps_are_ignored(client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "wishes")
    values["children[0].name"] = "Someone else"
    values["court.case_number"] = "X"
    client.post(step_url(worker["draft"], "wishes"), data=values | {"action": "save"})
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["children"][0]["name"] == "Sofia Ramírez"


@pytest.mark.parametrize("path", ["/drafts", "/drafts/{d}/step/child?child=c1", "/drafts/{d}/review", "/drafts/{d}/findings",
                                  "/drafts/{d}/preview", "/drafts/{d}/download/docx"])
def test_case_pages_and_downloads_are_not_cached(client: FlaskClient, worker: dict[str, int], path: str) -> None:
    response = client.get(path.format(d=worker["draft"]))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_downloads_are_audited_and_named(client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    response = client.get(f"/drafts/{worker['draft']}/download/docx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert 'filename="disposition-report-JV-2026-004817.docx"' in response.headers["Content-Disposition"]
    assert store.audit_entries(worker["draft"])[-1].action == "download"


def test_an_invalid_draft_cannot_be_downloaded(client: FlaskClient, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "children")
    values["children[0].dob"] = "soon"
    client.post(step_url(worker["draft"], "children"), data=values | {"action": "save"})
    response = client.get(f"/drafts/{worker['draft']}/download/docx")
    assert response.status_code == 422
    assert f'href="/drafts/{worker["draft"]}/step/children#f-children-0-dob"' in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/drafts/{d}/download/pdf", "/drafts/{d}/download/docx", "/drafts/{d}/preview"])
def test_a_broken_county_template_gets_a_page_naming_it(client: FlaskClient, worker: dict[str, int], county, monkeypatch,
                                                       path: str) -> None:
    from docx import Document

    from reportgen.render.templates import ENV_VAR

    # A KeyError whose message is the case number: the page must not repeat it (WIC §827).
    code = '{{ ("%(" ~ caption.rows[0].value ~ ")s") % {} }}'
    html = (county / "report.html").read_text(encoding="utf-8").splitlines()
    (county / "report.html").write_text("\n".join(html[:9] + [code] + html[9:]), encoding="utf-8")
    doc = Document(str(county / "report.docx"))
    doc.add_paragraph(code)
    doc.save(str(county / "report.docx"))
    monkeypatch.setenv(ENV_VAR, str(county))
    response = client.get(path.format(d=worker["draft"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "The report could not be made" in page and "failed while rendering (KeyError)" in page
    assert ("report.html, line 10" in page) if "docx" not in path else "report.docx" in page
    assert "JV-2026-004817" not in page and "Traceback" not in page


def test_an_attorney_opening_a_step_is_given_the_agencys_report(client: FlaskClient, auth: AuthActions,
                                                                  people: dict[str, int]) -> None:
    """Only approved versions are presented to the child's attorney as the agency's report: a step of the
    working draft redirects to the attorney's page for the case, which says none is approved yet."""
    auth.login("attorney")
    response = client.get(step_url(people["draft"], "children"))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You can read this report but not change it." not in page  # not the working draft's page
    assert 'id="f-children-0-name"' not in page
    assert "approved" in page.lower()


def test_text_posted_after_the_session_expired_is_not_kept_on_the_server(
    client: FlaskClient, auth: AuthActions, store: Store, people: dict[str, int]
) -> None:
    """The server cannot tell the worker's own late post from another website's: it keeps neither.
    (The browser keeps the worker's text; tests/browser proves it is offered back.)"""
    auth.login("worker")
    values = open_step(client, people["draft"], "wishes")
    values["children[0].wishes"] = "A long narrative typed while the session ran out."
    before = store.get_draft(people["draft"])
    client.delete_cookie("session")  # the session expired while the worker typed
    response = client.post(step_url(people["draft"], "wishes"), data=values | {"action": "save"})
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    login = auth.login("worker", next=step_url(people["draft"], "wishes"))
    assert login.headers["Location"] == step_url(people["draft"], "wishes")
    html = client.get(step_url(people["draft"], "wishes")).get_data(as_text=True)
    assert "A long narrative typed while the session ran out." not in html
    after = store.get_draft(people["draft"])
    assert before is not None and after is not None
    assert (after.version, after.case_json) == (before.version, before.case_json)


def test_a_refused_token_keeps_the_text_and_gives_a_fresh_one(client: FlaskClient, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "wishes")
    values["children[0].wishes"] = "Typed over a long afternoon."
    values["csrf_token"] = "forged"
    response = client.post(step_url(worker["draft"], "wishes"), data=values | {"action": "save"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Typed over a long afternoon.</textarea>" in html and "security token was refused" in html
    again = form_of(html)
    assert again["csrf_token"] != "forged"
    assert client.post(step_url(worker["draft"], "wishes"), data=again | {"action": "save"}).status_code == 303


def test_no_case_data_in_the_logs_of_a_whole_wizard_run(
    client: FlaskClient, auth: AuthActions, store: Store, people: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    auth.login("worker")
    token = CSRF_RE.search(client.get("/drafts").get_data(as_text=True))
    assert token
    new = client.post("/drafts/new", data={"csrf_token": token.group(1)}).headers["Location"]
    new_id = int(new.split("/")[2])
    from reportgen.web.forms import load_spec

    for step in load_spec().steps:
        for draft in (people["draft"], new_id):
            values = open_step(client, draft, step.id)
            if draft == new_id and step.id == "children":
                values["children[0].name"] = example_family()["children"][0]["name"]
                values["children[0].dob"] = "not a date for Sofia Ramírez"
            client.post(step_url(draft, step.id), data=values | {"action": "save"})
            client.post(step_url(draft, step.id, suffix="/autosave"), data=open_step(client, draft, step.id))
    client.get(f"/drafts/{people['draft']}/review")
    client.get(f"/drafts/{people['draft']}/findings")
    client.get(f"/drafts/{people['draft']}/download/docx")
    client.get(f"/drafts/{new_id}/download/docx")
    auth.logout()
    assert caplog.records, "the run logged something (so the check below is not vacuous)"
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    for name in EXAMPLE_NAMES:
        assert name not in text
    entries = store.audit_entries()
    assert {"login", "create", "open", "change", "download", "logout"} <= {e.action for e in entries}


def test_every_page_sends_the_security_headers(client: FlaskClient, worker: dict[str, int]) -> None:
    response = client.get(step_url(worker["draft"], "child"))
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script" not in re.sub(r'<script src="/static/wizard.js" defer></script>', "",
                                   response.get_data(as_text=True))  # no inline script for the CSP to allow


def test_typed_text_is_escaped_not_run(client: FlaskClient, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "wishes")
    values["children[0].wishes"] = '<script>alert("x")</script> {{ 7*7 }}'
    client.post(step_url(worker["draft"], "wishes"), data=values | {"action": "save"})
    html = client.get(step_url(worker["draft"], "wishes")).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; {{ 7*7 }}" in html


NAME_FIELD = re.compile(r"(^|[.\]])(name|person|\w+_name)$")


def test_every_typed_field_and_every_name_field_has_autocomplete_off(
    client: FlaskClient, store: Store, worker: dict[str, int]
) -> None:
    """Names of the child, parents, siblings, relatives and caregivers, and every narrative:
    the browser must not remember them. Every repeat holds an entry, so each item's fields show."""
    from reportgen.web.checking import Evaluation
    from reportgen.web.forms import load_spec, set_in
    from reportgen.web.pages import Group, bind_step

    draft = store.get_draft(worker["draft"])
    assert draft is not None
    raw = draft.case
    for _ in range(3):  # nested repeats appear once their parent item exists
        for step in load_spec().steps:
            for anchor in bind_step(load_spec(), step, raw, Evaluation([], [])).anchors.values():
                if isinstance(anchor, Group) and anchor.kind == "repeat" and not anchor.groups:
                    set_in(raw, f"{anchor.path}[0]", {})
    raw["children"][0]["has_siblings"] = True
    store.save_draft(draft.id, raw, draft.version, draft.status)
    names: set[str] = set()
    typed = 0
    for step in load_spec().steps:
        html = client.get(step_url(worker["draft"], step.id)).get_data(as_text=True)
        for tag in re.findall(r'<(?:input|textarea) [^>]*name="(?!csrf_token|version|digest)[^"]+"[^>]*>', html):
            name = re.search(r'name="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
            if 'type="radio"' in tag or 'type="checkbox"' in tag or 'type="hidden"' in tag:
                continue
            typed += 1
            assert 'autocomplete="off"' in tag, (step.id, name)
            if NAME_FIELD.search(name):
                names.add(re.sub(r"\[\d+\]", "[]", name))
    expected = {"children[].name", "parents[].name", "children[].siblings[].name", "relatives.people[].name",
                "children[].placement.caregiver.name", "children[].concurrent_plan.prospective_family.name",
                "icwa.inquiry[].person", "parents[].other_children[].name", "children[].placement.other_children[].name"}
    assert expected <= names, expected - names
    assert typed > 100


def _siblings(store: Store, draft_id: int, n: int) -> None:
    draft = store.get_draft(draft_id)
    assert draft is not None
    raw = draft.case
    raw["children"][0]["has_siblings"] = True
    raw["children"][0]["siblings"] = [{"name": f"Sibling number {i + 1}"} for i in range(n)]
    store.save_draft(draft_id, raw, draft.version, draft.status)


def test_the_group_limit_is_stated_beside_add_and_add_is_refused_at_it(
    client: FlaskClient, store: Store, worker: dict[str, int]
) -> None:
    from reportgen.web.forms import max_items

    limit = max_items("children[].siblings")
    assert limit == 20  # the schema's own limit (reportgen/schema.py), the one number used everywhere
    _siblings(store, worker["draft"], limit - 1)
    html = client.get(step_url(worker["draft"], "siblings")).get_data(as_text=True)
    assert f"Up to {limit} entries." in html
    assert re.search(r'<button [^>]*value="add:children\[0\]\.siblings"[^>]*>', html).group(0).count("disabled") == 0  # type: ignore[union-attr]
    values = form_of(html)
    assert client.post(step_url(worker["draft"], "siblings"), data=values | {"action": "add:children[0].siblings"}).status_code == 303
    html = client.get(step_url(worker["draft"], "siblings")).get_data(as_text=True)
    assert f"This list holds the most entries allowed ({limit})" in html
    assert " disabled>Add a sibling</button>" in html
    values = form_of(html)
    values["children[0].siblings[0].name"] = "Renamed while the list was full"
    response = client.post(step_url(worker["draft"], "siblings"), data=values | {"action": "add:children[0].siblings"})
    assert response.status_code == 422
    assert f"Sibling: the list holds the most entries allowed ({limit}), so none was added." in response.get_data(
        as_text=True)
    draft = store.get_draft(worker["draft"])
    assert draft is not None and len(draft.case["children"][0]["siblings"]) == limit
    assert draft.case["children"][0]["siblings"][0]["name"] == "Renamed while the list was full"  # the rest of the page saved


@pytest.mark.parametrize("route", ["step", "autosave"])
def test_entries_past_the_limit_are_refused_by_name_not_dropped_in_silence(
    client: FlaskClient, store: Store, worker: dict[str, int], route: str
) -> None:
    _siblings(store, worker["draft"], 2)
    values = open_step(client, worker["draft"], "siblings")
    for i in range(2, 130):  # what a hostile or broken page might send: far past the limit of 20
        values[f"children[0].siblings[{i}].name"] = f"Posted sibling {i}"
    values["children[0].siblings[1].name"] = "Kept: within the limit"
    url = step_url(worker["draft"], "siblings", suffix="/autosave" if route == "autosave" else "")
    response = client.post(url, data=values | ({"action": "save"} if route == "step" else {}))
    message = "Sibling: up to 20 entries can be entered; 110 more sent with this page were not saved."
    if route == "step":
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    else:
        assert response.status_code == 200 and response.get_json()["refused"] == [message]
    draft = store.get_draft(worker["draft"])
    assert draft is not None and len(draft.case["children"][0]["siblings"]) == 20
    assert draft.case["children"][0]["siblings"][1]["name"] == "Kept: within the limit"
    assert draft.case["children"][0]["siblings"][19]["name"] == "Posted sibling 19"


def test_nested_group_limits_are_each_lists_own(client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    values = open_step(client, worker["draft"], "services")
    values["parents[0].reunification.services[30].provider"] = "Past the limit of 30"
    values["parents[0].reunification.services[29].provider"] = "The thirtieth service"
    response = client.post(step_url(worker["draft"], "services"), data=values | {"action": "save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "up to 30 entries can be entered; 1 more" in html
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    services = draft.case["parents"][0]["reunification"]["services"]
    assert len(services) == 30 and services[29]["provider"] == "The thirtieth service"


def test_a_very_long_legal_name_breaks_nothing_and_stays_out_of_the_log(
    client: FlaskClient, store: Store, worker: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    long_name = "Maximiliana " + "Ñandú-Wolfeschlegelsteinhausenbergerdorff " * 120  # ~5,000 characters
    fits = ("Ximena-Guadalupe " * 12)[:200].strip()  # as long as the schema allows (200)
    values = open_step(client, worker["draft"], "siblings")
    values["children[0].siblings[0].name"] = long_name
    response = client.post(step_url(worker["draft"], "siblings"), data=values | {"action": "save"})
    assert response.status_code == 422  # too long: said beside the field, kept as typed
    html = response.get_data(as_text=True)
    legend = re.search(r"<legend>Sibling 1: ([^<]*)</legend>", html)
    assert legend and legend.group(1).startswith("Maximiliana") and len(legend.group(1)) <= 80  # cut, not stretched
    assert f'value="{long_name}"' in html  # the field itself keeps every character typed
    assert client.get(f"/drafts/{worker['draft']}/download/docx").status_code == 422
    values = form_of(client.get(step_url(worker["draft"], "siblings")).get_data(as_text=True))
    values["children[0].siblings[0].name"] = fits
    child = open_step(client, worker["draft"], "children")
    assert client.post(step_url(worker["draft"], "siblings"), data=values | {"action": "save"}).status_code == 303
    assert client.post(step_url(worker["draft"], "children"),
                       data=child | {"children[0].name": fits, "action": "save"}).status_code == 303
    docx = client.get(f"/drafts/{worker['draft']}/download/docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records and "Maximiliana" not in text and "Ximena" not in text and "Wolfeschlegel" not in text


def test_a_bare_placeholder_the_check_does_not_count_is_said_beside_the_field(
        client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    """"N/A" typed where the check wants a factual discussion is kept and printed as typed,
    and the wizard says why the finding stays; a real answer, or "None" in a field the
    check does not read, gets no such note."""
    values = open_step(client, worker["draft"], "education_health")
    values["children[0].health.summary"] = "N/A"
    values["children[0].health.medications"] = "None"
    client.post(step_url(worker["draft"], "education_health"), data=values | {"action": "save"})
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["children"][0]["health"]["summary"] == "N/A"
    html = client.get(step_url(worker["draft"], "education_health")).get_data(as_text=True)
    beside = html[html.index('id="f-children-0-health-summary-fb"'):]
    beside = beside[:beside.index('class="field')]
    assert "“N/A” alone is printed as typed, but the check does not count it as an answer" in beside
    assert "WIC §358.1" in beside
    meds = html[html.index('id="f-children-0-health-medications-fb"'):][:300]
    assert "does not count" not in meds
    answer = client.post(step_url(worker["draft"], "education_health", suffix="/autosave"),
                         data=form_of(html) | {"children[0].health.summary": "Healthy; seen by a pediatrician on 11/02/2026."},
                         headers={"X-Requested-With": "fetch"}).get_json()
    assert not any(p.get("notes") for p in answer["feedback"]["places"])
    answer = client.post(step_url(worker["draft"], "education_health", suffix="/autosave"),
                         data=open_step(client, worker["draft"], "education_health")
                         | {"children[0].health.summary": "TBD"},
                         headers={"X-Requested-With": "fetch"}).get_json()
    place = next(p for p in answer["feedback"]["places"] if p["id"] == "f-children-0-health-summary-fb")
    assert place["notes"] and "“TBD” alone" in place["notes"][0]
