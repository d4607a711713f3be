"""``reportgen serve --demo`` prepares everything and prints the address and logins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.store import Store
from reportgen.web.command import serve_command

from .conftest import ROOT


class FakeServer:
    """Stands for waitress's server: records how it was made and returns at once from run()."""

    def __init__(self, calls: list[dict[str, Any]], settings: dict[str, Any]):
        calls.append(settings)

    def run(self) -> None:
        pass


def test_serve_demo_creates_accounts_and_loads_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    monkeypatch.setenv("REPORTGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("waitress.server.create_server", lambda app, **k: FakeServer(calls, k))
    result = CliRunner().invoke(serve_command, ["--demo", "--port", "5099"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5099/" in result.output
    for username in ("worker", "supervisor", "attorney", "clerk"):
        assert username in result.output
    assert calls == [{"host": "127.0.0.1", "port": 5099, "threads": 8, "connection_limit": 100, "ident": "reportgen"}]
    database = tmp_path / "data" / "reportgen-demo.sqlite3"  # the data directory, not the current folder
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
    store = Store(f"sqlite:///{database}")
    try:
        worker = store.user_by_name("worker")
        assert worker is not None and worker.role == "social_worker"
        drafts = store.visible_drafts(worker)
        assert len(drafts) == len(list((ROOT / "examples").glob("*.json")))
        attorney = store.user_by_name("attorney")
        assert attorney is not None and len(store.visible_drafts(attorney)) == len(drafts)
    finally:
        store.dispose()
    again = CliRunner().invoke(serve_command, ["--demo"])  # a second start loads nothing twice
    assert again.exit_code == 0
    store = Store(f"sqlite:///{database}")
    try:
        worker = store.user_by_name("worker")
        assert worker is not None and len(store.visible_drafts(worker)) == len(drafts)
    finally:
        store.dispose()
