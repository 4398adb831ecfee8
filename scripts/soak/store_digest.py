#!/usr/bin/env python3
"""Prints `<rows> <sha256>` of the app's SQLite session table (tower_sessions), read-only.

soak.sh runs it before and after the load: equal output means the page views wrote nothing.
"""

import hashlib
import sqlite3
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: store_digest.py <sessions.db>")
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=10)
    digest, rows = hashlib.sha256(), 0
    for row in db.execute("select id, data, expiry_date from tower_sessions order by id"):
        rows += 1
        digest.update(repr(row).encode())
    db.close()
    print(rows, digest.hexdigest()[:16])


if __name__ == "__main__":
    main()
