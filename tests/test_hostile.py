"""A corpus of everything that goes wrong in real folders: the build names each bad file,
keeps the good content, writes a valid graph and says by its exit status that it skipped.

The corpus holds every kind of file named in issue 14 (and the earlier hostile cases): texts of
a million characters and a single 2 MB line, names that are not UTF-8, names that slug alike,
a named pipe, lines in two encodings, an HTML page named .txt, a folder that cannot be read,
names with line breaks and escape codes, and UTF-16 mixed into 8-bit text.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from egov_kg.cli import cli
from egov_kg.store import load_store, query

FIXTURE = (Path(__file__).parent / "fixtures" / "pipeline_halle.txt").read_text(encoding="utf-8")
HTML_PAGE = ("<!DOCTYPE html><html><head><title>Presse</title><script>var x = 'Landkreis Falsch';</script></head>"
             "<body><nav>Startseite</nav><main><article><h1>Förderung für Zeitz</h1><p>"
             + FIXTURE.replace("Merseburg", "Zeitz").replace("\n", "</p><p>") + "</p></article></main></body></html>")
#: Names whose slugs are alike: each must get a graph of its own.
ALIKE = ("a b.txt", "A-B.txt", "日本.txt", "中国.txt", "sub/x.txt", "sub-x.txt")
LATIN1_NAME = b"caf\xe9.txt"
NEWLINE_NAME = "zeile\nskipped fake.txt: empty\nzeile.txt"
ESCAPE_NAME = "\x1b[31mrot.txt"


@contextlib.contextmanager
def unreadable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``folder`` cannot be listed: by its permissions, and for root (who may list anything) by
    making the listing fail as it would for anyone else."""
    folder.chmod(0)
    if os.access(folder, os.R_OK):
        real = os.scandir

        def scandir(path=".") -> object:
            if not isinstance(path, int) and Path(path) == folder:  # an int is a descriptor (shutil.rmtree)
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        yield
    finally:
        folder.chmod(0o755)


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
    # issue 14
    (corpus / "lang.txt").write_text("Die Stadt Jena dankt. " * 46000, encoding="utf-8")  # 1,012,000 characters
    (corpus / "eine zeile.txt").write_text(("abcdefghij" * 99 + " ") * 2020, encoding="utf-8")  # one line of 2 MB
    Path(os.fsdecode(os.fsencode(corpus) + b"/" + LATIN1_NAME)).write_text(FIXTURE.replace("Merseburg", "Lützen"))
    for i, name in enumerate(ALIKE):
        (corpus / name).parent.mkdir(exist_ok=True)
        (corpus / name).write_text(FIXTURE + f"Meldung {i}.\n", encoding="utf-8")
    os.mkfifo(corpus / "p.txt")
    (corpus / "gemischt.txt").write_bytes(FIXTURE.replace("Merseburg", "Weißenfels").encode("utf-8")
                                          + "Bürgermeister Björn Müller dankte.\n".encode("latin-1"))
    (corpus / "seite.txt").write_text(HTML_PAGE, encoding="utf-8")
    (corpus / "geheim").mkdir()
    (corpus / "geheim" / "versteckt.txt").write_text(FIXTURE.replace("Merseburg", "Naumburg"), encoding="utf-8")
    (corpus / NEWLINE_NAME).write_text(FIXTURE.replace("Merseburg", "Sangerhausen"), encoding="utf-8")
    (corpus / ESCAPE_NAME).write_bytes(b"")
    (corpus / "drei.txt").write_bytes("Landrätin Jördis Weiß dankte.\n".encode() + "Björn Müller dankte.\n".encode(
        "latin-1") + "Die Gemeinde Südheide erhält 12.500 Euro.\n".encode("utf-16-le"))
    return corpus


@pytest.mark.slow  # two texts of millions of characters: about a minute on two cores
def test_a_hostile_corpus_builds_names_every_bad_file_and_keeps_the_good(tmp_path, monkeypatch):
    corpus = _hostile_corpus(tmp_path)
    output = tmp_path / "out"
    with unreadable(corpus / "geheim", monkeypatch):
        result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(output), "--jobs", "2"])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert all(line.isprintable() for line in lines)
    skipped = sorted(line.rsplit(": ", 1)[0] for line in lines if line.startswith("skipped "))
    assert skipped == sorted(f"skipped {name}" for name in (
        "empty.txt", "blank.txt", "binary.txt", "image.txt", "scan.pdf", "zz duplicate.txt", "ordner.txt", "p.txt",
        "drei.txt", "geheim", repr(ESCAPE_NAME)))
    assert "skipped p.txt: not a regular file (a named pipe)" in lines
    assert "skipped drei.txt: text in mixed encodings (UTF-8, Windows-1252, UTF-16); save it in one encoding" in lines
    assert "skipped geheim: folder cannot be read (Permission denied); nothing in it was built" in lines
    notes = sorted(line.split(": ", 1)[0] for line in lines if line.startswith("note "))
    assert notes == ["note caf\\xe9.txt", "note gemischt.txt", "note seite.txt"]
    orgs = CliRunner().invoke(cli, ["table", "organizations", str(output), "--format", "csv"]).stdout
    for place in ("Merseburg", "Querfurt", "Bad Dürrenberg", "Schkopau", "Leuna", "Jena", "Lützen", "Weißenfels",
                  "Zeitz", "Sangerhausen"):
        assert place in orgs, place
    assert "Falsch" not in orgs
    persons = CliRunner().invoke(cli, ["table", "persons", str(output), "--format", "csv"]).stdout
    assert "Björn Müller" in persons  # the Latin-1 line of a UTF-8 file
    files = {row[0] for row in query(load_store(output), "SELECT ?f WHERE { ?d egov:sourceFile ?f }").rows}
    assert files == {"utf8 mit Leerzeichen.txt", "windows-1252 #1.txt", "utf16 100%.txt", "crlf ümlaut?.txt",
                     "invisible.txt", "quotes.txt", "lang.txt", "eine zeile.txt", "caf\\xe9.txt", *ALIKE,
                     "gemischt.txt", "seite.txt", NEWLINE_NAME}
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


def test_a_name_with_line_breaks_cannot_forge_a_line_of_the_build(tmp_path):
    """Issue 14, item 14: contradictions name their files too."""
    sample = Path(__file__).parents[1] / "corpus" / "000_26ba56972a5725d6.txt"  # has a contradiction of its own
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "neu\nskipped fake.txt: empty\n.txt").write_bytes(sample.read_bytes())
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert any("contradiction" in line for line in lines)
    assert all(line.isprintable() for line in lines) and not any(line.startswith("skipped") for line in lines)
