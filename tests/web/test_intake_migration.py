"""Migration 0005: an intake table of session batches becomes the lasting log without losing a row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from reportgen.store import make_engine

MIGRATIONS = Path(__file__).resolve().parents[2] / "reportgen" / "migrations"


def _to(url: str, revision: str, down: bool = False) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            cfg.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(cfg, revision)
    finally:
        engine.dispose()


def test_rows_verified_before_the_log_keep_their_time_and_name_their_clerk(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _to(url, "0004")
    verified = dt.datetime(2026, 11, 30, 17, 45)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, username, password_hash, role, team, display_name, session_token, "
                          "created_at) VALUES (7, 'clerk', 'x', 'clerk', '', 'Clerk', 't', :at)"), {"at": verified})
        conn.execute(text("INSERT INTO intake_files (user_id, batch, verified_at, filename, digest, case_number, "
                          "child_initials, hearing_date, result, failing_checks, reasons) VALUES (7, 'b', :at, "
                          "'a.pdf', :d, 'JV-1', 'A.B.', '2026-12-01', 'pass', '', '')"), {"at": verified, "d": "f" * 64})
    engine.dispose()
    _to(url, "head")
    engine = make_engine(url)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT received_at, verified_at, clerk, status, draft, open_objections "
                                "FROM intake_files")).one()
    engine.dispose()
    assert row[0] == row[1] and str(row[0]).startswith("2026-11-30 17:45")  # received when it was verified
    assert tuple(row[2:]) == ("clerk", "done", None, None)
    _to(url, "0004", down=True)  # and back, keeping the row
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT filename FROM intake_files")).scalars().all() == ["a.pdf"]
    engine.dispose()
