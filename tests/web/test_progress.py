"""The step list tells the truth: a page is done when every question on it that applies is
answered (an explicit none counts), never merely because it was saved; objections are
counted apart, and a new report's count agrees with the list of drafts."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from reportgen.rules import Finding
from reportgen.web.checking import DONE, INCOMPLETE, evaluate, page_text, statuses
from reportgen.web.forms import load_spec, unanswered

from .conftest import CSRF_RE, AuthActions, example_family, form_of


@pytest.fixture
def worker(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> dict[str, int]:
    auth.login("worker")
    return people


def _step(step_id: str) -> Any:
    step = load_spec().step(step_id)
    assert step is not None
    return step


# --- what a page still asks --------------------------------------------------------------------


def test_a_question_that_does_not_apply_is_not_asked() -> None:
    raw = example_family()
    parent = raw["parents"][0]
    parent["incarcerated"] = False
    parent.pop("facility", None)
    parent.pop("barriers_to_services", None)
    left = unanswered(_step("parents"), raw)
    assert "parents[0].facility" not in left and "parents[0].barriers_to_services" not in left
    parent["incarcerated"] = True  # now the facility and the barriers are asked (WIC §361.5(e)(1))
    left = unanswered(_step("parents"), raw)
    assert {"parents[0].facility", "parents[0].barriers_to_services"} <= set(left)


def test_an_explicit_none_is_an_answer_and_blank_is_not() -> None:
    raw = example_family()
    child = raw["children"][0]
    child["has_siblings"] = False  # "No": the sibling list is then not asked at all
    child["siblings"] = []
    assert unanswered(_step("siblings"), raw, 0) == []
    child["has_siblings"] = None
    assert unanswered(_step("siblings"), raw, 0) == ["children[0].has_siblings"]
    relative = raw["relatives"]["people"][0]
    relative["interest"] = "no_interest"  # a closed answer meaning "none" is an answer
    assert "relatives.people[0].interest" not in unanswered(_step("relatives"), raw)
    relative["interest"] = "   "
    assert "relatives.people[0].interest" in unanswered(_step("relatives"), raw)


def test_each_entry_of_a_list_asks_its_questions_and_an_empty_optional_part_does_not() -> None:
    raw = example_family()
    raw["relatives"]["people"].append({"name": "Rosa Vega"})
    left = unanswered(_step("relatives"), raw)
    n = len(raw["relatives"]["people"]) - 1
    assert f"relatives.people[{n}].relationship" in left and f"relatives.people[{n}].interest" in left
    # the letter to a parent is optional (not given yet), and so is a child's own removal date
    assert not any("letter_given" in p for p in unanswered(_step("parents"), raw))
    assert not any("removal_date" in p for p in unanswered(_step("child"), raw, 0))


# --- the page's status -------------------------------------------------------------------------


def test_a_page_with_every_answer_is_done_and_its_objections_are_counted_apart() -> None:
    spec = load_spec()
    raw = example_family()
    ev = evaluate(raw, spec)
    assert ev.statuses["wishes:c1"] == DONE and unanswered(_step("wishes"), raw, 0) == []
    objection = Finding(code="CP999", name="test", severity="object", citation="none", message="m",
                        fields=("children[0].wishes",))
    ev.findings = [*ev.findings, objection]
    after = statuses(spec, ev, set())
    assert after["wishes:c1"] == DONE and ev.objected["wishes:c1"] == 1
    assert page_text(after["wishes:c1"], ev.unanswered.get("wishes:c1", 0), 1) == "done; 1 objection"


def test_visiting_a_page_does_not_make_it_done() -> None:
    spec = load_spec()
    raw = copy.deepcopy(example_family())
    raw["children"][0]["wishes"] = None
    every_page = {"wishes:c1", "wishes"}
    ev = evaluate(raw, spec, every_page)
    assert ev.statuses["wishes:c1"] == INCOMPLETE and ev.unanswered["wishes:c1"] == 1


def test_saving_half_a_page_leaves_it_incomplete_with_the_count(client: FlaskClient,
                                                                worker: dict[str, int]) -> None:
    token = CSRF_RE.search(client.get("/drafts").get_data(as_text=True))
    assert token
    location = client.post("/drafts/new", data={"csrf_token": token.group(1)}).headers["Location"]
    values = form_of(client.get(location).get_data(as_text=True))
    values["court.case_number"] = "JV-2026-000123"
    html = client.post(location, data=values | {"action": "save"}, follow_redirects=True).get_data(as_text=True)
    left = re.search(r'data-step="case">\s*<a [^>]*>.*?</a>\s*<span class="status-text">\((\d+) unanswered', html)
    assert left and int(left.group(1)) == len(unanswered(_step("case"), {"court": {"case_number": "x"}}))
    assert re.search(r'<li class="status-incomplete" data-step="case">', html)  # saved, yet not done


def test_a_new_report_counts_its_objections_as_the_list_does(client: FlaskClient,
                                                             worker: dict[str, int]) -> None:
    token = CSRF_RE.search(client.get("/drafts").get_data(as_text=True))
    assert token
    location = client.post("/drafts/new", data={"csrf_token": token.group(1)}).headers["Location"]
    draft_id = int(re.search(r"/drafts/(\d+)/", location).group(1))  # type: ignore[union-attr]
    page = client.get(location).get_data(as_text=True)
    findings = client.get(f"/drafts/{draft_id}/findings").get_json()
    objections = sum(1 for f in findings["findings"] if f["severity"] == "object")
    assert objections > 0  # an empty report has no plan: it draws objections
    summary = re.search(r'<span id="progress-count">(\d+) of (\d+) done; (\d+) objections?</span>', page)
    assert summary and int(summary.group(3)) == objections
    # nothing is answered: only a page whose every part may be left empty (a child's own orders,
    # "leave empty to follow the family's") counts as done
    done = {k for k, v in findings["statuses"].items() if v == DONE}
    assert done == {"child_orders:c1"} and summary.group(1) == "1"
    listing = client.get("/drafts").get_data(as_text=True)
    row = listing[listing.index(f"/drafts/{draft_id}/"):]
    assert re.search(rf"<td>{objections}</td>", row[:2000])
    assert set(findings["statuses"].values()) <= {DONE, INCOMPLETE, "invalid"}


def test_the_page_lists_its_unanswered_questions_with_links(client: FlaskClient, worker: dict[str, int]) -> None:
    html = client.get(f"/drafts/{worker['draft']}/step/siblings?child=c1").get_data(as_text=True)
    box = html[html.index('id="open-questions"'):html.index("</details>", html.index('id="open-questions"'))]
    count = int(re.search(r"as last saved: (\d+)", box).group(1))  # type: ignore[union-attr]
    from reportgen.web.forms import upgrade

    raw = upgrade(example_family())
    assert count == len(unanswered(_step("siblings"), raw, 0)) > 0
    # a field inside a list entry is named with its entry, and links to the field
    assert re.search(r'<a href="#f-children-0-siblings-0-half-sibling[^"]*"><bdi>Half-sibling\? \(Sibling 1\b', box)
    done = client.get(f"/drafts/{worker['draft']}/step/wishes?child=c1").get_data(as_text=True)
    assert 'id="open-questions"' not in done  # a done page has nothing to list
