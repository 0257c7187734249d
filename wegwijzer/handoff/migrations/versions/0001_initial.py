"""Initial desk schema: advisors, their logins, handoffs with their messages, left questions.

The schema create_all made before the desk had migrations (messages.delivery included);
such databases are adopted and stamped with this revision (wegwijzer.migrations.add_missing).

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advisors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "desk_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("advisor_id", sa.Integer, sa.ForeignKey("advisors.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("consent", sa.String(20), nullable=False),
        sa.Column("summary_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("taken_at", sa.DateTime),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("close_reason", sa.String(40)),
        sa.Column("advisor_id", sa.Integer, sa.ForeignKey("advisors.id")),
        sa.Column("event_cursor", sa.Float, nullable=False),
    )
    op.create_index("ix_handoffs_conversation_id", "handoffs", ["conversation_id"])
    op.create_index("ix_handoffs_status", "handoffs", ["status"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handoff_id", sa.String(32), sa.ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("author", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("from_transcript", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("delivery", sa.String(20)),
    )
    op.create_index("ix_messages_handoff_id", "messages", ["handoff_id"])
    op.create_table(
        "left_questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("contact_encrypted", sa.Text),
        sa.Column("summary_json", sa.Text, nullable=False),
        sa.Column("handled", sa.Boolean, nullable=False),
        sa.Column("handled_by", sa.Integer, sa.ForeignKey("advisors.id")),
        sa.Column("handled_at", sa.DateTime),
    )


def downgrade() -> None:
    for table in ("left_questions", "messages", "handoffs", "desk_sessions", "advisors"):
        op.drop_table(table)
