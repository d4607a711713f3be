"""``reportgen serve``: the wizard on this machine.

``--demo`` uses its own SQLite file in the data directory
(:mod:`reportgen.datadir`: ``REPORTGEN_DATA_DIR``, else the platform's user
data folder), brings it to the newest schema, creates one demo account per role
and loads every example case as a draft of the demo social worker, assigned to
the demo attorney. Without ``--demo`` the database is ``DATABASE_URL`` (for
example ``postgresql+psycopg://user@host/db``) or ``reportgen.sqlite3`` in the
data directory, migrated on start.

The server is waitress with a fixed pool of ``--threads`` threads (default
:data:`DEFAULT_THREADS`): werkzeug's ``run_simple(threaded=True)`` started one
thread per connection, without bound, so a burst of requests (or of slow
clients) grew the process's threads and memory with it. Waitress reads each
request in full on its one I/O thread before handing it to a pool thread, so a
slow client holds no thread; at most ``--connections`` connections are accepted
at once (why waitress: docs/design.md). For production run it under gunicorn
instead (see the README): ``gunicorn -w 2 --threads 8 -b 127.0.0.1:8000
'reportgen.web:create_app()'``.
"""

from __future__ import annotations

import os
import secrets

import click

from reportgen import datadir
from reportgen.cli.errors import Command

#: Threads answering requests in ``reportgen serve`` (as the README's gunicorn command has per process).
DEFAULT_THREADS = 8
#: Connections open at once beyond which waitress stops accepting until some close (its own default).
DEFAULT_CONNECTIONS = 100


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
@click.option("--threads", default=DEFAULT_THREADS, show_default=True, type=click.IntRange(1, 256),
              help="Requests answered at once (a fixed pool of threads; more requests wait their turn).")
@click.option("--connections", default=DEFAULT_CONNECTIONS, show_default=True, type=click.IntRange(1, 10000),
              help="Connections open at once; past that new ones wait to be accepted.")
def serve_command(host: str, port: int, demo: bool, threads: int, connections: int) -> None:
    """Run the social worker's wizard."""
    from waitress.server import create_server

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
    server = create_server(app, host=host, port=port, threads=threads, connection_limit=connections,
                           ident="reportgen")
    server.run()  # until interrupted (Ctrl-C stops it quietly) or terminated
