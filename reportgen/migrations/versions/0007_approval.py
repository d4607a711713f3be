"""Approval that means something: states, kept versions, approvals and the supervisor's comments.

* ``drafts.state``: drafting, submitted, sent_back or approved (reportgen/web/approval.py).
* ``draft_versions``: each draft's versions (number, case JSON, saved at/by, sealed once
  submitted). A save changes the open version; the first change after a submission or an
  approval opens the next one, so an approved version is never changed.
* ``approvals``: who approved which version when, with the objections then open and the
  reason given for approving with them; ``voided_at`` once the draft changed after it.
* ``review_comments``: the supervisor's comments on a version sent back, each on the whole
  report, a step or a field.

Existing drafts keep their case as version 1. A draft approved before this revision was
approved as it stands: its version 1 is sealed and carries the approval (supervisor, time),
with a reason saying it was approved before versions were kept.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BEFORE = "Approved before reportgen kept versions (migration 0007)."


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("state", sa.String(20), nullable=False, server_default="drafting"))
    op.create_table(
        "draft_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("case_json", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime, nullable=False),
        sa.Column("saved_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("sealed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("draft_id", "number"),
    )
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("supervisor_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("supervisor_name", sa.String(120), nullable=False),
        sa.Column("approved_at", sa.DateTime, nullable=False),
        sa.Column("open_objections", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("voided_at", sa.DateTime, nullable=True),
        sa.Column("voided_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    )
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("author_name", sa.String(120), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("path", sa.String(300), nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.execute("INSERT INTO draft_versions (draft_id, number, case_json, saved_at, saved_by, sealed) "
               "SELECT id, 1, case_json, updated_at, owner_id, approved_at IS NOT NULL FROM drafts")
    op.execute("UPDATE drafts SET state = 'approved' WHERE approved_at IS NOT NULL")
    op.execute(
        sa.text("INSERT INTO approvals (draft_id, version, supervisor_id, supervisor_name, approved_at, "
                "open_objections, reason) "
                "SELECT d.id, 1, d.approved_by, COALESCE(u.display_name, u.username, ''), d.approved_at, 0, :why "
                "FROM drafts d LEFT JOIN users u ON u.id = d.approved_by WHERE d.approved_at IS NOT NULL")
        .bindparams(why=BEFORE)
    )


def downgrade() -> None:
    op.drop_table("review_comments")
    op.drop_table("approvals")
    op.drop_table("draft_versions")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("state")
