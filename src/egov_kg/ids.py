"""Short ids for people: ``person:hartmut-schubert`` for an IRI minted under the build's base.

An IRI egov-kg minted (``<base>person/hartmut-schubert``, ``<base>org/state/16``) is shown as
its kind, a colon and the rest of its path; a term of a vocabulary as its prefixed name
(``schema:Person``). :func:`expand` reads both back, so what a table shows can be pasted
into ``egov-kg explain``.
"""

from __future__ import annotations

from pyoxigraph import Store

from egov_kg.ontology.namespaces import DEFAULT_BASE_IRI, PREFIXES
from egov_kg.store import query

_BUILD = "build"
#: The query ``base_of`` runs.
BASE_OF_BUILD = "SELECT ?build WHERE { ?build a egov:Build } ORDER BY ?build LIMIT 1"


def base_of(store: Store) -> str:
    """The base IRI the graph was built with (its build node is ``<base>build``)."""
    rows = query(store, BASE_OF_BUILD).rows
    build = rows[0][0] if rows else ""
    return build[: -len(_BUILD)] if build.endswith(_BUILD) else DEFAULT_BASE_IRI


def short_id(iri: str, base: str) -> str:
    """``person:hartmut-schubert`` for ``<base>person/hartmut-schubert``, ``schema:Person`` for a
    vocabulary term, else the IRI itself."""
    if iri.startswith(base):
        kind, slash, rest = iri[len(base):].partition("/")
        if slash and kind and rest:
            return f"{kind}:{rest}"
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def expand(text: str, base: str) -> str:
    """The IRI a short id, a prefixed name, ``<IRI>`` or an IRI stands for.

    ``org:`` is both W3C ORG and egov-kg's organisations: ``org:state/16`` (a path) is an
    organisation, ``org:Membership`` the class.

    Raises:
        ValueError: an unknown prefix.
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    if not colon or local.startswith("//"):
        return text
    if prefix in PREFIXES and "/" not in local:
        return PREFIXES[prefix] + local
    if prefix and prefix.isidentifier():
        return f"{base}{prefix}/{local}"
    raise ValueError(f"not an IRI, short id or prefixed name: {text!r}")
