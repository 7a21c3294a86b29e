"""`python -m indexer stats`: per facet, how many cases carry each value, with dead ends marked."""
import re

from indexer import cli
from indexer.collection import load_collection
from indexer.distribution import facet_distribution


def test_every_taxonomy_value_is_counted_and_unused_ones_are_marked(settings):
    report = load_collection(settings)
    distribution = facet_distribution(report.cases, settings)
    for name, facet in settings.facets.items():
        assert [row.value for row in distribution[name]] == list(facet.values)
    sectors = {row.value: row for row in distribution["sector"]}
    assert sum(row.count for row in sectors.values()) == len(report.cases)
    assert sectors["stat"].count == sum(case.sector == "stat" for case in report.cases)
    unused = [row for rows in distribution.values() for row in rows if row.count == 0]
    assert unused and all(row.warning == "no case" for row in unused)


def test_stats_command_prints_the_counts(settings, cases_dir, capsys):
    assert cli.main(["stats", "--cases", str(cases_dir)]) == 0
    out = capsys.readouterr().out
    cases = load_collection(settings).cases
    assert out.startswith(f"{len(cases)} cases")
    innovation = out.split("\ninnovation_type\n")[1].split("\n\n")[0]
    service = sum("service" in case.innovation_type for case in cases)
    assert re.search(rf"^  service +{service}  Serviceinnovation", innovation, re.M), innovation
