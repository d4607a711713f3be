"""The store on both databases: migrations, versions, concurrent saves, the audit log."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import inspect

from reportgen.store import Store, VersionConflict, migrate

from .conftest import PASSWORD, example_case, example_family


def test_migrations_create_every_table(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"users", "drafts", "draft_shares", "attorney_assignments", "audit_log"} <= tables
    assert "pending_posts" not in tables  # dropped by 0003: nothing is kept from a post without a session


def test_migrating_twice_is_harmless(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)


def test_passwords_are_argon2_hashes(store: Store, people: dict[str, int]) -> None:
    user = store.user_by_name("worker")
    assert user is not None
    assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash
    assert store.authenticate("worker", PASSWORD) is not None
    assert store.authenticate("worker", "wrong") is None
    assert store.authenticate("nobody", PASSWORD) is None


def test_a_save_bumps_the_version_and_an_old_version_conflicts(store: Store, people: dict[str, int]) -> None:
    draft_id = people["draft"]
    case = example_case()
    case["summary"] = "first"
    saved = store.save_draft(draft_id, case, 1, {})
    assert saved.version == 2
    case["summary"] = "second"
    with pytest.raises(VersionConflict) as err:
        store.save_draft(draft_id, case, 1, {})
    assert err.value.current.version == 2
    assert json.loads(err.value.current.case_json)["summary"] == "first"


def test_invalid_raw_values_are_stored_as_typed(store: Store, people: dict[str, int]) -> None:
    case = example_family()
    case["children"][0]["dob"] = "15 March, I think"
    store.save_draft(people["draft"], case, 1, {})
    draft = store.get_draft(people["draft"])
    assert draft is not None and draft.case["children"][0]["dob"] == "15 March, I think"


def test_concurrent_saves_wait_for_each_other(store: Store, people: dict[str, int]) -> None:
    """Twenty threads saving at once: every save either lands or conflicts; none fails on a lock."""
    errors: list[BaseException] = []
    landed: list[int] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for _ in range(5):
            try:
                current = store.get_draft(people["draft"])
                assert current is not None
                case = current.case
                case["summary"] = f"thread {n}"
                saved = store.save_draft(people["draft"], case, current.version, {})
                with lock:
                    landed.append(saved.version)
            except VersionConflict:
                pass
            except BaseException as err:  # noqa: BLE001 - any other error fails the test
                errors.append(err)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert landed and len(set(landed)) == len(landed)  # no version was written twice
    final = store.get_draft(people["draft"])
    assert final is not None and final.version == 1 + len(landed)


def test_audit_entries_carry_no_case_content(store: Store, people: dict[str, int]) -> None:
    user = store.user_by_name("worker")
    store.audit(user, "open", people["draft"])
    store.audit(user, "download", people["draft"])
    entries = store.audit_entries(people["draft"])
    assert [e.action for e in entries] == ["open", "download"]
    columns = {c.key for c in inspect(entries[0]).mapper.column_attrs}
    assert columns == {"id", "at", "user_id", "username", "action", "draft_id"}
    with pytest.raises(ValueError):
        store.audit(user, "Sofia Ramírez", people["draft"])


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    from reportgen.store import normalize_url

    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_a_change_after_approval_voids_it_and_says_so(store: Store, people: dict[str, int]) -> None:
    """Approval covers what the supervisor read: a later change voids it (audit "void"), a save
    that changes nothing keeps it."""
    draft_id = people["draft"]
    supervisor = store.user_by_name("supervisor")
    assert supervisor is not None
    case = example_case()
    store.save_draft(draft_id, case, 1, {})
    store.approve(draft_id, supervisor.id)
    kept = store.save_draft(draft_id, case, 2, {"touched": True})  # same case: still approved
    assert kept.approved_at is not None
    assert "void" not in [e.action for e in store.audit_entries(draft_id)]
    case["summary"] = "changed after approval"
    changed = store.save_draft(draft_id, case, 3, {})
    assert changed.approved_at is None and changed.approved_by is None
    assert [e.action for e in store.audit_entries(draft_id)].count("void") == 1
    again = store.save_draft(draft_id, dict(case, summary="and again"), 4, {})
    assert again.approved_at is None
    assert [e.action for e in store.audit_entries(draft_id)].count("void") == 1
