"""The storygraph exception tree.

Every error a user can cause derives from :class:`StorygraphError`; the CLI maps it to
``Error: …`` and exit status 1 in one place. Anything else escaping is a bug.

::

    StorygraphError
    ├── InputError                 a file, article or argument storygraph cannot read
    │   └── ArticleError           one article could not be turned into text (empty, binary …)
    ├── RDFSyntaxError             unparsable RDF (with line/column where known)
    ├── QueryError                 SPARQL the store refuses
    │   ├── QuerySyntaxError       a syntax error, with its position
    │   └── ReadOnlyQueryError     an update sent to a read-only command
    ├── StoreError                 the store cannot be opened, read or written
    │   ├── StoreLockedError       another process holds the embedded store
    │   └── EndpointError          a remote SPARQL endpoint is down or refused a request
    ├── ModelError                 the spaCy pipeline cannot be loaded
    ├── ValidationError            a graph does not conform to the SHACL shapes
    └── EvaluationError            gold data cannot be read
"""

from __future__ import annotations

__all__ = [
    "ArticleError",
    "EndpointError",
    "EvaluationError",
    "InputError",
    "ModelError",
    "QueryError",
    "QuerySyntaxError",
    "RDFSyntaxError",
    "ReadOnlyQueryError",
    "StoreError",
    "StoreLockedError",
    "StorygraphError",
    "ValidationError",
]


class StorygraphError(Exception):
    """Base of every error storygraph raises on purpose."""


class InputError(StorygraphError):
    """A file, article or argument that storygraph cannot read."""


class ArticleError(InputError):
    """One article could not be turned into text."""


class RDFSyntaxError(StorygraphError):
    """RDF input that does not parse."""


class QueryError(StorygraphError):
    """A SPARQL query or update the store refuses."""


class QuerySyntaxError(QueryError):
    """A SPARQL syntax error."""


class ReadOnlyQueryError(QueryError):
    """An update (or LOAD, or SERVICE) sent where only reading is allowed."""


class StoreError(StorygraphError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the embedded store."""


class EndpointError(StoreError):
    """A remote SPARQL endpoint is unreachable or refused a request."""


class ModelError(StorygraphError):
    """The spaCy pipeline cannot be loaded."""


class ValidationError(StorygraphError):
    """A graph does not conform to storygraph's SHACL shapes."""


class EvaluationError(StorygraphError):
    """Gold data that cannot be read."""
