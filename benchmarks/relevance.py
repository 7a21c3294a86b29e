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
queries that have relevant cases, the share of no-answer queries answered with nothing and with
at most three cases, the same per half of the set (see ``half``), our figures by kind of query,
how many cases each no-answer query returned, and every query where a baseline beats us::

    .venv/bin/python benchmarks/relevance.py            # all three engines
    .venv/bin/python benchmarks/relevance.py --short    # our search only (CI)
    .venv/bin/python benchmarks/relevance.py --show Tonder   # one query's top 10 per engine
    .venv/bin/python benchmarks/relevance.py --queries benchmarks/relevance/english.yaml
    .venv/bin/python benchmarks/relevance.py --queries benchmarks/relevance/needs.yaml --half test
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
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

FEW = 3
"""A no-answer query may return at most this many cases: a short list a visitor can dismiss at
a glance, where a dozen unrelated cases look like an answer."""


class Ranked(list):
    """An engine's top slugs, with how many cases it found in all (``total``)."""

    def __init__(self, slugs: Iterable[str], total: int):
        super().__init__(slugs)
        self.total = total


def half(q: str) -> str:
    """The half of a query set a query belongs to: "tuning" or "test".

    Decided by a fixed hash of the query text (trimmed, lower case), so a query keeps its half
    in every set, on every machine and in every version. Tune on the tuning half only and report
    the test half. Never change this function: every figure reported on a half depends on it.
    """
    return "test" if hashlib.sha256(q.strip().lower().encode("utf-8")).digest()[0] % 2 else "tuning"



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
        return Ranked((r.slug for r in outcome.results), outcome.total)

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
        hits = searcher.search(parser.parse(q), limit=K)
        return Ranked((hit["slug"] for hit in hits), len(hits))

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
        (total,) = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
        return Ranked((slug for (slug,) in rows), total)

    return search


# --- evaluation and report --------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    name: str
    ranked: dict[str, list[str]]
    scores: dict[str, Scores]
    summary: Summary
    totals: Mapping[str, int] = field(default_factory=dict)

    def returned(self, q: str) -> int:
        """How many cases the engine found for ``q`` in all, not only on the first page."""
        return self.totals.get(q, len(self.ranked[q]))

    def few_when_nothing(self, queries: Iterable[Judged]) -> float:
        """Share of the no-answer queries among ``queries`` answered with at most ``FEW`` cases."""
        nothing = [j for j in queries if not j.answerable]
        if not nothing:
            return 1.0
        return sum(1 for j in nothing if self.returned(j.q) <= FEW) / len(nothing)


def evaluate(name: str, engine: Engine, queries: list[Judged]) -> Run:
    ranked = {j.q: engine(j.q) for j in queries}
    scores = {j.q: score(ranked[j.q], j.judged) for j in queries}
    totals = {q: getattr(found, "total", len(found)) for q, found in ranked.items()}
    return Run(name, ranked, scores, summarise([(j.judged, scores[j.q]) for j in queries]), totals)


def print_summary(runs: list[Run], queries: list[Judged]) -> None:
    print(f"{'engine':<16}{'MRR@10':>8}{'nDCG@10':>9}{'recall@10':>11}{'zero-result':>13}"
          f"{'empty when nothing':>20}{f'<={FEW} when nothing':>19}")
    for run in runs:
        _print_row(run.name, run.summary, run.few_when_nothing(queries))


def _print_row(name: str, s: Summary, few: float) -> None:
    print(f"{name:<16}{s.mrr:>8.3f}{s.ndcg:>9.3f}{s.recall:>11.3f}"
          f"{s.zero_result_rate:>13.3f}{s.empty_when_nothing:>20.3f}{few:>19.3f}")


def print_halves(runs: list[Run], queries: list[Judged]) -> None:
    """The summary again for each half of the set (see ``half``)."""
    for name in ("tuning", "test"):
        members = [j for j in queries if half(j.q) == name]
        answerable = sum(1 for j in members if j.answerable)
        print(f"\n{name} half: {len(members)} queries ({answerable} with relevant cases, "
              f"{len(members) - answerable} that should find nothing)")
        for run in runs:
            s = summarise([(j.judged, run.scores[j.q]) for j in members])
            _print_row(run.name, s, run.few_when_nothing(members))


def print_by_kind(run: Run, queries: list[Judged]) -> None:
    """Our figures per kind of query: ranking over the answerable queries of that kind, and for
    its no-answer queries how many were answered with nothing and with at most ``FEW`` cases."""
    kinds: dict[str, list[Judged]] = defaultdict(list)
    for j in queries:
        kinds[j.kind].append(j)
    print(f"\n{run.name} by kind of query:")
    print(f"  {'kind':<14}{'n':>4}{'answerable':>12}{'MRR@10':>8}{'nDCG@10':>9}{'recall@10':>11}"
          f"{'no-answer':>11}{'empty':>7}{f'<={FEW}':>6}{'max':>5}")
    for kind, members in kinds.items():
        answerable = [j for j in members if j.answerable]
        nothing = [j for j in members if not j.answerable]
        line = f"  {kind:<14}{len(members):>4}{len(answerable):>12}"
        if answerable:
            s = summarise([(j.judged, run.scores[j.q]) for j in answerable])
            line += f"{s.mrr:>8.3f}{s.ndcg:>9.3f}{s.recall:>11.3f}"
        else:
            line += f"{'-':>8}{'-':>9}{'-':>11}"
        if nothing:
            empty = sum(1 for j in nothing if run.returned(j.q) == 0)
            few = sum(1 for j in nothing if run.returned(j.q) <= FEW)
            most = max(run.returned(j.q) for j in nothing)
            line += f"{len(nothing):>11}{empty:>7}{few:>6}{most:>5}"
        print(line.rstrip())


def print_no_answer(run: Run, queries: list[Judged]) -> None:
    """How many cases each no-answer query returned: those that returned any, and the most."""
    nothing = [j for j in queries if not j.answerable]
    if not nothing:
        return
    returned = sorted(((run.returned(j.q), j) for j in nothing if run.returned(j.q)),
                      key=lambda pair: -pair[0])
    over = sum(1 for n, _ in returned if n > FEW)
    print(f"\n{run.name}: no-answer queries ({len(nothing)}; the target: none returns more than {FEW}"
          f" cases)")
    print(f"  returned nothing: {len(nothing) - len(returned)}; returned 1-{FEW}: "
          f"{len(returned) - over}; more than {FEW}: {over}; most returned: "
          f"{returned[0][0] if returned else 0}")
    for n, j in returned:
        print(f"  {j.q!r:<36} [{j.kind}] {n} case{'s' if n != 1 else ''}: {', '.join(run.ranked[j.q][:3])}")


def print_failures(ours: Run, queries: list[Judged]) -> None:
    """Answerable queries that miss the targets on their own: no relevant hit at 1, or missed
    cases (the no-answer queries that return cases are listed by ``print_no_answer``)."""
    print(f"\n{ours.name}: queries below the mark")
    shown = 0
    for j in queries:
        s, ranked = ours.scores[j.q], ours.ranked[j.q]
        if j.answerable and (s.rr < 1 or s.recall < 1):
            missing = [slug for slug, g in j.judged.items() if g > 0 and slug not in ranked]
            print(f"  {j.q!r:<36} RR {s.rr:.2f} recall {s.recall:.2f}  missing: {', '.join(missing) or '-'}")
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
    parser.add_argument("--half", choices=("tuning", "test", "all"), default="all",
                        help="run only one half of the set, split by a fixed hash of the query"
                             " text (default: all, with the summary per half)")
    args = parser.parse_args(argv)

    queries = load_queries(args.queries)
    if args.half != "all":
        queries = [j for j in queries if half(j.q) == args.half]
    answerable = sum(1 for j in queries if j.answerable)
    which = "" if args.half == "all" else f" (the {args.half} half)"
    print(f"{len(queries)} queries ({answerable} with relevant cases, {len(queries) - answerable} "
          f"that should find nothing) from {args.queries.resolve().relative_to(ROOT)}{which}\n")
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
                found = engine(args.show)
                print(f"{name}: {getattr(found, 'total', len(found))} cases")
                for rank, slug in enumerate(found, 1):
                    print(f"  {rank:>2}. [{judged.get(slug, 0)}] {slug}")
            return 0
        runs = [evaluate(name, engine, queries) for name, engine in engines]
    print_summary(runs, queries)
    ours = runs[0]
    for base in runs[1:]:
        print(f"MRR@10 gain over {base.name}: {ours.summary.mrr - base.summary.mrr:+.3f}")
    if args.half == "all" and len({half(j.q) for j in queries}) == 2:
        print_halves(runs, queries)
    print_by_kind(ours, queries)
    print_no_answer(ours, queries)
    print_failures(ours, queries)
    if len(runs) > 1:
        print_losses(ours, runs[1:], queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
