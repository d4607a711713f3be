"""Right-to-left names and narratives: the clerk's word comparison reads the PDF's drawn order
against the case data's typed order without calling an honest report tampered, and still sees a
changed letter."""

from __future__ import annotations

import pytest

from reportgen.intake import verify_bytes
from reportgen.intake.words import first_difference
from reportgen.render.pdf import render_pdf
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, read_json

ARABIC = "عمر الحداد"
HEBREW = "סמירה חדד"


@pytest.mark.parametrize(("typed", "drawn"), [
    (f"In re Layla {ARABIC} 12 Haddad", "In re Layla 12 دادحلا رمع Haddad"),
    (f"Ms. {HEBREW}, the aunt", "Ms. דדח הרימס, the aunt"),
    (f"the aunt ({HEBREW}) visits", "the aunt (דדח הרימס) visits"),
])
def test_drawn_order_of_a_right_to_left_run_matches_its_typed_order(typed: str, drawn: str):
    assert first_difference(drawn, typed) is None


@pytest.mark.parametrize(("typed", "drawn"), [
    (f"In re Layla {ARABIC} 12 Haddad", "In re Layla 12 دادحلا رمغ Haddad"),  # one letter replaced
    (f"Ms. {HEBREW}, the aunt", "Ms. דדח, the aunt"),  # a word left out
    (f"In re Layla {ARABIC} 12 Haddad", "In re Layla 13 دادحلا رمع Haddad"),  # a digit changed
    (f"Ms. {HEBREW}, the aunt", "Ms. דדח הרימס, the uncle"),  # left-to-right text still exact
])
def test_a_changed_character_inside_or_beside_the_run_is_still_named(typed: str, drawn: str):
    assert first_difference(drawn, typed) is not None


def test_a_report_with_right_to_left_names_passes_the_clerk():
    raw = read_json(BASE_CASE)
    raw["child"]["name"] = f"Layla {ARABIC} 12 Haddad"
    raw["parents"][0]["name"] = HEBREW
    result = verify_bytes(render_pdf(load_case(raw)), "rtl.pdf")
    check = next(c for c in result.checks if c.name == "text_matches_data")
    assert check.status == "pass", check.reason
