"""CH6xx: the child's own voice, education, health and case plan — WIC §§328,
361(a)(1), 16501.1, and CRC 5.690(a)."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.case import Case, blank
from reportgen.rules.base import DISPOSITION, LAW, OBJECT, WARN, Hit, hit, rule

#: WIC §328: the social worker interviews a removed child of this age or older.
INTERVIEW_AGE = 4
#: From this age the report is expected to say where the child goes to school
#: and what the education plan is.
SCHOOL_AGE = 5


@rule(
    code="CH601",
    hearings=DISPOSITION,
    slug="child-interview-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §328",
    message="The child is four or older and removed, but the report does not give the substance of the social "
    "worker's interview with the child about home.",
    fields=["child.child_statement"],
)
def child_interview_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When removal is recommended and the child is 4 or older on the
        report's date, the child's statement must be filled in. If the date
        of birth is unknown the rule stays silent (the age cannot be judged).

    Why it matters
        The social worker must interview a removed child aged four or older to
        learn how the child sees the home, and put the substance of that
        interview in the social study. It is often the only place the child's
        own account reaches the court before it decides where the child will
        live.

    How to fix
        Summarize the interview: when and where it happened, and what the
        child said about home, the parents and the placement. If the child
        could not or would not talk, say so and why.
    """
    age = case.age_now
    if age is not None and age >= INTERVIEW_AGE and case.removed and blank(case.get("child.child_statement")):
        yield hit("child.child_statement")


@rule(
    code="CH603",
    slug="ed-rights-limited-no-holder",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §361(a)(1)",
    message="The recommendation limits a parent's right to make education decisions but names no adult to make "
    "them instead.",
    fields=["child.education.rights_holder.name"],
)
def ed_rights_limited_no_holder(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When the recommended orders limit a parent's educational rights, the
        educational rights holder must be named.

    Why it matters
        The court may limit a parent's right to make educational or
        developmental-services decisions only as far as needed to protect the
        child, and when it does it must appoint a responsible adult at the
        same time. Without a named holder nobody can sign an IEP, consent to
        an assessment or enroll the child.

    How to fix
        Name the proposed educational rights holder and the person's
        relationship to the child (for example, the caregiver or a relative),
        so the court can appoint that person on form JV-535.
    """
    if case.get("recommended.limits_parent_education_rights") is True and blank(
        case.get("child.education.rights_holder.name")
    ):
        yield hit("child.education.rights_holder.name")


@rule(
    code="CH604",
    slug="education-health-missing",
    severity=WARN,
    basis=LAW,
    citation="WIC §16501.1 (education plan; subdivision to be confirmed); WIC §366.1(f) by analogy",
    message="Summarize the child's school and education plan, and the child's health needs.",
    fields=["child.education.school", "child.education.plan", "child.health.summary"],
)
def education_health_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For a child aged 5 or older on the report's date, the school and the
        education plan must be filled in; for a child of any age, the health
        summary must be. The finding points at each missing item. When the
        age is unknown only the health summary is checked.

    Why it matters
        The case plan must address an appropriate education plan, and the
        placement should keep the child in a stable school. Review reports
        must discuss the child's health and education; the court needs the
        same picture at disposition to make orders that meet the child's
        needs. The statute's current subdivision for the education plan has
        moved over the years and is to be confirmed, and the review-report
        rule is applied here by analogy, so this is a warning.

    How to fix
        Give the child's school and grade, educational needs and the plan to
        meet them; and summarize the child's health, providers and any
        treatment.
    """
    missing = []
    age = case.age_now
    if age is not None and age >= SCHOOL_AGE:
        missing += [
            f"child.education.{name}" for name in ("school", "plan") if blank(case.get(f"child.education.{name}"))
        ]
    if blank(case.get("child.health.summary")):
        missing.append("child.health.summary")
    if missing:
        yield hit(*missing)


@rule(
    code="CH606",
    slug="case-plan-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §16501.1; CRC 5.690(a) (bench course §5.08)",
    message="The report recommends services but does not include or attach the child's written case plan.",
    fields=["case_plan.attached"],
)
def case_plan_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When family maintenance or family reunification services are
        recommended, the case plan must be marked as attached. A case plan
        section left unanswered counts as not attached.

    Why it matters
        The case plan is the central tool of the services the court is asked
        to order: it sets out the services, the visits and the goals the
        parents will be measured against. It is due with the disposition
        report, and the parents should have had the chance to review and sign
        it before the hearing.

    How to fix
        Complete the case plan, attach it to the report and mark it attached.
    """
    if (case.fm_recommended or case.fr_recommended) and case.get("case_plan.attached") is not True:
        yield hit("case_plan.attached")


RULES = [
    child_interview_missing,
    ed_rights_limited_no_holder,
    education_health_missing,
    case_plan_missing,
]
