"""One self-contained HTML page to look at a build: texts with their mentions, facts, charts.

Per press release the text is shown with every extracted mention highlighted by kind
(displaCy-style marks) and the facts read from it beside it; hovering a fact outlines the
text it came from. Above them: the organisation network, money by recipient and by year, and
the contradictions the build found (``OUTPUT/report.json``). The page loads nothing from
anywhere (styles, script and pictures are inline; a Content-Security-Policy forbids the rest).

The graph stores where each fact was read (offsets, quote, sentence) but not the whole text.
Given the corpus folder, the report re-reads each press release and uses it if its SHA-256
equals the one in the graph; otherwise it shows the sentences that facts were read from.
"""

from __future__ import annotations

import html
import json
import string
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from pyoxigraph import Store

from egov_kg.evidence import FACT_COLUMN
from egov_kg.network import EDGE_COLOURS, NODE_COLOURS, layout
from egov_kg.store import Table, load_store, query
from egov_kg.table_files import shipped_table

#: Mention kinds by the first part of a rule id: label, and whether it is marked in the text.
KINDS: dict[str, tuple[str, bool]] = {
    "person": ("Person", True),
    "org": ("Organisation", True),
    "role": ("Role", True),
    "money": ("Amount", True),
    "date": ("Date", True),
    "event": ("Event", True),
    "funding": ("Grant", False),
    "coop": ("Cooperation", False),
}
#: Which marks win where two overlap and are equally long (earlier wins).
MARK_PRIORITY = ("person", "role", "money", "date", "event", "org")
#: Fact cards beside the text: table (shipped query), rule prefix, heading.
FACT_TABLES = (("roles", "role", "Roles"), ("fundings", "funding", "Grants"),
               ("cooperations", "coop", "Cooperations"), ("events", "event", "Events"))
TOP_RECIPIENTS = 15

_EVIDENCE = """
SELECT ?document ?fact ?rule ?start ?end ?exact ?sentence ?sentence_start WHERE {
  GRAPH ?document {
    ?fact egov:evidence ?ev .
    ?ev oa:start ?start ; oa:end ?end ; oa:exact ?exact ; egov:rule ?rule .
    OPTIONAL { ?ev egov:sentence ?sentence ; egov:sentenceStart ?sentence_start }
  }
}"""

_LABELS = """
SELECT ?fact (SAMPLE(?label) AS ?name) WHERE {
  ?fact egov:evidence ?ev .
  { ?fact schema:name ?label } UNION { ?fact egov:roleLabel ?label } UNION { ?fact schema:value ?label }
}
GROUP BY ?fact"""


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted mention; offsets into the press release's text."""

    start: int
    end: int
    kind: str
    title: str
    quote: str


@dataclass(frozen=True, slots=True)
class FactCard:
    kind: str
    summary: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of text shown: the whole release (``exact``) or one sentence with facts."""

    offset: int
    text: str
    exact: bool


@dataclass(frozen=True, slots=True)
class Report:
    html: str
    documents: int
    full_texts: int
    marks: int
    facts: int
    contradictions: int


def render_report(output: Path, *, corpus: Path | None = None,
                  on_document: Callable[[str], None] | None = None) -> Report:
    """The report of the build in ``output`` as one HTML page.

    Args:
        output: a build's output folder.
        corpus: the folder the build read; its texts are shown whole where they are unchanged.
        on_document: called with each press release's file name as it is rendered.
    """
    store = load_store(output)
    documents = shipped_table(store, "documents")
    tables = {name: shipped_table(store, name) for name in ("roles", "fundings", "cooperations", "events")}
    labels = dict(query(store, _LABELS).rows)
    fact_rows = _fact_rows(tables)
    evidence: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for row in query(store, _EVIDENCE).rows:
        evidence[row[0]].append(row[1:])
    contradictions, contradiction_note = _contradictions(output)

    sections, marks_total, facts_total, full = [], 0, 0, 0
    for source_file, title, published, doc_iri, sha256 in documents.rows:
        text = _corpus_text(corpus, source_file, sha256)
        full += text is not None
        marks, cards = _document_facts(evidence.get(doc_iri, []), fact_rows, labels)
        section = _document_section(doc_iri, source_file, title, published, text, evidence.get(doc_iri, []),
                                    marks, cards)
        marks_total += section.count('<mark class="entity')  # as shown: overlaps and missing words dropped
        facts_total += len(cards)
        sections.append(section)
        if on_document is not None:
            on_document(source_file)

    overview = _overview(store, documents, tables, contradictions)
    charts = _charts(documents, tables["fundings"])
    network = _network_section(store)
    conflicts = _contradictions_section(contradictions, contradiction_note)
    legend = "".join(f'<span class="swatch kind-{k}">{html.escape(label)}</span>'
                     for k, (label, marked) in KINDS.items() if marked)
    if corpus is None:
        note = "Texts: only the sentences facts were read from (give the corpus folder for whole texts)."
    else:
        note = f"Texts: {full} of {len(documents.rows)} press releases whole from {corpus}" + (
            "." if full == len(documents.rows) else "; the others (missing or changed since the build) by sentences.")
    doc_nav = "".join(f'<li><a href="#{_anchor(row[0])}">{html.escape(row[1] or row[0])}</a></li>'
                      for row in documents.rows)
    body = (
        f"{overview}{network}{charts}{conflicts}"
        f'<section class="block" id="releases"><h2>Press releases</h2>'
        f'<p class="muted">{html.escape(note)} Hover a fact to see where it was read.</p>'
        f'<div class="legend">{legend}</div><ol>{doc_nav}</ol></section>'
        + "".join(sections)
    )
    page = _template().substitute(title=html.escape(f"egov-kg report: {output.name or output}"),
                                  css=_asset("report.css"), js=_asset("report.js"), body=body,
                                  heading=html.escape("egov-kg report"),
                                  subtitle=html.escape(f"{len(documents.rows)} press releases from {output}"))
    return Report(page, len(documents.rows), full, marks_total, facts_total, len(contradictions))


# --- reading -------------------------------------------------------------------------------------------------




def _asset(name: str) -> str:
    return (resources.files("egov_kg.report_assets") / name).read_text(encoding="utf-8")


def _template() -> string.Template:
    return string.Template(_asset("report.html"))


def _corpus_text(corpus: Path | None, source_file: str, sha256: str) -> str | None:
    """The press release's text as the build read it, or None if it is missing or changed."""
    if corpus is None:
        return None
    from egov_kg.reading import SourceText, read_file

    path = corpus / source_file
    if not path.is_file():
        return None
    item = read_file(path, source_file)
    return item.text if isinstance(item, SourceText) and item.sha256 == sha256 else None


def _contradictions(output: Path) -> tuple[list[dict], str]:
    path = output / "report.json"
    if not path.is_file():
        return [], ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = data.get("contradictions", []) if isinstance(data, dict) else []
        return [c for c in found if isinstance(c, dict)], ""
    except (OSError, ValueError) as exc:
        return [], f"{path} could not be read: {exc}"


def _fact_rows(tables: dict[str, Table]) -> dict[str, list[tuple[str, str, dict[str, str]]]]:
    """Each fact's table rows by its IRI: (table, kind, row); an office may have several wordings."""
    index: dict[str, list[tuple[str, str, dict[str, str]]]] = defaultdict(list)
    for table_name, kind, _ in FACT_TABLES:
        table = tables[table_name]
        for row in table.rows:
            record = dict(zip(table.columns, row))
            index[record[FACT_COLUMN[table_name]]].append((table_name, kind, record))
    return index


def _document_facts(rows: list[tuple[str, ...]], facts: dict[str, list[tuple[str, str, dict[str, str]]]],
                    labels: dict[str, str]) -> tuple[list[Mark], list[FactCard]]:
    """Marks (entity mentions) and fact cards of one press release from its evidence rows."""
    first_evidence: dict[str, tuple[int, int, str]] = {}
    marks = []
    for fact, rule, start, end, exact, *_ in sorted(rows, key=lambda r: (int(r[2]), int(r[3]), r[1])):
        kind = rule.split(".", 1)[0]
        s, e = int(start), int(end)
        first_evidence.setdefault(fact, (s, e, exact))
        if kind not in KINDS or not KINDS[kind][1]:
            continue
        title = f"{KINDS[kind][0]}: {labels.get(fact, exact)} ({rule})"
        if kind == "role":  # the office's own words inside the phrase naming person and office
            wordings = [r["role"] for table, _, r in facts.get(fact, []) if table == "roles"]
            found = [(exact.find(w), w) for w in wordings if w and w in exact]
            if not found:
                continue
            at, label = min(found)
            s, e, exact = s + at, s + at + len(label), label
        marks.append(Mark(s, e, kind, title, exact))
    cards = []
    for fact, (s, e, exact) in first_evidence.items():
        rows_of_fact = facts.get(fact, [])
        worded = [r for r in rows_of_fact if r[0] != "roles" or r[2]["role"] in exact]
        for table_name, kind, record in (worded or rows_of_fact)[:1]:
            cards.append(FactCard(kind, _summary(table_name, record), exact, s, e))
    order = {kind: i for i, (_, kind, _) in enumerate(FACT_TABLES)}
    return marks, sorted(cards, key=lambda c: (order[c.kind], c.summary))


def _summary(table: str, row: dict[str, str]) -> str:
    def joined(*parts: str) -> str:
        return ", ".join(p for p in parts if p)

    if table == "roles":
        when = joined(f"since {row['start']}" if row["start"] else "", f"until {row['end']}" if row["end"] else "",
                      row["status"])
        return joined(f"{row['person_name']}: {row['role']}", row["organization_name"]) + (f" ({when})" if when else "")
    if table == "fundings":
        amount = _euro(row["amount"])
        head = f"{row['qualifier']} {amount}".strip() + f" to {row['recipient_name']}"
        return joined(head, f"from {row['funder_name']}" if row["funder_name"] else "",
                      f"programme {row['programme']}" if row["programme"] else "",
                      f"for {row['purpose']}" if row["purpose"] else "", row["date"])
    if table == "cooperations":
        title = row["name"] or row["type"] or "cooperation"
        return joined(f"{title}: {row['parties']}", row["type"] if row["name"] else "",
                      f"founded {row['date']}" if row["date"] else "")
    dates = "–".join(d for d in (row["start_date"], row["end_date"]) if d)
    return joined(row["name"], dates, row["place"], f"{row['participants']} participants" if row["participants"] else "",
                  f"by {row['organisers']}" if row["organisers"] else "")


# --- rendering ------------------------------------------------------------------------------------------------


def _anchor(source_file: str) -> str:
    return "doc-" + "".join(c if c.isalnum() else "-" for c in source_file)


def _document_section(doc_iri: str, source_file: str, title: str, published: str, text: str | None,
                      rows: list[tuple[str, ...]], marks: list[Mark], cards: list[FactCard]) -> str:
    if text is not None:
        passages = [Passage(0, text, exact=True)]
    else:
        sentences = {int(r[6]): r[5] for r in rows if r[5] and r[6]}
        passages = [Passage(start, sentence, exact=False) for start, sentence in sorted(sentences.items())]
    boundaries = {b for card in cards for b in (card.start, card.end)}
    rendered = "".join(_passage_html(p, marks, boundaries) for p in passages) or '<p class="muted">No facts.</p>'
    by_kind = defaultdict(list)
    for card in cards:
        by_kind[card.kind].append(card)
    panels = []
    for _, kind, heading in FACT_TABLES:
        if by_kind[kind]:
            items = "".join(
                f'<div class="fact kind-{kind}" data-s="{c.start}" data-e="{c.end}">{html.escape(c.summary)}'
                f"<q>{html.escape(_shorten(c.quote, 180))}</q></div>" for c in by_kind[kind])
            panels.append(f"<h4>{html.escape(heading)} ({len(by_kind[kind])})</h4>{items}")
    counts = defaultdict(int)
    for mark in marks:
        counts[mark.kind] += 1
    mentions = ", ".join(f"{KINDS[k][0]} {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    meta = " · ".join(html.escape(p) for p in (source_file, published, mentions or "no mentions") if p)
    return (
        f'<section class="block" id="{_anchor(source_file)}" data-document="{html.escape(doc_iri)}">'
        f"<h3>{html.escape(title or source_file)}</h3><div class=\"meta\">{meta}</div>"
        f'<div class="document"><div class="text">{rendered}</div>'
        f'<div class="facts">{"".join(panels) or "<p class=muted>No roles, grants, cooperations or events.</p>"}'
        f"</div></div></section>"
    )


def _passage_html(passage: Passage, marks: list[Mark], boundaries: set[int]) -> str:
    """The passage with non-overlapping marks; plain stretches split where facts begin or end."""
    text, offset = passage.text, passage.offset
    local = []
    for mark in marks:
        if passage.exact:
            s, e = mark.start, mark.end
        else:
            found = _find_near(text, mark.quote, mark.start - offset)
            if found is None:
                continue
            s, e = offset + found, offset + found + len(mark.quote)
        if offset <= s and e <= offset + len(text):
            local.append(Mark(s, e, mark.kind, mark.title, mark.quote))
    chosen = _without_overlaps(local)
    cuts = sorted({offset, offset + len(text), *(b for b in boundaries if offset < b < offset + len(text))})
    out, position = [], offset
    for mark in chosen:
        out.append(_plain(text, offset, position, mark.start, cuts))
        label = KINDS[mark.kind][0]
        out.append(f'<mark class="entity kind-{mark.kind}" data-s="{mark.start}" data-e="{mark.end}" '
                   f'title="{html.escape(mark.title)}">{html.escape(text[mark.start - offset:mark.end - offset])}'
                   f'<span class="label">{html.escape(label)}</span></mark>')
        position = mark.end
    out.append(_plain(text, offset, position, offset + len(text), cuts))
    body = "".join(out)
    return body if passage.exact else f'<p class="passage">{body}</p>'


def _find_near(text: str, quote: str, expected: int) -> int | None:
    """Where a mention's words are in a sentence whose white space may have been tidied: the
    occurrence nearest to where the offsets put it, if it is in this sentence at all."""
    if not quote or expected < -2 or expected > len(text):
        return None
    hits, at = [], text.find(quote)
    while at >= 0:
        hits.append(at)
        at = text.find(quote, at + 1)
    return min(hits, key=lambda h: abs(h - expected)) if hits else None


def _plain(text: str, offset: int, start: int, end: int, cuts: list[int]) -> str:
    if start >= end:
        return ""
    points = [start, *(c for c in cuts if start < c < end), end]
    return "".join(f'<span data-s="{a}" data-e="{b}">{html.escape(text[a - offset:b - offset])}</span>'
                   for a, b in zip(points, points[1:]))


def _without_overlaps(marks: Iterable[Mark]) -> list[Mark]:
    """Longest mark first, then by kind priority; a mark overlapping a chosen one is dropped."""
    rank = {k: i for i, k in enumerate(MARK_PRIORITY)}
    chosen: list[Mark] = []
    for mark in sorted(set(marks), key=lambda m: (m.start - m.end, rank.get(m.kind, 99), m.start)):
        if all(mark.end <= c.start or mark.start >= c.end for c in chosen):
            chosen.append(mark)
    return sorted(chosen, key=lambda m: m.start)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _euro(value: str) -> str:
    """An amount the German way: ``145.012,03 €``, ``249.000 €`` (a no-break space before the sign)."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError):
        return value
    english = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return english.translate(_GERMAN_SEPARATORS) + "\u00a0€"


_GERMAN_SEPARATORS = str.maketrans({",": ".", ".": ","})


# --- overview, charts, network, contradictions ------------------------------------------------------------------

_COUNTS = """
SELECT
  (COUNT(DISTINCT ?person) AS ?persons) (COUNT(DISTINCT ?org) AS ?organisations)
WHERE {
  { ?person a schema:Person } UNION { ?document schema:mentions ?org . ?org a org:Organization }
}"""


def _overview(store: Store, documents: Table, tables: dict[str, Table], contradictions: list[dict]) -> str:
    persons, organisations = query(store, _COUNTS).rows[0]
    fundings = tables["fundings"]
    total = sum((_decimal(v) for v in _column(fundings, "counted_amount")), Decimal(0))  # each euro once
    figures = (
        (len(documents.rows), "press releases"), (persons, "persons"), (organisations, "organisations"),
        (len(tables["roles"].rows), "offices held"), (len(fundings.rows), "grants"), (_euro(str(total)), "granted"),
        (len(tables["cooperations"].rows), "cooperations"), (len(tables["events"].rows), "events"),
        (len(contradictions), "contradictions"),
    )
    cells = "".join(f'<div class="figure"><b>{html.escape(str(n))}</b><span>{html.escape(label)}</span></div>'
                    for n, label in figures)
    return f'<section class="block" id="overview"><h2>Overview</h2><div class="figures">{cells}</div></section>'


def _column(table: Table, name: str) -> list[str]:
    index = table.columns.index(name)
    return [row[index] for row in table.rows]


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value)
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _charts(documents: Table, fundings: Table) -> str:
    """Money by recipient and by year (the grant's date, else the press release's), each euro once:
    where a total's parts are stated, the parts count and the total only with what they leave."""
    published = {row[0]: row[2] for row in documents.rows}
    by_recipient: dict[str, Decimal] = defaultdict(Decimal)
    by_year: dict[str, Decimal] = defaultdict(Decimal)
    for row in fundings.rows:
        record = dict(zip(fundings.columns, row))
        amount = _decimal(record["counted_amount"])
        if not amount:
            continue
        by_recipient[record["recipient_name"]] += amount
        year = (record["date"] or published.get(record["source_file"], ""))[:4]
        by_year[year if year.isdigit() else "unknown"] += amount
    ranked = sorted(by_recipient.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > TOP_RECIPIENTS:
        rest = sum((v for _, v in ranked[TOP_RECIPIENTS:]), Decimal(0))
        ranked = [*ranked[:TOP_RECIPIENTS], (f"{len(ranked) - TOP_RECIPIENTS} others", rest)]
    years = sorted(by_year.items(), key=lambda kv: (kv[0] == "unknown", kv[0]))
    return (
        '<section class="block" id="money"><h2>Money</h2><div class="charts">'
        f'<figure><figcaption>Granted by recipient (euro)</figcaption>{_bar_chart(ranked, "money-recipient")}</figure>'
        f'<figure><figcaption>Granted by year (the grant\'s date, else the press release\'s)</figcaption>'
        f'{_bar_chart(years, "money-year")}</figure></div></section>'
    )


def _bar_chart(rows: list[tuple[str, Decimal]], ident: str, *, width: int = 600, label_width: int = 290) -> str:
    """A horizontal bar chart as inline SVG; the value is written beside each bar."""
    if not rows:
        return '<p class="muted">No grants.</p>'
    bar_height, gap, top = 18, 8, 6
    value_width = 110
    scale_width = width - label_width - value_width
    largest = max((float(v) for _, v in rows), default=0.0) or 1.0
    height = top * 2 + len(rows) * (bar_height + gap)
    parts = [f'<svg class="chart" id="{ident}" viewBox="0 0 {width} {height}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_height + gap)
        length = max(1.0, scale_width * float(value) / largest)
        shown = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<g><title>{html.escape(label)}: {html.escape(_euro(str(value)))}</title>'
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end">{html.escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{EDGE_COLOURS["funding"]}" rx="2"/>'
            f'<text class="value" x="{label_width + length + 6:.1f}" y="{y + 13}">{html.escape(_euro(str(value)))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _network_section(store: Store) -> str:
    from egov_kg.network import organisation_network

    graph = organisation_network(store)
    if graph.number_of_nodes() == 0:
        picture = '<p class="muted">No cooperations or grants link organisations.</p>'
    else:
        picture = network_svg(graph)
    return (
        '<section class="block network" id="network"><h2>Organisation network</h2>'
        f'<p class="muted">{graph.number_of_nodes()} organisations, {graph.number_of_edges()} links: '
        "cooperation (black lines) between members, funding (orange arrows) from funder to recipient.</p>"
        f"{picture}</section>"
    )


#: The radius of a node's circle in the network picture; edges end at its rim.
NODE_RADIUS = 8


def network_svg(graph, *, width: int = 1200) -> str:  # noqa: ANN001 - a networkx MultiDiGraph
    """The organisation network as inline SVG: each connected group laid out on its own, biggest first;
    funding edges end in an arrow at the recipient's rim."""
    positions, width, height = layout(graph, width=width)
    funding = EDGE_COLOURS["funding"]
    parts = [f'<svg class="chart network-graph" viewBox="0 0 {width} {height:.0f}" role="img" '
             'xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
             'markerWidth="6" markerHeight="6" markerUnits="strokeWidth" orient="auto">'
             f'<path d="M0,0L10,5L0,10z" fill="{funding}"/></marker></defs>']
    seen = set()
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[2]["kind"], e[0], e[1])):
        key = (data["kind"], u, v)
        if key in seen:
            continue
        seen.add(key)
        (x1, y1), (x2, y2) = positions[u], _at_rim(positions[u], positions[v], NODE_RADIUS + 1)
        if data["kind"] == "funding":
            style = f'stroke="{funding}" stroke-dasharray="6 4" marker-end="url(#arrow)"'
            title = f"funding: {_euro(str(data['amount']))}" if "amount" in data else "funding"
            if data.get("weight", 0) < data.get("amount", 0):
                title += " (a total: its parts count instead)"
        else:
            style = f'stroke="{EDGE_COLOURS["cooperation"]}"'
            title = data.get("label", "cooperation")
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style} stroke-width="1.6" '
                     f'opacity="0.85"><title>{html.escape(title)}</title></line>')
    for node in sorted(positions):
        data = graph.nodes[node]
        px, py = positions[node]
        colour = NODE_COLOURS.get(data.get("type", "other"), NODE_COLOURS["other"])
        label = str(data.get("label", node))
        parts.append(
            f'<g class="node"><title>{html.escape(label)} ({html.escape(data.get("type", "other"))})</title>'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{NODE_RADIUS}" fill="{colour}" stroke="#333" stroke-width="0.7"/>'
            f'<text x="{px + 11:.1f}" y="{py + 4:.1f}" paint-order="stroke" stroke="#fff" stroke-width="3">'
            f"{html.escape(label if len(label) <= 40 else label[:39] + '…')}</text></g>"
        )
    parts.append("</svg>")
    types = sorted({graph.nodes[n].get("type", "other") for n in graph})
    keys = [f'<span class="key"><i class="dot" style="background:{NODE_COLOURS.get(t, NODE_COLOURS["other"])}"></i>'
            f"{html.escape(t.replace('_', ' '))}</span>" for t in types]
    keys += [f'<span class="key"><i class="edge" style="border-top-color:{EDGE_COLOURS["cooperation"]}"></i>'
             "cooperation</span>",
             f'<span class="key"><i class="edge funding" style="border-top-color:{funding}"></i>funding →</span>']
    return f'<div class="legend">{"".join(keys)}</div>' + "".join(parts)


def _at_rim(start: tuple[float, float], end: tuple[float, float], radius: float) -> tuple[float, float]:
    """The point ``radius`` before ``end`` on the line from ``start``: where an arrow meets a node's rim."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length <= radius:
        return end
    return end[0] - dx * radius / length, end[1] - dy * radius / length


def _contradictions_section(contradictions: list[dict], note: str) -> str:
    if not contradictions:
        body = f'<p class="muted">{html.escape(note or "None found.")}</p>'
    else:
        rows = []
        for item in contradictions:
            claims = "".join(
                f"<li><b>{html.escape(str(c.get('value', '')))}</b> "
                f"<span class=\"muted\">({html.escape(str(c.get('source_file', '')))})</span>"
                f"<q>{html.escape(_shorten(str(c.get('text', '')), 220))}</q></li>"
                for c in item.get("claims", []) if isinstance(c, dict))
            rows.append(f"<tr><td>{html.escape(str(item.get('kind', '')))}</td>"
                        f"<td>{html.escape(str(item.get('subject', '')))}</td><td><ul>{claims}</ul></td></tr>")
        body = ('<table class="contradictions"><thead><tr><th>kind</th><th>about</th><th>claims</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>")
    return f'<section class="block" id="contradictions"><h2>Contradictions</h2>{body}</section>'
