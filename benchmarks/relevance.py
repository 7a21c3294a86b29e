"""Search quality on the real collection: our search against two plain baselines.

Runs the judged queries in ``benchmarks/relevance/queries.yaml`` against

(a) our search: ``search_app.engine.search.run_search`` on an index built from ``cases/`` into a
    temporary folder (the live index is never touched);
(b) plain Whoosh: ``StandardAnalyzer`` on title, lead, organisation and body, the default
    ``MultifieldParser`` with OR between words, BM25F;
(c) SQLite FTS5: ``unicode61 remove_diacritics 2`` on the same four columns, words joined with
    OR, ranked by ``bm25``.

Both baselines join words with OR: our search requires all words and falls back to any word
when nothing has them all, so AND baselines would lose on every long query for want of that
fallback, which would flatter us. Quoted phrases stay phrases in all three.

It prints MRR@10, nDCG@10, recall@10 (out of at most 10 relevant), the zero-result rate for
queries that have relevant cases, the share of no-answer queries answered with nothing, our
figures by kind of query, and every query where a baseline beats us::

    .venv/bin/python benchmarks/relevance.py            # all three engines
    .venv/bin/python benchmarks/relevance.py --short    # our search only (CI)
    .venv/bin/python benchmarks/relevance.py --show Tonder   # one query's top 10 per engine
    .venv/bin/python benchmarks/relevance.py --queries benchmarks/relevance/english.yaml
"""
from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from relevance_metrics import K, Scores, Summary, score, summarise  # noqa: E402

from indexer.build import build_index  # noqa: E402
from indexer.collection import load_collection  # noqa: E402
from indexer.record import Case  # noqa: E402
from indexer.settings import Settings, load_settings  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "relevance" / "queries.yaml"
ROOT = Path(__file__).resolve().parent.parent

Engine = Callable[[str], list[str]]


@dataclass(frozen=True)
class Judged:
    q: str
    kind: str
    judged: Mapping[str, int]

    @property
    def answerable(self) -> bool:
        return any(g > 0 for g in self.judged.values())


def load_queries(path: Path = QUERIES) -> list[Judged]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [Judged(str(e["q"]), e["kind"], dict(e.get("judged") or {})) for e in entries]


def real_settings(workdir: Path) -> Settings:
    """Settings for the real collection with the index in ``workdir``."""
    settings = load_settings()
    settings.raw["paths"] = {
        "cases_dir": str(ROOT / "cases"),
        "index_dir": str(workdir / "index"),
        "data_dir": str(workdir / "data"),
    }
    return settings


def published_cases(settings: Settings) -> list[Case]:
    return [c for c in load_collection(settings).cases if c.published]


# --- (a) our search --------------------------------------------------------------------------

def our_search(settings: Settings) -> Engine:
    """Build the real collection into ``settings.index_dir`` and search it as the site does."""
    from search_app.engine.snapshot import IndexAccess
    from search_app.params import SearchParams
    from search_app.engine.search import run_search

    build_index(settings)
    view = IndexAccess(settings).view()

    def search(q: str) -> list[str]:
        outcome = run_search(view, SearchParams(q=q, per_page=K))
        return [r.slug for r in outcome.results]

    return search


# --- (b) plain Whoosh --------------------------------------------------------------------------

def whoosh_baseline(cases: Iterable[Case], workdir: Path) -> Engine:
    from whoosh import index as whoosh_index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser, OrGroup

    fields = ("title", "lead", "organisation", "body")
    schema = Schema(slug=ID(stored=True), **{f: TEXT(analyzer=StandardAnalyzer()) for f in fields})
    folder = workdir / "whoosh-baseline"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer()
    for c in cases:
        writer.add_document(slug=c.slug, title=c.title, lead=c.lead,
                            organisation=c.organisation, body=c.body_text)
    writer.commit()
    searcher = ix.searcher()
    parser = MultifieldParser(list(fields), schema, group=OrGroup)

    def search(q: str) -> list[str]:
        return [hit["slug"] for hit in searcher.search(parser.parse(q), limit=K)]

    return search


# --- (c) SQLite FTS5 --------------------------------------------------------------------------

_FTS_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def fts5_query(q: str) -> str:
    """The user's words as an FTS5 query: each word or "phrase" quoted, joined with OR."""
    if q.count('"') % 2:
        q = q.replace('"', " ")
    parts = []
    for phrase, word in _FTS_TOKEN.findall(q):
        text = phrase or word
        words = re.findall(r"\w+", text)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " OR ".join(parts)


def fts5_baseline(cases: Iterable[Case]) -> Engine:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, lead, organisation, body,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
        [(c.slug, c.title, c.lead, c.organisation, c.body_text) for c in cases],
    )

    def search(q: str) -> list[str]:
        match = fts5_query(q)
        if not match:
            return []
        rows = db.execute(
            "SELECT slug FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, K)
        )
        return [slug for (slug,) in rows]

    return search


# --- evaluation and report --------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    name: str
    ranked: dict[str, list[str]]
    scores: dict[str, Scores]
    summary: Summary


def evaluate(name: str, engine: Engine, queries: list[Judged]) -> Run:
    ranked = {j.q: engine(j.q) for j in queries}
    scores = {j.q: score(ranked[j.q], j.judged) for j in queries}
    return Run(name, ranked, scores, summarise([(j.judged, scores[j.q]) for j in queries]))


def print_summary(runs: list[Run]) -> None:
    print(f"{'engine':<16}{'MRR@10':>8}{'nDCG@10':>9}{'recall@10':>11}{'zero-result':>13}"
          f"{'empty when nothing':>20}")
    for run in runs:
        s = run.summary
        print(f"{run.name:<16}{s.mrr:>8.3f}{s.ndcg:>9.3f}{s.recall:>11.3f}"
              f"{s.zero_result_rate:>13.3f}{s.empty_when_nothing:>20.3f}")


def print_by_kind(run: Run, queries: list[Judged]) -> None:
    kinds: dict[str, list[Judged]] = defaultdict(list)
    for j in queries:
        kinds[j.kind].append(j)
    print(f"\n{run.name} by kind of query:")
    print(f"  {'kind':<14}{'n':>4}{'MRR@10':>8}{'nDCG@10':>9}{'recall@10':>11}")
    for kind, members in kinds.items():
        s = summarise([(j.judged, run.scores[j.q]) for j in members])
        if kind == "nothing":
            print(f"  {kind:<14}{len(members):>4}   answered with nothing: {s.empty_when_nothing:.0%}")
        else:
            print(f"  {kind:<14}{len(members):>4}{s.mrr:>8.3f}{s.ndcg:>9.3f}{s.recall:>11.3f}")


def print_failures(ours: Run, queries: list[Judged]) -> None:
    """Queries that miss the targets on their own: no relevant hit at 1, missed cases, noise."""
    print(f"\n{ours.name}: queries below the mark")
    shown = 0
    for j in queries:
        s, ranked = ours.scores[j.q], ours.ranked[j.q]
        if j.answerable and (s.rr < 1 or s.recall < 1):
            missing = [slug for slug, g in j.judged.items() if g > 0 and slug not in ranked]
            print(f"  {j.q!r:<36} RR {s.rr:.2f} recall {s.recall:.2f}  missing: {', '.join(missing) or '-'}")
            shown += 1
        elif not j.answerable and ranked:
            print(f"  {j.q!r:<36} should find nothing, found {len(ranked)}: {', '.join(ranked[:3])}")
            shown += 1
    if not shown:
        print("  none")


def print_losses(ours: Run, baselines: list[Run], queries: list[Judged]) -> None:
    print("\nQueries where a baseline beats our search (nDCG@10, or an empty answer where it finds something):")
    lost = 0
    for j in queries:
        mine = ours.scores[j.q]
        for base in baselines:
            theirs = base.scores[j.q]
            if j.answerable:
                worse = theirs.ndcg > mine.ndcg + 1e-9
            else:
                worse = theirs.empty and not mine.empty
            if worse:
                lost += 1
                print(f"  {j.q!r:<36} {base.name}: nDCG {theirs.ndcg:.3f} vs ours {mine.ndcg:.3f}"
                      f"  (ours: {', '.join(ours.ranked[j.q][:3]) or 'nothing'};"
                      f" theirs: {', '.join(base.ranked[j.q][:3]) or 'nothing'})")
    if not lost:
        print("  none")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="our search only (for CI)")
    parser.add_argument("--show", metavar="QUERY", help="print one query's top 10 per engine")
    parser.add_argument("--queries", type=Path, default=QUERIES,
                        help="judged queries (default: relevance/queries.yaml; relevance/english.yaml"
                             " holds English needs)")
    args = parser.parse_args(argv)

    queries = load_queries(args.queries)
    answerable = sum(1 for j in queries if j.answerable)
    print(f"{len(queries)} queries ({answerable} with relevant cases, {len(queries) - answerable} "
          f"that should find nothing) from {args.queries.resolve().relative_to(ROOT)}\n")
    with tempfile.TemporaryDirectory(prefix="casesamlingen-relevance-") as tmp:
        workdir = Path(tmp)
        settings = real_settings(workdir)
        engines: list[tuple[str, Engine]] = [("our search", our_search(settings))]
        if not args.short:
            cases = published_cases(settings)
            engines.append(("whoosh standard", whoosh_baseline(cases, workdir)))
            engines.append(("sqlite fts5", fts5_baseline(cases)))
        if args.show:
            judged = next((j.judged for j in queries if j.q == args.show), {})
            for name, engine in engines:
                print(f"{name}:")
                for rank, slug in enumerate(engine(args.show), 1):
                    print(f"  {rank:>2}. [{judged.get(slug, 0)}] {slug}")
            return 0
        runs = [evaluate(name, engine, queries) for name, engine in engines]
    print_summary(runs)
    ours = runs[0]
    for base in runs[1:]:
        print(f"MRR@10 gain over {base.name}: {ours.summary.mrr - base.summary.mrr:+.3f}")
    print_by_kind(ours, queries)
    print_failures(ours, queries)
    if len(runs) > 1:
        print_losses(ours, runs[1:], queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
