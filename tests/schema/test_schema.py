"""The case model: what loads, what is refused, and how the refusal reads."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reportgen.case import Case, blank
from reportgen.schema import InvalidCase, dump_case, load_case, schema_paths


def problems(data) -> dict[str, list[str]]:
    with pytest.raises(InvalidCase) as err:
        load_case(data)
    out: dict[str, list[str]] = {}
    for path, message in err.value.problems:
        out.setdefault(path, []).append(message)
    return out


def test_complete_example_round_trips(base_case):
    loaded = load_case(base_case)
    assert loaded["dates"]["removal_date"] == dt.date(2026, 10, 2)
    again = load_case(json.loads(json.dumps(dump_case(loaded))))
    assert again == loaded


def test_minimal_case_loads_and_everything_is_unanswered():
    case = Case(load_case({"schema_version": "1.0"}))
    assert case.get("concurrent_plan.goal") is None
    assert case.get("has_siblings") is None
    assert list(case.items("siblings")) == []


@pytest.mark.parametrize(
    ("where", "value", "other_field"),
    [
        ("dates.removal_date", "2019-01-01", "child.dob"),
        ("dates.disposition_hearing_date", "2026-09-30", "dates.removal_date"),
        ("dates.jurisdiction_hearing_date", "2026-10-01", "dates.removal_date"),
    ],
)
def test_impossible_dates_name_both_fields(base_case, where, value, other_field):
    section, name = where.split(".")
    base_case[section][name] = value
    found = problems(base_case)
    assert where in found and other_field in found
    assert set(found[where]) & set(found[other_field]), "one message must name both fields"


def test_date_of_birth_in_the_future_is_refused(base_case):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    base_case["child"]["dob"] = future
    found = problems(base_case)
    assert any("is in the future" in m for m in found["child.dob"])


def test_enumerations_are_closed(base_case):
    base_case["concurrent_plan"]["goal"] = "long_term_foster_care"
    found = problems(base_case)
    assert found["concurrent_plan.goal"][0].startswith("must be one of: adoption")


def test_free_text_is_bounded(base_case):
    base_case["child"]["name"] = "x" * 201
    base_case["summary"] = "y" * 8001
    found = problems(base_case)
    assert "child.name" in found and "summary" in found


def test_unknown_field_is_refused_not_dropped(base_case):
    base_case["child"]["favourite_colour"] = "blue"
    assert problems(base_case)["child.favourite_colour"] == ["is not a field reportgen knows; check the spelling"]


def test_booleans_are_not_guessed_from_text(base_case):
    base_case["has_siblings"] = "yes"
    assert problems(base_case)["has_siblings"] == ["must be true or false"]


def test_siblings_listed_but_none_declared_names_both(base_case):
    base_case["has_siblings"] = False
    found = problems(base_case)
    assert "has_siblings" in found and "siblings[0]" in found


def test_counts_distinguish_zero_from_unanswered(base_case):
    base_case["relatives"]["identified_count"] = 0
    assert load_case(base_case)["relatives"]["identified_count"] == 0
    base_case["relatives"]["identified_count"] = -1
    assert "relatives.identified_count" in problems(base_case)


@pytest.mark.parametrize("text", [None, "", "   ", "N/A", "tbd", "Unknown.", "-", "none"])
def test_placeholders_are_not_answers(text):
    assert blank(text)


@pytest.mark.parametrize("text", ["None: the child is an only child.", "No grandparents are living.", "0"])
def test_explicit_answers_are_answers(text):
    assert not blank(text)


def test_schema_paths_cover_nested_lists():
    paths = schema_paths()
    assert "parents[].reunification.services[].provider" in paths
    assert "children[].siblings[].visits.supervised" in paths
    assert "children[].concurrent_plan.prospective_family.is_current_caregiver" in paths
    assert "siblings[].visits.supervised" not in paths
