"""Classroom mode: a teacher opens a class session, students answer anonymously with a code.

Two blueprints, one per user group: `views_teacher` (the secret teacher link: dashboard,
discussion, close, export, delete) and `views_student` (join with a code, answer, results).
What both need lives in `service` (database) and `aggregates` (numbers, no database).
"""
