#!/usr/bin/env python3
"""Prints `<total rows> <table>=<rows>...` for every table of a SQLite session file, read-only.

bench.sh runs it after the anonymous sign-ins: it counts what those sign-ins left in the store,
whatever the store's schema (sqlx's own migrations table is left out).
"""

import sqlite3
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: store_rows.py <sessions.db>")
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=10)
    tables = [name for (name,) in db.execute(
        "select name from sqlite_master where type = 'table' "
        "and name not like 'sqlite_%' and name != '_sqlx_migrations' order by name")]
    counts = {t: db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    db.close()
    print(sum(counts.values()), " ".join(f"{t}={n}" for t, n in counts.items()) or "(no tables)")


if __name__ == "__main__":
    main()
