"""Every field of the case model is printed in the report, or is listed here as
deliberately not printed, with the reason.

The schema (``CaseSchema``, 2.0) is walked, so a field added to it fails this
test until the report prints it or :data:`NOT_PRINTED` says why it does not
(before, a new field could silently never print). On the three-child report
(tests/fixtures/v2/three-children.json):

* every free-text field set to a value of its own is found in the report's
  text (HTML, what the PDF prints and the clerk's check compares) and in the DOCX;
* every date set to another day prints that day, every count its number;
* every yes/no field flipped changes the report's text.

Closed fields (enumerations) are covered value by value in test_faithful.
A field that prints only when another answer makes it relevant (the facility
of a parent who is incarcerated) is set with that answer (:data:`WHEN`).
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import Any

import pytest
from marshmallow import Schema, fields, validate

from reportgen.hearings.carry import snapshot_of
from reportgen.intake.words import html_text
from reportgen.render import words as w
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.html import html_from_context
from reportgen.render.templates import resolve_template_dir
from reportgen.schema import CaseSchema, InvalidCase, load_case, schema_paths
from tests.conftest import ROOT, read_json
from tests.render.test_faithful import docx_text, squash

FAMILY = ROOT / "tests" / "fixtures" / "v2" / "three-children.json"
REPORT_DATE = dt.date(2026, 11, 19)

#: The fields the report deliberately does not print, each with its reason.
NOT_PRINTED: dict[str, str] = {
    "schema_version": "the version of the file's format, read by load_case; not a fact of the case",
    "children[].id": "an identifier other fields point at (siblings[].child_id, parents[].children); "
                     "the child is named wherever it is meant",
    "children[].siblings[].child_id": "points at another child of the report, whose own name and date "
                                      "of birth print in the sibling's place",
    "parents[].children[]": "identifiers: the children they name print by name ('the alleged father of "
                            "Mateo Ramírez'), tested below by naming another child",
    "supervisor.approved_date": "typed by the worker in older files; the approval line prints from the "
                                "approval record (approval.*) alone, so a typed date never reads as an approval",
}
#: The advisory prognosis worksheet is never printed nor filed (tests/test_prognosis.py proves it).
NOT_PRINTED.update({p: "the advisory prognosis worksheet: shown to the worker and supervisor, never printed"
                    for p in schema_paths()  # its leaves: prognosis.completed_date, prognosis.<sign>.present/evidence
                    if p == "prognosis.completed_date" or (p.startswith("prognosis.") and p.count(".") == 2)})

#: Answers that make a field relevant, set before it (paths in the same list element).
WHEN: dict[str, dict[str, Any]] = {
    "children[].concurrent_plan.goal_other": {"children[].concurrent_plan.goal": "other"},
    "children[].concurrent_plan.appla_compelling_reason": {"children[].concurrent_plan.goal": "appla"},
    "parents[].facility": {"parents[].incarcerated": True},
    "parents[].release_date": {"parents[].incarcerated": True},
    "parents[].reunification.not_applicable_reason": {"parents[].reunification.recommended": "not_applicable",
                                                      "parents[].reunification.services": None},
    "placement.icwa_placement_preference_compliance": {},
    "approval.supervisor": {"approval.approved_at": "2026-11-19T10:00:00-08:00"},
    "approval.approved_at": {"approval.supervisor": "Pat Okafor"},
}
for _f in ("subdivision", "facts", "parent_notified_date"):
    WHEN[f"parents[].reunification.bypass.{_f}"] = {"parents[].reunification.recommended": "bypass",
                                                    "parents[].reunification.services": None}

#: Fields a report on several children cannot flip (every child there has siblings):
#: tested on the first child alone.
ONE_CHILD = {"children[].has_siblings"}

#: Groups the three-child case leaves empty, filled so that their fields can be set.
SCAFFOLD: dict[str, Any] = {
    "children[].education.rights_holder": {"name": "Ana Ruiz", "relationship": "Foster mother"},
    "children[].dates": {"removal_date": "2026-10-02", "removal_authority": "306"},
    "parents[].reunification.bypass": {"subdivision": "(b)(10)", "facts": "Services to a sibling ended in 2024.",
                                       "parent_notified_date": "2026-11-10"},
    "icwa.tribes": [{"name": "Karuk Tribe", "notice_date": "2026-10-20", "response": "No response yet."}],
    "icwa.qew": {"name": "Dr. Lee", "qualifications": "Tribal elder."},
    "review": {"period_start": "2026-05-19", "period_end": "2026-11-19"},
    # the last report as reportgen next-report records it: what changed since prints from its snapshot
    "previous_report": {"hearing_type": "disposition", "report_date": "2026-05-19", "digest": "ab" * 32,
                        "snapshot": snapshot_of(load_case(read_json(FAMILY)))},
}


def leaves(schema: Schema, prefix: str = "") -> list[tuple[str, fields.Field]]:
    """Every field that holds a value (not a group), by schema path (lists as ``name[]``)."""
    out: list[tuple[str, fields.Field]] = []
    for name, field in schema.fields.items():
        path, inner = f"{prefix}{name}", field
        if isinstance(field, fields.List):
            path, inner = path + "[]", field.inner
        if isinstance(inner, fields.Nested):
            out += leaves(inner.schema, path + ".")
        else:
            out.append((path, inner))
    return out


def closed(field: fields.Field) -> bool:
    return any(isinstance(v, validate.OneOf) for v in field.validators)


LEAVES = [(path, field) for path, field in leaves(CaseSchema()) if not closed(field)]

#: A review report's own fields print only in a review report (WIC §§366.1, 366.21(c)):
#: they are set on the three-child case carried to the six-month review.
REVIEW = {"court.hearing_type": "six_month_review"}
REVIEW_FIELDS = [p for p, _ in leaves(CaseSchema()) if p.startswith((
    "review.", "previous_report.", "children[].review.")) or p in (
    "children[].concurrent_plan.permanence_efforts", "children[].concurrent_plan.steps[].done_date",
    "parents[].visitation.period_summary", "parents[].visitation.liberalized",
    "parents[].visitation.not_liberalized_reason")]
for _f in REVIEW_FIELDS:
    WHEN[_f] = dict(REVIEW)
WHEN["parents[].visitation.not_liberalized_reason"]["parents[].visitation.liberalized"] = False
NOT_PRINTED.update({
    "previous_report.snapshot.parents[].name": "matches a parent of the last report to the parent now (by "
                                               "name, else by role); the parent prints by the name it has now",
    "previous_report.snapshot.children[].id": "matches a child of the last report to the child now (by id, "
                                              "else by name); the child prints by the name it has now",
    "previous_report.snapshot.children[].name": "matches a child of the last report to the child now when "
                                                "there is no id; the child prints by the name it has now",
})


def get(raw: Any, parts: list[str]) -> Any:
    for part in parts:
        raw = raw.get(part) if isinstance(raw, dict) else raw[int(part)] if isinstance(raw, list) else None
        if raw is None:
            return None
    return raw


def concrete(raw: dict[str, Any], path: str) -> list[list[str]]:
    """Every concrete place of ``path`` in ``raw`` whose lists exist (``children.2.name``)."""
    segments = path.split("[]")
    places: list[list[str]] = [[]]
    for segment in segments[:-1]:
        nxt = []
        for place in places:
            items = get(raw, place + [p for p in segment.strip(".").split(".") if p])
            if isinstance(items, list):
                nxt += [place + [p for p in segment.strip(".").split(".") if p] + [str(i)] for i in range(len(items))]
        places = nxt
    tail = [p for p in segments[-1].strip(".").split(".") if p]
    return [place + tail for place in places]


def put(raw: dict[str, Any], parts: list[str], value: Any) -> None:
    node: Any = raw
    for part in parts[:-1]:
        key: Any = int(part) if part.isdigit() else part
        if isinstance(node, dict) and node.get(key) is None:
            node[key] = {}
        node = node[key]
    node[int(parts[-1]) if parts[-1].isdigit() else parts[-1]] = value


def in_group(path: str, group: str) -> bool:
    return path.startswith((group + ".", group + "[]"))


def place_of(raw: dict[str, Any], path: str) -> list[str]:
    """Where to set ``path``: an element that already answers it (a sibling who is
    not another child of the report, a parent who was searched for), else the first;
    a group the case leaves empty is filled first (:data:`SCAFFOLD`)."""
    for group, filler in SCAFFOLD.items():
        if in_group(path, group) and "[]" not in group and get(raw, group.split(".")) in (None, []):
            put(raw, group.split("."), copy.deepcopy(filler))
    places = concrete(raw, path)
    answered = [p for p in places if get(raw, p) is not None]
    chosen = (answered or places)[0]
    for group, filler in SCAFFOLD.items():
        if in_group(path, group) and "[]" in group:
            depth = len(same_place(group, chosen))
            if get(raw, chosen[:depth]) is None:
                put(raw, chosen[:depth], copy.deepcopy(filler))
    return chosen


def prepared(path: str) -> tuple[dict[str, Any], list[str]]:
    """The three-child case with what ``path`` needs to be relevant, and its place."""
    raw = read_json(FAMILY)
    if path in ONE_CHILD:
        raw["children"] = [{**raw["children"][0], "siblings": []}]
        for parent in raw["parents"]:
            parent["children"] = None
    where = place_of(raw, path)
    for other, value in WHEN.get(path, {}).items():
        put(raw, same_place(other, where), copy.deepcopy(value))
    return raw, where


def same_place(path: str, where: list[str]) -> list[str]:
    """``path`` in the same list elements as the concrete place ``where``."""
    indexes = iter(p for p in where if p.isdigit())
    return [part for segment in path.split(".") for part in (
        [segment[:-2], next(indexes)] if segment.endswith("[]") else [segment])]


def text_of(raw: dict[str, Any]) -> str:
    context = build_context(load_case(raw), REPORT_DATE)
    return squash(html_text(html_from_context(context, resolve_template_dir(None))))


def token(path: str) -> str:
    return "Zq" + "".join(part.capitalize() for part in path.replace("[]", "").replace("_", ".").split(".")) + "q"


def shifted_case(raw: dict[str, Any], where: list[str]) -> tuple[dict[str, Any], dt.date]:
    """``raw`` with the date at ``where`` moved to a nearby day the case still accepts."""
    old = get(raw, where)
    start = dt.date.fromisoformat(old) if isinstance(old, str) else REPORT_DATE - dt.timedelta(days=30)
    for days in (1, -1, 2, -2, 3, -3, 5, -5):
        day = start + dt.timedelta(days=days)
        trial = copy.deepcopy(raw)
        put(trial, where, day.isoformat())
        try:
            load_case(copy.deepcopy(trial))
        except InvalidCase:
            continue
        return trial, day
    raise AssertionError(f"no nearby date is valid at {'.'.join(where)}")


def test_every_field_is_printed_or_listed():
    """Each field of the schema is either checked below or listed in NOT_PRINTED."""
    known = {path for path, _ in LEAVES}
    assert set(NOT_PRINTED) <= known, set(NOT_PRINTED) - known
    for path, field in LEAVES:
        assert path in NOT_PRINTED or isinstance(
            field, fields.String | fields.Date | fields.DateTime | fields.Integer | fields.Boolean), (path, type(field))


TEXTS = [p for p, f in LEAVES if p not in NOT_PRINTED and isinstance(f, fields.String)]
DATES = [p for p, f in LEAVES if p not in NOT_PRINTED and isinstance(f, fields.Date)]
COUNTS = [p for p, f in LEAVES if p not in NOT_PRINTED and isinstance(f, fields.Integer)]
FLAGS = [p for p, f in LEAVES if p not in NOT_PRINTED and isinstance(f, fields.Boolean)]


@pytest.mark.parametrize("path", TEXTS)
def test_free_text_prints(path):
    raw, where = prepared(path)
    put(raw, where, token(path))
    assert squash(token(path)) in text_of(raw), f"{path} ({'.'.join(where)}) never prints"


def test_free_text_prints_in_the_docx_too():
    """All the text fields at once (each its own value): one DOCX holds every one."""
    raw = read_json(FAMILY)
    alone = [p for p in TEXTS if p not in WHEN]  # the others need answers of their own: printed above
    for path in alone:
        put(raw, place_of(raw, path), token(path))
    docx = docx_text(render_docx(load_case(raw), as_of=REPORT_DATE))
    missing = [p for p in alone if squash(token(p)) not in docx]
    assert not missing


def test_review_text_prints_in_the_docx_too():
    """A review report's own text fields at once (each its own value) on the three-child
    case carried to the six-month review, visits not liberalised: one DOCX holds every one."""
    raw = read_json(FAMILY)
    review = [p for p in TEXTS if p in REVIEW_FIELDS]
    assert "parents[].visitation.not_liberalized_reason" in review
    raw["court"]["hearing_type"] = "six_month_review"
    for parent in raw["parents"]:
        (parent.get("visitation") or {})["liberalized"] = False
    for path in review:
        put(raw, place_of(raw, path), token(path))
    docx = docx_text(render_docx(load_case(raw), as_of=REPORT_DATE))
    assert [p for p in review if squash(token(p)) not in docx] == []


@pytest.mark.parametrize("path", DATES)
def test_dates_print(path):
    raw, where = prepared(path)
    before = text_of(raw)
    raw, day = shifted_case(raw, where)
    said = squash(w.fmt_date(day))
    assert text_of(raw).count(said) > before.count(said), f"{path} ({'.'.join(where)}) never prints"


TIMES = [p for p, f in LEAVES if p not in NOT_PRINTED and isinstance(f, fields.DateTime)]


@pytest.mark.parametrize("path", TIMES)
def test_times_print_their_day(path):
    """A date and time (the approval's) prints its day: moved a day, the new day prints."""
    raw, where = prepared(path)
    put(raw, where, "2026-11-17T16:30:00-08:00")
    before = text_of(raw)
    put(raw, where, "2026-11-18T16:30:00-08:00")
    said = squash(w.fmt_date(dt.date(2026, 11, 18)))
    assert text_of(raw).count(said) > before.count(said), f"{path} never prints"


@pytest.mark.parametrize("path", COUNTS)
def test_counts_print(path):
    raw, where = prepared(path)
    before = text_of(raw)
    put(raw, where, 37)
    assert text_of(raw).count("37") > before.count("37"), f"{path} never prints"


@pytest.mark.parametrize("path", FLAGS)
def test_yes_no_answers_change_the_report(path):
    """Yes and no print differently (a sibling of another child of the report
    derives a missing answer, so None is not compared)."""
    raw, where = prepared(path)
    put(raw, where, True)
    yes = text_of(raw)
    put(raw, where, False)
    assert yes != text_of(raw), f"{path} ({'.'.join(where)}): yes and no print alike"


def test_the_children_a_parent_is_parent_of_print_by_name():
    raw = read_json(FAMILY)
    k = next(i for i, p in enumerate(raw["parents"]) if p.get("children"))
    parent = raw["parents"][k]
    names = {c["id"]: c["name"] for c in raw["children"]}
    for child_id, name in itertools.islice(names.items(), 2):
        parent["children"] = [child_id]
        said = w.phrase("parent_of", name=parent["name"], role=w.clause("parent_role", parent["role"]), children=name)
        assert squash(said) in text_of(raw)
