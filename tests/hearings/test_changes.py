"""What changed since the last report, item by item (reportgen/hearings/changes.py), and
how a review report prints it: the changes once, each service's progress once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reportgen.hearings.carry import next_report
from reportgen.hearings.changes import changes
from reportgen.hearings.facts import apply_facts
from reportgen.intake.words import html_text
from reportgen.render.context import build_context
from reportgen.render.html import html_from_context
from reportgen.render.templates import resolve_template_dir
from reportgen.schema import load_case
from tests.conftest import EXAMPLES, read_json


@pytest.fixture
def carried() -> dict[str, Any]:
    last = load_case(read_json(EXAMPLES / "05-siblings-split.json"))
    return next_report(last, "six_month_review", "cd" * 32, dt.date(2027, 5, 24))


def texts(case: dict[str, Any]) -> list[str]:
    found = changes(load_case(case))
    assert found is not None
    return [c.text() for c in found]


def test_nothing_entered_yet_is_no_change(carried):
    assert texts(carried) == []


def test_a_case_without_a_previous_report_has_no_list():
    assert changes(load_case(read_json(EXAMPLES / "05-siblings-split.json"))) is None


def test_every_kind_of_change_is_one_item(carried):
    new = apply_facts(carried, {
        "parents": [
            {"name": "Amber Pruitt", "status": "whereabouts_unknown", "reunification": {"services": [
                {"service": "Parenting education", "status": "completed"},
                {"service": "Random drug testing", "_remove": True},
                {"service": "Residential treatment", "status": "ongoing"},
                {"service": "Intensive outpatient substance use treatment", "status": "ongoing"}]}},
            {"name": "Shane Pruitt", "visitation": {"supervision": "unsupervised"}}],
        "children": [
            {"id": "tanner", "placement": {"_replace": True, "type": "resource_family",
                                           "caregiver": {"name": "Dale and Carol Whitmore"}},
             "concurrent_plan": {"prospective_family": {"name": "Dale and Carol Whitmore",
                                                        "willingness": "yes_adopt"}}},
            {"id": "kaylee", "concurrent_plan": {"goal": "legal_guardianship"}}]})
    assert texts(new) == [
        "Amber Pruitt (mother): status was not recorded; now Whereabouts unknown.",
        "Amber Pruitt (mother): a new service, Residential treatment.",
        "Amber Pruitt (mother): Random drug testing is no longer listed.",
        "Amber Pruitt (mother), Parenting education: Completed since the last report.",
        "Shane Pruitt (presumed father): visit supervision was Supervised by the agency; now Unsupervised.",
        "Kaylee Pruitt: the concurrent plan's goal was Adoption; now Legal guardianship.",
        "Tanner Pruitt: moved from Jessica Lindqvist (resource family) to Dale and Carol Whitmore (resource family).",
        "Tanner Pruitt: the family the concurrent plan names was not recorded; now Dale and Carol Whitmore.",
        "Tanner Pruitt: that family's answer on permanence was not recorded; now Willing to adopt.",
    ]


def test_a_service_still_ongoing_at_the_first_review_is_no_change(carried):
    """The last report gave no status; "ongoing" or "not started" now says nothing happened."""
    new = apply_facts(carried, {"parents": [{"name": "Amber Pruitt", "reunification": {"services": [
        {"service": "Parenting education", "status": "ongoing"},
        {"service": "Random drug testing", "status": "not_started"}]}}]})
    assert texts(new) == []


def text_of(case: dict[str, Any]) -> str:
    loaded = load_case(case)
    ctx = build_context(loaded, loaded["court"]["report_date"])
    return " ".join(html_text(html_from_context(ctx, resolve_template_dir(None))).split())


def test_the_review_report_prints_each_change_and_each_progress_once(carried):
    new = apply_facts(carried, {"parents": [{"name": "Amber Pruitt", "reunification": {"services": [
        {"service": "Parenting education", "status": "completed", "progress": "Finished the twelve classes."},
        {"service": "Random drug testing", "status": "ongoing", "progress": "Nine negative tests in a row."}]}}]})
    text = text_of(new)
    assert text.count("Amber Pruitt (mother), Parenting education: Completed since the last report.") == 1
    assert text.count("Finished the twelve classes.") == 1  # in the review's own section, not in the services too
    assert text.count("Nine negative tests in a row.") == 1
    assert "whose SHA-256 digest is " + "cd" * 32 in text


def test_a_disposition_report_still_prints_progress_in_the_services():
    raw = read_json(EXAMPLES / "05-siblings-split.json")
    progress = raw["parents"][0]["reunification"]["services"][0]["progress"]
    assert text_of(raw).count(progress) == 1
