"""What the YAML cases cannot say: severities lowered per finding, per-person
details, and the exact fields a CP1xx finding points at."""

from __future__ import annotations

from typing import Any

from reportgen.case import Case
from reportgen.rules import check
from reportgen.rules.base import Finding
from reportgen.rules.examples import apply_overlay
from reportgen.schema import load_case


def findings(base_case: dict[str, Any], code: str, overlay: dict[str, Any]) -> list[Finding]:
    return [f for f in check(Case(load_case(apply_overlay(base_case, overlay)))) if f.code == code]


def test_cp103_objects_when_child_is_still_under_16_at_target_date(base_case):
    # Report dated 2026-11-19, target 2027-11-10; the child turns 16 in 2030.
    (finding,) = findings(base_case, "CP103", {"child": {"dob": "2014-05-01"}, "concurrent_plan": {"goal": "appla"}})
    assert finding.severity == "object"
    assert "target date" not in finding.message


def test_cp103_warns_when_child_turns_16_by_target_date(base_case):
    # 15 on the report date; 16 on 2027-01-10, before the 2027-11-10 target.
    (finding,) = findings(base_case, "CP103", {"child": {"dob": "2011-01-10"}, "concurrent_plan": {"goal": "appla"}})
    assert finding.severity == "warn"
    assert "turns 16 on or before the plan's target date" in finding.message
    assert "concurrent_plan.target_date" in finding.fields


def test_cp103_sixteenth_birthday_on_target_date_counts_as_by_target(base_case):
    overlay = {"child": {"dob": "2011-11-10"}, "concurrent_plan": {"goal": "appla", "target_date": "2027-11-10"}}
    (finding,) = findings(base_case, "CP103", overlay)
    assert finding.severity == "warn"


def test_cp103_and_cp104_stay_silent_when_age_is_unknown(base_case):
    overlay = {"child": {"dob": None}, "concurrent_plan": {"goal": "appla", "appla_compelling_reason": None}}
    assert findings(base_case, "CP103", overlay) == []
    assert findings(base_case, "CP104", overlay) == []


def test_cp115_one_finding_per_parent_named(base_case):
    overlay = {"parents": {0: {"adoption_planning_advised": None}, 1: {"adoption_planning_response": None}}}
    found = findings(base_case, "CP115", overlay)
    assert [f.fields for f in found] == [
        ("parents[0].adoption_planning_advised",),
        ("parents[1].adoption_planning_response",),
    ]
    assert found[0].message.endswith("(parent: Elena Ramírez)")
    assert found[1].message.endswith("(parent: Marco Ramírez)")


def test_cp111_points_only_at_the_missing_parts(base_case):
    (finding,) = findings(base_case, "CP111", {"concurrent_plan": {"long_term_needs": None}})
    assert finding.fields == ("concurrent_plan.long_term_needs",)


def test_cp112_reports_one_contradiction_not_two(base_case):
    # Caregiver (the prospective family) said no, and the goal is APPLA: one finding.
    overlay = {"placement": {"caregiver_permanency_willingness": "no"}, "concurrent_plan": {"goal": "appla"}}
    found = findings(base_case, "CP112", overlay)
    assert len(found) == 1
    assert "'no'" in found[0].message
