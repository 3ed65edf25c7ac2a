"""classroom snapshots, counted students and teacher-paced lessons

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("class_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mode", sa.String(length=8), server_default="free", nullable=False)
        )
        batch_op.add_column(sa.Column("current", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("released", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_class_session_mode"), "mode IN ('free', 'paced')"
        )

    with op.batch_alter_table("class_response", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("counted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("snapshot_no", sa.Integer(), nullable=True))

    op.create_table(
        "class_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("codes", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.CheckConstraint("kind IN ('picture', 'reveal')", name=op.f("ck_class_snapshot_kind")),
        sa.ForeignKeyConstraint(
            ["class_session_id"],
            ["class_session.id"],
            name=op.f("fk_class_snapshot_class_session_id_class_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_snapshot")),
        sa.UniqueConstraint(
            "class_session_id",
            "kind",
            "number",
            name=op.f("uq_class_snapshot_class_session_id_kind_number"),
        ),
    )
    with op.batch_alter_table("class_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_snapshot_class_session_id"), ["class_session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("class_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_snapshot_class_session_id"))
    op.drop_table("class_snapshot")
    with op.batch_alter_table("class_response", schema=None) as batch_op:
        batch_op.drop_column("snapshot_no")
        batch_op.drop_column("counted")
    with op.batch_alter_table("class_session", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_class_session_mode"), type_="check")
        batch_op.drop_column("released")
        batch_op.drop_column("timer_ends_at")
        batch_op.drop_column("current")
        batch_op.drop_column("mode")
