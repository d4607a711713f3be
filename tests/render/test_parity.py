"""Both formats carry the same facts, and both carry the case back out.

Parity: for every example, the text of the PDF and the text LibreOffice gets
from the DOCX each hold the names, dates, concurrent-plan goal, every service
and every sibling of the case, the agency's letterhead and every paragraph of
the worker's narrative (and the same section titles, in the same order). Round trip: the case embedded in either file
gives exactly the findings of the JSON it was rendered from, also through
``reportgen check``.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from reportgen.case import Case
from reportgen.cli import main
from reportgen.render import words as w
from reportgen.render.embed import extract_case_bytes
from reportgen.rules import check
from reportgen.schema import load_case
from tests.render.conftest import EXAMPLE_FILES, EXAMPLE_NAMES, flat, pdftotext


def facts(case: dict) -> list[str]:
    """What a reader must find in either format, taken from the case itself."""
    c = Case(case)
    out = [c.get("child.name"), c.get("court.case_number")]
    for key in ("dates.disposition_hearing_date", "court.report_date", "placement.date_placed"):
        if c.get(key):
            out.append(w.fmt_date(c.get(key)))
    goal = c.get("concurrent_plan.goal")
    if goal:
        out.append(w.clause("plan_goal", goal))  # as the plan's sentence says it
    out.append(c.get("placement.caregiver.name"))
    for _, parent in c.items("parents"):
        out.append(parent.get("name"))
        for service in (parent.get("reunification") or {}).get("services") or []:
            out += [service.get("service"), service.get("provider")]
    for _, sibling in c.items("siblings"):
        out.append(sibling.get("name"))
        if sibling.get("dob"):
            out.append(w.fmt_date(sibling["dob"]))
    for _, relative in c.items("relatives.people"):
        out.append(relative.get("name"))
    agency = c.get("agency") or {}  # the letterhead and the signature block
    out += [agency.get("name"), agency.get("phone"), *(agency.get("address") or "").split("\n")]
    narratives = [*(c.get("narrative") or {}).values(), c.get("child.child_statement")]
    narratives += [parent.get("statement") for _, parent in c.items("parents")]
    for text in narratives:  # every paragraph of the worker's narrative, word for word
        out += (text or "").split("\n")
    return [flat(x) for x in out if x and x.strip()]


def body(text: str, context: dict) -> str:
    """The text without the running header and footer, so a paragraph that
    crosses a page break reads as one, flattened."""
    for repeated in (context["running"], context["notice"], context["title"], context["draft"]["mark"]):
        if repeated:
            text = text.replace(repeated, " ")
    return flat(re.sub(r"Page \d+ of \d+", " ", text))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pdf_and_docx_carry_the_same_facts(rendered, name):
    r = rendered[name]
    wanted = facts(r.case)
    assert len(wanted) > 8
    pdf_text = body(pdftotext(r.files["pdf"], "-raw"), r.context)
    docx_text = body(pdftotext(r.files["office"], "-raw"), r.context)
    assert [f for f in wanted if f not in pdf_text] == []
    assert [f for f in wanted if f not in docx_text] == []
    for section in r.context["sections"]:  # same sections, and the same silences
        for text in (pdf_text, docx_text):
            assert section["title"] in text
            if section["silent"]:
                assert section["silent"] in text
    titles = [s["title"] for s in r.context["sections"]]
    for text in (pdf_text, docx_text):  # in the profile's order: each title after the one before
        at = 0
        for title in titles:
            at = text.find(title, at)
            assert at >= 0, f"{title!r} does not follow the sections before it"
            at += len(title)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_embedded_case_gives_the_same_findings(rendered, name, fmt):
    r = rendered[name]
    embedded = extract_case_bytes(getattr(r, fmt))
    expected = [f.as_dict() for f in check(load_case(r.raw))]
    assert [f.as_dict() for f in check(load_case(embedded))] == expected
    assert load_case(embedded) == r.case


@pytest.mark.parametrize("path", EXAMPLE_FILES[:3], ids=lambda p: p.stem)
def test_reportgen_check_reads_reports_back(rendered, path):
    r = rendered[path.stem]
    runner = CliRunner()
    source = runner.invoke(main, ["check", str(path), "--json"])
    for fmt in ("pdf", "docx"):
        result = runner.invoke(main, ["check", str(r.files[fmt]), "--json"])
        assert result.exit_code == source.exit_code, result.output
        assert json.loads(result.output) == json.loads(source.output)
