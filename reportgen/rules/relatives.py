"""RL4xx: relatives, the previously noncustodial parent, and placement checks —
CRC 5.690(a)(1)(C), WIC §§309(e), 361.2(a), 361.3 and 361.4."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportgen.case import Case, blank
from reportgen.rules.base import LAW, OBJECT, WARN, Hit, hit, rule

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
        For every relative recorded as having asked for placement, the
        assessment status must be stated, and "not started" does not count.
        The rule fires once per such relative.

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
    for i, person in case.items("relatives.people"):
        if person.get("requested_placement") is True and person.get("assessment_status") in (None, "not_started"):
            yield hit(f"relatives.people[{i}].assessment_status", detail=_named("relative", person, i))


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
        whose living arrangement is not stated is left to other checks.

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
        if parent.get("lived_with_child_at_300_events") is False and blank(parent.get("custody_request")):
            yield hit(f"parents[{i}].custody_request", detail=_named("parent", parent, i))


RULES = [
    relative_search_unreported,
    relative_request_unassessed,
    relative_denial_no_factors,
    relative_home_checks_missing,
    noncustodial_parent_not_considered,
]
