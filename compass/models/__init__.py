"""SQLAlchemy 2.0 models: data only, no Flask, no commits, no I/O.

A `QuestionSet` row is one *version* of a question set: `(slug, version)` is unique and a
published row is never changed again, so a shared result link can always name the exact
texts and positions it was computed from.

The models live by concern in `sets` (question-set versions and their content), `classroom`
and `accounts` (editors, audit log, kept forms); import them from here.
"""

from __future__ import annotations

from .accounts import AuditEntry, KeptForm, User
from .base import (
    ACTOR_NOUNS,
    DIRECTIONS,
    EVIDENCE_KINDS,
    MISSING_POLICIES,
    NAMING,
    REVIEW_STATUSES,
    SET_STATUSES,
    Base,
)
from .classroom import ClassResponse, ClassSession, ClassSnapshot
from .sets import (
    Coding,
    CodingValue,
    Party,
    Position,
    QuestionSet,
    ReviewLink,
    SourceDocument,
    Statement,
    party_source,
)

__all__ = [
    "ACTOR_NOUNS", "DIRECTIONS", "EVIDENCE_KINDS", "MISSING_POLICIES", "NAMING",
    "REVIEW_STATUSES", "SET_STATUSES", "AuditEntry", "Base", "ClassResponse", "ClassSession",
    "ClassSnapshot", "Coding", "CodingValue", "KeptForm", "Party", "Position", "QuestionSet",
    "ReviewLink", "SourceDocument", "Statement", "User", "party_source",
]
