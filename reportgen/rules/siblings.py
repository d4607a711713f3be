"""SB2xx: siblings — WIC §358.1(d)(1), §16002 and §362.1(a)(2), and the CEB
§12.47 advice that the permanent plan keep siblings together.

§358.1(d)(1) asks for a *factual discussion* of the child's siblings, so the
rules here separate "never answered" (``None``, empty, a bare "N/A") from an
explicit answer such as ``has_siblings: false`` or a written reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportgen.case import Case, blank
from reportgen.rules.base import LAW, OBJECT, PRACTICE, WARN, Hit, blank_fields, hit, rule, who


def _who(index: int, sibling: dict[str, Any]) -> str:
    return who("sibling", index, sibling)


def _placed_apart(sibling: dict[str, Any]) -> bool:
    """Placed apart from the child and (as far as the report says) a dependent.

    §358.1(d)(1)(C) concerns siblings under the court's jurisdiction; a sibling
    stated to be outside it (``False``) is not held to this, while an unanswered
    jurisdiction question does not excuse the report.
    """
    return sibling.get("placed_together") is False and sibling.get("under_court_jurisdiction") is not False


@rule(
    code="SB201",
    slug="siblings-not-addressed",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358.1(d)(1)",
    message=(
        "The report must state whether the child has any siblings under the court's jurisdiction, even when "
        "there are none."
    ),
    fields=["has_siblings", "siblings[]"],
)
def siblings_not_addressed(case: Case) -> Iterator[Hit]:
    """
    What it checks
        That the report answers the sibling question: ``has_siblings`` is
        given or siblings are listed, and when it is true, at least one sibling
        is listed (a listed sibling answers the question by itself). An explicit
        ``has_siblings: false`` ("the child has no siblings") is an answer and
        leaves the rule silent.

        It also looks where else the report records the child's siblings: a
        parent's other children (half-siblings not before the court; the
        child's parents only) and children living in the placement home marked
        as siblings. Each one missing from the child's sibling list (by name)
        is a finding of its own: the report knows of the sibling and says
        nothing of the relationship, placement or visits.

    Why it matters
        §358.1(d)(1) requires every social study to discuss whether the child
        has siblings under the court's jurisdiction. It asks for a factual
        discussion, so silence is a defect even when the true answer is "none":
        the court cannot tell an only child from a question nobody asked.

    How to fix
        Answer whether the child has siblings. If there are none, say so. If
        there are, list each one with the relationship, placement and visits,
        including half-siblings not before the court and siblings living in
        the placement home.
    """
    answer = case.get("has_siblings")
    listed = not blank(case.get("siblings"))
    if answer is None and not listed:
        yield hit("has_siblings")
    elif answer is True and blank(case.get("siblings")):
        yield hit("has_siblings", "siblings[]")
    # the child's own name too: a parent may list a child of this report among their children
    known = {_key(s.get("name")) for _, s in case.items("siblings")} | {_key(case.get("child.name"))}
    for path, other in _siblings_elsewhere(case):
        if _key(other.get("name")) not in known - {None}:
            yield hit("has_siblings", "siblings[]", path,
                      detail=f"{_named(other)}, named {_where(path)} but not among the child's siblings")


def _named(other: dict[str, Any]) -> str:
    name = other.get("name")
    return f"sibling: {name}" if not blank(name) else "an unnamed sibling"


def _key(name: Any) -> str | None:
    return " ".join(str(name).casefold().split()) if not blank(name) else None


def _where(path: str) -> str:
    return "in the placement home" if path.startswith("placement.") else "among a parent's other children"


def _siblings_elsewhere(case: Case) -> Iterator[tuple[str, dict[str, Any]]]:
    """Siblings the report records outside the child's sibling list: a parent's other
    children (half- or full siblings not before the court, unless marked as not
    the child's sibling) and children in the placement home marked as siblings."""
    for k, parent in case.items("parents"):
        for j, other in enumerate(parent.get("other_children") or []):
            if isinstance(other, dict) and other.get("is_sibling") is not False:
                yield f"parents[{k}].other_children[{j}]", other
    for j, other in case.items("placement.other_children"):
        if other.get("is_sibling") is True:
            yield f"placement.other_children[{j}]", other


@rule(
    code="SB202",
    slug="sibling-relationship-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358.1(d)(1)(A)–(B)",
    message=(
        "For each sibling, describe the child's relationship with that sibling and say whether keeping the "
        "relationship going is appropriate."
    ),
    fields=["siblings[].relationship_description", "siblings[].maintain_relationship_appropriate"],
)
def sibling_relationship_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Every listed sibling has a description of the relationship with the
        child and a statement on whether developing or maintaining that
        relationship is appropriate.

    Why it matters
        §358.1(d)(1)(A) and (B) name both items for each sibling. The second
        refers to §16002, which makes sibling ties something the agency must
        actively protect; without these answers the court cannot make sibling
        placement or visitation orders on facts.

    How to fix
        For each sibling, describe how the children get along and what the
        bond means to them, and state whether keeping it up is appropriate
        (and, if not, why not).
    """
    for i, sib in case.items("siblings"):
        missing = blank_fields(sib, f"siblings[{i}]", ("relationship_description", "maintain_relationship_appropriate"))
        if missing:
            yield hit(*missing, detail=_who(i, sib))


@rule(
    code="SB203",
    slug="siblings-apart-no-reason",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358.1(d)(1)(C); WIC §16002(b)",
    message="A sibling is placed apart from the child and the report does not explain why.",
    fields=["siblings[].placed_together", "siblings[].reason_apart"],
)
def siblings_apart_no_reason(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each sibling under the court's jurisdiction (or whose status is not
        stated) who is not placed with the child, a reason for the separation
        is given.

    Why it matters
        The law presumes that siblings in care live together unless that is
        contrary to a sibling's safety or well-being (§16002(a)). When they do
        not, §358.1(d)(1)(C) and §16002(b) require the social worker to say
        why, so the court can judge whether the separation is justified.

    How to fix
        State why the siblings are not together (for example, no home could
        take the whole group, or a safety concern), with the facts behind it.
    """
    for i, sib in case.items("siblings"):
        if _placed_apart(sib) and blank(sib.get("reason_apart")):
            yield hit(f"siblings[{i}].reason_apart", detail=_who(i, sib))


@rule(
    code="SB204",
    slug="siblings-apart-no-efforts",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358.1(d)(1)(C); WIC §16002(b)",
    message=(
        "A sibling lives apart from the child and the report neither describes efforts to place them together"
        " nor explains why such efforts would not be appropriate."
    ),
    fields=["siblings[].efforts_to_place_together", "siblings[].efforts_inappropriate_reason"],
)
def siblings_apart_no_efforts(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each sibling under the court's jurisdiction (or whose status is not
        stated) who is not placed with the child, the report either describes
        what is being done to bring them together or explains why doing so
        would be inappropriate. Either answer is enough.

    Why it matters
        §16002(b) puts a duty of diligent effort on the agency to place
        siblings together, and §358.1(d)(1)(C) makes the report account for it.
        A reason for the present separation (SB203) is not the same as a plan
        to end it.

    How to fix
        Describe the steps taken or planned to place the siblings together
        (homes searched, caregivers asked, dates), or state why such efforts
        would harm a sibling's safety or well-being.
    """
    for i, sib in case.items("siblings"):
        if (
            _placed_apart(sib)
            and blank(sib.get("efforts_to_place_together"))
            and blank(sib.get("efforts_inappropriate_reason"))
        ):
            yield hit(
                f"siblings[{i}].efforts_to_place_together",
                f"siblings[{i}].efforts_inappropriate_reason",
                detail=_who(i, sib),
            )


@rule(
    code="SB205",
    slug="siblings-apart-visits-unstated",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358.1(d)(1)(D); WIC §362.1(a)(2)",
    message=(
        "For a sibling living apart, state how often and in what way the children visit and whether visits "
        "are supervised, or why there is no contact."
    ),
    fields=[
        "siblings[].visits.frequency",
        "siblings[].visits.supervised",
        "siblings[].visits.supervision_reason",
        "siblings[].visits.no_contact_reason",
    ],
)
def siblings_apart_visits_unstated(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each sibling not placed with the child (and not stated to be
        outside the court's jurisdiction, as for SB203/SB204): the visit frequency is
        given, whether visits are supervised is answered, and when they are
        supervised, the reason is given. A stated reason for having no contact
        at all answers the question instead.

    Why it matters
        §358.1(d)(1)(D) asks for the frequency and nature of sibling visits and
        whether they are supervised, with reasons. §362.1(a)(2) requires a
        foster-care order with reunification services to provide for sibling
        visits unless the court finds, by clear and convincing evidence, that
        contact would harm either child; the court needs the facts to make
        that order or that finding.

    How to fix
        Give the visit schedule, how visits happen (in person, calls, video),
        and whether they are supervised and why. If there is to be no contact,
        state the safety or well-being reason.
    """
    for i, sib in case.items("siblings"):
        if not _placed_apart(sib):  # §358.1(d)(1) speaks of siblings under the court's jurisdiction
            continue
        visits = sib.get("visits") or {}
        if not blank(visits.get("no_contact_reason")):
            continue
        base = f"siblings[{i}].visits"
        missing = []
        if blank(visits.get("frequency")):
            missing.append(f"{base}.frequency")
        supervised = visits.get("supervised")
        if supervised is None:
            missing.append(f"{base}.supervised")
        elif supervised is True and blank(visits.get("supervision_reason")):
            missing.append(f"{base}.supervision_reason")
        if missing:
            yield hit(*missing, detail=_who(i, sib))


@rule(
    code="SB207",
    slug="concurrent-plan-splits-siblings",
    severity=WARN,
    basis=PRACTICE,
    citation="CEB §12.47; WIC §16002(a)",
    message=(
        "Practice: the alternative permanent home would not take the siblings in care, and the report does "
        "not say how their bond will be kept or why they cannot stay together."
    ),
    fields=["concurrent_plan.prospective_family.includes_siblings", "concurrent_plan.sibling_permanency_note"],
)
def concurrent_plan_splits_siblings(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When any sibling is under the court's jurisdiction and the prospective
        permanent family is stated not to include the siblings, the concurrent
        plan carries a note on sibling permanency. An unanswered
        ``includes_siblings`` is left to the concurrent-plan rules.

    Why it matters
        CEB §12.47 (a practice guide, not law) tells the child's attorney to
        check that the concurrent plan addresses sibling placement and the
        need to place siblings together in a home that could become permanent.
        §16002(a) states the Legislature's intent that siblings in care live
        together. A plan that quietly splits the group may make a temporary
        separation permanent.

    How to fix
        In the concurrent plan, explain why the siblings cannot share the
        permanent home, what is being done to find one that takes them all,
        and how their contact will be kept if they are apart.
    """
    if not case.siblings_in_care():
        return
    if case.get("concurrent_plan.prospective_family.includes_siblings") is False and blank(
        case.get("concurrent_plan.sibling_permanency_note")
    ):
        yield hit("concurrent_plan.prospective_family.includes_siblings", "concurrent_plan.sibling_permanency_note")


RULES = [
    siblings_not_addressed,
    sibling_relationship_missing,
    siblings_apart_no_reason,
    siblings_apart_no_efforts,
    siblings_apart_visits_unstated,
    concurrent_plan_splits_siblings,
]
