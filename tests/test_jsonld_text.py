"""``graph_files.jsonld_text`` writes what shortening the IRIs and ``json.dumps(..., indent=1)``
wrote before it, byte for byte."""

from __future__ import annotations

import json
import random

from egov_kg.graph_files import jsonld_text
from egov_kg.ontology.namespaces import PREFIXES


def _shortened(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _compacted(node: object) -> object:
    """The walk the graph files used to make before dumping: keys and @type values shortened."""
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


def _expected(node: object, level: int) -> str:
    return json.dumps(_compacted(node), ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)


def _node(chance: random.Random, depth: int = 0) -> object:
    iris = [*PREFIXES.values(), "https://w3id.org/egov-kg/id/", "urn:x:"]
    roll = chance.random()
    if depth > 3 or roll < 0.3:
        return chance.choice(["Adorf", 'ä\n"x\\', "", 1, 2.5, -0.0, 1e20, True, False, None, "\u2028€", 10**20,
                              chance.choice(iris) + "name"])
    if roll < 0.7:
        keys = ["@id", "@type", "@value", "@graph", *(chance.choice(iris) + w for w in ("name", "ö", ""))]
        node = {chance.choice(keys): _node(chance, depth + 1) for _ in range(chance.randint(0, 4))}
        if "@type" in node:
            node["@type"] = chance.choice([chance.choice(iris) + "Person", [i + "Org" for i in iris[:2]]])
        return node
    return [_node(chance, depth + 1) for _ in range(chance.randint(0, 4))]


def test_jsonld_text_writes_what_json_dumps_wrote() -> None:
    chance = random.Random(11)
    for _ in range(5000):
        node = _node(chance)
        level = chance.choice([0, 2])
        assert jsonld_text(node, level) == _expected(node, level), node


def test_a_node_with_prefixes() -> None:
    node = {"@id": "urn:x:a", "@type": ["https://schema.org/Person"], "https://schema.org/name": [{"@value": "Eva"}]}
    assert jsonld_text(node) == ('{\n "@id": "urn:x:a",\n "@type": [\n  "schema:Person"\n ],\n'
                                 ' "schema:name": [\n  {\n   "@value": "Eva"\n  }\n ]\n}')
