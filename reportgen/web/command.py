"""``reportgen serve``: the wizard on this machine.

``--demo`` uses its own SQLite file in the data directory
(:mod:`reportgen.datadir`: ``REPORTGEN_DATA_DIR``, else the platform's user
data folder), brings it to the newest schema, creates one demo account per role
and loads every example case as a draft of the demo social worker, assigned to
the demo attorney. Without ``--demo`` the database is ``DATABASE_URL`` (for
example ``postgresql+psycopg://user@host/db``) or ``reportgen.sqlite3`` in the
data directory, migrated on start. For production run it under gunicorn instead
(see the README): ``gunicorn -w 4 -b 127.0.0.1:8000 'reportgen.web:create_app()'``.
"""

from __future__ import annotations

import os
import secrets

import click

from reportgen import datadir
from reportgen.cli.errors import Command


def secret_key() -> str:
    """REPORTGEN_SECRET_KEY, else a key kept in the data directory so logins survive a restart."""
    if os.environ.get("REPORTGEN_SECRET_KEY"):
        return os.environ["REPORTGEN_SECRET_KEY"]
    path = datadir.secret_key_file()
    if not path.is_file():
        datadir.ensure()
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@click.command("serve", cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--demo", is_flag=True, help="Demo accounts and the example cases in a local SQLite file.")
def serve_command(host: str, port: int, demo: bool) -> None:
    """Run the social worker's wizard."""
    from werkzeug.serving import run_simple

    from reportgen.store import migrate
    from reportgen.web import create_app, get_store
    from reportgen.web.demo import load_demo

    config: dict[str, object] = {"SECRET_KEY": secret_key()}
    datadir.ensure()
    if demo:
        config["DATABASE_URL"] = datadir.demo_database_url()
        # Plain http on loopback: a Secure cookie would not be sent back.
        config["SESSION_COOKIE_SECURE"] = False
    url = str(config.get("DATABASE_URL") or datadir.default_database_url())
    config["DATABASE_URL"] = url
    migrate(url)
    if not demo and host in ("127.0.0.1", "localhost", "::1"):
        config.setdefault("SESSION_COOKIE_SECURE", False)
    app = create_app(config)
    click.echo(f"data directory: {datadir.data_dir()}")
    if demo:
        accounts = load_demo(get_store(app))
        click.echo("Demo logins (username / password, role):")
        for a in accounts:
            click.echo(f"  {a.username:<11} {a.password:<16} {a.role}")
    click.echo(f"reportgen wizard at http://{host}:{port}/")
    run_simple(host, port, app, threaded=True, use_reloader=False)
