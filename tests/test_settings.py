"""config.yaml as typed settings: every key declared once with its default, documented in
docs/config.md, and a wrong key or value named with file and line."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from indexer.settings import ConfigError, load_settings
from indexer.settings_model import ConfigModel
from search_app.engine.relevance import Relevance

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DOC = ROOT / "docs" / "config.md"


def keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every key of a settings model, sub-sections included ("search.per_page")."""
    found = []
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        found.append(key)
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            found += keys(info.annotation, f"{key}.")
    return found


def documented() -> set[str]:
    return set(re.findall(r"^\| `([a-z_.]+)` \|", CONFIG_DOC.read_text(encoding="utf-8"), flags=re.M))


def test_every_settings_key_is_documented():
    missing = [key for key in keys(ConfigModel) if key not in documented()]
    assert not missing, f"keys not described in docs/config.md: {missing}"


def test_every_relevance_setting_is_documented():
    wanted = [f"search.relevance.{key}" for key in Relevance.model_fields
              if key not in ("field_boosts", "weights")]
    from search_app.engine.relevance import FieldBoosts, Weights

    wanted += [f"search.field_boosts.{key}" for key in (*FieldBoosts.model_fields, *Weights.model_fields)]
    missing = [key for key in wanted if key not in documented()]
    assert not missing, f"keys not described in docs/config.md: {missing}"


def test_the_walk_finds_nested_keys():
    assert {"search.per_page", "site.trusted_hosts", "editor.idle_minutes"} <= set(keys(ConfigModel))


def changed(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_an_unknown_key_is_named_with_file_and_line(tmp_path):
    path = changed(tmp_path, lambda d: d["search"].update(per_pge=10))
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert str(error.value).startswith(f"{path}:{line_of(path, 'per_pge')}: search.per_pge: unknown key")
    assert "per_page" in str(error.value)


def test_a_wrong_value_is_named_with_file_and_line(tmp_path):
    path = changed(tmp_path, lambda d: d["search"].update(per_page="tyve"))
    with pytest.raises(ConfigError, match=rf"config.yaml:{line_of(path, 'per_page: tyve')}: search.per_page: "):
        load_settings(path)


def test_defaults_are_declared_once_and_filled_in(tmp_path):
    path = changed(tmp_path, lambda d: d.pop("search"))
    settings = load_settings(path)
    assert settings.section("search")["per_page"] == settings.model.search.per_page == 20
    with pytest.raises(Exception):
        settings.model.search.per_page = 5  # frozen


def test_settings_nothing_reads_are_gone():
    site = load_settings().section("site")
    assert not {"tagline", "default_language", "languages"} & set(site)


def test_relevance_comes_from_config_and_names_bad_values(tmp_path):
    path = changed(tmp_path, lambda d: d["search"].update(relevance={"few_results": 5},
                                                           field_boosts={"title": 7.5}))
    relevance = Relevance.from_settings(load_settings(path))
    assert relevance.few_results == 5 and relevance.field_boosts.title == 7.5
    assert relevance.weights.near == Relevance().weights.near
    path = changed(tmp_path, lambda d: d["search"].update(relevance={"few_results": 0}))
    with pytest.raises(ConfigError, match=r"config.yaml:\d+: search.relevance.few_results: "):
        Relevance.from_settings(load_settings(path))
    path = changed(tmp_path, lambda d: d["search"]["field_boosts"].update(titel=2.0))
    with pytest.raises(ConfigError, match=r"config.yaml:\d+: search.field_boosts.titel: unknown weight"):
        Relevance.from_settings(load_settings(path))
