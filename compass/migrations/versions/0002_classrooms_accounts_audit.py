"""classrooms accounts audit and row versions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 08:14:35.846521
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.CheckConstraint("role IN ('admin', 'editor')", name=op.f("ck_user_account_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_set_slug", sa.String(length=80), nullable=False),
        sa.Column("question_set_version", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_audit_entry_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_entry_question_set_slug"), ["question_set_slug"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_entry_user_id"), ["user_id"], unique=False)

    op.create_table(
        "class_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("teacher_token_hash", sa.String(length=64), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=False),
        sa.Column("statement_keys", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_class_session_status")),
        sa.ForeignKeyConstraint(
            ["question_set_id"],
            ["question_set.id"],
            name=op.f("fk_class_session_question_set_id_question_set"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_session")),
        sa.UniqueConstraint("code", name=op.f("uq_class_session_code")),
        sa.UniqueConstraint("teacher_token_hash", name=op.f("uq_class_session_teacher_token_hash")),
    )
    with op.batch_alter_table("class_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_session_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_class_session_question_set_id"), ["question_set_id"], unique=False
        )

    op.create_table(
        "class_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_session_id", sa.Integer(), nullable=False),
        sa.Column("device_token_hash", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.String(length=400), nullable=False),
        sa.Column("finished", sa.Boolean(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["class_session_id"],
            ["class_session.id"],
            name=op.f("fk_class_response_class_session_id_class_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_response")),
        sa.UniqueConstraint(
            "class_session_id",
            "device_token_hash",
            name=op.f("uq_class_response_class_session_id_device_token_hash"),
        ),
    )
    with op.batch_alter_table("class_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_response_class_session_id"), ["class_session_id"], unique=False
        )

    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)
        )

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)
        )

    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)
        )

    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_column("row_version")

    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.drop_column("row_version")

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_column("row_version")

    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_column("row_version")

    with op.batch_alter_table("class_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_response_class_session_id"))

    op.drop_table("class_response")
    with op.batch_alter_table("class_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_session_question_set_id"))
        batch_op.drop_index(batch_op.f("ix_class_session_created_at"))

    op.drop_table("class_session")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_question_set_slug"))

    op.drop_table("audit_entry")
    op.drop_table("user_account")
