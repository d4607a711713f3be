"""Rendered reports kept for any web process: one PDF and one DOCX per draft.

A download renders the draft's current version once; every web process (on
any machine) then serves it from ``render_cache`` while the version is
unchanged. ``digest`` names what decided the bytes (case data, format, layout
id, county profile, the court's date: :func:`reportgen.web.renderpool.digest`);
a newer version replaces the row. The rows go with their draft.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "render_cache",
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("fmt", sa.String(8), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("render_cache")
