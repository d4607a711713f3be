"""From the reading to the element table: the catalogue's rules run on the
partial case each child's reading placed (:func:`.judge.case_of`), and each
finding becomes an element "not found" quoting the passage relied on, or the
passages considered when the report is silent."""

from __future__ import annotations

import re

from reportgen.case import Case
from reportgen.review.heuristics import FOUND, NOT_APPLICABLE, NOT_FOUND, PASSAGE_CHARS, TO_VERIFY, Element
from reportgen.review.reading.judge import CODES, ChildReading, Statement, case_of, read
from reportgen.review.sections import Document

#: Each code's element: key, label, and the reading's values it rests on (first found is quoted).
ELEMENTS = {
    "CP101": ("plan_goal", "A concurrent plan exists and names a permanency goal", ("concurrent_plan.goal",)),
    "CP103": ("plan_lawful", "APPLA only for a youth 16 or older", ("concurrent_plan.goal",)),
    "CP105": ("plan_specific", "The plan is specific: it names a family or concrete steps to find one",
              ("concurrent_plan.prospective_family", "concurrent_plan.family_search_steps", "concurrent_plan.goal")),
    "CP106": ("caregiver", "The current caregiver's willingness and suitability to be permanent",
              ("placement.caregiver_permanency_willingness", "placement.caregiver_permanency_suitability")),
    "CP108": ("other_home", "Efforts toward another permanent home if the caregiver will not be permanent",
              ("placement.caregiver_permanency_willingness",)),
    "CP111": ("realism", "Why the plan is realistic, and the child's short- and long-term needs",
              ("concurrent_plan.why_realistic", "concurrent_plan.short_term_needs", "concurrent_plan.long_term_needs",
               "concurrent_plan.goal")),
    "CP112": ("plan_agrees", "The plan agrees with what the caregiver said",
              ("placement.caregiver_permanency_willingness", "concurrent_plan.goal")),
    "SB201": ("siblings", "Siblings addressed: placement together, reasons if apart, visits", ("has_siblings",)),
    "SB203": ("siblings_apart_reason", "Why siblings are placed apart", ("siblings.apart",)),
    "SB204": ("siblings_apart_efforts", "Efforts to place siblings together", ("siblings.apart",)),
    "SB205": ("siblings_visits", "Visits between siblings placed apart", ("siblings.apart",)),
}


#: Objections to the quality of a plan: with no plan at all (CP101) there is nothing for them to judge,
#: and an attorney objects once, to the missing plan.
PLAN_QUALITY = ("CP105", "CP111", "CP112")


def _quote(s: Statement | None) -> tuple[str | None, int | None, str | None]:
    if s is None:
        return None, None, None
    text = s.full
    if len(text) > PASSAGE_CHARS:
        text = text[: PASSAGE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text, s.page, s.location


def unplaced(r: ChildReading, fields: tuple[str, ...]) -> list[Statement] | None:
    """The passages the reading considered for the values a finding rests on, when every one of those
    values is one the reading could not place although the report discusses it; None when the report is
    silent on one of them, or says outright that it is empty (then the finding stands as an objection).

    A rule never objects on a value the reading could not place: the report may say it in words the
    reading does not know, so the attorney is pointed at the passages to read instead."""
    paths = [re.sub(r"\[\d+\]", "", f) for f in fields]
    missing = [p for p in paths if p not in r.values]
    if not missing or any(p in r.empty for p in missing):
        return None
    passages = [r.unplaced.get(p) for p in missing]
    if not all(passages):
        return None
    return [s for group in passages for s in group or []]


def _element(code: str, r: ChildReading, fired: str | None, several: bool,
             verify: list[Statement] | None = None) -> Element:
    key, label, paths = ELEMENTS[code]
    said = next((r.values[p].said for p in paths if p in r.values and r.values[p].said is not None), None)
    if verify:
        said = verify[0]
    elif said is None:
        considered = [s for p in paths for s in r.considered.get(p, [])]
        said = considered[0] if considered else None
    passage, page, location = _quote(said)
    if fired is not None and verify:
        reason = fired.replace("the reading of the report leaves", "the reading could not place", 1) + (
            "; the report discusses it in passages the reading could not place: read them before objecting")
        status = TO_VERIFY
    elif fired is not None:
        reason = fired
        status = NOT_FOUND
    elif said is not None and passage:
        reason = "the reading places this element: " + ", ".join(p for p in paths if p in r.values)
        status = FOUND
    else:
        reason, status = "not needed on what the report says", NOT_APPLICABLE
    return Element(key, label, status, reason, (code,), passage, page, location,
                   child=r.child.name if several else None)


def elements_for(doc: Document) -> list[Element]:
    """The element table of every child: one element per code in scope."""
    from reportgen.rules import registry

    readings = read(doc)
    several = len(readings) > 1
    out: list[Element] = []
    reg = registry()
    for r in readings:
        case = Case(case_of(r))
        no_plan = False
        for code in CODES:
            rule = reg.get(code)
            if rule is None:  # pragma: no cover - every code in scope is in the catalogue
                continue
            hits = rule.run(case)
            no_plan = no_plan or (code == "CP101" and bool(hits))
            if code == "CP105" and case.get("concurrent_plan.goal") == "appla":
                # APPLA is a living arrangement, not a family: whether it is lawful and agreed is CP103/CP112's
                out.append(Element(*ELEMENTS[code][:2], NOT_APPLICABLE, "the plan is APPLA, which names no permanent "
                                   "family to look for", (code,), None, None, None,
                                   child=r.child.name if several else None))
                continue
            if code == "SB205" and hits and all(sib.get("under_court_jurisdiction") is False
                                                for sib in r.siblings if sib.get("placed_together") is False):
                # §358.1(d) asks about siblings under the court's jurisdiction, their visits as much as the reasons
                # and efforts (the catalogue's SB203/SB204 already read it so; its SB205 does not yet)
                out.append(Element(*ELEMENTS[code][:2], NOT_APPLICABLE, "the sibling living apart is outside the "
                                   "court's jurisdiction, and WIC §358.1(d) asks about siblings under it",
                                   (code,), None, None, None, child=r.child.name if several else None))
                continue
            if no_plan and code in PLAN_QUALITY:
                out.append(Element(*ELEMENTS[code][:2], NOT_APPLICABLE, "no concurrent plan was found to judge (see the "
                                   "objection that the plan is missing)", (code,), None, None, None,
                                   child=r.child.name if several else None))
                continue
            fired, verify = None, None
            if hits:
                verify = unplaced(r, hits[0].fields)
                detail = hits[0].message[len(rule.message):].strip(" ()") if hits[0].message != rule.message else ""
                fired = "the reading of the report leaves " + ", ".join(hits[0].fields) + " unsupported" + (
                    f" ({detail})" if detail else "")
                why = [r.why[p] for p in ELEMENTS[code][2] if p in r.why and p not in r.values]
                if why:
                    fired += ": " + "; ".join(why)
            out.append(_element(code, r, fired, several, verify))
    return out
