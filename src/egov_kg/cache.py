"""A content-hash cache of per-document results, so that rebuilds redo only what changed.

A build keeps ``OUTPUT/.cache/build.sqlite`` beside the graph files. It holds

- ``facts``: every press release's ``DocumentFacts``, keyed by the sha256 of its text and the
  *analysis fingerprint* (egov-kg's and spaCy's versions and a hash of every package file the
  analysis can depend on: extractor modules, rules, lexicons), so that editing a rule or
  lexicon invalidates every entry;
- ``units``: for every named graph of the last build, the byte ranges it occupies in the graph
  files and the identities (organisations, persons) its statements were made from, so an
  unchanged graph is copied from the previous files instead of being emitted again;
- ``meta``: the last build's summary and the state of the files it wrote (``outputs.state``).

Nothing here is needed to read a graph: deleting ``.cache`` only makes the next build cold.
What is read back is checked: a row that does not unpack raises ``CacheDamaged`` naming what to
forget, and ``repair`` forgets it (the build then analyses or writes that part anew).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from egov_kg import __version__
from egov_kg.contradictions import may_contradict
from egov_kg.errors import CacheDamaged
from egov_kg.extract.rules import overlay_files
from egov_kg.records import DocumentFacts, Evidence

if TYPE_CHECKING:
    from egov_kg.resolve import Identities

DATABASE = "build.sqlite"
_SCHEMA = 5  # bumped when the tables or what they hold change; an older cache is dropped

_UNITS_TABLE = """CREATE TABLE IF NOT EXISTS {name} (graph TEXT PRIMARY KEY, sort TEXT NOT NULL UNIQUE,
    unit TEXT NOT NULL, digest TEXT NOT NULL, refs BLOB NOT NULL, ranges TEXT NOT NULL) WITHOUT ROWID;"""

#: Package modules that cannot change what the analysis of a text gives (everything after it:
#: resolution, RDF, files, queries, the command line). Every other file of the package counts,
#: so a new module is taken into account until it is listed here.
_NOT_ANALYSIS = (
    "__main__.py", "build.py", "cache.py", "cli.py", "evidence.py", "executors.py", "graph_files.py",
    "network.py", "ontology", "outputs.py", "push.py", "queries", "report.py", "report_assets", "resolve.py",
    "serve.py", "store.py", "table_files.py", "table_plans.py", "table_updates.py",
)  # fmt: skip
_HASHED_SUFFIXES = (".py", ".yaml", ".tsv", ".txt", ".ttl", ".rq", ".json", ".css", ".js", ".html")


@cache
def analysis_fingerprint() -> str:
    """A hash of everything that decides the facts read from a text (code, rules, lexicons, and
    the data files laid over them, ``rules.overlay_files``)."""
    root = _package_root()
    names = sorted(p.name for p in root.iterdir() if p.name not in _NOT_ANALYSIS and p.name != "__pycache__")
    seed = f"egov-kg {__version__}; spaCy {version('spacy')}"
    overlays = overlay_files()
    if overlays:
        digest = hashlib.sha256()
        for file in overlays:
            digest.update(file.name.encode("utf-8") + b"\0" + hashlib.sha256(file.read_bytes()).digest())
        seed += f"; overlays {digest.hexdigest()}"
    return hash_sources(root, names, seed)


@cache
def output_fingerprint() -> str:
    """A hash of the whole package: any change of egov-kg writes every graph anew."""
    root = _package_root()
    names = sorted(p.name for p in root.iterdir() if p.name != "__pycache__")
    return hash_sources(root, names, f"{analysis_fingerprint()}; pyoxigraph {version('pyoxigraph')}")


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


_NOWHERE = Evidence(0, 0, 0, 0, "")


def resolution_view(facts: DocumentFacts) -> DocumentFacts:
    """The facts resolution reads, lighter to unpickle: no dates or amounts of their own, and one
    shared evidence for all records (resolution pools names and keys, never positions) except
    those that may contradict another press release (``contradictions.Sayings`` notes where they
    are said, in the same pass; the text is kept for their sentences).

    ``resolve(views) == resolve(facts)`` and the same for the contradictions are tested; a
    resolver that reads more must extend this.
    """
    def light(record):
        return replace(record, evidence=_NOWHERE)

    def light_unless_quoted(record):
        return record if may_contradict(record) else light(record)

    return DocumentFacts(
        source_file=facts.source_file, sha256=facts.sha256, text=facts.text, title=None, published=facts.published,
        sentences=(), orgs=tuple(map(light, facts.orgs)), persons=tuple(map(light_unless_quoted, facts.persons)),
        roles=tuple(map(light_unless_quoted, facts.roles)),
        fundings=tuple(replace(f, evidence=_NOWHERE, amount=light(f.amount)) for f in facts.fundings),
        cooperations=tuple(map(light_unless_quoted, facts.cooperations)), events=tuple(map(light, facts.events)),
    )


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
        self._new_units = False
        self._reader = sqlite3.connect(self.path)  # reads the last build while this one is written

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA:  # another layout: start afresh
            db.executescript("DROP TABLE IF EXISTS facts; DROP TABLE IF EXISTS units; DROP TABLE IF EXISTS meta;")
            db.execute(f"PRAGMA user_version = {_SCHEMA}")
        db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, facts BLOB NOT NULL, view BLOB NOT NULL, "
                   "counts TEXT NOT NULL) WITHOUT ROWID")
        db.execute(_UNITS_TABLE.format(name="units"))
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
        db.execute("BEGIN")
        return db

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(commit=exc[0] is None)

    def close(self, *, commit: bool = True) -> None:
        self._reader.close()
        if self.db.in_transaction:
            self.db.execute("COMMIT" if commit else "ROLLBACK")
        self.db.close()

    def checkpoint(self) -> None:
        """Commit what was stored so far (an interrupted build keeps its finished documents)."""
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        self._pending = 0

    # --- per-document facts

    def fact_counts(self) -> dict[str, dict[str, int]]:
        """Every text the cache has facts of, by key, with its number of facts of each kind. One
        query: two per text (is it known, its counts) took 0.5 s of an unchanged rebuild of
        10,000 releases."""
        return {key: _checked(key, json.loads, counts) for key, counts in self.db.execute("SELECT key, counts FROM facts")}

    def put_facts(self, key: str, facts: bytes, view: bytes, counts: dict[str, int]) -> None:
        """Store the packed facts of a text and their resolution view (see ``pack`` and
        ``resolution_view``), and the number of facts of each kind."""
        self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?)", (key, facts, view, json.dumps(counts)))
        self._pending += 1
        if self._pending >= 1000:
            self.checkpoint()

    def facts_blob(self, key: str) -> bytes:
        return self.db.execute("SELECT facts FROM facts WHERE key = ?", (key,)).fetchone()[0]

    def views(self, keys: Iterable[str], names: Iterable[str]) -> Iterator[DocumentFacts]:
        """The resolution views of ``keys`` in that order, as read from the files ``names``."""
        for key, name in zip(keys, names):
            yield unpack_facts(key, self.db.execute("SELECT view FROM facts WHERE key = ?", (key,)).fetchone()[0], name)

    def damaged_facts(self) -> list[str]:
        """The keys of every row of facts that does not unpack."""
        damaged = []
        for key, facts, view, counts in self._reader.execute("SELECT key, facts, view, counts FROM facts"):
            try:
                unpack(facts), unpack(view), json.loads(counts)
            except Exception:  # noqa: BLE001 - whatever a damaged blob makes pickle or zlib raise
                damaged.append(key)
        return damaged

    def forget_facts(self, keys: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM facts WHERE key = ?", ((k,) for k in keys))

    def keep_only_facts(self, keys: Iterable[str]) -> None:
        """Forget the facts of texts that are no longer in the corpus."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM keep")
        self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keys))
        self.db.execute("DELETE FROM facts WHERE key NOT IN (SELECT key FROM keep)")

    # --- graph units of the last build

    def units(self) -> Iterator[tuple[str, str, str, bytes, dict]]:
        """The named graphs of the last build in file order: (graph IRI, unit key, dependency
        digest, packed refs, byte ranges per file)."""
        rows = self._reader.execute("SELECT graph, unit, digest, refs, ranges FROM units ORDER BY sort")
        for graph, unit, digest, refs, ranges in rows:
            _checked(CacheDamaged.UNITS, unpack, refs)
            yield graph, unit, digest, refs, _checked(CacheDamaged.UNITS, json.loads, ranges)

    def forget_units(self) -> None:
        """Forget the last build's graphs: the next build writes every graph anew."""
        self.db.execute("DELETE FROM units")
        self.forget_meta("build")

    def add_unit(self, sort: str, row: tuple[str, str, str, bytes, dict]) -> None:
        """Record a named graph of this build (kept apart until ``commit_units``)."""
        graph, unit, digest, refs, ranges = row
        if not self._new_units:
            self.db.execute("DROP TABLE IF EXISTS new_units")
            self.db.execute(_UNITS_TABLE.format(name="new_units"))
            self._new_units = True
        self.db.execute("INSERT INTO new_units VALUES (?, ?, ?, ?, ?, ?)",
                        (graph, sort, unit, digest, refs, json.dumps(ranges)))

    def commit_units(self) -> None:
        """This build's graphs become the last build's."""
        self.db.execute("DROP TABLE units")
        if self._new_units:
            self.db.execute("ALTER TABLE new_units RENAME TO units")
        else:
            self.db.execute(_UNITS_TABLE.format(name="units"))
        self._new_units = False

    # --- build summary

    def get_meta(self, name: str) -> object | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, name: str, value: object) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(value)))

    def forget_meta(self, name: str) -> None:
        self.db.execute("DELETE FROM meta WHERE name = ?", (name,))


def unpack_facts(key: str, blob: bytes, name: str) -> DocumentFacts:
    """The packed facts (or view) of the text ``key`` as read from the file ``name``; raises
    ``CacheDamaged(key)`` where they do not unpack (so the build forgets and analyses them)."""
    return named(_checked(key, unpack, blob), name)


def _checked(part: str, read: Callable[[bytes], object], value: bytes) -> object:
    """``read(value)``, or ``CacheDamaged(part)`` where the stored value does not read back."""
    try:
        return read(value)
    except Exception as exc:  # noqa: BLE001 - whatever a damaged blob makes pickle, zlib or json raise
        raise CacheDamaged(part, f"a stored row does not read back ({type(exc).__name__})") from None


def repair(folder: Path, damaged: CacheDamaged) -> str:
    """Forget what ``damaged`` names in the cache in ``folder``; what the build does about it."""
    if damaged.part == CacheDamaged.DATABASE:
        for suffix in ("", "-wal", "-shm"):
            (folder / (DATABASE + suffix)).unlink(missing_ok=True)
        return f"the cache was damaged ({damaged}); it is made anew and every press release analysed again"
    with BuildCache(folder) as cache:
        if damaged.part == CacheDamaged.UNITS:
            cache.forget_units()
            return f"{damaged}; every graph is written anew"
        keys = cache.damaged_facts() or [damaged.part]
        cache.forget_facts(keys)
    return f"the cached facts of {len(keys)} press release{'s' if len(keys) > 1 else ''} were damaged; analysed again"


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
    orgs: set = set()
    persons: set = set()
    return replace(ids, orgs=_Recording(ids.orgs, orgs), persons=_Recording(ids.persons, persons)), (orgs, persons)


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
