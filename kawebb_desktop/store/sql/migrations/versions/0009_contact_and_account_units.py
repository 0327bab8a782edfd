"""Contact persons and accounts name their units and addresses; both are versioned.

Until now a contact person only counted the utförande verksamheter and addresses it was
contact for (``contact_persons.unit_count``, ``address_count``) and an account the units
it served (``accounts.unit_count``). Here the links themselves are kept:
``contact_units``, ``contact_addresses`` (street address, postal code, city) and
``account_units``; the counts go. Both tables get a ``version`` (optimistic locking, as
users have) and, on SQLite, ``AUTOINCREMENT`` (a removed one's id is never given again,
see 0007), as changes of them are now signed and name them by id and version.

The existing counts become links as well as they can: a contact person is linked to its
organisation's first ``unit_count`` units (by id) and, when ``address_count`` > 0, to the
organisation's own address (if it has one); an account to the first ``unit_count`` units,
and to at least one when the organisation has any. Phone numbers are normalised to E.164
(``+46701234567``) when they are valid Swedish numbers, else kept as they are.

Downgrading counts the links back into the columns (phone numbers stay normalised).

Written by hand and frozen: nothing imported from the application (the phone number
rules are a copy of what ``PhoneNumber.parse`` did when this revision was written, over
the ``phonenumbers`` library itself).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import phonenumbers
import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_PHONE_CHARS = re.compile(r"\+?[0-9()\-]+")


def normalised_phone(text: str) -> str:
    """``text`` as E.164 if it is a valid Swedish number, else ``text`` unchanged."""
    compact = _DASHES.sub("-", "".join(ch for ch in text if not ch.isspace()))
    if not compact or not compact.isascii() or not _PHONE_CHARS.fullmatch(compact):
        return text
    try:
        number = phonenumbers.parse(compact, "SE")
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(number):
        return text
    if phonenumbers.region_code_for_number(number) != "SE":
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_contacts = sa.table(
    "contact_persons",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("phone1", sa.String),
    sa.column("phone2", sa.String),
    sa.column("unit_count", sa.Integer),
    sa.column("address_count", sa.Integer),
)
_accounts = sa.table(
    "accounts",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("unit_count", sa.Integer),
)
_organisations = sa.table(
    "organisations",
    sa.column("id", sa.Integer),
    sa.column("street_address", sa.String),
    sa.column("postal_code", sa.String),
    sa.column("city", sa.String),
)
_units = sa.table("units", sa.column("id", sa.Integer), sa.column("organisation_id", sa.Integer))
_contact_units = sa.table(
    "contact_units", sa.column("contact_id", sa.Integer), sa.column("unit_id", sa.Integer)
)
_contact_addresses = sa.table(
    "contact_addresses",
    sa.column("contact_id", sa.Integer),
    sa.column("street_address", sa.String),
    sa.column("postal_code", sa.String),
    sa.column("city", sa.String),
)
_account_units = sa.table(
    "account_units", sa.column("account_id", sa.Integer), sa.column("unit_id", sa.Integer)
)


def _link_table(name: str, owner: str, owner_table: str) -> None:
    op.create_table(
        name,
        sa.Column(owner, sa.Integer, nullable=False),
        sa.Column("unit_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            [owner],
            [f"{owner_table}.id"],
            name=f"fk_{name}_{owner}_{owner_table}",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=f"fk_{name}_unit_id_units", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(owner, "unit_id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_unit_id", name, ["unit_id"])


def upgrade() -> None:
    connection = op.get_bind()
    # Read what the counts say before the columns go.
    contacts = connection.execute(
        sa.select(
            _contacts.c.id,
            _contacts.c.organisation_id,
            _contacts.c.phone1,
            _contacts.c.phone2,
            _contacts.c.unit_count,
            _contacts.c.address_count,
        ).order_by(_contacts.c.id)
    ).all()
    accounts = connection.execute(
        sa.select(_accounts.c.id, _accounts.c.organisation_id, _accounts.c.unit_count).order_by(
            _accounts.c.id
        )
    ).all()
    units: dict[int, list[int]] = {}
    for unit_id, organisation_id in connection.execute(
        sa.select(_units.c.id, _units.c.organisation_id).order_by(_units.c.id)
    ):
        units.setdefault(organisation_id, []).append(unit_id)
    addresses = {
        org_id: (street, postal, city)
        for org_id, street, postal, city in connection.execute(
            sa.select(
                _organisations.c.id,
                _organisations.c.street_address,
                _organisations.c.postal_code,
                _organisations.c.city,
            )
        )
        if (street or "").strip() or (postal or "").strip() or (city or "").strip()
    }

    sqlite = connection.dialect.name == "sqlite"
    for name, gone in (
        ("contact_persons", ("unit_count", "address_count")),
        ("accounts", ("unit_count",)),
    ):
        with op.batch_alter_table(
            name,
            recreate="always" if sqlite else "auto",
            table_kwargs={"sqlite_autoincrement": True},
        ) as batch:
            for column in gone:
                batch.drop_column(column)
            batch.add_column(
                sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1"))
            )

    _link_table("contact_units", "contact_id", "contact_persons")
    op.create_table(
        "contact_addresses",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("street_address", sa.String(200), nullable=False),
        sa.Column("postal_code", sa.String(20), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact_persons.id"],
            name="fk_contact_addresses_contact_id_contact_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contact_addresses"),
        sa.UniqueConstraint(
            "contact_id",
            "street_address",
            "postal_code",
            "city",
            name="uq_contact_addresses_contact_id_street_address_postal_code_city",
        ),
    )
    _link_table("account_units", "account_id", "accounts")

    contact_units = [
        {"contact_id": c.id, "unit_id": u}
        for c in contacts
        for u in units.get(c.organisation_id, [])[: max(c.unit_count or 0, 0)]
    ]
    contact_addresses = [
        dict(
            zip(
                ("street_address", "postal_code", "city"), addresses[c.organisation_id], strict=True
            ),
            contact_id=c.id,
        )
        for c in contacts
        if (c.address_count or 0) > 0 and c.organisation_id in addresses
    ]
    account_units = [
        {"account_id": a.id, "unit_id": u}
        for a in accounts
        for u in units.get(a.organisation_id, [])[: max(a.unit_count or 0, 1)]
    ]
    for table, rows in (
        (_contact_units, contact_units),
        (_contact_addresses, contact_addresses),
        (_account_units, account_units),
    ):
        if rows:
            connection.execute(sa.insert(table), rows)

    phones = [
        {"row_id": c.id, "new_phone1": new1, "new_phone2": new2}
        for c in contacts
        for new1, new2 in [(normalised_phone(c.phone1), normalised_phone(c.phone2))]
        if (new1, new2) != (c.phone1, c.phone2)
    ]
    if phones:
        connection.execute(
            sa.update(_contacts)
            .where(_contacts.c.id == sa.bindparam("row_id"))
            .values(phone1=sa.bindparam("new_phone1"), phone2=sa.bindparam("new_phone2")),
            phones,
        )


def downgrade() -> None:
    connection = op.get_bind()
    unit_counts: dict[int, int] = dict(
        connection.execute(
            sa.select(_contact_units.c.contact_id, sa.func.count()).group_by(
                _contact_units.c.contact_id
            )
        ).all()
    )
    address_counts: dict[int, int] = dict(
        connection.execute(
            sa.select(_contact_addresses.c.contact_id, sa.func.count()).group_by(
                _contact_addresses.c.contact_id
            )
        ).all()
    )
    account_counts: dict[int, int] = dict(
        connection.execute(
            sa.select(_account_units.c.account_id, sa.func.count()).group_by(
                _account_units.c.account_id
            )
        ).all()
    )
    op.drop_table("account_units")
    op.drop_table("contact_addresses")
    op.drop_table("contact_units")

    sqlite = connection.dialect.name == "sqlite"
    for name, back in (
        ("contact_persons", ("unit_count", "address_count")),
        ("accounts", ("unit_count",)),
    ):
        with op.batch_alter_table(
            name,
            recreate="always" if sqlite else "auto",
            table_kwargs={"sqlite_autoincrement": False},
        ) as batch:
            batch.drop_column("version")
            for column in back:
                batch.add_column(
                    sa.Column(column, sa.Integer, nullable=False, server_default=sa.text("0"))
                )
        with op.batch_alter_table(name) as batch:
            for column in back:
                batch.alter_column(column, server_default=None)

    for table, key, counts in (
        (_contacts, "unit_count", unit_counts),
        (_contacts, "address_count", address_counts),
        (_accounts, "unit_count", account_counts),
    ):
        rows = [{"row_id": row_id, "n": n} for row_id, n in counts.items()]
        if rows:
            connection.execute(
                sa.update(table)
                .where(table.c.id == sa.bindparam("row_id"))
                .values({key: sa.bindparam("n")}),
                rows,
            )
