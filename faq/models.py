"""The FAQ database: the single source of truth every answer is read from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Bezirksregierung(Base):
    """One of the five regional governments; `code` is AGS digits 1-3 (051 Düsseldorf ... 059 Arnsberg)."""

    __tablename__ = "bezirksregierungen"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))  # the Regierungsbezirk, e.g. "Köln"
    behoerde: Mapped[str] = mapped_column(String(100))  # "Bezirksregierung Köln"
    strasse: Mapped[str] = mapped_column(String(100), default="")
    plz: Mapped[str] = mapped_column(String(5), default="")
    ort: Mapped[str] = mapped_column(String(50), default="")
    telefon: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")  # escalation address, set by staff


class Kreis(Base):
    __tablename__ = "kreise"

    ags: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    bezeichnung: Mapped[str] = mapped_column(String(100))  # "Kreis Unna", "Städteregion Aachen", "Köln"
    kreistyp: Mapped[str] = mapped_column(String(30))
    rb_code: Mapped[str] = mapped_column(ForeignKey("bezirksregierungen.code"))


class Municipality(Base):
    __tablename__ = "municipalities"

    ags: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # official, "Köln, Stadt"
    name_kurz: Mapped[str] = mapped_column(String(80), index=True)  # "Köln"
    gemeindetyp: Mapped[str] = mapped_column(String(30))
    kreis_ags: Mapped[str] = mapped_column(ForeignKey("kreise.ags"))
    rb_code: Mapped[str] = mapped_column(ForeignKey("bezirksregierungen.code"))
    einwohner: Mapped[int] = mapped_column(Integer)
    einwohner_stichtag: Mapped[dt.date] = mapped_column(Date)
    flaeche_km2: Mapped[float] = mapped_column(Float)

    kreis: Mapped[Kreis] = relationship(lazy="joined")
    bezirksregierung: Mapped[Bezirksregierung] = relationship(lazy="joined")


class PostalCode(Base):
    __tablename__ = "postal_codes"

    plz: Mapped[str] = mapped_column(String(5), primary_key=True)
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), primary_key=True)


class PlaceAlias(Base):
    """Other names of a municipality: English, old spellings, colloquial short forms."""

    __tablename__ = "place_aliases"

    alias: Mapped[str] = mapped_column(String(80), primary_key=True)
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), primary_key=True)


class Facility(Base):
    __tablename__ = "facilities"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(3))  # EAE, ZUE, NU
    status: Mapped[str] = mapped_column(String(20))  # geplant, in_vorbereitung, in_betrieb, geschlossen
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    opening_date: Mapped[dt.date | None] = mapped_column(Date)
    closing_date: Mapped[dt.date | None] = mapped_column(Date)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    municipality: Mapped[Municipality] = relationship(lazy="joined")


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    role: Mapped[str] = mapped_column(String(30))  # umfeldmanagement, bezirksregierung, akquise, ehrenamt
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    office_hours: Mapped[str] = mapped_column(String(100), default="")
    facility_id: Mapped[str | None] = mapped_column(ForeignKey("facilities.id"))
    rb_code: Mapped[str | None] = mapped_column(ForeignKey("bezirksregierungen.code"))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    facility_id: Mapped[str | None] = mapped_column(ForeignKey("facilities.id"))
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))  # infoveranstaltung, begegnungsfest, beirat
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)  # local time, Europe/Berlin
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class FaqEntry(Base):
    __tablename__ = "faq_entries"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    answer_de: Mapped[str] = mapped_column(Text)
    answer_en: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(300), default="")
    last_reviewed: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    questions: Mapped[list[FaqQuestion]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="FaqQuestion.id"
    )


class FaqQuestion(Base):
    """One phrasing of an FAQ question; these become the Rasa training examples of `faq/<key>`."""

    __tablename__ = "faq_questions"
    __table_args__ = (UniqueConstraint("faq_key", "lang", "text"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    faq_key: Mapped[str] = mapped_column(ForeignKey("faq_entries.key", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(String(500))

    entry: Mapped[FaqEntry] = relationship(back_populates="questions")


class CreditRate(Base):
    """Share of a state facility's capacity credited against the host municipality's intake obligation."""

    __tablename__ = "credit_rates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    rate_percent: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300), default="")


class Forecast(Base):
    """One month of the Abgangsprognose: allocations from the state system to all municipalities."""

    __tablename__ = "forecasts"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    allocations_nrw: Mapped[int] = mapped_column(Integer)
    published_on: Mapped[dt.date | None] = mapped_column(Date)  # None: entered, not yet published
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Ticket(Base):
    """A question the bot could not answer, routed to the responsible Bezirksregierung."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    conversation: Mapped[str] = mapped_column(String(64), index=True)  # pseudonymised sender id
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2), default="de")
    ags: Mapped[str | None] = mapped_column(ForeignKey("municipalities.ags"))
    rb_code: Mapped[str] = mapped_column(ForeignKey("bezirksregierungen.code"))
    status: Mapped[str] = mapped_column(String(20), default="offen")
