"""A build: read a corpus folder, analyse every press release, resolve, write the graph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from egov_kg.errors import BuildError
from egov_kg.ontology.rdf import all_quads
from egov_kg.ontology.validation import validate_quads
from egov_kg.pipeline import analyse
from egov_kg.reading import Skipped, SourceText, read_corpus
from egov_kg.records import DocumentFacts
from egov_kg.resolve import DEFAULT_BASE_IRI, resolve
from egov_kg.store import output_lock, write_graph

#: The fact kinds counted in a build's summary, as DocumentFacts field names.
FACT_KINDS = ("orgs", "persons", "roles", "amounts", "dates", "fundings", "cooperations", "events")


@dataclass
class BuildResult:
    documents: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    statements: dict[str, int] = field(default_factory=dict)


def build(
    corpus: Path,
    output: Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    on_document: Callable[[str], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    validate: bool = True,
) -> BuildResult:
    """Build the graph of every press release under ``corpus`` into ``output``.

    With ``validate`` the graph is checked against the SHACL shapes before anything is
    written, so an invalid graph never replaces a good one.
    """
    result = BuildResult()
    analysed: list[DocumentFacts] = []
    with output_lock(output):
        for item in read_corpus(corpus):
            if isinstance(item, Skipped):
                result.skipped.append(item)
                if on_skip:
                    on_skip(item)
                continue
            assert isinstance(item, SourceText)
            facts = analyse(item)
            analysed.append(facts)
            result.documents.append(item.source_file)
            for kind in FACT_KINDS:
                result.facts[kind] += len(getattr(facts, kind))
            if on_document:
                on_document(item.source_file)
        ids = resolve(analysed, base=base_iri)
        result.entities.update(organizations=len(ids.orgs), persons=len(ids.persons))
        quads = list(all_quads(analysed, ids))
        if validate:
            violations = validate_quads(quads)
            if violations:
                shown = "; ".join(str(v) for v in violations[:5])
                raise BuildError(f"the build produced a graph that violates its shapes ({len(violations)}): {shown}")
        result.statements = write_graph(quads, output)
    return result
