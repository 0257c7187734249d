"""The kept figures: one row per finished day (UTC), its figures as JSON.

Revision ID: 0001
Revises:
Create Date: 2026-12-10
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "insight_days",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("figures", sa.Text, nullable=False),
        sa.Column("computed_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("insight_days")
