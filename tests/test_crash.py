"""Killing the indexer mid-build: the site keeps serving the previous index, the next build works.

A real ``python -m indexer build`` process indexes a few hundred generated cases (so it runs for
more than a second) and gets SIGKILL while it writes the new generation: no cleanup handler,
no ``finally``, exactly like the OOM killer or a pulled plug on the process.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import generations
from indexer.build import build_index
from search_app import create_app
from tests.conftest import app_config, write_many_cases

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # real builds in subprocesses: a few seconds each
GENERATED = 200


def start_build(cases: Path, index: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", "build", "--cases", str(cases), "--index", str(index),
         "--no-progress", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for_new_generation(index: Path, known: set[str], proc: subprocess.Popen, timeout: float = 60) -> Path:
    """The folder of the generation ``proc`` has started to write."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fresh = [p for p in index.glob(generations.PREFIX + "*") if p.name not in known]
        if fresh:
            return fresh[0]
        assert proc.poll() is None, f"the build ended before it wrote anything: {proc.communicate()}"
        time.sleep(0.01)
    raise AssertionError("the build did not start a new generation in time")


def total(client, q: str) -> int:
    response = client.get(f"/api/search?q={q}")
    assert response.status_code == 200
    return response.get_json()["total"]


@pytest.mark.parametrize("delay", [0.3])
def test_sigkill_mid_build_keeps_the_previous_index_serving(settings, index, cases_dir, delay):
    index_dir = settings.index_dir
    previous = generations.current_generation(index_dir)
    client = create_app(app_config(settings)).test_client()
    assert total(client, "restskat") == 1 and total(client, "genereret") == 0

    write_many_cases(cases_dir, GENERATED)
    proc = start_build(cases_dir, index_dir)
    half_built = wait_for_new_generation(index_dir, {previous.name}, proc)
    time.sleep(delay)
    assert proc.poll() is None, "the build finished before it could be killed; generate more cases"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # the site goes on serving the previous generation, in a running app and a fresh one
    assert generations.current_generation(index_dir) == previous
    assert half_built.exists()
    for serving in (client, create_app(app_config(settings)).test_client()):
        assert total(serving, "restskat") == 1
        assert total(serving, "genereret") == 0
        assert serving.get("/cases/skat-i-balance").status_code == 200

    # the killed build left no lock behind: the next build runs at once, and cleans up
    summary = build_index(settings, lock_timeout=5)
    assert summary.indexed >= GENERATED
    assert generations.current_generation(index_dir) == summary.generation
    assert generations.previous_generation(index_dir) == previous
    assert not half_built.exists()
    assert half_built.name in summary.removed
    assert total(client, "genereret") >= GENERATED
    assert client.get("/cases/genereret-00000").status_code == 200


def test_sigkill_while_a_build_waits_for_the_lock(settings, index, cases_dir):
    """A build killed while it waits for another's lock leaves nothing to clean up."""
    with generations.write_lock(settings.index_dir):
        proc = start_build(cases_dir, settings.index_dir, "--wait", "30")
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    names = {p.name for p in settings.index_dir.glob(generations.PREFIX + "*")}
    assert names == {generations.current_generation(settings.index_dir).name}
    assert build_index(settings, lock_timeout=5).indexed > 0
