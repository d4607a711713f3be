"""CP1xx: the concurrent (alternative permanency) plan — CRC 5.690(a)(1)(B)(ii),
WIC §358.1(b), and the CEB §12.47 checks a child's attorney applies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportgen.case import Case, add_years, blank
from reportgen.rules.base import DISPOSITION, LAW, OBJECT, PRACTICE, WARN, Hit, hit, rule, searched


@rule(
    code="CP101",
    slug="concurrent-plan-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §358.1(b); CRC 5.690(a)(1)(B)(ii)",
    message="The report recommends removal but gives no plan for legal permanence if reunification fails.",
    fields=["concurrent_plan.goal"],
)
def concurrent_plan_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When the recommendation is out-of-home placement, the concurrent plan
        must name a permanency goal (adoption, tribal customary adoption, legal
        guardianship, placement with a fit and willing relative, or APPLA).
        In a report on a sibling group it is asked of each child removed, and
        the finding names the child whose plan is missing: every child of the
        group needs a plan of their own.

    Why it matters
        Reunification may fail. The law requires the social study to carry, at
        the same time, the route to a permanent home if it does; without it the
        child waits in foster care while a plan is made after the fact.

    How to fix
        Choose the alternative goal and describe it in the concurrent-plan
        section: who the family is, the steps, and why it is realistic.
    """
    if case.removed and blank(case.get("concurrent_plan.goal")):
        yield hit("concurrent_plan.goal")


@rule(
    code="CP102",
    slug="concurrent-goal-not-recognized",
    severity=WARN,
    basis=LAW,
    citation="WIC §366.26(b)",
    message=(
        "The alternative goal is not one of the permanent plans the law offers: adoption, tribal customary"
        " adoption, legal guardianship, placement with a fit and willing relative, or APPLA."
    ),
    fields=["concurrent_plan.goal", "concurrent_plan.goal_other"],
)
def concurrent_goal_not_recognized(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The concurrent-plan goal is recorded as "other" (with free text such as
        "long-term foster care" or "to be determined") instead of one of the
        permanent-plan options of WIC §366.26(b).

    Why it matters
        If reunification fails, the court can only order one of the listed
        plans. A goal outside that list cannot be carried out as written, and
        "long-term foster care" is not a permanent plan at all. It is a warning
        rather than an objection because the free text sometimes describes a
        listed option in other words; a person has to read it.

    How to fix
        Choose the recognized goal that fits the child (adoption, tribal
        customary adoption, legal guardianship, fit and willing relative, or,
        for a youth 16 or older only, APPLA) and explain the choice.
    """
    if case.get("concurrent_plan.goal") == "other":
        yield hit("concurrent_plan.goal", "concurrent_plan.goal_other")


@rule(
    code="CP103",
    slug="appla-under-16",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §§366.21(g)(5), 366.26(b) (16-and-older limit as stated in the AB 1879 (2016) digest)",
    message=(
        "APPLA (another planned permanent living arrangement) may be the goal only for a youth 16 or older,"
        " and this child is younger."
    ),
    fields=["concurrent_plan.goal", "child.dob", "concurrent_plan.target_date"],
)
def appla_under_16(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The concurrent-plan goal is APPLA while the child is under 16 on the
        report date (or the hearing date when the report is undated).

    Why it matters
        California allows an APPLA order only for a youth 16 or older; a
        younger child's plan must aim at adoption, guardianship or placement
        with a fit and willing relative. An APPLA goal for a younger child is a
        plan the court cannot adopt. When the child will turn 16 on or before
        the plan's target date, the finding is lowered to a warning: the plan
        may become lawful by the time it is used, but the report should say why
        no more permanent option is being pursued now.

    How to fix
        Choose a goal available at the child's age, or, where the child is
        about to turn 16, explain why APPLA is expected to be the right plan
        by the target date.
    """
    age = case.age_now
    if case.get("concurrent_plan.goal") != "appla" or age is None or age >= 16:
        return
    dob = case.dob
    target = case.get("concurrent_plan.target_date")
    if dob is not None and target is not None and add_years(dob, 16) <= target:
        yield hit(
            "concurrent_plan.goal",
            "child.dob",
            "concurrent_plan.target_date",
            detail="the child turns 16 on or before the plan's target date",
            severity=WARN,
        )
    else:
        yield hit("concurrent_plan.goal", "child.dob")


@rule(
    code="CP104",
    slug="appla-no-compelling-reason",
    severity=WARN,
    basis=LAW,
    citation="WIC §366.21(g)(5); 42 U.S.C. §675 as amended by Pub. L. 113-183",
    message=(
        "For an APPLA goal, explain the compelling reason why adoption, guardianship and placement with a fit"
        " and willing relative are not in the youth's best interest (citation to be confirmed)."
    ),
    fields=["concurrent_plan.appla_compelling_reason"],
    unverified=True,
)
def appla_no_compelling_reason(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The goal is APPLA, the youth is 16 or older on the report date, and
        the report gives no compelling reason for choosing it.

    Why it matters
        APPLA is the least permanent option. The law is understood to require
        a documented compelling reason why each more permanent option is not in
        the youth's best interest before APPLA is chosen. We have not read the
        current statutory text of that requirement, so this is a warning and
        the citation is to be confirmed.

    How to fix
        State, for this youth, why adoption, legal guardianship and placement
        with a fit and willing relative are each not in the youth's best
        interest, or choose one of them instead.
    """
    age = case.age_now
    if case.get("concurrent_plan.goal") != "appla" or age is None or age < 16:
        return
    if blank(case.get("concurrent_plan.appla_compelling_reason")):
        yield hit("concurrent_plan.appla_compelling_reason")


@rule(
    code="CP105",
    slug="plan-no-identified-family",
    severity=OBJECT,
    basis=PRACTICE,
    citation="CEB §12.47; cf. CRC 5.690(a)(1)(B)(ii)",
    message=(
        "CEB §12.47: the alternative plan is not specific, because it names no prospective permanent family"
        " and describes no concrete search for one."
    ),
    fields=["concurrent_plan.prospective_family.name", "concurrent_plan.family_search_steps"],
)
def plan_no_identified_family(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Removal is recommended, the concurrent plan names no prospective
        permanent family (a family entry without a name counts as none), and
        it describes no steps taken or planned to find one.

    Why it matters
        A goal such as "adoption" with nobody to adopt and no search under way
        is a label, not a plan. CEB §12.47 tells the child's attorney to object
        when the concurrent plan is not specific. Either a named family or a
        concrete family-finding effort makes it specific.

    How to fix
        Name the prospective permanent family and how they relate to the child,
        or describe the family search: who was contacted, by what means, and
        what happens next.
    """
    if not case.removed:
        return
    family_named = not blank(case.get("concurrent_plan.prospective_family.name"))
    if not family_named and blank(case.get("concurrent_plan.family_search_steps")):
        yield hit("concurrent_plan.prospective_family.name", "concurrent_plan.family_search_steps")


@rule(
    code="CP106",
    slug="caregiver-permanency-unassessed",
    severity=OBJECT,
    basis=PRACTICE,
    citation="CEB §12.47",
    message=(
        "CEB §12.47: the report does not establish whether the child's current caregiver is willing and"
        " suitable to give the child a permanent home."
    ),
    fields=["placement.caregiver_permanency_willingness", "placement.caregiver_permanency_suitability"],
)
def caregiver_permanency_unassessed(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Removal is recommended and either the caregiver's willingness to
        provide a permanent home is unanswered or recorded as "not asked", or
        the caregiver's suitability as a permanent family is not described.

    Why it matters
        The best concurrent plan is usually the home the child already lives
        in. CEB §12.47 asks the report to address the current caregiver's
        willingness and suitability; without both, nobody can judge whether
        the child is already in a home that could become permanent or needs
        another one. An explicit "no" or "unsure" is an answer; it is followed
        up by CP108 and CP112.

    How to fix
        Ask the caregiver whether they would adopt or become guardian if
        reunification fails, record the answer, and assess whether they can
        meet the child's needs for the long term.
    """
    if not case.removed:
        return
    paths = []
    if case.get("placement.caregiver_permanency_willingness") in (None, "not_asked"):
        paths.append("placement.caregiver_permanency_willingness")
    if blank(case.get("placement.caregiver_permanency_suitability")):
        paths.append("placement.caregiver_permanency_suitability")
    if paths:
        yield hit(*paths)


@rule(
    code="CP108",
    slug="no-alternative-home-efforts",
    severity=OBJECT,
    basis=PRACTICE,
    citation="CEB §12.47",
    message=(
        "CEB §12.47: the current caregiver has not committed to a permanent home, and the report describes no"
        " effort to find another home that could become permanent."
    ),
    fields=["concurrent_plan.alternative_home_efforts"],
)
def no_alternative_home_efforts(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The caregiver has said no, or is unsure, about giving the child a
        permanent home, and the concurrent plan describes no effort to find a
        home that could.

    Why it matters
        When the present home may not last, the child needs a route to one
        that will. CEB §12.47 asks for efforts to find, and move the child to,
        a home that could become permanent if the caregiver cannot or will not
        be that home. Waiting until reunification fails costs the child time.

        A plan that names another family (not the current caregiver), records
        that family's own yes to adoption or guardianship, and lists steps
        toward it is such an effort and satisfies the rule, even when the
        efforts field is left empty.

    How to fix
        Describe the search for another permanent home (relatives, family
        finding, adoption or guardianship recruitment) and its next steps, or
        name the other family with its own willingness and the steps toward
        it, or explain how the caregiver's hesitation is being worked through.
    """
    if case.get("placement.caregiver_permanency_willingness") not in ("no", "unsure"):
        return
    if blank(case.get("concurrent_plan.alternative_home_efforts")) and not other_family_named(case):
        yield hit("concurrent_plan.alternative_home_efforts")


def other_family_named(case: Case) -> bool:
    """The plan names a permanent family other than the current caregiver, which has
    itself said yes to adoption or guardianship, and lists steps toward it: that
    is an effort toward another permanent home, in the plan's own fields."""
    family = case.get("concurrent_plan.prospective_family") or {}
    return (
        not blank(family.get("name"))
        and family.get("is_current_caregiver") is False
        and family.get("willingness") in ("yes_adopt", "yes_guardianship")
        and _has_steps(case.get("concurrent_plan.steps"))
    )


def _has_steps(steps: Any) -> bool:
    """True when at least one step says something; rows left empty do not count."""
    return isinstance(steps, list) and any(not blank(step) for step in steps)


@rule(
    code="CP110",
    slug="plan-no-steps-or-timeframe",
    severity=WARN,
    basis=PRACTICE,
    citation="CEB §12.47; CDSS MPP 31-201.121(b)",
    message=(
        "Practice: the alternative plan should list concrete steps, each with a person responsible and a due"
        " date, and a target date for reaching permanence."
    ),
    fields=["concurrent_plan.steps[]", "concurrent_plan.target_date"],
)
def plan_no_steps_or_timeframe(case: Case) -> Iterator[Hit]:
    """
    What it checks
        A concurrent-plan goal is chosen but the plan lists no steps, or gives
        no target date for reaching permanence.

    Why it matters
        Concurrent planning means working on the alternative plan now, at the
        same time as reunification. The CDSS two-track case plan names the
        services that lead to the alternative goal; without steps and a date
        nobody is accountable and the plan stays on paper. This is practice
        guidance, not a statutory requirement, so it is a warning.

    How to fix
        Add the actions that move the plan forward (for example, a referral
        for a permanency assessment or a home study), who does each and by
        when, and the date by which permanence should be reached.
    """
    if case.get("concurrent_plan.goal") is None:
        return
    paths = []
    if not _has_steps(case.get("concurrent_plan.steps")):
        paths.append("concurrent_plan.steps[]")
    if case.get("concurrent_plan.target_date") is None:
        paths.append("concurrent_plan.target_date")
    if paths:
        yield hit(*paths)


@rule(
    code="CP111",
    slug="plan-realism-or-needs-unexplained",
    severity=OBJECT,
    basis=PRACTICE,
    citation="CEB §12.47",
    message=(
        "CEB §12.47: the report does not show why the alternative plan is realistic or how it meets the"
        " child's needs now and in the long run."
    ),
    fields=[
        "concurrent_plan.why_realistic",
        "concurrent_plan.short_term_needs",
        "concurrent_plan.long_term_needs",
    ],
)
def plan_realism_or_needs_unexplained(case: Case) -> Iterator[Hit]:
    """
    What it checks
        A concurrent-plan goal is chosen but the report leaves out at least
        one of: why the plan is realistic, the child's short-term needs, the
        child's long-term needs. The finding points at each missing part.

    Why it matters
        CEB §12.47 tells the child's attorney to object to a concurrent plan
        that is not realistic or not appropriate to the child's short-term and
        long-term needs. The court cannot weigh either without the report's
        reasons.

    How to fix
        Explain what makes the plan achievable for this child (who, what has
        been agreed, what is already in place), and how it meets the child's
        immediate needs and those of growing up.
    """
    if case.get("concurrent_plan.goal") is None:
        return
    parts = ("why_realistic", "short_term_needs", "long_term_needs")
    paths = [f"concurrent_plan.{p}" for p in parts if blank(case.get(f"concurrent_plan.{p}"))]
    if paths:
        yield hit(*paths)


def _caregiver_contradiction(goal: Any, willingness: Any, goal_reason: Any) -> str | None:
    """Why the caregiver's stated willingness does not carry a plan that rests on them, or None."""
    if willingness in ("no", "unsure"):
        return f"the caregiver's answer on permanence is '{willingness}'"
    if willingness == "not_asked":
        return "the caregiver was not asked about permanence"
    if goal == "adoption" and willingness == "yes_guardianship":
        return "the goal is adoption but the caregiver is willing to be guardian"
    if goal == "legal_guardianship" and willingness == "yes_adopt" and blank(goal_reason):
        return "the goal is guardianship but the caregiver is willing to adopt, and no reason is given"
    return None


@rule(
    code="CP112",
    slug="plan-contradicts-caregiver",
    severity=OBJECT,
    basis=PRACTICE,
    citation="CEB §12.47",
    message=(
        "CEB §12.47: what the report records of the caregiver's willingness does not support the alternative"
        " plan, so the plan is not realistic as written."
    ),
    fields=[
        "concurrent_plan.goal",
        "concurrent_plan.goal_reason",
        "concurrent_plan.prospective_family.is_current_caregiver",
        "placement.caregiver_permanency_willingness",
    ],
)
def plan_contradicts_caregiver(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Two kinds of contradiction between the plan and the caregiver:

        - the prospective permanent family is the current caregiver, yet the
          caregiver said no, is unsure, or was not asked; or the goal is
          adoption while the caregiver is willing only to be guardian; or the
          goal is guardianship while the caregiver is willing to adopt and the
          report gives no reason for the less permanent choice;
        - the caregiver is willing to adopt or become guardian, yet the goal is
          APPLA, the least permanent option.

    Why it matters
        CEB §12.47 asks whether the concurrent plan is realistic. A plan that
        rests on a caregiver who has not agreed to it will fail when it is
        needed; a plan less permanent than what a willing caregiver offers
        deprives the child of permanence without a reason.

    How to fix
        Make the goal match what the caregiver has agreed to, record the
        caregiver's current answer, or explain why a different goal is in the
        child's best interest.
    """
    goal = case.get("concurrent_plan.goal")
    willingness = case.get("placement.caregiver_permanency_willingness")
    if case.get("concurrent_plan.prospective_family.is_current_caregiver") is True:
        why = _caregiver_contradiction(goal, willingness, case.get("concurrent_plan.goal_reason"))
        if why:
            yield hit(
                "concurrent_plan.goal",
                "concurrent_plan.prospective_family.is_current_caregiver",
                "placement.caregiver_permanency_willingness",
                detail=why,
            )
            return
    if goal == "appla" and willingness in ("yes_adopt", "yes_guardianship"):
        yield hit(
            "concurrent_plan.goal",
            "placement.caregiver_permanency_willingness",
            detail="the caregiver offers adoption or guardianship but the goal is APPLA",
        )


@rule(
    code="CP113",
    slug="reunification-plan-missing",
    severity=OBJECT,
    basis=LAW,
    citation="CRC 5.690(a)(1)(B)(i)",
    message=(
        "Removal with reunification services is recommended, but the report sets out no plan for reuniting"
        " the child with the family."
    ),
    fields=["reunification_plan"],
)
def reunification_plan_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Removal is recommended with reunification services, and the report's
        reunification plan is empty.

    Why it matters
        When removal is recommended, the social study must include a
        recommended reunification plan (with a visitation plan). It is Plan A:
        the route home that the services and visits serve, and the yardstick
        against which the parents' progress is measured at review.

    How to fix
        Describe the plan for return: to which parent, what each must achieve,
        how visits are expected to progress, and what follows return home.
    """
    if case.removed and case.fr_recommended and blank(case.get("reunification_plan")):
        yield hit("reunification_plan")


@rule(
    code="CP114",
    hearings=DISPOSITION,
    slug="prevention-efforts-missing",
    severity=OBJECT,
    basis=LAW,
    citation="CRC 5.690(a)(1)(B)(i); WIC §16501.1(b)(2)",
    message=(
        "Removal is recommended, but the report does not describe what was done to prevent or eliminate the"
        " need to remove the child."
    ),
    fields=["reasonable_efforts"],
)
def prevention_efforts_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Removal is recommended and the report says nothing about the efforts
        made to prevent or eliminate removal.

    Why it matters
        Before removing a child the court must find that reasonable efforts
        were made to keep the child safely at home; the social study must
        describe them and the case plan must document them. Without them the
        court cannot make the finding (which also affects federal foster-care
        funding). For an Indian child, active efforts are checked separately
        (IC505).

    How to fix
        Describe the services, safety plans and referrals offered before
        removal, when, and why they did not make the home safe.
    """
    if case.removed and blank(case.get("reasonable_efforts")):
        yield hit("reasonable_efforts")


@rule(
    code="CP115",
    hearings=DISPOSITION,
    slug="relinquishment-advisement-missing",
    severity=OBJECT,
    basis=LAW,
    citation="CRC 5.690(a)(1)(B)(iii)",
    message=(
        "The report must state that each parent was told of the option to take part in adoption planning or"
        " to relinquish the child voluntarily, and what each parent answered."
    ),
    fields=["parents[].adoption_planning_advised", "parents[].adoption_planning_response"],
)
def relinquishment_advisement_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Removal is recommended and, for some parent, the report does not
        record that the parent was told of the option to take part in adoption
        planning and to relinquish the child voluntarily, or does not record
        the parent's response. One finding per parent.

        A parent who has died, or whose whereabouts are unknown, cannot be
        advised. The rule is then satisfied by the response field saying so
        ("could not be advised because ..."), and for a parent who cannot be
        found only when the due-diligence search is recorded (its date and
        its methods); without it "could not be found" is an assertion. A
        living parent who was simply not asked (an alleged father nobody
        reached for) still needs the advisement.

    Why it matters
        The rule of court requires the social study to contain this statement
        and each parent's answer whenever removal is recommended. It makes sure
        every parent hears, early, that a planned adoption is an option they
        can shape, and it tells the court where each parent stands.

    How to fix
        Advise each parent, then record the date and the parent's answer
        (including a refusal or no answer) in the parent's section. For a
        parent who has died or cannot be found, set the parent's status, say
        in the response why the parent could not be advised, and record the
        search made for a missing parent.
    """
    if not case.removed:
        return
    for i, parent in case.items("parents"):
        name = parent.get("name")
        who = f"parent: {name}" if not blank(name) else f"parent {i + 1}"
        response = f"parents[{i}].adoption_planning_response"
        status = parent.get("status")
        if parent.get("adoption_planning_advised") is not True and status in ("deceased", "whereabouts_unknown"):
            # could not be advised: honest only with the reason, and for a missing parent a recorded search
            if blank(parent.get("adoption_planning_response")):
                yield hit(response, detail=f"{who}; say why the parent could not be advised")
            elif status == "whereabouts_unknown" and not searched(parent):
                yield hit(response, f"parents[{i}].due_diligence",
                          detail=f"{who}; not found, but no search for the parent is recorded")
            continue
        paths = []
        if parent.get("adoption_planning_advised") is not True:
            paths.append(f"parents[{i}].adoption_planning_advised")
        if blank(parent.get("adoption_planning_response")):
            paths.append(response)
        if paths:
            yield hit(*paths, detail=who)


#: How many signs of a poor prognosis make "several" (CP116).
SEVERAL_POOR_SIGNS = 3


@rule(
    code="CP116",
    slug="poor-prognosis-no-family",
    severity=WARN,
    basis=PRACTICE,
    citation="CEB §12.47 (a realistic plan); concurrent-planning practice, early prognosis staffing (to be confirmed)",
    message=(
        "Practice: the prognosis worksheet records several signs of a poor prognosis for reunification,"
        " yet the concurrent plan names no family ready to give the child a permanent home; make the"
        " alternative plan real now (the worksheet is advisory)."
    ),
    fields=["concurrent_plan.prospective_family.name", "concurrent_plan.family_search_steps"],
)
def poor_prognosis_no_family(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The advisory prognosis worksheet (forms/prognosis.yml, never printed)
        records three or more signs of a poor prognosis, the child is
        removed, and the child's concurrent plan names no prospective family
        and the current caregiver has not said yes to adoption or guardianship.

    Why it matters
        Concurrent-planning practice notes the signs of a poor prognosis early
        so that the alternative plan is made real while reunification is tried:
        a child whose parents show several of them needs a family named now,
        not after services end. The worksheet decides nothing and several of its
        signs track poverty, so this stays a warning to the worker and supervisor.

    How to fix
        Name the family the child would live with if reunification fails (a
        relative, the caregiver once willing, or a matched family) with the
        steps toward it, or, if the signs were recorded in error, correct the
        worksheet.
    """
    from reportgen.prognosis import POOR, present

    if not case.removed:
        return
    signs = present(case.data, POOR)
    if len(signs) < SEVERAL_POOR_SIGNS:
        return
    family = case.get("concurrent_plan.prospective_family.name")
    willing = case.get("placement.caregiver_permanency_willingness") in ("yes_adopt", "yes_guardianship")
    if blank(family) and not willing:
        yield hit(detail=f"{len(signs)} signs of a poor prognosis recorded")


RULES = [
    concurrent_plan_missing,
    concurrent_goal_not_recognized,
    appla_under_16,
    appla_no_compelling_reason,
    plan_no_identified_family,
    caregiver_permanency_unassessed,
    no_alternative_home_efforts,
    plan_no_steps_or_timeframe,
    plan_realism_or_needs_unexplained,
    plan_contradicts_caregiver,
    reunification_plan_missing,
    prevention_efforts_missing,
    relinquishment_advisement_missing,
    poor_prognosis_no_family,
]
