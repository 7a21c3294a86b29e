"""The engine is a package of its own: it never imports Flask or the web modules, and the web
modules reach the index only through its facade, never through Whoosh."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "search_app"
ENGINE = APP / "engine"
WEB_ONLY = ("flask", "flask_babel", "flask_wtf", "flask_limiter", "werkzeug", "jinja2")


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved against the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(APP.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


ENGINE_FILES = sorted(ENGINE.rglob("*.py"))
WEB_FILES = sorted(p for p in APP.rglob("*.py") if ENGINE not in p.parents)


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: p.name)
def test_the_engine_imports_no_web_code(path):
    for name in imported(path):
        assert name.split(".")[0] not in WEB_ONLY, f"{path.name} imports {name}"
        if name.startswith("search_app.") and not name.startswith("search_app.engine"):
            raise AssertionError(f"{path.name} imports the web module {name}")


@pytest.mark.parametrize("path", WEB_FILES, ids=lambda p: str(p.relative_to(APP)))
def test_web_modules_use_the_facade_not_whoosh(path):
    import search_app.engine as engine

    allowed = {"search_app.engine"} | {f"search_app.engine.{name}" for name in engine.__all__}
    for name in imported(path):
        assert name.split(".")[0] != "whoosh", f"{path.relative_to(APP)} imports {name}"
        if name.startswith("search_app.engine"):
            assert name in allowed, f"{path.relative_to(APP)} reaches inside the engine: {name}"


def test_the_boundary_test_sees_both_sides():
    assert len(ENGINE_FILES) >= 15 and len(WEB_FILES) >= 15
    assert "flask" in imported(APP / "site.py")
    assert "whoosh.query" in imported(ENGINE / "expansion.py")


def test_docstrings_point_at_modules_that_exist():
    """A ``:mod:`.name``` or ``search_app/...py`` in the search code names a module that is there."""
    import re

    for path in sorted(APP.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r":mod:`\.(\w+)`", text):
            assert (path.parent / f"{name}.py").exists() or (path.parent / name).is_dir(), \
                f"{path.relative_to(APP)} points at .{name}, which does not exist"
        for name in re.findall(r"\bsearch_app/[\w/]+\.py\b", text):
            assert (APP.parent / name).exists(), f"{path.relative_to(APP)} points at {name}"
