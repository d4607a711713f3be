"""The attorney's kept reviews, the decisions on their findings, and the attorney's block.

A review of an uploaded report is kept for the attorney who made it (the
findings, the caption and the passages relied on; never the file), so that the
attorney can confirm or dismiss each heuristic finding, with a reason for a
dismissal, and come back to it. The memo is written from the confirmed ones.
The attorney's profile holds what a filing's attorney block needs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attorney_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("attorney_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
    )
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("attorney_reviews.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("finding_key", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(12), nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("decided_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("review_id", "finding_key"),
    )
    op.create_table(
        "attorney_profiles",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, server_default=""),
        sa.Column("bar_number", sa.String(20), nullable=False, server_default=""),
        sa.Column("office", sa.Text, nullable=False, server_default=""),
        sa.Column("phone", sa.String(40), nullable=False, server_default=""),
        sa.Column("email", sa.String(120), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("attorney_profiles")
    op.drop_table("review_decisions")
    op.drop_table("attorney_reviews")
