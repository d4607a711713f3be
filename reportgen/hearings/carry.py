"""Start a review report from the last filed one (``reportgen next-report``).

What stays true from one hearing to the next is carried: the court and the
case number, the agency and the worker, the parents with their services and
where each stands, the relatives, the ICWA inquiry, each child with the
placement, the orders and the concurrent plan. What each review must state
anew is cleared, so the check points at exactly what the worker must enter:
the progress in each service this period (unless it was completed or
stopped by the last report), how the visits went and whether they
were liberalised, the prognosis and the detriment of return, the efforts toward
legal permanence, the statements, the assessment and the proposed findings.

The new case records the report it came from (``previous_report``): its
hearing, its date, the SHA-256 of its file, and a snapshot of what it said of
the things a review tracks, from which :mod:`reportgen.hearings.changes`
computes what changed. The snapshot travels inside the new report's file, so
a clerk's re-rendering prints the same "changes since the last report".
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from reportgen.family import children
from reportgen.hearings import REVIEWS, hearing_of
from reportgen.schema import dump_case, load_case

#: Top-level groups carried as they are.
CARRIED = ("court", "agency", "social_worker", "supervisor", "narrative", "dates", "children", "parents",
           "relatives", "reunification_plan", "icwa", "case_plan", "recommended")
#: The worker's narrative sections that are history (carried); the others are written anew.
NARRATIVE_KEPT = ("detention_jurisdiction_history", "prior_cws_history", "criminal_history", "family_background")
#: Each review states these anew (cleared on carrying).
CLEARED_CHILD = ("child_statement", "wishes", "case_plan_input", "review")
CLEARED_VISITS = ("period_summary", "liberalized", "not_liberalized_reason")
#: A service in one of these states at the last report has nothing new to report: its progress is carried.
FINISHED = ("completed", "dropped")


class CarryError(Exception):
    """The last report cannot be carried to the hearing asked for; ``problems`` as InvalidCase's."""

    exit_code = 2

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))


def snapshot_of(case: dict[str, Any]) -> dict[str, Any]:
    """What a loaded case says of what a review tracks, in ``previous_report.snapshot``'s shape."""
    parents = []
    for parent in case.get("parents") or []:
        reun = parent.get("reunification") or {}
        visits = parent.get("visitation") or {}
        parents.append(_some({
            "name": parent.get("name"), "role": parent.get("role"), "status": parent.get("status"),
            "reunification": reun.get("recommended"),
            "services": [_some({"service": s.get("service"), "status": s.get("status")})
                         for s in reun.get("services") or []] or None,
            "visits": visits.get("frequency"), "supervision": visits.get("supervision"),
        }))
    kids = []
    for child in children(case):
        placement = child.get("placement") or {}
        plan = child.get("concurrent_plan") or {}
        family = plan.get("prospective_family") or {}
        kids.append(_some({
            "id": child.get("id"), "name": child.get("name"),
            "placement_type": placement.get("type"), "caregiver": (placement.get("caregiver") or {}).get("name"),
            "date_placed": _iso(placement.get("date_placed")),
            "goal": plan.get("goal"), "family": family.get("name"),
            "family_assessment": family.get("assessment_status"), "family_willingness": family.get("willingness"),
        }))
    return _some({"parents": parents or None, "children": kids or None})


def next_report(last: dict[str, Any], hearing: str, digest: str,
                report_date: dt.date | None = None) -> dict[str, Any]:
    """The new review case (JSON-ready, schema 2.0) started from ``last`` (a loaded case)
    for ``hearing``; ``digest`` is the SHA-256 of the last report's file. Raises
    :class:`CarryError` when ``hearing`` is not a review or comes before the last one."""
    if hearing not in REVIEWS:
        raise CarryError([("--hearing", f"must be one of: {', '.join(REVIEWS)}")])
    before = hearing_of(last)
    order = ("disposition", *REVIEWS)
    if order.index(hearing) <= order.index(before):
        raise CarryError([("court.hearing_type", f"the last report is for the {before.replace('_', ' ')} hearing; "
                                                 f"a {hearing.replace('_', ' ')} report cannot follow it")])
    last_date = (last.get("court") or {}).get("report_date")
    if report_date is not None and last_date is not None and report_date < last_date:
        raise CarryError([("--report-date", f"{report_date.isoformat()} is before the last report's date "
                                            f"({last_date.isoformat()})")])
    raw = dump_case(last)
    new: dict[str, Any] = {"schema_version": raw["schema_version"]}
    for key in CARRIED:
        if raw.get(key) is not None:
            new[key] = copy.deepcopy(raw[key])
    court = new.setdefault("court", {})
    court.update({"hearing_type": hearing, "report_date": _iso(report_date), "hearing_time": None})
    if new.get("supervisor"):
        new["supervisor"]["approved_date"] = None
    narrative = new.get("narrative") or {}
    new["narrative"] = {k: v for k, v in narrative.items() if k in NARRATIVE_KEPT} or None
    for parent in new.get("parents") or []:
        parent["statement"] = None
        for service in (parent.get("reunification") or {}).get("services") or []:
            if service.get("status") not in FINISHED:  # a finished service's last word still stands
                service["progress"] = None
        if parent.get("visitation"):
            parent["visitation"].update(dict.fromkeys(CLEARED_VISITS))
    for child in new.get("children") or []:
        child.update(dict.fromkeys(CLEARED_CHILD))
        if child.get("concurrent_plan"):
            child["concurrent_plan"]["permanence_efforts"] = None
    recommended = new.get("recommended") or {}
    if recommended:
        recommended.update({"findings": None, "next_hearing": None})
    # the hearing the last report asked the court to set is the one this report is for
    set_for = ((last.get("recommended") or {}).get("next_hearing") or {}).get("date")
    new["review"] = {"period_start": _iso(last_date or (last.get("dates") or {}).get("disposition_hearing_date")),
                     "period_end": _iso(report_date), "hearing_date": _iso(set_for)}
    new["previous_report"] = {"hearing_type": before, "report_date": _iso(last_date), "digest": digest,
                              "snapshot": snapshot_of(last)}
    load_case(new)  # the carried case must load (raises InvalidCase naming the field)
    return new


def _iso(day: Any) -> Any:
    return day.isoformat() if isinstance(day, dt.date) else day


def _some(group: dict[str, Any]) -> dict[str, Any]:
    """A snapshot group without the answers never given."""
    return {k: _iso(v) for k, v in group.items() if v is not None}
