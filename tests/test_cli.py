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
    assert "1 press releases, 0 skipped" in result.stderr


REQUIRED_COLUMNS = {
    "documents": {"source_file", "title", "published"},
    "persons": {"person", "name", "honorific", "party"},
    "organizations": {"organization", "name", "type"},
    "roles": {"person", "person_name", "role", "organization", "organization_name", "start", "end", "source_file"},
    "fundings": {"grant", "recipient_name", "amount", "qualifier", "funder_name", "programme", "purpose", "date",
                 "source_file"},
    "amounts": {"source_file", "amount", "currency", "qualifier", "text"},
    "cooperations": {"cooperation", "name", "type", "parties", "date", "source_file"},
}


@pytest.mark.parametrize("kind", sorted(REQUIRED_COLUMNS))
def test_every_table_has_its_published_columns(built, kind):
    output, _ = built
    result = CliRunner().invoke(cli, ["table", kind, str(output), "--format", "csv"])
    assert result.exit_code == 0
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert REQUIRED_COLUMNS[kind] <= set(header)


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
    assert text.splitlines()[0].startswith("document") and text.rstrip().endswith("(1 rows)")


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
    assert "contradictions (details in" in result.stderr
