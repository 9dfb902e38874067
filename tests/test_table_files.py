"""The shipped tables a build keeps: the rows of their queries, in their order, read without the engine."""

from __future__ import annotations

import json
import platform
from pathlib import Path

import pytest
import regex
from pyoxigraph import RdfFormat, Store

from egov_kg import outputs, table_files
from egov_kg.build import build
from egov_kg.errors import OutputError
from egov_kg.ontology.namespaces import DEFAULT_BASE_IRI
from egov_kg.store import load_store, query, write_graph
from egov_kg.table_files import TABLE_DIR, read_table, shipped_queries
from tests.conftest import make_facts

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("output")
    build(ROOT / "corpus", folder, jobs=1, validate=False)
    return folder


def _no_engine(*args: object, **kwargs: object) -> None:
    raise AssertionError("the graph was loaded for a table the build keeps")


@pytest.mark.parametrize("kind", sorted(shipped_queries()))
def test_a_kept_table_has_the_rows_of_its_query_in_their_order(output, kind, monkeypatch):
    expected = table_files.shipped_table(load_store(output, named=False), kind)
    monkeypatch.setattr(table_files, "load_store", _no_engine)
    table, base = read_table(output, kind)
    assert table == expected and base == DEFAULT_BASE_IRI
    assert table.rows or kind == "events"  # the sample corpus announces no event


def test_tables_are_computed_without_the_statements_no_shipped_query_names(output, tmp_path):
    kept = table_files._table_store(outputs.current(output), tmp_path, tmp_path / "store")
    whole = load_store(output, named=False)
    unnamed = "SELECT (COUNT(*) AS ?n) WHERE { ?s oa:exact|egov:sentence|egov:rule ?o }"
    assert query(kept, unnamed).rows == (("0",),) and query(whole, unnamed).rows != (("0",),)
    named = "SELECT ?s ?o WHERE { ?s schema:name ?o } ORDER BY ?s ?o"
    assert query(kept, named) == query(whole, named) and len(kept) < len(whole) / 2


def test_tables_computed_from_statements_loaded_in_many_pieces_are_the_same(output, tmp_path, monkeypatch):
    generation = outputs.current(output)
    monkeypatch.setattr(table_files, "_PIECE", 1000)
    stores = []
    monkeypatch.setattr(table_files, "Store", lambda *path: stores.append(path) or Store(*path))
    table_files.write_tables(generation, tmp_path / "again")
    kept = sorted(p.name for p in (generation / TABLE_DIR).iterdir())
    assert sorted(p.name for p in (tmp_path / "again" / TABLE_DIR).iterdir()) == kept
    assert all((tmp_path / "again" / TABLE_DIR / name).read_bytes() == (generation / TABLE_DIR / name).read_bytes()
               for name in kept)
    assert stores and stores[0][0].startswith(str(generation))  # nothing kept: a store inside the generation written
    assert not list(generation.glob(".tables-*"))  # and removed after


def test_a_concatenated_list_is_sorted_whatever_order_the_store_yields_its_values():
    egov, rdf_type = "https://w3id.org/egov-kg/ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    lines = [f"<urn:c> <{rdf_type}> <{egov}Cooperation> .",
             "<urn:c> <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:d> .",
             f'<urn:d> <{egov}sourceFile> "a.txt" .',
             *(f"<urn:c> <http://www.w3.org/ns/org#hasMember> <urn:{name}> ." for name in "bac"),
             *(f'<urn:{name}> <https://schema.org/name> "{name.upper()}" .' for name in "bac")]
    tables, raw = [], set()
    for order in (lines, lines[::-1]):
        store = Store()
        store.bulk_load(input="\n".join(order), format=RdfFormat.N_TRIPLES)
        tables.append(table_files.shipped_table(store, "cooperations"))
        raw.add(query(store, shipped_queries()["cooperations"]).rows)
    parties = tables[0].rows[0][tables[0].columns.index("parties")]
    assert len(raw) == 2 and tables[0] == tables[1] and parties == "A; B; C"


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_the_freed_memory_of_a_table_can_be_given_back_where_glibc_runs():
    assert table_files._malloc_trim() is not None
    table_files._return_freed_memory()


@pytest.mark.parametrize("value", [
    {"values": [list(range(10_000)), ["ä\"\\"] * 5000, []], "columns": ("a", "b", "c"), "n": None},
    {"kinds": [], "keys": [["<x>", None]] * 9000},
    {},
    [[1.5, "x"] * 3000, [{"k": [1] * 5000}]],
])
def test_a_table_is_written_in_pieces_as_one_line_of_compact_json(value, tmp_path, monkeypatch):
    monkeypatch.setattr(table_files, "_JSON_BATCH", 1000)
    path = tmp_path / "table.json"
    table_files._write_json(path, value)
    assert path.read_bytes() == json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


@pytest.mark.parametrize("kind", sorted(shipped_queries()))
def test_a_shipped_query_orders_its_rows_totally(kind):
    """By every variable it groups by, or where it groups none, every variable it selects: rows
    in a tie would come in the store's order."""
    sparql = shipped_queries()[kind]
    ordered = set(regex.search(r"ORDER BY([^}]*)$", sparql)[1].split())
    grouped = regex.search(r"\nGROUP BY([^}]*?)\nORDER BY", sparql)
    if grouped:
        assert set(grouped[1].split()) <= ordered
    else:
        selected = regex.search(r"SELECT(.*?)\nWHERE", sparql, regex.DOTALL)[1]
        assert set(regex.findall(r"\?\w+", selected)) <= ordered


def test_a_table_of_another_query_than_the_kept_one_is_computed_from_the_graph(output, monkeypatch):
    changed = {**shipped_queries(), "persons": shipped_queries()["persons"] + "LIMIT 2\n"}
    monkeypatch.setattr(table_files, "shipped_queries", lambda: changed)
    table, base = read_table(output, "persons")
    assert len(table.rows) == 2 and table == table_files.shipped_table(load_store(output), "persons")
    assert base == DEFAULT_BASE_IRI


def test_a_table_laid_out_otherwise_is_computed_from_the_graph(output, monkeypatch):
    loaded = []
    monkeypatch.setattr(table_files, "FORMAT", "by-row")
    monkeypatch.setattr(table_files, "load_store", lambda *args, **kwargs: loaded.append(args) or load_store(*args,
                                                                                                          **kwargs))
    assert read_table(output, "roles") == (table_files.shipped_table(load_store(output), "roles"), DEFAULT_BASE_IRI)
    assert loaded == [(output,)]


def test_every_writer_of_graph_files_keeps_the_tables(tmp_path):
    from egov_kg.ontology.rdf import all_quads
    from egov_kg.resolve import resolve

    facts = [make_facts()]
    write_graph(all_quads(facts, resolve(facts)), tmp_path)
    kept = sorted(p.name for p in (outputs.current(tmp_path) / TABLE_DIR).iterdir())
    assert kept == sorted(f"{kind}.json" for kind in shipped_queries())
    assert read_table(tmp_path, "roles")[0].rows[0][:2] == (f"{DEFAULT_BASE_IRI}person/erika-musterfrau",
                                                             "Erika Musterfrau")


def test_a_damaged_table_is_named_with_the_way_out(tmp_path):
    from egov_kg.ontology.rdf import all_quads
    from egov_kg.resolve import resolve

    facts = [make_facts()]
    write_graph(all_quads(facts, resolve(facts)), tmp_path)
    path = outputs.current(tmp_path) / TABLE_DIR / "persons.json"
    path.write_bytes(b"x" * path.stat().st_size)
    with pytest.raises(OutputError, match=r"tables/persons\.json is damaged .*egov-kg build CORPUS"):
        read_table(tmp_path, "persons")
