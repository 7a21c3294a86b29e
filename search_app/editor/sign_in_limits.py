"""How many failed sign-ins are allowed, and how long to wait after them.

Failures are counted in the data folder (:mod:`search_app.security_store`), so every worker and
server sharing it counts the same. Three rules, none of which lets an attacker lock an editor out:

1. per address and account (``editor.sign_in_limit``, e.g. 5 per minute): guessing one
   editor's password from one address;
2. per address, all names together (``editor.sign_in_address_limit``): trying many names from
   one address;
3. an account that had as many failures as rule 1 allows, from all addresses together, is under
   attack: an address that has never signed in to it may then try once every
   ``editor.sign_in_slow_seconds``. The account is never locked: the editor's usual addresses
   are not slowed at all, and from a new one the right password still works, after a short wait.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from pathlib import Path

from .. import security_store

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE_RE = re.compile(r"^\s*(\d+)\s*(?:per|/)\s*(\d+)?\s*(second|minute|hour|day)s?\s*$", re.I)


def parse_rate(text: str) -> tuple[int, float]:
    """``"5 per minute"`` -> (5, 60.0); ``"10 per 15 minutes"`` -> (10, 900.0)."""
    match = _RATE_RE.match(str(text))
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"{text!r} is not a rate like '5 per minute' or '10 per 15 minutes'")
    return int(match.group(1)), int(match.group(2) or 1) * _UNITS[match.group(3).lower()]


@dataclass(frozen=True)
class SignInLimits:
    per_account_and_address: tuple[int, float]
    per_address: tuple[int, float]
    slow_seconds: float

    @classmethod
    def from_options(cls, options: dict) -> "SignInLimits":
        return cls(parse_rate(options["sign_in_limit"]), parse_rate(options["sign_in_address_limit"]),
                   float(options["sign_in_slow_seconds"]))


def _wait_for(times: list[float], allowed: int, period: float, now: float) -> float:
    """Seconds until fewer than ``allowed`` of ``times`` lie within the last ``period``."""
    if len(times) < allowed:
        return 0
    return times[-allowed] + period - now


def wait_seconds(data_dir: Path, limits: SignInLimits, account: str, address: str,
                 now: float | None = None) -> int:
    """0 when this address may try to sign in as ``account`` now; else whole seconds to wait."""
    now = time.time() if now is None else now
    allowed, period = limits.per_address
    waits = [_wait_for(security_store.failure_times(data_dir, since=now - period, address=address),
                       allowed, period, now)]
    allowed, period = limits.per_account_and_address
    recent = security_store.failure_times(data_dir, since=now - max(period, limits.slow_seconds),
                                          account=account, address=address)
    waits.append(_wait_for([t for t in recent if t >= now - period], allowed, period, now))
    if recent and recent[-1] > now - limits.slow_seconds:
        under_attack = len(security_store.failure_times(data_dir, since=now - period, account=account)) >= allowed
        if under_attack and not security_store.is_known_address(data_dir, account, address):
            waits.append(recent[-1] + limits.slow_seconds - now)
    return max(0, math.ceil(max(waits)))
