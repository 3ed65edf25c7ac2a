"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 08:05:23.239120
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "question_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=True),
        sa.Column("description_en", sa.Text(), nullable=True),
        sa.Column("municipality", sa.String(length=200), nullable=False),
        sa.Column("election", sa.String(length=200), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("levels", sa.Integer(), nullable=False),
        sa.Column("missing_policy", sa.String(length=16), nullable=False),
        sa.Column("coded_by", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "missing_policy IN ('neutral', 'exclude', 'penalize')",
            name=op.f("ck_question_set_missing"),
        ),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f("ck_question_set_status")),
        sa.CheckConstraint("levels IN (3, 5)", name=op.f("ck_question_set_levels")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_question_set_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_set")),
        sa.UniqueConstraint("slug", "version", name=op.f("uq_question_set_slug_version")),
    )
    with op.batch_alter_table("question_set", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_set_slug"), ["slug"], unique=False)

    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=80), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_set_id"],
            ["question_set.id"],
            name=op.f("fk_party_question_set_id_question_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
        sa.UniqueConstraint("question_set_id", "key", name=op.f("uq_party_question_set_id_key")),
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_question_set_id"), ["question_set_id"], unique=False
        )

    op.create_table(
        "source_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_set_id"],
            ["question_set.id"],
            name=op.f("fk_source_document_question_set_id_question_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_document")),
        sa.UniqueConstraint(
            "question_set_id", "key", name=op.f("uq_source_document_question_set_id_key")
        ),
    )
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_document_question_set_id"), ["question_set_id"], unique=False
        )

    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=120), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=400), nullable=False),
        sa.Column("easy_read", sa.Text(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("text_en", sa.String(length=400), nullable=True),
        sa.Column("easy_read_en", sa.Text(), nullable=True),
        sa.Column("background_en", sa.Text(), nullable=True),
        sa.CheckConstraint("direction IN ('more', 'less')", name=op.f("ck_statement_direction")),
        sa.ForeignKeyConstraint(
            ["question_set_id"],
            ["question_set.id"],
            name=op.f("fk_statement_question_set_id_question_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement")),
        sa.UniqueConstraint(
            "question_set_id", "key", name=op.f("uq_statement_question_set_id_key")
        ),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statement_question_set_id"), ["question_set_id"], unique=False
        )

    op.create_table(
        "party_source",
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
            name=op.f("fk_party_source_party_id_party"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source_document.id"],
            name=op.f("fk_party_source_source_id_source_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("party_id", "source_id", name=op.f("pk_party_source")),
    )
    op.create_table(
        "position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("value BETWEEN -2 AND 2", name=op.f("ck_position_value")),
        sa.CheckConstraint(
            "value IS NULL OR (quote IS NOT NULL AND source_id IS NOT NULL)",
            name=op.f("ck_position_evidence"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_position_party_id_party"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source_document.id"],
            name=op.f("fk_position_source_id_source_document"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_position_statement_id_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
        sa.UniqueConstraint(
            "statement_id", "party_id", name=op.f("uq_position_statement_id_party_id")
        ),
    )
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_position_source_id"), ["source_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_position_statement_id"), ["statement_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_statement_id"))
        batch_op.drop_index(batch_op.f("ix_position_source_id"))
        batch_op.drop_index(batch_op.f("ix_position_party_id"))

    op.drop_table("position")
    op.drop_table("party_source")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_question_set_id"))

    op.drop_table("statement")
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_document_question_set_id"))

    op.drop_table("source_document")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_question_set_id"))

    op.drop_table("party")
    with op.batch_alter_table("question_set", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_set_slug"))

    op.drop_table("question_set")
