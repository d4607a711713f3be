"""After disposition: the review hearings that follow it, as the same case carried forward.

A review report (the six-month review, WIC §366.21(e); the twelve-month
permanency hearing, §366.21(f); the eighteen-month review, §366.22; the
twenty-four-month review, §366.25) is the case of the last report with what
happened since: :mod:`.carry` starts one from the last report, :mod:`.changes`
says item by item what changed since it, and :mod:`.clock` gives each child's
permanency clock.
"""

from __future__ import annotations

from typing import Any

from reportgen.enums import REVIEW_HEARINGS, HearingType

#: Each hearing and the one that normally follows it.
NEXT: dict[str, str | None] = {
    HearingType.DISPOSITION: HearingType.SIX_MONTH_REVIEW,
    HearingType.SIX_MONTH_REVIEW: HearingType.PERMANENCY_12M,
    HearingType.PERMANENCY_12M: HearingType.REVIEW_18M,
    HearingType.REVIEW_18M: HearingType.REVIEW_24M,
    HearingType.REVIEW_24M: None,
}
REVIEWS = tuple(h.value for h in REVIEW_HEARINGS)


def hearing_of(case: dict[str, Any]) -> str:
    """The hearing a case's report is for (unstated: the disposition hearing)."""
    return str((case.get("court") or {}).get("hearing_type") or HearingType.DISPOSITION)


def is_review(case: dict[str, Any]) -> bool:
    return hearing_of(case) in REVIEWS
