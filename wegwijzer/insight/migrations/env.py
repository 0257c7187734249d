"""Alembic environment for the kept figures and the review decisions (run through
wegwijzer.insight.store.open_store)."""
from wegwijzer.insight import decisions  # noqa: F401 - its table review_decisions joins Base.metadata
from wegwijzer.insight.store import Base
from wegwijzer.migrations import run_env

run_env(Base.metadata)
