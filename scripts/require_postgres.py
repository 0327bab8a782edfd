"""Under CI the PostgreSQL half of the suites must run: fail at once, with the reason,
when the server on 127.0.0.1:5432 cannot be reached (outside CI those tests skip)."""

from __future__ import annotations

import sys

import psycopg

HOST, PORT, DATABASE = "127.0.0.1", 5432, "test"
USERS = ("postgres", "root")


def main() -> int:
    errors = []
    for user in USERS:
        try:
            with psycopg.connect(
                host=HOST, port=PORT, dbname=DATABASE, user=user, connect_timeout=5
            ) as connection:
                connection.execute("SELECT 1")
            print(f"PostgreSQL på {HOST}:{PORT}/{DATABASE} nås (användare {user}).")
            return 0
        except psycopg.Error as exc:
            errors.append(f"{user}: {str(exc).strip().splitlines()[0] if str(exc) else exc}")
    print(
        f"CI=true men PostgreSQL på {HOST}:{PORT} (databas {DATABASE}) nås inte, så hälften av "
        f"testerna skulle hoppas över: {'; '.join(errors)}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
