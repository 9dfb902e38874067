"""A rebuild updates the shipped tables where a change can touch them, and they are the tables a
cold build computes: the rows found from the queries' own patterns, put in the queries' own order."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
import regex
from pyoxigraph import RdfFormat, Store

from egov_kg import outputs, table_files
from egov_kg.build import build
from egov_kg.store import Table, solutions
from egov_kg.table_files import (
    PLANS,
    TABLE_DIR,
    TABLE_STATE,
    plans_file,
    shipped_plans,
    shipped_queries,
)
from egov_kg.table_plans import plan
from egov_kg.table_updates import Plan, affected, insertion_points, restricted, sort_key

ROOT = Path(__file__).parent.parent
SCHEMA, EGOV = "https://schema.org/", "https://w3id.org/egov-kg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_the_shipped_plans_are_those_of_the_queries_as_they_are():
    assert PLANS.read_text(encoding="utf-8") == plans_file(), "run: python tools/make_table_plans.py"


@pytest.mark.parametrize("kind", sorted(shipped_queries()))
def test_every_shipped_table_can_be_updated_in_part(kind):
    found = shipped_plans()[kind]
    assert found is not None and found.subject in found.keys


@pytest.mark.parametrize("sparql", [
    "SELECT ?x ?y WHERE { ?x a <urn:C> ; <urn:p>* ?y } ORDER BY ?x ?y",  # a path of any length
    "SELECT ?x ?n WHERE { ?x a <urn:C> . ?y <urn:p> ?n } ORDER BY ?x ?n",  # a pattern not joined to the row
    "SELECT ?x WHERE { ?x a <urn:C> } ORDER BY STR(?x)",  # ordered by an expression
    "SELECT ?x WHERE { ?x <urn:p> ?y } ORDER BY ?x",  # no typed subject
    "SELECT ?x WHERE { ?x a <urn:C> }",  # no order
    "SELECT ?x WHERE { ?x a <urn:C> ; <urn:n> ?n } ORDER BY ?n ?x",  # a sort key not in the table
    "SELECT ?x WHERE { ?x a <urn:C> . FILTER EXISTS { <urn:a> <urn:p> <urn:b> } } ORDER BY ?x",  # constants only
    # a subquery's own ?y is not the row's ?y: every row depends on every <urn:v> statement
    ("SELECT ?x ?t WHERE { ?x a <urn:C> ; <urn:r> ?y . { SELECT ?x (SUM(?v) AS ?t) WHERE { ?y <urn:v> ?v . ?x <urn:k> ?w }"
     " GROUP BY ?x } } ORDER BY ?x"),
])
def test_a_query_whose_rows_cannot_be_told_apart_has_no_plan(sparql):
    assert plan(sparql) is None


def test_a_plan_follows_paths_both_ways_and_leaves_constants():
    found = plan("""SELECT ?g ?n ?m WHERE {
        ?g a <urn:Grant> ; <urn:to>/<urn:name> ?n .
        OPTIONAL { ?part <urn:partOf> ?g ; <urn:sum> ?m }
        OPTIONAL { ?g <urn:kind> <urn:Loan> . ?other <urn:kind> <urn:Loan> }
      } ORDER BY ?n DESC(?g) ?m""")
    assert found is None  # ?other is joined to the row only through a constant
    found = plan("""SELECT ?g ?n ?m WHERE {
        ?g a <urn:Grant> ; <urn:to>/<urn:name> ?n .
        OPTIONAL { ?part <urn:partOf> ?g ; <urn:sum> ?m }
      } ORDER BY ?n DESC(?g) ?m""")
    assert found.subject == "g" and found.keys == ("n", "g") and found.order == ("?n", "DESC(?g)")  # cut after the row's own
    assert dict(found.reach) == {
        "": {(RDF_TYPE, True), ("urn:to", True), ("urn:partOf", False)},
        "<urn:to>": {("urn:name", True)},
        "^<urn:partOf>": {("urn:sum", True)},
    }
    found = plan("SELECT ?g WHERE { ?g a <urn:G> . FILTER NOT EXISTS { ?g <urn:to> [ <urn:name> ?n ] } } ORDER BY ?g")
    assert dict(found.reach) == {"": {(RDF_TYPE, True), ("urn:to", True)}, "<urn:to>": {("urn:name", True)}}


def _store(lines: list[str]) -> Store:
    store = Store()
    store.bulk_load(input="\n".join(lines), format=RdfFormat.N_TRIPLES)
    return store


def test_a_new_name_of_a_recipient_reaches_its_grants_and_no_other():
    lines = [f"<urn:g{n}> <{RDF_TYPE}> <{SCHEMA}MonetaryGrant> .\n<urn:g{n}> <{EGOV}recipient> <urn:r{n}> ." for n in (1, 2)]
    store = _store([*lines, f'<urn:r1> <{SCHEMA}name> "Neustadt" .', f'<urn:r2> <{SCHEMA}name> "Altdorf" .'])
    changes = [(f'<urn:r1> <{SCHEMA}name> "Neustadt" .'.encode(), True),
               (f'<urn:r1> <{SCHEMA}name> "Neustatt" .'.encode(), False)]
    assert affected(store, shipped_plans()["fundings"], changes) == {"<urn:g1>"}
    assert affected(store, shipped_plans()["organizations"], changes) == {"<urn:r1>"}


@pytest.fixture(scope="module")
def kept_store(tmp_path_factory) -> Store:
    output = tmp_path_factory.mktemp("restricted") / "out"
    build(ROOT / "corpus", output, jobs=1, validate=False)
    return Store.read_only(str(output / outputs.CACHE_DIR / TABLE_STATE / "store"))


@pytest.mark.parametrize("kind", sorted(shipped_queries()))
def test_a_query_restricted_to_every_subject_gives_the_whole_table(kind, kept_store):
    store = kept_store
    whole = table_files.shipped_table(store, kind)
    found = shipped_plans()[kind]
    subjects = {f"<{row[whole.columns.index(found.subject)]}>" for row in whole.rows}
    columns, rows = solutions(store, restricted(shipped_queries()[kind], found, subjects))
    part = table_files._Rows(columns, found, shipped_queries()[kind])
    part.add(rows)
    assert Table(columns, tuple(part.values), part.types()) == whole and (whole.rows or kind == "events")


def test_rows_put_in_place_one_by_one_are_in_the_order_of_the_whole():
    order = Plan("c", (), ("?a", "DESC(?b)", "?c"), ("a", "b", "c"))
    rng = random.Random(7)
    words = ["Amt", "amt", "Ämter", "Zweckverband", "", "Ölmühle", "10", "9"]
    xsd = "http://www.w3.org/2001/XMLSchema#"

    def term() -> str | None:
        return rng.choice([None, f'"{rng.choice(words)}"', f'"{rng.randint(-5, 5)}"^^<{xsd}integer>',
                           f'"{rng.randint(0, 9)}.5"^^<{xsd}decimal>', f"<urn:x{rng.randint(0, 3)}>"])

    keys = [(term(), term(), f"<urn:row{n}>") for n in range(300)]
    values = " ".join(f"({' '.join(t or 'UNDEF' for t in key)})" for key in keys)
    ordered = solutions(Store(), f"SELECT ?a ?b ?c WHERE {{ VALUES (?a ?b ?c) {{ {values} }} }} ORDER BY ?a DESC(?b) ?c")[1]
    whole = [tuple(None if t is None else str(t) for t in row) for row in ordered]
    assert set(whole) == set(keys) and whole != keys
    kept = [key for key in whole if rng.random() < 0.8]
    new = [key for key in whole if key not in kept]
    merged = list(kept)
    points = insertion_points([sort_key(key) for key in kept], [sort_key(key) for key in new], order)
    for offset, (point, key) in enumerate(zip(points, new)):
        merged.insert(point + offset, key)
    assert merged == whole


# ----------------------------------------------------------------------------- through the build


def _tables(output: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((outputs.current(output) / TABLE_DIR).iterdir())}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


@pytest.fixture
def computed(monkeypatch) -> list[str]:
    """The tables a build computes whole."""
    kinds: list[str] = []
    whole = table_files._computed
    monkeypatch.setattr(table_files, "_computed", lambda store, kind: kinds.append(kind) or whole(store, kind))
    return kinds


def _cold_tables(corpus: Path, tmp_path: Path) -> dict[str, bytes]:
    cold = tmp_path / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    build(corpus, cold, jobs=1, validate=False)
    return _tables(cold)


def _grant_added(text: str) -> str:
    return text + ("\nDie Gemeinde Waldhausen erhält vom Land 48.500 Euro für ein neues Bürgerportal, teilte "
                   "Bürgermeisterin Sabine Kornfeld am 3. März 2024 mit.\n")


def _numbers_shifted(text: str) -> str:
    return regex.sub(r"\d", lambda digit: str((int(digit[0]) + 3) % 10), text)


def _last_paragraph_cut(text: str) -> str:
    return text.rstrip()[: text.rstrip().rindex("\n")] + "\n"


@pytest.mark.parametrize("change", [_grant_added, _numbers_shifted, _last_paragraph_cut, None])
def test_tables_updated_after_a_change_are_those_a_cold_build_computes(change, corpus, tmp_path, computed):
    output = tmp_path / "out"
    build(corpus, output, jobs=1, validate=False)
    assert sorted(computed) == sorted(shipped_queries())  # a first build computes every table
    before = _tables(output)
    releases = sorted(corpus.glob("*.txt"))
    if change is None:  # one release gone, another new
        releases[0].unlink()
        (corpus / "new.txt").write_text(_grant_added(releases[1].read_text(encoding="utf-8")), encoding="utf-8")
    else:
        releases[2].write_text(change(releases[2].read_text(encoding="utf-8")), encoding="utf-8")
    computed.clear()
    build(corpus, output, jobs=1, validate=False)
    assert computed == []  # every table updated in part
    after = _tables(output)
    assert after != before
    assert after == _cold_tables(corpus, tmp_path)


def test_tables_are_computed_whole_where_what_was_kept_is_of_another_build(corpus, tmp_path, computed):
    output = tmp_path / "out"
    build(corpus, output, jobs=1, validate=False)
    state = output / outputs.CACHE_DIR / TABLE_STATE / "state.json"
    state.write_text(json.dumps({**json.loads(state.read_text()), "generation": "g0-1"}))  # a build never switched in
    keys = output / outputs.CACHE_DIR / TABLE_STATE / "roles.keys.json"
    release = sorted(corpus.glob("*.txt"))[1]
    release.write_text(_grant_added(release.read_text(encoding="utf-8")), encoding="utf-8")
    computed.clear()
    build(corpus, output, jobs=1, validate=False)
    assert sorted(computed) == sorted(shipped_queries())
    assert _tables(output) == _cold_tables(corpus, tmp_path)

    keys.write_text('{"kinds": [], "keys": []}')  # does not fit the table kept
    release.write_text(_numbers_shifted(release.read_text(encoding="utf-8")), encoding="utf-8")
    computed.clear()
    build(corpus, output, jobs=1, validate=False)
    assert computed == ["roles"]
    assert _tables(output) == _cold_tables(corpus, tmp_path)

    shutil.rmtree(output / outputs.CACHE_DIR / TABLE_STATE / "store")  # its state left behind
    release.write_text(_grant_added(release.read_text(encoding="utf-8")), encoding="utf-8")
    computed.clear()
    build(corpus, output, jobs=1, validate=False)
    assert sorted(computed) == sorted(shipped_queries())
    assert _tables(output) == _cold_tables(corpus, tmp_path)


def test_sort_keys_of_numbers_and_text_together_are_not_searched():
    """pyoxigraph orders numbers and strings among each other inconsistently (-3 < -1, but "-1"
    < "-2" < "-3"): a binary search among such keys could put a row in the wrong place."""
    rows = table_files._Rows(("name", "x"), Plan("x", (), ("?name", "?x"), ("name", "x")), "SELECT ?name ?x {}")
    rows.kinds = ["ti"]
    assert not rows.mixed_keys(["ti", "-i"]) and rows.mixed_keys(["ni"])
