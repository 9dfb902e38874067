"""A content-hash cache of per-document results, so that rebuilds redo only what changed.

A build keeps ``OUTPUT/.cache/build.sqlite`` beside the graph files. It holds

- ``facts``: every press release's ``DocumentFacts``, keyed by the sha256 of its text and the
  *analysis fingerprint* (egov-kg's and spaCy's versions and a hash of every extractor module,
  rule and lexicon file), so that editing a rule or lexicon invalidates every entry;
- ``units``: for every named graph of the last build, the byte ranges it occupies in the graph
  files and the identities (organisations, persons) its statements were made from, so an
  unchanged graph is copied from the previous files instead of being emitted again;
- ``meta``: the last build's summary and the sizes of the files it wrote.

Nothing here is needed to read a graph: deleting ``.cache`` only makes the next build cold.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from egov_kg import __version__
from egov_kg.records import DocumentFacts

if TYPE_CHECKING:
    from egov_kg.resolve import Identities

CACHE_DIR = ".cache"
DATABASE = "build.sqlite"

#: Package files whose content decides what the analysis of a text gives.
_ANALYSIS_SOURCES = ("extract", "nlp.py", "pipeline.py", "records.py")
#: ... and those that decide how facts become statements and files.
_OUTPUT_SOURCES = ("ontology", "queries", "resolve.py", "graph_files.py", "cache.py")
_HASHED_SUFFIXES = (".py", ".yaml", ".tsv", ".txt", ".ttl", ".rq", ".json")


@cache
def analysis_fingerprint() -> str:
    """A hash of everything that decides the facts read from a text (code, rules, lexicons)."""
    return hash_sources(_package_root(), _ANALYSIS_SOURCES, f"egov-kg {__version__}; spaCy {version('spacy')}")


@cache
def output_fingerprint() -> str:
    """The analysis fingerprint plus everything that decides the statements and files written."""
    return hash_sources(_package_root(), _OUTPUT_SOURCES, f"{analysis_fingerprint()}; pyoxigraph {version('pyoxigraph')}")


def _package_root() -> Path:
    return Path(str(resources.files("egov_kg")))


def hash_sources(root: Path, names: Iterable[str], seed: str) -> str:
    """A hash of ``seed`` and the content of the named files and folders below ``root``."""
    digest = hashlib.sha256(seed.encode("utf-8"))
    for name in names:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.suffix in _HASHED_SUFFIXES) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or not file.is_file():
                continue
            digest.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def facts_key(text_sha256: str) -> str:
    """The cache key of a text's facts: its content hash under the current analysis fingerprint."""
    return hashlib.sha256(f"{analysis_fingerprint()}\0{text_sha256}".encode("ascii")).hexdigest()


def named(facts: DocumentFacts, source_file: str) -> DocumentFacts:
    """Cached facts as read from ``source_file`` (the same text may have had another name)."""
    return facts if facts.source_file == source_file else replace(facts, source_file=source_file)


def pack(value: object) -> bytes:
    """Pickle and compress (fast zlib: facts compress about 3:1)."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> object:
    return pickle.loads(zlib.decompress(blob))


class BuildCache:
    """The cache of one output folder (a SQLite database); use as a context manager."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / DATABASE
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:  # a damaged cache is thrown away, never trusted
            self.path.unlink(missing_ok=True)
            self.db = self._open()
        self._pending = 0

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, facts BLOB NOT NULL, counts TEXT NOT NULL)
                                              WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS units (graph TEXT PRIMARY KEY, unit TEXT NOT NULL, digest TEXT NOT NULL,
                                              refs BLOB NOT NULL, ranges TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            """
        )
        db.execute("BEGIN")
        return db

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(commit=exc[0] is None)

    def close(self, *, commit: bool = True) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT" if commit else "ROLLBACK")
        self.db.close()

    def checkpoint(self) -> None:
        """Commit what was stored so far (an interrupted build keeps its finished documents)."""
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        self._pending = 0

    # --- per-document facts

    def has_facts(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM facts WHERE key = ?", (key,)).fetchone() is not None

    def put_facts(self, key: str, facts: bytes, counts: dict[str, int]) -> None:
        """Store the packed facts of a text (see ``pack``) and the number of facts of each kind."""
        self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", (key, facts, json.dumps(counts)))
        self._pending += 1
        if self._pending >= 1000:
            self.checkpoint()

    def facts_blob(self, key: str) -> bytes:
        return self.db.execute("SELECT facts FROM facts WHERE key = ?", (key,)).fetchone()[0]

    def facts(self, keys: Iterable[str], names: Iterable[str]) -> Iterator[DocumentFacts]:
        """The facts of ``keys`` in that order, as read from the files ``names``."""
        for key, name in zip(keys, names):
            yield named(unpack(self.facts_blob(key)), name)

    def counts(self, key: str) -> dict[str, int]:
        return json.loads(self.db.execute("SELECT counts FROM facts WHERE key = ?", (key,)).fetchone()[0])

    def keep_only_facts(self, keys: Iterable[str]) -> None:
        """Forget the facts of texts that are no longer in the corpus."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM keep")
        self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keys))
        self.db.execute("DELETE FROM facts WHERE key NOT IN (SELECT key FROM keep)")

    # --- graph units of the last build

    def units(self) -> dict[str, tuple[str, str, bytes, dict]]:
        """graph IRI -> (unit key, dependency digest, packed refs, byte ranges per file)."""
        rows = self.db.execute("SELECT graph, unit, digest, refs, ranges FROM units")
        return {g: (u, d, r, json.loads(ranges)) for g, u, d, r, ranges in rows}

    def replace_units(self, rows: Iterable[tuple[str, str, str, bytes, dict]]) -> None:
        self.db.execute("DELETE FROM units")
        self.db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?)",
                            ((g, u, d, r, json.dumps(ranges)) for g, u, d, r, ranges in rows))

    # --- build summary

    def get_meta(self, name: str) -> object | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, name: str, value: object) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(value)))

    def forget_meta(self, name: str) -> None:
        self.db.execute("DELETE FROM meta WHERE name = ?", (name,))


# ----------------------------------------------------------------------------- what a graph depends on


class _Recording(Mapping):
    """A read-only view of an entity table that notes every key looked up (found or not)."""

    def __init__(self, table: Mapping, seen: set) -> None:
        self._table = table
        self._seen = seen

    def __getitem__(self, key):
        self._seen.add(key)
        return self._table[key]

    def __iter__(self):
        self._seen.add(_EVERYTHING)
        return iter(self._table)

    def __len__(self) -> int:
        self._seen.add(_EVERYTHING)
        return len(self._table)


_EVERYTHING = "\0*"


def recording(ids: Identities) -> tuple[Identities, tuple[set, set]]:
    """Identities that note which organisations and persons are looked up in them.

    A document's statements are a function of its facts, the base IRI and the entities it
    looks up; ``dependency_digest`` of what was noted tells whether a later resolution gives
    those entities differently (another display name, alias, honorific or party).
    """
    from egov_kg.resolve import Identities

    orgs: set = set()
    persons: set = set()
    return Identities(base=ids.base, orgs=_Recording(ids.orgs, orgs), persons=_Recording(ids.persons, persons)), (
        orgs, persons)


class DependencyDigests:
    """Digests of the entities a graph was made from, under one resolution (memoised per entity)."""

    def __init__(self, ids: Identities) -> None:
        self.ids = ids
        self._memo: dict[tuple[str, str], bytes] = {}

    def digest(self, refs: tuple[Iterable[str], Iterable[str]]) -> str:
        orgs, persons = refs
        h = hashlib.sha256(self.ids.base.encode("utf-8"))
        for kind, table, keys in (("o", self.ids.orgs, orgs), ("p", self.ids.persons, persons)):
            for key in sorted(keys):
                h.update(self._entity(kind, table, key))
        return h.hexdigest()

    def _entity(self, kind: str, table: Mapping, key: str) -> bytes:
        memo = self._memo.get((kind, key))
        if memo is None:
            if key == _EVERYTHING:  # the graph read the whole table
                value = repr(sorted(table.items()))
            else:
                value = repr(table.get(key))
            memo = self._memo[(kind, key)] = hashlib.sha256(f"{kind}\0{key}\0{value}".encode("utf-8")).digest()
        return memo
