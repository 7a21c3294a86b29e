"""Editor accounts: names and password hashes in ``data_dir/editors.json``, never in the repository.

Passwords are stored only as werkzeug's salted scrypt hashes. Checking a name that does not exist
costs the same as checking a wrong password, so the sign-in page does not reveal which names
exist. The file is rewritten atomically under a lock, so the command line and a running site can
touch it at once.

A name is normalised once, by :func:`normalise_name` (``" ANNA "`` and ``"anna"`` are one
account), wherever it arrives. A password must be at least ten characters and not easy to guess:
zxcvbn (a password-strength estimator with lists of common passwords, words and names) must
rate it 3 or 4 of 4. Saving a new password and removing an account end every session of that
account (:mod:`search_app.security_store`).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from indexer.safe_files import atomic_write, file_lock

from . import security_store

FILE_NAME = "editors.json"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD_LENGTH = 10
MIN_PASSWORD_SCORE = 3
"""zxcvbn's score, 0-4; 3 means about 10^8 guesses or more."""


class AccountError(Exception):
    """An account cannot be added or removed; the message says why."""


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash("checked when the name is unknown, for equal timing")


def normalise_name(name: str | None) -> str:
    """The one spelling of an account name: Unicode-normalised (NFKC), trimmed, lower case."""
    return unicodedata.normalize("NFKC", name or "").strip().casefold()[:60]


def password_problem(password: str, name: str = "") -> str | None:
    """Why ``password`` is too weak (in English, for the command line), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    rating = zxcvbn(password[:100], user_inputs=[name, "casesamlingen", "redaktion", "editor"])
    if rating["score"] < MIN_PASSWORD_SCORE:
        why = rating["feedback"]["warning"] or "it is easy to guess"
        return (f"the password is too easy to guess ({why.rstrip('.')}); "
                f"choose a longer one, for example four unrelated words")
    return None


def accounts_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def _load(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise AccountError(f"{path} cannot be read: {exc}") from None
    return dict(data.get("accounts") or {})


def _save(path: Path, accounts: dict[str, dict]) -> None:
    text = json.dumps({"accounts": accounts}, ensure_ascii=False, indent=2, sort_keys=True)
    atomic_write(path, text.encode("utf-8") + b"\n")
    path.chmod(0o600)


def list_accounts(data_dir: Path) -> list[str]:
    return sorted(_load(accounts_path(data_dir)))


def add_account(data_dir: Path, name: str, password: str, *, replace: bool = False) -> None:
    """Create an account (or set a new password with ``replace``, which ends its sessions)."""
    name = normalise_name(name)
    if not NAME_RE.match(name):
        raise AccountError("a name uses 2-40 characters: a-z, 0-9, '.', '_' and '-'")
    problem = password_problem(password, name)
    if problem:
        raise AccountError(problem)
    path = accounts_path(data_dir)
    with file_lock(path.with_name(FILE_NAME + ".lock")):
        accounts = _load(path)
        if name in accounts and not replace:
            raise AccountError(f"the account '{name}' already exists")
        accounts[name] = {
            "password_hash": generate_password_hash(password),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        _save(path, accounts)
        security_store.end_sessions(data_dir, name)


def remove_account(data_dir: Path, name: str) -> None:
    """Remove an account; its sessions end on their next request."""
    path = accounts_path(data_dir)
    with file_lock(path.with_name(FILE_NAME + ".lock")):
        accounts = _load(path)
        if accounts.pop(normalise_name(name), None) is None:
            raise AccountError(f"there is no account '{name}'")
        _save(path, accounts)
        security_store.end_sessions(data_dir, normalise_name(name))


def verify(data_dir: Path, name: str, password: str) -> str | None:
    """The account's name when ``password`` is right, else None (same cost either way)."""
    name = normalise_name(name)
    account = _load(accounts_path(data_dir)).get(name) if NAME_RE.match(name) else None
    stored = (account or {}).get("password_hash") or _dummy_hash()
    matches = check_password_hash(stored, password or "")
    return name if account and matches else None


def exists(data_dir: Path, name: str) -> bool:
    return normalise_name(name) in _load(accounts_path(data_dir))
