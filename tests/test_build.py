"""Building: invalid cases are skipped, the live index switches atomically, rollback works."""
from indexer import generations
from indexer.build import build_index, update_case
from indexer.cli import main
from indexer.collection import load_case


def test_build_skips_broken_files_and_indexes_the_rest(cases_dir, settings, capsys):
    (cases_dir / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    summary = build_index(settings)
    assert summary.indexed == 7
    assert summary.skipped_files == ["broken.yaml"] or summary.skipped_files[0].endswith("broken.yaml")


def test_build_cli_prints_a_summary(cases_dir, settings, tmp_path, capsys, monkeypatch):
    code = main(["build", "--cases", str(cases_dir), "--index", str(tmp_path / "ix")])
    assert code == 0
    assert "indexed 7 cases, skipped 0" in capsys.readouterr().out


def test_a_new_build_switches_and_keeps_the_previous(settings, index):
    first = generations.current_generation(settings.index_dir)
    second = build_index(settings).generation
    assert generations.current_generation(settings.index_dir) == second
    assert generations.previous_generation(settings.index_dir) == first
    generations.rollback(settings.index_dir)
    assert generations.current_generation(settings.index_dir) == first


def test_site_keeps_serving_while_a_case_breaks(client, cases_dir, settings):
    (cases_dir / "skat-i-balance.yaml").write_text("title: [broken\n", encoding="utf-8")
    build_index(settings)
    assert client.get("/").status_code == 200
    assert client.get("/api/search?q=Fredericia").get_json()["total"] == 1


def test_update_case_is_seen_by_a_running_app(client, cases_dir, settings):
    path = cases_dir / "akuttelefonen-1813.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("lægevagt", "lægevagt og tandlægevagt"),
                    encoding="utf-8")
    assert client.get("/api/search?q=tandlægevagt").get_json()["total"] == 0
    case, problems = load_case(path, settings)
    assert not problems
    update_case(settings, case)
    assert client.get("/api/search?q=tandlægevagt").get_json()["total"] == 1
