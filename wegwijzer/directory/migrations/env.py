"""Alembic environment for the contact directory (run through wegwijzer.directory.db.migrate)."""
from wegwijzer.directory.models import Base
from wegwijzer.migrations import run_env

run_env(Base.metadata)
