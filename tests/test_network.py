"""The organisation network: built from the graph, exported and read back, summed right."""

from __future__ import annotations

import networkx as nx
import pytest

from egov_kg.network import network_stats, organisation_network, plot_network, write_network
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


def test_a_grant_with_two_funders_is_received_once(tmp_path):
    facts = make_facts("a.txt")
    from dataclasses import replace

    funding = replace(facts.fundings[0], funders=("district:beispiel", "state:16"))
    facts = [replace(facts, fundings=(funding,))]
    write_graph(all_quads(facts, resolve(facts)), tmp_path)
    stats = network_stats(organisation_network(load_store(tmp_path), kind="funding"))
    assert stats.recipients == [("Adorf", 12500.0)]
    assert sorted(stats.funders) == [("Landkreis Beispiel", 12500.0), ("Thüringen", 12500.0)]


def test_plot_writes_a_picture(store, tmp_path):
    plot_network(organisation_network(store), tmp_path / "net.svg")
    assert (tmp_path / "net.svg").read_text().startswith("<?xml")
