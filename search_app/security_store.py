"""What every worker must agree on about editors' sessions and sign-ins, in one SQLite file.

``data_dir/security.sqlite3`` holds, for all workers and servers sharing the data folder:

- each account's *session key*: a random value every session of that account carries. Signing
  out, changing the password and removing the account draw a new one, which ends every session
  made before, in every browser and worker;
- failed sign-ins (account, address, time) for the last day, so limits count the same in every
  worker;
- the addresses each account has signed in from (for 90 days), which a flood of failures against
  the account does not slow down.

Names arrive normalised (:func:`search_app.accounts.normalise_name`). The file is small and each
call opens it briefly; SQLite's own locking keeps concurrent workers consistent.
"""
from __future__ import annotations

import secrets
import sqlite3
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator

FILE_NAME = "security.sqlite3"
KEEP_FAILURES_SECONDS = 24 * 3600
KEEP_KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS session_keys (account TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sign_in_failures (account TEXT NOT NULL, address TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_by_address ON sign_in_failures (address, at);
CREATE INDEX IF NOT EXISTS failures_by_account ON sign_in_failures (account, address, at);
CREATE TABLE IF NOT EXISTS known_addresses (account TEXT NOT NULL, address TEXT NOT NULL, at REAL NOT NULL,
                                            PRIMARY KEY (account, address));
"""


@contextmanager
def _db(data_dir: Path) -> Iterator[sqlite3.Connection]:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FILE_NAME
    new = not path.exists()
    with closing(sqlite3.connect(path, timeout=10, isolation_level=None)) as db:
        if new:
            path.chmod(0o600)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def session_key(data_dir: Path, account: str) -> str:
    """The key every live session of ``account`` carries (made on first use)."""
    with _db(data_dir) as db:
        row = db.execute("SELECT key FROM session_keys WHERE account = ?", (account,)).fetchone()
        if row:
            return row[0]
        key = secrets.token_urlsafe(16)
        db.execute("INSERT INTO session_keys (account, key) VALUES (?, ?)", (account, key))
        return key


def end_sessions(data_dir: Path, account: str) -> None:
    """End every session of ``account``: sessions carrying the old key are refused from now on."""
    with _db(data_dir) as db:
        db.execute("INSERT INTO session_keys (account, key) VALUES (?, ?) "
                   "ON CONFLICT(account) DO UPDATE SET key = excluded.key",
                   (account, secrets.token_urlsafe(16)))


def record_failure(data_dir: Path, account: str, address: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    with _db(data_dir) as db:
        db.execute("DELETE FROM sign_in_failures WHERE at < ?", (now - KEEP_FAILURES_SECONDS,))
        db.execute("INSERT INTO sign_in_failures (account, address, at) VALUES (?, ?, ?)",
                   (account, address, now))


def record_success(data_dir: Path, account: str, address: str, now: float | None = None) -> None:
    """Forget this address's failures for ``account`` and remember it as one the account uses."""
    now = time.time() if now is None else now
    with _db(data_dir) as db:
        db.execute("DELETE FROM sign_in_failures WHERE account = ? AND address = ?", (account, address))
        db.execute("DELETE FROM known_addresses WHERE at < ?", (now - KEEP_KNOWN_ADDRESS_SECONDS,))
        db.execute("INSERT INTO known_addresses (account, address, at) VALUES (?, ?, ?) "
                   "ON CONFLICT(account, address) DO UPDATE SET at = excluded.at", (account, address, now))


def failure_times(data_dir: Path, *, since: float, account: str | None = None,
                  address: str | None = None) -> list[float]:
    """When sign-ins failed since ``since``, for the account, the address, or both (oldest first)."""
    clauses, values = ["at >= ?"], [since]
    if account is not None:
        clauses.append("account = ?")
        values.append(account)
    if address is not None:
        clauses.append("address = ?")
        values.append(address)
    with _db(data_dir) as db:
        rows = db.execute(f"SELECT at FROM sign_in_failures WHERE {' AND '.join(clauses)} ORDER BY at",
                          values).fetchall()
    return [at for (at,) in rows]


def is_known_address(data_dir: Path, account: str, address: str) -> bool:
    with _db(data_dir) as db:
        row = db.execute("SELECT at FROM known_addresses WHERE account = ? AND address = ?",
                         (account, address)).fetchone()
    return bool(row) and row[0] >= time.time() - KEEP_KNOWN_ADDRESS_SECONDS
