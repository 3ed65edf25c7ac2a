"""position evidence, rationale, party review and review links

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence_kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("rationale", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("review_status", sa.String(length=16),
                                      server_default="not_asked", nullable=False))
        batch_op.add_column(sa.Column("review_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("review_counter_quote", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("review_answer", sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            "evidence_kind",
            "evidence_kind IS NULL OR evidence_kind IN "
            "('proposal', 'goal', 'description', 'questionnaire')")
        batch_op.create_check_constraint(
            "review_status",
            "review_status IN ('not_asked', 'pending', 'confirmed', 'objected', 'resolved')")

    op.create_table(
        "review_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["user_account.id"],
                                name=op.f("fk_review_link_created_by_user_account"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"],
                                name=op.f("fk_review_link_party_id_party"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_set_id"], ["question_set.id"],
                                name=op.f("fk_review_link_question_set_id_question_set"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_review_link_token_hash")),
    )
    with op.batch_alter_table("review_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_link_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_link_question_set_id"), ["question_set_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_link_question_set_id"))
        batch_op.drop_index(batch_op.f("ix_review_link_party_id"))
    op.drop_table("review_link")

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_constraint("review_status", type_="check")
        batch_op.drop_constraint("evidence_kind", type_="check")
        batch_op.drop_column("review_answer")
        batch_op.drop_column("review_counter_quote")
        batch_op.drop_column("review_comment")
        batch_op.drop_column("review_status")
        batch_op.drop_column("rationale")
        batch_op.drop_column("evidence_kind")
