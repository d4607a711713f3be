"""The sections only a review report prints (WIC §§366.1, 366.21(c)): what changed
since the last report, each parent's progress in each service, visitation and its
liberalisation, the prognosis and detriment of return, the efforts toward legal
permanence, and each child's permanency clock.

A disposition report prints none of them (each builder returns no block and the
sections have no "silent" topic). In a review report each prints what the case
holds and "Not stated." where the review must say something and does not, so the
gap is visible where the rules point. Words: ``review`` in words.yml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportgen.case import Case, answered
from reportgen.family import ChildView
from reportgen.hearings import REVIEWS
from reportgen.render import words as w
from reportgen.render.sections import (
    Block,
    child_heading,
    isolate,
    not_stated_block,
    person_heading,
    shown,
    table_block,
)

#: The review sections, by the keys of the county profile's ``section_order``.
KEYS = ("changes", "review_services", "review_visitation", "prognosis", "permanence_efforts", "clock")
#: Those printed child by child in a report on several children.
PER_CHILD = frozenset({"prognosis", "permanence_efforts", "clock"})


def _words() -> dict[str, Any]:
    table: dict[str, Any] = w.table()["review"]
    return table


def is_review(c: Case) -> bool:
    return c.get("court.hearing_type") in REVIEWS


def title(case: dict[str, Any]) -> str | None:
    """The report's title for a review hearing (None: the profile's title, a disposition report)."""
    hearing = (case.get("court") or {}).get("hearing_type")
    return str(_words()["titles"][hearing]) if hearing in REVIEWS else None


def section_title(key: str) -> str:
    return str(_words()["section_titles"][key])


def _label(key: str) -> str:
    return str(_words()["labels"][key])


def blocks(key: str, views: list[ChildView], family: Case, as_of: dt.date | None) -> list[Block]:
    """The blocks of review section ``key``; none for a disposition report."""
    if not is_review(family):
        return []
    if key == "changes":
        return changes(family, views)
    if key not in PER_CHILD:
        return {"review_services": services, "review_visitation": visitation}[key](family)
    build = {"prognosis": prognosis, "permanence_efforts": permanence, "clock": lambda c: clock(c, as_of)}[key]
    if len(views) == 1:
        return build(views[0].case)
    out: list[Block] = []
    for v in views:
        with w.about(isolate(v.label) if v.label else None):
            out += [child_heading(v.label)] + (build(v.case) or not_stated_block(None))
    return out


def single(key: str, as_of: dt.date | None) -> Any:
    """A one-view builder for ``key`` (the profile's list of section keys names it)."""
    return lambda c: blocks(key, [], c, as_of) if key not in PER_CHILD else (
        [] if not is_review(c) else {"prognosis": prognosis, "permanence_efforts": permanence,
                                     "clock": lambda x: clock(x, as_of)}[key](c))


def _text(label: str | None, text: str) -> Block:
    return {"kind": "text", "label": label, "text": text}


def _family_now(c: Case, views: list[ChildView]) -> dict[str, Any]:
    """The case as :func:`reportgen.hearings.changes.changes` reads it (parents, each
    child with its id, placement and plan, the previous report), from the report's views."""
    kids = [{**(v.data.get("child") or {}), "id": v.id, "placement": v.data.get("placement"),
             "concurrent_plan": v.data.get("concurrent_plan")} for v in views] or [
        {**(c.get("child") or {}), "placement": c.get("placement"), "concurrent_plan": c.get("concurrent_plan")}]
    return {"parents": c.get("parents"), "children": kids, "previous_report": c.get("previous_report")}


def changes(c: Case, views: list[ChildView] | None = None) -> list[Block]:
    from reportgen.hearings.changes import changes as changed

    words = _words()
    out: list[Block] = []
    start, end = c.get("review.period_start"), c.get("review.period_end") or c.get("court.report_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        out.append(_text(None, words["period"].format(start=w.fmt_date(start), end=w.fmt_date(end))))
    previous = c.get("previous_report") or {}
    found = changed(_family_now(c, views or []))
    if found is None or not previous:
        return out + [_text(None, words["no_previous"])]
    hearing = w.enum_word("hearing_type", previous["hearing_type"]) if previous.get("hearing_type") else "?"
    day = previous.get("report_date")
    if previous.get("digest"):  # the file this report was carried from, as the clerk can match it
        out.append(_text(None, words["previous_digest"].format(digest=previous["digest"])))
    out.append(_text(None, words["previous"].format(hearing=hearing, date=w.fmt_date(day)) if day
                     else words["previous_undated"].format(hearing=hearing)))
    if not found:
        return out + [_text(None, words["no_changes"])]
    return out + [_text(None, isolate(change.text())) for change in found]


def _parents(c: Case) -> list[tuple[int, dict[str, Any]]]:
    return [(i, p) for i, p in c.items("parents") if Case.at(p, "reunification.recommended") == "services"]


def _heading(i: int, parent: dict[str, Any]) -> str:
    return person_heading(parent.get("name"), "Parent", i + 1, shown(parent.get("role"), "parent_role"))


def services(c: Case) -> list[Block]:
    words = _words()
    out: list[Block] = []
    for i, parent in _parents(c):
        rows = []
        for n, service in enumerate(Case.at(parent, "reunification.services") or [], start=1):
            name = shown(service.get("service")) or w.phrase("unnamed_service", n=n)
            status = shown(service.get("status"), "service_status") or w.report("not_stated")
            progress = shown(service.get("progress")) or w.report("not_stated")
            rows.append([isolate(name), status, progress])
        out.append({"kind": "heading", "text": _heading(i, parent)})
        out += [table_block("review_services", None, list(words["service_columns"]), rows)] if rows else [
            _text(None, words["no_services"])]
    return out


def visitation(c: Case) -> list[Block]:
    out: list[Block] = []
    for i, parent in _parents(c):
        visits = parent.get("visitation") or {}
        fields = [("period_summary", None, _label("period_summary")),
                  ("liberalized", None, _label("liberalized"))]
        if visits.get("liberalized") is not True:
            fields.append(("not_liberalized_reason", None, _label("not_liberalized_reason")))
        out.append(_facts(visits, fields, _heading(i, parent)))
    return out


def _facts(base: dict[str, Any], fields: Sequence[tuple[str, str | None, str]], title: str | None = None,
           optional: Sequence[str] = ()) -> Block:
    """A facts block that a review must print even when nothing is answered ("Not stated." each)."""
    rows = [{"label": label, "value": shown(base.get(name), enum) or w.report("not_stated")}
            for name, enum, label in fields if name not in optional or answered(base.get(name))]
    return {"kind": "facts", "title": title, "rows": rows}


def _own_or_family(c: Case, key: str) -> Any:
    own = c.get(f"child.review.{key}")
    return own if answered(own) else c.get(f"review.{key}")


def prognosis(c: Case) -> list[Block]:
    merged = {key: _own_or_family(c, key) for key in ("recommendation", "prognosis", "detriment")}
    review = c.get("child.review") or {}
    merged.update({k: review.get(k) for k in ("substantial_probability", "substantial_probability_basis",
                                               "tpr_exception", "tpr_exception_reason")})
    fields = [("recommendation", "review_recommendation", _label("recommendation")),
              ("prognosis", None, _label("prognosis")), ("detriment", None, _label("detriment"))]
    optional = ["substantial_probability_basis", "tpr_exception_reason"]
    under3 = c.age_at_removal is not None and c.age_at_removal < 3
    fields += [("substantial_probability", None, _label("substantial_probability")),
               ("substantial_probability_basis", None, _label("substantial_probability_basis"))]
    if not (under3 and c.get("court.hearing_type") == "six_month_review"):
        optional.append("substantial_probability")
    fields += [("tpr_exception", "tpr_exception", _label("tpr_exception")),
               ("tpr_exception_reason", None, _label("tpr_exception_reason"))]
    optional.append("tpr_exception")
    if merged.get("recommendation") == "return_home":
        optional.append("detriment")
    return [_facts(merged, fields, optional=optional)]


def permanence(c: Case) -> list[Block]:
    words = _words()
    plan = c.get("concurrent_plan") or {}
    goal = shown(plan.get("goal"), "plan_goal") or w.report("not_stated")
    family = (plan.get("prospective_family") or {}).get("name")
    line = words["plan_line"].format(goal=goal, family=words["plan_family"].format(family=isolate(str(family)))
                                     if answered(family) else "")
    out = [_text(None, line)]
    out.append(_facts(plan, [("permanence_efforts", None, _label("permanence_efforts"))]))
    since = c.get("previous_report.report_date")
    done = [s for _, s in c.items("concurrent_plan.steps")
            if isinstance(s.get("done_date"), dt.date) and (since is None or s["done_date"] > since)]
    if done:
        out.append(_text(words["steps_done"], "\n".join(
            f"{isolate(str(s.get('action') or ''))} ({w.fmt_date(s['done_date'])})" for s in done)))
    return out


def clock_rows(points: Sequence[Any]) -> list[list[str]]:
    """Each point of a child's clock (:class:`reportgen.hearings.clock.Point`) as the report
    and the wizard show it: what, when, on what basis."""
    words = _words()
    rows = []
    for p in points:
        hearing = w.enum_word("hearing_type", p.hearing) if p.hearing in ("disposition", *REVIEWS) else (
            "WIC §366.26" if p.hearing == "366.26" else shown(p.hearing) or "")
        what = words["clock_points"][p.key].format(hearing=hearing, practice=words["clock_practice"])
        # the §366.26 hearing after the last review has no limit the clock computes: the court sets it
        when = w.fmt_date(p.date) if p.date else (
            words["clock_set_by_court"] if p.hearing == "366.26" else w.report("not_stated"))
        rows.append([what, when, p.basis])
    return rows


def clock(c: Case, as_of: dt.date | None) -> list[Block]:
    from reportgen.hearings.clock import clock_for

    words = _words()
    rows = clock_rows(clock_for(c.data, as_of=as_of)[0].points)
    lines = [f"{what}: {when}" + (f" — {basis}" if basis else "") for what, when, basis in rows]
    return [table_block("clock", None, list(words["clock_columns"]), rows, lines), _text(None, words["clock_note"])]
