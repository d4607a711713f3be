"""Renders on other machines through a job queue, and findings kept for every web process.

* ``render_requests``: the case a download asked to be rendered, one row per draft and
  format, under the digest its document will be kept by (``render_cache``). The queue's job
  carries the draft id, the format and the digest only; the render worker reads the case
  here and deletes the row once the document is kept (reportgen/web/renderqueue.py).
  ``failure`` holds the kind of a failed render (never case text) for the waiting download.
* ``findings_cache``: a draft's problems and findings under the digest of the version they
  were computed for, so a second web process does not recompute them
  (reportgen/web/checking.py).
* On PostgreSQL only, procrastinate's own schema (its tables, types and functions), from
  the installed package's ``schema.sql``. procrastinate's schema has not changed since its
  3.4; a later version that ships a schema migration needs a revision here that applies it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "render_requests",
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("fmt", sa.String(8), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("case_json", sa.LargeBinary, nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("failure", sa.Text, nullable=True),
        sa.Column("requested_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "findings_cache",
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        # Through psycopg itself: the script is many statements with dollar-quoted bodies,
        # which SQLAlchemy's text() would read for bind parameters.
        bind.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        driver = bind.connection.driver_connection
        names = [row[0] for row in driver.execute(  # type: ignore[union-attr]
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%'").fetchall()]
        for table in ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs",
                      "procrastinate_workers"):
            op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
        for name in names:
            op.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE")
        for kind in ("procrastinate_job_to_defer_v1", "procrastinate_job_event_type", "procrastinate_job_status"):
            op.execute(f"DROP TYPE IF EXISTS {kind} CASCADE")
    op.drop_table("findings_cache")
    op.drop_table("render_requests")
