"""Drafts, users and the audit log on SQLAlchemy 2.

One module owns the database so the web layer never writes SQL. Two things
matter more than anything else here:

* **Nothing typed is lost.** A draft stores the raw JSON the worker typed,
  valid or not; saving never refuses. Each save bumps ``version``; a save made
  against an older version raises :class:`VersionConflict` instead of silently
  overwriting what another tab stored.
* **SQLite must not fail under concurrent saves.** Every connection runs in
  WAL mode with ``synchronous=FULL`` and a busy timeout, and write transactions
  begin with ``BEGIN IMMEDIATE`` so they take the write lock up front and wait
  for it, instead of upgrading a read lock later and failing with "database is
  locked". PostgreSQL (``postgresql+psycopg://`` through ``DATABASE_URL``)
  needs none of that; the version check works the same on both.

The audit log records who did what to which draft id and when, never any
case content.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

ROLES = ("social_worker", "supervisor", "attorney", "clerk")
AUDIT_ACTIONS = ("login", "logout", "create", "open", "change", "download", "share", "assign", "approve",
                 "void", "review-upload", "memo", "verify", "index", "decide", "review-delete", "submit",
                 "send-back", "withdraw", "archive", "restore", "unshare", "unassign")
#: Where a draft stands in its approval (see reportgen/web/approval.py): the worker drafts,
#: submits a version, and the supervisor approves it or sends it back with comments.
DRAFTING, SUBMITTED, SENT_BACK, APPROVED = "drafting", "submitted", "sent_back", "approved"
DRAFT_STATES = (DRAFTING, SUBMITTED, SENT_BACK, APPROVED)
SQLITE_BUSY_TIMEOUT_MS = 30_000


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Principal(Protocol):
    """Anyone acting on drafts: a stored :class:`User` or the web layer's view of one."""

    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def team(self) -> str: ...


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str] = mapped_column(String(80), default="")
    display_name: Mapped[str] = mapped_column(String(120), default="")
    # The id a login session carries. It changes on logout, so a session
    # cookie replayed after logout no longer names anyone.
    session_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Draft(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    team: Mapped[str] = mapped_column(String(80), default="", index=True)
    case_json: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    step_status: Mapped[str] = mapped_column(Text, default="{}")
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: One of DRAFT_STATES. ``approved_by``/``approved_at`` are set only while the state is
    #: "approved": they describe the approval of the draft as it stands.
    state: Mapped[str] = mapped_column(String(20), default=DRAFTING)
    #: when the report was archived (left out of the lists); None while in use
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    @property
    def case(self) -> dict[str, Any]:
        value = json.loads(self.case_json)
        return value if isinstance(value, dict) else {}

    @property
    def status(self) -> dict[str, Any]:
        value = json.loads(self.step_status or "{}")
        return value if isinstance(value, dict) else {}


class DraftVersion(Base):
    """A version of a draft's case: the worker's saves update the open (newest, unsealed)
    version; submitting seals it, and the next change opens a new one. A sealed version
    never changes again, so an approval or a supervisor's comment names what it read."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    case_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def case(self) -> dict[str, Any]:
        value = json.loads(self.case_json)
        return value if isinstance(value, dict) else {}


class Approval(Base):
    """A supervisor's approval of one sealed version: who, when, with how many objections
    open and why (a reason is required when any was open). ``voided_at`` is set when the
    draft changed after it: the approval stays the record of that version, but no longer
    covers the report as it stands."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    supervisor_name: Mapped[str] = mapped_column(String(120))
    approved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    open_objections: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class ReviewComment(Base):
    """A supervisor's comment on a version sent back: on the whole report (``path`` ""),
    on a step page (``step:placement``, ``step:placement:c2``) or on a field (its concrete path)."""

    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    path: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)


class DraftShare(Base):
    __tablename__ = "draft_shares"
    __table_args__ = (UniqueConstraint("draft_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class AttorneyAssignment(Base):
    __tablename__ = "attorney_assignments"
    __table_args__ = (UniqueConstraint("draft_id", "attorney_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    attorney_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))
    draft_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class VersionConflict(Exception):
    """The draft changed since the version the caller started from."""

    def __init__(self, current: Draft):
        self.current = current
        super().__init__(f"draft {current.id} is at version {current.version}")


# --- engine -------------------------------------------------------------------


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def normalize_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` mean psycopg 3, the driver reportgen installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    """An engine that keeps case data out of logs and, for SQLite, waits for locks."""
    url = normalize_url(url)
    # SQL parameters and result rows hold case text; SQLAlchemy logs both when
    # its logger is at INFO/DEBUG, so the engine logger is held at WARNING.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    if not is_sqlite(url):
        return create_engine(url, hide_parameters=True, pool_pre_ping=True)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        hide_parameters=True,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (below) emit BEGIN instead of the sqlite3 module,
        # which would otherwise begin lazily and deferred.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the newest schema with Alembic."""
    from alembic import command
    from alembic.config import Config

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            cfg = Config()
            cfg.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()


# --- the store ----------------------------------------------------------------


class Store:
    """Sessions over one database, plus the operations the web layer needs."""

    def __init__(self, url: str, hasher: PasswordHasher | None = None):
        self.url = url
        self.engine = make_engine(url)
        self.hasher = hasher or PasswordHasher()
        self._dummy: str | None = None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_engine = self.engine.execution_options(sqlite_immediate=True)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that holds the write lock from its first statement."""
        with self._write_sessions() as session, session.begin():
            yield session

    # -- users -----------------------------------------------------------------
    def create_user(
        self, session: Session, username: str, password: str, role: str, team: str = "", display_name: str = ""
    ) -> User:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        user = User(
            username=username,
            password_hash=self.hasher.hash(password),
            role=role,
            team=team,
            display_name=display_name or username,
            session_token=secrets.token_urlsafe(32),
        )
        session.add(user)
        session.flush()
        return user

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password matches; rehashes an outdated hash."""
        with self.read() as session:
            user = session.scalar(select(User).where(User.username == username))
        if user is None:
            # Spend the same time as a real check so usernames cannot be probed.
            if self._dummy is None:  # hashed once: hash + verify would cost twice a real login
                self._dummy = self.hasher.hash("x")
            try:
                self.hasher.verify(self._dummy, "y")
            except VerificationError:
                pass
            return None
        try:
            self.hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if self.hasher.check_needs_rehash(user.password_hash):
            with self.write() as session:
                session.execute(
                    update(User).where(User.id == user.id).values(password_hash=self.hasher.hash(password))
                )
        return user

    def user_by_token(self, token: str) -> User | None:
        """The user a login session names (every request asks: one Core query, not the ORM's)."""
        with self.engine.connect() as conn:
            row = conn.execute(_save_sql().user_by_token, {"token": token}).first()
        return User(**row._mapping) if row is not None else None

    def user_by_name(self, username: str) -> User | None:
        with self.read() as session:
            return session.scalar(select(User).where(User.username == username))

    def users(self, ids: list[int]) -> list[User]:
        """The users with these ids (for the names a page shows)."""
        if not ids:
            return []
        with self.read() as session:
            return list(session.scalars(select(User).where(User.id.in_(set(ids)))))

    def end_sessions(self, user_id: int) -> None:
        """Give the user a new session token: every existing login cookie stops working."""
        with self.write() as session:
            session.execute(update(User).where(User.id == user_id).values(session_token=secrets.token_urlsafe(32)))

    # -- drafts ----------------------------------------------------------------
    def create_draft(
        self, session: Session, owner: Principal, case: dict[str, Any], status: dict[str, Any] | None = None
    ) -> Draft:
        draft = Draft(
            owner_id=owner.id,
            team=owner.team,
            case_json=json.dumps(case, ensure_ascii=False),
            version=1,
            step_status=json.dumps(status or {}),
        )
        session.add(draft)
        session.flush()
        session.add(DraftVersion(draft_id=draft.id, number=1, case_json=draft.case_json, saved_at=draft.created_at,
                                 saved_by=owner.id))
        return draft

    def get_draft(self, draft_id: int) -> Draft | None:
        with self.engine.connect() as conn:
            row = conn.execute(_save_sql().current, {"draft_id": draft_id}).first()
        return Draft(**row._mapping) if row is not None else None

    def save_draft(
        self, draft_id: int, case: dict[str, Any], expected_version: int, status: dict[str, Any],
        actor: Principal | None = None, also: Callable[[Connection, str], None] | None = None,
    ) -> Draft:
        """Store ``case`` when the draft is still at ``expected_version``; else raise VersionConflict.
        ``also`` runs in the same transaction when the save lands, given its connection and the case as
        stored (JSON text): the wizard keeps the version's findings under its digest.

        With ``actor``, the "change" audit record is written in the same transaction (one commit,
        one fsync, and no change without its record).

        A save that changes the case is kept in the draft's open version (a new one when the
        newest is sealed: submitted or approved). A supervisor approved what a version said:
        a change after approval voids the draft's approval (recorded as "void"), and a change
        while submitted withdraws the submission ("withdraw"), so no edit ever carries an old
        approval or reaches the supervisor unseen."""
        case_json = json.dumps(case, ensure_ascii=False)
        now = utcnow()
        # Core statements built once (_SaveSql), on a connection of its own: a save is a handful of
        # rows, and building the statements and the ORM session cost more processor than the SQL.
        sql = _save_sql()
        with self._write_engine.begin() as conn:
            mine = {"draft_id": draft_id, "expected": expected_version}
            before = conn.execute(sql.before, mine).first()
            changed = before is not None and before.case_json != case_json
            left = changed and before is not None and before.state in (APPROVED, SUBMITTED)
            row = conn.execute(sql.save_leaving if left else sql.save, {
                **mine, "new_case": case_json, "new_status": json.dumps(status), "now": now}).first()
            landed = row is not None
            if row is None:
                row = conn.execute(sql.current, mine).first()
                if row is None:
                    raise LookupError(f"draft {draft_id} does not exist")
            current = Draft(**row._mapping)
            if landed and changed:
                self._keep_version(conn, draft_id, case_json, actor, now)
            entries = []
            if landed and left and before is not None:
                if before.state == APPROVED:
                    conn.execute(update(Approval).where(Approval.draft_id == draft_id, Approval.voided_at.is_(None))
                                 .values(voided_at=now, voided_by=actor.id if actor else None))
                entries.append(dict(user_id=actor.id if actor else None, username=actor.username if actor else "",
                                    action="void" if before.state == APPROVED else "withdraw"))
            if landed and actor is not None:
                entries.append(dict(user_id=actor.id, username=actor.username, action="change"))
            for entry in entries:
                conn.execute(sql.audit, {**entry, "draft_id": draft_id, "at": now})
            if landed and also is not None:
                also(conn, case_json)
        if not landed:
            raise VersionConflict(current)
        return current

    @staticmethod
    def latest_version(session: Session, draft_id: int) -> DraftVersion | None:
        return session.scalar(select(DraftVersion).where(DraftVersion.draft_id == draft_id)
                              .order_by(DraftVersion.number.desc()).limit(1))

    @staticmethod
    def _keep_version(conn: Connection, draft_id: int, case_json: str, actor: Principal | None,
                      now: dt.datetime) -> None:
        """The case into the draft's open version, or a new version when the newest is sealed."""
        sql = _save_sql()
        by = actor.id if actor else None
        latest = conn.execute(sql.latest, {"draft_id": draft_id}).first()
        if latest is None or latest.sealed:
            conn.execute(sql.new_version, {"draft_id": draft_id, "number": (latest.number + 1) if latest else 1,
                                           "case_json": case_json, "saved_at": now, "saved_by": by, "sealed": False})
        else:
            conn.execute(sql.open_version, {"version_id": latest.id, "new_case": case_json, "now": now, "by": by})

    def versions(self, draft_id: int) -> list[DraftVersion]:
        """Every kept version of a draft, oldest first."""
        with self.read() as session:
            return list(session.scalars(select(DraftVersion).where(DraftVersion.draft_id == draft_id)
                                        .order_by(DraftVersion.number)))

    def version(self, draft_id: int, number: int) -> DraftVersion | None:
        with self.read() as session:
            return session.scalar(select(DraftVersion).where(DraftVersion.draft_id == draft_id,
                                                             DraftVersion.number == number))

    def current_version(self, draft_id: int) -> DraftVersion | None:
        with self.read() as session:
            return self.latest_version(session, draft_id)

    def approvals(self, draft_id: int) -> list[Approval]:
        """The draft's approvals, newest first."""
        with self.read() as session:
            return list(session.scalars(select(Approval).where(Approval.draft_id == draft_id)
                                        .order_by(Approval.id.desc())))

    def latest_approvals(self, draft_ids: list[int]) -> dict[int, Approval]:
        """The newest approval of each of these drafts (voided or not), for lists."""
        if not draft_ids:
            return {}
        with self.read() as session:
            newest = (select(func.max(Approval.id)).where(Approval.draft_id.in_(draft_ids))
                      .group_by(Approval.draft_id))
            return {a.draft_id: a for a in session.scalars(select(Approval).where(Approval.id.in_(newest)))}

    def comments(self, draft_id: int) -> list[ReviewComment]:
        with self.read() as session:
            return list(session.scalars(select(ReviewComment).where(ReviewComment.draft_id == draft_id)
                                        .order_by(ReviewComment.id)))

    def _move(self, session: Session, draft_id: int, number: int, states: tuple[str, ...], values: dict[str, Any]) -> bool:
        """Change the draft's state when it is in one of ``states`` and its newest version is
        ``number`` (what the person acting saw); False when either has changed since."""
        latest = self.latest_version(session, draft_id)
        if latest is None or latest.number != number:
            return False
        result = session.execute(update(Draft).where(Draft.id == draft_id, Draft.state.in_(states)).values(**values)
                                 .execution_options(synchronize_session=False))
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def submit(self, draft_id: int, number: int, actor: Principal) -> bool:
        """Seal version ``number`` and put it before the supervisor; False when the draft moved on."""
        with self.write() as session:
            if not self._move(session, draft_id, number, (DRAFTING, SENT_BACK), dict(state=SUBMITTED)):
                return False
            session.execute(update(DraftVersion).where(DraftVersion.draft_id == draft_id,
                                                       DraftVersion.number == number).values(sealed=True))
            session.add(AuditEntry(user_id=actor.id, username=actor.username, action="submit", draft_id=draft_id))
        return True

    def send_back(self, draft_id: int, number: int, actor: Principal, display_name: str,
                  comments: list[tuple[str, str]]) -> bool:
        """Return submitted version ``number`` to the worker with ``comments`` ((path, text) pairs)."""
        with self.write() as session:
            if not self._move(session, draft_id, number, (SUBMITTED,), dict(state=SENT_BACK)):
                return False
            at = utcnow()
            for path, text in comments:
                session.add(ReviewComment(draft_id=draft_id, version=number, author_id=actor.id,
                                          author_name=display_name, at=at, path=path, text=text))
            session.add(AuditEntry(user_id=actor.id, username=actor.username, action="send-back",
                                   draft_id=draft_id))
        return True

    def approve(self, draft_id: int, number: int, actor: Principal, display_name: str,
                open_objections: int = 0, reason: str = "") -> Approval | None:
        """Approve submitted version ``number``; None when the draft moved on since the supervisor read it."""
        with self.write() as session:
            at = utcnow()
            if not self._move(session, draft_id, number, (SUBMITTED,),
                              dict(state=APPROVED, approved_by=actor.id, approved_at=at)):
                return None
            approval = Approval(draft_id=draft_id, version=number, supervisor_id=actor.id,
                                supervisor_name=display_name, approved_at=at, open_objections=open_objections,
                                reason=reason)
            session.add(approval)
            session.add(AuditEntry(user_id=actor.id, username=actor.username, action="approve", draft_id=draft_id))
            session.flush()
            session.expunge(approval)
        return approval

    def visible_drafts(self, user: Principal, archived: bool = False) -> list[Draft]:
        """The drafts a user may open, newest first: those in use, or with ``archived`` the archived ones."""
        with self.read() as session:
            query = select(Draft).order_by(Draft.updated_at.desc(), Draft.id.desc())
            query = query.where(Draft.archived_at.is_not(None) if archived else Draft.archived_at.is_(None))
            if user.role == "social_worker":
                shared = select(DraftShare.draft_id).where(DraftShare.user_id == user.id)
                query = query.where((Draft.owner_id == user.id) | Draft.id.in_(shared))
            elif user.role == "supervisor":
                query = query.where(Draft.team == user.team)
            elif user.role == "attorney":
                assigned = select(AttorneyAssignment.draft_id).where(AttorneyAssignment.attorney_id == user.id)
                query = query.where(Draft.id.in_(assigned))
            else:
                return []
            return list(session.scalars(query))

    @staticmethod
    def _share_id(session: Session, draft_id: int, user_id: int) -> int | None:
        return session.scalar(
            select(DraftShare.id).where(DraftShare.draft_id == draft_id, DraftShare.user_id == user_id)
        )

    @staticmethod
    def _assignment_id(session: Session, draft_id: int, attorney_id: int) -> int | None:
        return session.scalar(
            select(AttorneyAssignment.id).where(
                AttorneyAssignment.draft_id == draft_id, AttorneyAssignment.attorney_id == attorney_id
            )
        )

    def is_shared_with(self, draft_id: int, user_id: int) -> bool:
        with self.read() as session:
            return self._share_id(session, draft_id, user_id) is not None

    def is_assigned(self, draft_id: int, attorney_id: int) -> bool:
        with self.read() as session:
            return self._assignment_id(session, draft_id, attorney_id) is not None

    def share(self, session: Session, draft_id: int, user_id: int) -> None:
        if self._share_id(session, draft_id, user_id) is None:
            session.add(DraftShare(draft_id=draft_id, user_id=user_id))

    def assign(self, session: Session, draft_id: int, attorney_id: int) -> None:
        if self._assignment_id(session, draft_id, attorney_id) is None:
            session.add(AttorneyAssignment(draft_id=draft_id, attorney_id=attorney_id))

    def unshare(self, session: Session, draft_id: int, user_id: int) -> bool:
        """Stop sharing a draft with a social worker; False when it was not shared with them."""
        found = self._share_id(session, draft_id, user_id)
        if found is not None:
            session.execute(delete(DraftShare).where(DraftShare.id == found))
        return found is not None

    def unassign(self, session: Session, draft_id: int, attorney_id: int) -> bool:
        """Take a draft from an attorney; False when it was not assigned to them."""
        found = self._assignment_id(session, draft_id, attorney_id)
        if found is not None:
            session.execute(delete(AttorneyAssignment).where(AttorneyAssignment.id == found))
        return found is not None

    def access_of(self, draft_id: int) -> tuple[list[User], list[User]]:
        """Who a draft is shared with (social workers) and assigned to (attorneys), by name."""
        with self.read() as session:
            shared = select(DraftShare.user_id).where(DraftShare.draft_id == draft_id)
            assigned = select(AttorneyAssignment.attorney_id).where(AttorneyAssignment.draft_id == draft_id)
            workers = list(session.scalars(select(User).where(User.id.in_(shared)).order_by(User.username)))
            lawyers = list(session.scalars(select(User).where(User.id.in_(assigned)).order_by(User.username)))
            return workers, lawyers

    def set_archived(self, draft_id: int, archived: bool) -> None:
        """Archive a draft (left out of the lists, kept whole) or bring it back."""
        with self.write() as session:
            session.execute(update(Draft).where(Draft.id == draft_id)
                            .values(archived_at=utcnow() if archived else None))

    # -- audit -----------------------------------------------------------------
    def audit(self, user: Principal | None, action: str, draft_id: int | None = None, username: str | None = None) -> None:
        """Record who did what to which draft; never any case content."""
        if action not in AUDIT_ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        with self.write() as session:
            session.add(
                AuditEntry(
                    user_id=user.id if user else None,
                    username=user.username if user else (username or "?"),
                    action=action,
                    draft_id=draft_id,
                )
            )

    def audit_entries(self, draft_id: int | None = None) -> list[AuditEntry]:
        with self.read() as session:
            query = select(AuditEntry).order_by(AuditEntry.id)
            if draft_id is not None:
                query = query.where(AuditEntry.draft_id == draft_id)
            return list(session.scalars(query))


@dataclass(frozen=True)
class _SaveSql:
    """The statements of :meth:`Store.save_draft`, and of the two reads every request of a draft
    makes (its user, the draft), built once (values are bound per call)."""

    before: Any
    save: Any
    save_leaving: Any  # the save of a change to an approved or submitted draft: back to drafting
    current: Any
    latest: Any
    new_version: Any
    open_version: Any
    audit: Any
    user_by_token: Any


@functools.cache
def _save_sql() -> _SaveSql:
    drafts = cast(Table, Draft.__table__)
    versions = cast(Table, DraftVersion.__table__)
    users = cast(Table, User.__table__)
    mine = (drafts.c.id == bindparam("draft_id")) & (drafts.c.version == bindparam("expected"))
    saving = update(drafts).where(mine).values(
        case_json=bindparam("new_case"), step_status=bindparam("new_status"), version=drafts.c.version + 1,
        updated_at=bindparam("now"))
    return _SaveSql(
        before=select(drafts.c.case_json, drafts.c.state).where(mine),
        save=saving.returning(*drafts.c),
        save_leaving=saving.values(approved_by=None, approved_at=None, state=DRAFTING).returning(*drafts.c),
        current=select(*drafts.c).where(drafts.c.id == bindparam("draft_id")),
        latest=select(versions.c.id, versions.c.number, versions.c.sealed)
        .where(versions.c.draft_id == bindparam("draft_id")).order_by(versions.c.number.desc()).limit(1),
        new_version=insert(versions),
        open_version=update(versions).where(versions.c.id == bindparam("version_id")).values(
            case_json=bindparam("new_case"), saved_at=bindparam("now"), saved_by=bindparam("by")),
        audit=insert(cast(Table, AuditEntry.__table__)),
        user_by_token=select(*users.c).where(users.c.session_token == bindparam("token")),
    )
