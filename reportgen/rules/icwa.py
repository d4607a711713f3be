"""IC5xx: the Indian Child Welfare Act as California applies it — inquiry,
further inquiry and notice (WIC §§224.2, 224.3), and, for an Indian child who is
removed, active efforts, the qualified expert witness and the placement
preferences (WIC §§361.7, 361.31)."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.case import Case, blank
from reportgen.rules.base import LAW, OBJECT, WARN, Hit, hit, rule

#: After a warrantless removal (WIC §306) the duty to ask extended family is
#: settled; after a warrant removal the courts of appeal disagree.
WARRANTLESS_REMOVAL = "306"


@rule(
    code="IC501",
    slug="icwa-inquiry-undocumented",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §224.2(a); CRC 5.481(a)",
    message="The report does not show that anyone was asked whether the child is, or may be, an Indian child.",
    fields=["icwa.inquiry[]"],
)
def icwa_inquiry_undocumented(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The ICWA inquiry list must hold at least one entry: who was asked
        whether the child is or may be an Indian child, when, and what they
        answered. An empty list, or a missing ICWA section, fires the rule.

    Why it matters
        The court and the agency have an affirmative and continuing duty to
        ask, from first contact, whether the child is or may be an Indian
        child, and the party seeking foster placement must document that
        inquiry. If the report is silent, the court cannot make its ICWA
        finding, and a gap in the inquiry is a common subject of appeal, which
        can delay the child's permanence.

    How to fix
        List each person asked (the child, the parents, extended family, the
        reporting party and others), their relationship to the child, the
        date, and the answer given, including "declined" or "does not know".
    """
    if not list(case.items("icwa.inquiry")):
        yield hit("icwa.inquiry[]")


@rule(
    code="IC502",
    slug="icwa-extended-family-not-asked",
    severity=WARN,
    basis=LAW,
    citation="WIC §224.2(b); scope after a warrant removal disputed, In re Robert F. (2023)",
    message="Extended family members are known, but none is recorded as asked about Indian ancestry (required "
    "after a warrantless removal, disputed after a warrant removal).",
    fields=["icwa.inquiry[]", "icwa.extended_family_known", "relatives.people[]"],
)
def icwa_extended_family_not_asked(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When extended family is known (the ICWA section says so, or the
        relatives section lists anyone), at least one ICWA inquiry entry must
        be with a person of type "extended family". The finding is an
        objection when the child was taken without a warrant (WIC §306) and a
        warning otherwise.

    Why it matters
        When a child is taken into temporary custody under §306, the agency
        must ask extended family members, among others, whether the child is
        or may be Indian. Relatives often know of tribal ties that parents do
        not mention. Courts of appeal are split on whether the same duty
        applies after a removal by warrant (§340), so for those removals the
        rule only asks the social worker to consider it.

    How to fix
        Ask the known grandparents, aunts, uncles, adult siblings and other
        extended family about Indian ancestry, and record each as an inquiry
        entry of type "extended family" with the date and answer.
    """
    known = case.get("icwa.extended_family_known") is True or bool(list(case.items("relatives.people")))
    if not known:
        return
    if any(q.get("person_type") == "extended_family" for _, q in case.items("icwa.inquiry")):
        return
    escalate = OBJECT if case.get("dates.removal_authority") == WARRANTLESS_REMOVAL else None
    yield hit("icwa.inquiry[]", severity=escalate)


@rule(
    code="IC503",
    slug="icwa-further-inquiry-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §224.2 (further inquiry; subdivision believed (e), to be confirmed); In re I.F. (2022)",
    message="There is reason to believe the child may be an Indian child, but no further inquiry with relatives, "
    "tribes or the BIA is described.",
    fields=["icwa.further_inquiry_steps"],
)
def icwa_further_inquiry_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When there is reason to believe the child may be Indian (the stated
        status is reason to believe, reason to know or Indian child, or anyone
        asked answered that there may be ancestry), the steps of further
        inquiry must be described.

    Why it matters
        Reason to believe triggers a duty to investigate further: interview
        the parents and extended family, and contact the tribes named and the
        Bureau of Indian Affairs, to learn whether the child is a member or
        eligible for membership. Courts have reversed where an ancestry claim
        was recorded and nothing more was done (In re I.F.). The statutory
        subdivision is believed to be §224.2(e) and is to be confirmed; the
        duty itself is settled.

    How to fix
        Describe who was interviewed, which tribes and the BIA were contacted,
        when, and what each answered; if the lead was ruled out, say how.
    """
    if case.reason_to_believe and blank(case.get("icwa.further_inquiry_steps")):
        yield hit("icwa.further_inquiry_steps")


@rule(
    code="IC504",
    slug="icwa-notice-undocumented",
    severity=WARN,
    basis=LAW,
    citation="WIC §224.3; 25 U.S.C. §1912(a)",
    message="There is reason to know the child is an Indian child, but no notice to a tribe or the BIA is "
    "documented (citation to be confirmed).",
    fields=["icwa.tribes[]", "icwa.tribes[].notice_date", "icwa.bia_notice_date"],
    unverified=True,
)
def icwa_notice_undocumented(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When there is reason to know the child is Indian (or the child is
        known to be Indian), at least one tribe must have a notice date, or
        the notice to the Bureau of Indian Affairs must be dated. The finding
        points at each listed tribe lacking a date, or at the empty tribe
        list, and at the BIA notice date.

    Why it matters
        Tribes can only take part in, or take over, a case they are told
        about, and a missing notice can undo the court's orders on appeal.
        Notice is believed to be governed by
        WIC §224.3 and 25 U.S.C. §1912(a), which is also believed to require
        notice at least ten days before a foster-care placement hearing; these
        citations have not been read and are to be confirmed, so the rule is
        a warning.

    How to fix
        For each tribe the child may belong to, record the date formal notice
        was sent and any response; where no tribe can be identified, record
        the date notice went to the BIA.
    """
    if not case.reason_to_know:
        return
    tribes = list(case.items("icwa.tribes"))
    if any(t.get("notice_date") is not None for _, t in tribes) or case.get("icwa.bia_notice_date") is not None:
        return
    where = [f"icwa.tribes[{i}].notice_date" for i, _ in tribes] or ["icwa.tribes[]"]
    yield hit(*where, "icwa.bia_notice_date")


def _unanswered_for_removed_indian_child(case: Case, path: str) -> Iterator[Hit]:
    """IC505–IC507: a hit at ``path`` when removal of a child there is reason to
    know is Indian (or is known to be) is recommended and ``path`` is blank."""
    if case.reason_to_know and case.removed and blank(case.get(path)):
        yield hit(path)


@rule(
    code="IC505",
    slug="icwa-active-efforts-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.7(a)–(b); CRC 5.690(a)(1)(B)(i); WIC §16501.1(b)(2)",
    message="Removing an Indian child requires active efforts to keep the family together, and the report "
    "describes none.",
    fields=["icwa.active_efforts"],
)
def icwa_active_efforts_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When there is reason to know the child is Indian (or the child is
        known to be Indian) and removal is recommended, the active efforts
        made to prevent the breakup of the family must be described.

    Why it matters
        Before an Indian child is placed in foster care against a parent's
        wishes, the agency must show active efforts to provide remedial and
        rehabilitative programs designed to prevent the breakup of the
        family, and that they failed. The efforts are judged case by case and
        should use the extended family, the tribe and Indian service
        providers. The social study and the case plan must both set them out.

    How to fix
        Describe the services and help actually provided (not only referrals),
        who provided them, how the tribe and extended family were involved,
        and why they did not make removal unnecessary.
    """
    yield from _unanswered_for_removed_indian_child(case, "icwa.active_efforts")


@rule(
    code="IC506",
    slug="icwa-qew-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.7(c)",
    message="Foster placement of an Indian child requires testimony from a qualified expert witness, and none "
    "is named.",
    fields=["icwa.qew.name"],
)
def icwa_qew_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When there is reason to know the child is Indian (or the child is
        known to be Indian) and removal is recommended, a qualified expert
        witness must be named.

    Why it matters
        The court may not order foster placement of an Indian child without
        clear and convincing evidence, including the testimony of a qualified
        expert witness, that keeping the child with the parent is likely to
        cause serious emotional or physical damage. If no witness is lined up
        the hearing cannot lawfully end in removal.

    How to fix
        Name the qualified expert witness and state the witness's
        qualifications.
    """
    yield from _unanswered_for_removed_indian_child(case, "icwa.qew.name")


@rule(
    code="IC507",
    slug="icwa-placement-preferences",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.31",
    message="The report does not explain how the placement follows the ICWA placement preferences, or why it "
    "departs from them.",
    fields=["placement.icwa_placement_preference_compliance"],
)
def icwa_placement_preferences(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When there is reason to know the child is Indian (or the child is
        known to be Indian) and removal is recommended, the placement section
        must say how the placement meets the ICWA placement preferences.

    Why it matters
        ICWA sets an order of preference for placing an Indian child in
        foster care, which WIC §361.31 carries into California law; a
        placement outside that order needs a stated reason. The court must be
        able to see which preference the placement meets, or why it departs
        from them.

    How to fix
        State which preference the placement satisfies, or the search made for
        a preferred placement and the good cause for departing from the order.
    """
    yield from _unanswered_for_removed_indian_child(case, "placement.icwa_placement_preference_compliance")


RULES = [
    icwa_inquiry_undocumented,
    icwa_extended_family_not_asked,
    icwa_further_inquiry_missing,
    icwa_notice_undocumented,
    icwa_active_efforts_missing,
    icwa_qew_missing,
    icwa_placement_preferences,
]
