"""The one context both renderers read: its word table matches the schema, it
states gaps instead of inventing text, and it passes narratives through exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen import schema
from reportgen.render import words as w
from reportgen.render.context import build_context
from reportgen.render.sections import isolate
from reportgen.schema import load_case, schema_paths
from tests.conftest import BASE_CASE, read_json

AS_OF = dt.date(2026, 11, 19)

ENUMS = {
    "hearing_type": schema.HEARING_TYPES,
    "removal_authority": schema.REMOVAL_AUTHORITIES,
    "indian_status": schema.INDIAN_STATUSES,
    "parent_role": schema.PARENT_ROLES,
    "reunification": schema.REUNIFICATION_RECOMMENDATIONS,
    "supervision": schema.SUPERVISION_LEVELS,
    "placement_type": schema.PLACEMENT_TYPES,
    "willingness": schema.CAREGIVER_WILLINGNESS,
    "relative_interest": schema.RELATIVE_INTEREST,
    "assessment_status": schema.ASSESSMENT_STATUSES,
    "plan_goal": schema.PLAN_GOALS,
    "icwa_person_type": schema.ICWA_PERSON_TYPES,
    "icwa_answer": schema.ICWA_ANSWERS,
    "disposition_option": schema.DISPOSITION_OPTIONS,
    "sibling_group_rule": schema.SIBLING_GROUP_RULE,
}


def test_every_label_names_a_real_field():
    assert set(w.table()["labels"]) - schema_paths() == set()


@pytest.mark.parametrize("enum", sorted(ENUMS))
def test_every_stored_value_has_words(enum):
    words = w.table()["enums"][enum]
    assert set(words) == {str(v) for v in ENUMS[enum]}
    assert all(isinstance(text, str) and text for text in words.values())


def test_enum_values_are_shown_in_words():
    ctx = build_context(load_case(read_json(BASE_CASE)), AS_OF)
    rows = {r["label"]: r["value"] for s in ctx["sections"] for b in s["blocks"] if b["kind"] == "facts"
            for r in b["rows"]}
    assert rows["Caregiver's willingness to provide a permanent home"] == "Willing to adopt"
    assert rows["Goal"] == "Adoption"
    assert rows["Placement type"] == "Relative"


def test_an_empty_case_is_silent_and_invents_nothing():
    ctx = build_context(load_case({"schema_version": "1.0"}), AS_OF)
    for section in ctx["sections"]:
        if section["id"] == "timeline":  # every statutory date says what it is missing
            rows = section["blocks"][1]["rows"]
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


def test_placeholders_are_not_answers():
    raw = read_json(BASE_CASE)
    raw["summary"] = "N/A"
    raw["relatives"]["grandparent_visitation"] = "TBD"
    ctx = build_context(load_case(raw), AS_OF)
    silent = {s["id"]: s["silent"] for s in ctx["sections"]}
    assert silent["summary"] == "The report is silent on a summary of the case."
    assert silent["grandparents"] == "The report is silent on grandparent visitation."


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
    assert '<p class="fact">Genogram</p>' in html
    assert '<p class="fact">Case plan: Signed by both parents on 2026-11-17.</p>' in html
