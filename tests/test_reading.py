"""Reading a corpus: encodings, line ends and every kind of file that is not a press release."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from egov_kg import reading
from egov_kg.reading import Notice, Skipped, SourceText, decode, read_corpus
from tests.test_hostile import unreadable

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


def test_a_file_that_grew_after_its_size_was_read_is_read_to_its_end_or_named_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    corpus = _corpus(tmp_path, {"grew.txt": TEXT.encode(), "burst.txt": b"x" * 2000})
    real = os.fstat
    monkeypatch.setattr(reading.os, "fstat", lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:10])))
    items = {i.source_file: i for i in read_corpus(corpus)}
    assert items["grew.txt"].text == TEXT and "too large" in items["burst.txt"].reason


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


# ----------------------------------------------------------------------------- issue 14: hostile folders


def _items(corpus: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Texts, skip reasons and notes by name."""
    items = list(read_corpus(corpus))
    return ({i.source_file: i.text for i in items if isinstance(i, SourceText)},
            {i.source_file: i.reason for i in items if isinstance(i, Skipped)},
            {i.source_file: i.message for i in items if isinstance(i, Notice)})


def test_a_file_name_that_is_not_utf8_is_read_under_an_escaped_name(tmp_path):
    """Item 2: the bytes that are not UTF-8 are shown as \\xNN, the text is read."""
    Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9 Gr\xfc\xdfe.txt")).write_bytes(TEXT.encode())
    texts, _, notes = _items(tmp_path)
    assert texts == {"caf\\xe9 Gr\\xfc\\xdfe.txt": TEXT}
    assert "not UTF-8" in notes["caf\\xe9 Gr\\xfc\\xdfe.txt"]
    name = next(iter(texts))
    name.encode("utf-8")  # no surrogates left


def test_a_named_pipe_is_skipped_not_waited_for(tmp_path):
    """Item 10: reading a FIFO would wait for a writer forever."""
    _corpus(tmp_path, {"a.txt": TEXT.encode()})
    os.mkfifo(tmp_path / "p.txt")
    found: list = []
    reader = threading.Thread(target=lambda: found.extend(read_corpus(tmp_path)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # the old reader blocks in open(): a writer that comes and goes releases it
        os.close(os.open(tmp_path / "p.txt", os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)
        pytest.fail("reading the corpus waited for the named pipe")
    bad = {i.source_file: i.reason for i in found if isinstance(i, Skipped)}
    assert bad == {"p.txt": "not a regular file (a named pipe)"}


def test_a_file_mixing_utf8_and_latin1_lines_is_read_line_by_line(tmp_path):
    """Item 11: the UTF-8 lines must not turn into mojibake under a single-byte guess."""
    data = ("Landrätin Jördis Weiß übergab den Bescheid.\n".encode("utf-8")
            + "Bürgermeister Björn Müller dankte für die Förderung.\n".encode("latin-1")
            + "Die Gemeinde Südheide erhält 12.500 € für das Rathaus.\n".encode("utf-8"))
    texts, _, notes = _items(_corpus(tmp_path, {"gemischt.txt": data}))
    assert texts["gemischt.txt"] == ("Landrätin Jördis Weiß übergab den Bescheid.\n"
                                     "Bürgermeister Björn Müller dankte für die Förderung.\n"
                                     "Die Gemeinde Südheide erhält 12.500 € für das Rathaus.\n")
    assert notes["gemischt.txt"] == "mixes UTF-8 and Windows-1252 lines; each line was read in its own encoding"


def test_a_txt_file_that_is_an_html_page_is_read_as_html(tmp_path):
    """Item 12."""
    texts, _, notes = _items(_corpus(tmp_path, {"seite.txt": HTML.encode("utf-8")}))
    text = texts["seite.txt"]
    assert "Landrätin Anna Beispiel übergab heute 50.000 Euro an die Gemeinde Adorf." in text
    assert "<" not in text and "tracking" not in text and "Startseite" not in text
    assert notes["seite.txt"] == "is an HTML page: its article text was read"


def test_an_unreadable_folder_is_named(tmp_path, monkeypatch):
    """Item 13: its press releases are missing from the graph, so the build says so."""
    _corpus(tmp_path, {"a.txt": TEXT.encode(), "geheim/b.txt": TEXT.replace("Anna", "Berta").encode()})
    with unreadable(tmp_path / "geheim", monkeypatch):
        texts, bad, _ = _items(tmp_path)
    assert set(texts) == {"a.txt"}
    assert bad == {"geheim": "folder cannot be read (Permission denied); nothing in it was built"}


@pytest.mark.parametrize("name", ["x.txt: empty\nskipped forged.txt", "\x1b[2Jclear.txt", "tab\there.txt",
                                  "bidi\u202etxt.exe.txt", " leading.txt"])
def test_names_with_line_breaks_or_escape_codes_are_quoted(tmp_path, name):
    """Item 14: a message names its file on one line, and a name cannot forge another line."""
    (tmp_path / name).write_bytes(b"")
    (skipped,) = read_corpus(tmp_path)
    line = str(skipped)
    assert line.isprintable() and line.startswith("skipped '") and line.endswith("': empty")


def test_plain_names_are_shown_as_they_are(tmp_path):
    (tmp_path / "Pressemitteilung Nr. 5 (Jena) – ü.txt").write_bytes(b"")
    assert [str(s) for s in read_corpus(tmp_path)] == ["skipped Pressemitteilung Nr. 5 (Jena) – ü.txt: empty"]


def test_a_file_mixing_utf8_latin1_and_utf16_says_so(tmp_path):
    """Item 15: not "binary content", but what it is."""
    data = ("Landrätin Jördis Weiß übergab den Bescheid.\n".encode("utf-8")
            + "Bürgermeister Björn Müller dankte.\n".encode("latin-1")
            + "Die Gemeinde Südheide erhält 12.500 Euro.\n".encode("utf-16-le"))
    _, bad, _ = _items(_corpus(tmp_path, {"drei.txt": data}))
    assert bad == {"drei.txt": "text in mixed encodings (UTF-8, Windows-1252, UTF-16); save it in one encoding"}
