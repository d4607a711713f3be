"""A report on several children: each child's one-child view, the siblings the
report already holds, and findings that point at 2.0 fields and name the child."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from reportgen.family import child_views
from reportgen.rules import check
from reportgen.schema import InvalidCase, dump_case, load_case
from reportgen.timeline import per_child
from tests.conftest import BASE_CASE, read_json


def family(*changes: dict[str, Any]) -> dict[str, Any]:
    """The complete one-child case as a 2.0 report on len(changes)+1 children:
    each further child copies the first and takes its changes."""
    case = dump_case(load_case(read_json(BASE_CASE)))
    first = case["children"][0]
    for n, change in enumerate(changes, start=2):
        kid = copy.deepcopy(first)
        kid.update({"id": f"c{n}", "siblings": [], **change})
        case["children"].append(kid)
    return case


def test_a_one_child_report_judges_as_before():
    one = load_case(read_json(BASE_CASE))
    assert [f.code for f in check(one) if f.severity == "object"] == []
    (view,) = child_views(one)
    assert view.family_path("placement.caregiver.name") == "children[0].placement.caregiver.name"
    assert view.family_path("parents[1].name") == "parents[1].name"


def test_other_children_of_the_report_are_siblings_without_retyping():
    case = load_case(family({"name": "Leo Ramírez", "dob": "2019-04-02"}))
    sofia, leo = child_views(case)
    names = [s.get("name") for s in sofia.data["siblings"]]
    assert "Leo Ramírez" in names
    derived = next(s for s in sofia.data["siblings"] if s.get("name") == "Leo Ramírez")
    # both placements name the same caregiver and the same removal: together, removed together
    assert derived["placed_together"] is True and derived["removed_same_time"] is True
    assert derived["under_court_jurisdiction"] is True
    assert leo.data["has_siblings"] is True


def test_a_pair_described_once_serves_both_children():
    raw = family({"name": "Leo Ramírez"})
    raw["children"][1]["placement"]["caregiver"]["name"] = "Someone Else"
    raw["children"][1]["siblings"] = [{"child_id": "c1", "placed_together": False,
                                       "reason_apart": "Leo needs a home near his clinic.",
                                       "relationship_description": "Close."}]
    case = load_case(raw)
    sofia, leo = child_views(case)
    about_leo = next(s for s in sofia.data["siblings"] if s.get("name") == "Leo Ramírez")
    assert about_leo["reason_apart"] == "Leo needs a home near his clinic."
    index = sofia.data["siblings"].index(about_leo)
    assert sofia.family_path(f"siblings[{index}].reason_apart") == "children[1].siblings[0].reason_apart"
    about_sofia = leo.data["siblings"][0]
    assert about_sofia["name"] == case["children"][0]["name"] and about_sofia["placed_together"] is False


def test_a_finding_on_one_child_names_that_child_and_its_field():
    raw = family({"name": "Leo Ramírez"})
    raw["children"][1]["concurrent_plan"] = None
    findings = [f for f in check(load_case(raw)) if f.code == "CP101"]
    assert len(findings) == 1
    (f,) = findings
    assert f.children == ("Leo Ramírez",) and "for Leo Ramírez" in f.message
    assert all(p.startswith("children[1].") for p in f.fields)


def test_a_shared_finding_is_given_once_for_the_whole_report():
    raw = family({"name": "Leo Ramírez"}, {"name": "Ana Ramírez"})
    raw["parents"][0]["adoption_planning_advised"] = None
    raw["parents"][0]["adoption_planning_response"] = None
    found = [f for f in check(load_case(raw)) if f.code == "CP115"]
    assert len(found) == 1 and found[0].children == ()
    assert all(p.startswith("parents[0]") for p in found[0].fields)


def test_a_parent_of_one_child_only_is_that_childs_parent():
    raw = family({"name": "Leo Ramírez"})
    raw["parents"][1]["children"] = ["c1"]
    sofia, leo = child_views(load_case(raw))
    assert len(sofia.data["parents"]) == 2 and len(leo.data["parents"]) == 1
    assert leo.family_path("parents[0].name") == "parents[0].name"


def test_each_child_has_its_own_timeline():
    raw = family({"name": "Leo Ramírez", "dob": "2025-01-15", "recommended": {"stated_fr_months": 6}})  # under 3
    (a, first), (b, second) = per_child(load_case(raw))
    assert (a, b) == (raw["children"][0]["name"], "Leo Ramírez")
    assert [e.as_dict() for e in first] != [e.as_dict() for e in second]


@pytest.mark.parametrize("change, path", [
    ({"siblings": [{"child_id": "c9"}]}, "children[1].siblings[0].child_id"),
    ({"siblings": [{"child_id": "c2"}]}, "children[1].siblings[0].child_id"),
    ({"id": "c1"}, "children[1].id"),
])
def test_references_to_children_are_checked(change, path):
    with pytest.raises(InvalidCase) as err:
        load_case(family({"name": "Leo", **change}))
    assert path in dict(err.value.problems)


def test_a_missing_fact_about_a_pair_of_siblings_is_one_finding_about_both():
    raw = family({"name": "Leo Ramírez"})
    raw["children"][1]["placement"]["caregiver"]["name"] = "Someone Else"
    raw["children"][0]["siblings"] = [{"child_id": "c2", "placed_together": False,
                                       "relationship_description": "Close.",
                                       "maintain_relationship_appropriate": "Yes, weekly."}]
    found = [f for f in check(load_case(raw)) if f.code == "SB203"]
    assert len(found) == 1
    (f,) = found
    assert f.fields == ("children[0].siblings[0].reason_apart",)
    assert set(f.children) == {raw["children"][0]["name"], "Leo Ramírez"}
