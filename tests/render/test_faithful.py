"""The printed report states every answer as given.

* Every value of every closed field (walked from the schema's ``OneOf``
  validators, so a new field or value is covered without editing this file;
  the report prints from one-child views, so the fields are walked by their
  view paths, and every 2.0 field is one of them) prints in words: set on the complete example, its words appear in the report
  more often than when the field is left unanswered, and "Not stated" appears
  nowhere, because the complete example answers everything. The HTML (the
  words the PDF prints, and what the clerk's check compares) is checked for
  every value; the DOCX and the PDF for all values too, batched so that each
  render carries one value of every field.
* Willingness and assessment are printed beside the person they belong to.
* The timeline is judged on the report's own date, not the day of rendering,
  and steps the report records as done are not flagged.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import subprocess
import tempfile
import zipfile
from html import unescape
from typing import Any

import pytest
from marshmallow import Schema, fields, validate

from reportgen.family import CHILD_FIELDS
from reportgen.intake.report import printed_as_of
from reportgen.intake.words import html_text
from reportgen.render import words as w
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.html import html_from_context
from reportgen.render.pdf import render_pdf
from reportgen.render.templates import resolve_template_dir
from reportgen.schema import CaseSchema, CaseSchemaV1, dump_case, load_case
from tests.conftest import BASE_CASE, read_json

REPORT_DATE = dt.date(2026, 11, 19)


def closed_fields(schema: Schema) -> dict[str, tuple[Any, ...]]:
    """Every field with a closed set of values, by schema path (lists as ``name[]``)."""
    out: dict[str, tuple[Any, ...]] = {}

    def walk(schema: Schema, prefix: str) -> None:
        for name, field in schema.fields.items():
            path, inner = f"{prefix}{name}", field
            if isinstance(field, fields.List):
                path, inner = path + "[]", field.inner
            for v in inner.validators:
                if isinstance(v, validate.OneOf):
                    out[path] = tuple(v.choices)
            if isinstance(inner, fields.Nested):
                walk(inner.schema, path + ".")

    walk(schema, "")
    return out


def view_path(path: str) -> str:
    """The path in a child's one-child view (what the report prints from) of a 2.0
    path: ``children[].placement.type`` -> ``placement.type``, ``children[].recommended.x``
    -> ``recommended.x`` (the child's orders over the family's), ``children[].name`` -> ``child.name``."""
    if not path.startswith("children[]."):
        return path
    rest = path.removeprefix("children[].")
    return f"child.{rest}" if rest.split(".")[0] in CHILD_FIELDS else rest


#: The closed fields by the paths of the one-child view (every 1.0 path is one).
CLOSED = closed_fields(CaseSchemaV1())
VALUES = [(path, value) for path, values in CLOSED.items() for value in values]


def test_every_closed_field_of_2_0_is_a_view_path_with_the_same_values():
    # a review's family-wide answers and the last report's snapshot exist only in 2.0 (review reports)
    family = {p: v for p, v in closed_fields(CaseSchema()).items() if not p.startswith(("review.", "previous_report."))}
    for path, values in family.items():
        assert CLOSED.get(view_path(path)) == values, path
    assert {view_path(p) for p in family} == set(CLOSED)


def test_every_closed_field_and_value_has_words():
    assert all(w.enum_of(path) for path in CLOSED)
    for path, values in CLOSED.items():
        table = w.table()["enums"][w.enum_of(path)]
        assert set(table) == {str(v) for v in values}, path
        assert all(isinstance(text, str) and text.strip() for text in table.values()), path


# --- setting one value on the complete example ---------------------------------------------


def put(raw: dict[str, Any], path: str, value: Any, index: int = 0) -> None:
    """Set ``path`` in raw case JSON, in element ``index`` of a list."""
    node: Any = raw
    parts = path.replace("[]", f".{index}").split(".")
    for part in parts[:-1]:
        key: Any = int(part) if part.isdigit() else part
        if isinstance(node, dict) and node.get(key) is None:
            node[key] = {}
        node = node[key]
    node[int(parts[-1]) if parts[-1].isdigit() else parts[-1]] = value


#: What a value asks the report to hold besides itself, so that the case stays
#: valid and complete: a bypass has its ground and no services, an Indian child
#: has active efforts and an expert witness, APPLA has its compelling reason.
COMPANIONS: dict[tuple[str, Any], dict[str, Any]] = {
    ("parents[].reunification.recommended", "bypass"): {
        "parents[].reunification.services": None,
        "parents[].reunification.bypass": {"subdivision": "(b)(10)", "facts": "Services to a sibling ended in 2024.",
                                           "parent_notified_date": "2026-11-10"},
    },
    ("parents[].reunification.recommended", "not_applicable"): {
        "parents[].reunification.services": None,
        "parents[].reunification.not_applicable_reason": "The parent has died.",
    },
    ("concurrent_plan.goal", "appla"): {"concurrent_plan.appla_compelling_reason": "She is 17 and refuses adoption."},
    ("concurrent_plan.goal", "other"): {"concurrent_plan.goal_other": "Long-term foster care"},
}
for _willing in ("yes_adopt", "yes_guardianship", "no", "unsure", "not_asked"):
    # a family that is not the caregiver, so that its answer is its own sentence (the
    # caregiver's sentence is left out when the family is the caregiver and answers alike)
    COMPANIONS[("concurrent_plan.prospective_family.willingness", _willing)] = {
        "concurrent_plan.prospective_family.name": "the Okafor family",
        "concurrent_plan.prospective_family.is_current_caregiver": False,
    }
for _status in ("reason_to_know", "indian_child"):
    COMPANIONS[("child.indian_status", _status)] = {
        "icwa.active_efforts": "Daily contact with the tribe's ICWA worker.",
        "icwa.qew": {"name": "Dr. Lee", "qualifications": "Tribal elder."},
        "placement.icwa_placement_preference_compliance": "Placed with an extended family member.",
    }


#: Values a disposition report never prints: they belong to a review report (WIC §§366.1,
#: 366.21(c)), so they are set on the complete example carried to the six-month review.
REVIEW_ONLY = ("child.review.", "parents[].reunification.services[].status")


def review_only(path: str) -> bool:
    return path.startswith(REVIEW_ONLY)


for _path, _values in CLOSED.items():
    if review_only(_path):
        for _value in (*_values, None):  # None too: the report it is compared with is a review as well
            COMPANIONS[(_path, _value)] = {"court.hearing_type": "six_month_review"}


def answer_the_review(raw: dict[str, Any], assigned: set[str]) -> None:
    """A review report's own questions answered where the example leaves them open (never
    a place the test sets, ``assigned``: concrete paths such as ``parents.0.reunification.services.0.status``): each service's status and progress and each parent's visits
    since the last report, the child's recommendation, prognosis and detriment, the
    efforts toward permanence; so that "Not stated" appears nowhere, as in a disposition."""
    def fill(node: dict[str, Any], key: str, place: str, value: Any) -> None:
        if place not in assigned and node.get(key) is None:
            node[key] = value

    for i, parent in enumerate(raw["parents"]):
        if (parent.get("reunification") or {}).get("recommended") != "services":
            continue
        for n, service in enumerate(parent["reunification"].get("services") or []):
            fill(service, "status", f"parents.{i}.reunification.services.{n}.status", "ongoing")
            fill(service, "progress", "", "Attends every week; the provider reports steady progress.")
        visits = parent.setdefault("visitation", {})
        fill(visits, "period_summary", "", "Every visit was attended; the child is happy to see the parent.")
        fill(visits, "liberalized", "", True)
    review = raw["child"].setdefault("review", {})
    fill(review, "recommendation", "child.review.recommendation", "continue_services")
    fill(review, "prognosis", "", "Good: both parents engage and the child wants to go home.")
    fill(review, "detriment", "", "Return now would expose the child to the violence not yet addressed.")
    fill(raw["concurrent_plan"], "permanence_efforts", "", "The aunt's home study was updated.")


def case_with(assignments: list[tuple[str, Any]], index: int = 0,
              indexes: dict[str, int] | None = None) -> dict[str, Any]:
    """The complete example with each value set (in list element ``index``, or the
    element ``indexes`` names for a path) with its companions; a companion never
    replaces a value the test sets. A review report answers a review's own questions."""
    raw = read_json(BASE_CASE)
    at = {path: (indexes or {}).get(path, index) for path, _ in assignments}
    for path, value in assignments:
        put(raw, path, value, at[path])
        for other, extra in COMPANIONS.get((path, value), {}).items():
            if other not in at:
                put(raw, other, copy.deepcopy(extra), at[path])
    if raw["court"].get("hearing_type") not in (None, "disposition"):
        answer_the_review(raw, {path.replace("[]", f".{i}") for path, i in at.items()})
        # the review hearing's own date is 2.0's (review.hearing_date): the example as 2.0 holds it
        raw = dump_case(load_case(raw))
        raw["review"] = {"hearing_date": "2027-05-20"}
    return load_case(raw)


def element_for(path: str, value: Any) -> int:
    """The list element to set: one that already holds ``value`` if any (so that
    setting it makes no two parents share a role, which changes how the report
    names them and so how often a role's words appear), else the first."""
    if "[]" not in path:
        return 0
    head, _, rest = path.partition("[]")
    items = read_json(BASE_CASE)
    for part in head.split("."):
        items = items[part]
    for i, item in enumerate(items):
        node: Any = item
        for part in rest.strip(".").split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node == value:
            return i
    return 0


def squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def html_of(case: dict[str, Any]) -> str:
    return squash(html_text(html_from_context(build_context(case, REPORT_DATE), resolve_template_dir(None))))


def words_for(path: str, value: Any) -> list[str]:
    """The words a value may print as: its words in ``enums``, and the fixed part
    of its sentence form in ``clauses`` (the longest text between placeholders)."""
    enum = w.enum_of(path)
    assert enum is not None
    out = [w.enum_word(enum, value)]
    clause = w.table()["clauses"].get(enum, {}).get(str(value))
    if clause:
        out.append(max(re.split(r"\{[a-z_]+\}", clause), key=len).strip(" .,"))
    return [squash(x) for x in out if x.strip()]


@pytest.mark.parametrize(("path", "value"), VALUES, ids=[f"{p}={v}" for p, v in VALUES])
def test_every_value_prints_in_words_and_never_as_not_stated(path, value):
    index = element_for(path, value)
    text = html_of(case_with([(path, value)], index))
    unanswered = html_of(case_with([(path, None)], index))
    gained = [x for x in words_for(path, value) if text.count(x) > unanswered.count(x)]
    assert gained, f"{path}={value!r}: none of {words_for(path, value)} printed"
    assert "not stated" not in text
    assert "the report is silent" not in text


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return squash(unescape(re.sub(r"<[^>]+>", " ", re.sub(r"</w:p>", "\n", xml))))


def pdf_raw_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def pdf_text(data: bytes) -> str:
    # A word broken at a line end ("re-\nlative") is one word again.
    return squash(re.sub(r"(?<=\w)-\n(?=\w)", "", pdf_raw_text(data)))


ROUNDS = max(len(values) for values in CLOSED.values())
#: In the rounds, a service's status is set on the second parent's second service: the first
#: parent's recommendation is bypass in some rounds, and then that parent has no services.
ROUND_INDEXES = {"parents[].reunification.services[].status": 1}


def round_values(k: int) -> list[tuple[str, Any]]:
    """Round ``k``: the k-th value of every closed field (wrapping around); in a round
    on a disposition report the values only a review report prints are left out."""
    chosen = [(path, values[k % len(values)]) for path, values in CLOSED.items()]
    if dict(chosen)["court.hearing_type"] == "disposition":
        chosen = [(path, value) for path, value in chosen if not review_only(path)]
    return chosen


def test_the_rounds_cover_every_value():
    assert {pair for k in range(ROUNDS) for pair in round_values(k)} == set(VALUES)


@pytest.mark.parametrize("k", range(ROUNDS))
def test_docx_and_pdf_print_the_same_words(k):
    """Round ``k`` sets the k-th value of every closed field at once: eight renders of
    each format cover every value (test_the_rounds_cover_every_value). Each value's
    words appear in both formats at least as often as the HTML prints them."""
    chosen = round_values(k)
    case = case_with(chosen, indexes=ROUND_INDEXES)
    html = html_of(case)
    docx = docx_text(render_docx(case, as_of=REPORT_DATE))
    pdf = pdf_text(render_pdf(case, as_of=REPORT_DATE))
    for path, value in chosen:
        for x in words_for(path, value):
            assert docx.count(x) >= html.count(x), (path, value, x)
            assert pdf.count(x) >= html.count(x), (path, value, x)
        assert any(x in html for x in words_for(path, value)), (path, value)
    for text in (docx, pdf):
        assert "not stated" not in text


# --- free text is printed as typed ----------------------------------------------------------


@pytest.mark.parametrize("typed", ["None", "N/A", "Unknown", "Pending", "No visits", "TBD"])
def test_free_text_prints_as_typed(typed):
    raw = read_json(BASE_CASE)
    raw["child"]["health"]["medications"] = typed
    raw["parents"][0]["visitation"]["frequency"] = typed
    raw["siblings"][0]["relationship_description"] = typed
    text = html_of(load_case(raw))
    assert f"medications: {typed}".casefold() in text
    assert f"frequency: {typed}".casefold() in text
    assert f"relationship: {typed}".casefold() in text
    assert "not stated" not in text


def test_not_stated_only_where_never_answered():
    raw = read_json(BASE_CASE)
    raw["parents"][1]["whereabouts_known"] = None
    raw["placement"]["caregiver"]["approved"] = None
    text = html_of(load_case(raw))
    assert "not stated: whether the presumed father's whereabouts are known." in text
    assert "not stated: whether the caregiver is approved to care for the child." in text
    assert text.count("not stated") == 2


# --- willingness beside the person it belongs to -----------------------------------------


def plan_paragraph(raw: dict[str, Any]) -> str:
    ctx = build_context(load_case(raw), REPORT_DATE)
    plan = next(s for s in ctx["sections"] if s["id"] == "concurrent_plan")
    return plan["blocks"][0]["text"]


def test_a_caregivers_refusal_is_printed_with_the_caregiver_not_the_family():
    raw = read_json(BASE_CASE)
    raw["placement"]["caregiver"] = {"name": "Dana Whitlock", "relationship": "foster parent",
                                     "is_relative": False, "approved": True}
    raw["placement"]["type"] = "resource_family"
    raw["placement"]["caregiver_permanency_willingness"] = "no"
    raw["concurrent_plan"]["prospective_family"] = {"name": "the Okafor family", "relationship": "family friends",
                                                    "is_current_caregiver": False, "includes_siblings": True}
    text = plan_paragraph(raw)
    sentences = [s for s in re.split(r"(?<=\.) ", text) if s]
    refusal = next(s for s in sentences if "not willing" in s)
    assert refusal == ("The current caregiver, Dana Whitlock (foster parent), is not willing to provide a "
                       "permanent home.")
    family = next(s for s in sentences if "Okafor" in s)
    assert family == ("The prospective adoptive family is the Okafor family (family friends), not the child's "
                      "current caregiver, who would also give the child's siblings a permanent home.")
    assert "Okafor" not in refusal and "Whitlock" not in family
    ctx = build_context(load_case(raw), REPORT_DATE)
    plan = next(s for s in ctx["sections"] if s["id"] == "concurrent_plan")
    labels = [b.get("label") for b in plan["blocks"]]
    assert "Suitability of the current caregiver, Dana Whitlock, as a permanent home" in labels


def test_the_family_that_is_the_caregiver_is_named_once_with_its_willingness():
    text = plan_paragraph(read_json(BASE_CASE))
    assert "The prospective adoptive family is Teresa Morales (maternal aunt), the child's current caregiver" in text
    assert "The current caregiver, Teresa Morales, is willing to adopt the child." in text


@pytest.mark.parametrize(("goal", "kind"), [("legal_guardianship", "prospective legal guardian"),
                                             ("fit_willing_relative", "fit and willing relative"),
                                             ("appla", "identified permanent family")])
def test_the_family_is_named_for_what_the_plan_makes_it(goal, kind):
    raw = read_json(BASE_CASE)
    raw["concurrent_plan"]["goal"] = goal
    raw["concurrent_plan"]["appla_compelling_reason"] = "Reason."
    assert f"The {kind} is Teresa Morales" in plan_paragraph(raw)


def test_an_unstated_willingness_names_whose_it_is():
    raw = read_json(BASE_CASE)
    raw["placement"]["caregiver_permanency_willingness"] = None
    assert plan_paragraph(raw).endswith(
        "Not stated: whether the current caregiver, Teresa Morales, is willing to provide a permanent home.")


# --- the timeline as of the report's date --------------------------------------------------


@pytest.fixture
def in_2030(monkeypatch):
    """Rendering happens on 2030-01-01: the timeline's clock says so."""
    from reportgen import timeline

    monkeypatch.setattr(timeline, "today", lambda: dt.date(2030, 1, 1))


def timeline_text(ctx: dict[str, Any]) -> str:
    section = next(s for s in ctx["sections"] if s["id"] == "timeline")
    return "\n".join(b.get("text", "") + "\n".join(b.get("lines", [])) for b in section["blocks"])


def test_rendered_in_2030_the_report_is_judged_on_its_own_date(in_2030):
    case = load_case(read_json(BASE_CASE))
    ctx = build_context(case)  # no as_of: the report's date, not the 2030 clock
    text = timeline_text(ctx)
    assert "Dates computed as of November 19, 2026, the report date;" in text
    assert "already past" not in text
    for done in ("done: report dated 2026-11-19", "done: case plan completed 2026-11-17",
                 "done: relatives notified, the last on 2026-10-09", "done: disposition hearing set for 2026-11-24"):
        assert done in text
    printed = pdf_raw_text(render_pdf(case))
    assert "already past" not in printed
    assert printed_as_of(printed) == REPORT_DATE  # what the clerk's check reads back


def test_an_undated_report_is_judged_on_its_hearing_date_and_says_so(in_2030):
    raw = read_json(BASE_CASE)
    raw["court"]["report_date"] = None
    text = timeline_text(build_context(load_case(raw)))
    assert ("Dates computed as of November 24, 2026, the disposition hearing date (the report is not dated);"
            in text)
    # Nothing records an undated report as filed: that deadline, and only that one, is past.
    assert [line.split(":")[0] for line in text.splitlines() if "already past" in line] == [
        "Disposition report filed (latest date) [2]"]


def test_as_of_still_overrides_and_then_names_no_basis(in_2030):
    text = timeline_text(build_context(load_case(read_json(BASE_CASE)), dt.date(2030, 1, 1)))
    assert "Dates computed as of January 1, 2030; each" in text
    # Steps recorded as done stay unflagged; later hearings are not recorded as held.
    assert "Six-month review hearing (latest date) [3]: May 24, 2027 (already past on 2030-01-01" in text
    assert "Case plan completed (latest date): November 24, 2026 (done:" in text


def test_a_case_with_no_dates_at_all_falls_back_to_the_day_of_rendering(in_2030):
    text = timeline_text(build_context(load_case({"schema_version": "1.0"})))
    assert "Dates computed as of January 1, 2030; each" in text


def test_the_case_dates_the_timeline_rests_on_are_printed():
    text = timeline_text(build_context(load_case(read_json(BASE_CASE)), REPORT_DATE))
    assert ("The child was removed on October 2, 2026, without a warrant (WIC §306). Petition filed October 5, "
            "2026; detention hearing October 6, 2026 (the child was detained); jurisdiction hearing November 12, "
            "2026.") in text
