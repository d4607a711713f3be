"""Migration 0007: drafts made before approvals were recorded keep their case as version 1; one
approved then is approved as it stands (sealed, with its approval record); and back again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from reportgen.store import Store, make_engine

from .test_intake_migration import _to

APPROVED_AT = dt.datetime(2026, 11, 30, 17, 45)


def _insert(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        for uid, name, role in ((1, "worker", "social_worker"), (2, "pat", "supervisor")):
            conn.execute(text("INSERT INTO users (id, username, password_hash, role, team, display_name, "
                              "session_token, created_at) VALUES (:i, :n, 'x', :r, 'A', :d, :t, :at)"),
                         {"i": uid, "n": name, "r": role, "d": name.title() + " Person", "t": f"t{uid}",
                          "at": APPROVED_AT})
        for did, approved in ((10, True), (11, False)):
            conn.execute(text("INSERT INTO drafts (id, owner_id, team, case_json, version, step_status, approved_by, "
                              "approved_at, created_at, updated_at) VALUES (:i, 1, 'A', :c, 4, '{}', :by, :at, "
                              ":at0, :at0)"),
                         {"i": did, "c": f'{{"schema_version": "2.0", "summary": "s{did}"}}',
                          "by": 2 if approved else None, "at": APPROVED_AT if approved else None, "at0": APPROVED_AT})
    engine.dispose()


def test_old_drafts_become_version_1_and_an_old_approval_is_kept(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _to(url, "0006")
    _insert(url)
    _to(url, "head")
    store = Store(url)
    try:
        approved, plain = store.get_draft(10), store.get_draft(11)
        assert approved is not None and plain is not None
        assert (approved.state, plain.state) == ("approved", "drafting")
        first = store.version(10, 1)
        assert first is not None and first.sealed and first.case["summary"] == "s10" and first.saved_by == 1
        other = store.version(11, 1)
        assert other is not None and not other.sealed
        (approval,) = store.approvals(10)
        assert (approval.version, approval.supervisor_id, approval.supervisor_name) == (1, 2, "Pat Person")
        assert approval.approved_at == APPROVED_AT and "before reportgen kept versions" in approval.reason
        assert store.approvals(11) == []
        # the store works on the migrated rows: a change to the approved draft voids it and opens version 2
        worker = store.user_by_name("worker")
        assert worker is not None
        changed = store.save_draft(10, {"schema_version": "2.0", "summary": "new"}, 4, {}, actor=worker)
        assert changed.state == "drafting" and [v.number for v in store.versions(10)] == [1, 2]
    finally:
        store.dispose()
    _to(url, "0006", down=True)
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM drafts ORDER BY id")).scalars().all() == [10, 11]
    engine.dispose()
