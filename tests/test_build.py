"""Builds: parallel equals serial equals the one-shot path; rebuilds redo only what changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from egov_kg import build as build_module
from egov_kg import cache as cache_module
from egov_kg import outputs
from egov_kg.build import build
from egov_kg.errors import BuildError
from egov_kg.graph_files import GRAPH_FILES, MERGED, TABLE_STATEMENTS
from egov_kg.ontology.rdf import all_quads
from egov_kg.ontology.validation import Violation
from egov_kg.pipeline import analyse
from egov_kg.reading import SourceText, read_corpus
from egov_kg.resolve import resolve
from egov_kg.store import load_store, query, write_graph
from egov_kg.table_files import TABLE_DIR, shipped_queries

#: Invented press releases (other states, both genders, several notations).
TEXTS = {
    "nord/kiel.txt": (
        "Kiel, 04.02.2025\n\nLand fördert digitale Ämter\n\n"
        "Das Land Schleswig-Holstein fördert die Stadt Husum mit 84.000 Euro. Die Landrätin des Kreises "
        "Nordfriesland, Wiebke Olderog (SPD), sagte: „Das hilft uns sehr.“ Die Stadt Husum und die Gemeinde "
        "Reußenköge haben am 3. Januar 2025 eine Zweckvereinbarung unterzeichnet.\n"
    ),
    "nord/schwerin.txt": (
        "Schwerin, 11.03.2024\n\nBürgerportal für Wismar\n\n"
        "Die Hansestadt Wismar erhält rund 1,2 Millionen Euro für ein Bürgerportal. Der Bürgermeister der "
        "Hansestadt Wismar, Malte Reinecker, freut sich über die Förderung. Auch die Stadt Grevesmühlen "
        "bekommt vom Land 45.500 Euro.\n"
    ),
    "sued/passau.txt": (
        "München, 20.06.2023\n\nE-Akte im Landkreis Passau\n\n"
        "Das Bayerische Staatsministerium für Digitales unterstützt den Landkreis Passau mit 310.000 Euro. "
        "Staatssekretärin Dr. Gesine Maibaum übergab den Förderbescheid. Der Landkreis Passau und die Stadt "
        "Vilshofen an der Donau arbeiten seit 2021 zusammen.\n"
    ),
    "west/siegen.txt": (
        "Düsseldorf, 02.10.2024\n\nDigitale Bauanträge\n\n"
        "Der Kreis Siegen-Wittgenstein bekommt vom Land 98.000 Euro. Landrat Torben Tewes lobte das Projekt. "
        "Die Stadt Siegen erhält 4.633,15 Euro für Schulungen.\n"
    ),
}

#: The graph files, the merged statements and those the tables read (a rebuild patches both), and
#: the tables computed from them (in the generation, not linked from the folder).
FILES = (*GRAPH_FILES, MERGED, TABLE_STATEMENTS, *(f"{TABLE_DIR}/{kind}.json" for kind in shipped_queries()))


def write_corpus(folder: Path, texts: dict[str, str] = TEXTS) -> Path:
    for name, text in texts.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "corpus")


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (outputs.current(folder) / name).read_bytes() for name in FILES}


def _one_shot(corpus: Path, output: Path) -> dict[str, bytes]:
    """The graph files the simplest way: every document in memory, all quads sorted at once."""
    facts = [analyse(s) for s in read_corpus(corpus) if isinstance(s, SourceText)]
    write_graph(all_quads(facts, resolve(facts)), output)
    return _files(output)


def test_parallel_serial_and_one_shot_builds_write_the_same_bytes(corpus, tmp_path):
    serial = build(corpus, tmp_path / "serial", jobs=1)
    parallel = build(corpus, tmp_path / "parallel", jobs=2)
    assert serial.statements == parallel.statements and serial.statements["graph.nq"] > 100
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel") == _one_shot(corpus, tmp_path / "one")
    assert serial.analysed == 4 and serial.emitted == 6 and serial.validated == 4  # 4 documents + 2 graphs


def test_an_unchanged_rebuild_writes_nothing(corpus, tmp_path):
    first = build(corpus, tmp_path / "out", jobs=1)
    stamps = {name: (outputs.current(tmp_path / "out") / name).stat().st_mtime_ns for name in FILES}
    again = build(corpus, tmp_path / "out", jobs=1)
    assert again.unchanged and again.analysed == 0 and again.emitted == 0
    assert (again.facts, again.statements, again.documents) == (first.facts, first.statements, first.documents)
    assert stamps == {name: (outputs.current(tmp_path / "out") / name).stat().st_mtime_ns for name in FILES}


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename"])
def test_a_rebuild_after_a_change_equals_a_cold_build(corpus, tmp_path, change):
    build(corpus, tmp_path / "out", jobs=1)
    if change == "edit":
        (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"].replace("Torben", "Hinnerk"), encoding="utf-8")
    elif change == "add":
        write_corpus(corpus, {"ost/halle.txt": TEXTS["nord/kiel.txt"].replace("84.000", "91.000")})
    elif change == "remove":
        (corpus / "sued/passau.txt").unlink()
    else:
        (corpus / "nord/kiel.txt").rename(corpus / "nord/a-kiel.txt")
    result = build(corpus, tmp_path / "out", jobs=1)
    assert result.analysed == {"edit": 1, "add": 1, "remove": 0, "rename": 0}[change]
    assert 0 < result.emitted <= 4  # the build and vocabulary graphs, and what changed
    assert _files(tmp_path / "out") == _one_shot(corpus, tmp_path / "cold")


def test_a_change_of_an_entity_rewrites_the_graphs_that_name_it(corpus, tmp_path):
    """Display names are corpus-wide: a new release naming Wismar differently touches Wismar's graphs."""
    build(corpus, tmp_path / "out", jobs=1)
    write_corpus(corpus, {f"nord/w{i}.txt": f"Schwerin, 0{i}.05.2024\n\nDie Stadt Wismar digitalisiert. Die "
                          f"Hansestadt Wismar startet Projekt {i}.\n" for i in range(1, 4)})
    result = build(corpus, tmp_path / "out", jobs=1)
    assert result.analysed == 3
    assert _files(tmp_path / "out") == _one_shot(corpus, tmp_path / "cold")


def test_a_rule_change_invalidates_every_cached_document(corpus, tmp_path, monkeypatch):
    build(corpus, tmp_path / "out", jobs=1)
    monkeypatch.setattr(cache_module, "analysis_fingerprint", lambda: "rules changed")
    assert build(corpus, tmp_path / "out", jobs=1).analysed == 4


def test_damaged_previous_files_are_not_copied_from(corpus, tmp_path):
    build(corpus, tmp_path / "out", jobs=1)
    nq = tmp_path / "out" / "graph.nq"
    nq.write_bytes(nq.read_bytes().replace(b"Husum", b"Hxsxm"))
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"] + "Mehr folgt.\n", encoding="utf-8")
    build(corpus, tmp_path / "out", jobs=1)
    assert _files(tmp_path / "out") == _one_shot(corpus, tmp_path / "cold")


def test_a_deleted_cache_makes_a_cold_build(corpus, tmp_path):
    build(corpus, tmp_path / "out", jobs=1)
    shutil.rmtree(tmp_path / "out" / ".cache")
    result = build(corpus, tmp_path / "out", jobs=1)
    assert result.analysed == 4 and not result.unchanged


def test_an_invalid_graph_raises_and_leaves_the_previous_graph(corpus, tmp_path, monkeypatch):
    build(corpus, tmp_path / "out", jobs=1)
    before = _files(tmp_path / "out")
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"] + "Mehr folgt.\n", encoding="utf-8")
    import egov_kg.ontology.validation as validation

    monkeypatch.setattr(validation, "validate_quads", lambda quads: [Violation("x:node", "schema:name", "bad")])
    with pytest.raises(BuildError, match="violates its shapes"):
        build(corpus, tmp_path / "out", jobs=1)
    assert _files(tmp_path / "out") == before
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")]


def test_large_builds_validate_a_fixed_sample(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "VALIDATE_ALL_UP_TO", 2)
    checked = []
    import egov_kg.ontology.validation as validation

    monkeypatch.setattr(validation, "validate_quads", lambda quads: checked.extend(quads) or [])
    result = build(corpus, tmp_path / "out", jobs=1)
    assert result.validated == 2
    graphs = {q.graph_name.value for q in checked}
    assert len([g for g in graphs if "/doc/" in g]) == 2


def test_press_releases_are_validated_by_the_workers_that_made_them_with_the_roles_they_name(corpus, tmp_path,
                                                                                           monkeypatch):
    monkeypatch.setattr(build_module, "EMISSION_CHUNK", 1)  # a batch per press release
    from egov_kg.ontology import validation

    calls = []
    real = validation.validate_quads
    monkeypatch.setattr(validation, "validate_quads", lambda quads: calls.append(quads) or real(quads))
    result = build(corpus, tmp_path / "out", jobs=1)  # the real shapes: each batch holds what they ask for
    graphs = [{q.graph_name.value.split("/id/")[1].split("/")[0] for q in quads} for quads in calls]
    assert result.validated == 4 and graphs == [{"vocabulary", "doc"}] * 4 + [{"build", "vocabulary"}]
    vocabulary = [q for q in calls[-1] if "/vocabulary" in q.graph_name.value]
    for quads in calls[:-1]:  # only the concepts the press release names, each whole
        named = {q.object for q in quads if "/doc/" in q.graph_name.value}
        concepts = {q.subject for q in quads if "/vocabulary" in q.graph_name.value}
        assert concepts and concepts <= named
        assert {q for q in quads if "/vocabulary" in q.graph_name.value} == {q for q in vocabulary
                                                                             if q.subject in concepts}
    validated = {q.graph_name.value for quads in calls[:-1] for q in quads if "/doc/" in q.graph_name.value}
    assert validated == {q.object.value for q in calls[-1] if q.predicate.value == "http://www.w3.org/ns/prov#used"}


def test_the_build_and_vocabulary_graphs_are_checked_again_only_when_they_changed(corpus, tmp_path, monkeypatch):
    from egov_kg.ontology import validation

    build(corpus, tmp_path / "out", jobs=1, validate=False)
    calls = []
    real = validation.validate_quads
    monkeypatch.setattr(validation, "validate_quads", lambda quads: calls.append(
        {q.graph_name.value.split("/id/")[1].split("/")[0] for q in quads}) or real(quads))

    def rebuild_after(name: str, text: str) -> list[set[str]]:
        calls.clear()
        (corpus / name).write_text(text, encoding="utf-8")
        build(corpus, tmp_path / "out", jobs=1)
        return calls

    # the last build was not checked: everything it wrote is
    assert rebuild_after("west/siegen.txt", TEXTS["west/siegen.txt"] + "Mehr folgt.\n").count({"build", "vocabulary"}) == 1
    # the same press releases and offices: the build's graph and the vocabulary are the bytes checked before
    assert rebuild_after("west/siegen.txt", TEXTS["west/siegen.txt"]) == [{"vocabulary", "doc"}]
    # one press release more: the build's graph lists it
    assert rebuild_after("west/kopie.txt", TEXTS["west/siegen.txt"]) == [{"vocabulary", "doc"}, {"build", "vocabulary"}]


@pytest.mark.parametrize("name", ["graph.trig", "merged.nt", "graph.ttl"])
def test_a_file_that_fails_while_closed_beside_the_build_fails_it_and_keeps_the_last_graph(corpus, tmp_path,
                                                                                          monkeypatch, name):
    from egov_kg import graph_files

    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    before = _files(out)
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"] + "Mehr folgt.\n", encoding="utf-8")
    close = graph_files._Output.close

    def full_disk(output) -> None:
        if output.path.name == name:
            raise OSError(28, "No space left on device")
        close(output)

    monkeypatch.setattr(graph_files._Output, "close", full_disk)
    with pytest.raises(OSError, match="No space left"):
        build(corpus, out, jobs=1)
    assert _files(out) == before
    assert [p.name for p in (out / ".generations").iterdir()] == [outputs.current(out).name]


def test_a_violation_found_by_a_worker_fails_the_build_and_keeps_the_last_graph(corpus, tmp_path, monkeypatch):
    build(corpus, tmp_path / "out", jobs=1)
    before = _files(tmp_path / "out")
    for name in ("west/siegen.txt", "nord/kiel.txt"):  # two graphs, two chunks: the workers emit them
        (corpus / name).write_text(TEXTS[name] + "Mehr folgt.\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "EMISSION_CHUNK", 1)
    from egov_kg.ontology import validation

    def flag_press_releases(quads):
        if not any("/doc/" in q.graph_name.value for q in quads):
            return []
        with open(tmp_path / "checked-by", "a", encoding="utf-8") as seen:
            seen.write(f"{os.getpid()}\n")
        return [Violation("x:node", "schema:name", "bad")]

    monkeypatch.setattr(validation, "validate_quads", flag_press_releases)  # forked workers inherit it
    with pytest.raises(BuildError, match="violates its shapes"):
        build(corpus, tmp_path / "out", jobs=2)
    assert _files(tmp_path / "out") == before
    assert str(os.getpid()) not in (tmp_path / "checked-by").read_text(encoding="utf-8").split()  # a worker's


def test_skipped_files_are_reported_on_every_build(corpus, tmp_path):
    (corpus / "leer.txt").write_bytes(b"")
    skipped = []
    build(corpus, tmp_path / "out", jobs=1, on_skip=skipped.append)
    again = build(corpus, tmp_path / "out", jobs=1, on_skip=skipped.append)
    assert again.unchanged and [str(s) for s in skipped] == ["skipped leer.txt: empty"] * 2


def test_sharded_output_concatenates_to_the_nquads_and_answers_the_same_queries(corpus, tmp_path):
    build(corpus, tmp_path / "files", jobs=1, validate=False)
    build(corpus, tmp_path / "shards", jobs=1, validate=False, shards=True)
    shards = sorted((tmp_path / "shards" / "shards").glob("part-*.nq"))
    assert shards and b"".join(p.read_bytes() for p in shards) == (tmp_path / "files" / "graph.nq").read_bytes()
    assert not (tmp_path / "shards" / "graph.ttl").exists()
    sparql = "SELECT ?name (COUNT(*) AS ?n) WHERE { ?o a org:Organization ; schema:name ?name } GROUP BY ?name ORDER BY ?name"
    assert query(load_store(tmp_path / "shards"), sparql) == query(load_store(tmp_path / "files"), sparql)
    expected = query(load_store(tmp_path / "files"), sparql)
    for folder in ("shards", "files"):
        assert query(load_store(tmp_path / folder, named=False), sparql) == expected
        assert query(load_store(tmp_path / folder), sparql) == expected
    assert not list(load_store(tmp_path / "shards", named=False).named_graphs())
    tables = [name for name in FILES if name.startswith(TABLE_DIR)]
    assert {name: (outputs.current(tmp_path / "shards") / name).read_bytes() for name in tables} == \
        {name: _files(tmp_path / "files")[name] for name in tables}


def test_switching_between_files_and_shards_leaves_one_layout(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1, validate=False, shards=True)
    build(corpus, out, jobs=1, validate=False)
    assert not (out / "shards").exists() and _files(out) == _one_shot(corpus, tmp_path / "cold")
    build(corpus, out, jobs=1, validate=False, shards=True)
    assert not (out / "graph.nq").exists() and (out / "shards" / "part-00000.nq").exists()


def test_a_statement_made_in_several_press_releases_is_matched_once(corpus, tmp_path):
    write_corpus(corpus, {"nord/kiel-2.txt": TEXTS["nord/kiel.txt"].replace("84.000", "70.000")})
    build(corpus, tmp_path / "out", jobs=1, validate=False)
    store = load_store(tmp_path / "out")
    states = query(store, "SELECT ?o WHERE { ?o a egov:State } ORDER BY ?o").rows
    stating = query(store, "SELECT ?g WHERE { GRAPH ?g { ?o a egov:State } }").rows
    assert len(states) == len(set(states)) >= 2 and len(stating) > len(states)  # Schleswig-Holstein: 2 graphs
    assert os.path.exists(tmp_path / "out" / ".cache" / "build.sqlite")


def test_merged_statements_are_patched_as_a_sort_would_make_them(tmp_path):
    from egov_kg.errors import CacheDamaged
    from egov_kg.graph_files import _Output, _patch_counted

    old = {b'<a> <p> "x" .': 2, b'<a> <p> "x"@de .': 2, b'<b> <p> <c> .': 1, b'<c> <p> "1 #2" .': 3}
    delta = {b'<a> <p> "x" .': -2, b'<a> <p> "x"@de .': -1, b'<b> <p> <c> .': 1, b"<0> <p> <q> .": 1,
             b"<d> <p> <q> .": 2, b'<b> <p> "y" .': 1}
    (tmp_path / "old.nt").write_bytes(b"".join(b"%s #%d\n" % (s, old[s]) for s in sorted(old)))
    out = _Output(tmp_path / "new.tmp")
    changed: list[tuple[bytes, bool]] = []
    assert _patch_counted(tmp_path / "old.nt", out, delta, changed=changed) == 6
    out.close()
    total = {s: old.get(s, 0) + delta.get(s, 0) for s in {*old, *delta}}
    assert (tmp_path / "new.tmp").read_bytes() == b"".join(b"%s #%d\n" % (s, total[s]) for s in sorted(total)
                                                          if total[s])
    # only statements that came in or went out, not those stated by more or fewer graphs
    assert changed == [(b"<0> <p> <q> .", True), (b'<a> <p> "x" .', False), (b'<b> <p> "y" .', True),
                       (b"<d> <p> <q> .", True)]
    with pytest.raises(CacheDamaged, match="do not match"):
        _patch_counted(tmp_path / "old.nt", _Output(tmp_path / "bad.tmp"),
                       {b"<zz> <p> <q> .": -1})


def test_statements_spilled_to_disk_merge_as_a_sort_in_memory_would(corpus, tmp_path, monkeypatch):
    from egov_kg import graph_files

    spills = []
    real = graph_files._Runs._spill
    monkeypatch.setattr(graph_files._Runs, "_spill", lambda runs: spills.append(1) or real(runs))
    monkeypatch.setattr(graph_files, "RUN_BYTES", 1)  # a run of every piece read back
    monkeypatch.setattr(graph_files, "READ_BACK_BYTES", 4096)
    build(corpus, tmp_path / "out", jobs=1, validate=False)
    assert len(spills) >= 10 and _files(tmp_path / "out") == _one_shot(corpus, tmp_path / "cold")


def test_merged_statements_made_anew_hold_the_graphs_copied_and_the_changed(corpus, tmp_path, monkeypatch):
    from egov_kg import graph_files

    out = tmp_path / "out"
    build(corpus, out, jobs=1, validate=False)
    monkeypatch.setattr(graph_files.GraphWriter, "_merged_intact", lambda writer: False)  # as if not kept
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"] + "Mehr folgt.\n", encoding="utf-8")
    again = build(corpus, out, jobs=1, validate=False)
    assert again.emitted < len(again.documents)  # the unchanged graphs were copied
    assert _files(out) == _one_shot(corpus, tmp_path / "cold")


def test_a_small_change_patches_turtle_blocks_instead_of_writing_it_anew(corpus, tmp_path, monkeypatch):
    import egov_kg.graph_files as graph_files

    build(corpus, tmp_path / "out", jobs=1, validate=False)
    patched = []
    real = graph_files._patch_turtle
    monkeypatch.setattr(graph_files, "_patch_turtle", lambda *a: patched.append(real(*a)) or patched[-1])
    (corpus / "sued/passau.txt").write_text(TEXTS["sued/passau.txt"].replace("310.000", "320.000"), encoding="utf-8")
    build(corpus, tmp_path / "out", jobs=1, validate=False)
    assert patched == [True]
    assert _files(tmp_path / "out") == _one_shot(corpus, tmp_path / "cold")


def test_unchanged_shards_are_kept_not_copied(corpus, tmp_path, monkeypatch):
    import egov_kg.graph_files as graph_files

    monkeypatch.setattr(graph_files, "UNITS_PER_SHARD", 2)
    out = tmp_path / "out"
    build(corpus, out, jobs=1, validate=False, shards=True)
    before = {p.name: p.stat().st_ino for p in (out / "shards").glob("*.nq")}
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"] + "Mehr folgt.\n", encoding="utf-8")
    build(corpus, out, jobs=1, validate=False, shards=True)
    after = {p.name: p.stat().st_ino for p in (out / "shards").glob("*.nq")}
    assert len(before) == len(after) == 3
    kept = [name for name in after if after[name] == before[name]]
    assert 1 <= len(kept) < 3  # the build graph's shard and the changed one's are new
    build(corpus, tmp_path / "cold", jobs=1, validate=False, shards=True)
    assert [p.read_bytes() for p in sorted((out / "shards").glob("*.nq"))] == \
        [p.read_bytes() for p in sorted((tmp_path / "cold" / "shards").glob("*.nq"))]
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


#: File names whose slugs are alike (issue 14, item 3).
ALIKE = ("a b.txt", "A-B.txt", "日本.txt", "中国.txt", "sub/x.txt", "sub-x.txt")


def _documents(output: Path) -> dict[str, str]:
    rows = query(load_store(output), "SELECT ?f ?d WHERE { ?d a egov:PressRelease ; egov:sourceFile ?f }").rows
    return dict(rows)


def test_names_that_slug_alike_get_an_iri_each_stable_across_builds(tmp_path):
    """Item 3: two releases were merged into one IRI (and broke the shapes)."""
    texts = list(TEXTS.values())
    corpus = write_corpus(tmp_path / "corpus", {name: texts[i % 4] + f"Meldung {i}.\n" for i, name in enumerate(ALIKE)})
    write_corpus(corpus, {"einzeln.txt": texts[0]})
    result = build(corpus, tmp_path / "out", jobs=1)
    assert result.validated == 7
    iris = _documents(tmp_path / "out")
    assert set(iris) == {*ALIKE, "einzeln.txt"} and len(set(iris.values())) == 7
    assert iris["einzeln.txt"] == "https://w3id.org/egov-kg/id/doc/einzeln-txt"  # a name of its own keeps its IRI
    assert iris["a b.txt"].startswith("https://w3id.org/egov-kg/id/doc/a-b-txt-")
    build(corpus, tmp_path / "again", jobs=1, validate=False)
    (corpus / "A-B.txt").unlink()
    build(corpus, tmp_path / "out", jobs=1)
    after = _documents(tmp_path / "out")
    assert after["日本.txt"] == iris["日本.txt"] and after["sub/x.txt"] == iris["sub/x.txt"]
    assert after["a b.txt"] == "https://w3id.org/egov-kg/id/doc/a-b-txt"  # alone again
    assert _documents(tmp_path / "again") == iris
    assert _files(tmp_path / "out") == _one_shot(corpus, tmp_path / "cold")


def test_a_text_the_analysis_fails_on_is_skipped_and_the_rest_is_built(corpus, tmp_path, monkeypatch):
    """Issue 14, item 1: one text must never end the build."""
    import egov_kg.pipeline as pipeline

    real = pipeline.analyse

    def failing(source, **options):
        if "Husum" in source.text:
            raise RuntimeError("[E088] Text of length 1012000 exceeds maximum\nof 1000000.")
        return real(source, **options)

    monkeypatch.setattr(pipeline, "analyse", failing)
    skipped = []
    result = build(corpus, tmp_path / "out", jobs=1, on_skip=skipped.append)
    assert [str(s) for s in skipped] == [
        "skipped nord/kiel.txt: could not be analysed (RuntimeError: [E088] Text of length 1012000 exceeds maximum of "
        "1000000.)"]
    assert result.documents == ["nord/schwerin.txt", "sued/passau.txt", "west/siegen.txt"]
    assert "nord/kiel.txt" not in _documents(tmp_path / "out")


def test_a_corpus_without_a_readable_file_never_replaces_a_graph(corpus, tmp_path):
    """Issue 14, item 4: an empty folder replaced a graph of five press releases with nothing."""
    from click.testing import CliRunner

    from egov_kg.cli import cli

    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    before = _files(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "leer.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="holds no press release that could be read"):
        build(empty, out, jobs=1)
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "empty"), "-o", str(out)])
    assert result.exit_code == 1 and result.stderr.endswith("(--allow-empty writes an empty graph)\n")
    assert _files(out) == before
    assert build(corpus, out, jobs=1).unchanged  # the cache is as it was
    result = CliRunner().invoke(cli, ["build", str(empty), "-o", str(out), "--allow-empty"])
    assert result.exit_code == 3 and _documents(out) == {}


def _cache_db(output: Path):
    import sqlite3

    return sqlite3.connect(output / ".cache" / "build.sqlite", isolation_level=None)


def test_damaged_rows_of_the_cache_are_named_and_made_anew(corpus, tmp_path):
    """Issue 14, item 8: a damaged row gave a traceback on every later build. A row is checked
    where a build reads it: every text's resolution view, the facts of a graph written anew."""
    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    _cache_db(out).execute("UPDATE facts SET facts = x'00'")
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"] + "Mehr folgt.\n", encoding="utf-8")
    notices = []
    result = build(corpus, out, jobs=1, on_notice=notices.append)
    assert notices == [] and result.analysed == 1  # the other graphs are copied: their facts are not read
    assert _files(out) == _one_shot(corpus, tmp_path / "cold")
    (outputs.current(out) / "graph.nq").unlink()  # now every graph is written anew, from the damaged facts
    result = build(corpus, out, jobs=1, on_notice=notices.append)
    assert [str(n) for n in notices][1:] == [
        f"note {out}/.cache: the cached facts of {len(TEXTS) - 1} press releases were damaged; analysed again"]
    assert result.analysed == len(TEXTS) - 1 and set(result.notices) == set(notices)
    assert _files(out) == _one_shot(corpus, tmp_path / "cold1")
    _cache_db(out).execute("UPDATE facts SET view = x'00'")
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"], encoding="utf-8")
    notices.clear()
    result = build(corpus, out, jobs=1, on_notice=notices.append)
    assert [str(n) for n in notices] == [
        f"note {out}/.cache: the cached facts of {len(TEXTS)} press releases were damaged; analysed again"]
    assert result.analysed == len(TEXTS) - 1  # the row of the restored text was stored before the damage was found
    assert _files(out) == _one_shot(corpus, tmp_path / "cold2")
    assert build(corpus, out, jobs=1).unchanged
    _cache_db(out).execute("UPDATE units SET ranges = 'not json'")
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"] + "Mehr folgt.\n", encoding="utf-8")
    notices.clear()
    build(corpus, out, jobs=1, on_notice=notices.append)
    assert [str(n) for n in notices] == [
        f"note {out}/.cache: a stored row does not read back (JSONDecodeError); every graph is written anew"]
    assert _files(out) == _one_shot(corpus, tmp_path / "cold3")


@pytest.mark.parametrize("change_corpus", [True, False])
def test_a_graph_file_changed_with_its_size_and_time_kept_is_noticed(corpus, tmp_path, change_corpus):
    """Issue 14, item 8: bytes copied from a changed graph.nq were trusted (or gave a traceback)."""
    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    nq = out / "graph.nq"
    stamp = nq.stat()
    nq.write_bytes(nq.read_bytes().replace(b"Husum", b"Hxsxm"))
    os.utime(nq, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    if change_corpus:
        (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"] + "Mehr folgt.\n", encoding="utf-8")
    notices = []
    result = build(corpus, out, jobs=1, on_notice=notices.append)
    assert [str(n) for n in notices] == [
        f"note {out}/graph.nq: changed since the last build; every graph is written anew"]
    assert not result.unchanged
    assert _files(out) == _one_shot(corpus, tmp_path / "cold")
