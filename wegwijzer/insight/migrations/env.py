"""Alembic environment for the kept figures (run through wegwijzer.insight.store.open_store)."""
from wegwijzer.insight.store import Base
from wegwijzer.migrations import run_env

run_env(Base.metadata)
