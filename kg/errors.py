"""The project's exceptions: one root, a few children.

::

    KgError                      anything the user can fix or should know about (exit 2)
     +-- SeedError               a seed document or its manifest entry is unusable
     +-- DataError               curated data (gazetteer, patterns) is malformed
     +-- ExtractionError         an extractor met text it cannot make sense of
     +-- ValidationError         the graph does not conform to the SHACL shapes (exit 1)
     +-- StoreError              the Oxigraph store is missing, locked or damaged
     +-- QueryError              a SPARQL query is malformed or failed
     +-- RemoteError             a remote service (Wikidata, a triple store) failed

Messages say *where*, compiler-style: ``seeds/x.txt:412:17: vote without a meeting``.
"""

from __future__ import annotations


class KgError(Exception):
    """Root of every error the ``kg`` command reports as one line."""

    exit_code = 2


class SeedError(KgError):
    """A seed document or its manifest entry is unusable."""


class DataError(KgError):
    """Curated data (gazetteer, patterns, manifest) is malformed."""


class ExtractionError(KgError):
    """An extractor met text it cannot make sense of."""


class ValidationError(KgError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1

    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report


class StoreError(KgError):
    """The Oxigraph store is missing, locked or damaged."""


class QueryError(KgError):
    """A SPARQL query is malformed or failed to evaluate."""


class RemoteError(KgError):
    """A remote service (Wikidata's API, a SPARQL store) failed."""
