"""The clerk's intake batches: one index row per PDF verified on the web page.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intake_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("batch", sa.String(64), nullable=False, index=True),
        sa.Column("verified_at", sa.DateTime, nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("case_number", sa.String(80), nullable=False, server_default=""),
        sa.Column("child_initials", sa.String(40), nullable=False, server_default=""),
        sa.Column("hearing_date", sa.String(20), nullable=False, server_default=""),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("failing_checks", sa.Text, nullable=False, server_default=""),
        sa.Column("reasons", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("user_id", "batch", "digest"),
    )


def downgrade() -> None:
    op.drop_table("intake_files")
