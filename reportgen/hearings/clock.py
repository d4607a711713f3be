"""The permanency clock of each child: where the case stands against its time limits.

For each child: the end of the reunification period (WIC §361.5(a)(1), and
its extension to 18 or 24 months after removal when the report is for the
hearing that may extend it, §361.5(a)(3)–(4)), the next hearing and the latest
date the law allows for it (docs/law.md §2, T14–T17), the date the child will
have been in foster care 15 of the last 22 months (42 U.S.C. §675(5)(E), T22),
and the county's permanency staffing: 60 days before the hearing at which the
agency would recommend that services end. The staffing point is practice
(the promising-practices brief in the seeds: every case is staffed 60 days
before the agency recommends ending reunification services), not law, and is
labelled so wherever it is shown.

The dates come from :mod:`reportgen.timeline` (its month arithmetic and its
entry into foster care), so the clock and the statutory timeline never differ.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reportgen.court_calendar import add_months
from reportgen.family import child_views, is_family
from reportgen.hearings import NEXT, hearing_of
from reportgen.timeline import compute, entry

#: Days before the hearing at which services would end that the county staffs the case (practice).
STAFFING_DAYS = 60
#: The timeline entry giving the latest date of each review hearing.
HEARING_ENTRY = {"six_month_review": "six_month_review", "permanency_12m": "permanency_12m",
                 "review_18m": "review_18m", "review_24m": "review_24m"}
STAFFING_BASIS = "county practice (promising practices: staffing 60 days before recommending that services end)"


@dataclass(frozen=True)
class Point:
    """One point of a child's clock: what, the date (None when it cannot be computed), on what basis."""

    key: str
    date: dt.date | None
    basis: str
    hearing: str | None = None
    practice: bool = False
    missing: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "date": self.date.isoformat() if self.date else None, "basis": self.basis,
                "hearing": self.hearing, "practice": self.practice, "missing": list(self.missing)}


@dataclass(frozen=True)
class ChildClock:
    child: str | None
    child_id: str | None
    points: list[Point] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"child": self.child, "child_id": self.child_id, "points": [p.as_dict() for p in self.points]}


def clock_for(case: dict[str, Any], as_of: dt.date | None = None) -> list[ChildClock]:
    """Each child's permanency clock (one unnamed clock for a one-child view)."""
    hearing = hearing_of(case)
    if is_family(case):
        return [_clock(v.case, hearing, v.label, v.id, as_of) for v in child_views(case)]
    from reportgen.case import Case

    return [_clock(Case(case), hearing, None, None, as_of)]


def _clock(view: Any, hearing: str, label: str | None, child_id: str | None, as_of: dt.date | None) -> ChildClock:
    entries = compute(view, as_of=as_of)
    removal = view.removal_date
    points: list[Point] = []
    period = entry(entries, "fr_period_end")
    period_date = period.date if period else None
    points.append(Point("period_end", period_date, period.citation if period else "",
                        missing=period.missing if period else ()))
    extended = None
    if hearing == "permanency_12m" and removal:
        extended = Point("extended_end", add_months(removal, 18), "WIC §§361.5(a)(3), 366.21(g)(1)")
    elif hearing in ("review_18m", "review_24m") and removal:
        extended = Point("extended_end", add_months(removal, 24), "WIC §§361.5(a)(4), 366.22(b)")
    if extended:
        points.append(extended)
    following = NEXT.get(hearing)
    stated = view.get("recommended.next_hearing.date")
    if following:
        limit = entry(entries, HEARING_ENTRY[following])
        points.append(Point("next_hearing", limit.date if limit else None, limit.citation if limit else "",
                            hearing=following, missing=limit.missing if limit else ()))
    else:
        points.append(Point("next_hearing", None, "WIC §366.26", hearing="366.26"))
    if isinstance(stated, dt.date):
        points.append(Point("next_hearing_set", stated, "", hearing=view.get("recommended.next_hearing.type")))
    fifteen = entry(entries, "fifteen_of_22")
    points.append(Point("fifteen_of_22", fifteen.date if fifteen else None, fifteen.citation if fifteen else "",
                        missing=fifteen.missing if fifteen else ()))
    staffing_hearing, hearing_date = _ending_hearing(entries, hearing, extended.date if extended else period_date)
    if staffing_hearing is not None:  # none after the last review: services end at this hearing at the latest
        points.append(Point("staffing", hearing_date - dt.timedelta(days=STAFFING_DAYS) if hearing_date else None,
                            STAFFING_BASIS, hearing=staffing_hearing, practice=True))
    return ChildClock(label, child_id, points)


def upcoming(clock: ChildClock, as_of: dt.date) -> Point | None:
    """The child's next point on or after ``as_of`` (the draft list's "Next date"), None when none is left."""
    ahead = [p for p in clock.points if p.date is not None and p.date >= as_of]
    return min(ahead, key=lambda p: p.date or as_of, default=None)


def _ending_hearing(entries: list[Any], hearing: str, period_end: dt.date | None) -> tuple[str | None, dt.date | None]:
    """The first hearing after this one whose latest date is on or after the end of the
    reunification period: the hearing at which the agency would recommend that services end."""
    following = NEXT.get(hearing)
    last: tuple[str | None, dt.date | None] = (None, None)
    while following:
        limit = entry(entries, HEARING_ENTRY[following])
        if limit is None or limit.date is None:
            return following, None
        last = (following, limit.date)
        if period_end is None or limit.date >= period_end:
            return last
        following = NEXT.get(following)
    return last
