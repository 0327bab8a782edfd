"""Alembic revisions, written by hand; Alembic itself skips this file."""
