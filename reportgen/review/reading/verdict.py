"""From the reading to the element table: the catalogue's rules run on the
partial case each child's reading placed (:func:`.judge.case_of`), and each
finding becomes an element "not found" quoting the passage relied on, or the
passages considered when the report is silent."""

from __future__ import annotations

import re

from reportgen.case import Case
from reportgen.review.heuristics import FOUND, NOT_APPLICABLE, NOT_FOUND, PASSAGE_CHARS, TO_VERIFY, Element
from reportgen.review.reading.context import AFFIRMED, HEDGED, NEGATED
from reportgen.review.reading.judge import (
    _NOT_ASKED,
    CODES,
    ChildReading,
    Statement,
    _affirmed,
    _only_after_failure,
    _rx,
    case_of,
    read,
)
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

#: Codes whose objection rests on the report's silence: they object only when no passage speaks of the
#: value's subject (:func:`discussed`); otherwise the finding is a point to verify.
GATED = frozenset({"CP105", "CP106", "CP108", "CP111", "SB201", "SB203", "SB204", "SB205"})


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
    if not missing or any(p in r.empty or p.rsplit(".", 1)[0] in r.empty for p in missing):
        return None
    passages = [r.unplaced.get(p) for p in missing]
    if not all(passages):
        return None
    return [s for group in passages for s in group or []]


#: A sibling word, county shorthand included ("sibs"), in a passage that speaks of siblings.
_SIBLING = _rx(r"\b(siblings?|half-?(brothers?|sisters?)|brothers?|sisters?|sibs?)\b")
_NEED = r"\b(needs?|needed|therap\w*|counsel\w*|iep|504 plan|tutor\w*|medical|pediatric\w*|well-?being)\b"
_LATER = (r"\b(long[- ]?(term|run)|longer[- ]term|future|adult\w*|grow\w* up|as (s?he|they) (grows?|gets? older|ages|matures?)"
          r"|years (ahead|to come)|in the years|lifelong|over time|later|eventually|through (adolescence|high school)"
          r"|until (s?he|they) (is|are) grown|teen\w*|transition\w*)\b")
_TOGETHER = (r"\b(efforts?|explor\w*|asked whether|assess\w*|consider\w*|search\w*|reunite\w*"
             r"|(home|family|placement) (for|that could take|able to take) (both|all|them)|take (both|all|them)"
             r"|(keep|place|placing|live|living) (them|the \w+|both|all)( \w+)? together"
             r"|not (be )?(appropriate|in (his|her|their|the \w+'?s?) best interests?))\b")
#: whom a caregiver's words are said of, where the reading knows no name for the caregiver
_CAREGIVER = (r"\b(caregivers?|care providers?|resource (parents?|family|mother|father)|foster (parents?|mother|father"
              r"|family)|relatives?|aunt|uncle|grand\w+|cousin|godmother|godfather|godparents?|nrefm|placement)\b")
#: What a plan is argued from: the plan itself as the subject, or the relationship, stability, commitment and
#: progress it rests on.
_GROUNDS = _rx(r"\b((this|the|these|each) plans?|basis|footing|grounds?|rests? on|built on|attach\w*|bond\w*|known"
               r"|trusts?|relationship|committed|commitment|stable|stability|thriv\w*|improv\w*|progress\w*"
               r"|(has|have) (lived|been) with|settled)\b")
#: What a passage must speak of to discuss each value a rule rests on: the law's element in plain words, for
#: this child (the reading places a value only where it can tell who said what and whether it was affirmed;
#: a passage on the element's subject that it could not place is one the attorney reads before objecting).
#: Each is a conjunction of word classes where the element has two halves (a need and the long term; a sibling
#: and a reason): a passage missing either half does not discuss it.
DISCUSSES: dict[str, tuple[re.Pattern[str], ...]] = {
    "concurrent_plan.prospective_family.name": (_rx(r"\b(adopt\w*|guardian\w*|prospective|identified|permanent)\b"),
                                                _rx(r"\b(family|families|home|parents?|relatives?|caregivers?|aunt|uncle"
                                                    r"|grand\w+|cousin)\b")),
    "concurrent_plan.family_search_steps": (_rx(r"\b(search\w*|family[- ]finding|recruit\w*|match\w*|icpc|home study"
                                                r"|referr\w*|notif\w*|(contacted|assessed|explored|asked)\b.{0,40}"
                                                r"\b(relatives?|family|families|kin))\b"),),
    "placement.caregiver_permanency_willingness": (_rx(r"\b(adopt\w*|guardian\w*|permanen\w*|forever|lifelong|commit\w*)\b"),
                                                   _rx(_CAREGIVER)),
    "placement.caregiver_permanency_suitability": (_rx(
        r"\b(approved|approval|rfa|licen[cs]\w*|home study|suitab\w*|(meets?|meeting|able to meet|met)\b.{0,40}\bneeds"
        r"|safe|stable|bond\w*|attach\w*|thriv\w*|doing well)\b"),),
    "concurrent_plan.alternative_home_efforts": (_rx(
        r"\b(search\w*|family[- ]finding|recruit\w*|match\w*|icpc|home study|referr\w*|another (home|family|placement)"
        r"|(prospective|identified|other|potential) (adoptive |permanent )?(family|home|families|homes)"
        r"|(contacted|assessed|explored|asked|notified|approached|identified|considered|interviewed)\b.{0,40}"
        r"\b(relatives?|kin\w*|nrefm|family members?|families|cousins?|aunts?|uncles?|grand\w+|godparents?)"
        r"|(relatives?|kin\w*|nrefm|family members?|cousins?|aunts?|uncles?|grand\w+|godparents?)\b.{0,40}\b(contacted|assessed|explored|asked|notified"
        r"|approached|identified|considered|interviewed|interested))\b"),),
    "concurrent_plan.why_realistic": (_rx(
        r"\b(realistic|because|likely|achiev\w*|(can|will) work|workable|viab\w*|feasib\w*|reasons?|given that)\b"),),
    "concurrent_plan.short_term_needs": (_rx(_NEED),),
    "concurrent_plan.long_term_needs": (_rx(_NEED + r"|\bpermanen\w*|\bstability\b"), _rx(_LATER)),
    "has_siblings": (_SIBLING,),
    "siblings.reason_apart": (_rx(r"\b(because|due to|reasons?|since|as a result|given|space|beds?|bedrooms?|room"
                                  r"|behaviou?r\w*|needs?|safety|unable|could not|cannot|can't|treatment)\b"),),
    "siblings.efforts_to_place_together": (_rx(_TOGETHER),),
    "siblings.efforts_inappropriate_reason": (_rx(_TOGETHER),),
    "siblings.visits.frequency": (_rx(r"\b(weekly|monthly|daily|biweekly|fortnightly|every|each|twice|once a|times a"
                                      r"|per (week|month)|weekends?|alternate|regular(ly)?|holidays?)\b"),),
    "siblings.visits.supervised": (_rx(r"\b(supervis\w*|unsupervised|monitor\w*|on their own|by themselves|visitation center)\b"),),
}


def _sibling_name(r: ChildReading, field: str) -> str | None:
    """The name of the sibling a finding's field is about ("siblings[1].visits.frequency"), when the reading
    has one."""
    m = re.match(r"siblings\[(\d+)\]", field)
    if m is None or int(m.group(1)) >= len(r.siblings):
        return None
    name = str(r.siblings[int(m.group(1))].get("name") or "")
    return name if name and name != "sibling" else None


def _placed(r: ChildReading, path: str) -> bool:
    if path.startswith("siblings."):
        tail = path.split(".", 1)[1]
        return any(re.fullmatch(rf"siblings\[\d+\]\.{re.escape(tail)}", k) for k in r.values)
    return path in r.values


def _how(s: Statement, rx: re.Pattern[str]) -> str:
    """How a passage speaks of a word class: "discusses" where a match is affirmed or hedged (the report says
    something of it now), "says missing" where it is negated ("no relative has been contacted", "has not been
    asked about adoption"), "silent" where it names the subject only as a hypothesis, as history, or as a step
    promised for after reunification has failed."""
    kinds = set()
    for m in rx.finditer(s.full):
        st = _affirmed(s, m)
        if st in (AFFIRMED, HEDGED) and not _only_after_failure(s.full, m) and not _NOT_ASKED.search(s.full):
            kinds.add("discusses")
        elif st == NEGATED or _NOT_ASKED.search(s.full):
            kinds.add("says missing")
    return "discusses" if "discusses" in kinds else "says missing" if kinds else "silent"


def discussed(r: ChildReading, fields: tuple[str, ...]) -> list[Statement] | None:
    """The passages read for this child that speak of every value a finding rests on, when the report says
    none of them outright is empty; None when the report is silent on one of them (the finding stands).

    A value the reading could not place although passages speak of its subject is a point to verify: the
    report may give it in words, a table or an order the reading does not follow. Only a report that never
    speaks of the subject, or says outright that the value is missing, draws the objection."""
    paths = [re.sub(r"\[\d+\]", "", f) for f in fields]
    missing = [p for p in paths if not _placed(r, p)]
    if not missing or any(p in r.empty or p.rsplit(".", 1)[0] in r.empty for p in missing):
        return None
    named = {re.sub(r"\[\d+\]", "", f): _sibling_name(r, f) for f in fields}
    out: list[Statement] = []
    for path in missing:
        need = DISCUSSES.get(path)
        if need is None:
            return None
        pool = [s for s in r.said if not s.row]
        if path == "placement.caregiver_permanency_willingness" and r.caregiver:
            need = (need[0], _rx(_CAREGIVER[:-3] + "|" + "|".join(re.escape(w) for w in sorted(r.caregiver)) + r")\b"))
        if path == "has_siblings":
            pool = [s for s in pool if not s.children or r.child.name in s.children]
        elif path.startswith("siblings."):
            pool = [s for s in pool if _SIBLING.search(s.full)] or [s for s in r.sibling_said if not s.row]
            sibling = named.get(path)
            if sibling:  # the finding is about one sibling: what is said of another is not about it
                pool = [s for s in [*pool, *r.sibling_said] if re.search(rf"\b{re.escape(sibling)}\b", s.full)]
        found: list[Statement] = []
        if path == "concurrent_plan.why_realistic":
            # realism is argued with the case's facts more often than with a word for it ("The footing for this plan
            # is ...", a sub-heading "Basis"): any other sentence of the plan's own part speaks of it
            goal = r.values.get("concurrent_plan.goal")
            found += [s for s in pool if "concurrent_plan" in s.topics and (goal is None or s is not goal.said)
                      and len(s.text.split()) >= 6 and not re.search(_NEED, s.full, re.I)
                      and _how(s, _GROUNDS) == "discusses"][:3]
        found += [s for s in pool if all(_how(s, rx) == "discusses" for rx in need)]
        if not found:  # silent, or said outright to be missing
            return None
        out += [s for s in found if s not in out][:3]
    return out


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
                if verify is None and code in GATED:
                    verify = discussed(r, hits[0].fields)
                detail = hits[0].message[len(rule.message):].strip(" ()") if hits[0].message != rule.message else ""
                fired = "the reading of the report leaves " + ", ".join(hits[0].fields) + " unsupported" + (
                    f" ({detail})" if detail else "")
                why = [r.why[p] for p in ELEMENTS[code][2] if p in r.why and p not in r.values]
                if why:
                    fired += ": " + "; ".join(why)
            out.append(_element(code, r, fired, several, verify))
    return out
