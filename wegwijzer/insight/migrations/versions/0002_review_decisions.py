"""The review inbox's decisions: a missed message (its redacted text) assigned to an
intent or question, a new question, or no question; by whom and when.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-11
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("intent", sa.String(120)),
        sa.Column("reviewer", sa.String(80), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("event_id", sa.Integer),
        sa.Column("event_time", sa.Float),
        sa.UniqueConstraint("event_id", "event_time", name="uq_review_decisions_event"),
    )


def downgrade() -> None:
    op.drop_table("review_decisions")
