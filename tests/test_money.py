"""Money counted once: a total and its parts, and a grant with several funders."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from importlib import resources

import pytest

from egov_kg import money
from egov_kg.network import network_stats, organisation_network
from egov_kg.ontology.rdf import all_quads
from egov_kg.records import AmountMention, Funding, OrgMention
from egov_kg.resolve import resolve
from egov_kg.store import load_store, query, write_graph
from tests.conftest import make_facts

STATE = "state:16"
MINISTRY = "ministry:16:finanz"


def _facts(*, parts: tuple[str, ...] = ("60000", "40000"), funders: tuple[str, ...] = (STATE,)):
    """A total of 100,000 euro to the district and its parts to the district's members."""
    facts = make_facts("a.txt")
    ev = facts.amounts[0].evidence
    total = AmountMention(ev, "insgesamt 100.000 Euro", Decimal("100000"))
    amounts = [total]
    grants = [Funding(replace(ev, rule="funding.total"), "district:beispiel", total, funders=funders)]
    for i, (value, recipient) in enumerate(zip(parts, ("municipality:123", "cooperation:arbeitsgemeinschaft-netz"))):
        part = AmountMention(replace(ev, start=ev.start + 1 + i), f"{value} Euro", Decimal(value), part_of=ev)
        amounts.append(part)
        grants.append(Funding(replace(part.evidence, rule="funding.part"), recipient, part, funders=funders))
    ministry = OrgMention(replace(ev, rule="org.ministry"), MINISTRY, "Thüringer Finanzministerium", "ministry",
                          "Thüringer Finanzministerium", state="16")
    return replace(facts, orgs=(*facts.orgs, ministry), amounts=tuple(amounts), fundings=tuple(grants))


def _store(tmp_path, facts):
    write_graph(all_quads([facts], resolve([facts])), tmp_path)
    return load_store(tmp_path)


def _stats(store):
    return network_stats(organisation_network(store, kind="funding"))


def test_parts_count_instead_of_their_total(tmp_path):
    store = _store(tmp_path, _facts())
    found = {g.recipient.rsplit("/", 1)[-1]: g for g in money.grants(store)}
    assert found["beispiel"].amount == 100000 and found["beispiel"].counted == 0
    assert found["123"].counted == 60000 and found["arbeitsgemeinschaft-netz"].counted == 40000
    assert sum(g.counted for g in found.values()) == 100000
    assert _stats(store).funders == [("Thüringen", 100000.0)]


def test_a_total_counts_what_its_stated_parts_leave(tmp_path):
    store = _store(tmp_path, _facts(parts=("60000",)))
    assert _stats(store).recipients == [("Adorf", 60000.0), ("Landkreis Beispiel", 40000.0)]
    assert _stats(store).funders == [("Thüringen", 100000.0)]


def test_the_fundings_table_links_parts_to_their_total_and_counts_each_euro_once(tmp_path):
    store = _store(tmp_path, _facts())
    sparql = (resources.files("egov_kg.queries") / "fundings.rq").read_text(encoding="utf-8")
    table = query(store, sparql)
    rows = {r["recipient_name"]: r for r in (dict(zip(table.columns, row)) for row in table.rows)}
    total = rows["Landkreis Beispiel"]
    assert total["amount"] == "100000" and total["counted_amount"] == "0" and total["part_of"] == ""
    assert rows["Adorf"]["part_of"] == total["grant"] and rows["Adorf"]["counted_amount"] == "60000"
    assert sum(Decimal(r["counted_amount"]) for r in rows.values()) == 100000
    assert query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?part egov:partOf ?total }").rows == (("4",),)  # 2 amounts, 2 grants


def test_a_ministry_gives_through_its_state_once(tmp_path):
    store = _store(tmp_path, _facts(funders=(STATE, MINISTRY)))
    grants = money.grants(store)
    assert all(g.funders == (grants[0].funders[0],) and g.funders[0].endswith("/state/16") for g in grants)
    assert all(g.via and g.via[0].endswith("/ministry/16/finanz") for g in grants)
    stats = _stats(store)
    assert stats.funders == [("Thüringen", 100000.0)]
    assert stats.recipients == [("Adorf", 60000.0), ("Arbeitsgemeinschaft Netz", 40000.0)]


def test_independent_funders_share_a_grant(tmp_path):
    store = _store(tmp_path, _facts(parts=(), funders=(STATE, "district:beispiel")))
    stats = _stats(store)
    assert sorted(stats.funders) == [("Landkreis Beispiel", 50000.0), ("Thüringen", 50000.0)]
    assert stats.recipients == [("Landkreis Beispiel", 100000.0)]


@pytest.mark.parametrize("kind", ["funding", "all"])
def test_network_weights_add_up_to_the_money_granted(tmp_path, kind):
    store = _store(tmp_path, _facts(funders=(STATE, MINISTRY)))
    graph = organisation_network(store, kind=kind)
    weights = [d["weight"] for _, _, d in graph.edges(data=True) if d["kind"] == "funding"]
    amounts = sorted(d["amount"] for _, _, d in graph.edges(data=True) if d["kind"] == "funding")
    assert sum(weights) == 100000.0 and amounts == [40000.0, 60000.0, 100000.0]


def test_the_report_headline_and_charts_count_each_euro_once_written_the_german_way(tmp_path):
    from egov_kg.report import _euro, render_report

    _store(tmp_path, _facts(parts=("60000.5", "39999.5")))
    page = render_report(tmp_path).html
    assert '<b>100.000\u00a0€</b><span>granted</span>' in page
    chart = page[page.index('id="money-recipient"'):]
    chart = chart[: chart.index("</svg>")]
    assert "Adorf: 60.000,50\u00a0€" in chart and "Arbeitsgemeinschaft Netz: 39.999,50\u00a0€" in chart
    assert "Landkreis Beispiel" not in chart  # its total went on to its parts
    assert _euro("145012.03") == "145.012,03\u00a0€" and _euro("1250000000") == "1.250.000.000\u00a0€"
