"""The clerk's intake log in the database: one row per PDF received on the web page.

The log lasts: a row is written when the file is received and stays whoever
logs in or out, so the clerks can search it by case number and by the day a
report came in, and export it as CSV. What a row keeps is the index row the
command line would write (file name, SHA-256, case number, child's initials,
hearing date, result, how the report presents itself, failing checks and their
reasons), with when it was received, by which clerk and when it was verified;
never the file itself.

A row is received ``queued`` (the upload answers at once), becomes
``verifying`` when a sandbox worker takes it and ``done`` with its result. The
state is here, not in the memory of the web process that received the file,
so any process can answer "how far is this batch?". A row whose process died
before it was done (a killed server: its files were removed at the next start)
is closed as ``unreadable`` with that reason, by :func:`recover`, so no batch
waits for ever.

A batch is one upload. A file already in the log (same SHA-256) is not
received again, as the command line's index skips it; one whose earlier
reading ended ``unreadable`` may be sent again and gets a new row. The model
joins :class:`reportgen.store.Base`; its table comes from migrations
``0002_intake`` and ``0005_intake_log``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    case,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from reportgen.intake.explain import report_status
from reportgen.intake.index import failing_pairs, row_for
from reportgen.intake.result import FAIL, UNREADABLE, Check, VerifyResult
from reportgen.store import Base, Store, utcnow

#: Length of the random batch id (one per upload).
BATCH_ID_BYTES = 16
QUEUED, VERIFYING, DONE = "queued", "verifying", "done"
PENDING = (QUEUED, VERIFYING)
#: No row waits longer than this for a worker, whatever happened to its process.
MAX_PENDING = dt.timedelta(hours=6)
INTERRUPTED = "the server stopped before this file was verified; the file was not kept"


class IntakeFile(Base):
    """One received PDF: the intake index row, never the file."""

    __tablename__ = "intake_files"
    __table_args__ = (UniqueConstraint("user_id", "batch", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    clerk: Mapped[str] = mapped_column(String(80), default="")
    batch: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(12), default=QUEUED, index=True)
    worker: Mapped[str | None] = mapped_column(String(120), nullable=True)
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    filename: Mapped[str] = mapped_column(String(255))
    digest: Mapped[str] = mapped_column(String(64), index=True)
    case_number: Mapped[str] = mapped_column(String(80), default="", index=True)
    child_initials: Mapped[str] = mapped_column(String(40), default="")
    hearing_date: Mapped[str] = mapped_column(String(20), default="")
    result: Mapped[str] = mapped_column(String(20), default="")
    draft: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    open_objections: Mapped[int | None] = mapped_column(Integer, nullable=True)
    failing_checks: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text, default="")

    @property
    def done(self) -> bool:
        return self.status == DONE

    @property
    def report_status(self) -> str:
        return report_status(self.draft, self.open_objections) if self.done else ""

    def index_row(self) -> dict[str, str]:
        """The row as :mod:`reportgen.intake.index` writes it, plus when, by whom and its state."""
        from reportgen.clock import local_time

        row = {
            "file": self.filename,
            "digest": self.digest,
            "case_number": self.case_number,
            "child_initials": self.child_initials,
            "hearing_date": self.hearing_date,
            "result": self.result if self.done else self.status,
            "report_status": self.report_status,
            "open_objections": "" if self.open_objections is None else str(self.open_objections),
            "failing_checks": self.failing_checks,
            "reasons": self.reasons,
            "received_at": local_time(self.received_at, "%Y-%m-%d %H:%M:%S"),
            "clerk": self.clerk,
            "verified_at": local_time(self.verified_at, "%Y-%m-%d %H:%M:%S") if self.verified_at else "",
        }
        row["problems"] = "\n".join(f"{name}: {says}" for name, says, _ in failing_pairs(row))
        return row

    def failing(self) -> list[tuple[str, str, str]]:
        """Each failing check as (name, what it means for the clerk, the technical reason)."""
        return failing_pairs({"reasons": self.reasons})


#: The log's CSV: the command line's index columns with when, by whom and when verified.
LOG_COLUMNS = ("received_at", "clerk", "file", "digest", "case_number", "child_initials", "hearing_date", "result",
               "report_status", "open_objections", "failing_checks", "problems", "reasons", "verified_at")


def new_batch_id() -> str:
    return secrets.token_hex(BATCH_ID_BYTES)


def _clip(text: str | None, length: int) -> str:
    return (text or "")[:length]


@dataclass(frozen=True)
class Received:
    """What became of one uploaded file: its new row, or the row that already holds it."""

    filename: str
    row_id: int | None
    earlier: IntakeFile | None = None


def receive(store: Store, user_id: int, clerk: str, batch: str, files: Iterable[tuple[str, str]],
            worker: str) -> list[Received]:
    """Log each (file name, SHA-256) as received now, queued for verification, in one transaction.

    A digest already in the log (verified, or waiting) is not received again;
    the answer names the earlier row. A digest whose earlier reading was
    ``unreadable`` gets a new row: the clerk may send the file again."""
    out: list[Received] = []
    now = utcnow()
    with store.write() as session:
        for filename, digest in files:
            earlier = session.scalars(
                select(IntakeFile).where(IntakeFile.digest == digest, IntakeFile.result != UNREADABLE)
                .order_by(IntakeFile.id).limit(1)
            ).first()
            if earlier is not None:
                out.append(Received(filename, None, earlier))
                continue
            entry = IntakeFile(user_id=user_id, clerk=_clip(clerk, 80), batch=batch, received_at=now, status=QUEUED,
                               worker=_clip(worker, 120), filename=_clip(filename, 255), digest=_clip(digest, 64))
            session.add(entry)
            session.flush()
            out.append(Received(filename, entry.id))
    return out


def start(store: Store, row_id: int) -> None:
    with store.write() as session:
        session.execute(update(IntakeFile).where(IntakeFile.id == row_id, IntakeFile.status == QUEUED)
                        .values(status=VERIFYING))


def finish(store: Store, row_id: int, result: VerifyResult) -> None:
    """Record the result of a row's verification (a row closed meanwhile as interrupted is reopened)."""
    row = row_for(result)
    with store.write() as session:
        session.execute(update(IntakeFile).where(IntakeFile.id == row_id).values(
            status=DONE, verified_at=utcnow(), result=row["result"],
            case_number=_clip(row["case_number"], 80), child_initials=_clip(row["child_initials"], 40),
            hearing_date=_clip(row["hearing_date"], 20), draft=result.draft, open_objections=result.open_objections,
            failing_checks=row["failing_checks"], reasons=row["reasons"],
        ))


def batch_files(store: Store, batch: str) -> list[IntakeFile]:
    """The batch's rows in the order they were received."""
    with store.read() as session:
        return list(session.scalars(select(IntakeFile).where(IntakeFile.batch == batch).order_by(IntakeFile.id)))


def recent_batches(store: Store, user_id: int, limit: int = 5) -> list[tuple[str, dt.datetime, int, int]]:
    """The clerk's latest uploads: (batch, received at, files, files still waiting), newest first."""
    pending = func.sum(case((IntakeFile.status != DONE, 1), else_=0))
    query = (select(IntakeFile.batch, func.min(IntakeFile.received_at), func.count(), pending)
             .where(IntakeFile.user_id == user_id).group_by(IntakeFile.batch)
             .order_by(func.max(IntakeFile.id).desc()).limit(limit))
    with store.read() as session:
        return [(b, at, int(n), int(p or 0)) for b, at, n, p in session.execute(query)]


@dataclass(frozen=True)
class Search:
    """What the clerk searches the log by: part of a case number, and received from/to (court days)."""

    case_number: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None


def _utc_midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` in the court's zone, as the database's naive UTC."""
    from reportgen.clock import court_zone

    local = dt.datetime.combine(day, dt.time(), tzinfo=court_zone())
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def search(store: Store, what: Search, limit: int | None = None) -> tuple[list[IntakeFile], int]:
    """The matching rows, newest first (at most ``limit``), and how many match in all."""
    query = select(IntakeFile)
    if what.case_number.strip():
        query = query.where(func.lower(IntakeFile.case_number).contains(what.case_number.strip().lower(),
                                                                        autoescape=True))
    if what.received_from is not None:
        query = query.where(IntakeFile.received_at >= _utc_midnight(what.received_from))
    if what.received_to is not None:
        query = query.where(IntakeFile.received_at < _utc_midnight(what.received_to + dt.timedelta(days=1)))
    with store.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = query.order_by(IntakeFile.received_at.desc(), IntakeFile.id.desc())
        if limit is not None:
            rows = rows.limit(limit)
        return list(session.scalars(rows)), int(total)


def recover(store: Store, alive: Callable[[str], bool], rows: Iterable[IntakeFile] | None = None) -> int:
    """Close the pending rows whose process is gone (``alive(worker)`` is False) or that
    waited past :data:`MAX_PENDING`: ``unreadable``, saying the server stopped. Returns how many.

    ``rows`` limits the look to those rows (a batch being polled); by default every
    pending row of the log is looked at (at start-up)."""
    if rows is None:
        with store.read() as session:
            rows = list(session.scalars(select(IntakeFile).where(IntakeFile.status.in_(PENDING))))
    oldest = utcnow() - MAX_PENDING
    lost = [r.id for r in rows if r.status in PENDING and (not alive(r.worker or "") or r.received_at < oldest)]
    if not lost:
        return 0
    reason = f"opens: {INTERRUPTED}"
    with store.write() as session:
        session.execute(update(IntakeFile).where(IntakeFile.id.in_(lost), IntakeFile.status.in_(PENDING)).values(
            status=DONE, verified_at=utcnow(), result=UNREADABLE, failing_checks="opens", reasons=reason))
    return len(lost)


def interrupted(filename: str, digest: str) -> VerifyResult:
    """The result of a file whose verification could not even start (its spooled copy was lost)."""
    return VerifyResult(filename, digest, UNREADABLE, [Check("opens", FAIL, INTERRUPTED)])


__all__ = ["IntakeFile", "LOG_COLUMNS", "Received", "Search", "batch_files", "finish", "interrupted",
           "new_batch_id", "receive", "recent_batches", "recover", "search", "start"]
