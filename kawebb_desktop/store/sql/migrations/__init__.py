"""Alembic migrations of the SQL store (a package so that it ships in wheels and bundles)."""
