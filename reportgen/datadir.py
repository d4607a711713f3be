"""Where the wizard keeps its own files: the SQLite database, the demo database and the secret key.

They used to go under ``instance/`` in whatever folder the server was started
from, so starting it elsewhere silently opened an empty database. Now they live
in one data directory:

* ``REPORTGEN_DATA_DIR`` when it is set;
* otherwise the platform's user data directory for reportgen (platformdirs:
  ``$XDG_DATA_HOME/reportgen``, by default ``~/.local/share/reportgen`` on
  Linux; ``~/Library/Application Support/reportgen`` on macOS).

``DATABASE_URL`` still names any other database (PostgreSQL in production) and
wins over the SQLite file here. Nothing here creates the folder: the commands
that write into it do (:func:`ensure`), readable by its owner only.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "REPORTGEN_DATA_DIR"
DATABASE_ENV_VAR = "DATABASE_URL"
DATABASE_FILE = "reportgen.sqlite3"


def data_dir() -> Path:
    """The data directory (absolute), whether or not it exists yet."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    from platformdirs import user_data_path

    return user_data_path("reportgen", appauthor=False).resolve()


def ensure() -> Path:
    """The data directory, made (owner-only) if it is missing."""
    folder = data_dir()
    if not folder.is_dir():
        folder.mkdir(parents=True, mode=0o700)
    return folder


def sqlite_url(name: str) -> str:
    return f"sqlite:///{data_dir() / name}"


def default_database_url() -> str:
    """``DATABASE_URL`` when set, else the SQLite file ``reportgen.sqlite3`` in the data directory."""
    return os.environ.get(DATABASE_ENV_VAR) or sqlite_url(DATABASE_FILE)


def demo_database_url() -> str:
    """The demo's own SQLite file, never the real database."""
    return sqlite_url("reportgen-demo.sqlite3")


def secret_key_file() -> Path:
    return data_dir() / "secret_key"
