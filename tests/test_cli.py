"""The command line, end to end on a small corpus of our own."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from egov_kg import __version__
from egov_kg.cli import TABLE_KINDS, cli

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(FIXTURES / "pipeline_halle.txt", corpus / "halle.txt")
    output = tmp_path_factory.mktemp("output")
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output, result


def _table(output: Path, kind: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["table", kind, str(output), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_build_writes_turtle_trig_and_nquads_and_a_summary(built):
    output, result = built
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (output / name).stat().st_size > 0
    assert "1 press release, 0 skipped: " in result.stderr


def test_the_build_summary_counts_each_entity_once_as_the_tables_list_them(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):  # the same press release twice, in other words
        text = (FIXTURES / "pipeline_halle.txt").read_text(encoding="utf-8")
        (corpus / name).write_text(text if name == "a.txt" else "Neu: " + text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out")])
    summary = result.stderr.splitlines()[0]
    assert summary.startswith("2 press releases, 0 skipped: ")
    for kind, word in (("organizations", "organisation"), ("persons", "person"), ("roles", "office"),
                       ("cooperations", "cooperation")):
        rows = len(_table(tmp_path / "out", kind))
        assert f" {rows} {word}{'' if rows == 1 else 's'}" in summary, (kind, summary)


REQUIRED_COLUMNS = {  # the README's published contract, in its order
    "documents": ("source_file", "title", "published"),
    "persons": ("person", "name", "honorific", "party"),
    "organizations": ("organization", "name", "type"),
    "roles": ("person", "person_name", "role", "organization", "organization_name", "start", "end", "source_file"),
    "fundings": ("grant", "recipient_name", "amount", "qualifier", "funder_name", "programme", "purpose", "date",
                 "source_file"),
    "amounts": ("source_file", "amount", "currency", "qualifier", "text"),
    "cooperations": ("cooperation", "name", "type", "parties", "date", "source_file"),
    "events": ("event", "name", "start_date", "end_date", "place", "organisers", "participants"),
}


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
@pytest.mark.parametrize("kind", sorted(REQUIRED_COLUMNS))
def test_every_table_starts_with_its_published_columns_in_their_order(built, kind, fmt):
    output, _ = built
    for evidence in ([], ["--evidence"]):
        result = CliRunner().invoke(cli, ["table", kind, str(output), "--format", fmt, *evidence])
        assert result.exit_code == 0, result.stderr
        if fmt == "json":
            rows = json.loads(result.stdout)
            header = list(rows[0]) if rows else list(REQUIRED_COLUMNS[kind])
        else:
            header = next(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
        assert tuple(header[: len(REQUIRED_COLUMNS[kind])]) == REQUIRED_COLUMNS[kind]


def test_json_has_numbers_as_numbers_dates_as_iso_strings_and_empty_as_null(built):
    output, _ = built
    amounts = json.loads(CliRunner().invoke(cli, ["table", "amounts", str(output), "--format", "json"]).stdout)
    assert 245300 in [a["amount"] for a in amounts] and all(type(a["amount"]) in (int, float) for a in amounts)
    assert all(a["currency"] == "EUR" and isinstance(a["start"], int) for a in amounts)
    assert any(a["qualifier"] is None for a in amounts)
    persons = json.loads(CliRunner().invoke(cli, ["table", "persons", str(output), "--format", "json"]).stdout)
    assert all(isinstance(p["documents"], int) for p in persons)
    assert {p["honorific"] for p in persons} >= {"Dr.", None}
    documents = json.loads(CliRunner().invoke(cli, ["table", "documents", str(output), "--format", "json"]).stdout)
    assert documents[0]["published"] == "2023-03-14"
    fundings = json.loads(CliRunner().invoke(cli, ["table", "fundings", str(output), "--format", "json"]).stdout)
    assert all(isinstance(f["amount"], (int, float)) and isinstance(f["counted_amount"], (int, float))
               for f in fundings)
    sparql = "SELECT ?n ?x ?none WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?d a egov:PressRelease } } BIND (1.5 AS ?x) }"
    rows = json.loads(CliRunner().invoke(cli, ["query", str(output), sparql, "--format", "json"]).stdout)
    assert rows == [{"n": 1, "x": 1.5, "none": None}]


def test_the_terminal_table_fits_the_width_names_first_with_ids_explain_accepts(built, monkeypatch):
    output, _ = built
    monkeypatch.setenv("COLUMNS", "80")
    text = CliRunner().invoke(cli, ["table", "roles", str(output)]).stdout
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["person_name", "role", "organization_name"]
    assert all(len(line) <= 80 for line in lines)
    ids = [word for line in lines for word in line.split() if word.startswith(("person:", "org:"))
           and not word.endswith(":")]
    assert "person:friederike-sonnenberg" in ids and "org:district/saalekreis" in ids
    for short in ids:
        explained = CliRunner().invoke(cli, ["explain", str(output), short])
        assert explained.exit_code == 0 and explained.stdout.startswith(short), short
    monkeypatch.setenv("COLUMNS", "250")
    wide = CliRunner().invoke(cli, ["table", "roles", str(output)]).stdout.splitlines()
    assert wide[0].split()[-2:] == ["person", "organization"] or "role_concept" in wide[0]
    assert "https://" not in "\n".join(wide) and "…" not in wide[0]


def test_explain_accepts_short_ids_prefixed_names_and_iris(built):
    output, _ = built
    full = "https://w3id.org/egov-kg/id/person/friederike-sonnenberg"
    for node in (full, f"<{full}>", "person:friederike-sonnenberg"):
        result = CliRunner().invoke(cli, ["explain", str(output), node])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith(f"person:friederike-sonnenberg  <{full}>")
        assert "schema:name  Friederike Sonnenberg" in result.stdout and "evidence: halle.txt" in result.stdout
    assert "person:friederike-sonnenberg  rdf:type" in CliRunner().invoke(
        cli, ["explain", str(output), "schema:Person"]).stdout
    missing = CliRunner().invoke(cli, ["explain", str(output), "person:nobody"])
    assert missing.exit_code == 1 and "person:nobody is not in the graph" in missing.stderr
    usage = CliRunner().invoke(cli, ["explain", "-h"]).stdout
    assert "explain [OPTIONS] OUTPUT ID\n" in usage


def test_tables_hold_the_facts_of_the_press_release(built):
    output, _ = built
    assert _table(output, "documents")[0]["published"] == "2023-03-14"
    persons = {r["name"]: r for r in _table(output, "persons")}
    assert persons["Bernd Kleinschmidt"]["honorific"] == "Dr."
    assert persons["Friederike Sonnenberg"]["party"] == "CDU"
    amounts = {r["amount"] for r in _table(output, "amounts")}
    assert "245300" in amounts
    types = {r["name"]: r["type"] for r in _table(output, "organizations")}
    assert types.get("Merseburg") == "municipality"
    assert types.get("Saalekreis") == "district"


def test_table_json_and_aligned_text(built):
    output, _ = built
    rows = json.loads(CliRunner().invoke(cli, ["table", "documents", str(output), "--format", "json"]).stdout)
    assert rows[0]["source_file"] == "halle.txt"
    text = CliRunner().invoke(cli, ["table", "documents", str(output)]).stdout
    assert text.splitlines()[0].startswith("source_file") and "(1 row" in text.splitlines()[-1]


def test_query_accepts_a_string_or_a_rq_file(built, tmp_path):
    output, _ = built
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?d a egov:PressRelease }"
    result = CliRunner().invoke(cli, ["query", str(output), sparql, "--format", "tsv"])
    assert result.stdout.splitlines() == ["n", "1"]
    rq = tmp_path / "q.rq"
    rq.write_text(sparql)
    assert CliRunner().invoke(cli, ["query", str(output), str(rq), "--format", "csv"]).stdout.splitlines()[1] == "1"


def test_bad_sparql_is_one_clear_line(built):
    output, _ = built
    result = CliRunner().invoke(cli, ["query", str(output), "SELECT ?x WHERE {"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid SPARQL") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_table_before_a_build_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["table", "persons", str(tmp_path)])
    assert result.exit_code == 1 and "egov-kg build" in result.stderr


def test_build_names_skipped_files_and_exits_3(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "pipeline_halle.txt", corpus / "ok.txt")
    (corpus / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "skipped empty.txt: empty" in result.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "-h"])
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_version():
    assert __version__ in CliRunner().invoke(cli, ["--version"]).stdout


def test_table_kinds_cover_the_published_contract():
    assert set(REQUIRED_COLUMNS) <= set(TABLE_KINDS)


def test_build_writes_a_report_with_contradictions_listed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (FIXTURES / "pipeline_halle.txt").read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text.replace("Saalekreis", "Burgenlandkreis").replace("Merseburg", "Naumburg"),
                                  encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out")])
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 2 and report["skipped"] == []
    kinds = {c["kind"] for c in report["contradictions"]}
    assert any(kind.startswith("one office, several bodies") for kind in kinds), report["contradictions"]
    assert "(details in" in result.stderr and "contradiction" in result.stderr
    sentences = " ".join(text.split())  # each claim quotes its sentence, read back from the cache
    assert all(claim["text"] and claim["text"].replace("Burgenlandkreis", "Saalekreis").replace("Naumburg", "Merseburg")
               in sentences for c in report["contradictions"] for claim in c["claims"])
