"""The example cases in examples/: each loads, each gives exactly the findings
examples/expected_findings.yml records, and each defect example shows the
defect it is named for. The dates in every example obey the statutory
timeline, so a finding can only come from the defect the example is about."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.family import child_views
from reportgen.rules import check
from reportgen.schema import load_case
from reportgen.timeline import compute
from tests.conftest import BASE_CASE, EXAMPLES, read_json

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
EXPECTED_FILE = EXAMPLES / "expected_findings.yml"

#: The defect each example exists to show, as the issue names it, and the rule
#: code that must catch it. Kept here, apart from expected_findings.yml, so
#: that regenerating that file cannot quietly drop the point of an example.
NAMED_DEFECT = {
    "02-no-concurrent-plan": {"CP101"},
    "03-plan-names-no-family": {"CP105"},
    "04-caregiver-said-no": {"CP108", "CP112"},
    "05-siblings-split": {"SB203", "SB205"},
    "06-appla-for-12-year-old": {"CP103"},
    "07-infant-12-month-period": {"RS304"},
    "08-grandparent-never-assessed": {"RL402"},
    "09-icwa-ancestry-not-followed": {"IC503"},
}
COMPLETE = BASE_CASE.stem
DEFECT_FILES = [path for path in EXAMPLE_FILES if path.stem != COMPLETE]


def expected() -> dict[str, list[str]]:
    """The whole report's codes per example."""
    return {stem: (entry["codes"] if isinstance(entry, dict) else entry) for stem, entry in raw_expected().items()}


def raw_expected() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))
    return data


def expected_per_child() -> dict[str, dict[str, list[str]]]:
    """For reports on several children, the codes of the findings naming each child."""
    return {stem: entry["children"] for stem, entry in raw_expected().items() if isinstance(entry, dict)}


#: Reports on several children; at least two must give their children different plans.
FAMILY_FILES = [path for path in EXAMPLE_FILES if path.stem in expected_per_child()]


def loaded(path: Path) -> dict[str, Any]:
    return load_case(read_json(path))


def ids(path: Path) -> str:
    return path.stem


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLE_FILES) >= 9, "the complete example and at least eight defect examples"
    assert EXAMPLES / BASE_CASE.name in EXAMPLE_FILES


def test_every_named_defect_has_its_example() -> None:
    assert set(NAMED_DEFECT) <= {path.stem for path in EXAMPLE_FILES}


def test_expected_findings_cover_exactly_the_examples() -> None:
    assert set(expected()) == {path.stem for path in EXAMPLE_FILES}


def test_expected_findings_are_sorted_and_unique() -> None:
    lists = [(stem, codes) for stem, codes in expected().items()]
    lists += [(f"{stem}: {name}", codes) for stem, kids in expected_per_child().items() for name, codes in kids.items()]
    for where, codes in lists:
        assert codes == sorted(set(codes)), f"{where}: list the codes once each, sorted"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids)
def test_example_loads(path: Path) -> None:
    data = loaded(path)
    assert data["schema_version"] == "2.0"  # 1.0 files are migrated on read
    assert data["court"]["case_number"]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids)
def test_example_findings_are_exactly_the_expected_ones(path: Path) -> None:
    found = sorted({f.code for f in check(loaded(path))})
    assert found == expected()[path.stem]


@pytest.mark.parametrize("path", FAMILY_FILES, ids=ids)
def test_each_child_gets_exactly_its_own_findings(path: Path) -> None:
    """Per child: the codes of the findings that name the child, and every child of the report listed."""
    case = loaded(path)
    per_child = expected_per_child()[path.stem]
    assert list(per_child) == [child["name"] for child in case["children"]]
    findings = check(case)
    for name, codes in per_child.items():
        assert sorted({f.code for f in findings if name in f.children}) == codes, name


def test_the_examples_are_family_reports() -> None:
    """Schema 2.0 as written (not migrated on read); at least two reports on a sibling
    group whose children have different concurrent plans, and one on three children."""
    raw = {path.stem: read_json(path) for path in EXAMPLE_FILES}
    assert {r["schema_version"] for r in raw.values()} == {"2.0"}
    sizes = {stem: len(r["children"]) for stem, r in raw.items()}
    assert max(sizes.values()) >= 3
    different = [stem for stem, r in raw.items() if len({plan_of(c) for c in r["children"]}) > 1]
    assert len(different) >= 2, different


def plan_of(child: dict[str, Any]) -> tuple[Any, Any]:
    """A plan as the court reads it: its goal and the family it names."""
    plan = child.get("concurrent_plan") or {}
    return plan.get("goal"), (plan.get("prospective_family") or {}).get("name")


def test_the_sibling_groups_name_each_other_by_id() -> None:
    """A sibling who is another child of the report is named by child_id, never retyped."""
    for path in FAMILY_FILES:
        raw = read_json(path)
        names = {c["name"] for c in raw["children"]}
        for child in raw["children"]:
            for sibling in child.get("siblings") or []:
                assert sibling.get("name") not in names, (path.stem, sibling.get("name"))


def test_the_new_fields_are_used_where_a_report_would() -> None:
    """An absent father with his search, a father who died, relative contacts, a prospective
    family with its own willingness, other children in a placement home, a half-sibling."""
    raw = [read_json(path) for path in EXAMPLE_FILES]
    parents = [p for r in raw for p in r.get("parents") or []]
    children = [c for r in raw for c in r["children"]]
    assert any(p.get("status") == "whereabouts_unknown" and p.get("due_diligence") for p in parents)
    assert any(p.get("status") == "deceased" for p in parents)
    assert any(p.get("other_children") for p in parents)
    assert any(person.get("contacts") for r in raw for person in r["relatives"]["people"])
    assert any((c.get("concurrent_plan") or {}).get("prospective_family", {}) and
               c["concurrent_plan"]["prospective_family"].get("willingness") for c in children)
    assert any((c.get("placement") or {}).get("other_children") for c in children)
    assert any(s.get("half_sibling") for c in children for s in c.get("siblings") or [])


def test_complete_example_has_no_objection() -> None:
    findings = check(loaded(BASE_CASE))
    assert [f.code for f in findings if f.severity == "object"] == []


@pytest.mark.parametrize("path", DEFECT_FILES, ids=ids)
def test_defect_example_shows_its_defect(path: Path) -> None:
    findings = check(loaded(path))
    codes = {f.code for f in findings}
    objections = {f.code for f in findings if f.severity == "object"}
    assert objections, "a defect example must give the child's attorney something to object to"
    assert NAMED_DEFECT[path.stem] <= codes
    assert NAMED_DEFECT[path.stem] <= objections


def test_examples_are_different_families() -> None:
    """One family per example: no case number, child or county repeats."""
    cases = [read_json(path) for path in EXAMPLE_FILES]
    for key in ("case_number", "county"):
        values = [c["court"][key] for c in cases]
        assert len(set(values)) == len(values), f"{key} repeats: {values}"
    names = [child["name"] for c in cases for child in c["children"]]
    assert len(set(names)) == len(names)
    for c in cases:
        assert re.fullmatch(r"JV-2026-00\d{4}", c["court"]["case_number"])


def day(value: Any) -> dt.date:
    assert isinstance(value, dt.date), value
    return value


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids)
def test_example_dates_keep_the_statutory_timeline(path: Path) -> None:
    """Hearing, filing and stated dates sit within the limits the timeline
    computes for each child, judged on the report's own date."""
    for view in child_views(loaded(path)):
        case = view.case
        report_date = day(case.get("court.report_date"))
        dates = {e.key: e.date for e in compute(case, as_of=report_date)}
        hearing = day(case.disposition_date)
        assert day(case.removal_date) <= report_date <= hearing - dt.timedelta(days=2)
        assert hearing <= day(dates["disposition_deadline"])
        assert report_date <= day(dates["report_due"])
        assert day(case.get("case_plan.completed_date")) <= day(dates["case_plan_due"])
        assert day(case.get("recommended.stated_six_month_review_date")) <= day(dates["six_month_review"]), view.label
        assert day(case.get("recommended.stated_permanency_hearing_date")) <= day(dates["permanency_12m"]), view.label
        for _, person in case.items("relatives.people"):
            if person.get("notified_date") is not None:
                assert person["notified_date"] <= day(dates["relative_search_due"]), person["name"]
