"""The prognosis worksheet (advisory): asked in the wizard, shown beside the concurrent
plan, read by one warning (CP116), never printed in the report nor carried in a filed file."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reportgen.prognosis import LIKELY, POOR, present, worksheet
from reportgen.render.embed import extract_case_bytes
from reportgen.rules import check
from reportgen.schema import load_case, schema_paths
from reportgen.web.forms import load_spec
from reportgen.web.pages import worksheet_note
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "01-complete-sibling-group.json"
EVIDENCE = "Evidence-7Q: twelve years of use without recovery"


def with_worksheet(poor: int = 3, likely: int = 1) -> dict:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    signs = worksheet().indicators
    answers: dict = {"completed_date": "2026-11-10"}
    for ind in [i for i in signs if i.kind == POOR][:poor]:
        answers[ind.id] = {"present": True, "evidence": EVIDENCE}
    for ind in [i for i in signs if i.kind == LIKELY][:likely]:
        answers[ind.id] = {"present": True, "evidence": "Visits every week."}
    raw["prognosis"] = answers
    return raw


def test_every_indicator_is_a_field_of_the_case_and_a_question_of_the_wizard():
    ws = worksheet()
    assert {i.kind for i in ws.indicators} == {LIKELY, POOR}
    assert any(i.poverty for i in ws.indicators)
    paths = schema_paths()
    step = load_spec().step("prognosis")
    assert step is not None
    asked = set(step.field_paths())
    for ind in ws.indicators:
        for leaf in ("present", "evidence"):
            assert f"prognosis.{ind.id}.{leaf}" in paths
            assert f"prognosis.{ind.id}.{leaf}" in asked
    assert "poverty" in step.intro and "not printed" in step.intro.replace("nothing here is printed", "not printed")


def test_signs_that_may_reflect_poverty_say_so_in_the_wizard():
    step = load_spec().step("prognosis")
    assert step is not None
    labels = {f.path: f.label for s in step.sections for sub in s.sections for f in sub.fields}
    for ind in worksheet().indicators:
        assert ("may reflect poverty" in labels[f"prognosis.{ind.id}.present"]) == ind.poverty


def test_present_counts_only_answers_of_yes():
    raw = with_worksheet(poor=3, likely=2)
    first_poor = next(i for i in worksheet().indicators if i.kind == POOR)
    raw["prognosis"][first_poor.id]["present"] = False
    assert len(present(raw, POOR)) == 2 and len(present(raw, LIKELY)) == 2


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_worksheet_is_neither_printed_nor_filed(fmt):
    from reportgen.render.docx import render_docx
    from reportgen.render.html import render_html
    from reportgen.render.pdf import render_pdf

    case = load_case(with_worksheet())
    assert case["prognosis"]
    html = render_html(case, as_of=dt.date(2026, 11, 19))
    assert "Evidence-7Q" not in html and "prognosis" not in html.lower()
    data = (render_pdf if fmt == "pdf" else render_docx)(case, as_of=dt.date(2026, 11, 19))
    filed = extract_case_bytes(data)
    assert filed.get("prognosis") is None
    assert b"Evidence-7Q" not in data


def test_cp116_warns_with_several_poor_signs_and_no_family_and_never_objects():
    raw = with_worksheet(poor=3)
    raw["children"][0]["placement"]["caregiver_permanency_willingness"] = "unsure"
    raw["children"][0]["concurrent_plan"]["prospective_family"] = None
    findings = [f for f in check(load_case(raw)) if f.code == "CP116"]
    assert len(findings) == 1 and findings[0].severity == "warn"
    assert findings[0].fields[0].startswith("children[0].concurrent_plan")
    assert not [f for f in check(load_case(with_worksheet(poor=2))) if f.code == "CP116"]


def test_the_concurrent_plan_step_shows_the_counts_and_nothing_when_unanswered():
    assert worksheet_note({}) == ""
    note = worksheet_note(with_worksheet(poor=3, likely=1))
    assert "3 signs of a poor prognosis" in note and "1 sign that reunification is likely" in note
    assert "not printed" in note
