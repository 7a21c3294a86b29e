"""The one place where ranking weights and search thresholds live.

:class:`Relevance` is read from ``config.yaml`` once (``search.field_boosts`` and
``search.relevance``, see docs/config.md) and handed to every part of the engine that ranks,
widens, expands or corrects. Its defaults are the figures ``benchmarks/relevance.py`` was tuned
with; change them here or in the config, then run that benchmark.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from indexer.settings import ConfigError, Settings


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldBoosts(_Frozen):
    """How much a word counts in each text field (its stem there)."""

    title: float = 6.0
    lead: float = 3.0
    organisation: float = 2.5
    body: float = 1.0


class Weights(_Frozen):
    """How much each other way of matching a word counts, beside the field boosts."""

    title_exact: float = 4.0  # the word as written, in the title or organisation
    exact: float = 1.0  # the word as written (inflection and all), anywhere
    parts: float = 0.4  # the word as a part of a compound in the text ("skat" in "restskat")
    compound: float = 0.5  # the parts of a compound query word, each found somewhere
    topic: float = 1.0  # a facet label the editors gave the case (constant score)
    theme: float = 1000.0  # a theme's cases, when the query is its title (above any text score)
    synonym: float = 0.5  # a synonym from config: a title hit through a synonym ties a lead hit
    near: float = 0.8  # the nearest known spelling of a word the index does not have
    derived: float = 0.8  # the verb of a noun no case uses ("genoptræning": genoptrænet)
    affix: float = 0.3  # a longer word that starts or ends with the visitor's word
    fuzzy: float = 0.15  # near spellings when no word list is at hand
    head: float = 0.3  # the last part of a compound query word, when widening
    summary_en: float = 1.0  # the word in the English summary, stemmed as English (weighs as the body)
    thesaurus: float = 0.3  # a synonym from the Danish thesaurus (below a synonym from config)


class Relevance(_Frozen):
    """Ranking weights and thresholds (``search.relevance`` in config.yaml; boosts and weights
    in ``search.field_boosts``)."""

    field_boosts: FieldBoosts = FieldBoosts()
    weights: Weights = Weights()
    few_results: int = Field(3, ge=1)
    """Fewer matches than this widen the search one step at a time, and let "Mente du" look
    for a better spelling."""
    affix_max_cases: int = Field(20, ge=0)
    """Longer words that start or end with a word are added only for a word this few cases use."""
    thesaurus_max_cases: int = Field(5, ge=0)
    """A word this few cases use may also find its synonyms from the Danish thesaurus."""
    max_expansions: int = Field(50, ge=1)
    """At most this many index words stand in for one fuzzy, prefix or affix word."""
    one_edit_from: int = Field(5, ge=1)
    """Words this long or longer tolerate one typo."""
    two_edits_from: int = Field(9, ge=1)
    """Words this long or longer tolerate two typos."""
    searchable_facets: tuple[str, ...] = ("area", "value", "partner", "innovation_type", "reuse", "sector",
                                          "region", "employee_driven")
    """Facets whose labels, Danish and English, a visitor's words may match ("Ældre og pleje",
    "medarbejderdrevne", "North Denmark"). A value whose label says "not" ("Ikke
    medarbejderdrevet", "Not stated in the source") is never matched."""
    filler_words: tuple[str, ...] = (
        "hvordan", "hvad", "hvem", "hvor", "hvorfor", "hvornår", "hvilke", "hvilken", "hvilket",
        "gør", "gøre", "gjort", "gøres", "kan", "kunne", "få", "får", "fået", "fik", "komme",
        "kommer", "kommet", "andre", "anden", "andet", "man", "eksempel", "eksempler", "egen",
        "eget", "egne", "bruge", "bruger", "bruges", "lave", "laver", "lavet", "laves", "hjælpe",
        "hjælper", "uden", "længere", "mere", "flere", "færre", "mindre", "større", "bedre",
        "bedst", "bedste", "mest", "god", "gode", "godt", "ny", "nye", "nyt", "innovation",
        "ved", "blandt", "mellem", "gennem", "omkring", "via")
    """Question and filler words ("hvordan kan man få …", "eksempler på …", "færre", "nye",
    "uden"), prepositions the Danish stopword list lacks ("hvad gør man ved …", "blandt"),
    and "innovation",
    which every case of the collection is: left out of a query that has other words, neither
    required nor ranked on; a query of only such words is searched as typed. A word counts as
    one when it is one of these (æ/ø/å folded: "gor" is "gør") or stems like one
    ("innovationer")."""
    common_share: float = Field(0.25, gt=0, le=1)
    """A query word that this share of the published cases (or more) match is common: a widened
    search never takes cases that only common words match ("ældre", "borgere", "kommune" in
    71 cases)."""
    max_words: int = Field(12, ge=1)
    """Words of a query that are searched; the rest are ignored."""
    max_phrases: int = Field(4, ge=0)
    max_excluded: int = Field(4, ge=0)
    related_terms: int = Field(20, ge=1)
    """Key words of a case that find its related cases."""

    def max_edits(self, word: str) -> int:
        """Edits allowed for a typo in ``word``."""
        if len(word) >= self.two_edits_from:
            return 2
        return 1 if len(word) >= self.one_edit_from else 0

    @classmethod
    def from_settings(cls, settings: Settings) -> "Relevance":
        """From ``search.field_boosts`` (a flat mapping of field boosts and weights, as
        config.yaml has always written them) and ``search.relevance``; errors name file and
        line."""
        search = settings.section("search")
        boosts = dict(search.get("field_boosts") or {})
        data = dict(search.get("relevance") or {})
        field_names, weight_names = set(FieldBoosts.model_fields), set(Weights.model_fields)
        for key in boosts:
            if key not in field_names | weight_names:
                _fail(settings, ("search", "field_boosts", key),
                      f"unknown weight (one of {', '.join(sorted(field_names | weight_names))})")
        data["field_boosts"] = {k: v for k, v in boosts.items() if k in field_names}
        data["weights"] = {k: v for k, v in boosts.items() if k in weight_names}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = tuple(error["loc"])
            section = ("field_boosts",) if where[:1] in (("field_boosts",), ("weights",)) else ("relevance",)
            key = where[1:] if section == ("field_boosts",) else where
            _fail(settings, ("search", *section, *key), error["msg"])


def _fail(settings: Settings, where: tuple, message: str):
    raise ConfigError(f"{settings.path}:{settings.line_of(where)}: {'.'.join(map(str, where))}: "
                      f"{message}")


DEFAULT = Relevance()
