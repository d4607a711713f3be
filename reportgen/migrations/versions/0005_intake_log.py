"""The clerk's intake becomes a lasting log verified in the background.

Each received PDF keeps its row whoever logs in or out: when it was received
(``received_at``) and by which clerk (``clerk``, the username at the time, so
the log reads the same after an account is renamed), its state while it waits
for a sandbox worker (``status``: queued, verifying, done) and the process that
holds its file (``worker``, host and pid, so a row left behind by a killed
server can be told apart from one still being read), how the report presents
itself (``draft``, ``open_objections``), and ``verified_at`` once it is done.
A batch is now one upload. Rows verified before this revision are done, and
were received when they were verified.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("intake_files") as batch:
        batch.add_column(sa.Column("received_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("clerk", sa.String(80), nullable=False, server_default=""))
        batch.add_column(sa.Column("status", sa.String(12), nullable=False, server_default="done"))
        batch.add_column(sa.Column("worker", sa.String(120), nullable=True))
        batch.add_column(sa.Column("draft", sa.Boolean, nullable=True))
        batch.add_column(sa.Column("open_objections", sa.Integer, nullable=True))
        batch.alter_column("verified_at", existing_type=sa.DateTime, nullable=True)
    op.execute("UPDATE intake_files SET received_at = verified_at")
    op.execute("UPDATE intake_files SET clerk = COALESCE((SELECT username FROM users WHERE users.id = intake_files.user_id), '')")
    with op.batch_alter_table("intake_files") as batch:
        batch.alter_column("received_at", existing_type=sa.DateTime, nullable=False)
        batch.create_index("ix_intake_files_received_at", ["received_at"])
        batch.create_index("ix_intake_files_case_number", ["case_number"])
        batch.create_index("ix_intake_files_digest", ["digest"])
        batch.create_index("ix_intake_files_status", ["status"])


def downgrade() -> None:
    op.execute("DELETE FROM intake_files WHERE status <> 'done'")
    with op.batch_alter_table("intake_files") as batch:
        batch.drop_index("ix_intake_files_status")
        batch.drop_index("ix_intake_files_digest")
        batch.drop_index("ix_intake_files_case_number")
        batch.drop_index("ix_intake_files_received_at")
        batch.alter_column("verified_at", existing_type=sa.DateTime, nullable=False)
        for column in ("open_objections", "draft", "worker", "status", "clerk", "received_at"):
            batch.drop_column(column)
