"""``graph_files.jsonld_element`` writes what pyoxigraph's JSON-LD writer, read back, with the
IRIs shortened and dumped by ``json.dumps(..., indent=1)``, wrote before it, byte for byte."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, serialize

from egov_kg.graph_files import jsonld_element, make_block
from egov_kg.ontology.namespaces import PREFIXES


def _shortened(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _compacted(node: object) -> object:
    """The walk the graph files made before dumping: keys and @type values shortened."""
    if isinstance(node, list):
        return [_compacted(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "@type":
            out[key] = [_shortened(v) for v in value] if isinstance(value, list) else _shortened(value)
        else:
            out[key if key.startswith("@") else _shortened(key)] = _compacted(value)
    return out


def _expected(quads: list[Quad]) -> str:
    """The element as the graph files wrote it through pyoxigraph's writer and json.dumps."""
    (element,) = json.loads(serialize(quads, format=RdfFormat.JSON_LD))
    return json.dumps(_compacted(element), ensure_ascii=False, indent=1).replace("\n", "\n  ")


GRAPH = NamedNode("https://w3id.org/egov-kg/id/doc/a-txt")
_IRIS = [*PREFIXES.values(), "https://w3id.org/egov-kg/id/", "urn:x:", "http://schema.org/"]
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ['ä\n"x\\', "\u2028€", "\x01\x7f", "", "Kreis \U0001f600"])
_NAMED = st.builds(lambda base, name: NamedNode(base + name), st.sampled_from(_IRIS),
                   st.sampled_from(["name", "Person", "ö", "a/b", ""]))
_BLANK = st.sampled_from(["b0", "b1", "x9"]).map(BlankNode)
_LITERAL = st.one_of(
    _TEXT.map(Literal),
    st.builds(lambda v, lang: Literal(v, language=lang), _TEXT, st.sampled_from(["de", "en", "de-at"])),
    st.builds(lambda v, datatype: Literal(v, datatype=datatype), _TEXT, _NAMED),
)
_QUAD = st.builds(lambda s, p, o: Quad(s, p, o, GRAPH), _NAMED | _BLANK, _NAMED, _NAMED | _BLANK | _LITERAL)


@settings(max_examples=400, deadline=None)
@given(st.lists(_QUAD, min_size=1, max_size=25))
def test_the_element_is_what_pyoxigraph_and_json_dumps_wrote(quads: list[Quad]) -> None:
    block = make_block(GRAPH.value, quads)  # sorted by their N-Quads lines, each once
    ordered = sorted({serialize([q], format=RdfFormat.N_QUADS): q for q in quads}.items())
    assert block.jsonld.decode("utf-8") == _expected([q for _, q in ordered])


def test_a_node_with_prefixes() -> None:
    quads = [Quad(NamedNode("urn:x:a"), NamedNode(f"{PREFIXES['schema']}name"), Literal("Eva"), GRAPH),
             Quad(NamedNode("urn:x:a"), NamedNode(f"{PREFIXES['schema']}age"),
                  Literal("5", datatype=NamedNode(f"{PREFIXES['xsd']}integer")), GRAPH)]
    assert jsonld_element(GRAPH.value, quads) == (
        '{\n   "@id": "https://w3id.org/egov-kg/id/doc/a-txt",\n   "@graph": [\n    {\n     "@id": "urn:x:a",'
        '\n     "schema:name": [\n      {\n       "@value": "Eva"\n      }\n     ],'
        '\n     "schema:age": [\n      {\n       "@type": "xsd:integer",\n       "@value": "5"\n      }\n     ]'
        "\n    }\n   ]\n  }")


def test_a_block_holds_one_named_graph() -> None:
    other = Quad(NamedNode("urn:x:a"), NamedNode("urn:x:p"), Literal("x"), NamedNode("urn:x:other"))
    try:
        make_block(GRAPH.value, [other])
    except ValueError as error:
        assert "one named graph" in str(error)
    else:
        raise AssertionError("a statement of another graph was written into the block")
