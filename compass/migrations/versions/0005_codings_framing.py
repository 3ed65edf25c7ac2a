"""codings (double coding) and set-level actors and framing

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("question_set", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actors", sa.String(length=16), nullable=False,
                                      server_default="partier"))
        batch_op.add_column(sa.Column("framing", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("framing_en", sa.Text(), nullable=True))
        batch_op.create_check_constraint("actors", "actors IN ('partier', 'aktörer')")

    op.create_table(
        "coding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("coder", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["question_set_id"], ["question_set.id"],
                                name=op.f("fk_coding_question_set_id_question_set"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding")),
        sa.UniqueConstraint("question_set_id", "coder",
                            name=op.f("uq_coding_question_set_id_coder")),
    )
    with op.batch_alter_table("coding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coding_question_set_id"), ["question_set_id"],
                              unique=False)

    op.create_table(
        "coding_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.CheckConstraint("value BETWEEN -2 AND 2", name=op.f("ck_coding_value_value")),
        sa.ForeignKeyConstraint(["coding_id"], ["coding.id"],
                                name=op.f("fk_coding_value_coding_id_coding"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"],
                                name=op.f("fk_coding_value_party_id_party"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"],
                                name=op.f("fk_coding_value_statement_id_statement"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding_value")),
        sa.UniqueConstraint("coding_id", "statement_id", "party_id",
                            name=op.f("uq_coding_value_coding_id_statement_id_party_id")),
    )
    with op.batch_alter_table("coding_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coding_value_coding_id"), ["coding_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_coding_value_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coding_value_statement_id"), ["statement_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coding_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coding_value_statement_id"))
        batch_op.drop_index(batch_op.f("ix_coding_value_party_id"))
        batch_op.drop_index(batch_op.f("ix_coding_value_coding_id"))
    op.drop_table("coding_value")
    with op.batch_alter_table("coding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coding_question_set_id"))
    op.drop_table("coding")
    with op.batch_alter_table("question_set", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_question_set_actors"), type_="check")
        batch_op.drop_column("framing_en")
        batch_op.drop_column("framing")
        batch_op.drop_column("actors")
