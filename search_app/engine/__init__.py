"""The search engine: Flask-free, over a Whoosh index built by :mod:`indexer`.

The web layer calls :class:`Engine` (``facade.py``) and nothing else. Inside, one module per
job:

==============  ============================================================================
facade.py       the front door: search, count, case, related, suggest, records, feeds' order
snapshot.py     one searcher per worker, reopened when the index changes; derived tables
memory.py       everything remembered per index state, and the one table of limits
relevance.py    ranking weights and thresholds (``Relevance``), from config.yaml
query.py        what was typed: words, phrases, exclusions (``UserQuery``), written back
expansion.py    each word's Danish expansions as Whoosh queries (stems, compounds, synonyms,
                topics, near spellings, affixes)
matching.py     which published cases match, and widening when almost none do (``Match``)
postings.py     each word's documents and scores, read once
scoring.py      ranking from the remembered scores (Whoosh's BM25F, same order)
facets.py       disjunctive facet and year counts
ordering.py     newest / oldest / title orders, Danish alphabetical
snippets.py     highlighted snippets from remembered tokens
stored.py       stored cases: listed items, records, aliases
spelling.py     "Mente du", from published cases' words only
suggest.py      completions while typing
related.py      related cases
search.py       one search from start to finish (``run_search``)
lexicon.py      the index's word lists (typos, affixes, compound tails)
docsets.py      document sets as bitsets
compat.py       every private Whoosh touch, the version check, and the plain-Whoosh
                reference path
==============  ============================================================================
"""
from __future__ import annotations

from .facade import Engine
from .facets import FacetGroup, FacetValue, SearchState
from .relevance import Relevance
from .search import SearchOutcome
from .stored import ResultItem
from .suggest import Suggestion

__all__ = ["Engine", "FacetGroup", "FacetValue", "Relevance", "ResultItem", "SearchOutcome",
           "SearchState", "Suggestion"]
