"""A save validates only what it changed (checking.load_changed) and gets what a full load gets.

The evaluation of the version a save started from is kept in the process; when it was valid,
the save loads only the changed group or child and takes the rest from it. These tests compare
that with a full evaluation of the same draft: the same loaded case, problems, findings and
progress, and a problem (a field's or one between fields) always reported as a full load says it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from reportgen.schema import load_case
from reportgen.web import checking
from reportgen.web.forms import load_spec
from tests.web.conftest import example_family


def _same(raw: dict[str, Any], before: checking.Evaluation) -> checking.Evaluation:
    """The evaluation of ``raw`` from ``before``, asserted equal to a full one."""
    spec = load_spec()
    kept = json.dumps(before.raw, sort_keys=True)
    partial = checking.evaluate(raw, spec, {"children"}, before=before)
    full = checking.evaluate(raw, spec, {"children"})
    assert partial.problems == full.problems
    assert partial.findings == full.findings
    assert partial.statuses == full.statuses and partial.unanswered == full.unanswered
    assert partial.objected == full.objected
    assert partial.case == full.case
    assert json.dumps(before.raw, sort_keys=True) == kept, "the earlier version's draft changed"
    return partial


def _edit_wishes(raw: dict[str, Any]) -> None:
    raw["children"][0]["wishes"] = "She wants to stay with her aunt and see her brother every week."


def _edit_report_date(raw: dict[str, Any]) -> None:
    raw["court"]["report_date"] = "2026-12-01"


def _remove_plan_goal(raw: dict[str, Any]) -> None:
    raw["children"][1]["concurrent_plan"]["goal"] = None


def _edit_two_groups(raw: dict[str, Any]) -> None:
    raw["summary"] = "The agency recommends the orders below."
    raw["children"][1]["wishes"] = "He wants to live with his sister."


@pytest.mark.parametrize("edit", [_edit_wishes, _edit_report_date, _remove_plan_goal, _edit_two_groups])
def test_a_valid_change_is_loaded_as_a_full_load_loads_it(edit: Callable[[dict[str, Any]], None],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = checking.evaluate(example_family(), load_spec(), set())
    assert before.valid
    raw = example_family()
    edit(raw)
    loads: list[int] = []
    real = checking.load_case
    monkeypatch.setattr(checking, "load_case", lambda data: loads.append(1) or real(data))
    after = checking.evaluate(raw, load_spec(), {"children"}, before=before)
    assert not loads, "the whole case was loaded again"
    assert after.case == load_case(raw)
    monkeypatch.undo()
    _same(raw, before)
    assert before.case == load_case(example_family()), "the earlier version's loaded case changed"


def _bad_date(raw: dict[str, Any]) -> None:
    raw["children"][0]["dob"] = "2020-02-31"


def _born_after_removal(raw: dict[str, Any]) -> None:
    raw["children"][0]["dob"] = "2026-01-02"
    raw["dates"]["removal_date"] = "2025-01-02"


def _unknown_child(raw: dict[str, Any]) -> None:
    raw["children"][0].setdefault("siblings", []).append({"name": "Nobody", "child_id": "c9"})


def _services_under_bypass(raw: dict[str, Any]) -> None:
    parent = raw["parents"][0]
    parent.setdefault("reunification", {})["recommended"] = "bypass"
    parent["reunification"]["services"] = [{"service": "Parenting class"}]


@pytest.mark.parametrize("edit", [_bad_date, _born_after_removal, _unknown_child, _services_under_bypass])
def test_a_change_that_makes_a_problem_is_reported_as_a_full_load_reports_it(
        edit: Callable[[dict[str, Any]], None]) -> None:
    before = checking.evaluate(example_family(), load_spec(), set())
    raw = example_family()
    edit(raw)
    after = _same(raw, before)
    assert after.problems, "the change was meant to draw a problem"


def test_an_invalid_or_unloaded_earlier_version_means_a_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = example_family()
    _bad_date(broken)
    invalid = checking.evaluate(broken, load_spec(), set())
    assert invalid.problems
    raw = example_family()
    _edit_wishes(raw)
    assert checking.load_changed(raw, invalid) is None
    _same(raw, invalid)

    valid = checking.evaluate(example_family(), load_spec(), set())
    unloaded = checking.Evaluation(problems=[], findings=valid.findings, case=checking._PENDING,
                                   children=valid.children, raw=example_family())
    assert checking.load_changed(raw, unloaded) is None
    assert unloaded.__dict__["_case"] is checking._PENDING, "the earlier version's case was loaded for it"

    fewer = example_family()
    fewer["children"].pop()
    assert checking.load_changed(fewer, valid) is None
    _same(fewer, valid)


def test_the_basis_is_the_newest_valid_loaded_evaluation_of_the_draft() -> None:
    cache = checking.EvaluationCache()
    valid = checking.evaluate(example_family(), load_spec(), set())
    broken = example_family()
    _bad_date(broken)
    cache.put(7, 1, valid)
    cache.put(7, 2, checking.evaluate(broken, load_spec(), set()))  # invalid: not a basis
    cache.put(7, 3, checking.Evaluation(problems=[], findings=[], case=checking._PENDING, raw=example_family()))
    assert cache.basis(7) is valid
    assert cache.basis(8) is None


def test_two_processes_saving_in_turn_load_only_what_changed(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves alternate between two web processes: each validates only the changed child against the
    version it saved last, though the version each starts from was saved by the other."""
    from reportgen.web import get_store
    from tests.web.conftest import make_app
    from tests.web.test_render_pool import draft_of, logged_in

    def save_wishes(client: Any, draft: int, text: str = "She wants to stay with her aunt.") -> tuple[int, Any]:
        step = f"/drafts/{draft}/step/wishes"
        page = client.get(step + "?child=c1").get_data(as_text=True)
        fields = dict(re.findall(r'name="(version|digest)" value="([^"]*)"', page))
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
        assert token and "version" in fields
        saved = client.post(step + "/autosave?child=c1", headers={"X-Requested-With": "fetch"}, data={
            "csrf_token": token.group(1), **fields, "child_index": "0", "children[0].wishes": text,
            "children[0].child_statement": "", "children[0].case_plan_input": ""}).get_json()
        return int(fields["version"]), saved

    first, second = make_app(db_url), make_app(db_url)
    try:
        draft = draft_of(get_store(first))
        clients = [logged_in(first), logged_in(second)]
        loads: list[int] = []
        real = checking.load_case
        monkeypatch.setattr(checking, "load_case", lambda data: loads.append(1) or real(data))
        for client in clients:  # each process's first save loads the whole case
            save_wishes(client, draft)
        loads.clear()
        versions = []
        for turn in range(4):
            before, saved = save_wishes(clients[turn % 2], draft, f"Turn {turn}: she wants to stay with her aunt.")
            assert saved["version"] > before and not saved["refused"]
            versions.append(saved["version"])
        assert not loads, "a save loaded the whole case again"
        stored = get_store(first).get_draft(draft)
        assert stored is not None and stored.case["children"][0]["wishes"] == "Turn 3: she wants to stay with her aunt."
        shown = clients[0].get(f"/drafts/{draft}/findings").get_json()
        fresh = checking.evaluate(get_store(first).get_draft(draft).case, load_spec(), set())  # type: ignore[union-attr]
        assert shown["problems"] == [list(p) for p in fresh.problems]
        assert len(shown["findings"]) == len(fresh.findings)
    finally:
        get_store(first).dispose()
        get_store(second).dispose()


def test_a_changed_answer_inside_a_child_loads_that_answer_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.schema import _schema

    before = checking.evaluate(example_family(), load_spec(), set())
    raw = example_family()
    _edit_wishes(raw)
    child_schema = _schema().fields["children"].inner.schema  # type: ignore[attr-defined]
    loads: list[int] = []
    real = child_schema.load
    monkeypatch.setattr(child_schema, "load", lambda *a, **k: loads.append(1) or real(*a, **k))
    loaded = checking.load_changed(raw, before)
    assert not loads, "the whole child was loaded again"
    assert loaded == load_case(raw)
    assert loaded is not None and loaded["children"][1] is before.case["children"][1]


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path]


def test_random_edits_are_evaluated_as_a_full_evaluation_does() -> None:
    """Answers anywhere in the report changed to text, blanks, other types, bad dates and unknown
    groups, one to three at a time: the evaluation from the earlier version is the full one."""
    import random

    chance = random.Random(7)
    values: list[Any] = ["New text.", "", None, "2024-02-30", "2023-05-01", True, 3, "Adoption", ["c1"], {"zz": 1}]
    base = example_family()
    before = checking.evaluate(base, load_spec(), set())
    leaves = _leaves(base)
    for _ in range(40):
        raw = json.loads(json.dumps(base))
        for _ in range(chance.choice([1, 1, 2, 3])):
            *parents, last = chance.choice(leaves)
            node = raw
            for key in parents:
                node = node[key]
            node[last] = chance.choice(values)
        _same(raw, before)
