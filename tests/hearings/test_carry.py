"""Starting a review report from the last one (reportgen/hearings/carry.py) and the
new facts laid over it (reportgen/hearings/facts.py)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from reportgen.hearings.carry import CarryError, next_report
from reportgen.hearings.facts import FactsError, apply_facts
from reportgen.rules import check
from reportgen.schema import load_case
from tests.conftest import EXAMPLES, read_json

DIGEST = "ab" * 32


@pytest.fixture
def last() -> dict[str, Any]:
    return load_case(read_json(EXAMPLES / "01-complete-sibling-group.json"))


def test_what_stays_true_is_carried_and_what_each_review_says_anew_is_cleared(last):
    new = next_report(last, "six_month_review", DIGEST, dt.date(2027, 5, 10))
    assert new["court"]["case_number"] == last["court"]["case_number"]
    assert new["court"]["hearing_type"] == "six_month_review" and new["court"]["report_date"] == "2027-05-10"
    mother = new["parents"][0]
    assert [s["service"] for s in mother["reunification"]["services"]] == [
        s["service"] for s in last["parents"][0]["reunification"]["services"]]
    assert all(s["progress"] is None for s in mother["reunification"]["services"])
    assert mother["statement"] is None
    assert mother["visitation"]["frequency"] == last["parents"][0]["visitation"]["frequency"]
    assert mother["visitation"]["period_summary"] is None and mother["visitation"]["liberalized"] is None
    sofia = new["children"][0]
    assert sofia["placement"]["caregiver"]["name"] == "Teresa Morales"
    assert sofia["concurrent_plan"]["goal"] == "adoption" and sofia["concurrent_plan"]["permanence_efforts"] is None
    assert sofia["review"] is None and sofia["wishes"] is None and sofia["child_statement"] is None
    assert set(new["narrative"]) <= {"detention_jurisdiction_history", "prior_cws_history", "criminal_history",
                                     "family_background"}
    assert "summary" not in new
    # the hearing the last report asked the court to set is this report's; the period runs from the last report
    assert new["review"] == {"period_start": "2026-11-19", "period_end": "2027-05-10", "hearing_date": "2027-05-20"}
    previous = new["previous_report"]
    assert (previous["hearing_type"], previous["report_date"], previous["digest"]) == (
        "disposition", "2026-11-19", DIGEST)
    assert previous["snapshot"]["children"][0] == {
        "id": "sofia", "name": "Sofia Ramírez", "placement_type": "relative", "caregiver": "Teresa Morales",
        "date_placed": "2026-10-03", "goal": "adoption", "family": "Teresa Morales", "family_assessment": "approved",
        "family_willingness": "yes_adopt"}


def test_the_check_then_points_at_exactly_what_the_review_must_enter(last):
    new = load_case(next_report(last, "six_month_review", DIGEST, dt.date(2027, 5, 10)))
    codes = {f.code for f in check(new)}
    assert codes == {"RV801", "RV802", "RV806", "RV807", "RV808", "RV809", "RV810"}
    progress = {p for f in check(new) if f.code == "RV806" for p in f.fields}
    assert progress == {f"parents[{i}].reunification.services[{n}].progress" for i, k in ((0, 3), (1, 2))
                        for n in range(k)}


def test_a_service_finished_by_the_last_report_keeps_its_last_word(last):
    six = next_report(last, "six_month_review", DIGEST, dt.date(2027, 5, 10))
    services = six["parents"][0]["reunification"]["services"]
    services[2].update(status="completed", progress="Completed on 2027-02-20.")
    services[0].update(status="ongoing", progress="Attends weekly.")
    twelve = next_report(load_case(six), "permanency_12m", DIGEST, dt.date(2027, 11, 1))
    carried = twelve["parents"][0]["reunification"]["services"]
    assert carried[2]["progress"] == "Completed on 2027-02-20." and carried[2]["status"] == "completed"
    assert carried[0]["progress"] is None and carried[0]["status"] == "ongoing"
    assert twelve["previous_report"]["hearing_type"] == "six_month_review"


def test_a_1_0_report_is_carried_into_a_2_0_review():
    from tests.conftest import BASE_CASE

    new = next_report(load_case(read_json(BASE_CASE)), "six_month_review", DIGEST)
    assert new["schema_version"] == "2.0" and len(new["children"]) == 1
    load_case(new)


@pytest.mark.parametrize(("hearing", "day", "where"), [
    ("disposition", None, "--hearing"),
    ("seven_month_review", None, "--hearing"),
    ("six_month_review", dt.date(2026, 11, 1), "--report-date"),  # before the last report's date
])
def test_a_hearing_that_cannot_follow_is_refused_with_its_field(last, hearing, day, where):
    with pytest.raises(CarryError) as err:
        next_report(last, hearing, DIGEST, day)
    assert err.value.problems[0][0] == where


def test_a_review_never_goes_back(last):
    twelve = load_case(next_report(last, "permanency_12m", DIGEST))
    with pytest.raises(CarryError) as err:
        next_report(twelve, "six_month_review", DIGEST)
    assert err.value.problems[0][0] == "court.hearing_type"


# --- the new facts -----------------------------------------------------------------------


@pytest.fixture
def carried(last) -> dict[str, Any]:
    return next_report(last, "six_month_review", DIGEST, dt.date(2027, 5, 10))


def test_facts_merge_into_the_item_they_name_and_add_what_is_new(carried):
    before = copy.deepcopy(carried)
    new = apply_facts(carried, {"parents": [{"name": "elena  ramírez", "reunification": {"services": [
        {"service": "Parenting education", "status": "completed", "progress": "Done."},
        {"service": "Family therapy", "status": "not_started"}]}}],
        "children": [{"id": "diego", "review": {"recommendation": "continue_services"}}]})
    assert carried == before  # the carried case is not changed
    services = new["parents"][0]["reunification"]["services"]
    assert [s["service"] for s in services][-2:] == ["Parenting education", "Family therapy"]
    assert services[2]["provider"] == before["parents"][0]["reunification"]["services"][2]["provider"]
    assert services[2]["status"] == "completed"
    assert new["children"][1]["review"] == {"recommendation": "continue_services"}
    assert new["children"][0] == before["children"][0]
    load_case(new)


def test_remove_drops_an_item_and_replace_keeps_nothing_of_the_old_group(carried):
    new = apply_facts(carried, {
        "parents": [{"name": "Marco Ramírez", "reunification": {"services": [
            {"service": "Random drug testing", "_remove": True}]}}],
        "children": [{"id": "mateo", "placement": {"_replace": True, "type": "resource_family",
                                                   "caregiver": {"name": "Ana Ruiz"},
                                                   "date_placed": dt.date(2027, 2, 1)}}]})
    assert [s["service"] for s in new["parents"][1]["reunification"]["services"]] == [
        "Batterer intervention program (52 weeks)"]
    assert new["children"][2]["placement"] == {"type": "resource_family", "caregiver": {"name": "Ana Ruiz"},
                                               "date_placed": "2027-02-01"}
    load_case(new)


@pytest.mark.parametrize(("facts", "where"), [
    ({"parents": [{"name": "Nobody", "_remove": True}]}, "parents[0]"),
    ({"parents": [{"_remove": True}]}, "parents[0]"),
    ({"review": {"_remove": True}}, "review"),
    (["not", "a", "mapping"], "mapping"),
])
def test_a_fact_that_cannot_be_laid_over_names_its_place(carried, facts, where):
    with pytest.raises(FactsError, match=where.replace("[", r"\[")):
        apply_facts(carried, facts)
