"""What the YAML cases cannot say about the PR7xx rules: the exact fields a
finding points at, the dates it quotes, and that it is judged on the report's
date rather than on the day the check runs."""

from __future__ import annotations

from typing import Any

from reportgen.case import Case
from reportgen.rules import check
from reportgen.rules.base import Finding
from reportgen.rules.examples import apply_overlay
from reportgen.schema import load_case


def findings(base_case: dict[str, Any], code: str, overlay: dict[str, Any]) -> list[Finding]:
    return [f for f in check(Case(load_case(apply_overlay(base_case, overlay)))) if f.code == code]


def test_pr701_points_at_exactly_the_missing_dates(base_case):
    (finding,) = findings(base_case, "PR701", {"dates": {"removal_date": None, "disposition_hearing_date": None}})
    assert finding.fields == ("dates.removal_date", "dates.disposition_hearing_date")
    assert finding.severity == "warn"


def test_pr702_quotes_the_stated_and_the_latest_date(base_case):
    (finding,) = findings(base_case, "PR702", {"recommended": {"stated_six_month_review_date": "2027-06-01"}})
    assert finding.fields == ("recommended.stated_six_month_review_date",)
    assert "stated 2027-06-01; latest lawful date 2027-05-24" in finding.message


def test_pr703_quotes_the_stated_and_the_latest_date(base_case):
    (finding,) = findings(base_case, "PR703", {"recommended": {"stated_permanency_hearing_date": "2027-12-01"}})
    assert "stated 2027-12-01; latest lawful date 2027-11-12" in finding.message


def test_pr702_efc_fallback_is_judged_on_the_report_date(base_case):
    # No jurisdiction date. Removal + 60 days is 2026-12-01: after the report date
    # (2026-11-19) EFC is unknown and the rule is silent; a report dated on or
    # after 2026-12-01 makes EFC 2026-12-01, and the 2027-06-30 date is too late.
    overlay = {"dates": {"jurisdiction_hearing_date": None},
               "recommended": {"stated_six_month_review_date": "2027-06-30"}}
    assert findings(base_case, "PR702", overlay) == []
    later = apply_overlay(overlay, {"court": {"report_date": "2026-12-01"}})
    assert len(findings(base_case, "PR702", later)) == 1


def test_pr708_is_information_with_the_count_and_report_date(base_case):
    overlay = {"dates": {"removal_date": "2025-05-01", "petition_filed_date": "2025-05-05",
                         "detention_hearing_date": "2025-05-06", "jurisdiction_hearing_date": "2025-06-20"}}
    (finding,) = findings(base_case, "PR708", overlay)
    assert finding.severity == "info"
    assert "16 months as of 2026-11-19" in finding.message


def test_date_rules_stay_silent_without_any_report_or_hearing_date(base_case):
    overlay = {"court": {"report_date": None}, "dates": {"disposition_hearing_date": None},
               "recommended": {"stated_six_month_review_date": "2030-01-01", "stated_permanency_hearing_date": "2030-01-01"}}
    codes = {f.code for f in check(Case(load_case(apply_overlay(base_case, overlay))))}
    assert {"PR702", "PR703", "PR708"}.isdisjoint(codes)
    assert "PR701" in codes
