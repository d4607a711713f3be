"""The clerk's intake batch in the database: one row per PDF verified on the web page.

The web page verifies each uploaded PDF in memory and forgets the file; what
it keeps is the index row the command line would write (file name, SHA-256,
case number, child's initials, hearing date, result, failing checks and their
reasons), so that "download the index" can return every PDF of the batch.

A batch belongs to one clerk and one login session (the web layer keeps the
batch id in the session). Within a batch a digest appears once, as in the
CLI index: the same file dropped twice is verified once.

The model joins :class:`reportgen.store.Base`, so it shares the store's
metadata, and its table comes from migration ``0002_intake``. It refers to
``users`` with ``ON DELETE CASCADE``: a clerk's rows go with the clerk.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from reportgen.intake.index import row_for
from reportgen.intake.result import VerifyResult
from reportgen.store import Base, Store, utcnow

#: Length of the random batch id kept in the login session.
BATCH_ID_BYTES = 16


class IntakeFile(Base):
    """One verified PDF of a clerk's batch: the intake index row, never the file."""

    __tablename__ = "intake_files"
    __table_args__ = (UniqueConstraint("user_id", "batch", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    batch: Mapped[str] = mapped_column(String(64), index=True)
    verified_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    digest: Mapped[str] = mapped_column(String(64))
    case_number: Mapped[str] = mapped_column(String(80), default="")
    child_initials: Mapped[str] = mapped_column(String(40), default="")
    hearing_date: Mapped[str] = mapped_column(String(20), default="")
    result: Mapped[str] = mapped_column(String(20))
    failing_checks: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text, default="")

    def index_row(self) -> dict[str, str]:
        """The row as :mod:`reportgen.intake.index` writes it (same columns as the CLI's CSV)."""
        return {
            "file": self.filename,
            "digest": self.digest,
            "case_number": self.case_number,
            "child_initials": self.child_initials,
            "hearing_date": self.hearing_date,
            "result": self.result,
            "failing_checks": self.failing_checks,
            "reasons": self.reasons,
        }

    def failing(self) -> list[tuple[str, str]]:
        """Each failing check with its reason, as (name, reason) pairs."""
        out = []
        for line in self.reasons.splitlines():
            name, _, reason = line.partition(": ")
            if name.strip():
                out.append((name.strip(), reason.strip()))
        return out


def new_batch_id() -> str:
    return secrets.token_hex(BATCH_ID_BYTES)


def _clip(text: str | None, length: int) -> str:
    return (text or "")[:length]


def record(store: Store, user_id: int, batch: str, results: Iterable[VerifyResult]) -> tuple[int, int]:
    """Add each result to the batch unless its digest is already there; returns (added, skipped).

    A result without a digest (a file that could not even be read) is always
    added: there is nothing to recognise it by.
    """
    added = skipped = 0
    with store.write() as session:
        known = set(session.scalars(
            select(IntakeFile.digest).where(IntakeFile.user_id == user_id, IntakeFile.batch == batch)
        ))
        for result in results:
            row = row_for(result)
            digest = row["digest"] or f"unread-{secrets.token_hex(8)}"
            if digest in known:
                skipped += 1
                continue
            known.add(digest)
            entry = IntakeFile(
                user_id=user_id, batch=batch, filename=_clip(row["file"], 255), digest=_clip(digest, 64),
                case_number=_clip(row["case_number"], 80), child_initials=_clip(row["child_initials"], 40),
                hearing_date=_clip(row["hearing_date"], 20), result=row["result"],
                failing_checks=row["failing_checks"], reasons=row["reasons"],
            )
            try:
                # A second tab may have added the same file a moment ago (PostgreSQL does not
                # serialise the read above); the savepoint keeps the rest of the batch.
                with session.begin_nested():
                    session.add(entry)
            except IntegrityError:
                skipped += 1
                continue
            added += 1
    return added, skipped


def batch_files(store: Store, user_id: int, batch: str | None) -> list[IntakeFile]:
    """The batch's rows in the order they were verified (none without a batch)."""
    if not batch:
        return []
    with store.read() as session:
        query = (select(IntakeFile)
                 .where(IntakeFile.user_id == user_id, IntakeFile.batch == batch)
                 .order_by(IntakeFile.id))
        return list(session.scalars(query))
