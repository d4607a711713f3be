"""The wizard on a report about several children (schema 2.0), and 1.0 drafts read as 2.0."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from reportgen.store import Store

from .conftest import ROOT, form_of

V1_DRAFT = ROOT / "tests" / "fixtures" / "v1" / "01-complete-sibling-group.json"


def page(client: FlaskClient, draft: int, step: str, child: str | None = None, suffix: str = "") -> str:
    return f"/drafts/{draft}/step/{step}{suffix}" + (f"?child={child}" if child else "")


def values_of(client: FlaskClient, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return form_of(response.get_data(as_text=True))


@pytest.fixture
def worker(client: FlaskClient, auth: Any, people: dict[str, int]) -> dict[str, int]:
    auth.login("worker")
    return people


def _store_raw(store: Store, draft_id: int, raw: dict[str, Any]) -> None:
    draft = store.get_draft(draft_id)
    assert draft is not None
    store.save_draft(draft_id, raw, draft.version, draft.status)


def _add_leo(client: FlaskClient, draft: int) -> None:
    """Add a second child on the Children step, as the worker does, and name him."""
    values = values_of(client, page(client, draft, "children"))
    answer = client.post(page(client, draft, "children"), data=values | {"action": "add:children"})
    assert answer.status_code == 303
    values = values_of(client, page(client, draft, "children"))
    n = max(int(m) for m in re.findall(r"children\[(\d+)\]\.name", " ".join(values)))
    values[f"children[{n}].name"] = "Leo Ramírez"
    values[f"children[{n}].dob"] = "10/01/2025"
    assert client.post(page(client, draft, "children"), data=values | {"action": "save"}).status_code == 303


def test_a_1_0_draft_opens_shows_its_values_and_saves_as_2_0(client: FlaskClient, store: Store,
                                                              worker: dict[str, int]) -> None:
    v1 = json.loads(V1_DRAFT.read_text(encoding="utf-8"))
    assert v1["schema_version"] == "1.0"
    _store_raw(store, worker["draft"], v1)
    stored = store.get_draft(worker["draft"])
    assert stored is not None and stored.case["schema_version"] == "1.0"
    # Its values are shown on the 2.0 pages: the child's name on the Children step, the caregiver on
    # the child's Placement page, the parents as they were.
    children = client.get(page(client, worker["draft"], "children")).get_data(as_text=True)
    assert f'value="{v1["child"]["name"]}"' in children
    placement = values_of(client, page(client, worker["draft"], "placement", "c1"))
    assert placement["children[0].placement.caregiver.name"] == v1["placement"]["caregiver"]["name"]
    assert values_of(client, page(client, worker["draft"], "parents"))["parents[0].name"] == v1["parents"][0]["name"]
    drafts = client.get("/drafts").get_data(as_text=True)
    assert v1["child"]["name"] in drafts
    # Saving one step stores the whole draft as 2.0, nothing lost.
    placement["children[0].placement.reason"] = "Closest relative; keeps the children in their school."
    assert client.post(page(client, worker["draft"], "placement", "c1"),
                       data=placement | {"action": "save"}).status_code == 303
    saved = store.get_draft(worker["draft"])
    assert saved is not None and saved.case["schema_version"] == "2.0"
    assert "child" not in saved.case and "placement" not in saved.case
    child = saved.case["children"][0]
    assert child["id"] == "c1" and child["name"] == v1["child"]["name"]
    assert child["placement"]["reason"] == "Closest relative; keeps the children in their school."
    assert child["concurrent_plan"]["goal"] == v1["concurrent_plan"]["goal"]
    assert saved.case["parents"][0]["name"] == v1["parents"][0]["name"]


def test_per_child_steps_are_listed_under_each_child_and_ask_only_that_child(
        client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    _add_leo(client, worker["draft"])
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    kids = draft.case["children"]
    leo = len(kids) - 1
    leo_id = kids[leo]["id"]
    html = client.get(page(client, worker["draft"], "placement", leo_id)).get_data(as_text=True)
    assert "<h1><bdi>Leo Ramírez</bdi> — Placement and caregiver</h1>" in html
    assert f'data-step="placement:{leo_id}"' in html  # the progress entry and the browser's kept text, per child
    assert re.search(r'<a href="[^"]*step/placement\?child=c1"[^>]*><bdi>[^<]+ — Placement and caregiver</bdi>', html)
    assert f'name="children[{leo}].placement.type"' in html and 'name="children[0].placement.type"' not in html
    # A post naming another child's field on this child's page is not taken.
    values = form_of(html) | {"children[0].placement.reason": "not from this page",
                              f"children[{leo}].placement.reason": "Placed with his sister."}
    assert client.post(page(client, worker["draft"], "placement", leo_id),
                       data=values | {"action": "save"}).status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    assert draft.case["children"][leo]["placement"]["reason"] == "Placed with his sister."
    assert draft.case["children"][0]["placement"]["reason"] != "not from this page"
    # The shared facts are asked once: the parents step has no per-child copy.
    assert client.get(page(client, worker["draft"], "parents")).get_data(as_text=True).count("Add a parent") == 1
    listing = client.get("/drafts").get_data(as_text=True)
    assert "Leo Ramírez" in listing and kids[0]["name"] in listing


def test_a_finding_about_the_second_child_links_to_that_childs_page(client: FlaskClient, store: Store,
                                                                    worker: dict[str, int]) -> None:
    _add_leo(client, worker["draft"])
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    leo = len(draft.case["children"]) - 1
    leo_id = draft.case["children"][leo]["id"]
    findings = client.get(f"/drafts/{worker['draft']}/findings").get_json()["findings"]
    cp101 = [f for f in findings if f["code"] == "CP101"]
    assert [f["fields"] for f in cp101] == [[f"children[{leo}].concurrent_plan.goal"]]
    review = client.get(f"/drafts/{worker['draft']}/review").get_data(as_text=True)
    href = f'/drafts/{worker["draft"]}/step/concurrent_plan?child={leo_id}#f-children-{leo}-concurrent-plan-goal'
    assert f'href="{href}"' in review and "Leo Ramírez — Concurrent plan" in review
    html = client.get(page(client, worker["draft"], "concurrent_plan", leo_id)).get_data(as_text=True)
    beside = html[html.index(f'id="f-children-{leo}-concurrent-plan-goal-fb"'):][:600]
    assert "Objection CP101:" in beside
    first = client.get(page(client, worker["draft"], "concurrent_plan", "c1")).get_data(as_text=True)
    assert "CP101" not in first  # the first child has a plan
    assert re.search(rf'data-step="concurrent_plan:{leo_id}">\s*<a [^>]*>.*?</a>\s*<span class="status-text">'
                     r"\([^)]*; \d+ objections?\)", html)


def test_an_error_names_the_field_and_the_child(client: FlaskClient, store: Store, worker: dict[str, int]) -> None:
    _add_leo(client, worker["draft"])
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    leo = len(draft.case["children"]) - 1
    leo_id = draft.case["children"][leo]["id"]
    values = values_of(client, page(client, worker["draft"], "child_orders", leo_id))
    values[f"children[{leo}].recommended.stated_six_month_review_date"] = "next spring"
    response = client.post(page(client, worker["draft"], "child_orders", leo_id), data=values | {"action": "save"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html[html.index('id="error-summary"'):]
    assert f'<a href="#f-children-{leo}-recommended-stated-six-month-review-date">Six-month review date for this child: ' \
           "is not a date" in summary
    invalid = client.get(f"/drafts/{worker['draft']}/download/docx").get_data(as_text=True)
    assert (f'href="/drafts/{worker["draft"]}/step/child_orders?child={leo_id}'
            f'#f-children-{leo}-recommended-stated-six-month-review-date"') in invalid


def test_siblings_in_the_report_are_chosen_not_retyped(client: FlaskClient, store: Store,
                                                       worker: dict[str, int]) -> None:
    _add_leo(client, worker["draft"])
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    leo = len(draft.case["children"]) - 1
    leo_id = draft.case["children"][leo]["id"]
    values = values_of(client, page(client, worker["draft"], "siblings", leo_id))
    values[f"children[{leo}].has_siblings"] = "true"
    assert client.post(page(client, worker["draft"], "siblings", leo_id),
                       data=values | {"action": f"add:children[{leo}].siblings"}).status_code == 303
    html = client.get(page(client, worker["draft"], "siblings", leo_id)).get_data(as_text=True)
    select = re.search(rf'<select id="f-children-{leo}-siblings-0-child-id"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the other children of the report are offered"
    options = re.findall(r'<option value="([^"]*)"', select.group(1))
    assert "c1" in options and leo_id not in options  # the others, never the child itself
    values = form_of(html) | {f"children[{leo}].siblings[0].child_id": "c1",
                              f"children[{leo}].siblings[0].relationship_description": "Very close."}
    assert client.post(page(client, worker["draft"], "siblings", leo_id),
                       data=values | {"action": "save"}).status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    assert draft.case["children"][leo]["siblings"][0]["child_id"] == "c1"
    # Removing the first child drops the entry that named it; Leo's page still follows Leo.
    stale = values_of(client, page(client, worker["draft"], "wishes", leo_id))
    children = values_of(client, page(client, worker["draft"], "children"))
    assert client.post(page(client, worker["draft"], "children"),
                       data=children | {"action": "remove:children[0]"}).status_code == 303
    stale[f"children[{leo}].wishes"] = "Leo wants to stay with his aunt."
    assert client.post(page(client, worker["draft"], "wishes", leo_id),
                       data=stale | {"action": "save"}).status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    moved = next(c for c in draft.case["children"] if c["id"] == leo_id)
    assert moved["wishes"] == "Leo wants to stay with his aunt."  # saved to Leo at his new place
    assert not any(s.get("child_id") == "c1" for s in moved.get("siblings") or [])
    assert client.get(page(client, worker["draft"], "placement", "c1")).status_code == 404


def test_a_parent_is_marked_parent_of_some_children(client: FlaskClient, store: Store,
                                                    worker: dict[str, int]) -> None:
    _add_leo(client, worker["draft"])
    draft = store.get_draft(worker["draft"])
    assert draft is not None
    leo_id = draft.case["children"][-1]["id"]
    html = client.get(page(client, worker["draft"], "parents")).get_data(as_text=True)
    assert re.search(rf'<input type="checkbox" id="f-parents-0-children-{leo_id}" name="parents\[0\]\.children" '
                     rf'value="{leo_id}"', html)
    values = form_of(html)
    data = MultiDict([(k, v) for k, v in values.items() if k != "parents[0].children"])
    data.setlist("parents[0].children", ["", leo_id])  # the hidden twin, then the box checked
    data["action"] = "save"
    assert client.post(page(client, worker["draft"], "parents"), data=data).status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["parents"][0]["children"] == [leo_id]
    html = client.get(page(client, worker["draft"], "parents")).get_data(as_text=True)
    assert re.search(rf'id="f-parents-0-children-{leo_id}"[^>]* checked', html)
    # Clearing every box (only the hidden twin is posted) is saved as "all the children".
    data = MultiDict([(k, v) for k, v in form_of(html).items() if k != "parents[0].children"])
    data.setlist("parents[0].children", [""])
    data["action"] = "save"
    assert client.post(page(client, worker["draft"], "parents"), data=data).status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["parents"][0].get("children") is None


def test_a_new_report_starts_with_one_child_and_adding_is_capped(client: FlaskClient, store: Store,
                                                                 worker: dict[str, int]) -> None:
    from reportgen.schema import MAX_CHILDREN

    from .conftest import CSRF_RE

    token = CSRF_RE.search(client.get("/drafts").get_data(as_text=True))
    assert token
    new = client.post("/drafts/new", data={"csrf_token": token.group(1)}).headers["Location"]
    draft_id = int(new.split("/")[2])
    draft = store.get_draft(draft_id)
    assert draft is not None and draft.case == {"schema_version": "2.0", "children": [{"id": "c1"}]}
    raw = dict(draft.case, children=[{"id": f"c{i + 1}", "name": f"Child {i + 1}"} for i in range(MAX_CHILDREN)])
    store.save_draft(draft_id, raw, draft.version, draft.status)
    html = client.get(page(client, draft_id, "children")).get_data(as_text=True)
    assert f"This list holds the most entries allowed ({MAX_CHILDREN})" in html
    response = client.post(page(client, draft_id, "children"), data=form_of(html) | {"action": "add:children"})
    assert response.status_code == 422 and "so none was added" in response.get_data(as_text=True)


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.json")), ids=lambda p: p.stem)
def test_every_finding_of_every_example_has_a_page_and_a_child(example: Any) -> None:
    """Each field a finding or an error names is entered on some page of the wizard: its step,
    and for a child's own field that child's page (the review page links there)."""
    from reportgen.web.checking import evaluate, key_of
    from reportgen.web.forms import child_index, load_spec

    spec = load_spec()
    raw = json.loads(example.read_text(encoding="utf-8"))
    ev = evaluate(raw, spec)
    paths = [p for f in ev.findings for p in f.fields] + [p for p, _ in ev.problems]
    assert ev.findings or example.stem.startswith("01"), "the examples other than 01 carry findings"
    kids = {c for c, _ in ev.children}
    for path in paths:
        key = key_of(spec, ev, path)
        assert key is not None, path
        step = spec.step(key.partition(":")[0])
        assert step is not None
        if step.per_child:
            assert child_index(path) is not None and key.partition(":")[2] in kids, path
