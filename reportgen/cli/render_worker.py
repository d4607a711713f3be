"""``reportgen render-worker``: render the wizard's downloads for web processes anywhere.

With ``REPORTGEN_RENDER_QUEUE=procrastinate`` the web processes defer each download's render
as a procrastinate job in their PostgreSQL database (:mod:`reportgen.web.renderqueue`). This
command runs procrastinate's worker on that database, on this machine or another, with
``--processes`` warm render processes (WeasyPrint and fonts loaded once, nice 10, each
retired after 200 renders); each job's document goes into the render cache that every web
process serves from. It needs the templates and county profile the web processes use
(``REPORTGEN_PROFILE``, ``REPORTGEN_TEMPLATE_DIR`` are sent with each request) and stops
cleanly on SIGINT or SIGTERM, a job in progress finished first.

It logs one line per render: its process id, the draft id and the format; never case data.
"""

from __future__ import annotations

import logging

import click

from reportgen.cli.errors import Command, Stop


@click.command("render-worker", cls=Command)
@click.option("--database-url", "database_url", default=None, metavar="URL",
              help="The wizard's PostgreSQL database (default: $DATABASE_URL).")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Render processes, and so renders at once.")
@click.option("--once", is_flag=True, help="Render what is waiting, then stop (default: run until stopped).")
def render_worker_command(database_url: str | None, processes: int, once: bool) -> None:
    """Render the wizard's downloads queued in PostgreSQL (REPORTGEN_RENDER_QUEUE=procrastinate)."""
    import asyncio
    import os

    from sqlalchemy import inspect
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from reportgen.cli.db import shown
    from reportgen.store import Store
    from reportgen.web.renderpool import RenderPool
    from reportgen.web.renderqueue import QUEUE, Worker, make_app, retry_stalled

    url = database_url or os.environ.get("DATABASE_URL") or ""
    if not url:
        raise Stop("render-worker: no database; set DATABASE_URL or give --database-url (PostgreSQL)")
    try:
        store = Store(url)
        where = shown(url)
    except (ArgumentError, ValueError):
        raise Stop(f"{'--database-url' if database_url else 'DATABASE_URL'}: is not a database URL "
                   "(for example postgresql+psycopg://user@host/db)") from None
    if store.engine.dialect.name != "postgresql":
        raise Stop(f"{where}: the render queue needs PostgreSQL (SQLite keeps the web process's own render pool)")
    try:
        with store.engine.connect() as conn:
            ready = inspect(conn).has_table("procrastinate_jobs") and inspect(conn).has_table("render_requests")
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
        raise Stop(f"{where}: cannot be reached: {reason}") from None
    if not ready:
        raise Stop(f"{where}: has no render queue yet; run `reportgen db upgrade` first")

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("reportgen.web.renderqueue").setLevel(logging.INFO)
    pool = RenderPool(processes)
    worker = Worker(store, pool)
    app = make_app(url, min_size=1, max_size=processes + 2)
    click.echo(f"render worker {os.getpid()}: {processes} render process(es) on {where}", err=True)
    async def run() -> None:
        async with app.open_async():
            stalled = await retry_stalled(app)  # and every minute after, as a periodic job
            if stalled:
                click.echo(f"render worker {os.getpid()}: {stalled} render(s) left by a stopped worker put back "
                           "in the queue", err=True)
            await app.run_worker_async(queues=[QUEUE], concurrency=processes, wait=not once,
                                       delete_jobs="successful", additional_context={"renderer": worker},
                                       name=f"reportgen-render-{os.getpid()}")

    try:
        asyncio.run(run())
    finally:
        pool.close()
        store.dispose()
    click.echo(f"render worker {os.getpid()}: stopped after {worker.rendered} render(s)", err=True)
