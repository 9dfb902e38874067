"""The build cache: facts by content hash, fingerprints of the rules, dependencies of a graph."""

from __future__ import annotations

from dataclasses import replace

from egov_kg.cache import (
    BuildCache,
    DependencyDigests,
    facts_key,
    hash_sources,
    named,
    pack,
    recording,
    resolution_view,
    unpack,
)
from egov_kg.contradictions import Sayings, find_contradictions
from egov_kg.ontology.rdf import document_quads
from egov_kg.resolve import resolve
from tests.conftest import make_facts


def test_facts_survive_packing_and_the_database(tmp_path):
    facts = make_facts("a.txt")
    with BuildCache(tmp_path) as cache:
        cache.put_facts("k1", pack(facts), pack(resolution_view(facts)), {"orgs": len(facts.orgs)})
        cache.put_facts("k2", pack(make_facts("b.txt")), pack(resolution_view(make_facts("b.txt"))), {"orgs": 0})
    with BuildCache(tmp_path) as cache:
        assert unpack(cache.facts_blob("k1")) == facts
        assert cache.fact_counts() == {"k1": {"orgs": 5}, "k2": {"orgs": 0}}
        assert list(cache.views(["k1"], ["renamed.txt"])) == [replace(resolution_view(facts), source_file="renamed.txt")]
        cache.keep_only_facts(["k2"])
        assert cache.fact_counts().keys() == {"k2"}


def test_a_damaged_database_is_replaced_not_trusted(tmp_path):
    (tmp_path / "build.sqlite").write_bytes(b"this is not a database" * 100)
    with BuildCache(tmp_path) as cache:
        assert cache.fact_counts() == {}
        cache.set_meta("build", {"x": 1})
        assert cache.get_meta("build") == {"x": 1}


def test_the_key_depends_on_the_text_and_the_fingerprint(monkeypatch):
    import egov_kg.cache as cache_module

    key = facts_key("a" * 64)
    assert key != facts_key("b" * 64)
    monkeypatch.setattr(cache_module, "analysis_fingerprint", lambda: "other rules")
    assert facts_key("a" * 64) != key


def test_the_fingerprint_changes_with_any_rule_or_lexicon_file(tmp_path):
    (tmp_path / "extract" / "data").mkdir(parents=True)
    rules = tmp_path / "extract" / "data" / "money.yaml"
    rules.write_text("rules: []\n")
    (tmp_path / "extract" / "data" / "names.tsv").write_text("# source: x\nAnna\n")
    before = hash_sources(tmp_path, ["extract"], "v1")
    assert hash_sources(tmp_path, ["extract"], "v1") == before
    assert hash_sources(tmp_path, ["extract"], "v2") != before
    rules.write_text("rules: [x]\n")
    assert hash_sources(tmp_path, ["extract"], "v1") != before


def test_named_keeps_or_renames():
    facts = make_facts("a.txt")
    assert named(facts, "a.txt") is facts and named(facts, "b.txt").source_file == "b.txt"


def test_a_graph_depends_on_the_entities_it_looks_up():
    a, b = make_facts("a.txt"), make_facts("b.txt")
    ids = resolve([a, b])
    looking, (orgs, persons) = recording(ids)
    quads = document_quads(a, looking)
    assert quads == document_quads(a, ids)  # recording changes nothing
    assert "district:beispiel" in orgs and "Erika Musterfrau" in persons
    digest = DependencyDigests(ids).digest((orgs, persons))

    renamed = replace(ids, orgs={**ids.orgs, "district:beispiel": replace(ids.orgs["district:beispiel"], name="Kreis B")})
    assert DependencyDigests(renamed).digest((orgs, persons)) != digest
    unrelated = replace(ids, orgs={**ids.orgs, "state:99": ids.orgs["district:beispiel"]})
    assert DependencyDigests(unrelated).digest((orgs, persons)) == digest
    assert DependencyDigests(replace(ids, base="https://example.org/")).digest((orgs, persons)) != digest


def test_resolution_views_resolve_exactly_as_the_full_facts():
    """Views drop dates, amounts and evidence; resolution and contradictions must not need them."""
    from pathlib import Path

    from egov_kg.pipeline import analyse
    from egov_kg.reading import SourceText, read_corpus
    from tests.test_build import TEXTS

    fixtures = Path(__file__).parent / "fixtures"
    texts = [s for s in read_corpus(fixtures) if isinstance(s, SourceText)]
    texts += [SourceText(name, text, name) for name, text in TEXTS.items()]
    facts = [analyse(source) for source in texts] + [make_facts("a.txt"), make_facts("b.txt")]
    assert len(facts) > 20
    views = [resolution_view(f) for f in facts]
    assert resolve(views) == resolve(facts)
    said = [Sayings(), Sayings()]
    for noted, documents in zip(said, (views, facts)):
        for f in documents:
            noted.note(f)
    assert said[0].where == said[1].where and said[0].files == said[1].files
    assert sum(len(spots) for values in said[0].where.values() for spots in values.values()) > 30
    text = {f.source_file: f.text for f in facts}.__getitem__
    found = find_contradictions(said[0], resolve(views), text)
    assert found == find_contradictions(said[1], resolve(facts), text)
