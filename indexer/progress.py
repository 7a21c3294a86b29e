"""A progress line for long builds on a terminal: what is done, the rate and the time left.

An operator rebuilding 10,000 cases waits tens of seconds; a line such as
``Indekserer: 4.200 af 10.000 cases (1.310/s, ca. 4 s tilbage)`` rewritten in place tells them
it is moving. Nothing is written when the output is not a terminal (CI logs, cron mails).
"""
from __future__ import annotations

import sys
import time
from typing import TextIO


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Progress:
    """Counts one stage of a build (``label``) towards ``total`` and shows it on ``stream``."""

    def __init__(self, label: str, total: int, *, enabled: bool, stream: TextIO | None = None,
                 every_s: float = 0.2):
        self.label = label
        self.total = total
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self.done = 0
        self.started = time.perf_counter()
        self._shown = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._shown >= self.every_s or self.done >= self.total:
            self._shown = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.perf_counter()) - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.label}: {_number(self.done)} af {_number(self.total)} cases ({_number(round(rate))}/s"
        if self.done < self.total and rate > 0:
            text += f", ca. {_number(round((self.total - self.done) / rate))} s tilbage"
        return text + ")"

    def finish(self) -> None:
        if self.enabled:
            self.stream.write(f"\r{self.line()} på {time.perf_counter() - self.started:.1f} s\x1b[K\n")
            self.stream.flush()


def wanted(progress: bool | None, count: int, stream: TextIO | None = None) -> bool:
    """Show progress when asked, or by default for a long build (over 500 cases) on a terminal."""
    if progress is not None:
        return progress
    stream = stream or sys.stderr
    return count > 500 and hasattr(stream, "isatty") and stream.isatty()
