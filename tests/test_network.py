"""The organisation network: built from the graph, exported and read back, summed right."""

from __future__ import annotations

import networkx as nx
import pytest

from egov_kg.network import organisation_network, plot_network, write_network
from egov_kg.ontology.rdf import all_quads
from egov_kg.resolve import resolve
from egov_kg.store import load_store, write_graph
from tests.conftest import make_facts


@pytest.fixture
def store(tmp_path):
    facts = [make_facts("a.txt")]
    write_graph(all_quads(facts, resolve(facts)), tmp_path)
    return load_store(tmp_path)


def test_cooperation_and_funding_edges(store):
    graph = organisation_network(store)
    kinds = sorted(d["kind"] for _, _, d in graph.edges(data=True))
    assert kinds == ["cooperation", "funding"]
    funding = next((u, v, d) for u, v, d in graph.edges(data=True) if d["kind"] == "funding")
    assert graph.nodes[funding[0]]["label"] == "Landkreis Beispiel"
    assert graph.nodes[funding[1]]["label"] == "Adorf" and funding[2]["weight"] == 12500.0
    assert organisation_network(store, kind="cooperation").number_of_edges() == 1


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_reads_back_with_the_same_nodes_and_edges(store, tmp_path, fmt):
    graph = organisation_network(store)
    path = tmp_path / f"net.{fmt}"
    write_network(graph, path, fmt)
    if fmt == "graphml":
        back = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        back = nx.read_gexf(path)
    else:
        import json

        back = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()


def test_plot_writes_a_picture_with_an_arrow_on_each_funding_edge(store, tmp_path):
    patches = {}
    for kind in ("cooperation", "all"):
        plot_network(organisation_network(store, kind=kind), tmp_path / f"{kind}.svg")
        picture = (tmp_path / f"{kind}.svg").read_text()
        assert picture.startswith("<?xml")
        patches[kind] = picture.count('id="patch_')  # the figure's background, and one arrow per funding edge
    assert patches["all"] - patches["cooperation"] == 1


def test_node_and_edge_colours_are_all_distinct():
    from egov_kg.network import EDGE_COLOURS, NODE_COLOURS
    from egov_kg.records import ORG_TYPES

    assert set(NODE_COLOURS) == set(ORG_TYPES)
    colours = [*NODE_COLOURS.values(), *EDGE_COLOURS.values()]
    assert len({c.lower() for c in colours}) == len(colours)
