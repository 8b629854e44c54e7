"""Alembic's environment: our connection (given by `catalogue.migrations`) and our models."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from catalogue import db  # noqa: F401  (registers every table on SQLModel.metadata)

if context.is_offline_mode():
    raise SystemExit("Migrations hors ligne non prises en charge : utilisez « catalogue db upgrade ».")

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=SQLModel.metadata,
    compare_type=True,
    render_as_batch=True,  # SQLite: column changes rebuild the table (ALTER is limited there)
)
with context.begin_transaction():
    context.run_migrations()
