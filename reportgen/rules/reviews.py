"""RV8xx: review reports — what each review report must discuss (WIC §366.1 and
§366.21(c), as docs/law.md and the domain brief give them) and the time limits
a review meets (the six-month finding for a child under three at removal, the
federal 15-of-22-months mark).

These rules judge only review reports (``court.hearing_type`` a review); the
disposition rules that do not fit a review are marked disposition-only where
they are declared. Severities follow how far each requirement was verified:
§366.1(d) (what the parent has done to correct the problems) was read in the
2017 text and is an objection; §366.21(c)'s efforts toward permanence,
detriment and liberalised visits rest on a secondary source (2023 bill text)
and are warnings; requirements the brief does not cover say "to be confirmed".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from reportgen.case import Case, blank
from reportgen.rules.base import LAW, OBJECT, PRACTICE, REVIEWS, WARN, Hit, hit, rule, who
from reportgen.timeline import months_in_care_last_22

FEDERAL_MONTHS = 15
PREVIOUS_REVIEWS = set(REVIEWS)


def _services_parents(case: Case) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, parent in case.items("parents"):
        if Case.at(parent, "reunification.recommended") == "services":
            yield i, parent


def _review(case: Case, key: str) -> Any:
    """The child's own review answer, else the family's (``review``)."""
    own = case.get(f"child.review.{key}")
    return own if not blank(own) else case.get(f"review.{key}")


def _out_of_home(case: Case) -> bool:
    return case.removed and _review(case, "recommendation") != "return_home"


@rule(
    code="RV801",
    slug="permanence-efforts-missing",
    severity=WARN,
    basis=LAW,
    citation="WIC §366.21(c) (efforts toward legal permanence; 2023 text via a secondary source)",
    message="The review report does not describe the efforts made toward legal permanence for the child if "
    "reunification fails.",
    fields=["concurrent_plan.permanence_efforts"],
    hearings=REVIEWS,
)
def permanence_efforts_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For a child still out of the home, the review report states what was
        done since the last report toward the alternative plan: the search
        for, or the assessment of, the family that would give the child a
        permanent home if the parents do not reunify.

    Why it matters
        Concurrent planning works only if Plan B moves while Plan A is tried.
        The review report must describe the efforts to reach legal permanence
        should reunification fail, so the court can see that the backup plan
        is real and not a name on paper.

    How to fix
        Describe, for this period, the steps taken toward the concurrent plan:
        home study and assessment, conversations with the prospective family,
        the search for relatives, adoption or guardianship referrals.
    """
    if case.removed and blank(case.get("concurrent_plan.permanence_efforts")):
        yield hit("concurrent_plan.permanence_efforts")


@rule(
    code="RV802",
    slug="visits-not-liberalized-no-reason",
    severity=WARN,
    basis=LAW,
    citation="WIC §366.21(c) (why visits were not liberalised; 2023 text via a secondary source)",
    message="The review report does not say whether a parent's visits were liberalised, or does not explain why "
    "they were not.",
    fields=["parents[].visitation.liberalized", "parents[].visitation.not_liberalized_reason"],
    hearings=REVIEWS,
)
def visits_not_liberalized(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each parent receiving reunification services, the report answers
        whether visits were liberalised since the last report (more often,
        longer, less supervised, overnight) and, when they were not, why.

    Why it matters
        Visits that stay supervised and short make return home unlikely. The
        law asks the review report to explain why visits were not
        liberalised, so the court can order more when nothing stands in the
        way.

    How to fix
        Answer whether visits were liberalised; if not, give the reason (the
        safety concern, the missed visits, the step the parent has not yet
        taken).
    """
    if not case.removed:
        return
    for i, parent in _services_parents(case):
        liberalized = Case.at(parent, "visitation.liberalized")
        if liberalized is None:
            yield hit(f"parents[{i}].visitation.liberalized", detail=who("parent", i, parent))
        elif liberalized is False and blank(Case.at(parent, "visitation.not_liberalized_reason")):
            yield hit(f"parents[{i}].visitation.not_liberalized_reason", detail=who("parent", i, parent))


def _same_plan(case: Case) -> bool | None:
    """True when the concurrent plan (goal, family, its assessment and answer) is as the
    last report left it; None when the last report's snapshot does not name this child."""
    kids = case.get("previous_report.snapshot.children") or []
    name = " ".join(str(case.get("child.name") or "").casefold().split())
    before = next((k for k in kids if " ".join(str(k.get("name") or "").casefold().split()) == name), None)
    if before is None:
        return None
    family = case.get("concurrent_plan.prospective_family") or {}
    now = {"goal": case.get("concurrent_plan.goal"), "family": family.get("name"),
           "family_assessment": family.get("assessment_status"), "family_willingness": family.get("willingness")}
    return all(" ".join(str(before.get(k) or "").casefold().split()) == " ".join(str(v or "").casefold().split())
               for k, v in now.items())


@rule(
    code="RV803",
    slug="concurrent-plan-stalled",
    severity=WARN,
    basis=PRACTICE,
    citation="practice (concurrent planning; to be confirmed); cf. WIC §366.21(c)",
    message="Practice: at a second review the concurrent plan is as the last report left it and no step toward it "
    "was completed since (citation to be confirmed).",
    fields=["concurrent_plan.steps[].done_date", "concurrent_plan.permanence_efforts"],
    hearings=REVIEWS,
    unverified=True,
)
def concurrent_plan_stalled(case: Case) -> Iterator[Hit]:
    """
    What it checks
        When the last report was itself a review (this is at least the second
        review), whether the concurrent plan's goal, its family, that family's
        assessment and its answer on permanence are all unchanged since the
        last report and no step of the plan has a completion date after the
        last report's date.

    Why it matters
        A backup plan that has not moved in two review periods will not be
        ready when the reunification period ends, and the child waits in
        temporary care. The practice literature finds concurrent plans
        inconsistently documented and often static.

    How to fix
        Record the steps completed since the last report (with their dates),
        or change the plan to one that can be carried out, and say why.
    """
    if not case.removed or case.get("previous_report.hearing_type") not in PREVIOUS_REVIEWS:
        return
    if _same_plan(case) is not True:
        return
    since = case.get("previous_report.report_date")
    done = [s.get("done_date") for _, s in case.items("concurrent_plan.steps")]
    if any(isinstance(d, dt.date) and (since is None or d > since) for d in done):
        return
    yield hit("concurrent_plan.steps[].done_date", "concurrent_plan.permanence_efforts")


@rule(
    code="RV804",
    slug="substantial-probability-unproposed",
    severity=WARN,
    basis=LAW,
    citation="WIC §361.5(a)(1)(B); WIC §366.21(e) (the six-month finding; subdivision to be confirmed)",
    message="The child was under three at removal and this is the six-month review, but the report proposes no "
    "finding on whether there is a substantial probability of return (citation to be confirmed).",
    fields=["child.review.substantial_probability"],
    hearings=("six_month_review",),
    unverified=True,
)
def substantial_probability_unproposed(case: Case) -> Iterator[Hit]:
    """
    What it checks
        At the six-month review of a child who was under three on the date of
        removal, whether the report proposes a finding, yes or no, that there
        is a substantial probability the child will be returned home.

    Why it matters
        Services for a child under three at removal are limited to six months
        from disposition when the parent has not taken part regularly and made
        substantive progress. At the six-month review the court decides
        whether services continue; the report should give it a proposed
        finding and the facts for it.

    How to fix
        Propose the finding (substantial probability of return: yes or no)
        and give its basis: the parent's participation and progress.
    """
    age = case.age_at_removal
    if age is not None and age < 3 and case.removed and case.get("child.review.substantial_probability") is None:
        yield hit("child.review.substantial_probability")


@rule(
    code="RV805",
    slug="fifteen-of-twenty-two-no-exception",
    severity=WARN,
    basis=LAW,
    citation="42 U.S.C. §675(5)(E)–(F); 45 C.F.R. §1356.21(i)",
    message="The child has been in foster care 15 of the last 22 months and the report documents no compelling "
    "reason, no placement with a relative and no petition to terminate parental rights.",
    fields=["child.review.tpr_exception", "child.review.tpr_exception_reason"],
    hearings=REVIEWS,
)
def fifteen_of_22_no_exception(case: Case) -> Iterator[Hit]:
    """
    What it checks
        On the report's date, whether the child has been in care 15 or more of
        the most recent 22 months (counted from entry into foster care as one
        unbroken stay), and if so whether the report records an exception:
        the child placed with a relative, a compelling reason (stated), the
        case plan's services not provided (stated), or a petition filed.

    Why it matters
        Federal law requires the state to file or join a petition to
        terminate parental rights at that mark unless one of the exceptions
        applies and is documented. The count is approximate (trial home visits
        and runaway periods are not recorded), so this is a warning.

    How to fix
        State which exception applies and why, or that a petition is being
        filed; correct the dates if the count is wrong.
    """
    as_of = case.report_date
    months = months_in_care_last_22(case, as_of) if as_of else None
    if months is None or months < FEDERAL_MONTHS or not case.removed:
        return
    if case.get("placement.type") == "relative" or case.get("placement.caregiver.is_relative") is True:
        return
    exception = case.get("child.review.tpr_exception")
    detail = f"{months} months as of {as_of.isoformat()}" if as_of else None
    if exception is None:
        yield hit("child.review.tpr_exception", detail=detail)
    elif exception in ("compelling_reason", "services_not_provided") and blank(
            case.get("child.review.tpr_exception_reason")):
        yield hit("child.review.tpr_exception_reason", detail=detail)


@rule(
    code="RV806",
    slug="service-progress-missing",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §366.1(d)",
    message="The review report does not say what progress a parent made in a service since the last report.",
    fields=["parents[].reunification.services[].progress"],
    hearings=REVIEWS,
)
def service_progress_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each parent receiving reunification services, every service
        listed has its progress since the last report.

    Why it matters
        A supplemental report must discuss what the parent has done to correct
        the problems that led to the child's removal. The services are how
        the parent does it; the court needs the progress in each to decide
        whether the child can go home and whether services were reasonable.

    How to fix
        For each service, describe attendance, completion and what the
        provider reports, since the last report.
    """
    for i, parent in _services_parents(case):
        for k, service in enumerate(Case.at(parent, "reunification.services") or []):
            if isinstance(service, dict) and blank(service.get("progress")):
                name = service.get("service") or f"service {k + 1}"
                yield hit(f"parents[{i}].reunification.services[{k}].progress",
                          detail=f"{who('parent', i, parent)}; {name}")


@rule(
    code="RV807",
    slug="detriment-unexplained",
    severity=WARN,
    basis=LAW,
    citation="WIC §366.21(c) (why return would be detrimental; 2023 text via a secondary source)",
    message="The review report does not recommend return home but does not explain why returning the child would "
    "be detrimental.",
    fields=["child.review.detriment"],
    hearings=REVIEWS,
)
def detriment_unexplained(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For a child who stays out of the home (the report does not recommend
        return), an explanation of why return would be detrimental, for the
        child or for all the children (``review.detriment``).

    Why it matters
        At every review the child is to be returned unless return would
        create a substantial risk of detriment; the report must say what that
        risk is, in this child's case, now.

    How to fix
        Describe the risk that return would create today and what would have
        to change for the child to go home.
    """
    if _out_of_home(case) and blank(_review(case, "detriment")):
        yield hit("child.review.detriment")


@rule(
    code="RV808",
    slug="visits-period-undescribed",
    severity=WARN,
    basis=LAW,
    citation="WIC §366.21(c) (visits at review; to be confirmed)",
    message="The review report does not describe how a parent's visits went since the last report (citation to "
    "be confirmed).",
    fields=["parents[].visitation.period_summary"],
    hearings=REVIEWS,
    unverified=True,
)
def visits_period_undescribed(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For each parent receiving reunification services whose visits are
        ordered, a description of the visits since the last report.

    Why it matters
        How visits went (kept or missed, how the child and the parent were
        together) is the evidence for liberalising them or not, and for the
        prognosis of return.

    How to fix
        Describe the visits of the period: how many were kept, what the
        monitor saw, how the child responded.
    """
    if not case.removed:
        return
    for i, parent in _services_parents(case):
        if Case.at(parent, "visitation.supervision") != "none" and blank(
                Case.at(parent, "visitation.period_summary")):
            yield hit(f"parents[{i}].visitation.period_summary", detail=who("parent", i, parent))


@rule(
    code="RV809",
    slug="prognosis-missing",
    severity=WARN,
    basis=LAW,
    citation="WIC §366.1(b) (plan for return); prognosis at review to be confirmed",
    message="The review report gives no prognosis for the child's return home (citation to be confirmed).",
    fields=["child.review.prognosis"],
    hearings=REVIEWS,
    unverified=True,
)
def prognosis_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        For a child out of the home, a prognosis for return: how likely it is
        that the child goes home within the time left, and why.

    Why it matters
        The prognosis is what the concurrent plan is measured against: a poor
        one means Plan B must be ready; the court decides whether services
        continue on it.

    How to fix
        State the prognosis for this child (or for all the children in
        ``review.prognosis``) with the facts it rests on.
    """
    if case.removed and blank(_review(case, "prognosis")):
        yield hit("child.review.prognosis")


@rule(
    code="RV810",
    slug="review-recommendation-missing",
    severity=WARN,
    basis=LAW,
    citation="WIC §§366.21(e)–(f), 366.22 (the review's orders; to be confirmed)",
    message="The review report does not say whether it recommends return home, continued services or ending "
    "services for the child (citation to be confirmed).",
    fields=["child.review.recommendation"],
    hearings=REVIEWS,
    unverified=True,
)
def review_recommendation_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The review's recommendation for the child, or for all the children
        (``review.recommendation``): return home, continue reunification
        services, or end them.

    Why it matters
        The rest of the review report (prognosis, detriment, the concurrent
        plan) supports a recommendation; without it the court and the
        parties do not know what the agency asks for.

    How to fix
        Choose the recommendation for the child.
    """
    if case.removed and _review(case, "recommendation") is None:
        yield hit("child.review.recommendation")


RULES = [
    permanence_efforts_missing,
    visits_not_liberalized,
    concurrent_plan_stalled,
    substantial_probability_unproposed,
    fifteen_of_22_no_exception,
    service_progress_missing,
    detriment_unexplained,
    visits_period_undescribed,
    prognosis_missing,
    review_recommendation_missing,
]
