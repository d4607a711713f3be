"""RS3xx: reunification services, their time limits, bypass, and visitation —
WIC §§358.1(a)(1) and (c), 361.5, 362.1(a)(1), CRC 5.686(b), 5.690(a)(1)(B)(i)
and 5.695(h).

Ages for the reunification period are judged on the date of initial removal
(§361.5(a)(1)), never on the hearing or report date.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportgen.case import SERVICE_ENTITLED_ROLES, Case, age_on, blank
from reportgen.rules.base import DISPOSITION, LAW, OBJECT, PRACTICE, WARN, Hit, blank_fields, hit, rule, who


def _who(index: int, parent: dict[str, Any]) -> str:
    return who("parent", index, parent)


def _sibling_name(index: int, sibling: dict[str, Any]) -> str:
    """A sibling's name for a detail; the list position when unnamed."""
    name = sibling.get("name")
    return str(name) if not blank(name) else f"number {index + 1} (unnamed)"


def _recommended(parent: dict[str, Any]) -> str | None:
    value: str | None = Case.at(parent, "reunification.recommended")
    return value


@rule(
    code="RS301",
    slug="parent-services-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.5(a); CRC 5.695(h)(1)",
    message=(
        "A parent who is entitled to reunification services has none listed, and the report gives no bypass "
        "ground or reason why services do not apply."
    ),
    fields=["parents[].reunification.services[]", "parents[].reunification.recommended"],
)
def parent_services_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When removal is recommended, every mother, presumed father and
        guardian either has services listed, is recommended for bypass (a
        §361.5(b) ground, checked by RS307), or is marked "not applicable" with
        a written reason (for example, the parent has died).

    Why it matters
        On removal the court must, as a rule, order reasonable reunification
        services for the mother, the statutorily presumed father and any
        guardian (§361.5(a); CRC 5.695(h)(1)). Services can be withheld only on
        a bypass ground proved by clear and convincing evidence. A report that
        simply lists nothing leaves the parent without the services the law
        promises, and the court without a plan to order.

    How to fix
        List the services for the parent (service, provider, frequency, the
        problem each addresses). If no services are recommended, give the
        §361.5(b) ground and its facts, or say why services do not apply.
    """
    if not case.removed:
        return
    for i, parent in case.items("parents"):
        if parent.get("role") not in SERVICE_ENTITLED_ROLES:
            continue
        reunification = parent.get("reunification") or {}
        recommended = reunification.get("recommended")
        if recommended == "bypass":
            continue
        if recommended == "not_applicable" and not blank(reunification.get("not_applicable_reason")):
            continue
        if blank(reunification.get("services")):
            yield hit(
                f"parents[{i}].reunification.services[]",
                f"parents[{i}].reunification.recommended",
                detail=_who(i, parent),
            )


@rule(
    code="RS302",
    slug="service-unspecified",
    severity=WARN,
    basis=PRACTICE,
    citation="WIC §361.5(a) (reasonable services); T.J. v. Superior Court (2018) 21 Cal.App.5th 1229",
    message=(
        "Practice: name the provider and the frequency of each service and the problem behind the removal it "
        "addresses, so the court can judge whether services are reasonable."
    ),
    fields=[
        "parents[].reunification.services[].provider",
        "parents[].reunification.services[].frequency",
        "parents[].reunification.services[].addresses_problem",
    ],
)
def service_unspecified(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Each listed service names a provider, a frequency, and the problem
        that led to removal which it is meant to address.

    Why it matters
        Services must be reasonable: tailored to the problems that brought the
        family to court and to the parent's needs. A parent left on a wait
        list for the core services may not have received reasonable services
        at all (*T.J. v. Superior Court* (2018)). That gloss is case law
        rather than a listed report item, so this is a practice warning; but a
        service with no provider or schedule cannot be measured at the
        six-month review.

    How to fix
        For each service, give the agency or person providing it, how often it
        meets, and which petition count or problem it responds to.
    """
    for i, parent in case.items("parents"):
        services = Case.at(parent, "reunification.services") or []
        for j, service in enumerate(services):
            if not isinstance(service, dict):
                continue
            base = f"parents[{i}].reunification.services[{j}]"
            missing = blank_fields(service, base, ("provider", "frequency", "addresses_problem"))
            if missing:
                label = service.get("service")
                label = label if not blank(label) else f"number {j + 1} (unnamed)"
                yield hit(*missing, detail=f"{_who(i, parent)}; service: {label}")


@rule(
    code="RS304",
    hearings=DISPOSITION,
    slug="fr-period-wrong-under-3",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.5(a)(1)(B)",
    message=(
        "The child was under three when removed, so reunification services run six months from disposition "
        "(and no later than twelve months after entry into foster care), not twelve months."
    ),
    fields=["recommended.stated_fr_months", "child.dob", "dates.removal_date"],
)
def fr_period_wrong_under_3(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The child was under three on the date of initial removal, yet the
        recommendation states a twelve-month reunification period.

    Why it matters
        For a child under three at removal, §361.5(a)(1)(B) limits court-
        ordered services to six months from the disposition hearing, and never
        beyond twelve months from the date the child entered foster care
        (the six-month limit bites if the parent does not participate
        regularly and make substantive progress). Telling the court and the
        parents "twelve months" misstates the law and the urgency.

    How to fix
        State the six-month period and explain to the parents what the shorter
        timeline means; check the child's date of birth and the removal date.
    """
    age = case.age_at_removal
    if age is not None and age < 3 and case.get("recommended.stated_fr_months") == 12:
        yield hit("recommended.stated_fr_months")


@rule(
    code="RS305",
    hearings=DISPOSITION,
    slug="fr-period-wrong-3-plus",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.5(a)(1)(A), (C)",
    message=(
        "The child was three or older when removed, so services run until twelve months after entry into "
        "foster care unless the sibling-group limit is proposed, not six months."
    ),
    fields=["recommended.stated_fr_months", "recommended.sibling_group_rule", "child.dob", "dates.removal_date"],
)
def fr_period_wrong_3_plus(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The child was three or older on the date of initial removal, the
        recommendation states a six-month reunification period, and the
        sibling-group rule is not proposed.

    Why it matters
        A child three or older at removal gets services from disposition until
        twelve months after entering foster care (§361.5(a)(1)(A)). The only
        way to a six-month limit for such a child is §361.5(a)(1)(C): the child
        belongs to a sibling group removed together in which one sibling was
        under three, and the court applies the shorter limit to the group.
        Stating six months without invoking that rule cuts the parents' time
        in half without a legal basis.

    How to fix
        State the twelve-month period, or, if the sibling-group limit applies
        and is sought, mark it as proposed and give the facts.
    """
    age = case.age_at_removal
    if (
        age is not None
        and age >= 3
        and case.get("recommended.stated_fr_months") == 6
        and case.get("recommended.sibling_group_rule") != "proposed"
    ):
        yield hit("recommended.stated_fr_months", "recommended.sibling_group_rule")


@rule(
    code="RS306",
    hearings=DISPOSITION,
    slug="sibling-group-rule-unaddressed",
    severity=WARN,
    basis=LAW,
    citation="WIC §361.5(a)(1)(C)",
    message=(
        "A sibling removed at the same time was under three, so say whether the six-month limit is proposed "
        "for the sibling group."
    ),
    fields=["recommended.sibling_group_rule", "siblings[].dob", "siblings[].removed_same_time"],
)
def sibling_group_rule_unaddressed(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The child was three or older at removal, a sibling removed at the same
        time was under three on that date, and the recommendation does not say
        whether the sibling-group limit is proposed (an explicit "not
        proposed" is an answer).

    Why it matters
        §361.5(a)(1)(C) lets the court apply the six-month limit to every
        member of a sibling group removed together when one of them was under
        three. Whether to seek it is a choice with large consequences for the
        parents' time; the court decides, so the report should state the
        agency's position instead of leaving it unsaid. It is a warning
        because leaving the default twelve months is lawful.

    How to fix
        State whether the sibling-group limit is proposed, and if so, the
        facts supporting it.
    """
    age = case.age_at_removal
    removal = case.removal_date
    if age is None or age < 3 or case.get("recommended.sibling_group_rule") is not None:
        return
    young = []
    for i, sib in case.items("siblings"):
        sib_age = age_on(sib.get("dob"), removal)
        if sib.get("removed_same_time") is True and sib_age is not None and sib_age < 3:
            young.append((i, sib))
    if young:
        names = ", ".join(_sibling_name(i, sib) for i, sib in young)
        yield hit(
            "recommended.sibling_group_rule",
            *(f"siblings[{i}].dob" for i, _ in young),
            detail=f"sibling: {names}",
        )


@rule(
    code="RS307",
    hearings=DISPOSITION,
    slug="bypass-ground-unspecified",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361.5(b); CRC 5.695(h)",
    message=(
        "When no services are recommended for a parent, the report must name the specific §361.5(b) ground "
        "and the facts that support it."
    ),
    fields=["parents[].reunification.bypass.subdivision", "parents[].reunification.bypass.facts"],
)
def bypass_ground_unspecified(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each parent recommended for bypass (no reunification services),
        the §361.5(b) subdivision and the facts proving it are both given.

    Why it matters
        Services may be denied only if the court finds, by clear and
        convincing evidence, that a ground listed in §361.5(b) applies. The
        grounds differ greatly (whereabouts unknown, severe abuse, services
        previously terminated for a sibling, and others), and the parent must
        know which one to answer. A bypass recommendation with no ground or no
        facts cannot support that finding.

    How to fix
        Name the subdivision relied on (e.g. "361.5(b)(10)") and set out the
        facts and documents that prove it.
    """
    for i, parent in case.items("parents"):
        if _recommended(parent) != "bypass":
            continue
        bypass = Case.at(parent, "reunification.bypass") or {}
        base = f"parents[{i}].reunification.bypass"
        missing = blank_fields(bypass, base, ("subdivision", "facts"))
        if missing:
            yield hit(*missing, detail=_who(i, parent))


@rule(
    code="RS308",
    hearings=DISPOSITION,
    slug="bypass-notice-undocumented",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358(a)(3); CRC 5.686(b)",
    message=(
        "Record when the parent was told of the bypass ground and warned that, without services, a §366.26 "
        "hearing may follow and parental rights may be terminated."
    ),
    fields=["parents[].reunification.bypass.parent_notified_date"],
)
def bypass_notice_undocumented(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each parent recommended for bypass, the date that parent was
        notified is recorded.

    Why it matters
        When the agency alleges a §361.5(b) ground, it must notify each parent
        of the ground and warn that if services are not ordered, a §366.26
        hearing will be set at which parental rights may be terminated
        (§358(a)(3); CRC 5.686(b)). Without the notice the parent cannot
        prepare to contest the bypass, and an order denying services is open
        to challenge.

    How to fix
        Give the date (and how) the parent was given the notice and warning.
    """
    for i, parent in case.items("parents"):
        if _recommended(parent) == "bypass" and Case.at(parent, "reunification.bypass.parent_notified_date") is None:
            yield hit(f"parents[{i}].reunification.bypass.parent_notified_date", detail=_who(i, parent))


@rule(
    code="RS309",
    slug="incarcerated-parent-barriers",
    severity=OBJECT,
    basis=LAW,
    citation=(
        "WIC §361.5(e)(1); WIC §16501.1 (incarcerated-parent item; cited as (b)(3) in 2012, "
        "since renumbered, subdivision to be confirmed)"
    ),
    message=(
        "For a parent in custody, the report must describe the barriers to services and how contact between "
        "the parent and the child will be kept up."
    ),
    fields=["parents[].barriers_to_services", "parents[].contact_plan"],
)
def incarcerated_parent_barriers(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each parent marked as incarcerated, the report addresses the
        barriers to services and the plan for contact with the child.

    Why it matters
        An incarcerated or institutionalized parent is entitled to services
        unless the court finds by clear and convincing evidence they would be
        detrimental, and the social worker must report on the barriers to
        services and to contact with the child (§361.5(e)(1)). The case plan
        must also carry, as far as possible, what is known about the
        incarceration (§16501.1). Without these facts
        neither the court nor the parent can tell whether services are real.

    How to fix
        Describe what services the facility offers, what stands in the way
        (waiting lists, transfers, release date), and how visits, calls or
        letters with the child will happen.
    """
    for i, parent in case.items("parents"):
        if parent.get("incarcerated") is not True:
            continue
        missing = blank_fields(parent, f"parents[{i}]", ("barriers_to_services", "contact_plan"))
        if missing:
            yield hit(*missing, detail=_who(i, parent))


@rule(
    code="RS311",
    hearings=DISPOSITION,
    slug="prior-services-not-discussed",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358.1(a)(1)",
    message=(
        "State whether child welfare services were considered and offered to the family before court action, "
        "and what came of them."
    ),
    fields=["parents[].prior_services_offered"],
)
def prior_services_not_discussed(case: Case) -> Iterator[Hit]:
    """
    What it checks
        At least one parent's entry says what services were considered or
        offered before the case came to court. An explicit answer such as
        "None were offered because the child was found alone and at risk" is
        an answer; an empty field or a bare "N/A" is not. A report with no
        parents listed does not answer it either.

    Why it matters
        §358.1(a)(1) requires each social study to discuss whether the agency
        considered child welfare services (voluntary or family maintenance)
        as a way to solve the family's problem and offered them where
        appropriate. It is part of showing that removal was a last resort.

    How to fix
        Describe the services considered or offered before the petition, to
        which parent, when, and the result; if none were offered, say why.
    """
    parents = list(case.items("parents"))
    if any(not blank(p.get("prior_services_offered")) for _, p in parents):
        return
    if parents:
        yield hit(*(f"parents[{i}].prior_services_offered" for i, _ in parents))
    else:
        yield hit("parents[].prior_services_offered")


@rule(
    code="RS313",
    slug="parent-visits-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §362.1(a)(1); CRC 5.690(a)(1)(B)(i)",
    message=(
        "Give a visitation plan for each parent receiving reunification services, with visits as often as the"
        " child's well-being allows."
    ),
    fields=["parents[].visitation.frequency"],
)
def parent_visits_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When removal with reunification services is recommended, every parent
        recommended for services has a visit frequency.

    Why it matters
        An order placing a child in foster care with reunification services
        must provide for parent–child visits as frequent as possible,
        consistent with the child's well-being (§362.1(a)(1)), and the
        recommended reunification plan in the report must include a
        visitation plan (CRC 5.690(a)(1)(B)(i)). Visits are the heart of
        reunification; leaving the schedule unstated lets them lapse.

    How to fix
        For each such parent, give the frequency, length, supervision and
        place of visits, and what would allow them to be liberalized.
    """
    if not (case.removed and case.fr_recommended):
        return
    for i, parent in case.items("parents"):
        if _recommended(parent) == "services" and blank(Case.at(parent, "visitation.frequency")):
            yield hit(f"parents[{i}].visitation.frequency", detail=_who(i, parent))


@rule(
    code="RS315",
    slug="grandparent-visits-unaddressed",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358.1(c)",
    message=(
        "The report must say whether reasonable visits with the child's grandparents are in the child's best "
        "interest."
    ),
    fields=["relatives.grandparent_visitation"],
)
def grandparent_visits_unaddressed(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The grandparent-visitation discussion is present. An explicit answer
        such as "No grandparents are living or known: ..." satisfies it.

    Why it matters
        §358.1(c) lists whether reasonable visitation with grandparents is in
        the child's best interest among the subjects every social study must
        discuss. Grandparents are often the child's steadiest tie to the
        family, and the court can order visits only if the report puts the
        question before it.

    How to fix
        Name the grandparents, describe their contact with the child, and
        recommend whether visits should continue or start; if there are no
        grandparents to consider, say so and why.
    """
    if blank(case.get("relatives.grandparent_visitation")):
        yield hit("relatives.grandparent_visitation")


RULES = [
    parent_services_missing,
    service_unspecified,
    fr_period_wrong_under_3,
    fr_period_wrong_3_plus,
    sibling_group_rule_unaddressed,
    bypass_ground_unspecified,
    bypass_notice_undocumented,
    incarcerated_parent_barriers,
    prior_services_not_discussed,
    parent_visits_missing,
    grandparent_visits_unaddressed,
]
