"""The tables, as a typed SQLAlchemy 2 ORM; the migrations build exactly this schema.

Rows here never leave ``store/sql``: the repositories turn them into the frozen domain
objects. A few columns exist only for the database's sake and are derived from the
domain data on every write (never read back into the domain):

* ``*_sort_key`` / ``search_key`` / ``birth_date`` — Swedish order and case-insensitive
  matching computed in Python by :mod:`kawebb_desktop.domain.text` (see there why), so
  both SQLite and PostgreSQL can ``ORDER BY`` and ``LIKE`` on plain, indexable strings.
  On PostgreSQL they use ``COLLATE "C"`` so that the server's locale cannot reorder them.
* ``cases.status_rank`` — the status's place in the lifecycle (Påbörjad 0 … Avslutad 3),
  which the list sorts by and filters on, so that one index serves both.
* ``pending_changes.new_user_personnummer`` — the personnummer of a *Ny* user change,
  so that a unique constraint refuses a second one for the same person in the same
  organisation (the payload itself is JSON, which no portable constraint can look into).

The ``version`` columns of ``authorizations``, ``contact_persons``, ``accounts``,
``pending_changes`` and ``signing_orders`` are optimistic locking (``store/base.py``):
the mapper adds ``WHERE version = <old>`` to every UPDATE and DELETE of those rows.

A test (``tests/store/test_migrations.py``) diffs this metadata against a database
migrated to head; a change here needs a new migration in ``migrations/versions``. The one
exception is :data:`OPTIONAL_INDEXES`, which a migration makes only where the database
can (see :func:`include_object`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

#: Constraint names are stable across backends, so that the migrations can name them and
#: error messages can be traced to them.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC ``datetime`` on every backend.

    PostgreSQL stores ``timestamptz`` and hands back the session's time zone; SQLite
    has no time zone at all and hands back naive values. Both are normalised here: UTC
    goes in (naive values are refused, they are a bug in the caller), UTC comes out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: the store keeps aware UTC times")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def key_type() -> TypeEngine[str]:
    """A sort or search key: compared bytewise (``COLLATE "C"``) on PostgreSQL."""
    return String().with_variant(String(collation="C"), "postgresql")


def _key_column() -> Mapped[str]:
    # The server default only lets migration 0002 add the column to filled tables;
    # every write sets the real value.
    return mapped_column(key_type(), nullable=False, server_default=text("''"))


def _versioned() -> Mapped[int]:
    # The server default only lets migration 0009 add the column to filled tables (and
    # fills them with 1); every write sets the real value.
    return mapped_column(Integer, nullable=False, server_default=text("1"))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


_CASCADE = "CASCADE"
_SET_NULL = "SET NULL"


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_number: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    street_address: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(50))
    fax: Mapped[str] = mapped_column(String(50))
    website: Mapped[str] = mapped_column(String(200))
    name_sort_key: Mapped[str] = _key_column()

    __table_args__ = (Index("ix_organisations_name_sort_key", "name_sort_key"),)


class UnitRow(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete=_CASCADE))
    name: Mapped[str] = mapped_column(String(200))
    case_kind: Mapped[str] = mapped_column(String(32))
    street_address: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    name_sort_key: Mapped[str] = _key_column()

    __table_args__ = (
        Index("ix_units_organisation_id_name_sort_key", "organisation_id", "name_sort_key"),
    )


class ServiceRow(Base):
    """A tjänst of an organisation's Tjänsteutbud (migration 0008)."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete=_CASCADE), index=True
    )
    name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("organisation_id", "name"),)


class ServiceUnitRow(Base):
    """Which utförande verksamheter deliver which service."""

    __tablename__ = "service_units"

    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete=_CASCADE), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete=_CASCADE), primary_key=True, index=True
    )


class AgreementRow(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete=_CASCADE), index=True
    )
    starting_admin: Mapped[str] = mapped_column(String(12))
    received_on: Mapped[dt.date] = mapped_column(Date)
    activated_on: Mapped[dt.date | None] = mapped_column(Date)
    concerns_new_admin: Mapped[bool] = mapped_column(Boolean)


class PersonRow(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    personnummer: Mapped[str] = mapped_column(String(12), unique=True)
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    first_name_sort_key: Mapped[str] = _key_column()
    last_name_sort_key: Mapped[str] = _key_column()
    #: First and last name, folded: what a name search matches.
    search_key: Mapped[str] = _key_column()
    #: ``YYYYMMDD`` (samordningsnummer folded back to the real day), as lists show it.
    birth_date: Mapped[str] = _key_column()

    __table_args__ = (
        Index("ix_persons_last_name_sort_key", "last_name_sort_key", "first_name_sort_key"),
        Index("ix_persons_first_name_sort_key", "first_name_sort_key", "last_name_sort_key"),
        Index("ix_persons_birth_date", "birth_date"),
    )


class AuthorizationRow(Base):
    """An användare: one person's authorization in one organisation."""

    __tablename__ = "authorizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete=_CASCADE))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete=_CASCADE), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    activates_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer)
    email_sort_key: Mapped[str] = _key_column()
    search_key: Mapped[str] = _key_column()

    __table_args__ = (
        # Rule 7: one person has at most one authorization per organisation.
        UniqueConstraint("organisation_id", "person_id"),
        Index("ix_authorizations_organisation_id_role", "organisation_id", "role"),
        Index("ix_authorizations_organisation_id_start_date", "organisation_id", "start_date"),
        Index("ix_authorizations_organisation_id_end_date", "organisation_id", "end_date"),
        Index(
            "ix_authorizations_organisation_id_email_sort_key",
            "organisation_id",
            "email_sort_key",
        ),
        # A removed user's id is never given again (migration 0007).
        {"sqlite_autoincrement": True},
    )
    # The application sets the version itself (update() must always bump it, even when
    # nothing else changed); the mapper adds "WHERE version = <old>" to every UPDATE.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class ContactPersonRow(Base):
    __tablename__ = "contact_persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete=_CASCADE), index=True
    )
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    #: Normalised (E.164, ``+46701234567``) or ``""``; older text kept as it was when
    #: it was not a valid Swedish number (migration 0009).
    phone1: Mapped[str] = mapped_column(String(50))
    phone2: Mapped[str] = mapped_column(String(50))
    administrative: Mapped[bool] = mapped_column(Boolean)
    first_name_sort_key: Mapped[str] = _key_column()
    last_name_sort_key: Mapped[str] = _key_column()
    version: Mapped[int] = _versioned()

    # A removed contact person's id is never given again (migration 0009, as 0007).
    __table_args__ = ({"sqlite_autoincrement": True},)
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class ContactUnitRow(Base):
    """Which utförande verksamheter a contact person is contact for (migration 0009)."""

    __tablename__ = "contact_units"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact_persons.id", ondelete=_CASCADE), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete=_CASCADE), primary_key=True, index=True
    )


class ContactAddressRow(Base):
    """An address a contact person is contact for (migration 0009)."""

    __tablename__ = "contact_addresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact_persons.id", ondelete=_CASCADE))
    street_address: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))

    __table_args__ = (UniqueConstraint("contact_id", "street_address", "postal_code", "city"),)


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete=_CASCADE), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(20))
    review_status: Mapped[str] = mapped_column(String(100))
    updated_on: Mapped[dt.date] = mapped_column(Date)
    updated_by: Mapped[str] = mapped_column(String(32))
    is_default: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = _versioned()

    # A removed account's id is never given again (migration 0009, as 0007).
    __table_args__ = ({"sqlite_autoincrement": True},)
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class AccountUnitRow(Base):
    """Which utförande verksamheter an account serves (migration 0009)."""

    __tablename__ = "account_units"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete=_CASCADE), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete=_CASCADE), primary_key=True, index=True
    )


class NewsItemRow(Base):
    """An item of *Nyheter från KA-Webb*, for every organisation (migration 0010)."""

    __tablename__ = "news_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    published_on: Mapped[dt.date] = mapped_column(Date)

    # Newest first: the panel reads the top of this index.
    __table_args__ = (Index("ix_news_items_published_on_id", "published_on", "id"),)


#: Columns the case list's indexes carry besides their keys, on PostgreSQL (migration
#: 0006): what the searches test, so that a page's window is found in the index alone.
CASE_PAGE_INCLUDE = ["search_key", "birth_date"]


def _case_page_index(sort: str, *columns: str) -> Index:
    """``ix_cases_page_<sort>``: unit_id, the sort's columns, id, status_rank (see
    ``CaseRow.__table_args__``), and on PostgreSQL the search keys; named by the sort,
    as the columns would not fit in PostgreSQL's 63 characters."""
    return Index(
        f"ix_cases_page_{sort}",
        "unit_id",
        *columns,
        "id",
        "status_rank",
        postgresql_include=CASE_PAGE_INCLUDE,
    )


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete=_CASCADE), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete=_CASCADE))
    case_number: Mapped[int] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    personnummer: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    last_event: Mapped[str] = mapped_column(String(200))
    last_event_on: Mapped[dt.date] = mapped_column(Date)
    first_name_sort_key: Mapped[str] = _key_column()
    last_name_sort_key: Mapped[str] = _key_column()
    last_event_sort_key: Mapped[str] = _key_column()
    search_key: Mapped[str] = _key_column()
    birth_date: Mapped[str] = _key_column()
    #: ``status`` as its place in the lifecycle (``repositories.STATUS_RANK``). The
    #: server default only lets migration 0004 add the column; every write sets it.
    status_rank: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default=text("0"))

    __table_args__ = (
        # Översikt always lists one unit, sorted by one column and then by id (the
        # tie-break, ``repositories._CASE_SORT``): one index per CaseSort, unit_id first
        # and id after the sort columns, so that a page is a walk along an index that
        # stops after offset + limit rows, in either direction, instead of a sort of
        # every row that ties on the sort column. status_rank last changes no order (id
        # is unique) but lets the index itself pass over the closed cases, or the cases
        # of other statuses, without reading their rows (closed cases, for one, have
        # the earliest end dates).
        _case_page_index("last_event_on", "last_event_on"),
        _case_page_index("last_event", "last_event_sort_key", "last_event_on"),
        _case_page_index("case_number", "case_number"),
        _case_page_index("first_name", "first_name_sort_key", "last_name_sort_key"),
        _case_page_index("last_name", "last_name_sort_key", "first_name_sort_key"),
        _case_page_index("start_date", "start_date"),
        # NULL (an open-ended case) sorts after every date ascending, as the list wants.
        _case_page_index("end_date", "end_date"),
        # Sort by status (then last event); filter by status; count the open cases.
        Index(
            "ix_cases_page_status",
            "unit_id",
            "status_rank",
            "last_event_on",
            "id",
            postgresql_include=CASE_PAGE_INCLUDE,
        ),
        # The birth-date search (a prefix of the digits).
        Index("ix_cases_unit_id_birth_date", "unit_id", "birth_date"),
    )


#: Indexes that a migration makes only where the database can, and so that are not
#: declared above: the trigram index of the case name search (GIN over
#: ``search_key || ''``), made by migration 0004 on PostgreSQL when the ``pg_trgm``
#: extension is (or can be) installed. SQLAlchemy could spell the index, but not "only
#: if the extension is there", so the schema diff (``env.py``,
#: ``tests/store/test_migrations.py``) leaves it out by name through
#: :func:`include_object`.
OPTIONAL_INDEXES: frozenset[str] = frozenset({"ix_cases_search_key_trgm"})

#: The FTS5 trigram index of the case name search on SQLite (migration 0011): a virtual
#: table, its shadow tables (``cases_fts_data``, ``_idx``, ``_docsize``, ``_config``)
#: and the triggers that fill it, made only where SQLite has FTS5; queried with plain
#: SQL by the repository, so not declared here either.
OPTIONAL_TABLE_PREFIX = "cases_fts"


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's ``include_object`` hook: everything but :data:`OPTIONAL_INDEXES` and
    the tables of :data:`OPTIONAL_TABLE_PREFIX`."""
    if type_ == "table" and name is not None and name.startswith(OPTIONAL_TABLE_PREFIX):
        return False
    return not (type_ == "index" and name in OPTIONAL_INDEXES)


class CaseEventRow(Base):
    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete=_CASCADE))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_case_events_case_id_occurred_on", "case_id", "occurred_on"),)


class ClaimRow(Base):
    """A sent *Begär ersättning* (migration 0012). The extent is kept in hundredths of a
    percent and the amount in öre, so that both are exact on every backend."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete=_CASCADE))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete=_CASCADE))
    kind: Mapped[str] = mapped_column(String(16))
    field_of_work: Mapped[str] = mapped_column(String(32))
    extent_hundredths: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))

    __table_args__ = (
        # Begärda ersättningar, newest first.
        Index("ix_claims_organisation_id_submitted_on_id", "organisation_id", "submitted_on", "id"),
        # The periods already requested in a case.
        Index("ix_claims_case_id_start_date", "case_id", "start_date"),
        {"sqlite_autoincrement": True},
    )
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class DocumentRow(Base):
    """A case's handling (migration 0013): its values as canonical JSON text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete=_CASCADE))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete=_CASCADE))
    type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    field_values: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    return_comment: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("''"))

    __table_args__ = (
        # A case's documents.
        Index("ix_documents_organisation_id_case_id", "organisation_id", "case_id"),
        # Statusöversikt: the organisation's sent documents.
        Index("ix_documents_organisation_id_status", "organisation_id", "status"),
        {"sqlite_autoincrement": True},
    )
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class DocumentEventRow(Base):
    """A step of a document's history: sent, approved, returned (Statusöversikt's chart)."""

    __tablename__ = "document_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete=_CASCADE))
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    #: The person who sent it; NULL for Arbetsförmedlingen's decisions.
    by_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))

    __table_args__ = (Index("ix_document_events_document_id_at", "document_id", "at"),)


def _version_column() -> Mapped[int]:
    # The server default only lets migration 0003 add the column to filled tables (and
    # fills them with 1); every write sets the real value.
    return mapped_column(Integer, nullable=False, server_default=text("1"))


class PendingChangeRow(Base):
    __tablename__ = "pending_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete=_CASCADE))
    kind: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))
    #: The changed record; no foreign key, as kinds point at different tables.
    target_id: Mapped[int | None] = mapped_column(Integer)
    #: JSON text (sorted keys, UTF-8 kept), portable across backends.
    payload: Mapped[str] = mapped_column(Text)
    created_by_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = _version_column()
    #: Derived: the personnummer of a *Ny* user change, else NULL (which never collides).
    new_user_personnummer: Mapped[str | None] = mapped_column(String(12))

    __table_args__ = (
        Index(
            "ix_pending_changes_organisation_id_kind_target_id",
            "organisation_id",
            "kind",
            "target_id",
        ),
        # At most one pending Ny per person and organisation, even when two
        # administrators save at the same moment.
        UniqueConstraint("organisation_id", "new_user_personnummer"),
        # A signed or discarded change's id is never given again (migration 0007).
        {"sqlite_autoincrement": True},
    )
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


def _chain_seq_column() -> Mapped[int]:
    # The server default only lets migration 0005 add the column to filled tables (it
    # then numbers them); every append sets the real value.
    return mapped_column(Integer, nullable=False, server_default=text("0"))


def _hash_column() -> Mapped[str]:
    return mapped_column(String(64), nullable=False, server_default=text("''"))


class ReceiptRow(Base):
    __tablename__ = "receipts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete=_CASCADE))
    order_ref: Mapped[str] = mapped_column(String(100))
    signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    signer_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_personnummer: Mapped[str] = mapped_column(String(12))
    summary: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(Text)
    ocsp_response: Mapped[str] = mapped_column(Text)
    change_count: Mapped[int] = mapped_column(Integer)
    # The audit chain (``domain/audit_chain.py``): the receipt's link number in its
    # organisation's chain, the chain's head when it was signed, and its own hash.
    chain_seq: Mapped[int] = _chain_seq_column()
    prev_hash: Mapped[str] = _hash_column()
    hash: Mapped[str] = _hash_column()

    __table_args__ = (
        Index("ix_receipts_organisation_id_signed_at", "organisation_id", "signed_at"),
        Index("ix_receipts_organisation_id_chain_seq", "organisation_id", "chain_seq", unique=True),
    )


class AuditEntryRow(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The trail outlives what it is about: references are cleared, never cascaded.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete=_SET_NULL)
    )
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    actor_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete=_SET_NULL), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    details: Mapped[str] = mapped_column(Text)
    # The audit chain: the chain (the organisation, or 0 for entries of none), the
    # entry's link number in it, the hash of the link before it, and its own hash.
    chain_id: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    seq: Mapped[int] = _chain_seq_column()
    prev_hash: Mapped[str] = _hash_column()
    hash: Mapped[str] = _hash_column()

    __table_args__ = (
        Index("ix_audit_entries_organisation_id_at", "organisation_id", "at"),
        Index("ix_audit_entries_chain_id_seq", "chain_id", "seq", unique=True),
    )


class AuditChainRow(Base):
    """The head of an audit chain: the number and hash of its last link.

    Appending a link locks this row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
    writers take turns anyway) until the transaction ends, so links are numbered and
    linked one after the other even with many writers.
    """

    __tablename__ = "audit_chains"

    chain_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class SigningOrderRow(Base):
    """A BankID order in flight; kept here so that any process can collect it."""

    __tablename__ = "signing_orders"

    order_ref: Mapped[str] = mapped_column(String(100), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(16))
    auto_start_token: Mapped[str] = mapped_column(String(100))
    qr_start_token: Mapped[str] = mapped_column(String(100))
    qr_start_secret: Mapped[str] = mapped_column(String(100))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete=_CASCADE), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete=_SET_NULL), index=True
    )
    digest: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    hint_code: Mapped[str | None] = mapped_column(String(100))
    receipt_id: Mapped[int | None] = mapped_column(
        ForeignKey("receipts.id", ondelete=_SET_NULL), index=True
    )
    version: Mapped[int] = _version_column()

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012
    __table_args__ = (Index("ix_signing_orders_state_started_at", "state", "started_at"),)


class SessionRow(Base):
    """A login session; only the SHA-256 of its token is kept."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete=_CASCADE), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    order_ref: Mapped[str] = mapped_column(String(100), server_default=text("''"))


class IdempotencyKeyRow(Base):
    """A write as it was answered, so that a retry with the same key gets the same answer."""

    __tablename__ = "idempotency_keys"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete=_CASCADE), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class StoreMetaRow(Base):
    """Facts about the store itself (``domain.sessions.META_DEMO``, …)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SimulatorOrderRow(Base):
    """An order of the BankID simulator, as the simulator's own JSON."""

    __tablename__ = "simulator_orders"

    order_ref: Mapped[str] = mapped_column(String(100), primary_key=True)
    personal_number: Mapped[str | None] = mapped_column(String(12))
    data: Mapped[str] = mapped_column(Text)
    #: Insertion order (max + 1 when inserted, kept when replaced): "oldest first".
    seq: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_simulator_orders_personal_number_seq", "personal_number", "seq"),)


class SyncCounterRow(Base):
    """The last sequence number a change feed gave (migration 0014): ``feed_id`` is the
    organisation's id, 0 the global feed. See :mod:`.feed`."""

    __tablename__ = "sync_counters"

    feed_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)


class ChangeIndexRow(Base):
    """A replicated object's latest change (migration 0014): one row per aggregate root,
    so that the feed after a sequence number is one index range. See :mod:`.feed`."""

    __tablename__ = "change_index"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    feed_id: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_change_index_feed_id_seq", "feed_id", "seq"),)
