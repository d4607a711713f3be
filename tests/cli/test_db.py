"""``reportgen db upgrade``, the data directory, and a plain message when the web extra is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen import datadir
from reportgen.cli import main
from tests.conftest import BASE_CASE, ROOT


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def head_revision() -> str:
    return sorted(p.name.split("_")[0] for p in (ROOT / "reportgen" / "migrations" / "versions").glob("0*.py"))[-1]


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """An empty data directory, and a current folder that must stay empty."""
    monkeypatch.setenv("REPORTGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    return tmp_path / "data"


def test_upgrade_creates_the_database_in_the_data_directory_once(data, tmp_path):
    first = invoke("db", "upgrade")
    assert first.exit_code == 0, first.stderr
    database = data / "reportgen.sqlite3"
    assert first.stdout == f"sqlite:///{database}: upgraded from an empty database to {head_revision()}\n"
    assert data.stat().st_mode & 0o077 == 0
    assert list((tmp_path / "cwd").iterdir()) == []
    again = invoke("db", "upgrade")
    assert again.stdout == f"sqlite:///{database}: already at the newest schema ({head_revision()})\n"


def test_database_url_wins_over_the_data_directory(data, tmp_path, monkeypatch):
    elsewhere = tmp_path / "other.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{elsewhere}")
    assert invoke("db", "upgrade").exit_code == 0
    assert elsewhere.is_file() and not data.exists()
    given = tmp_path / "given.sqlite3"
    assert invoke("db", "upgrade", "--database-url", f"sqlite:///{given}").exit_code == 0
    assert given.is_file()


def test_a_bad_or_unreachable_database_exits_2_without_a_traceback_or_the_password(data):
    bad = invoke("db", "upgrade", "--database-url", "nonsense")
    assert bad.exit_code == 2 and "--database-url: is not a database URL" in bad.stderr
    unreachable = invoke("db", "upgrade", "--database-url", "postgresql+psycopg://app:s3cret@127.0.0.1:1/reportgen")
    assert unreachable.exit_code == 2
    assert unreachable.stderr.startswith("postgresql+psycopg://app:***@127.0.0.1:1/reportgen: cannot be upgraded:")
    assert "s3cret" not in unreachable.stderr and "Traceback" not in unreachable.stderr


def test_data_directory_follows_the_platform_when_not_set(tmp_path, monkeypatch):
    monkeypatch.delenv("REPORTGEN_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert datadir.data_dir() == tmp_path / "xdg" / "reportgen"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert datadir.data_dir() == tmp_path / "home" / ".local" / "share" / "reportgen"
    monkeypatch.setenv("REPORTGEN_DATA_DIR", "~/reports")
    assert datadir.data_dir() == tmp_path / "home" / "reports"


def test_the_wizard_reads_the_data_directory_unless_database_url_is_set(data, monkeypatch):
    from reportgen.web import create_app

    app = create_app({"SECRET_KEY": "x", "TESTING": True})
    try:
        assert app.config["DATABASE_URL"] == f"sqlite:///{data / 'reportgen.sqlite3'}"
        assert app.instance_path == str(data)
        assert data.stat().st_mode & 0o077 == 0
    finally:
        app.extensions["reportgen_store"].dispose()
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    app = create_app({"SECRET_KEY": "x", "TESTING": True})
    try:
        assert app.config["DATABASE_URL"] == "sqlite:///:memory:"
    finally:
        app.extensions["reportgen_store"].dispose()


#: Run the command line as if only ``pip install reportgen`` had been done: the web extra's
#: modules cannot be imported (None in sys.modules makes ``import flask`` fail as a missing module).
WITHOUT_WEB = """
import sys
for name in ("flask", "flask_wtf", "flask_login", "werkzeug", "sqlalchemy", "alembic", "psycopg", "argon2",
             "platformdirs"):
    sys.modules[name] = None
from reportgen.cli import main
main(sys.argv[1:], prog_name="reportgen")
"""


def without_web(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_WEB, *args], cwd=cwd, capture_output=True,  # noqa: S603
                          text=True, timeout=120, check=False)


def test_without_the_web_extra_the_cli_works_and_the_wizard_says_what_to_install(tmp_path):
    check = without_web("check", str(BASE_CASE), cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "Case JV-" in check.stdout
    timeline = without_web("timeline", str(BASE_CASE), cwd=tmp_path)
    assert timeline.returncode == 0, timeline.stderr
    render = without_web("render", str(BASE_CASE), "-o", str(tmp_path / "r.docx"), cwd=tmp_path)
    assert render.returncode == 0, render.stderr
    for args, command in ((["serve", "--demo"], "reportgen serve"), (["db", "upgrade"], "reportgen db upgrade")):
        done = without_web(*args, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert f"{command} needs the wizard's libraries" in done.stderr
        assert "pip install 'reportgen[web]'" in done.stderr and "Traceback" not in done.stderr
