"""Each child's permanency clock (reportgen/hearings/clock.py), checked by hand against
the statutory timeline (docs/law.md): entry into foster care EFC = min(jurisdiction, removal + 60 days);
the reunification period EFC + 12 months, or for a child under three at removal
min(disposition + 6 months, EFC + 12 months) (WIC §361.5(a)(1)); the review hearings' latest
dates; 15 of 22 months = EFC + 15 months (42 U.S.C. §675(5)(E)); months are calendar months
with the end of the month clamped (31 August + 18 months = 29 February 2028)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reportgen.hearings.clock import STAFFING_DAYS, clock_for
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, ROOT, read_json

FAMILY = ROOT / "tests" / "fixtures" / "v2" / "three-children.json"
D = dt.date


def family(hearing: str, **dates: str) -> dict[str, Any]:
    """The three-child case (Sofia 6 and Diego 9 at removal, Mateo born 2025-01-20: under
    three) removed on the last day of August 2026."""
    raw = read_json(FAMILY)
    raw["court"]["hearing_type"] = hearing
    raw["court"]["report_date"] = "2026-10-15"
    raw["dates"].update({"removal_date": "2026-08-31", "petition_filed_date": "2026-09-02",
                         "detention_hearing_date": "2026-09-03", "jurisdiction_hearing_date": "2026-09-30",
                         "disposition_hearing_date": "2026-10-20", **dates})
    raw["children"][2]["dob"] = "2025-01-20"
    return load_case(raw)


def points(case: dict[str, Any], child: int) -> dict[str, Any]:
    return {p.key: p for p in clock_for(case)[child].points}


def test_a_child_of_three_or_more_has_twelve_months_from_entry_into_care():
    sofia = points(family("disposition"), 0)
    assert sofia["period_end"].date == D(2027, 9, 30)  # EFC = jurisdiction 2026-09-30, + 12 months
    assert sofia["next_hearing"].date == D(2027, 4, 20)  # six-month review: disposition + 6 months
    assert sofia["fifteen_of_22"].date == D(2027, 12, 30)  # EFC + 15 months (September 30 -> December 30)
    # services would end at the twelve-month hearing (its limit is the period's end): staffed 60 days before
    assert sofia["staffing"].hearing == "permanency_12m"
    assert sofia["staffing"].date == D(2027, 9, 30) - dt.timedelta(days=STAFFING_DAYS) == D(2027, 8, 1)
    assert sofia["staffing"].practice and "practice" in sofia["staffing"].basis
    assert not sofia["period_end"].practice


def test_a_child_under_three_at_removal_has_six_months_from_disposition():
    mateo = points(family("disposition"), 2)
    assert mateo["period_end"].date == D(2027, 4, 20)  # min(disposition + 6 months, EFC + 12 months)
    assert mateo["staffing"].hearing == "six_month_review"  # his services may end at the six-month review
    assert mateo["staffing"].date == D(2027, 2, 19)
    assert mateo["fifteen_of_22"].date == D(2027, 12, 30)  # the federal clock does not depend on age


def test_month_ends_are_clamped_at_the_twelve_and_eighteen_month_hearings():
    twelve = points(family("permanency_12m"), 0)
    assert twelve["extended_end"].date == D(2028, 2, 29)  # August 31 + 18 months: a leap year's February 29
    assert twelve["next_hearing"].hearing == "review_18m"
    assert twelve["next_hearing"].date == D(2028, 2, 29)
    eighteen = points(family("review_18m"), 0)
    assert eighteen["extended_end"].date == D(2028, 8, 31)  # removal + 24 months
    assert eighteen["staffing"].date == D(2028, 8, 31) - dt.timedelta(days=60)


def test_fifteen_of_22_clamps_to_the_end_of_february():
    # EFC = min(jurisdiction 2026-11-30, removal + 60 days = 2026-11-30); + 15 months = 2028-02-29
    case = family("six_month_review", removal_date="2026-10-01", petition_filed_date="2026-10-03",
                  detention_hearing_date="2026-10-04", jurisdiction_hearing_date="2026-11-30",
                  disposition_hearing_date="2026-12-10")
    assert points(case, 0)["fifteen_of_22"].date == D(2028, 2, 29)
    assert points(case, 0)["period_end"].date == D(2027, 11, 30)


def test_after_the_last_review_the_court_sets_the_366_26_hearing_and_no_staffing_is_left():
    last = points(family("review_24m"), 0)
    assert last["next_hearing"].hearing == "366.26" and last["next_hearing"].date is None
    assert "staffing" not in last


@pytest.mark.parametrize("hearing", ["disposition", "six_month_review", "permanency_12m"])
def test_a_one_child_case_of_1_0_has_one_clock(hearing):
    raw = read_json(BASE_CASE)
    raw["court"]["hearing_type"] = hearing
    clocks = clock_for(load_case(raw))
    assert [c.child for c in clocks] == ["Sofia Ramírez"]
    assert {p.key for p in clocks[0].points} >= {"period_end", "next_hearing", "fifteen_of_22", "staffing"}


def test_a_missing_date_is_named_not_guessed():
    raw = read_json(FAMILY)
    raw["dates"]["jurisdiction_hearing_date"] = None
    raw["dates"]["removal_date"] = None
    sofia = points(load_case(raw), 0)
    assert sofia["period_end"].date is None and sofia["period_end"].missing
    assert sofia["fifteen_of_22"].date is None
