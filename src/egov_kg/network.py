"""The organisation network: who cooperates with whom, and where the money flows.

Nodes are organisations (their IRIs, with name and type); a cooperation links every pair of
its members, a grant links funder to recipient weighted by the euro it counts (``money.py``:
a total with stated parts counts only what they leave, a ministry gives through its state,
independent funders share), with the amount as stated beside it. The graph is a networkx
MultiDiGraph (several cooperations and grants may join the same two bodies), exported as
GraphML, GEXF or node-link JSON for Gephi, Cytoscape and scripts.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
from pyoxigraph import Store

from egov_kg import money
from egov_kg.store import query

KINDS = ("cooperation", "funding", "all")
FORMATS = ("graphml", "gexf", "json")

#: Node colours by organisation type (the ``organizations`` table's types): Paul Tol's "muted"
#: scheme, told apart by colour-blind readers too, plus white and grey, and none near an edge colour.
NODE_COLOURS = {
    "state": "#332288", "ministry": "#aa4499", "authority": "#88ccee", "parliament": "#882255",
    "district": "#117733", "municipal_association": "#999933", "municipality": "#44aa99", "party": "#cc6677",
    "university": "#ddcc77", "company": "#a6761d", "cooperation": "#ffffff", "other": "#bbbbbb",
}
#: Edge colours by kind: near-black lines between cooperating members, orange arrows for money.
EDGE_COLOURS = {"cooperation": "#222222", "funding": "#e8601c"}

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
        for grant in sorted(money.grants(store), key=lambda g: g.iri):
            via = "; ".join(names.get(iri, (iri, ""))[0] for iri in grant.via)
            for funder in grant.funders:
                graph.add_edge(node(funder), node(grant.recipient), key=f"funding {grant.iri}", kind="funding",
                               label="funding", weight=float(grant.share), amount=float(grant.amount), via=via)
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
    """Components, centralities, and the biggest funders and recipients by euro.

    The edges' weights count each euro once (``money.py``), so they add up without double counting.
    """
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
        funders=ranked(+funded_out),  # + drops the zeros: a total whose parts went on counts nothing itself
        recipients=ranked(+funded_in),
    )


def _stress_layout(graph) -> dict[str, tuple[float, float]]:  # noqa: ANN001 - a connected networkx Graph
    """Positions whose distances follow the graph's path lengths (stress majorisation, weights 1/d²).

    Deterministic: it starts from a circle in node order. Needs only numpy (no scipy).
    """
    nodes = sorted(graph)
    n = len(nodes)
    if n < 3:
        return {node: (float(i), 0.0) for i, node in enumerate(nodes)}
    index = {node: i for i, node in enumerate(nodes)}
    target = np.zeros((n, n))
    for source, lengths in nx.all_pairs_shortest_path_length(graph):
        for other, length in lengths.items():
            target[index[source], index[other]] = length
    weights = np.where(target > 0, 1.0 / np.maximum(target, 1) ** 2, 0.0)
    laplacian = np.diag(weights.sum(axis=1)) - weights
    inverse = np.linalg.pinv(laplacian)
    angles = 2 * np.pi * np.arange(n) / n
    positions = np.column_stack([np.cos(angles), np.sin(angles)]) * n ** 0.5
    for _ in range(200):
        gaps = np.linalg.norm(positions[:, None, :] - positions[None, :, :], axis=2)
        ratio = np.where(gaps > 1e-9, weights * target / np.maximum(gaps, 1e-9), 0.0)
        b = np.diag(ratio.sum(axis=1)) - ratio
        updated = inverse @ b @ positions
        if np.abs(updated - positions).max() < 1e-4:
            positions = updated
            break
        positions = updated
    return {node: (float(positions[i, 0]), float(positions[i, 1])) for node, i in index.items()}


def layout(graph: nx.MultiDiGraph, *, width: int = 1200) -> tuple[dict[str, tuple[float, float]], int, float]:
    """Node positions in a ``width``-wide canvas (y grows downwards), and the canvas size.

    Each connected group is laid out on its own and the groups are packed in rows, biggest
    first: one spring layout of all groups pushes small groups into the corners.
    """
    simple = nx.Graph(graph.to_undirected())
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = right = 0.0
    margin = 24.0
    for nodes in components:
        size = 120.0 + 110.0 * len(nodes) ** 0.5
        label_room = 7.5 * min(40, max(len(str(graph.nodes[n].get("label", n))) for n in nodes))
        if x + size + label_room > width and x > 0:
            x, y, row_height = 0.0, y + row_height, 0.0
        sub = simple.subgraph(nodes)
        placed = _stress_layout(sub) if len(nodes) <= 400 else nx.circular_layout(sub)
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        inner = size - 2 * margin
        for node, (px, py) in placed.items():
            fx = 0.5 if len(nodes) == 1 else (px - min(xs)) / span_x
            fy = 0.5 if len(nodes) == 1 else (py - min(ys)) / span_y
            positions[node] = (x + margin + fx * inner, y + margin + fy * inner * 0.8)
        x += size + label_room
        right = max(right, x)
        row_height = max(row_height, size * 0.85)
    return positions, max(width, int(right)), y + row_height + 10


def plot_network(graph: nx.MultiDiGraph, path: Path) -> None:
    """Draw the network with readable labels: colour by organisation type, edges by kind, and an
    arrow from funder to recipient on every funding edge."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "egov-kg"  # deterministic SVG ids
    simple = nx.Graph(graph.to_undirected())
    placed, width, height = layout(graph)
    positions = {node: (px, -py) for node, (px, py) in placed.items()}  # matplotlib's y grows upwards
    fig, ax = plt.subplots(figsize=(width / 100 + 2.5, max(height, 200) / 100 + 1))
    types = sorted({d.get("type", "other") for _, d in graph.nodes(data=True)})
    cooperations = sorted({(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "cooperation"})
    nx.draw_networkx_edges(simple, positions, edgelist=cooperations, edge_color=EDGE_COLOURS["cooperation"], ax=ax,
                           width=1.4, alpha=0.8, node_size=220)
    fundings = sorted({(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "funding"})
    nx.draw_networkx_edges(nx.DiGraph(fundings), positions, edgelist=fundings, style="dashed", arrows=True,
                           arrowstyle="-|>", arrowsize=14, edge_color=EDGE_COLOURS["funding"], ax=ax, width=1.6,
                           node_size=220)
    for t in types:
        nodes = [n for n, d in graph.nodes(data=True) if d.get("type", "other") == t]
        nx.draw_networkx_nodes(simple, positions, nodelist=nodes, node_color=[NODE_COLOURS.get(t, "#bbbbbb")],
                               node_size=220, label=t, ax=ax, edgecolors="#333333", linewidths=0.6)
    beside = {node: (px + 9, py) for node, (px, py) in positions.items()}  # labels right of their node
    nx.draw_networkx_labels(simple, beside, labels=nx.get_node_attributes(graph, "label"), font_size=9, ax=ax,
                            horizontalalignment="left", clip_on=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False, markerscale=0.5,
              title="type · black: cooperation\norange arrow: funding")
    ax.margins(x=0.22, y=0.08)  # room for the labels of the outermost nodes
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None} if path.suffix == ".svg" else None, dpi=120)
    plt.close(fig)
