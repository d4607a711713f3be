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

from reportgen.case import Case
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
    return yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))


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
    for stem, codes in expected().items():
        assert codes == sorted(set(codes)), f"{stem}: list the codes once each, sorted"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids)
def test_example_loads(path: Path) -> None:
    data = loaded(path)
    assert data["schema_version"] == "2.0"  # 1.0 files are migrated on read
    assert data["court"]["case_number"]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids)
def test_example_findings_are_exactly_the_expected_ones(path: Path) -> None:
    found = sorted({f.code for f in check(loaded(path))})
    assert found == expected()[path.stem]


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
    names = [c["child"]["name"] for c in cases]
    assert len(set(names)) == len(names)
    for c in cases:
        assert re.fullmatch(r"JV-2026-00\d{4}", c["court"]["case_number"])


def day(value: Any) -> dt.date:
    assert isinstance(value, dt.date), value
    return value


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids)
def test_example_dates_keep_the_statutory_timeline(path: Path) -> None:
    """Hearing, filing and stated dates sit within the limits the timeline
    computes, judged on the report's own date."""
    case = Case(loaded(path))
    report_date = day(case.get("court.report_date"))
    dates = {e.key: e.date for e in compute(case, as_of=report_date)}
    hearing = day(case.disposition_date)
    assert day(case.removal_date) <= report_date <= hearing - dt.timedelta(days=2)
    assert hearing <= day(dates["disposition_deadline"])
    assert report_date <= day(dates["report_due"])
    assert day(case.get("case_plan.completed_date")) <= day(dates["case_plan_due"])
    assert day(case.get("recommended.stated_six_month_review_date")) <= day(dates["six_month_review"])
    assert day(case.get("recommended.stated_permanency_hearing_date")) <= day(dates["permanency_12m"])
    for _, person in case.items("relatives.people"):
        if person.get("notified_date") is not None:
            assert person["notified_date"] <= day(dates["relative_search_due"]), person["name"]
