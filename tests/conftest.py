"""Shared fixtures: a small fixture collection (tests/fixtures/cases), never the real cases.

- ``cases_dir``: a private copy of the fixture collection (tests may add or break files);
- ``settings``: config.yaml's taxonomy with paths pointing into ``tmp_path``;
- ``index``: the fixture collection built into a fresh index;
- ``app`` / ``client``: the Flask app on that index.
"""
from __future__ import annotations

import random
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
import yaml

from indexer.build import build_index
from indexer.settings import load_settings
from search_app import create_app

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CASES = FIXTURES / "cases"


REAL_CASES = Path(__file__).resolve().parent.parent / "cases"


def built_collection(tmp: Path, source: Path = FIXTURE_CASES):
    """Settings for a copy of ``source`` in ``tmp``/cases, built into an index in ``tmp``."""
    shutil.copytree(source, tmp / "cases")
    settings = make_settings(tmp, tmp / "cases")
    build_index(settings)
    return settings


def real_collection(tmp: Path):
    """The real collection (cases/) copied and built: for tests that compare with Whoosh on
    real Danish text."""
    return built_collection(tmp, REAL_CASES)


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server the tests started: SIGTERM, then a kill if it does not stop within 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_settings(tmp: Path, cases_dir: Path):
    settings = load_settings()
    settings.raw["paths"] = {
        "cases_dir": str(cases_dir),
        "index_dir": str(tmp / "index"),
        "data_dir": str(tmp / "data"),
    }
    return settings


@pytest.fixture
def cases_dir(tmp_path: Path) -> Path:
    target = tmp_path / "cases"
    shutil.copytree(FIXTURE_CASES, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, cases_dir: Path):
    return make_settings(tmp_path, cases_dir)


@pytest.fixture
def index(settings):
    return build_index(settings)


def app_config(settings) -> dict:
    paths = settings.raw["paths"]
    return {
        "TESTING": True,
        "CASES_DIR": paths["cases_dir"],
        "INDEX_DIR": paths["index_dir"],
        "DATA_DIR": paths["data_dir"],
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }


@pytest.fixture
def app(settings, index):
    return create_app(app_config(settings))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    """A read-only app shared by a module's tests (faster than one per test)."""
    return create_app(app_config(built_collection(tmp_path_factory.mktemp("shared"))))


@pytest.fixture
def shared_client(shared_app):
    return shared_app.test_client()


REAL_CASES = Path(__file__).resolve().parent.parent / "cases"


SUGGESTIONS_BUDGET_MS = 10_000
"""The "Mente du" time budget of the real collection's test site: one no busy machine runs out
of, as these tests are about what is offered (running out of time has its own test)."""


@pytest.fixture(scope="module")
def real_client(tmp_path_factory):
    """The site on the REAL collection (indexed into a temporary folder), for tests about it."""
    tmp = tmp_path_factory.mktemp("real")
    settings = make_settings(tmp, REAL_CASES)
    build_index(settings)
    return app_with_config(settings, tmp, search={"suggestions_budget_ms": SUGGESTIONS_BUDGET_MS}).test_client()


def write_many_cases(cases_dir: Path, count: int, seed: int = 3) -> list[str]:
    """``count`` valid, published cases made from the fixture cases' words (slugs returned), for
    tests that need a build to take a while (crashes, concurrency)."""
    rng = random.Random(seed)
    templates = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURE_CASES.glob("*.yaml"))
                 if not p.name.endswith(".meta.yaml")]
    words = " ".join(t["body"] for t in templates).split()
    slugs = []
    for i in range(count):
        data = {k: v for k, v in templates[i % len(templates)].items() if k != "aliases"}
        data["published"] = True
        data.setdefault("summary_en", "A generated case for tests. It is not a real case.")
        data["title"] = f"Genereret case nummer {i} om {rng.choice(words)}"
        data["body"] += "\n\n## Mere\n\n" + " ".join(rng.choice(words) for _ in range(300)) + "\n"
        slug = f"genereret-{i:05d}"
        (cases_dir / f"{slug}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        slugs.append(slug)
    return slugs


def app_with_config(settings, tmp_path: Path, **sections):
    """The app on ``settings``' index with config.yaml changed: ``search={"per_page": 3}``
    sets keys of a section (the file is written to ``tmp_path``)."""
    import copy

    raw = copy.deepcopy(settings.raw)
    for name, values in sections.items():
        raw.setdefault(name, {}).update(values)
    path = tmp_path / "changed-config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return create_app({**app_config(settings), "CONFIG_PATH": str(path)})


TEST_CASE = {
    "lead": "En indledning om sagen, skrevet til en test af søgningen i sammensatte ord.",
    "summary_en": "A case written for a test. It says nothing else.",
    "organisation": "Testby Kommune",
    "year": 2020,
    "innovation_type": ["service"],
    "value": ["efficiency"],
    "partner": ["citizens"],
    "sector": "kommune",
    "region": "sjaelland",
    "area": ["transport"],
    "employee_driven": False,
    "source_urls": ["https://example.org/case"],
    "contact": {"organisation": "Testby Kommune"},
    "published": True,
}
"""A valid case to give a title and a text of a test's own (see :func:`view_with_texts`)."""


def view_with_texts(tmp: Path, texts: dict[str, tuple[str, str]], synonyms: dict | None = None):
    """The fixture cases plus one case per entry of ``texts`` (slug -> (title, the text of its
    "Løsningen" section)), indexed in ``tmp``: the index's view. ``synonyms`` replaces the
    config's when given."""
    from search_app.engine.snapshot import IndexAccess

    shutil.copytree(FIXTURE_CASES, tmp / "cases")
    for slug, (title, body) in texts.items():
        data = dict(TEST_CASE, title=title, body=f"## Løsningen\n\n{body}\n")
        (tmp / "cases" / f"{slug}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                    encoding="utf-8")
    settings = make_settings(tmp, tmp / "cases")
    if synonyms is not None:
        settings.raw["synonyms"] = synonyms
    build_index(settings)
    return IndexAccess(settings).view()
