"""Fixtures for the wizard's tests, after the Flask tutorial's conftest.

``db_url`` is parametrised over SQLite and PostgreSQL, so every web and store
test runs against both. The PostgreSQL server is a throwaway cluster started
once per test session (initdb + pg_ctl on a unix socket in a temp dir, no TCP);
if it cannot start, the tests FAIL with the reason: a missing database must
not pass as a skip. Each test gets a fresh database: a copy of a migrated
SQLite file, or the PostgreSQL tables emptied.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from reportgen.store import Store, migrate
from reportgen.web import create_app, get_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "01-complete-sibling-group.json"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
TABLES = ("review_comments", "approvals", "draft_versions", "review_decisions", "attorney_reviews",
          "attorney_profiles", "intake_files", "audit_log",
          "attorney_assignments", "draft_shares", "drafts", "users")
PASSWORD = "correct horse battery"
#: A cheap argon2 profile: the tests log in hundreds of times.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], what: str, errors: Path | None = None,
                  timeout: float = 60) -> None:
    """Wait until the server process ``proc`` listens on ``port``. If it exits, or has not started within
    ``timeout`` seconds, it is killed and the test fails naming it, with the end of its error log."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                tail = errors.read_text(errors="replace")[-2000:] if errors is not None and errors.exists() else ""
                pytest.fail(f"{what} did not start" + (f": {tail}" if tail else ""), pytrace=False)
            time.sleep(0.2)


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb refuses to run as root, so run the server tools as ``postgres`` when we are root."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    base = Path(tempfile.mkdtemp(prefix="reportgen-pg-"))
    data, log = base / "data", base / "server.log"
    port = free_port()
    try:
        if os.geteuid() == 0:
            shutil.chown(base, "postgres", "postgres")
        os.chmod(base, 0o700)
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "app",
                                     "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True, text=True, timeout=60)
        options = f"-p {port} -k {base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(log),
                                     "start"]), check=True, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired, KeyError, LookupError) as err:
        detail = getattr(err, "stderr", "") or ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start a throwaway PostgreSQL 15 server in {base}: {err} {detail}\n"
                    "Install the Debian 'postgresql' package (scripts/setup.sh does).", pytrace=False)
    admin = create_engine(f"postgresql+psycopg://app@/postgres?host={base}&port={port}", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE reportgen_test"))
    admin.dispose()
    url = f"postgresql+psycopg://app@/reportgen_test?host={base}&port={port}"
    migrate(url)
    try:
        yield url
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated, empty database of each kind."""
    if request.param == "sqlite":
        target = tmp_path / "reportgen.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("postgres_url")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


def make_app(db_url: str, **extra: Any) -> Flask:
    config = {"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test-secret", "PASSWORD_HASHER": FAST_HASHER}
    config.update(extra)
    return create_app(config)


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    app = make_app(db_url)
    yield app
    get_store(app).dispose()


@pytest.fixture
def store(app: Flask) -> Store:
    return get_store(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def example_case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def example_family() -> dict[str, Any]:
    """The complete example in the form the wizard writes (schema 2.0), whichever form the
    example file holds (a 1.0 file is migrated as every reader migrates it), its children with
    the ids the wizard gives (c1, c2, ...) and every reference to a child following it."""
    from reportgen.schema import dump_case, load_case

    raw = dump_case(load_case(example_case()))
    ids = {c["id"]: f"c{i + 1}" for i, c in enumerate(raw.get("children") or [])}
    for child in raw.get("children") or []:
        child["id"] = ids[child["id"]]
        for sibling in child.get("siblings") or []:
            if sibling.get("child_id"):
                sibling["child_id"] = ids[sibling["child_id"]]
    for parent in raw.get("parents") or []:
        if parent.get("children"):
            parent["children"] = [ids[c] for c in parent["children"]]
    return raw


@pytest.fixture
def people(store: Store) -> dict[str, Any]:
    """One user per role (two social workers and a supervisor in team A, others elsewhere) and one
    complete draft owned by ``worker``, assigned to ``attorney``. Returns ids by name."""
    from reportgen.web.checking import evaluate, status_record
    from reportgen.web.forms import load_spec

    specs = [
        ("worker", "social_worker", "A"), ("colleague", "social_worker", "A"), ("stranger", "social_worker", "B"),
        ("supervisor", "supervisor", "A"), ("supervisor_b", "supervisor", "B"),
        ("attorney", "attorney", ""), ("attorney2", "attorney", ""), ("clerk", "clerk", ""),
    ]
    out: dict[str, Any] = {}
    with store.write() as session:
        users = {name: store.create_user(session, name, PASSWORD, role, team=team) for name, role, team in specs}
        raw = example_family()
        ev = evaluate(raw, load_spec(), set(load_spec().ids))
        draft = store.create_draft(session, users["worker"], raw, status_record(ev, set(load_spec().ids)))
        store.assign(session, draft.id, users["attorney"].id)
        out = {name: u.id for name, u in users.items()}
        out["draft"] = draft.id
    return out


def approve_draft(store: Store, draft_id: int, worker: str = "worker", supervisor: str = "supervisor") -> int:
    """Submit the draft's current version as ``worker`` and approve it as ``supervisor``; its number."""
    version = store.current_version(draft_id)
    assert version is not None
    by, sup = store.user_by_name(worker), store.user_by_name(supervisor)
    assert by is not None and sup is not None
    assert store.submit(draft_id, version.number, by)
    assert store.approve(draft_id, version.number, sup, sup.display_name) is not None
    return version.number


class AuthActions:
    def __init__(self, client: FlaskClient):
        self.client = client

    def csrf(self, path: str = "/login") -> str:
        page = self.client.get(path)
        match = CSRF_RE.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, username: str = "worker", password: str = PASSWORD, next: str | None = None) -> Any:
        token = self.csrf()
        url = "/login" + (f"?next={next}" if next is not None else "")
        return self.client.post(url, data={"username": username, "password": password, "csrf_token": token})

    def logout(self) -> Any:
        return self.client.post("/logout", data={"csrf_token": self.csrf("/login")})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


def form_of(html: str) -> dict[str, str]:
    """The values a step page would post: every input, textarea, checked radio and selected option."""
    values: dict[str, str] = {}
    for m in re.finditer(r'<input ([^>]*)>', html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))
        if "name" not in attrs or attrs.get("type") == "submit":
            continue
        if attrs.get("type") == "radio":
            if " checked" in m.group(1):
                values[attrs["name"]] = _unescape(attrs.get("value", ""))
            continue
        if attrs.get("type") == "checkbox":  # a box per child: the ids checked, comma-separated
            if " checked" in m.group(1):
                values[attrs["name"]] = ",".join(v for v in (values.get(attrs["name"], ""),
                                                             _unescape(attrs.get("value", ""))) if v)
            continue
        values[attrs["name"]] = _unescape(attrs.get("value", ""))
    for m in re.finditer(r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[m.group(1)] = _unescape(m.group(2))
    for m in re.finditer(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', m.group(2))
        values[m.group(1)] = _unescape(chosen.group(1)) if chosen else ""
    return values


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
