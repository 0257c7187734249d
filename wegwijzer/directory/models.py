"""SQLAlchemy models of the contact directory (2.0-style declarative, SQLAlchemy 1.4).

The schema is created and changed only by the Alembic migrations in
`migrations/`; these classes describe it for queries.
"""
from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

region_organisations = Table(
    "region_organisations",
    Base.metadata,
    Column("region_key", String(64), ForeignKey("regions.key", ondelete="CASCADE"), primary_key=True),
    Column("organisation_key", String(64), ForeignKey("organisations.key", ondelete="CASCADE"), primary_key=True),
)


class Organisation(Base):
    __tablename__ = "organisations"
    key = Column(String(64), primary_key=True)  # e.g. "veilig_thuis", "wijkteam"
    name = Column(String(200), nullable=False)
    kind = Column(String(64), nullable=False)
    website = Column(String(300), nullable=False, default="")
    description = Column(Text, nullable=False, default="")


class Region(Base):
    """A Veilig Thuis region, a jeugdbeschermingsregio or a jeugdhulpregio."""

    __tablename__ = "regions"
    key = Column(String(64), primary_key=True)
    kind = Column(String(32), nullable=False)  # veilig_thuis | jeugdbescherming | jeugdhulp
    name = Column(String(200), nullable=False)
    source = Column(Text, nullable=False, default="")
    organisations = relationship(Organisation, secondary=region_organisations, order_by=Organisation.key)


class Municipality(Base):
    __tablename__ = "municipalities"
    cbs_code = Column(String(6), primary_key=True)  # "GM0307"
    name = Column(String(100), nullable=False, unique=True)
    province = Column(String(40), nullable=False)
    aliases = Column(Text, nullable=False, default="")  # '|'-separated, as in the CSV
    veilig_thuis_region_key = Column(String(64), ForeignKey("regions.key"), nullable=True)
    jeugdbeschermingsregio_key = Column(String(64), ForeignKey("regions.key"), nullable=True)
    jeugdhulpregio_key = Column(String(64), ForeignKey("regions.key"), nullable=True)
    common_word = Column(Integer, nullable=False, default=0)  # 1: name is also an everyday word
    source = Column(Text, nullable=False, default="")
    verified_on = Column(Date, nullable=True)

    veilig_thuis_region = relationship(Region, foreign_keys=[veilig_thuis_region_key])
    jeugdbeschermingsregio = relationship(Region, foreign_keys=[jeugdbeschermingsregio_key])
    jeugdhulpregio = relationship(Region, foreign_keys=[jeugdhulpregio_key])

    @property
    def regions(self) -> list[Region]:
        return [r for r in (self.veilig_thuis_region, self.jeugdbeschermingsregio, self.jeugdhulpregio) if r]


class Route(Base):
    """One way to reach an organisation: national (no municipality) or local."""

    __tablename__ = "routes"
    id = Column(Integer, primary_key=True, autoincrement=True)
    organisation_key = Column(String(64), ForeignKey("organisations.key"), nullable=False, index=True)
    municipality_code = Column(String(6), ForeignKey("municipalities.cbs_code"), nullable=True, index=True)
    name = Column(String(200), nullable=False, default="")  # local name, e.g. "Sociale Wijkteams Amersfoort"
    channel = Column(String(16), nullable=False)  # phone | chat | email | website
    value = Column(String(300), nullable=False)
    opening_hours = Column(String(200), nullable=False, default="")
    for_whom = Column(Text, nullable=False, default="")
    what_to_say = Column(Text, nullable=False, default="")
    cost = Column(String(100), nullable=False, default="")
    source = Column(Text, nullable=False)
    verified_on = Column(Date, nullable=True)  # empty: unverified, shown as "kijk op de website"
    position = Column(Integer, nullable=False, default=0)  # order within the data file

    organisation = relationship(Organisation)
    municipality = relationship(Municipality)


class Meta(Base):
    """Key/value facts about the loaded data, e.g. the hash of the data files."""

    __tablename__ = "directory_meta"
    key = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)
