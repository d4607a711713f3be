"""Login hashing: argon2id at OWASP's recommended minimum, and hashes made with other
parameters (argon2-cffi's default, which reportgen used before) still log in and are
rehashed with the new parameters at that login."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import VerifyMismatchError
from flask import Flask
from sqlalchemy import select

from reportgen.store import Store, User
from reportgen.web import get_store
from reportgen.web.auth import password_hasher
from tests.web.conftest import PASSWORD, AuthActions, make_app

OLD_DEFAULT = PasswordHasher()  # argon2-cffi's default: 64 MiB, 3 passes, 4 lanes


def stored_hash(store: Store, username: str) -> str:
    with store.read() as session:
        return str(session.scalar(select(User.password_hash).where(User.username == username)))


def test_the_hasher_is_argon2id_at_owasp_parameters() -> None:
    h = password_hasher()
    assert h.type is Type.ID
    # OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1 (or an equivalent trade of memory for passes).
    assert (h.memory_cost, h.time_cost, h.parallelism) == (19 * 1024, 2, 1)
    assert h.hash("x").startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_old_hash_logs_in_and_is_rehashed(db_url: str) -> None:
    app: Flask = make_app(db_url, PASSWORD_HASHER=None)
    store = get_store(app)
    try:
        with store.write() as session:
            old = Store(db_url, hasher=OLD_DEFAULT)
            old.create_user(session, "worker", PASSWORD, "social_worker", team="A")
            old.dispose()
        before = stored_hash(store, "worker")
        assert before.startswith("$argon2id$v=19$m=65536,t=3,p=4$")

        auth = AuthActions(app.test_client())
        assert auth.login("worker", "not the password").status_code != 302
        assert stored_hash(store, "worker") == before  # a failed login changes nothing

        assert auth.login("worker").status_code == 302
        after = stored_hash(store, "worker")
        assert after.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert password_hasher().verify(after, PASSWORD)
        try:
            password_hasher().verify(after, "not the password")
            raise AssertionError("a wrong password verified")
        except VerifyMismatchError:
            pass
        auth.logout()
        assert auth.login("worker").status_code == 302
        assert stored_hash(store, "worker") == after  # current parameters: not hashed again
    finally:
        store.dispose()
