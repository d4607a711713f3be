"""Drop the table of posts kept across an expired session.

A form posted without a valid session was kept on the server and put back into
the wizard after the next login, so any website could write into a draft by
posting to a step. Nothing is kept on the server any more: unsaved text stays in
the worker's own browser and is offered back to them for confirmation.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("pending_posts")


def downgrade() -> None:
    op.create_table(
        "pending_posts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("draft_id", sa.Integer, nullable=False),
        sa.Column("step_id", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
