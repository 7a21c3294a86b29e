"""The key that signs session cookies (and so editors' sign-ins and CSRF tokens).

Anyone who knows it can forge an editor's session, so there is no built-in key:

- in production it comes from ``CASESAMLINGEN_SECRET_KEY`` and must be long and hard to guess
  (:func:`weakness`); the site refuses to start otherwise;
- elsewhere, each installation makes its own random key on first start and keeps it in
  ``data_dir/secret_key`` (readable by its owner only), so sessions survive a restart and no
  two installations share a key.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from zxcvbn import zxcvbn

FILE_NAME = "secret_key"
MIN_LENGTH = 32
MIN_GUESSES_LOG10 = 30
HOW_TO_MAKE = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


def weakness(secret: str | None) -> str | None:
    """Why ``secret`` is not good enough to sign production sessions, or None.

    At least 32 characters, and about 10^30 guesses (100 bits) by zxcvbn's estimate, which sees
    through repeats, keyboard runs, sequences and dictionary words: ``token_urlsafe(48)`` and
    ``token_hex(32)`` pass, ``"a-real-secret-" * 3`` does not."""
    if not secret:
        return "no secret key is set"
    if len(secret) < MIN_LENGTH:
        return f"the secret key has {len(secret)} characters; it needs at least {MIN_LENGTH}"
    if zxcvbn(secret[:200])["guesses_log10"] < MIN_GUESSES_LOG10:
        return "the secret key is easy to guess (repeats, sequences or words)"
    return None


def development_key(data_dir: Path) -> str:
    """This installation's own key, made on first use and kept in ``data_dir/secret_key``."""
    path = data_dir / FILE_NAME
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    draft = path.with_name(f".{FILE_NAME}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    try:
        os.link(draft, path)  # whole or not at all; fails if another worker made it first
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
    finally:
        draft.unlink()
    return key
