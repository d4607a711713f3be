"""A draft can be archived (put away from the lists) and restored.

``drafts.archived_at`` is when the report was archived, NULL while it is in use.
An archived report keeps its versions, approvals and audit rows; only the lists
leave it out, and "Archived reports" shows it again with a Restore button.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("archived_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("archived_at")
