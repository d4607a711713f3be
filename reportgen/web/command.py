"""``reportgen serve``: the wizard on this machine.

``--demo`` uses a SQLite file under ``instance/``, brings it to the newest
schema, creates one demo account per role and loads every ``examples/*.json``
as a draft of the demo social worker, assigned to the demo attorney. Without
``--demo`` the database is ``DATABASE_URL`` (for example
``postgresql+psycopg://user@host/db``) or the SQLite default, migrated on
start. For production run it under gunicorn instead (see the README):
``gunicorn -w 4 -b 127.0.0.1:8000 'reportgen.web:create_app()'``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from reportgen.cli.errors import Command

DEMO_DATABASE = Path("instance") / "reportgen-demo.sqlite3"
SECRET_FILE = Path("instance") / "secret_key"


def secret_key() -> str:
    """REPORTGEN_SECRET_KEY, else a key kept in instance/ so logins survive a restart."""
    if os.environ.get("REPORTGEN_SECRET_KEY"):
        return os.environ["REPORTGEN_SECRET_KEY"]
    if not SECRET_FILE.is_file():
        SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
        SECRET_FILE.write_text(secrets.token_hex(32), encoding="utf-8")
        SECRET_FILE.chmod(0o600)
    return SECRET_FILE.read_text(encoding="utf-8").strip()


@click.command("serve", cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--demo", is_flag=True, help="Demo accounts and the example cases in a local SQLite file.")
def serve_command(host: str, port: int, demo: bool) -> None:
    """Run the social worker's wizard."""
    from werkzeug.serving import run_simple

    from reportgen.store import migrate
    from reportgen.web import DEFAULT_DATABASE_URL, create_app, get_store
    from reportgen.web.demo import load_demo

    config: dict[str, object] = {"SECRET_KEY": secret_key()}
    if demo:
        DEMO_DATABASE.parent.mkdir(parents=True, exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{DEMO_DATABASE.resolve()}"
        # Plain http on loopback: a Secure cookie would not be sent back.
        config["SESSION_COOKIE_SECURE"] = False
    url = str(config.get("DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    config["DATABASE_URL"] = url
    migrate(url)
    if not demo and host in ("127.0.0.1", "localhost", "::1"):
        config.setdefault("SESSION_COOKIE_SECURE", False)
    app = create_app(config)
    if demo:
        accounts = load_demo(get_store(app))
        click.echo("Demo logins (username / password, role):")
        for a in accounts:
            click.echo(f"  {a.username:<11} {a.password:<16} {a.role}")
    click.echo(f"reportgen wizard at http://{host}:{port}/")
    run_simple(host, port, app, threaded=True, use_reloader=False)
