"""A draft version's findings are computed once for every web process (findings_cache).

Two application instances over one database (SQLite and PostgreSQL) stand for two web
processes: what one computed for a version, the other reads back instead of validating
the draft and running the rules again; a new version, or other code, is computed afresh.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from reportgen.web import checking, get_store
from tests.web.conftest import example_family, make_app
from tests.web.test_render_pool import draft_of, logged_in


@pytest.fixture
def two_apps(db_url: str) -> Iterator[tuple[Flask, Flask]]:
    first, second = make_app(db_url), make_app(db_url)
    yield first, second
    get_store(first).dispose()
    get_store(second).dispose()


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a draft was validated and checked (the work the cache saves)."""
    done: list[int] = []
    real = checking.evaluate

    def counted(*args: Any, **kwargs: Any) -> checking.Evaluation:
        done.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(checking, "evaluate", counted)
    return done


def _broken_family() -> dict[str, Any]:
    """The complete example with an invalid date and no concurrent plan goal: a problem and objections."""
    raw = example_family()
    raw["children"][0]["dob"] = "2020-02-31"
    raw["children"][0]["concurrent_plan"]["goal"] = None
    return raw


def test_findings_computed_by_one_process_are_read_by_the_other(two_apps, evaluations) -> None:
    first, second = two_apps
    store = get_store(first)
    draft = draft_of(store)
    current = store.get_draft(draft)
    assert current is not None
    store.save_draft(draft, _broken_family(), current.version, current.status)

    made = logged_in(first).get(f"/drafts/{draft}/findings").get_json()
    assert len(evaluations) == 1
    assert made["problems"] and any(f["severity"] == "object" for f in made["findings"])

    client = logged_in(second)
    assert client.get(f"/drafts/{draft}/findings").get_json() == made
    assert len(evaluations) == 1, "the second process validated and checked the draft again"
    page = client.get(f"/drafts/{draft}/review")  # the review page, from the kept findings
    assert page.status_code == 200 and made["findings"][0]["message"].split(" ")[0] in page.get_data(as_text=True)
    step = client.get(f"/drafts/{draft}/step/children")  # a step page loads the case when it needs it
    assert step.status_code in (200, 302)
    assert len(evaluations) == 1

    current = store.get_draft(draft)
    assert current is not None
    store.save_draft(draft, example_family(), current.version, current.status)  # a new version
    fixed = client.get(f"/drafts/{draft}/findings").get_json()
    assert len(evaluations) == 2 and not fixed["problems"]
    assert logged_in(first).get(f"/drafts/{draft}/findings").get_json() == fixed
    assert len(evaluations) == 2


def test_the_version_digest_follows_the_draft_and_the_code(monkeypatch) -> None:
    raw = example_family()
    base = checking.version_digest(raw)
    assert checking.version_digest(example_family()) == base
    assert checking.version_digest(_broken_family()) != base
    monkeypatch.setattr(checking, "_code_id", lambda: "another release")
    assert checking.version_digest(raw) != base


def test_a_kept_evaluation_loads_its_case_when_read(db_url: str) -> None:
    app = make_app(db_url)
    store = get_store(app)
    try:
        draft = draft_of(store)
        raw = _broken_family()
        spec = __import__("reportgen.web.forms", fromlist=["load_spec"]).load_spec()
        fresh = checking.kept_evaluation(store, draft, raw, spec, set())
        again = checking.kept_evaluation(store, draft, raw, spec, set())
        assert again is not fresh and again.findings == fresh.findings and again.problems == fresh.problems
        assert again.statuses == fresh.statuses and again.children == fresh.children
        assert again.case == fresh.case and again.case is not None  # loaded from the draft on first read
        assert again.child_age(1) == fresh.child_age(1)
    finally:
        store.dispose()


def save_wishes(client: Any, draft: int) -> tuple[int, dict[str, Any]]:
    """Autosave the first child's wishes step with new text, as the page's script does: the version the
    page was opened at, and the save's answer."""
    step = f"/drafts/{draft}/step/wishes"
    page = client.get(step + "?child=c1").get_data(as_text=True)
    fields = dict(re.findall(r'name="(version|digest)" value="([^"]*)"', page))
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert token and "version" in fields
    saved = client.post(step + "/autosave?child=c1", headers={"X-Requested-With": "fetch"}, data={
        "csrf_token": token.group(1), **fields, "child_index": "0",
        "children[0].wishes": "She wants to stay with her aunt.", "children[0].child_statement": "",
        "children[0].case_plan_input": ""}).get_json()
    return int(fields["version"]), saved


def test_a_save_keeps_its_findings_for_the_other_process(two_apps, evaluations) -> None:
    first, second = two_apps
    draft = draft_of(get_store(first))
    client = logged_in(first)
    before, saved = save_wishes(client, draft)
    assert saved["version"] > before
    done = len(evaluations)  # the save evaluated its new version once
    other = logged_in(second).get(f"/drafts/{draft}/findings").get_json()
    assert other["version"] == saved["version"]
    assert len(evaluations) == done, "the other process evaluated the saved version again"
    assert other == client.get(f"/drafts/{draft}/findings").get_json()


def test_step_pages_from_kept_findings_are_the_pages_made_fresh(two_apps, monkeypatch) -> None:
    """The second process makes every step page of the saved version (each child's ages and the
    deadlines beside the date fields come from the kept findings) without loading the case, and
    each page is the one the saving process makes from its own fresh evaluation."""
    from reportgen.web.wizard import pages_of

    first, second = two_apps
    draft = draft_of(get_store(first))
    client = logged_in(first)
    save_wishes(client, draft)
    loads: list[int] = []
    real = checking.best_effort
    monkeypatch.setattr(checking, "best_effort", lambda raw: loads.append(1) or real(raw))
    other = logged_in(second)
    token_re = re.compile(r'(name="csrf_token" (?:type="hidden" )?value=|data-csrf=)"[^"]*"')
    pages = pages_of(example_family())
    deadlines = 0
    for p in pages:
        url = f"/drafts/{draft}/step/{p['step']}" + (f"?child={p['child']}" if p["child"] else "")
        mine = token_re.sub("", client.get(url).get_data(as_text=True))
        before = len(loads)
        theirs = token_re.sub("", other.get(url).get_data(as_text=True))
        assert len(loads) == before, f"{url}: the second process loaded the case"
        assert theirs == mine, url
        deadlines += mine.count("Deadline: ")
    assert len(pages) > 20 and deadlines >= 3  # the pages do show deadlines
