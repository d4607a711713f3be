"""The small helpers the rule modules share for details and missing-field paths."""

from __future__ import annotations

from reportgen.rules.base import blank_fields, who


def test_who_names_the_person_or_their_position():
    assert who("parent", 0, {"name": "Ana Example"}) == "parent: Ana Example"
    assert who("sibling", 1, {"name": "  "}) == "sibling: number 2 (unnamed)"
    assert who("sibling", 2, {}) == "sibling: number 3 (unnamed)"


def test_blank_fields_lists_only_unanswered_fields_in_order():
    item = {"provider": "Clinic", "frequency": "N/A", "addresses_problem": None}
    assert blank_fields(item, "parents[0].x", ("provider", "frequency", "addresses_problem")) == [
        "parents[0].x.frequency",
        "parents[0].x.addresses_problem",
    ]
    assert blank_fields({"a": "yes"}, "b", ("a",)) == []
