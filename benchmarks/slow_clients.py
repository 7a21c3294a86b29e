"""Twenty clients sending their headers a byte at a time: does anyone else still get an answer?

Serves the fixture collection twice on loopback, each time with two gunicorn workers: once as
``make serve-production`` does (nginx in front, ``deploy/production.py``) and once as bare
gunicorn (``make run``). While twenty slow clients are connected it asks ``/healthz`` five
times and prints how long each answer took ("none" when none came within 10 s). Needs nginx.

    .venv/bin/python benchmarks/slow_clients.py
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import built_collection, stop_server  # noqa: E402
from tests.test_front_server import (free_port, healthz_times_with_slow_clients,  # noqa: E402
                                     served_config, wait_for)


def measure(label: str, command: list[str], address: str, env: dict) -> None:
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://{address}/healthz", server)
        times = healthz_times_with_slow_clients(address)
    finally:
        stop_server(server)
    shown = ", ".join("none" if t == float("inf") else f"{t * 1000:.0f} ms" for t in times)
    print(f"{label:<34} /healthz: {shown}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="slow-clients-") as folder:
        tmp = Path(folder)
        settings = built_collection(tmp)
        env = dict(os.environ, CASESAMLINGEN_CONFIG=str(served_config(tmp, settings)),
                   CASESAMLINGEN_WORKERS="2", CASESAMLINGEN_SECRET_KEY=secrets.token_urlsafe(48))
        front, app = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
        measure("nginx + gunicorn (2 workers)",
                [sys.executable, "deploy/production.py", "--listen", front, "--app-bind", app,
                 "--var", str(tmp / "var")], front, env)
        bare = f"127.0.0.1:{free_port()}"
        measure("gunicorn alone (2 workers)",
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
                bare, dict(env, CASESAMLINGEN_BIND=bare))


if __name__ == "__main__":
    main()
