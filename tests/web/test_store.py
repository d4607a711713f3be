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
    """Approval covers the version the supervisor read: a later change opens a new version and voids
    the approval (audit "void"), a save that changes nothing keeps it; the approved version stays."""
    draft_id = people["draft"]
    worker, supervisor = store.user_by_name("worker"), store.user_by_name("supervisor")
    assert worker is not None and supervisor is not None
    case = example_case()
    store.save_draft(draft_id, case, 1, {}, actor=worker)
    assert store.submit(draft_id, 1, worker)
    approval = store.approve(draft_id, 1, supervisor, "Pat Supervisor", open_objections=0)
    assert approval is not None and approval.version == 1
    kept = store.save_draft(draft_id, case, 2, {"touched": True}, actor=worker)  # same case: still approved
    assert kept.approved_at is not None and kept.state == "approved"
    assert "void" not in [e.action for e in store.audit_entries(draft_id)]
    case["summary"] = "changed after approval"
    changed = store.save_draft(draft_id, case, 3, {}, actor=worker)
    assert changed.approved_at is None and changed.approved_by is None and changed.state == "drafting"
    assert [e.action for e in store.audit_entries(draft_id)].count("void") == 1
    assert [v.number for v in store.versions(draft_id)] == [1, 2]
    first = store.version(draft_id, 1)
    assert first is not None and first.sealed and "changed after approval" not in first.case_json
    assert store.approvals(draft_id)[0].voided_at is not None
    again = store.save_draft(draft_id, dict(case, summary="and again"), 4, {}, actor=worker)
    assert again.approved_at is None
    assert [e.action for e in store.audit_entries(draft_id)].count("void") == 1
    assert [v.number for v in store.versions(draft_id)] == [1, 2]  # the open version 2 took the change


def test_states_move_only_from_the_version_read(store: Store, people: dict[str, int]) -> None:
    """Submit, send back and approve name the version; a draft that moved on refuses them. The audit
    records each step by draft id, never case content."""
    draft_id = people["draft"]
    worker, supervisor = store.user_by_name("worker"), store.user_by_name("supervisor")
    assert worker is not None and supervisor is not None
    assert not store.approve(draft_id, 1, supervisor, "S")  # not submitted
    assert not store.submit(draft_id, 2, worker)  # no version 2
    assert store.submit(draft_id, 1, worker)
    assert not store.submit(draft_id, 1, worker)  # already submitted
    assert store.send_back(draft_id, 1, supervisor, "S", [("", "Say more about the plan."),
                                                         ("children[0].name", "Spell it as in the petition.")])
    draft = store.get_draft(draft_id)
    assert draft is not None and draft.state == "sent_back"
    assert [(c.version, c.path) for c in store.comments(draft_id)] == [(1, ""), (1, "children[0].name")]
    case = draft.case
    case["summary"] = "More about the plan."
    store.save_draft(draft_id, case, draft.version, {}, actor=worker)
    assert [v.number for v in store.versions(draft_id)] == [1, 2]
    assert store.get_draft(draft_id).state == "sent_back"  # type: ignore[union-attr]
    assert not store.submit(draft_id, 1, worker)  # the old version
    assert store.submit(draft_id, 2, worker)
    case["summary"] = "Changed while submitted."
    store.save_draft(draft_id, case, store.get_draft(draft_id).version, {}, actor=worker)  # type: ignore[union-attr]
    assert store.get_draft(draft_id).state == "drafting"  # type: ignore[union-attr]  # the submission withdrawn
    assert not store.approve(draft_id, 2, supervisor, "S")
    assert store.submit(draft_id, 3, worker)
    assert store.approve(draft_id, 3, supervisor, "S", open_objections=2, reason="Filed today; the rest follows.")
    actions = [e.action for e in store.audit_entries(draft_id) if e.action != "change"]
    assert actions == ["submit", "send-back", "submit", "withdraw", "submit", "approve"]
    kept = store.approvals(draft_id)[0]
    assert (kept.version, kept.open_objections, kept.reason) == (3, 2, "Filed today; the rest follows.")
