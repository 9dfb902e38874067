"""Reading a corpus: encodings, line ends and every kind of file that is not a press release."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov_kg import reading
from egov_kg.reading import Skipped, SourceText, decode, read_corpus

TEXT = "Landrätin Anna Beispiel übergab in Weißenfels 12.500 Euro – „für’s Rathaus“.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "cp1252", "crlf"],
)
def test_decode_reads_common_encodings(data):
    assert decode(data) == TEXT


def test_decode_drops_control_characters_but_keeps_layout():
    assert decode(b"A\x00B\x07C\tD\nE") == "ABC\tD\nE"


@pytest.mark.parametrize("data", [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n\x00\x00", bytes(range(256)) * 4])
def test_decode_refuses_binary(data):
    assert decode(data) is None


def _corpus(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return tmp_path


def test_read_corpus_names_every_bad_file_and_keeps_the_good(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    corpus = _corpus(tmp_path, {
        "a good one.txt": TEXT.encode(),
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n",
        "picture.txt": b"\x89PNG\r\n\x1a\n" + bytes(100),
        "huge.txt": b"x" * 2000,
        "copy of good.txt": TEXT.encode(),
        "sub/#50% ü?.txt": "Zweite Meldung aus Görlitz.".encode("cp1252"),
        "notes.md": b"not a press release",
    })
    (corpus / "folder.txt").mkdir()
    items = list(read_corpus(corpus))
    good = {i.source_file: i.text for i in items if isinstance(i, SourceText)}
    bad = {i.source_file: i.reason for i in items if isinstance(i, Skipped)}
    assert good == {"a good one.txt": TEXT, "sub/#50% ü?.txt": "Zweite Meldung aus Görlitz."}
    assert bad.keys() == {"empty.txt", "blank.txt", "picture.txt", "huge.txt", "copy of good.txt", "folder.txt"}
    assert bad["copy of good.txt"] == "same content as a good one.txt"
    assert "too large" in bad["huge.txt"] and "binary" in bad["picture.txt"]
    assert all("\n" not in reason for reason in bad.values())


def test_read_corpus_survives_a_symlink_loop(tmp_path):
    corpus = _corpus(tmp_path, {"a.txt": TEXT.encode()})
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    names = [i.source_file for i in read_corpus(corpus)]
    assert names.count("a.txt") == 1


HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Presse</title>
<script>window.tracking = "Landkreis Falsch";</script></head><body>
<nav><ul><li><a href="/">Startseite</a></li><li><a href="/presse">Pressemitteilungen</a></li></ul></nav>
<main><article><h1>Gemeinde Adorf erhält Förderbescheid</h1>
<p>Plauen, 12.03.2024. Landrätin Anna Beispiel übergab heute 50.000 Euro an die Gemeinde Adorf.</p>
<p>Die Gemeinde will damit ihre Verwaltung digitalisieren und neue Online-Dienste anbieten.</p>
</article></main><footer>Impressum · Datenschutz · Barrierefreiheit</footer></body></html>"""


def test_html_press_releases_are_read_without_scripts_and_navigation(tmp_path):
    corpus = _corpus(tmp_path, {"meldung.html": HTML.encode("utf-8"), "alt.htm": HTML.replace("Adorf", "Bdorf").encode("cp1252")})
    items = {i.source_file: i for i in read_corpus(corpus)}
    text = items["meldung.html"].text
    assert "Landrätin Anna Beispiel übergab heute 50.000 Euro an die Gemeinde Adorf." in text
    assert "tracking" not in text and "Startseite" not in text and "Impressum" not in text
    assert "Gemeinde Bdorf" in items["alt.htm"].text


def test_unsupported_formats_are_named_not_ignored(tmp_path):
    corpus = _corpus(tmp_path, {"a.pdf": b"%PDF-1.4", "b.docx": b"PK\x03\x04", "c.html": b"<html><body></body></html>",
                                "ok.txt": TEXT.encode()})
    bad = {i.source_file: i.reason for i in read_corpus(corpus) if isinstance(i, Skipped)}
    assert bad["a.pdf"].startswith("unsupported format (.pdf)")
    assert bad["b.docx"].startswith("unsupported format (.docx)")
    assert bad["c.html"] == "no article text in the HTML"
