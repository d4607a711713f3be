"""``reportgen db upgrade``: bring the wizard's database to the newest schema.

The migrations are the package's own (``reportgen/migrations``, Alembic), run
through :func:`reportgen.store.migrate` exactly as ``reportgen serve`` runs them
on start, so a deployment under gunicorn upgrades with the same code and no
``alembic.ini`` or ``python -c``. The database is ``--database-url``, else
``DATABASE_URL``, else the SQLite file in the data directory
(:mod:`reportgen.datadir`).
"""

from __future__ import annotations

import click

from reportgen.cli.errors import Command, Group, Stop


def shown(url: str) -> str:
    """The URL without its password, fit to print."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@click.group("db", cls=Group)
def db() -> None:
    """Manage the wizard's database (needs the web extra)."""


@db.command("upgrade", cls=Command)
@click.option("--database-url", "database_url", default=None, metavar="URL",
              help="The database (default: $DATABASE_URL, else reportgen.sqlite3 in the data directory).")
def upgrade(database_url: str | None) -> None:
    """Apply every migration the database lacks; one already up to date is left as it is."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from reportgen import datadir
    from reportgen.store import migrate

    url = database_url or datadir.default_database_url()
    try:
        where = shown(url)
    except ArgumentError:
        raise Stop(f"{url if not database_url else '--database-url'}: is not a database URL (for example "
                   "postgresql+psycopg://user@host/db or sqlite:////path/to/file.sqlite3)") from None
    if url == datadir.sqlite_url(datadir.DATABASE_FILE):
        datadir.ensure()  # owner-only, before SQLite makes it with default permissions
    try:
        before = revision(url)
        migrate(url)
        after = revision(url)
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
        raise Stop(f"{where}: cannot be upgraded: {reason}") from None
    if before == after:
        click.echo(f"{where}: already at the newest schema ({after})")
    else:
        click.echo(f"{where}: upgraded from {before or 'an empty database'} to {after}")


def revision(url: str) -> str | None:
    """The database's Alembic revision, None when it has none yet."""
    from alembic.runtime.migration import MigrationContext

    from reportgen.store import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
