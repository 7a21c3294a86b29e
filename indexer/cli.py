"""``python -m indexer``: check, build and roll back the case index; fact-check and count the cases."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import classification, editing_cli, factcheck, generations
from .build import build_index
from .collection import load_collection
from .distribution import facet_distribution, format_distribution
from .settings import ConfigError, load_settings


def _settings(args):
    return load_settings(args.config)


def cmd_check(args) -> int:
    settings = _settings(args)
    report = load_collection(settings, args.cases)
    for problem in report.problems:
        print(problem)
    valid, invalid = len(report.cases), len(report.invalid_files)
    print(f"{report.files} files checked: {valid} valid, {invalid} with errors "
          f"({len(report.problems)} problems)", file=sys.stderr)
    return 1 if report.problems else 0


def cmd_build(args) -> int:
    settings = _settings(args)
    try:
        summary = build_index(settings, cases_dir=args.cases, index_dir=args.index,
                              progress=args.progress, lock_timeout=args.wait, jobs=args.jobs)
    except generations.IndexBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in summary.problems:
        print(problem, file=sys.stderr)
    skipped = len(summary.skipped_files)
    print(f"indexed {summary.indexed} cases, skipped {skipped} invalid file(s) "
          f"in {summary.seconds:.2f} s -> {summary.generation}")
    for name in summary.skipped_files:
        print(f"  skipped: {name}")
    return 0


def cmd_rollback(args) -> int:
    settings = _settings(args)
    index_dir = args.index or settings.index_dir
    try:
        live = generations.rollback(index_dir)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"live index is now {live.name}")
    return 0


def cmd_factcheck(args) -> int:
    settings = _settings(args)
    facts_path = args.facts or factcheck.facts_folder(args.cases or settings.cases_dir)
    if not facts_path.exists():
        print(f"error: no facts at {facts_path}", file=sys.stderr)
        return 2
    try:
        facts = factcheck.load_facts(facts_path)
    except factcheck.FactsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = load_collection(settings, args.cases)
    problems = factcheck.check_collection(report.cases, facts)
    if facts_path.is_dir() and (facts_path / classification.MAPPING_FILE).is_file():
        mapping = classification.load_mapping(facts_path)
        problems += [m for case in report.cases if case.slug in facts
                     for m in classification.compare(case, facts[case.slug], mapping)]
    for problem in problems:
        print(problem)
    flagged = len({p.slug for p in problems})
    print(f"{len(report.cases)} cases checked against {facts_path}: "
          f"{len(problems)} problem(s) in {flagged} case(s)", file=sys.stderr)
    return 1 if problems else 0


def cmd_stats(args) -> int:
    settings = _settings(args)
    report = load_collection(settings, args.cases)
    print(format_distribution(facet_distribution(report.cases, settings), len(report.cases)))
    if report.problems:
        print(f"({len(report.invalid_files)} invalid file(s) left out; run check)", file=sys.stderr)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__)
    parser.add_argument("--config", type=Path, help="config file (default: $CASESAMLINGEN_CONFIG or config.yaml)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="validate every case and list all problems (exit 1 if any)")
    p.add_argument("--cases", type=Path, help="cases folder (default: from config)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", help="validate, index the valid cases and switch the site to the new index")
    p.add_argument("--cases", type=Path, help="cases folder (default: from config)")
    p.add_argument("--index", type=Path, help="index folder (default: from config)")
    p.add_argument("--wait", type=float, default=30.0, help="seconds to wait for another build (default 30)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show progress (default: on long builds in a terminal)")
    p.add_argument("--jobs", type=int, default=None,
                   help="processes reading and indexing a large collection (default: one per CPU)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("factcheck", help="check every number and source in the cases against their facts")
    p.add_argument("--cases", type=Path, help="cases folder (default: from config)")
    p.add_argument("--facts", type=Path, default=None,
                   help="facts folder (one <slug>.yaml per case) or one sheet with a 'cases:' list "
                        "(default: the cases folder's facts/)")
    p.set_defaults(func=cmd_factcheck)

    p = sub.add_parser("stats", help="per facet, how many cases carry each value")
    p.add_argument("--cases", type=Path, help="cases folder (default: from config)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("rollback", help="switch back to the previous index build")
    p.add_argument("--index", type=Path, help="index folder (default: from config)")
    p.set_defaults(func=cmd_rollback)
    editing_cli.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
