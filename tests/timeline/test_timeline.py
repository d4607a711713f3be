"""The statutory timeline: exact dates for the complete example, the calendar
arithmetic, the formula choices, missing facts and flags.

The complete example: removal 2026-10-02, detention hearing 2026-10-06,
jurisdiction 2026-11-12, disposition 2026-11-24, child born 2020-03-15 (six at
removal), detained, services for both parents, report dated 2026-11-19.
Every test passes ``as_of`` so that none depends on today's date.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from reportgen.case import Case
from reportgen.court_calendar import judicial_holidays, whole_months_between
from reportgen.rules.examples import apply_overlay
from reportgen.schema import load_case
from reportgen.timeline import (
    Entry,
    add_court_days,
    add_months,
    compute,
    entered_foster_care,
    entry,
    months_in_care_last_22,
)
from reportgen.timeline_format import format_text
from tests.conftest import BASE_CASE, read_json

D = dt.date
REPORT_DATE = D(2026, 11, 19)


def load(overlay: dict[str, Any] | None = None) -> dict[str, Any]:
    return load_case(apply_overlay(read_json(BASE_CASE), overlay or {}))


def timeline(overlay: dict[str, Any] | None = None, as_of: dt.date = REPORT_DATE) -> dict[str, Entry]:
    return {e.key: e for e in compute(load(overlay), as_of=as_of)}


# --- the complete example --------------------------------------------------


def test_complete_example_dates() -> None:
    got = {key: e.date for key, e in timeline().items()}
    assert got == {
        "efc": D(2026, 11, 12),  # jurisdiction is earlier than removal + 60 days (2026-12-01)
        "disposition_deadline": D(2026, 11, 30),  # 10 court days; Thanksgiving and the Friday after skipped
        "report_due": D(2026, 11, 22),
        "case_plan_due": D(2026, 11, 24),  # the hearing comes before removal + 60 days
        "relative_search_due": D(2026, 11, 1),
        "six_month_review": D(2027, 5, 24),
        "permanency_12m": D(2027, 11, 12),
        "review_18m": D(2028, 4, 2),
        "review_24m": D(2028, 10, 2),
        "fr_period_end": D(2027, 11, 12),  # six at removal: twelve months after EFC
        "fifteen_of_22": D(2028, 2, 12),
    }


def test_entries_come_in_the_contract_order_and_each_carries_a_citation() -> None:
    entries = compute(load(), as_of=REPORT_DATE)
    assert [e.key for e in entries] == [
        "efc", "disposition_deadline", "report_due", "case_plan_due", "relative_search_due",
        "six_month_review", "permanency_12m", "review_18m", "review_24m", "fr_period_end", "fifteen_of_22",
    ]
    for e in entries:
        assert e.citation and e.formula and e.label, e.key
        assert e.missing == ()


def test_complete_example_flags_nothing_it_records_as_done() -> None:
    got = timeline()
    assert all(not e.flags for e in got.values())
    assert got["relative_search_due"].done == "relatives notified, the last on 2026-10-09"
    assert got["report_due"].done == "report dated 2026-11-19"
    assert got["case_plan_due"].done == "case plan completed 2026-11-17"
    assert got["disposition_deadline"].done == "disposition hearing set for 2026-11-24"


def test_as_of_defaults_to_the_report_date_not_today() -> None:
    assert compute(load()) == compute(load(), as_of=REPORT_DATE)
    undated = load({"court": {"report_date": None}})
    assert compute(undated) == compute(undated, as_of=D(2026, 11, 24))  # the hearing date stands in


def test_done_steps_are_not_flagged_even_years_later() -> None:
    got = timeline(as_of=D(2030, 1, 1))
    for key in ("disposition_deadline", "report_due", "case_plan_due", "relative_search_due"):
        assert not any(f.startswith("already past") for f in got[key].flags), key
    # Hearings after disposition are not recorded as held: those still show as past.
    assert got["six_month_review"].flags == ("already past on 2030-01-01",)
    assert got["efc"].flags == ()


@pytest.mark.parametrize(
    ("overlay", "done"),
    [
        ({"relatives": {"people": [], "notified_count": 5}}, "5 relatives notified"),
        ({"relatives": {"people": [], "notified_count": 0, "identified_count": 0}}, "the search found no relatives"),
        ({"relatives": {"people": [], "notified_count": 0}}, None),
        ({"relatives": {"people": [], "notified_count": None}}, None),
    ],
)
def test_what_records_the_relative_search_as_done(overlay, done) -> None:
    got = timeline(overlay, as_of=D(2026, 12, 1))["relative_search_due"]
    assert got.done == done
    assert got.flags == (() if done else ("already past on 2026-12-01",))


def test_compute_accepts_a_case_view_or_a_loaded_dict() -> None:
    data = load()
    assert compute(data, as_of=REPORT_DATE) == compute(Case(data), as_of=REPORT_DATE)


def test_as_dict_is_json_ready() -> None:
    first = compute(load(), as_of=REPORT_DATE)[0].as_dict()
    assert first["date"] == "2026-11-12"
    assert first["missing"] == [] and first["flags"] == []
    assert json.loads(json.dumps(first)) == first


# --- calendar arithmetic ---------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # 2028 is a leap year
        (D(2026, 11, 12), 12, D(2027, 11, 12)),
        (D(2026, 10, 2), 18, D(2028, 4, 2)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2025, 8, 19), D(2026, 11, 19), 15),
        (D(2025, 8, 20), D(2026, 11, 19), 14),
        (D(2026, 1, 31), D(2026, 2, 28), 1),
        (D(2026, 11, 12), D(2026, 11, 1), 0),
    ],
)
def test_whole_months_between(start: dt.date, end: dt.date, months: int) -> None:
    assert whole_months_between(start, end) == months


def test_holidays_2026_on_their_observed_dates() -> None:
    assert sorted(judicial_holidays(2026)) == [
        D(2026, 1, 1), D(2026, 1, 19), D(2026, 2, 12), D(2026, 2, 16), D(2026, 3, 31), D(2026, 5, 25),
        D(2026, 6, 19), D(2026, 7, 3),  # 4 July is a Saturday: kept on the Friday before
        D(2026, 9, 7), D(2026, 9, 25), D(2026, 11, 11), D(2026, 11, 26), D(2026, 11, 27), D(2026, 12, 25),
    ]


def test_holidays_2027_on_their_observed_dates() -> None:
    assert sorted(judicial_holidays(2027)) == [
        D(2027, 1, 1), D(2027, 1, 18), D(2027, 2, 12), D(2027, 2, 15), D(2027, 3, 31), D(2027, 5, 31),
        D(2027, 6, 18),  # Juneteenth on a Saturday
        D(2027, 7, 5),  # 4 July on a Sunday: kept on the Monday after
        D(2027, 9, 6), D(2027, 9, 24), D(2027, 11, 11), D(2027, 11, 25), D(2027, 11, 26),
        D(2027, 12, 24),  # Christmas on a Saturday
        D(2027, 12, 31),  # New Year's Day 2028 is a Saturday: kept in 2027
    ]
    assert judicial_holidays(2027)[D(2027, 12, 31)] == "New Year's Day"


def test_juneteenth_is_a_court_holiday_only_from_2023() -> None:
    assert D(2022, 6, 20) not in judicial_holidays(2022)  # 19 June 2022 was a Sunday
    assert D(2023, 6, 19) in judicial_holidays(2023)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 11, 12), 10, D(2026, 11, 30)),  # over Thanksgiving
        (D(2026, 11, 25), 1, D(2026, 11, 30)),  # Thu/Fri holidays, then the weekend
        (D(2026, 7, 2), 1, D(2026, 7, 6)),  # 3 July observed, weekend
        (D(2026, 11, 13), 1, D(2026, 11, 16)),  # plain weekend
        (D(2026, 11, 30), -1, D(2026, 11, 25)),
        (D(2026, 11, 14), 0, D(2026, 11, 14)),
    ],
)
def test_add_court_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_court_days(start, n) == expected


# --- entry into foster care ------------------------------------------------


def test_efc_is_removal_plus_60_days_when_that_is_earlier() -> None:
    case = Case(load({"dates": {"jurisdiction_hearing_date": "2026-12-10", "disposition_hearing_date": "2026-12-15"}}))
    assert entered_foster_care(case, REPORT_DATE) == (D(2026, 12, 1), ())


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 11, 30), (None, ("dates.jurisdiction_hearing_date",))),  # removal + 60 days still ahead
        (D(2026, 12, 1), (D(2026, 12, 1), ())),  # removal + 60 days has come: EFC cannot be later
        (D(2027, 1, 15), (D(2026, 12, 1), ())),
    ],
)
def test_efc_fallback_without_jurisdiction_depends_on_as_of(
    as_of: dt.date, expected: tuple[dt.date | None, tuple[str, ...]]
) -> None:
    case = Case(load({"dates": {"jurisdiction_hearing_date": None}}))
    assert entered_foster_care(case, as_of) == expected


def test_efc_fallback_is_explained_in_the_entry() -> None:
    efc = timeline({"dates": {"jurisdiction_hearing_date": None}}, as_of=D(2026, 12, 2))["efc"]
    assert efc.date == D(2026, 12, 1)
    assert efc.note and "not recorded" in efc.note
    assert efc.flags == ()  # a starting point is never "past due"


def test_unknown_efc_propagates_to_every_date_built_on_it() -> None:
    got = timeline({"dates": {"jurisdiction_hearing_date": None}})
    for key in ("efc", "six_month_review", "permanency_12m", "fr_period_end", "fifteen_of_22", "disposition_deadline"):
        assert got[key].date is None, key
        assert got[key].missing == ("dates.jurisdiction_hearing_date",), key
    # Dates counted from removal alone are still known.
    assert got["review_18m"].date == D(2028, 4, 2)
    assert got["relative_search_due"].date == D(2026, 11, 1)


# --- missing facts -----------------------------------------------------------


def test_missing_removal_date_is_named() -> None:
    got = timeline({"dates": {"removal_date": None}})
    assert got["efc"].missing == ("dates.removal_date",)
    assert got["review_18m"].missing == ("dates.removal_date",)
    assert got["case_plan_due"].missing == ("dates.removal_date",)
    assert got["permanency_12m"].missing == ("dates.removal_date",)  # listed once, not twice
    assert got["report_due"].date == D(2026, 11, 22)  # needs only the hearing date


def test_missing_disposition_date_is_named() -> None:
    got = timeline({"dates": {"disposition_hearing_date": None}})
    for key in ("report_due", "case_plan_due", "six_month_review"):
        assert got[key].date is None and got[key].missing == ("dates.disposition_hearing_date",), key
    assert got["permanency_12m"].date == D(2027, 11, 12)


def test_missing_birth_date_leaves_the_reunification_period_unknown() -> None:
    fr = timeline({"child": {"dob": None}})["fr_period_end"]
    assert fr.date is None
    assert fr.missing == ("child.dob",)


def test_unknown_detention_status_leaves_the_disposition_deadline_unknown() -> None:
    deadline = timeline({"dates": {"detained": None}})["disposition_deadline"]
    assert deadline.date is None
    assert deadline.missing == ("dates.detained",)


# --- the formula choices -----------------------------------------------------


@pytest.mark.parametrize(
    ("dob", "end", "citation", "words"),
    [
        ("2024-01-01", D(2027, 5, 24), "WIC §361.5(a)(1)(B)", "age 2"),  # disposition + 6 months
        ("2023-10-03", D(2027, 5, 24), "WIC §361.5(a)(1)(B)", "age 2"),  # turns three the day after removal
        ("2023-10-02", D(2027, 11, 12), "WIC §361.5(a)(1)(A)", "age 3"),  # three on the removal date
        ("2020-03-15", D(2027, 11, 12), "WIC §361.5(a)(1)(A)", "age 6"),
    ],
)
def test_reunification_period_by_age_on_removal(dob: str, end: dt.date, citation: str, words: str) -> None:
    fr = timeline({"child": {"dob": dob}})["fr_period_end"]
    assert fr.date == end
    assert fr.citation.startswith(citation)
    assert words in fr.label


def test_under_three_period_is_capped_at_twelve_months_after_efc() -> None:
    # Disposition eight months after entry into foster care: EFC + 12 months comes first.
    overlay = {
        "child": {"dob": "2025-01-01"},
        "dates": {"removal_date": "2026-02-02", "petition_filed_date": "2026-02-04",
                  "detention_hearing_date": "2026-02-05", "jurisdiction_hearing_date": "2026-03-20"},
    }
    assert timeline(overlay)["fr_period_end"].date == D(2027, 3, 20)


def test_sibling_group_rule_uses_the_six_month_formula() -> None:
    fr = timeline({"recommended": {"sibling_group_rule": "proposed"}})["fr_period_end"]
    assert fr.date == D(2027, 5, 24)
    assert fr.citation.startswith("WIC §361.5(a)(1)(C)")
    assert "sibling-group" in fr.label and "age 6" in fr.label


def test_not_detained_child_gets_thirty_calendar_days() -> None:
    deadline = timeline({"dates": {"detained": False}})["disposition_deadline"]
    assert deadline.date == D(2026, 12, 12)
    assert deadline.citation.startswith("WIC §358(a)(2)")
    assert deadline.note and "2026-12-27" in deadline.note  # the 15-day good-cause extension


def test_bypass_uses_thirty_days_and_adds_the_366_26_date() -> None:
    overlay = {"parents": {1: {"reunification": {
        "recommended": "bypass", "services": None,
        "bypass": {"subdivision": "361.5(b)(10)", "facts": "x", "parent_notified_date": "2026-11-01"}}}}}
    got = timeline(overlay)
    assert got["disposition_deadline"].date == D(2026, 12, 5)  # J + 30 = 12-12, capped by DH + 60 = 12-05
    assert got["disposition_deadline"].citation.startswith("WIC §358(a)(3)")
    assert got["bypass_366_26"].date == D(2027, 3, 24)
    assert list(got).index("bypass_366_26") == list(got).index("fifteen_of_22") - 1


def test_no_bypass_entry_without_a_bypass() -> None:
    assert entry(compute(load(), as_of=REPORT_DATE), "bypass_366_26") is None


def test_detained_outer_limit_binds_and_a_late_hearing_is_flagged() -> None:
    overlay = {"dates": {"jurisdiction_hearing_date": "2026-12-01", "disposition_hearing_date": "2026-12-10"}}
    deadline = timeline(overlay)["disposition_deadline"]
    assert deadline.date == D(2026, 12, 5)  # detention hearing + 60 days comes before J + 10 court days
    assert deadline.flags == ("the disposition hearing (2026-12-10) is later than this deadline",)


# --- flags -------------------------------------------------------------------


def test_past_dates_are_flagged_on_as_of() -> None:
    # Not dated, no case plan: nothing records these two steps as done.
    got = timeline({"court": {"report_date": None}, "case_plan": {"completed_date": None}}, as_of=D(2026, 11, 25))
    assert got["report_due"].flags == ("already past on 2026-11-25",)
    assert got["case_plan_due"].flags == ("already past on 2026-11-25",)
    assert got["report_due"].done is None and got["case_plan_due"].done is None
    assert got["disposition_deadline"].flags == ()  # 2026-11-30 is still ahead
    assert got["efc"].flags == ()


def test_a_hearing_set_after_the_deadline_is_not_done() -> None:
    overlay = {"dates": {"jurisdiction_hearing_date": "2026-12-01", "disposition_hearing_date": "2026-12-10"}}
    deadline = timeline(overlay, as_of=D(2026, 12, 20))["disposition_deadline"]
    assert deadline.done is None
    assert deadline.flags == ("already past on 2026-12-20",
                              "the disposition hearing (2026-12-10) is later than this deadline")


def test_stated_review_dates_later_than_the_limits_are_flagged() -> None:
    overlay = {"recommended": {"stated_six_month_review_date": "2027-05-25",
                               "stated_permanency_hearing_date": "2027-11-12"}}
    got = timeline(overlay)
    assert got["six_month_review"].flags == (
        "the stated six-month review date (2027-05-25) is later than this deadline",
    )
    assert got["permanency_12m"].flags == ()  # on the last day is in time


def test_late_report_and_case_plan_are_flagged() -> None:
    got = timeline({"court": {"report_date": "2026-11-23"}, "case_plan": {"completed_date": "2026-11-25"}})
    assert "the report date (2026-11-23) is later than this deadline" in got["report_due"].flags
    assert "the case plan's completion date (2026-11-25) is later than this deadline" in got["case_plan_due"].flags


# --- the 15-of-22 count -------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "months"),
    [
        (D(2026, 11, 1), 0),  # before entry into foster care
        (D(2028, 2, 11), 14),
        (D(2028, 2, 12), 15),
        (D(2030, 1, 1), 22),  # never more than the 22-month window
    ],
)
def test_months_in_care_last_22(as_of: dt.date, months: int) -> None:
    assert months_in_care_last_22(Case(load()), as_of) == months


def test_months_in_care_unknown_without_efc() -> None:
    assert months_in_care_last_22(Case(load({"dates": {"jurisdiction_hearing_date": None}})), REPORT_DATE) is None


def test_fifteen_of_22_note_states_the_count_and_the_limits() -> None:
    note = timeline(as_of=D(2028, 3, 1))["fifteen_of_22"].note or ""
    assert "15 of the last 22 months" in note
    assert "information only" in note and "trial home visits" in note


# --- text output --------------------------------------------------------------


def test_format_text_shows_dates_citations_flags_and_missing_facts() -> None:
    overlay = {"dates": {"jurisdiction_hearing_date": None}, "relatives": {"people": [], "notified_count": None}}
    text = format_text(compute(load(overlay), as_of=REPORT_DATE))
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("Relatives found and notified"))
    assert "2026-11-01" in lines[row] and "WIC §309(e)" in lines[row]
    assert lines[row + 1] == "    ! already past on 2026-11-19"
    plan = next(i for i, line in enumerate(lines) if line.startswith("Case plan completed"))
    assert lines[plan + 1] == "    done: case plan completed 2026-11-17"
    six = next(line for line in lines if line.startswith("Six-month review"))
    assert "unknown — missing: dates.jurisdiction_hearing_date" in six
    assert "WIC §366.21(e)" in six
    # The month-arithmetic caveat is printed once, as a numbered note.
    assert text.count("end of month clamped") == 1
    assert any(line.startswith("[1] months:") for line in lines)
    eighteen = next(line for line in lines if line.startswith("Eighteen-month"))
    assert "2028-04-02 [1]" in eighteen


def test_format_text_of_nothing() -> None:
    assert format_text([]) == "No statutory dates.\n"
