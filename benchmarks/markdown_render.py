"""How long rendering a case body takes when its brackets and emphasis marks nest.

Prints the time ``indexer.rendering.markdown_to_html`` takes over bodies of 10, 20 and 40 KB
made of one repeated piece (``[``, ``[](``, ``![x](``, ``*a``), the longest a case body may be
being 40,000 characters. Time that doubles with the size is linear; the former renderer took
5 s over 7.7 KB of ``[`` and 99 s over 40 KB.

    .venv/bin/python benchmarks/markdown_render.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.rendering import markdown_to_html  # noqa: E402

PIECES = ["[", "[](", "![x](", "*a", "> ", "- "]
SIZES = [10_000, 20_000, 40_000]


def main() -> None:
    print(f"{'piece':>8}" + "".join(f"{size // 1000:>9} KB" for size in SIZES))
    for piece in PIECES:
        cells = []
        for size in SIZES:
            body = piece * (size // len(piece))
            started = time.perf_counter()
            markdown_to_html(body)
            cells.append(f"{time.perf_counter() - started:>10.2f}s")
        print(f"{piece!r:>8}" + " ".join(cells))


if __name__ == "__main__":
    main()
