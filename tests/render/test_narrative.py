"""The worker's narrative and the agency's letterhead: the narrative
prints first, as the worker's paragraphs, in the order the county profile
(``section_order`` in words.yml) gives; a narrative never written prints
nothing; the agency heads page one and the signature block."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.intake.words import html_text
from reportgen.render import words as w
from reportgen.render.context import build_context, section_builders
from reportgen.render.html import html_from_context
from reportgen.render.templates import resolve_template_dir
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, read_json
from tests.render.conftest import flat, pages_text

AS_OF = dt.date(2026, 11, 19)
NARRATIVE = ("reason_for_hearing", "detention_jurisdiction_history", "prior_cws_history", "criminal_history",
             "family_background", "assessment")


def context(raw: dict) -> dict:
    return build_context(load_case(raw), AS_OF)


def test_the_profile_orders_every_section_exactly_once():
    order = w.section_order()
    assert sorted(order) == sorted(section_builders(None))
    assert len(order) == len(set(order))
    assert set(order) <= set(w.table()["sections"])


def test_the_narrative_prints_first_in_the_profiles_order():
    ids = [s["id"] for s in context(read_json(BASE_CASE))["sections"]]
    narrative = ["reason_for_hearing", "detention_jurisdiction_history", "statements", "prior_cws_history",
                 "criminal_history", "family_background", "assessment"]
    assert ids[:len(narrative)] == narrative
    assert ids == [key for key in w.section_order() if key in ids]


def test_a_reordered_profile_reorders_the_report(monkeypatch):
    order = w.section_order()
    swapped = [order[6], *order[:6], *order[7:]]  # the assessment first
    monkeypatch.setitem(w.table(), "section_order", swapped)
    ids = [s["id"] for s in context(read_json(BASE_CASE))["sections"]]
    assert ids[0] == "assessment" and ids[1] == "reason_for_hearing"


@pytest.mark.parametrize("field", NARRATIVE)
def test_a_narrative_never_written_prints_nothing_at_all(field):
    raw = read_json(BASE_CASE)
    raw["narrative"][field] = None
    sections = context(raw)["sections"]
    assert field not in [s["id"] for s in sections]
    assert w.section(field)["title"] not in [s["title"] for s in sections]


def test_an_empty_case_has_no_narrative_sections():
    ids = {s["id"] for s in context({"schema_version": "1.0"})["sections"]}
    assert ids.isdisjoint({*NARRATIVE, "statements"})
    assert "findings" in ids  # the structured sections still state their silence


def test_each_line_break_starts_a_paragraph_kept_word_for_word():
    raw = read_json(BASE_CASE)
    raw["narrative"]["assessment"] = "First {{ x }} & <b>.\n\n  Second paragraph.  \nThird."
    section = next(s for s in context(raw)["sections"] if s["id"] == "assessment")
    assert section["blocks"] == [
        {"kind": "text", "label": None, "text": "First {{ x }} & <b>."},
        {"kind": "text", "label": None, "text": "Second paragraph."},
        {"kind": "text", "label": None, "text": "Third."},
    ]


def test_statements_name_the_child_and_each_parent():
    raw = read_json(BASE_CASE)
    section = next(s for s in context(raw)["sections"] if s["id"] == "statements")
    labels = [b["label"] for b in section["blocks"] if b["label"]]
    assert labels == ["Sofia Ramírez — Child", "Elena Ramírez — Mother", "Marco Ramírez — Presumed father"]
    texts = " ".join(b["text"] for b in section["blocks"])
    assert raw["child"]["child_statement"] in texts
    for parent in raw["parents"]:
        assert parent["statement"].split("\n")[0] in texts
    voice = next(s for s in context(raw)["sections"] if s["id"] == "voice")
    assert raw["child"]["child_statement"] not in " ".join(b["text"] for b in voice["blocks"])  # printed once


def test_a_parent_without_a_statement_is_left_out_of_statements():
    raw = read_json(BASE_CASE)
    raw["parents"][1]["statement"] = "   "
    section = next(s for s in context(raw)["sections"] if s["id"] == "statements")
    assert [b["label"] for b in section["blocks"] if b["label"]] == ["Sofia Ramírez — Child", "Elena Ramírez — Mother"]


def test_the_agency_heads_page_one_and_the_signature_block():
    ctx = context(read_json(BASE_CASE))
    expected = {"name": "Sacramento County Department of Child, Family and Adult Services",
                "lines": ["Child Protective Services, Dependency Investigations", "3701 Branch Center Road",
                          "Sacramento, CA 95827", "Telephone (916) 555-0100"]}
    assert ctx["letterhead"] == expected
    assert ctx["signatures"]["agency"] == expected
    worker = ctx["signatures"]["people"][0]
    assert worker["name"] == "Jordan Whitfield, MSW" and "(916) 555-0142" in worker["detail"]


def test_no_agency_no_letterhead():
    raw = read_json(BASE_CASE)
    del raw["agency"]
    ctx = context(raw)
    assert ctx["letterhead"] is None and ctx["signatures"]["agency"] is None
    raw["agency"] = {"phone": "(916) 555-0100"}
    assert context(raw)["letterhead"] == {"name": "", "lines": ["Telephone (916) 555-0100"]}


def test_a_1_0_case_without_the_new_fields_still_loads_and_renders():
    raw = read_json(BASE_CASE)
    for key in ("agency", "narrative"):
        del raw[key]
    for parent in raw["parents"]:
        parent.pop("statement", None)
    ctx = context(raw)
    assert ctx["sections"][0]["id"] == "statements"  # the child's statement alone
    assert ctx["letterhead"] is None


@pytest.mark.parametrize("name", ["01-complete-sibling-group", "04-caregiver-said-no"])
def test_both_formats_print_the_letterhead_on_page_one_and_sign_for_the_agency(rendered, name):
    r = rendered[name]
    agency = r.case["agency"]
    for path in (r.files["pdf"], r.files["office"]):
        pages = [flat(page) for page in pages_text(path)]
        for line in (agency["name"], *agency["address"].split("\n"), agency["phone"]):
            assert line in pages[0], (path.name, line)
        signed = next(page for page in pages if "Respectfully submitted," in page)
        assert agency["name"] in signed[signed.index("Respectfully submitted,"):]


_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), max_size=40)


@settings(max_examples=40, deadline=None)
@given(field=st.sampled_from(NARRATIVE), lines=st.lists(_LINE, min_size=1, max_size=5))
def test_any_narrative_prints_each_line_as_a_paragraph_in_order(field, lines):
    """Whatever the worker types (markup, braces, accents, blank lines), each
    non-blank line is one paragraph, word for word and in order, in the words
    the clerk's check compares (the HTML the PDF prints)."""
    raw = read_json(BASE_CASE)
    raw["narrative"] = {field: "\n".join(lines)}
    case = load_case(raw)
    stored = [line.strip() for line in case["narrative"][field].split("\n") if line.strip()]
    ctx = build_context(case, AS_OF)
    section = next((s for s in ctx["sections"] if s["id"] == field), None)
    if not stored:
        assert section is None
        return
    assert section is not None and [b["text"] for b in section["blocks"]] == stored
    printed = " ".join(html_text(html_from_context(ctx, resolve_template_dir(None))).split())
    title = printed.index(section["title"])
    at = title
    for paragraph in stored:
        at = printed.index(" ".join(paragraph.split()), at)
