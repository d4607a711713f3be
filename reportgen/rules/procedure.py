"""PR7xx: procedure and dates — the facts the statutory timeline needs, the
hearing dates the report proposes, the recommendation itself, and the federal
15-of-22-months reminder.

The date rules judge "already past" and the EFC fallback on the case's own
report date (``case.report_date``), never on today's date, so checking the same
report gives the same answer on any day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from reportgen.case import Case
from reportgen.rules.base import DISPOSITION, INFO, LAW, OBJECT, WARN, Hit, hit, rule
from reportgen.timeline import compute, entry, months_in_care_last_22

KEY_DATES = (
    "dates.removal_date",
    "dates.jurisdiction_hearing_date",
    "dates.disposition_hearing_date",
)
#: 42 U.S.C. §675(5)(E): in care this many of the most recent 22 months.
FEDERAL_MONTHS = 15


@rule(
    code="PR701",
    slug="key-dates-missing",
    severity=WARN,
    basis=LAW,
    citation="WIC §§361.49, 366.21",
    message="The removal, jurisdiction or disposition date is missing, so the statutory deadlines cannot all be "
    "worked out.",
    fields=list(KEY_DATES),
)
def key_dates_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The date of initial removal, the date of the jurisdiction hearing and
        the date of the disposition hearing must all be filled in. The
        finding points at each one that is missing.

    Why it matters
        Every later deadline is counted from these three dates: the date the
        child entered foster care is the earlier of the jurisdiction hearing
        and 60 days after removal, and the review, permanency and
        reunification-period dates run from that date, from removal or from
        disposition. Without them nobody can tell from the report whether the
        proposed hearing dates are lawful.

    How to fix
        Enter the date the child was first removed from the parent's or
        guardian's physical custody, the date the court made its jurisdiction
        findings, and the date set for the disposition hearing.
    """
    missing = [path for path in KEY_DATES if case.get(path) is None]
    if missing:
        yield hit(*missing)


def _stated_later_than(case: Case, key: str, stated_path: str) -> Iterator[Hit]:
    """A hit when the report's stated date is later than the computed latest date."""
    as_of = case.report_date
    stated = case.get(stated_path)
    if as_of is None or not isinstance(stated, dt.date):
        return
    latest = entry(compute(case, as_of=as_of), key)
    if latest is not None and latest.date is not None and stated > latest.date:
        yield hit(stated_path, detail=f"stated {stated.isoformat()}; latest lawful date {latest.date.isoformat()}")


@rule(
    code="PR702",
    hearings=DISPOSITION,
    slug="stated-review-date-too-late",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §§366.21(e), 361.49",
    message="The proposed six-month review date is later than the law allows.",
    fields=["recommended.stated_six_month_review_date"],
)
def stated_review_date_too_late(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The six-month review date the report proposes must not be later than
        the earlier of six months after the disposition hearing and twelve
        months after the child entered foster care. The rule is silent when
        either date is unknown (PR701 reports missing dates).

    Why it matters
        The six-month review is where the court first measures the parents'
        progress and decides whether the child can go home. Setting it late
        stretches the reunification period past its statutory limit and
        delays the child's permanence; for a child under three it can also
        mean the six-month reunification limit passes unexamined.

    How to fix
        Propose a review date on or before the latest date shown by
        the "reportgen timeline" command for the case.
    """
    yield from _stated_later_than(case, "six_month_review", "recommended.stated_six_month_review_date")


@rule(
    code="PR703",
    hearings=DISPOSITION,
    slug="stated-permanency-date-too-late",
    severity=OBJECT,
    basis=LAW,
    citation="WIC §§366.21(f), 361.49",
    message="The proposed twelve-month permanency hearing date is later than the law allows.",
    fields=["recommended.stated_permanency_hearing_date"],
)
def stated_permanency_date_too_late(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The twelve-month permanency hearing date the report proposes must not
        be later than the earlier of twelve months after the child entered
        foster care and eighteen months after removal. The rule is silent when
        either date is unknown.

    Why it matters
        At the permanency hearing the court either returns the child, extends
        services on the statutory findings, or moves toward a permanent plan.
        A hearing set past the limit keeps the child in temporary care longer
        than the law allows.

    How to fix
        Propose a permanency hearing date on or before the latest date shown
        by the "reportgen timeline" command for the case.
    """
    yield from _stated_later_than(case, "permanency_12m", "recommended.stated_permanency_hearing_date")


@rule(
    code="PR706",
    hearings=DISPOSITION,
    slug="recommendation-missing",
    severity=OBJECT,
    basis=LAW,
    citation="CRC 5.690(a)",
    message="The report does not state which disposition it recommends.",
    fields=["recommended.disposition_option"],
)
def recommendation_missing(case: Case) -> Iterator[Hit]:
    """
    What it checks
        The recommended disposition (dismissal, informal supervision,
        guardianship, dependency at home, placement with a previously
        noncustodial parent, or removal with or without reunification
        services) must be chosen.

    Why it matters
        The social study exists to give the court a recommendation for
        disposition, and the other parts of the report (reunification plan,
        concurrent plan, case plan) follow from it. Parties cannot prepare to
        agree or object to a recommendation the report never makes.

    How to fix
        Choose the recommended disposition in the findings-and-orders section
        and make sure the proposed findings match it.
    """
    if case.get("recommended.disposition_option") is None:
        yield hit("recommended.disposition_option")


@rule(
    code="PR708",
    slug="fifteen-of-twenty-two",
    severity=INFO,
    basis=LAW,
    citation="42 U.S.C. §675(5)(E)–(F)",
    message="The child has been in foster care for 15 of the last 22 months; federal law expects a petition to "
    "terminate parental rights unless an exception is documented.",
    fields=["dates.removal_date", "dates.jurisdiction_hearing_date"],
)
def fifteen_of_twenty_two(case: Case) -> Iterator[Hit]:
    """
    What it checks
        Counting from the date the child entered foster care to the report's
        date, whether the child has been in care for 15 or more of the most
        recent 22 months. The count assumes one unbroken stay: trial home
        visits and runaway periods are not recorded, so this is a reminder,
        not a defect.

    Why it matters
        Federal law requires the state to file or join a petition to terminate
        parental rights once a child has been in foster care 15 of the most
        recent 22 months, unless the child is placed with a relative, there is
        a documented compelling reason, or the services the case plan called
        for were not provided.

    How to fix
        Check the placement history. If the count is right, state which
        exception applies and why, or what is being done about a petition.
    """
    as_of = case.report_date
    if as_of is None:
        return
    months = months_in_care_last_22(case, as_of)
    if months is not None and months >= FEDERAL_MONTHS:
        yield hit(
            "dates.removal_date", "dates.jurisdiction_hearing_date",
            detail=f"{months} months as of {as_of.isoformat()}",
        )


RULES = [
    key_dates_missing,
    stated_review_date_too_late,
    stated_permanency_date_too_late,
    recommendation_missing,
    fifteen_of_twenty_two,
]
