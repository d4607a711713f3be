"""``reportgen serve --demo`` prepares everything and prints the address and logins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.store import Store
from reportgen.web.command import serve_command

from .conftest import ROOT


def test_serve_demo_creates_accounts_and_loads_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *a, **k: calls.append(a))
    result = CliRunner().invoke(serve_command, ["--demo", "--port", "5099"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5099/" in result.output
    for username in ("worker", "supervisor", "attorney", "clerk"):
        assert username in result.output
    assert calls and calls[0][:2] == ("127.0.0.1", 5099)
    database = tmp_path / "instance" / "reportgen-demo.sqlite3"
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
