"""The review examples (examples/reviews/): each example's six-month review made from
its disposition report's PDF with only the new facts entered, and a twelve-month
one made from the six-month's PDF (scripts/make_reviews.py). They are current,
they say what was declared, and they render and verify like the disposition reports.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from reportgen.intake import verify_path
from reportgen.intake.result import PASS, PASSED
from reportgen.render import words as w
from reportgen.render.docx import render_docx
from reportgen.rules import check
from reportgen.schema import load_case
from reportgen.sources import raw_case_from_bytes
from tests.conftest import EXAMPLES, ROOT
from tests.render.conftest import office_convert, pdftotext
from tests.render.test_rendered_examples import docx_text

HINT = "examples/reviews is stale: run .venv/bin/python scripts/make_reviews.py"
REVIEWS = EXAMPLES / "reviews"
EXPECTED = yaml.safe_load((REVIEWS / "expected_findings.yml").read_text(encoding="utf-8"))


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_reviews", ROOT / "scripts" / "make_reviews.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _script()
REPORTS = [(name, stage, hearing, after) for name in MAKE.names() for stage, hearing, after in MAKE.STAGES]
IDS = [f"{name[:2]}-{stage}" for name, stage, _, _ in REPORTS]


def stem(name: str, stage: str) -> str:
    return f"{name}-{stage}"


def committed(name: str, stage: str) -> dict[str, Any]:
    return json.loads(MAKE.target(name, stage, ".json").read_text(encoding="utf-8"))


def test_every_example_has_both_reviews_and_nothing_else():
    names = MAKE.names()
    assert len(names) == 9
    wanted = {stem(n, s) for n, s, _, _ in REPORTS}
    assert {p.stem for p in REVIEWS.glob("*.json")} == wanted, HINT
    assert {p.name for p in MAKE.RENDERED.iterdir()} == {f"{s}{x}" for s in wanted for x in (".pdf", ".docx")}, HINT
    assert {p.stem for p in MAKE.FACTS.glob("*.yml")} == {f"{n[:2]}-{s}" for n, s, _, _ in REPORTS}
    assert set(EXPECTED) == wanted


@pytest.mark.parametrize(("name", "stage", "hearing", "after"), REPORTS, ids=IDS)
def test_regenerating_reproduces_the_committed_case(name, stage, hearing, after):
    """next-report from the committed PDF before it, plus the new facts, gives the committed file."""
    source = MAKE.source_of(name, after)
    made = MAKE.review_case(source, hearing, MAKE.facts_of(name, stage))
    assert MAKE.case_text(made) == MAKE.target(name, stage, ".json").read_text(encoding="utf-8"), HINT
    previous = made["previous_report"]
    assert previous["digest"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert previous["hearing_type"] == ("disposition" if after is None else "six_month_review")
    assert made["court"]["hearing_type"] == hearing


@pytest.mark.parametrize(("name", "stage"), [(n, s) for n, s, _, _ in REPORTS], ids=IDS)
def test_the_new_facts_are_only_what_the_review_asks_anew(name, stage):
    """The facts never restate the case: no court other than the report's date and time,
    no agency, no worker, no dates of the case, no new child."""
    facts = MAKE.facts_of(name, stage)
    assert set(facts) <= {"court", "summary", "review", "parents", "children", "relatives", "icwa", "recommended"}
    assert set(facts["court"]) <= {"report_date", "hearing_time"}
    ids = {c["id"] for c in committed(name, stage)["children"]}
    assert {c["id"] for c in facts.get("children") or []} <= ids


@pytest.mark.parametrize(("name", "stage"), [(n, s) for n, s, _, _ in REPORTS], ids=IDS)
def test_the_findings_are_the_declared_ones(name, stage):
    case = load_case(committed(name, stage))
    assert sorted({f.code for f in check(case)}) == EXPECTED[stem(name, stage)]


@pytest.mark.parametrize(("name", "stage"), [(n, s) for n, s, _, _ in REPORTS], ids=IDS)
def test_the_clerk_verifies_each_pdf(name, stage):
    """Every check of reportgen verify passes (the words on the pages are those of the
    embedded data, re-rendered), the embedded data is the committed case, and the
    caption's hearing date is the review hearing's."""
    pdf = MAKE.target(name, stage, ".pdf")
    case = committed(name, stage)
    result = verify_path(pdf)
    assert [(c.name, c.reason) for c in result.checks if c.status != PASS] == []
    assert result.result == PASSED
    objections = [f for f in check(load_case(case)) if f.severity == "object"]
    assert result.open_objections == len(objections)
    assert result.hearing_date == case["review"]["hearing_date"]
    assert load_case(raw_case_from_bytes(pdf.read_bytes(), pdf.name)) == load_case(case)


@pytest.mark.parametrize(("name", "stage"), [(n, s) for n, s, _, _ in REPORTS], ids=IDS)
def test_each_pdf_is_the_review_report_with_its_sections(name, stage):
    case = committed(name, stage)
    text = " ".join(pdftotext(MAKE.target(name, stage, ".pdf")).split())
    review = w.table()["review"]
    assert review["titles"][case["court"]["hearing_type"]] in text
    for key in ("changes", "review_services", "review_visitation", "prognosis", "permanence_efforts", "clock"):
        assert review["section_titles"][key] in text, key
    # a review adds no "Not stated" to what the report it came from left unanswered
    before = pdftotext(EXAMPLES / "rendered" / f"{name}.pdf")
    assert text.count("Not stated") <= before.count("Not stated")


@pytest.fixture(scope="module")
def office() -> dict[str, str]:
    """Every committed review DOCX converted to PDF by one LibreOffice run: its text by stem."""
    with tempfile.TemporaryDirectory(prefix="reportgen-reviews-") as folder:
        out = Path(folder)
        office_convert([MAKE.target(n, s, ".docx") for n, s, _, _ in REPORTS], out / "office", out / "profile")
        return {p.stem: pdftotext(p) for p in (out / "office").glob("*.pdf")}


@pytest.mark.parametrize(("name", "stage"), [(n, s) for n, s, _, _ in REPORTS], ids=IDS)
def test_each_docx_is_current_and_opens_in_libreoffice(office, name, stage):
    case = load_case(committed(name, stage))
    docx = MAKE.target(name, stage, ".docx")
    assert docx_text(docx.read_bytes()) == docx_text(render_docx(case, as_of=case["court"]["report_date"])), HINT
    pages = [p for p in office[stem(name, stage)].split("\f") if p.strip()]
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert w.table()["review"]["titles"][case["court"]["hearing_type"]] in " ".join(pages[0].split())
