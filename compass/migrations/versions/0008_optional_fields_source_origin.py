"""A statement's direction is optional; a source records how its text was obtained (origin);
a statement keeps the coding lints its editors accepted; a position may be a party's own
questionnaire answer (no quote; its justification and the day it answered).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.add_column(sa.Column("justification", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("answered", sa.String(length=10), nullable=True))
        batch_op.drop_constraint(op.f("ck_position_evidence"), type_="check")
        batch_op.create_check_constraint(
            "evidence", "value IS NULL OR (source_id IS NOT NULL AND (quote IS NOT NULL OR "
                        "COALESCE(evidence_kind, '') = 'questionnaire'))")
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=16), nullable=True))
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_lints", sa.Text(), nullable=True))
        batch_op.drop_constraint(op.f("ck_statement_direction"), type_="check")
        batch_op.alter_column("direction", existing_type=sa.String(length=8), nullable=True)
        batch_op.create_check_constraint(
            "direction", "direction IS NULL OR direction IN ('more', 'less')")


def downgrade() -> None:
    op.execute("DELETE FROM position WHERE quote IS NULL AND value IS NOT NULL")
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_position_evidence"), type_="check")
        batch_op.create_check_constraint(
            "evidence", "value IS NULL OR (quote IS NOT NULL AND source_id IS NOT NULL)")
        batch_op.drop_column("answered")
        batch_op.drop_column("justification")
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.drop_column("origin")
    op.execute("UPDATE statement SET direction = 'more' WHERE direction IS NULL")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_column("accepted_lints")
        batch_op.drop_constraint(op.f("ck_statement_direction"), type_="check")
        batch_op.alter_column("direction", existing_type=sa.String(length=8), nullable=False)
        batch_op.create_check_constraint("direction", "direction IN ('more', 'less')")
