"""The pure core gives the statements a build writes, and nothing else."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, parse

from egov_kg.build import build
from egov_kg.core import build_graph
from egov_kg.reading import SourceText, read_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_build_graph_gives_exactly_the_statements_a_build_writes(tmp_path: Path) -> None:
    sources = [item for item in read_corpus(CORPUS) if isinstance(item, SourceText)]
    core = set(build_graph(sources))
    build(CORPUS, tmp_path / "out", jobs=1)
    written = set(parse(path=str(tmp_path / "out" / "graph.nq"), format=RdfFormat.N_QUADS))
    assert len(sources) == 5 and len(core) > 1000
    assert core == written


def test_build_graph_is_pure_and_ordered() -> None:
    sources = [item for item in read_corpus(CORPUS) if isinstance(item, SourceText)]
    assert build_graph(sources) == build_graph(sources)
    assert build_graph([]) != build_graph(sources[:1])
