"""Alembic environment for the advisor desk (run through wegwijzer.handoff.db.engine_for)."""
from wegwijzer.handoff.models import Base
from wegwijzer.migrations import run_env

run_env(Base.metadata)
