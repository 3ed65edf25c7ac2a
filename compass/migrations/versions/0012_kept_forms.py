"""Forms that could not be saved are kept until they are shown again (kept_form).

Revision ID: 0012
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_kept_form_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_form")),
        sa.UniqueConstraint("token", name=op.f("uq_kept_form_token")),
    )
    op.create_index(op.f("ix_kept_form_user_id"), "kept_form", ["user_id"], unique=False)
    op.create_index(op.f("ix_kept_form_created_at"), "kept_form", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_kept_form_created_at"), table_name="kept_form")
    op.drop_index(op.f("ix_kept_form_user_id"), table_name="kept_form")
    op.drop_table("kept_form")
