"""Reading a corpus folder: every press release as text, every unreadable file as a reason.

Administrations publish in UTF-8, UTF-16 and Windows-1252, with CRLF line ends, byte order
marks and the odd control character. A file that cannot be read as a press release is
reported (``Skipped``) with a one-line reason and the build goes on with the rest.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

#: Files above this size are refused: a press release is a few kilobytes; 10 MB is a dump.
MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
#: Formats a press release may come in that egov-kg does not read (yet): named, not ignored.
UNSUPPORTED_SUFFIXES = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".xml", ".png", ".jpg", ".jpeg", ".gif", ".tif",
                        ".tiff", ".webp", ".zip")

_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF", b"II*\x00", b"MM\x00*")


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
        return f"skipped {self.source_file}: {self.reason}"


def read_corpus(folder: Path) -> Iterator[SourceText | Skipped]:
    """Every press release under ``folder`` in a stable order (sorted relative paths)."""
    seen_hashes: dict[str, str] = {}
    for path in corpus_files(folder):
        name = path.relative_to(folder).as_posix()
        item = read_file(path, name)
        if isinstance(item, SourceText):
            first = seen_hashes.setdefault(item.sha256, name)
            if first != name:
                yield Skipped(name, f"same content as {first}")
                continue
        yield item


def corpus_files(folder: Path) -> list[Path]:
    """The files a build looks at, sorted; symlinked folders are followed once."""
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        stat = os.stat(root)
        if (stat.st_dev, stat.st_ino) in visited:  # a symlink loop: walk each folder once
            dirs[:] = []
            continue
        visited.add((stat.st_dev, stat.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.lower().endswith(SUFFIXES + UNSUPPORTED_SUFFIXES) and not name.startswith("."):
                found.append(Path(root) / name)
        # a directory named like a press release is reported, not walked silently past
        found.extend(Path(root) / d for d in dirs if d.lower().endswith(SUFFIXES))
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_file(path: Path, name: str) -> SourceText | Skipped:
    """Read one file, or say in one line why it cannot be a press release."""
    if path.is_dir():
        return Skipped(name, "is a directory")
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        return Skipped(name, f"unsupported format ({suffix}); egov-kg reads .txt and .html press releases")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Skipped(name, f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(name, f"cannot be read ({exc.strerror or exc})")
    text = html_text(data) if suffix in HTML_SUFFIXES else decode(data)
    if text is None:
        return Skipped(name, "no article text in the HTML" if suffix in HTML_SUFFIXES else "binary content, not text")
    if not text.strip():
        return Skipped(name, "empty" if not data else "no text (only white space)")
    return SourceText(name, text, hashlib.sha256(text.encode("utf-8")).hexdigest())


def decode(data: bytes) -> str | None:
    """Decode bytes of unknown encoding; None for binary data.

    Byte order marks decide first; then strict UTF-8; then charset-normalizer's best guess,
    which tells Windows-1252 from Latin-1 and other single-byte encodings.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith(_BINARY_MAGIC):
        return None
    elif _many_zero_bytes(data[:4096]):  # UTF-16 without a byte order mark, or binary
        encoding = _utf16_without_bom(data)
        if encoding is None:
            return None
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess(data)
            if text is None:
                return None
    return clean(text)


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
    """UTF-16 text has a zero byte in every other position; other data with zeros is binary."""
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
