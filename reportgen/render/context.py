"""One context for both renderers: a loaded case, its timeline and its findings
turned into a plain dict of strings and lists.

The DOCX template (docxtpl) and the HTML template (Jinja, then WeasyPrint) read
only this dict, so the two formats cannot say different things. The dict is
deliberately generic: a report is a list of sections, each a list of *blocks*:

``{"kind": "facts", "title": str | None, "rows": [{"label", "value"}]}``
    label/value rows (a value the report does not give reads "Not stated.");
``{"kind": "text", "label": str | None, "text": str}``
    a narrative exactly as the social worker wrote it;
``{"kind": "heading", "text": str}``
    a sub-heading for one person (a parent, a sibling);
``{"kind": "table", "name": str, "title": str | None, "columns": [str], "rows": [[str]]}``
    ``name`` says which table it is (``timeline``, ``steps``...) for styling.

A section with nothing to show carries ``silent`` ("The report is silent on
...") and no blocks: the renderer states the gap and never invents text.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import Any

from reportgen.case import Case, blank
from reportgen.render import words as w

Block = dict[str, Any]
Row = tuple[str, Any] | tuple[str, Any, str | None]


class ObjectionsOutstanding(Exception):
    """A final report was asked for while objection-level findings remain."""

    exit_code = 1

    def __init__(self, context: dict[str, Any]):
        self.objections = [f for f in context["findings"] if f["severity"] == "object"]
        super().__init__(f"{len(self.objections)} {w.plural(len(self.objections), 'objection')} outstanding")


def build_context(case: dict[str, Any], as_of: dt.date | None = None) -> dict[str, Any]:
    """The template context for a case loaded by :func:`reportgen.schema.load_case`.

    ``as_of`` is the day the timeline judges "already past" against (today when
    None); pass the report date to make a rendering reproducible.
    """
    from reportgen.rules import check

    c = Case(case)
    findings = [f.as_dict() for f in check(c)]
    objections = [f for f in findings if f["severity"] == "object"]
    count = len(objections)
    noun = w.plural(count, "objection")
    child = c.get("child.name")
    number = c.get("court.case_number")
    title = w.report("title")
    hearing = c.disposition_date
    subject_bits = [f"In re {child}" if child else None, number,
                    f"hearing {w.fmt_date(hearing)}" if hearing else None]
    return {
        "title": title,
        "lang": w.report("lang"),
        "notice": w.report("notice"),
        "not_stated": w.report("not_stated"),
        "doc": {
            "title": " — ".join(x for x in (title, number) if x),
            "author": c.get("social_worker.name") or "",
            "subject": "; ".join(x for x in subject_bits if x) or title,
        },
        "running": " — ".join(
            x for x in (w.phrase("caption_child", name=isolate(child)) if child else None, number and isolate(number)) if x),
        "draft": {
            "active": count > 0,
            "count": count,
            "mark": w.report("draft_mark").format(count=count, noun=noun) if count else "",
        },
        "caption": _caption(c),
        "sections": [
            _section(key, blocks)
            for key, blocks in (
                ("findings", _findings(c)),
                ("summary", _texts(c, "summary", label=False)),
                ("services", _services(c)),
                ("concurrent_plan", _concurrent_plan(c)),
                ("placement", _placement(c)),
                ("siblings", _siblings(c)),
                ("relatives", _relatives(c)),
                ("grandparents", _texts(c, "relatives.grandparent_visitation", label=False)),
                ("icwa", _icwa(c)),
                ("wellbeing", _wellbeing(c)),
                ("voice", _texts(c, "child.child_statement", "child.wishes", "child.case_plan_input")),
                ("visitation", _visitation(c)),
                ("timeline", _timeline(c, as_of)),
                ("attachments", _attachments(c)),
            )
        ],
        "signatures": _signatures(c),
        "appendix": _appendix(objections, findings),
        "findings": findings,
    }


# --- building blocks ---------------------------------------------------------


def _section(key: str, blocks: list[Block]) -> dict[str, Any]:
    meta = w.section(key)
    return {
        "id": key,
        "title": meta["title"],
        "silent": None if blocks else w.report("silent").format(topic=meta["topic"]),
        "blocks": blocks,
    }


def _value(value: Any, enum: str | None = None) -> str | None:
    return None if blank(value) and not isinstance(value, bool) else w.show(value, enum)


def _facts(base: dict[str, Any] | None, prefix: str, fields: Iterable[Row], title: str | None = None,
           optional: Iterable[str] = ()) -> list[Block]:
    """One facts block from ``fields`` (``(name, enum)`` pairs) of ``base``.

    Fields named in ``optional`` are left out when the report does not give
    them; the rest read "Not stated." so a gap is visible where it matters.
    An all-blank block is dropped.
    """
    skip = set(optional)
    rows, any_value = [], False
    for row in fields:
        name, enum = row[0], row[1]
        value = _value(Case.at(base, name), enum)
        if value is None and name in skip:
            continue
        any_value = any_value or value is not None
        label = row[2] if len(row) > 2 and row[2] else w.label(f"{prefix}.{name}" if prefix else name)
        rows.append({"label": label, "value": value if value is not None else w.report("not_stated")})
    if not any_value:
        return []
    return [{"kind": "facts", "title": title, "rows": rows}]


def _text(label: str | None, value: Any) -> list[Block]:
    return [] if blank(value) else [{"kind": "text", "label": label, "text": str(value)}]


def _texts(c: Case, *paths: str, label: bool = True) -> list[Block]:
    out: list[Block] = []
    for path in paths:
        out += _text(w.label(path) if label else None, c.get(path))
    return out


_BIDI = {"R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}


def isolate(value: str) -> str:
    """``value`` as a bidirectional isolate when it holds right-to-left text or
    direction controls, so that, set beside other words ("Name — Mother", the
    running header), an Arabic name keeps its place and a stray override
    (U+202E) cannot reverse the words after it. Plain text is left alone."""
    if any(unicodedata.bidirectional(ch) in _BIDI for ch in value):
        return f"\u2068{value}\u2069"
    return value


def _iso(value: str | None) -> str | None:
    return isolate(value) if value else value


def _person(name: Any, what: str, n: int, role: str | None = None) -> str:
    head = isolate(str(name)) if not blank(name) else w.phrase("unnamed", what=what, n=n)
    return f"{head} — {role}" if role else head


# --- sections ----------------------------------------------------------------


def _caption(c: Case) -> dict[str, Any]:
    court = c.get("court") or {}
    rows = [
        ("court.case_number", court.get("case_number"), None),
        ("child.name", c.get("child.name"), None),
        ("court.hearing_type", court.get("hearing_type"), "hearing_type"),
        ("dates.disposition_hearing_date", c.disposition_date, None),
        ("court.hearing_time", court.get("hearing_time"), None),
        ("court.department", court.get("department"), None),
        ("court.report_date", court.get("report_date"), None),
    ]
    out = [{"label": w.label(path), "value": _value(value, enum) or w.report("not_stated")}
           for path, value, enum in rows]
    child = c.get("child.name")
    return {
        "court": _value(court.get("court_name")) or w.report("not_stated"),
        "county": _value(court.get("county")),
        "in_re": w.phrase("caption_child", name=isolate(child)) if not blank(child) else None,
        "person": w.phrase("caption_person"),
        "title": w.report("title"),
        "rows": out,
    }


def _findings(c: Case) -> list[Block]:
    rec = c.get("recommended") or {}
    months = rec.get("stated_fr_months")
    nxt = rec.get("next_hearing") or {}
    next_text = " — ".join(x for x in (_iso(_value(nxt.get("type"))), _value(nxt.get("date"))) if x) or None
    blocks = _facts(rec, "recommended", [
        ("disposition_option", "disposition_option"),
        ("stated_fr_months", None),
        ("sibling_group_rule", "sibling_group_rule"),
        ("stated_six_month_review_date", None),
        ("stated_permanency_hearing_date", None),
        ("limits_parent_education_rights", None),
    ], optional=("sibling_group_rule", "limits_parent_education_rights"))
    if blocks and months is not None:
        for row in blocks[0]["rows"]:
            if row["label"] == w.label("recommended.stated_fr_months"):
                row["value"] = w.phrase("months", n=months)
    if next_text:
        row = {"label": w.label("recommended.next_hearing"), "value": next_text}
        blocks = blocks or [{"kind": "facts", "title": None, "rows": []}]
        blocks[0]["rows"].append(row)
    return blocks + _texts(c, "recommended.removal_grounds", "recommended.findings")


def _services(c: Case) -> list[Block]:
    blocks = _texts(c, "reasonable_efforts", "reunification_plan")
    for i, parent in c.items("parents"):
        role = _value(parent.get("role"), "parent_role")
        blocks.append({"kind": "heading", "text": _person(parent.get("name"), "Parent", i + 1, role)})
        blocks += _facts(parent, "parents[]", [
            ("parentage_status", None),
            ("whereabouts_known", None),
            ("lived_with_child_at_300_events", None),
            ("custody_request", None),
            ("incarcerated", None),
            ("facility", None),
            ("release_date", None),
            ("barriers_to_services", None),
            ("contact_plan", None),
            ("in_residential_treatment", None),
            ("prior_services_offered", None),
            ("adoption_planning_advised", None),
            ("adoption_planning_response", None),
            ("reunification.recommended", "reunification"),
            ("reunification.not_applicable_reason", None),
        ], optional=("custody_request", "incarcerated", "facility", "release_date", "barriers_to_services",
                     "contact_plan", "in_residential_treatment", "reunification.not_applicable_reason"))
        reun = parent.get("reunification") or {}
        if reun.get("recommended") == "bypass" or not blank(reun.get("bypass")):
            bypass = reun.get("bypass") or {}
            blocks += _facts(bypass, "parents[].reunification.bypass",
                             [("subdivision", None), ("facts", None), ("parent_notified_date", None)],
                             title=w.phrase("bypass_heading")) or [
                {"kind": "text", "label": w.phrase("bypass_heading"), "text": w.report("not_stated")}]
        services = [s for s in reun.get("services") or [] if isinstance(s, dict)]
        for n, service in enumerate(services, start=1):
            name = service.get("service")
            title = (w.phrase("service_heading", n=n, name=isolate(str(name))) if not blank(name)
                     else w.phrase("unnamed_service", n=n))
            blocks += _facts(service, "parents[].reunification.services[]", [
                ("provider", None), ("frequency", None), ("start_date", None), ("goal", None),
                ("addresses_problem", None), ("progress", None),
            ], title=title, optional=("start_date", "progress")) or [{"kind": "text", "label": None, "text": title}]
        if reun.get("recommended") == "services" and not services:
            blocks.append({"kind": "text", "label": None, "text": w.phrase("services_none_listed")})
    return blocks


def _concurrent_plan(c: Case) -> list[Block]:
    plan = c.get("concurrent_plan") or {}
    placement = c.get("placement") or {}
    if blank(plan) and blank(placement.get("caregiver_permanency_willingness")) \
            and blank(placement.get("caregiver_permanency_suitability")):
        return []
    goal = _value(plan.get("goal"), "plan_goal")
    if plan.get("goal") == "other" and not blank(plan.get("goal_other")):
        goal = f"{goal}: {plan['goal_other']}"
    family = plan.get("prospective_family") or {}
    rows = [{"label": w.label("concurrent_plan.goal"), "value": goal or w.report("not_stated")}]
    blocks: list[Block] = [{"kind": "facts", "title": None, "rows": rows}]
    fam = _facts(family, "concurrent_plan.prospective_family", [
        ("name", None), ("relationship", None), ("is_current_caregiver", None), ("includes_siblings", None),
    ], optional=("relationship", "is_current_caregiver", "includes_siblings"))
    rows += fam[0]["rows"] if fam else [
        {"label": w.label("concurrent_plan.prospective_family.name"), "value": w.report("not_stated")}]
    rows.append({"label": w.label("placement.caregiver_permanency_willingness"),
                 "value": _value(placement.get("caregiver_permanency_willingness"), "willingness")
                 or w.report("not_stated")})
    blocks += _texts(c, "concurrent_plan.goal_reason")
    blocks += _text(w.label("placement.caregiver_permanency_suitability"),
                    placement.get("caregiver_permanency_suitability")) or [
        {"kind": "text", "label": w.label("placement.caregiver_permanency_suitability"),
         "text": w.report("not_stated")}]
    blocks += _texts(c, "concurrent_plan.family_search_steps", "concurrent_plan.alternative_home_efforts")
    steps = [s for s in plan.get("steps") or [] if isinstance(s, dict)]
    if steps:
        blocks.append({
            "kind": "table", "name": "steps", "title": w.phrase("concurrent_steps"), "columns": list(w.phrase("steps_columns")),
            "rows": [[_value(s.get("action")) or w.report("not_stated"), _value(s.get("responsible")) or "",
                      _value(s.get("due_date")) or ""] for s in steps],
        })
    rows.append({"label": w.label("concurrent_plan.target_date"),
                 "value": _value(plan.get("target_date")) or w.report("not_stated")})
    for path in ("why_realistic", "short_term_needs", "long_term_needs"):
        label = w.label(f"concurrent_plan.{path}")
        blocks += _text(label, plan.get(path)) or [{"kind": "text", "label": label, "text": w.report("not_stated")}]
    blocks += _texts(c, "concurrent_plan.sibling_permanency_note")
    if plan.get("goal") == "appla" or not blank(plan.get("appla_compelling_reason")):
        label = w.label("concurrent_plan.appla_compelling_reason")
        blocks += _text(label, plan.get("appla_compelling_reason")) or [
            {"kind": "text", "label": label, "text": w.report("not_stated")}]
    return blocks


def _placement(c: Case) -> list[Block]:
    placement = c.get("placement") or {}
    if blank(placement):
        return []
    blocks = _facts(placement, "placement", [
        ("type", "placement_type"), ("caregiver.name", None), ("caregiver.relationship", None),
        ("caregiver.is_relative", None), ("caregiver.approved", None), ("date_placed", None),
    ])
    blocks += _texts(c, "placement.reason")
    unlicensed = placement.get("type") in {"relative", "nrefm"} or c.get("placement.caregiver.is_relative")
    checks = placement.get("relative_checks")
    if unlicensed or not blank(checks):
        blocks += _facts(checks or {}, "placement.relative_checks", [
            ("home_visit_date", None), ("clets_check_date", None), ("fingerprint_date", None),
            ("child_abuse_check_date", None),
        ], title=w.phrase("checks_heading")) or [
            {"kind": "text", "label": w.phrase("checks_heading"), "text": w.report("not_stated")}]
    blocks += _texts(c, "placement.school_of_origin_considered")
    if c.reason_to_know or not blank(placement.get("icwa_placement_preference_compliance")):
        label = w.label("placement.icwa_placement_preference_compliance")
        blocks += _text(label, placement.get("icwa_placement_preference_compliance")) or [
            {"kind": "text", "label": label, "text": w.report("not_stated")}]
    return blocks


def _siblings(c: Case) -> list[Block]:
    blocks: list[Block] = []
    if c.get("has_siblings") is False:
        blocks.append({"kind": "text", "label": None, "text": w.phrase("no_siblings")})
    blocks += _texts(c, "siblings_note", label=False)
    for i, sib in c.items("siblings"):
        blocks.append({"kind": "heading", "text": _person(sib.get("name"), "Sibling", i + 1)})
        blocks += _facts(sib, "siblings[]", [
            ("dob", None), ("under_court_jurisdiction", None), ("removed_same_time", None),
            ("placed_together", None), ("placement", None), ("relationship_description", None),
            ("maintain_relationship_appropriate", None), ("reason_apart", None),
            ("efforts_to_place_together", None), ("efforts_inappropriate_reason", None),
        ], optional=("reason_apart", "efforts_to_place_together", "efforts_inappropriate_reason", "placement"))
        apart = sib.get("placed_together") is False
        blocks += _facts(sib.get("visits"), "siblings[].visits", [
            ("frequency", None), ("nature", None), ("supervised", None), ("supervision_reason", None),
            ("no_contact_reason", None),
        ], title=w.phrase("visits_heading"), optional=("supervision_reason", "no_contact_reason")
            + (() if apart else ("frequency", "nature", "supervised")))
    return blocks


def _relatives(c: Case) -> list[Block]:
    rel = c.get("relatives") or {}
    blocks = _facts(rel, "relatives", [
        ("identified_count", None), ("located_count", None), ("notified_count", None),
        ("interested_contact_count", None), ("interested_placement_count", None),
    ], title=w.phrase("relative_counts"))
    for i, person in c.items("relatives.people"):
        blocks += _facts(person, "relatives.people[]", [
            ("relationship", None), ("contacted_date", None), ("notified_date", None),
            ("interest", "relative_interest"), ("requested_placement", None),
            ("assessment_status", "assessment_status"), ("factors_considered", None), ("denial_reason", None),
        ], title=_person(person.get("name"), "Relative", i + 1),
            optional=("factors_considered", "denial_reason", "assessment_status", "requested_placement"))
    return blocks


def _icwa(c: Case) -> list[Block]:
    icwa = c.get("icwa") or {}
    status = c.get("child.indian_status")
    if blank(icwa) and blank(status):
        return []
    rows = [{"label": w.label("child.indian_status"), "value": _value(status, "indian_status") or w.report("not_stated")}]
    known = _value(icwa.get("extended_family_known"))
    if known:
        rows.append({"label": w.label("icwa.extended_family_known"), "value": known})
    bia = _value(icwa.get("bia_notice_date"))
    if bia:
        rows.append({"label": w.label("icwa.bia_notice_date"), "value": bia})
    blocks: list[Block] = [{"kind": "facts", "title": None, "rows": rows}]
    inquiry = [q for _, q in c.items("icwa.inquiry")]
    if inquiry:
        blocks.append({
            "kind": "table", "name": "inquiry", "title": w.phrase("icwa_inquiry"), "columns": list(w.phrase("icwa_inquiry_columns")),
            "rows": [[
                " — ".join(x for x in (_iso(_value(q.get("person"))), _value(q.get("person_type"), "icwa_person_type")) if x),
                _value(q.get("relationship")) or "",
                _value(q.get("date")) or "",
                "\n".join(x for x in (_value(q.get("answer"), "icwa_answer"), _value(q.get("details"))) if x),
            ] for q in inquiry],
        })
    blocks += _texts(c, "icwa.further_inquiry_steps")
    tribes = [t for _, t in c.items("icwa.tribes")]
    if tribes:
        blocks.append({
            "kind": "table", "name": "tribes", "title": w.phrase("icwa_tribes"), "columns": list(w.phrase("tribes_columns")),
            "rows": [[_value(t.get("name")) or w.report("not_stated"), _value(t.get("notice_date")) or "",
                      _value(t.get("response")) or ""] for t in tribes],
        })
    for path in ("active_efforts", "qew"):
        value = icwa.get(path)
        if path == "qew" and isinstance(value, dict):
            value = "\n".join(x for x in (_value(value.get("name")), _value(value.get("qualifications"))) if x)
        label = w.label(f"icwa.{path}")
        blocks += _text(label, value) or (
            [{"kind": "text", "label": label, "text": w.report("not_stated")}] if c.reason_to_know else [])
    return blocks


def _wellbeing(c: Case) -> list[Block]:
    child = c.get("child") or {}
    education = dict(child.get("education") or {})
    holder = education.get("rights_holder") or {}
    if not blank(holder):
        education["rights_holder"] = " — ".join(
            x for x in (_iso(_value(holder.get("name"))), _value(holder.get("relationship"))) if x)
    blocks = _facts(child, "child", [("dob", None), ("gender", None), ("language", None)],
                    optional=("gender", "language"))
    if not blank(child.get("education")):
        blocks += _facts(education, "child.education", [
            ("school", None), ("grade", None), ("school_of_origin", None), ("school_changed", None),
            ("iep_504", None), ("rights_holder", None),
        ], title=w.phrase("education"), optional=("rights_holder", "school_changed", "iep_504"))
        blocks += _text(w.label("child.education.plan"), education.get("plan"))
    blocks += _facts(child.get("health"), "child.health", [
        ("summary", None), ("providers", None), ("medications", None), ("developmental_screening", None),
        ("mental_health", None),
    ], title=w.phrase("health"), optional=("developmental_screening", "mental_health", "medications"))
    if all(b["kind"] == "facts" and b["title"] is None for b in blocks):
        return []  # a date of birth alone says nothing about education or health
    return blocks


def _visitation(c: Case) -> list[Block]:
    blocks: list[Block] = []
    for i, parent in c.items("parents"):
        visits = _facts(parent.get("visitation"), "parents[].visitation", [
            ("frequency", None), ("duration", None), ("supervision", "supervision"), ("location", None),
            ("who_supervises", None), ("liberalization_criteria", None),
        ], title=_person(parent.get("name"), "Parent", i + 1, _value(parent.get("role"), "parent_role")),
            optional=("who_supervises", "liberalization_criteria", "location", "duration"))
        blocks += visits
    return blocks


def _timeline(c: Case, as_of: dt.date | None) -> list[Block]:
    from reportgen.timeline import compute

    day = as_of or dt.date.today()
    rows: list[list[str]] = []
    notes: list[str] = []  # one footnote per distinct note; most entries share the month-arithmetic caveat
    for entry in compute(c, as_of=day):
        when = w.fmt_date(entry.date) if entry.date else w.phrase(
            "timeline_missing", fields=", ".join(w.label(p) for p in entry.missing) or w.report("not_stated"))
        event = entry.label
        if entry.note:
            if entry.note not in notes:
                notes.append(entry.note)
            event += f" [{notes.index(entry.note) + 1}]"
        rows.append([
            "\n".join(x for x in (event, entry.formula) if x),
            "\n".join([when, *entry.flags]),
            entry.citation,
        ])
    if not rows:
        return []
    blocks: list[Block] = [
        {"kind": "text", "label": None, "text": w.phrase("timeline_as_of", date=w.fmt_date(day))},
        {"kind": "table", "name": "timeline", "title": None, "columns": list(w.phrase("timeline_columns")),
         "rows": rows},
    ]
    if notes:
        blocks.append({"kind": "text", "label": w.phrase("timeline_notes"),
                       "text": "\n".join(f"[{i}] {note}" for i, note in enumerate(notes, start=1))})
    return blocks


def _attachments(c: Case) -> list[Block]:
    rows = [{"label": _value(a.get("title")) or w.report("not_stated"), "value": _value(a.get("description")) or ""}
            for _, a in c.items("attachments")]
    blocks: list[Block] = [{"kind": "facts", "title": None, "rows": rows}] if rows else []
    blocks += _facts(c.get("case_plan"), "case_plan", [
        ("completed_date", None), ("attached", None), ("parent_signed", None), ("child_signed", None),
    ], title=w.phrase("case_plan"))
    return blocks


def _signatures(c: Case) -> dict[str, Any]:
    worker = c.get("social_worker") or {}
    supervisor = c.get("supervisor") or {}
    approved = _value(supervisor.get("approved_date"))
    return {
        "title": w.section("signatures")["title"],
        "signature_line": w.phrase("signature_line"),
        "date_line": w.phrase("date_line"),
        "people": [
            {"role": w.phrase("social_worker"), "name": _value(worker.get("name")) or w.report("not_stated"),
             "detail": " · ".join(x for x in (_value(worker.get("unit")), _value(worker.get("phone"))) if x)},
            {"role": w.phrase("supervisor"), "name": _value(supervisor.get("name")) or w.report("not_stated"),
             "detail": w.phrase("approved_on", date=approved) if approved else ""},
        ],
    }


def _appendix(objections: list[dict[str, Any]], findings: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not objections:
        return None
    warnings = sum(1 for f in findings if f["severity"] == "warn")
    notes = sum(1 for f in findings if f["severity"] == "info")
    count = len(objections)
    return {
        "title": w.section("appendix")["title"],
        "intro": w.phrase("appendix_intro", count=count, noun=w.plural(count, "objection")),
        "other": w.phrase("appendix_other", warnings=warnings, warning_noun=w.plural(warnings, "warning"),
                          notes=notes, note_noun=w.plural(notes, "note")) if warnings or notes else "",
        "citation_label": w.phrase("finding_citation"),
        "fields_label": w.phrase("finding_fields"),
        "entries": [
            {"heading": f"{f['code']} {f['name']}", "message": f["message"], "citation": f["citation"],
             "fields": ", ".join(f["fields"])}
            for f in objections
        ],
    }
