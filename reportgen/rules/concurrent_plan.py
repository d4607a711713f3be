"""CP1xx: the concurrent (alternative permanency) plan — CRC 5.690(a)(1)(B)(ii),
WIC §358.1(b), and the CEB §12.47 checks a child's attorney applies."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.case import Case, blank
from reportgen.rules.base import LAW, OBJECT, Hit, hit, rule


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


RULES = [concurrent_plan_missing]
