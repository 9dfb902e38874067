"""The organisation network: who cooperates with whom, and where the money flows.

Nodes are organisations (their IRIs, with name and type); a cooperation links every pair of
its members, a grant links funder to recipient weighted by euro. The graph is a networkx
MultiDiGraph (several cooperations and grants may join the same two bodies), exported as
GraphML, GEXF or node-link JSON for Gephi, Cytoscape and scripts.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import networkx as nx
from pyoxigraph import Store

from egov_kg.store import query

KINDS = ("cooperation", "funding", "all")
FORMATS = ("graphml", "gexf", "json")

_ORGANISATIONS = """
SELECT ?org ?name ?type WHERE {
  VALUES (?class ?type) {
    (egov:Municipality "municipality") (egov:MunicipalAssociation "municipal_association")
    (egov:District "district") (egov:State "state") (egov:Ministry "ministry")
    (egov:Authority "authority") (egov:Parliament "parliament") (egov:Party "party")
    (egov:University "university") (egov:Company "company") (egov:Cooperation "cooperation")
    (egov:OtherOrganization "other")
  }
  ?org a ?class ; schema:name ?name .
}"""

_COOPERATION_MEMBERS = """
SELECT DISTINCT ?cooperation ?label ?member WHERE {
  ?cooperation a egov:Cooperation ; org:hasMember ?member .
  OPTIONAL { ?cooperation schema:name ?name }
  OPTIONAL { ?cooperation egov:cooperationForm ?form }
  BIND(COALESCE(?name, ?form, "cooperation") AS ?label)
}"""

_GRANTS = """
SELECT DISTINCT ?grant ?funder ?recipient ?amount WHERE {
  ?grant a schema:MonetaryGrant ; schema:funder ?funder ; egov:recipient ?recipient ;
         schema:amount/schema:value ?amount .
}"""


def organisation_network(store: Store, *, kind: str = "all") -> nx.MultiDiGraph:
    """The network of cooperation and/or funding edges between organisations."""
    graph = nx.MultiDiGraph()
    names = {row[0]: (row[1], row[2]) for row in query(store, _ORGANISATIONS).rows}

    def node(iri: str) -> str:
        if iri not in graph:
            name, type_ = names.get(iri, (iri.rsplit("/", 1)[-1], "other"))
            graph.add_node(iri, label=name, type=type_)
        return iri

    if kind in ("cooperation", "all"):
        members: dict[tuple[str, str], list[str]] = {}
        for cooperation, label, member in query(store, _COOPERATION_MEMBERS).rows:
            members.setdefault((cooperation, label), []).append(member)
        for (cooperation, label), parties in sorted(members.items()):
            for a, b in itertools.combinations(sorted(set(parties)), 2):
                graph.add_edge(node(a), node(b), key=f"cooperation {cooperation}", kind="cooperation",
                               label=label, weight=1.0)
    if kind in ("funding", "all"):
        for grant, funder, recipient, amount in sorted(query(store, _GRANTS).rows):
            graph.add_edge(node(funder), node(recipient), key=f"funding {grant}", kind="funding",
                           label="funding", weight=float(Decimal(amount)))
    return graph


def write_network(graph: nx.MultiDiGraph, path: Path, fmt: str) -> None:
    """Write GraphML, GEXF or node-link JSON."""
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    elif fmt == "gexf":
        nx.write_gexf(graph, path)
    elif fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    else:
        raise ValueError(f"unknown network format {fmt!r}; choose one of {', '.join(FORMATS)}")


@dataclass(frozen=True, slots=True)
class NetworkStats:
    nodes: int
    edges: int
    components: int
    largest_component: int
    degree: list[tuple[str, float]]
    betweenness: list[tuple[str, float]]
    funders: list[tuple[str, float]]
    recipients: list[tuple[str, float]]


def network_stats(graph: nx.MultiDiGraph, *, top: int = 10) -> NetworkStats:
    """Components, centralities, and the biggest funders and recipients by euro."""
    simple = nx.Graph(graph.to_undirected())
    label = nx.get_node_attributes(graph, "label")
    components = list(nx.connected_components(simple)) if len(simple) else []
    funded_out: Counter[str] = Counter()
    funded_in: Counter[str] = Counter()
    for u, v, data in graph.edges(data=True):
        if data["kind"] == "funding":
            funded_out[u] += data["weight"]
            funded_in[v] += data["weight"]

    def ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
        return [(label[n], round(s, 4)) for n, s in sorted(scores.items(), key=lambda kv: (-kv[1], label[kv[0]]))[:top]]

    return NetworkStats(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        degree=ranked(nx.degree_centrality(simple)) if len(simple) > 1 else [],
        betweenness=ranked(nx.betweenness_centrality(simple)) if len(simple) > 1 else [],
        funders=ranked(dict(funded_out)),
        recipients=ranked(dict(funded_in)),
    )


def plot_network(graph: nx.MultiDiGraph, path: Path) -> None:
    """Draw the network with readable labels: colour by organisation type, edges by kind."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "egov-kg"  # deterministic SVG ids
    simple = nx.Graph(graph.to_undirected())
    size = max(8.0, min(30.0, 2.0 * len(simple) ** 0.5 + 6))
    fig, ax = plt.subplots(figsize=(size, size * 0.75))
    positions = nx.spring_layout(simple, seed=7, k=2.5 / max(len(simple), 1) ** 0.5) if len(simple) else {}
    types = sorted({d.get("type", "other") for _, d in graph.nodes(data=True)})
    palette = plt.get_cmap("tab20")
    colour = {t: palette(i % 20) for i, t in enumerate(types)}
    for kind, style, tint in (("cooperation", "solid", "#4c72b0"), ("funding", "dashed", "#dd8452")):
        edges = sorted({(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == kind})
        nx.draw_networkx_edges(simple, positions, edgelist=edges, style=style, edge_color=tint, ax=ax,
                               width=1.6, alpha=0.8)
    for t in types:
        nodes = [n for n, d in graph.nodes(data=True) if d.get("type", "other") == t]
        nx.draw_networkx_nodes(simple, positions, nodelist=nodes, node_color=[colour[t]], node_size=420,
                               label=t, ax=ax, edgecolors="#333333", linewidths=0.6)
    nx.draw_networkx_labels(simple, positions, labels=nx.get_node_attributes(graph, "label"), font_size=9, ax=ax)
    ax.legend(loc="lower left", fontsize=9, frameon=False, title="type · blue: cooperation · orange dashed: funding")
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None} if path.suffix == ".svg" else None, dpi=120)
    plt.close(fig)
