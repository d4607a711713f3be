"""Rules on a report for several children (schema 2.0): each child is judged on its own
part, a finding names the child it is about, and what the family shares is judged once.

The family here is the complete example's: Sofia (c1) and her brother Diego (c2), both
with their maternal aunt, as one 2.0 report built from the 1.0 base case."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from reportgen.rules import check
from reportgen.schema import dump_case, load_case
from tests.conftest import BASE_CASE, read_json


def two_children() -> dict[str, Any]:
    """The base case as a 2.0 report on Sofia and Diego, each complete."""
    raw = json.loads(json.dumps(dump_case(load_case(read_json(BASE_CASE)))))
    sofia = raw["children"][0]
    diego_entry = sofia["siblings"][0]
    diego = copy.deepcopy(sofia)
    diego.update(id="c2", name=diego_entry["name"], dob=diego_entry["dob"], gender="male",
                 child_statement="Interviewed on 2026-10-20. Diego said he looks after his sister and likes his aunt's house.",
                 wishes="Diego wants to go home, and until then to stay with his sister.")
    diego["education"] = dict(sofia["education"], school="Sutter Middle School", grade="4th",
                              school_of_origin="Sutter Middle School")
    pair = {key: diego_entry[key] for key in ("relationship_description", "maintain_relationship_appropriate")}
    sofia["siblings"] = [{"child_id": "c2", **pair}]
    diego["siblings"] = []
    raw["children"] = [sofia, diego]
    return raw


def findings(raw: dict[str, Any], code: str) -> list[Any]:
    return [f for f in check(load_case(raw)) if f.code == code]


def test_the_family_is_complete():
    """Built right, the two-child report has no objection, so each test's finding is its own change."""
    assert [f.code for f in check(load_case(two_children())) if f.severity == "object"] == []


def test_cp101_names_the_child_without_a_plan():
    """A concurrent plan for each child of a removed group is CP101 run per child: it names
    the child and points at that child's plan, so no separate family rule is needed."""
    raw = two_children()
    raw["children"][1]["concurrent_plan"] = None
    (finding,) = findings(raw, "CP101")
    assert finding.children == ("Diego Ramírez",)
    assert finding.fields == ("children[1].concurrent_plan.goal",)
    assert "for Diego Ramírez" in finding.message


def test_cp101_leaves_a_child_who_goes_home_alone():
    raw = two_children()
    raw["children"][1]["concurrent_plan"] = None
    raw["children"][1]["recommended"] = {"disposition_option": "dependency_home"}
    assert findings(raw, "CP101") == []


def test_cp108_is_judged_on_each_childs_own_plan():
    """Diego's caregiver said no; his plan names the grandmother, willing, with steps (satisfied).
    Sofia's caregiver is unsure and her plan leans on nobody else (objection, for Sofia only)."""
    raw = two_children()
    sofia, diego = raw["children"]
    sofia["placement"]["caregiver_permanency_willingness"] = "unsure"
    sofia["concurrent_plan"]["alternative_home_efforts"] = None
    diego["placement"]["caregiver_permanency_willingness"] = "no"
    diego["concurrent_plan"].update(goal="legal_guardianship", alternative_home_efforts=None)
    diego["concurrent_plan"]["prospective_family"] = {
        "name": "Rosa Ramírez", "relationship": "paternal grandmother", "is_current_caregiver": False,
        "includes_siblings": False, "willingness": "yes_guardianship", "willingness_in_writing": True,
        "willingness_date": "2026-11-10", "assessment_status": "pending"}
    (finding,) = findings(raw, "CP108")
    assert finding.children == ("Sofia Ramírez",)
    assert finding.fields == ("children[0].concurrent_plan.alternative_home_efforts",)


def test_sb201_sees_a_half_sibling_of_one_childs_father_only():
    """Diego's father (not Sofia's) has a daughter the report does not list as Diego's sibling:
    a finding for Diego, pointing at where the report names her; Sofia is not her sibling."""
    raw = two_children()
    raw["parents"][1]["children"] = ["c2"]
    raw["parents"].append({"name": "Javier Soto", "role": "presumed_father", "children": ["c1"],
                           "adoption_planning_advised": True, "adoption_planning_response": "Declined.",
                           "lived_with_child_at_300_events": True,
                           "reunification": {"recommended": "not_applicable",
                                             "not_applicable_reason": "Sofia lives with her mother's family."}})
    raw["parents"][1]["other_children"] = [
        {"name": "Lucía Ramírez", "dob": "2012-04-02", "relationship": "daughter", "lives_with": "her mother"}]
    (finding,) = findings(raw, "SB201")
    assert finding.children == ("Diego Ramírez",)
    assert "parents[1].other_children[0]" in finding.fields
    assert "Lucía Ramírez" in finding.message
    raw["children"][1]["siblings"] = [{"name": "Lucía Ramírez", "half_sibling": True, "under_court_jurisdiction": False,
                                       "placed_together": False, "relationship_description": "They meet monthly.",
                                       "maintain_relationship_appropriate": "Yes.",
                                       "visits": {"frequency": "Monthly", "supervised": False}}]
    assert findings(raw, "SB201") == []


def test_sb201_sees_a_sibling_in_one_childs_placement_home():
    raw = two_children()
    raw["children"][0]["placement"]["other_children"] = [
        {"name": "Julián Morales", "relationship": "half-brother", "is_sibling": True}]
    (finding,) = findings(raw, "SB201")
    assert finding.children == ("Sofia Ramírez",)
    assert "children[0].placement.other_children[0]" in finding.fields


def test_another_child_of_the_report_is_not_missing_from_the_sibling_list():
    """A parent listing a child who is before the court is not a sibling the report forgot."""
    raw = two_children()
    raw["parents"][0]["other_children"] = [{"name": "Diego Ramírez", "relationship": "son"}]
    assert findings(raw, "SB201") == []


def test_rl409_names_the_child_whose_plan_passes_over_the_relative():
    """The aunt asked for placement and was never assessed; Sofia's plan names the aunt, Diego's a
    non-relative family. RL402 (the request) is the family's, once; RL409 is Diego's."""
    raw = two_children()
    raw["relatives"]["people"][0]["assessment_status"] = "not_started"
    raw["children"][1]["concurrent_plan"]["prospective_family"] = {
        "name": "Ruth and Alan Pierce", "relationship": "prospective adoptive family",
        "is_current_caregiver": False, "willingness": "yes_adopt"}
    (rl409,) = findings(raw, "RL409")
    assert rl409.children == ("Diego Ramírez",)
    assert rl409.fields == ("children[1].concurrent_plan.prospective_family.name",
                            "relatives.people[0].assessment_status")
    (rl402,) = findings(raw, "RL402")
    assert rl402.children == () and rl402.fields == ("relatives.people[0].assessment_status",)


@pytest.mark.parametrize(("status", "search", "fires"), [
    ("deceased", None, False),
    ("whereabouts_unknown", {"started_date": "2026-10-05", "methods": "CLETS, jails, hospitals, relatives."}, False),
    ("whereabouts_unknown", None, True),
    ("living", None, True),
])
def test_cp115_for_a_father_who_cannot_be_advised_is_the_familys(status, search, fires):
    """The father 'could not be advised': honest when he died or was searched for, an objection
    otherwise; given once for the family (parents are shared), not once per child."""
    raw = two_children()
    raw["parents"][1].update(status=status, due_diligence=search, adoption_planning_advised=False,
                             adoption_planning_response="Could not be advised because he could not be reached.")
    found = findings(raw, "CP115")
    assert len(found) == (1 if fires else 0)
    if fires:
        assert found[0].children == () and found[0].fields[0].startswith("parents[1].")
    rl408 = findings(raw, "RL408")
    assert len(rl408) == (1 if status == "whereabouts_unknown" and search is None else 0)
