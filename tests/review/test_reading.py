"""Assertion status (ConText) and holder of statements, on sentences written here."""

from __future__ import annotations

import re

import pytest

from reportgen.review.reading.context import AFFIRMED, HEDGED, HISTORICAL, HYPOTHETICAL, NEGATED, status_of
from reportgen.review.reading.judge import Statement, _holder


@pytest.mark.parametrize(("sentence", "target", "expected"), [
    ("The uncle has agreed to adopt the boy.", "adopt", AFFIRMED),
    ("The uncle is not willing to adopt.", "adopt", NEGATED),
    ("Prospective home: none identified.", "Prospective home", NEGATED),
    ("The twins have never been separated.", "separated", NEGATED),
    ("Mrs. Ode may consider guardianship later.", "guardianship", HEDGED),
    ("Long-term needs: to be assessed.", "Long-term needs", HEDGED),
    ("The father was advised of his option to relinquish for adoption.", "adoption", HYPOTHETICAL),
    ("The grandmother adopted her nephew in 2004.", "adopted", HISTORICAL),
    ("They will adopt him, but the mother objects.", "adopt", AFFIRMED),
])
def test_assertion_status(sentence, target, expected):
    assert status_of(sentence, re.compile(target, re.I)) == expected


def _s(text: str, label: str = "") -> Statement:
    return Statement(text, label, "", frozenset(), None, 0)


@pytest.mark.parametrize(("text", "label", "expected"), [
    ("Ms. Quill told the worker she will adopt Toby.", "", "caregiver"),
    ("Toby said he does not want to be adopted.", "", "child"),
    ("The Agency recommends adoption by the Farrows.", "", "agency"),
    ("The Farrows are eager to adopt Toby.", "", "other"),
    ("Has not been asked.", "Caregiver willingness", "caregiver"),
])
def test_holder(text, label, expected):
    assert _holder(_s(text, label), {"Quill"}, {"aunt"}, {"Toby"}, "") == expected
