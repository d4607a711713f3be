"""The one context both renderers read: its word table matches the schema, it
states gaps instead of inventing text, and it passes narratives through exactly."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reportgen.render import words as w
from reportgen.render.context import build_context
from reportgen.render.sections import isolate
from reportgen.schema import CaseSchemaV1, load_case, schema_paths
from tests.conftest import BASE_CASE, read_json

AS_OF = dt.date(2026, 11, 19)


def test_every_label_names_a_real_field():
    # the report prints from one-child views: labels are keyed by their paths
    assert set(w.table()["labels"]) - schema_paths(CaseSchemaV1()) == set()


def test_enum_values_are_stated_in_words_beside_their_person():
    ctx = build_context(load_case(read_json(BASE_CASE)), AS_OF)
    texts = [b["text"] for s in ctx["sections"] for b in s["blocks"] if b["kind"] == "text"]
    assert "The current caregiver, Teresa Morales, is willing to adopt the child." in " ".join(texts)
    assert any(t.startswith("The concurrent plan is adoption.") for t in texts)
    assert any("The placement is a relative placement." in t for t in texts)
    assert any("The mother lived with the child when the events in the petition happened, is not incarcerated "
               "and is not in residential treatment." in t for t in texts)


def test_an_empty_case_is_silent_and_invents_nothing():
    ctx = build_context(load_case({"schema_version": "1.0"}), AS_OF)
    for section in ctx["sections"]:
        if section["id"] == "timeline":  # every statutory date says what it is missing
            rows = next(b for b in section["blocks"] if b["kind"] == "table")["rows"]
            assert all(row[1].startswith("Cannot be computed; missing:") for row in rows)
            continue
        assert section["blocks"] == []
        assert section["silent"] == f"The report is silent on {w.section(section['id'])['topic']}."
    assert ctx["caption"]["in_re"] is None
    assert {r["value"] for r in ctx["caption"]["rows"]} == {"Not stated."}
    assert (ctx["appendix"] is None) == (not ctx["draft"]["active"])


def test_narratives_pass_through_exactly():
    raw = read_json(BASE_CASE)
    raw["summary"] = "  Line one.\n\nLine two with {{ braces }} & <tags>.  "
    ctx = build_context(load_case(raw), AS_OF)
    summary = next(s for s in ctx["sections"] if s["id"] == "summary")
    assert summary["blocks"] == [{"kind": "text", "label": None, "text": raw["summary"]}]


def test_placeholders_typed_as_text_print_as_typed_and_the_rules_still_see_silence():
    raw = read_json(BASE_CASE)
    raw["summary"] = "N/A"
    raw["relatives"]["grandparent_visitation"] = "TBD"
    ctx = build_context(load_case(raw), AS_OF)
    sections = {s["id"]: s for s in ctx["sections"]}
    assert sections["summary"]["silent"] is None
    assert sections["summary"]["blocks"] == [{"kind": "text", "label": None, "text": "N/A"}]
    assert sections["grandparents"]["blocks"] == [{"kind": "text", "label": None, "text": "TBD"}]
    # "TBD" is no factual discussion (WIC §358.1(c)): the rule still objects.
    assert "relatives.grandparent_visitation" in {p for f in ctx["findings"] for p in f["fields"]}


def test_stated_no_siblings_is_not_silence():
    raw = read_json(BASE_CASE)
    raw["has_siblings"], raw["siblings"] = False, []
    siblings = next(s for s in build_context(load_case(raw), AS_OF)["sections"] if s["id"] == "siblings")
    assert siblings["silent"] is None
    assert siblings["blocks"][0]["text"] == "The report states that the child has no siblings."


def test_draft_counts_objections():
    raw = read_json(BASE_CASE)
    raw["concurrent_plan"] = None
    ctx = build_context(load_case(raw), AS_OF)
    objections = [f for f in ctx["findings"] if f["severity"] == "object"]
    assert objections and ctx["draft"]["active"]
    n = len(objections)
    assert ctx["draft"]["mark"] == f"DRAFT — {n} objection{'s' if n != 1 else ''} outstanding"
    assert [e["heading"].split()[0] for e in ctx["appendix"]["entries"]] == [f["code"] for f in objections]


def test_isolation_only_where_direction_can_change():
    assert isolate("Sofia Ramírez") == "Sofia Ramírez"
    assert isolate("ليلى حسن") == "\u2068ليلى حسن\u2069"
    assert isolate("Ana \u202eX") == "\u2068Ana \u202eX\u202c\u2069"  # the override closed inside


@pytest.mark.parametrize("example", sorted((BASE_CASE.parent).glob("*.json")), ids=lambda p: p.stem)
def test_a_tables_lines_carry_every_cell_of_its_rows(example):
    # The DOCX prints a table's rows, the PDF its lines: both must say the same.
    case = load_case(read_json(example))
    ctx = build_context(case, case["court"].get("report_date"))
    tables = [b for s in ctx["sections"] for b in s["blocks"] if b["kind"] == "table"]
    assert tables, "every example has at least the timeline"
    for block in tables:
        assert len(block["lines"]) == len(block["rows"]), block["name"]
        for row, line in zip(block["rows"], block["lines"], strict=True):
            for cell in row:
                for part in filter(None, cell.split("\n")):
                    assert part in line, (block["name"], part, line)


def test_a_line_names_the_column_of_each_further_cell():
    from reportgen.render.sections import table_block

    block = table_block("steps", "Steps", ["Step", "Responsible", "Due"],
                        [["Home study", "Adoptions worker", "March 31, 2027"], ["Visit", "", "May 1, 2027"]])
    assert block["lines"] == ["Home study — Responsible: Adoptions worker; Due: March 31, 2027",
                              "Visit — Due: May 1, 2027"]


def test_a_fact_without_a_value_prints_its_label_alone():
    from reportgen.render.html import html_from_context
    from reportgen.render.templates import resolve_template_dir

    raw = read_json(BASE_CASE)
    raw["attachments"].append({"title": "Genogram"})
    case = load_case(raw)
    html = html_from_context(build_context(case, AS_OF), resolve_template_dir(None))
    # the block's facts run on in one paragraph; the label alone ends its sentence
    paragraph = re.search(r'<p class="run-in">([^<]*Genogram[^<]*)</p>', html)
    assert paragraph is not None
    assert "Case plan: Signed by both parents on 2026-11-17." in paragraph.group(1)
    assert paragraph.group(1).endswith(" Genogram.")
    assert "Genogram:" not in html
