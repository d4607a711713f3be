"""Alembic environment: runs on the connection :func:`reportgen.store.migrate` passes in."""

from __future__ import annotations

from alembic import context

from reportgen.store import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through reportgen.store.migrate(url), which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
