"""RL4xx: relatives, the previously noncustodial parent, and placement checks —
CRC 5.690(a)(1)(C), WIC §§309(e), 361.2(a), 361.3 and 361.4."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportgen.case import Case, blank
from reportgen.rules.base import DISPOSITION, LAW, OBJECT, WARN, Hit, hit, rule, searched

#: Placement types where the caregiver is a relative or other person who is not
#: a licensed foster parent, so the WIC §361.4 checks apply before placement.
UNLICENSED_PLACEMENTS = {"relative", "nrefm"}

#: The §361.4 steps whose dates must appear before such a placement. Fingerprint
#: clearance may follow the placement, so it is not required here.
REQUIRED_HOME_CHECKS = ("home_visit_date", "clets_check_date", "child_abuse_check_date")


def _named(kind: str, item: dict[str, Any], index: int) -> str:
    """A finding's detail: the person's name only, or their position when unnamed."""
    name = item.get("name")
    return f"{kind}: {name}" if not blank(name) else f"{kind} #{index + 1} (unnamed)"


def _unrecorded(case: Case, base: str, names: tuple[str, ...]) -> Iterator[Hit]:
    """One hit pointing at each ``base.name`` never recorded (a count of 0 is recorded)."""
    missing = [f"{base}.{name}" for name in names if case.get(f"{base}.{name}") is None]
    if missing:
        yield hit(*missing)


@rule(
    code="RL401",
    hearings=DISPOSITION,
    slug="relative-search-unreported",
    severity=OBJECT,
    basis=LAW,
    citation="CRC 5.690(a)(1)(C); WIC §309(e)",
    message="State how many relatives were identified, located and notified, and how each one is related to the child.",
    fields=["relatives.identified_count", "relatives.notified_count"],
)
def relative_search_unreported(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When removal is recommended, the report must give the number of
        relatives identified and the number notified. A count of 0 is an
        answer; a count left empty (or a relatives section that is missing
        altogether) is not.

    Why it matters
        Within 30 days of removal the agency must search for the child's adult
        relatives and tell them the child has been removed, and the
        disposition report must account for that search. Relatives are the
        first placement the law considers and often the child's permanent
        family if reunification fails; an unreported search cannot be
        reviewed by the court or the child's attorney.

    How to fix
        In the relatives section fill in how many relatives were identified,
        located and notified (write 0 where none were), and list each relative
        with the relationship to the child.
    """
    if not case.removed:
        return
    yield from _unrecorded(case, "relatives", ("identified_count", "notified_count"))


@rule(
    code="RL402",
    slug="relative-request-unassessed",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.3(a), (c)(1)",
    message="A relative asked to have the child placed with them, but the report does not show that request "
    "was assessed.",
    fields=["relatives.people[].assessment_status"],
)
def relative_request_unassessed(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For every relative recorded as having asked for placement, or as
        interested in placement, the assessment status must be stated, and
        "not started" does not count. The rule fires once per such relative.
        It also fires when the report counts relatives interested in placement
        but lists none of them, so nothing about their assessment can be said.

    Why it matters
        A relative's request for placement gets preferential consideration:
        that relative is the first placement to be considered and
        investigated. A request left unassessed at disposition means the
        preference was not applied, which the court cannot see unless the
        report says so.

    How to fix
        Record where the assessment of each requesting relative stands
        (pending, approved, denied or withdrawn) and, in the relative's entry,
        the factors weighed under WIC §361.3.
    """
    asking = [(i, person) for i, person in case.items("relatives.people") if asked_for_placement(person)]
    for i, person in asking:
        if unassessed(person):
            yield hit(f"relatives.people[{i}].assessment_status", detail=_named("relative", person, i))
    count = case.get("relatives.interested_placement_count")
    if isinstance(count, int) and count > 0 and not asking:
        yield hit("relatives.interested_placement_count", "relatives.people[]",
                  detail=f"{count} interested in placement by the report's count, none of them listed")


def asked_for_placement(person: dict[str, Any]) -> bool:
    """The relative asked for the child, or said they are interested in placement."""
    return person.get("requested_placement") is True or person.get("interest") == "placement"


def unassessed(person: dict[str, Any]) -> bool:
    """No assessment of the relative's home is on record ("not started" is none)."""
    return person.get("assessment_status") in (None, "not_started")


@rule(
    code="RL403",
    slug="relative-denial-no-factors",
    severity=WARN,
    basis=LAW,
    citation="WIC §361.3(a); In re Joseph T. (2008) 163 Cal.App.4th 787",
    message="A relative was turned down for placement and the report does not say which WIC §361.3 factors "
    "led to that decision.",
    fields=["relatives.people[].factors_considered"],
)
def relative_denial_no_factors(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For every relative whose placement assessment was denied, the factors
        considered must be stated. The rule fires once per such relative.

    Why it matters
        WIC §361.3(a) lists what the social worker and the court weigh for a
        relative who asks for placement: the child's best interest and special
        needs, the wishes of parent, relative and child, the relationship, and
        the relative's ability to give a safe and stable home, protect the
        child, support reunification and offer permanence. The preference
        lasts through the reunification period (In re Joseph T.), so a denial
        must show that weighing. A bare reason for the denial (a failed
        check, for example) is kept in its own field and is not the same as
        the factor analysis. This is a warning because the court judges
        whether the explanation is enough.

    How to fix
        In the relative's entry, describe the §361.3 factors considered and
        how each bore on the decision not to place with that relative.
    """
    for i, person in case.items("relatives.people"):
        if person.get("assessment_status") == "denied" and blank(person.get("factors_considered")):
            yield hit(f"relatives.people[{i}].factors_considered", detail=_named("relative", person, i))


@rule(
    code="RL404",
    slug="relative-home-checks-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.4",
    message="The child is placed with a relative or other unlicensed caregiver, but the home visit or a "
    "required background check is not documented.",
    fields=[
        "placement.relative_checks.home_visit_date",
        "placement.relative_checks.clets_check_date",
        "placement.relative_checks.child_abuse_check_date",
    ],
)
def relative_home_checks_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When the placement type is relative or nonrelative extended family
        member, or the caregiver is marked as a relative, the dates of the home
        visit, the state criminal-records (CLETS) check and the child-abuse
        history check must all be given. The finding points at each date that
        is missing.

    Why it matters
        Before a child is placed with a relative or another person who is not
        a licensed foster parent, WIC §361.4 requires the social worker to
        visit the home and check the criminal and child-abuse history of the
        adults living there. Without those dates the court cannot tell that
        the placement was lawfully cleared.

    How to fix
        Enter the date of the home visit, the CLETS check and the child-abuse
        history check under the placement's relative checks. If a check has
        not been done, say so in the placement narrative and do it before the
        hearing.
    """
    is_relative = case.get("placement.caregiver.is_relative") is True
    if case.get("placement.type") not in UNLICENSED_PLACEMENTS and not is_relative:
        return
    yield from _unrecorded(case, "placement.relative_checks", REQUIRED_HOME_CHECKS)


@rule(
    code="RL405",
    hearings=DISPOSITION,
    slug="noncustodial-parent-not-considered",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.2(a)",
    message="The report does not say whether a parent who was not living with the child wants custody and, if so, "
    "whether placing the child with that parent would be detrimental.",
    fields=["parents[].custody_request"],
)
def noncustodial_parent_not_considered(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For every parent recorded as not living with the child when the
        events in the petition happened, the report must say whether that
        parent asks for custody. The rule fires once per such parent. A parent
        whose living arrangement is not stated is left to other checks, and
        so is a parent who has died or could not be found after a recorded
        search (RL408 asks for the search).

    Why it matters
        On removal, the court must first ask whether a parent the child was not
        living with wants custody; if so, the child goes to that parent unless
        the placement would be detrimental to the child's safety, protection,
        or physical or emotional well-being. Placement with a stranger while a
        willing parent goes unmentioned skips the step the law puts first.

    How to fix
        In the parent's entry, record whether the parent asked for custody and,
        where the parent did, the agency's assessment of whether that
        placement would be detrimental and why. If the parent does not want
        custody, say so.
    """
    if not case.removed:
        return  # §361.2(a) speaks to placement on removal
    for i, parent in case.items("parents"):
        if cannot_be_asked(parent):
            continue
        if parent.get("lived_with_child_at_300_events") is False and blank(parent.get("custody_request")):
            yield hit(f"parents[{i}].custody_request", detail=_named("parent", parent, i))


def cannot_be_asked(parent: dict[str, Any]) -> bool:
    """A parent who has died, or who could not be found after a recorded search
    (RL408 asks for the search): nobody can ask them whether they want custody."""
    status = parent.get("status")
    return status == "deceased" or (status == "whereabouts_unknown" and searched(parent))


@rule(
    code="RL408",
    slug="absent-parent-no-search",
    severity=WARN,
    basis=LAW,
    citation="WIC §361.5(b)(1); CRC 5.690(a)(1)(B)(iii)",
    message="A parent's whereabouts are recorded as unknown, but the report records no search made for that "
    "parent (citation to be confirmed).",
    fields=["parents[].due_diligence.started_date", "parents[].due_diligence.methods"],
    unverified=True,
)
def absent_parent_no_search(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For every parent whose status is "whereabouts unknown" (or who is
        recorded as not known where to find), the report records the
        due-diligence search: when it was made (started or completed) and how
        (the records, people and places checked). The rule fires once per
        such parent and points at what is missing.

    Why it matters
        The report must speak for each parent: whether the parent was told of
        adoption planning and answered (CRC 5.690(a)(1)(B)(iii)), whether a
        noncustodial parent wants custody, which services the parent gets.
        A parent who cannot be found is excused from each only because they
        could not be found, and "whereabouts unknown" is also a ground on
        which services may be denied (WIC §361.5(b)(1)). Without the search on
        record the court cannot tell a parent nobody could find from a parent
        nobody looked for. We have not read the statute's own words on the
        search the ground requires, so this is a warning and the citation is
        to be confirmed.

    How to fix
        Record the due-diligence search under the parent: the dates it began
        and ended, the methods (relatives asked, databases, jails and
        hospitals, last known addresses, social media) and the result. If the
        parent has since been found, record where and ask them.
    """
    for i, parent in case.items("parents"):
        absent = parent.get("status") == "whereabouts_unknown" or (
            parent.get("whereabouts_known") is False and parent.get("status") != "deceased")
        if not absent or searched(parent):
            continue
        search = parent.get("due_diligence") or {}
        base = f"parents[{i}].due_diligence"
        paths = []
        if search.get("started_date") is None and search.get("completed_date") is None:
            paths.append(f"{base}.started_date")
        if blank(search.get("methods")):
            paths.append(f"{base}.methods")
        yield hit(*paths, detail=_named("parent", parent, i))


def _same_person(a: Any, b: Any) -> bool:
    return not blank(a) and not blank(b) and " ".join(str(a).casefold().split()) == " ".join(str(b).casefold().split())


def plan_family_not_relative(case: Case) -> bool:
    """The concurrent plan names a family the report does not show to be related to
    the child: the current caregiver marked as no relative (or in a licensed,
    non-relative placement), or another family that is not among the relatives."""
    family = case.get("concurrent_plan.prospective_family") or {}
    name = family.get("name")
    if blank(name):
        return False
    if any(_same_person(name, person.get("name")) for _, person in case.items("relatives.people")):
        return False
    if family.get("is_current_caregiver") is True:
        caregiver_relative = case.get("placement.caregiver.is_relative")
        if caregiver_relative is not None:
            return caregiver_relative is False
        return case.get("placement.type") in NON_RELATIVE_PLACEMENTS
    return True


#: Placement types that are not with a relative: a licensed resource family or foster home, or a facility.
NON_RELATIVE_PLACEMENTS = {"resource_family", "foster_family_agency", "strtp"}


@rule(
    code="RL409",
    slug="plan-passes-over-requesting-relative",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.3(a), (c)(1)",
    message="The concurrent plan names a family that is not related to the child while a relative who asked for "
    "placement has not been assessed.",
    fields=["concurrent_plan.prospective_family.name", "relatives.people[].assessment_status"],
)
def plan_passes_over_requesting_relative(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The concurrent plan names a prospective permanent family who is not a
        relative (the current caregiver recorded as not a relative, or a
        non-relative resource family, or another family not listed among the
        relatives), while a relative who asked for placement, or said they
        are interested in it, has no assessment on record ("not started"
        counts as none). It fires once per such relative, naming the plan's
        family. RL402 objects to the unassessed request itself; this rule
        objects to the plan built past it.

    Why it matters
        A relative's request for placement gets preferential consideration:
        the relative is the first placement considered and investigated
        (WIC §361.3(a), (c)(1)), and the preference lasts through the
        reunification period. A concurrent plan that settles the child's
        permanent home with non-relatives before the requesting relative is
        assessed reverses that order; if reunification fails, the child may
        have bonded in a home the law did not put first.

    How to fix
        Assess the requesting relative (record the status and the §361.3
        factors), and either make the relative the plan's family or explain,
        from the assessment, why the plan stays with the family it names.
    """
    if not case.removed or not plan_family_not_relative(case):
        return
    family = case.get("concurrent_plan.prospective_family.name")
    for i, person in case.items("relatives.people"):
        if asked_for_placement(person) and unassessed(person):
            yield hit("concurrent_plan.prospective_family.name", f"relatives.people[{i}].assessment_status",
                      detail=f"{_named('relative', person, i)}; the plan names {family}")


RULES = [
    relative_search_unreported,
    relative_request_unassessed,
    relative_denial_no_factors,
    relative_home_checks_missing,
    noncustodial_parent_not_considered,
    absent_parent_no_search,
    plan_passes_over_requesting_relative,
]
