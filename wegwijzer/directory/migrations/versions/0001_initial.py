"""Initial directory schema: organisations, regions, municipalities, routes.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("website", sa.String(300), nullable=False, server_default=""),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "regions",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "region_organisations",
        sa.Column("region_key", sa.String(64), sa.ForeignKey("regions.key", ondelete="CASCADE"), primary_key=True),
        sa.Column("organisation_key", sa.String(64), sa.ForeignKey("organisations.key", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_table(
        "municipalities",
        sa.Column("cbs_code", sa.String(6), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("province", sa.String(40), nullable=False),
        sa.Column("aliases", sa.Text, nullable=False, server_default=""),
        sa.Column("veilig_thuis_region_key", sa.String(64), sa.ForeignKey("regions.key"), nullable=True),
        sa.Column("jeugdbeschermingsregio_key", sa.String(64), sa.ForeignKey("regions.key"), nullable=True),
        sa.Column("jeugdhulpregio_key", sa.String(64), sa.ForeignKey("regions.key"), nullable=True),
        sa.Column("common_word", sa.Integer, nullable=False, server_default="0"),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("verified_on", sa.Date, nullable=True),
    )
    op.create_table(
        "routes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("organisation_key", sa.String(64), sa.ForeignKey("organisations.key"), nullable=False),
        sa.Column("municipality_code", sa.String(6), sa.ForeignKey("municipalities.cbs_code"), nullable=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("value", sa.String(300), nullable=False),
        sa.Column("opening_hours", sa.String(200), nullable=False, server_default=""),
        sa.Column("for_whom", sa.Text, nullable=False, server_default=""),
        sa.Column("what_to_say", sa.Text, nullable=False, server_default=""),
        sa.Column("cost", sa.String(100), nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("verified_on", sa.Date, nullable=True),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_routes_organisation_key", "routes", ["organisation_key"])
    op.create_index("ix_routes_municipality_code", "routes", ["municipality_code"])
    op.create_table(
        "directory_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("directory_meta", "routes", "municipalities", "region_organisations", "regions", "organisations"):
        op.drop_table(table)
