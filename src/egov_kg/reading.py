"""Reading a corpus folder: every press release as text, every unreadable file as a reason.

Administrations publish in UTF-8, UTF-16 and Windows-1252, with CRLF line ends, byte order
marks and the odd control character, and their folders hold more than press releases. A
file that cannot be read as a press release is reported (``Skipped``) with a one-line reason
and the build goes on with the rest; a file that was read, but not as its name or encoding
promised (an HTML page named ``.txt``, lines in two encodings, a name that is not UTF-8), is
read and reported with a ``Notice``. Only regular files are opened: a named pipe or a device
would make the build wait forever.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from egov_kg.errors import quote_name

#: Files above this size are refused: a press release is a few kilobytes; 10 MB is a dump.
MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
#: Formats a press release may come in that egov-kg does not read (yet): named, not ignored.
UNSUPPORTED_SUFFIXES = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".xml", ".png", ".jpg", ".jpeg", ".gif", ".tif",
                        ".tiff", ".webp", ".zip")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # re scans a plain class 3x faster than regex
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF", b"II*\x00", b"MM\x00*")
_UTF8_BOM = b"\xef\xbb\xbf"
_BINARY = "binary content, not text"
_MIXED_LINES = "mixes UTF-8 and Windows-1252 lines; each line was read in its own encoding"
#: What a file is when it is not a regular file, by the test of its mode.
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))
#: Eight or more characters of UTF-16 text in the Latin-1 range (one zero byte each).
_UTF16_RUN = regex.compile(rb"(?:[\t\n\r\x20-\x7e\xa0-\xff]\x00){8,}|(?:\x00[\t\n\r\x20-\x7e\xa0-\xff]){8,}")
_BYTE_TEXT_RUN = regex.compile(rb"[\x20-\x7e\x80-\xff]{16,}")  # 8-bit text: no zero or control byte
_BYTE_CONTROL = regex.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UTF8_SEQUENCE = regex.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: Letters that Windows-1252 pairs such as "ß“" (DF 93) make when read as UTF-8; German text has none.
_NOT_GERMAN_UTF8 = regex.compile(r"[\u0250-\u07ff]")
_HTML_PAGE = regex.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
                           regex.IGNORECASE | regex.DOTALL)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A press release as read: its name inside the corpus, its text and a content hash."""

    source_file: str
    text: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not read, and why (one line)."""

    source_file: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {quote_name(self.source_file)}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to know about a file that was read, or about the build's own files (one line)."""

    source_file: str
    message: str

    def __str__(self) -> str:
        return f"note {quote_name(self.source_file)}: {self.message}"


@dataclass(frozen=True, slots=True)
class _Decoded:
    text: str | None
    note: str | None = None
    reason: str | None = None  # why there is no text


class _Unreadable(Exception):
    """A path that is not a regular file of readable size; the message is the skip reason."""


def read_corpus(folder: Path) -> Iterator[SourceText | Skipped | Notice]:
    """Every press release under ``folder`` in a stable order (sorted relative paths), each
    preceded by its notices."""
    seen_hashes: dict[str, str] = {}
    files, unreadable = _walk(folder)
    for relative, path in _in_order(folder, [*files, *unreadable]):
        name, name_note = _text_name(relative)
        if path in unreadable:
            yield Skipped(name, f"folder cannot be read ({unreadable[path]}); nothing in it was built")
            continue
        item, note = _read(path, name)
        if isinstance(item, SourceText):
            first = seen_hashes.setdefault(item.sha256, name)
            if first != name:
                yield Skipped(name, f"same content as {quote_name(first)}")
                continue
            yield from (Notice(name, message) for message in (name_note, note) if message)
        yield item


def corpus_files(folder: Path) -> list[Path]:
    """The files a build looks at, and the folders it cannot look into, sorted."""
    files, unreadable = _walk(folder)
    return [path for _, path in _in_order(folder, [*files, *unreadable])]


def _text_name(relative: str) -> tuple[str, str | None]:
    """A file's name inside the corpus as text, and a note if it is not UTF-8.

    A name's bytes that are not UTF-8 are written ``\\xNN``: the name stays readable, tells
    apart every file, and can be written to the graph, the cache and every message.
    """
    raw = os.fsencode(relative)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), "its name is not UTF-8; the other bytes are written \\xNN"


def _walk(folder: Path) -> tuple[list[Path], dict[Path, str]]:
    """The files to look at, and the folders that cannot be listed with the reason;
    symlinked folders are followed once."""
    found: list[Path] = []
    unreadable: dict[Path, str] = {}
    visited: set[tuple[int, int]] = set()

    def cannot_list(error: OSError) -> None:
        unreadable[Path(error.filename)] = error.strerror or type(error).__name__

    for root, dirs, files in os.walk(folder, onerror=cannot_list, followlinks=True):
        try:
            info = os.stat(root)
        except OSError as error:
            cannot_list(error)
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in visited:  # a symlink loop: walk each folder once
            dirs[:] = []
            continue
        visited.add((info.st_dev, info.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.lower().endswith(SUFFIXES + UNSUPPORTED_SUFFIXES) and not name.startswith("."):
                found.append(Path(root) / name)
        # a directory named like a press release is reported, not walked silently past
        found.extend(Path(root) / d for d in dirs if d.lower().endswith(SUFFIXES))
    return found, unreadable


def _in_order(folder: Path, paths: list[Path]) -> list[tuple[str, Path]]:
    """The paths sorted by their names inside ``folder``, each with that name."""
    return sorted((path.relative_to(folder).as_posix(), path) for path in paths)


def read_file(path: Path, name: str) -> SourceText | Skipped:
    """Read one file, or say in one line why it cannot be a press release."""
    return _read(path, name)[0]


def _read(path: Path, name: str) -> tuple[SourceText | Skipped, str | None]:
    """Read one file: the text or why there is none, and a note on how it was read."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        return Skipped(name, f"unsupported format ({suffix}); egov-kg reads .txt and .html press releases"), None
    try:
        data = _regular_file_bytes(path)
    except _Unreadable as exc:
        return Skipped(name, str(exc)), None
    except OSError as exc:
        return Skipped(name, f"cannot be read ({exc.strerror or exc})"), None
    if suffix in HTML_SUFFIXES:
        decoded = _Decoded(html_text(data), reason="no article text in the HTML")
    else:
        decoded = _decode(data)
        if decoded.text is not None and _HTML_PAGE.match(decoded.text[:4096]):
            decoded = _Decoded(html_text(data), "is an HTML page: its article text was read",
                               "an HTML page without article text")
    if decoded.text is None:
        return Skipped(name, decoded.reason or _BINARY), None
    if not decoded.text.strip():
        return Skipped(name, "empty" if not data else "no text (only white space)"), None
    return SourceText(name, decoded.text, hashlib.sha256(decoded.text.encode("utf-8")).hexdigest()), decoded.note


def _regular_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_BYTES``.

    The file is opened without waiting and checked again once open, so that a named pipe,
    socket or device is never read, even one put in a file's place meanwhile.
    """
    kind = _kind(os.stat(path).st_mode)
    if kind:
        raise _Unreadable(kind)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind:
            raise _Unreadable(kind)
        if info.st_size > MAX_BYTES:
            raise _Unreadable(f"too large ({info.st_size:,} bytes; the limit is {MAX_BYTES:,})")
        with open(fd, "rb", closefd=False) as handle:
            # as many bytes as the file has (read(MAX_BYTES + 1) made a buffer of that size for
            # every file: 1.2 s of 1.5 for 10,000 press releases), and the rest if it grew
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_BYTES + 1 - len(data))
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # grew while it was read
        raise _Unreadable(f"too large (more than {MAX_BYTES:,} bytes)")
    return data


def _kind(mode: int) -> str | None:
    """Why a path of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    return "not a regular file ({})".format(next((kind for test, kind in _KINDS if test(mode)), "of an unknown kind"))


def decode(data: bytes) -> str | None:
    """Decode bytes of unknown encoding; None for binary data (see ``_decode``)."""
    return _decode(data).text


def _decode(data: bytes) -> _Decoded:
    """Byte order marks decide first; then UTF-16 without one; then strict UTF-8; then UTF-8
    line by line where a file mixes it with Windows-1252; then charset-normalizer's best guess,
    which tells Windows-1252 from Latin-1 and other single-byte encodings. A file that mixes
    UTF-16 with other text is named as such, not as binary.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16")
    if data.startswith(_BINARY_MAGIC):
        return _Decoded(None, reason=_BINARY)
    if b"\x00" in data:
        encoding = _utf16_without_bom(data) if _many_zero_bytes(data[:4096]) else None
        if encoding:
            return _utf16(data, encoding)
        mixture = _mixture(data)
        if mixture:
            return _Decoded(None, reason=mixture)
        if _many_zero_bytes(data[:4096]):
            return _Decoded(None, reason=_BINARY)
    return _eight_bit(data)


def _utf16(data: bytes, encoding: str) -> _Decoded:
    mixture = _mixture(data)
    if mixture:
        return _Decoded(None, reason=mixture)
    return _Decoded(clean(data.decode(encoding, errors="replace")))


def _eight_bit(data: bytes) -> _Decoded:
    bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM):] if bom else data
    try:
        return _Decoded(clean(body.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    lines = body.splitlines(keepends=True)
    if bom or any(not line.isascii() and _utf8_line(line) is not None for line in lines):
        return _Decoded(clean("".join(_utf8_line(line) or _single_byte(line) for line in lines)), _MIXED_LINES)
    text = _guess(body)
    return _Decoded(clean(text)) if text is not None else _Decoded(None, reason=_BINARY)


def _utf8_line(line: bytes) -> str | None:
    """A line as UTF-8, if it is UTF-8 as German text would be."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _NOT_GERMAN_UTF8.search(text) else text


def _single_byte(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes Windows-1252 leaves undefined
        return line.decode("latin-1")


def _mixture(data: bytes) -> str | None:
    """What a file that holds UTF-16 beside 8-bit text is, as a skip reason; None for others.

    Taken out of UTF-16 text, runs of UTF-16 leave no long run of plain bytes; taken out of a
    mixed file, they leave the 8-bit text, whose encodings are then told apart.
    """
    rest = _UTF16_RUN.sub(b"\n", data)
    if len(rest) == len(data) or not _BYTE_TEXT_RUN.search(rest) or len(_BYTE_CONTROL.findall(rest)) > len(rest) // 100:
        return None
    found = []
    if _UTF8_SEQUENCE.search(rest):
        found.append("UTF-8")
    if not _UTF8_SEQUENCE.sub(b"", rest).isascii():
        found.append("Windows-1252")
    return f"text in mixed encodings ({', '.join([*(found or ['ASCII']), 'UTF-16'])}); save it in one encoding"


def html_text(data: bytes) -> str | None:
    """The article of an HTML press release, without scripts, navigation and footers.

    trafilatura finds the main text of news pages far better than hand-written tag rules.
    """
    import trafilatura

    if data.startswith(_BINARY_MAGIC):
        return None
    text = trafilatura.extract(data, output_format="txt", include_comments=False, include_tables=True,
                               favor_recall=True)
    return clean(text) if text else None


def _many_zero_bytes(head: bytes) -> bool:
    zeros = head.count(0)
    return zeros > 3 and zeros > len(head) // 20


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text (of the Latin script) has a zero byte in every other position."""
    head = data[:4096]
    if head[1::2].count(0) > len(head) * 0.4:
        return "utf-16-le"
    if head[0::2].count(0) > len(head) * 0.4:
        return "utf-16-be"
    return None


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    if len(_CONTROL.findall(text[:4096])) > 8:  # a "guess" full of control codes is binary
        return None
    return text


def clean(text: str) -> str:
    """Line ends to ``\\n``; control characters other than tab and line breaks removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)
