"""The declarative base, its naming convention and the value lists the checks use."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SET_STATUSES = ("draft", "published")
MISSING_POLICIES = ("neutral", "exclude", "penalize")
DIRECTIONS = ("more", "less")
EVIDENCE_KINDS = ("proposal", "goal", "description", "questionnaire")
REVIEW_STATUSES = ("not_asked", "pending", "confirmed", "objected", "resolved")
ACTOR_NOUNS = ("partier", "aktörer")


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING)
