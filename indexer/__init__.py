"""Casesamlingen's indexer: read case files, validate them, and build the Danish search index."""
