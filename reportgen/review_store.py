"""The child's attorney's kept reviews and the decisions taken on their findings.

A finding read from a report's text is the tool's reading, not the attorney's
objection: the attorney confirms it or dismisses it (a dismissal says why),
and the memo is written from the confirmed ones. So the review of an upload is
kept, with its decisions, for the attorney who made it, and listed on their
page until they delete it. What is kept is the review's result (caption,
findings, the passages they rest on, the element table, and the case data a
reportgen file carried); the uploaded file itself never is.

The attorney's profile holds the attorney block a filing opens with (name,
State Bar number, office, telephone, e-mail).

The models join :class:`reportgen.store.Base`; their tables come from
migration ``0004_attorney_reviews``, and go with the user (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from reportgen.review import Edited, ReviewResult
from reportgen.review.heuristics import Element, HeuristicFinding
from reportgen.rules.base import Finding
from reportgen.store import Base, Store, utcnow

CONFIRMED, DISMISSED = "confirmed", "dismissed"
DECISIONS = (CONFIRMED, DISMISSED)
#: A dismissal's reason is kept whole up to this length (a paragraph, not a brief).
REASON_CHARS = 2000
PROFILE_FIELDS = (("name", 120), ("bar_number", 20), ("office", 600), ("phone", 40), ("email", 120))


class AttorneyReview(Base):
    """One kept review: the result as JSON, owned by the attorney who made it."""

    __tablename__ = "attorney_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attorney_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(40))
    result_json: Mapped[str] = mapped_column(Text)

    @property
    def result(self) -> ReviewResult:
        return result_from_dict(json.loads(self.result_json))


class ReviewDecision(Base):
    """The attorney's decision on one finding of a kept review."""

    __tablename__ = "review_decisions"
    __table_args__ = (UniqueConstraint("review_id", "finding_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("attorney_reviews.id", ondelete="CASCADE"), index=True)
    finding_key: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AttorneyProfile(Base):
    """What the memo's attorney block says; blank fields print as lines to fill in."""

    __tablename__ = "attorney_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    bar_number: Mapped[str] = mapped_column(String(20), default="")
    office: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")

    def as_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name) or "") for name, _ in PROFILE_FIELDS}


# --- a review result as stored JSON -------------------------------------------------------------


def result_to_dict(result: ReviewResult) -> dict[str, Any]:
    """Everything the page and the memo need again, as plain JSON."""
    from reportgen.schema import dump_case

    d = result.as_dict()
    d["case"] = dump_case(result.case) if result.case is not None else None
    return d


def _build(cls: type[Any], d: dict[str, Any], **renamed: Any) -> Any:
    """A dataclass from its ``as_dict()``: keys it does not know are left out (a
    stored review outlives changes to the finding's shape), lists become tuples
    where the field holds a tuple."""
    known = {f.name: f for f in dataclasses.fields(cls)}
    values = {k: v for k, v in d.items() if k in known}
    values.update(renamed)
    for name, value in values.items():
        if isinstance(value, list) and "tuple" in str(known[name].type):
            values[name] = tuple(value)
    return cls(**values)


def result_from_dict(d: dict[str, Any]) -> ReviewResult:
    from reportgen.schema import load_case

    findings: list[Finding | HeuristicFinding] = [
        _build(HeuristicFinding if f.get("heuristic") else Finding, f) for f in d["findings"]
    ]
    elements = [_build(Element, {k: v for k, v in e.items() if k != "element"}, key=e["element"])
                for e in d["elements"]]
    case = load_case(d["case"]) if d.get("case") is not None else None
    edited = Edited.from_dict(d["edited"]) if d.get("edited") else None
    return ReviewResult(source=d["source"], label=d["label"], caption=d["caption"], findings=findings,
                        elements=elements, notes=list(d.get("notes") or []), case=case, edited=edited)


def finding_keys(result: ReviewResult) -> list[str]:
    """Each finding's key within its review ("CP108-2"): stable, because a kept
    review's findings never change; readable in a URL fragment and an id."""
    return [f"{f.code}-{i}" for i, f in enumerate(result.findings, start=1)]


# --- reviews ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    """One line of the attorney's list of kept reviews."""

    id: int
    created_at: dt.datetime
    label: str
    child: str
    case_number: str
    objections: int
    decided: int
    to_decide: int


def save_review(store: Store, attorney_id: int, result: ReviewResult) -> int:
    with store.write() as session:
        row = AttorneyReview(attorney_id=attorney_id, source=result.source,
                             result_json=json.dumps(result_to_dict(result), ensure_ascii=False))
        session.add(row)
        session.flush()
        return row.id


def get_review(store: Store, review_id: int, attorney_id: int) -> AttorneyReview | None:
    """The review when it exists and belongs to this attorney; None otherwise (the caller answers 404)."""
    with store.read() as session:
        row = session.get(AttorneyReview, review_id)
    return row if row is not None and row.attorney_id == attorney_id else None


def reviews_of(store: Store, attorney_id: int) -> list[ReviewRow]:
    """The attorney's kept reviews, newest first, with how many findings are decided."""
    with store.read() as session:
        rows = list(session.scalars(select(AttorneyReview).where(AttorneyReview.attorney_id == attorney_id)
                                    .order_by(AttorneyReview.created_at.desc(), AttorneyReview.id.desc())))
        counts: dict[int, int] = {review_id: count for review_id, count in session.execute(
            select(ReviewDecision.review_id, func.count()).where(ReviewDecision.review_id.in_([r.id for r in rows]))
            .group_by(ReviewDecision.review_id))}
    out = []
    for row in rows:
        result = row.result
        open_ = sum(1 for f in result.findings if decidable(f))
        out.append(ReviewRow(id=row.id, created_at=row.created_at, label=result.label,
                             child=result.caption.get("child", ""), case_number=result.caption.get("case_number", ""),
                             objections=len(result.objections), decided=counts.get(row.id, 0),
                             to_decide=max(open_ - counts.get(row.id, 0), 0)))
    return out


def delete_review(store: Store, review_id: int, attorney_id: int) -> bool:
    """Forget a kept review and its decisions (the attorney's own only)."""
    with store.write() as session:
        row = session.get(AttorneyReview, review_id)
        if row is None or row.attorney_id != attorney_id:
            return False
        session.execute(delete(ReviewDecision).where(ReviewDecision.review_id == review_id))
        session.delete(row)
        return True


# --- decisions ----------------------------------------------------------------------------------


def decidable(finding: Finding | HeuristicFinding) -> bool:
    """Only a finding read from a report's text waits for the attorney's decision;
    one the rule catalogue computed from case data is exact and goes in the memo.
    Notes (info) are never objections, so there is nothing to decide."""
    return isinstance(finding, HeuristicFinding) and finding.severity in ("object", "warn")


def decisions_of(store: Store, review_id: int) -> dict[str, ReviewDecision]:
    with store.read() as session:
        rows = session.scalars(select(ReviewDecision).where(ReviewDecision.review_id == review_id))
        return {d.finding_key: d for d in rows}


def decide(store: Store, review_id: int, key: str, decision: str | None, reason: str = "") -> None:
    """Record (or replace) the decision on one finding; ``None`` takes it back.

    A dismissal must say why: the reason is what the attorney relies on later
    when the same report comes back, so an empty one is refused."""
    if decision is not None and decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    reason = reason.strip()[:REASON_CHARS] if decision == DISMISSED else ""
    if decision == DISMISSED and not reason:
        raise ValueError("a dismissal needs a reason")
    with store.write() as session:
        session.execute(delete(ReviewDecision).where(ReviewDecision.review_id == review_id,
                                                     ReviewDecision.finding_key == key))
        if decision is None:
            return
        try:
            with session.begin_nested():
                session.add(ReviewDecision(review_id=review_id, finding_key=key, decision=decision, reason=reason,
                                           decided_at=utcnow()))
        except IntegrityError:  # another tab decided the same finding a moment ago: the later word wins
            row = session.scalar(select(ReviewDecision).where(ReviewDecision.review_id == review_id,
                                                              ReviewDecision.finding_key == key))
            if row is not None:
                row.decision, row.reason, row.decided_at = decision, reason, utcnow()


# --- the attorney block -------------------------------------------------------------------------


def profile_of(store: Store, user_id: int) -> dict[str, str]:
    with store.read() as session:
        row = session.get(AttorneyProfile, user_id)
        return row.as_dict() if row is not None else {name: "" for name, _ in PROFILE_FIELDS}


def save_profile(store: Store, user_id: int, values: dict[str, str]) -> None:
    clean = {name: (values.get(name) or "").strip()[:limit] for name, limit in PROFILE_FIELDS}
    with store.write() as session:
        row = session.get(AttorneyProfile, user_id)
        if row is None:
            session.add(AttorneyProfile(user_id=user_id, **clean))
        else:
            for name, value in clean.items():
                setattr(row, name, value)
