"""A corpus of everything that goes wrong in real folders: the build names each bad file,
keeps the good content, writes a valid graph and says by its exit status that it skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from egov_kg.cli import cli

FIXTURE = (Path(__file__).parent / "fixtures" / "pipeline_halle.txt").read_text(encoding="utf-8")


def _hostile_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "utf8 mit Leerzeichen.txt").write_text(FIXTURE, encoding="utf-8")
    (corpus / "windows-1252 #1.txt").write_bytes(FIXTURE.replace("Merseburg", "Querfurt").encode("cp1252"))
    (corpus / "utf16 100%.txt").write_bytes(FIXTURE.replace("Merseburg", "Bad Dürrenberg").encode("utf-16"))
    (corpus / "crlf ümlaut?.txt").write_bytes(FIXTURE.replace("\n", "\r\n").replace("Merseburg", "Schkopau").encode())
    (corpus / "invisible.txt").write_text(FIXTURE.replace("Leuna", "Le\u00aduna").replace(" ", "\u00a0", 3))
    (corpus / "quotes.txt").write_text('Die Stadt Halle (Saale) nennt das Projekt „<Akte> \\"@prefix x: <y> .\\"“. '
                                       "Bürgermeister Jan O'Neill-Weiß sagte das.\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_text(" \n\t \n")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.7")
    (corpus / "zz duplicate.txt").write_text(FIXTURE, encoding="utf-8")
    (corpus / "ordner.txt").mkdir()
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    return corpus


def test_a_hostile_corpus_builds_names_every_bad_file_and_keeps_the_good(tmp_path):
    corpus = _hostile_corpus(tmp_path)
    output = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(output)])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    skipped = sorted(line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("skipped "))
    assert skipped == sorted(f"skipped {name}" for name in (
        "empty.txt", "blank.txt", "binary.txt", "image.txt", "scan.pdf", "zz duplicate.txt", "ordner.txt"))
    orgs = CliRunner().invoke(cli, ["table", "organizations", str(output), "--format", "csv"]).stdout
    for place in ("Merseburg", "Querfurt", "Bad Dürrenberg", "Schkopau", "Leuna"):
        assert place in orgs, place
    files = CliRunner().invoke(cli, ["table", "documents", str(output), "--format", "csv"]).stdout
    for name in ("utf8 mit Leerzeichen.txt", "windows-1252 #1.txt", "utf16 100%.txt", "crlf ümlaut?.txt", "quotes.txt"):
        assert name in files
    assert CliRunner().invoke(cli, ["validate", str(output)]).exit_code == 0


def test_validate_fails_readably_on_a_broken_graph(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FIXTURE, encoding="utf-8")
    output = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(corpus), "-o", str(output)]).exit_code == 0
    assert CliRunner().invoke(cli, ["validate", str(output)]).exit_code == 0
    broken = (output / "graph.ttl").read_text(encoding="utf-8") + (
        "\n<https://ex.org/grant/1> a <https://schema.org/MonetaryGrant> .\n"
    )
    (output / "graph.ttl").write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(output)])
    assert result.exit_code == 1
    assert "https://ex.org/grant/1 schema:amount:" in result.stdout
    assert "https://ex.org/grant/1 egov:recipient:" in result.stdout
    assert result.stderr.startswith("Error: ") and "violates the shapes" in result.stderr
    shutil.rmtree(output)
