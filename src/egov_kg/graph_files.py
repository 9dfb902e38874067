"""The graph files of a build, written as a stream of named graphs (one per press release).

Every named graph is serialised on its own into a ``Block``: its N-Quads lines sorted and
unique, its TriG section and its JSON-LD element. Written in the order of their graph IRIs,
the blocks make exactly the files a sort of all quads would make (``graph.nq``, ``graph.trig``,
``graph.jsonld``), without ever holding more than one graph's statements. ``graph.ttl`` merges
all graphs, so its statements are sorted across graphs: an external merge sort over sorted runs
on disk, kept as ``.cache/merged.nt`` (every statement with the number of graphs stating it).

A rebuild copies the bytes of every unchanged graph from the previous files (kernel-side,
``os.copy_file_range`` where available) and only serialises the changed ones; the merged
statements are patched instead of sorted again (the changed graphs' old statements subtracted,
their new ones added, each found by binary search in the sorted file), and so is ``graph.ttl``:
only the blocks of the subjects whose statements changed are serialised again. The statements
the shipped tables read are kept and patched alike in a file of their own (``TABLE_STATEMENTS``).

Sharded output (``shards=True``) writes ``shards/part-00000.nq``, ... instead: N-Quads of
``UNITS_PER_SHARD`` graphs each, whose concatenation is ``graph.nq``; Oxigraph, Apache Jena and
QLever bulk-load them as they are.

All files are written into a new generation folder and switched in together by ``commit``
(``outputs.switch``), so a failed, invalid or killed build leaves the previous graph untouched,
and no reader sees files of two builds. The disk's share of the work (copying unchanged bytes,
``fsync``) runs on threads beside the build's own (both calls release the GIL), and ``commit``
waits for all of it, and raises what failed in it, before the switch.
"""

from __future__ import annotations

import heapq
import json
import mmap
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from json.encoder import encode_basestring as _json_string
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse, serialize

from egov_kg import outputs
from egov_kg.errors import CacheDamaged
from egov_kg.ontology.namespaces import PREFIXES
from egov_kg.table_updates import Change

#: The files of a build that is not sharded (tests compare them).
GRAPH_FILES = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld")
SHARD_DIR = "shards"
UNITS_PER_SHARD = 1000
#: The merged statements of a generation, which the next build patches (see ``_write_turtle``).
MERGED = "merged.nt"
#: Those of them a shipped table reads (``table_files``), patched alike.
TABLE_STATEMENTS = "table-statements.nt"

#: Bytes of statements sorted in memory before a run is spilled to disk.
RUN_BYTES = 64 * 1024 * 1024
#: Bytes of graph.nq read back at once to merge its statements.
READ_BACK_BYTES = 1024 * 1024

_SENTINEL = '"\\u0000"'
#: What comes before the first and before every further graph element in graph.jsonld.
_FIRST, _NEXT = b"\n  ", b",\n  "


@dataclass(frozen=True, slots=True)
class Block:
    """One named graph, serialised: sorted unique N-Quads lines, TriG section, JSON-LD element."""

    graph: str
    nq: bytes
    trig: bytes = b""
    jsonld: bytes = b""

    @property
    def statements(self) -> int:
        return self.nq.count(b"\n")


def make_block(graph: str, quads: Iterable[Quad], *, full: bool = True) -> Block:
    """Serialise the quads of one named graph (``full=False``: N-Quads only)."""
    quads = list(quads)
    # N-Quads writes a line per statement, in the order given: the quads sorted by their lines
    by_line = dict(zip(serialize(quads, format=RdfFormat.N_QUADS).splitlines(keepends=True), quads))
    lines = sorted(by_line)
    nq = b"".join(lines)
    if not full:
        return Block(graph, nq)
    ordered = [by_line[line] for line in lines]
    if any(quad.graph_name.value != graph for quad in ordered):
        raise ValueError(f"a block holds the statements of one named graph, {graph}")
    trig = _without_prefixes(serialize(ordered, format=RdfFormat.TRIG, prefixes=PREFIXES))
    return Block(graph, nq, trig, jsonld_element(graph, ordered).encode("utf-8") if ordered else b"")


#: What jsonld_element writes before a node, a property and a value, and after a value.
_NODE = '\n    {\n     "@id": '
_PROPERTY = ",\n     "
_VALUE = "\n      {\n       "
_VALUE_END = "\n      }"
_PLAIN = ("http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def jsonld_element(graph: str, quads: list[Quad]) -> str:
    """The JSON-LD element of a named graph as pyoxigraph's writer makes it (a node per subject,
    a list of values per property, in the order of ``quads``) and as ``json.dumps(element,
    ensure_ascii=False, indent=1)`` lays it out two levels deep, with the usual prefixes for
    property keys and datatypes. Written directly: reading pyoxigraph's JSON back and laying it
    out again node by node in Python took most of the time a graph took to serialise."""
    parts = ['{\n   "@id": ', _json_string(graph), ',\n   "@graph": [']
    subject = predicate = None
    for quad in quads:
        if quad.subject != subject:
            if subject is not None:
                parts.append("\n     ]\n    },")
            subject, predicate = quad.subject, None
            parts += (_NODE, _json_string(_node_id(subject)))
        if quad.predicate != predicate:
            if predicate is not None:
                parts.append("\n     ]")
            predicate = quad.predicate
            parts += (_PROPERTY, _json_string(_short_iri(predicate.value)), ": [")
        else:
            parts.append(",")
        value = quad.object
        if isinstance(value, Literal):
            if value.language:
                parts += (_VALUE, '"@language": ', _json_string(value.language), ',\n       "@value": ')
            elif value.datatype.value not in _PLAIN:
                parts += (_VALUE, '"@type": ', _json_string(_short_iri(value.datatype.value)), ',\n       "@value": ')
            else:
                parts += (_VALUE, '"@value": ')
            parts += (_json_string(value.value), _VALUE_END)
        else:
            parts += (_VALUE, '"@id": ', _json_string(_node_id(value)), _VALUE_END)
    parts.append("\n     ]\n    }\n   ]\n  }")
    return "".join(parts)


def _node_id(term: NamedNode | BlankNode) -> str:
    return term.value if isinstance(term, NamedNode) else f"_:{term.value}"


def blocks_of(quads: Iterable[Quad], *, full: bool = True) -> list[Block]:
    """Blocks of any quads, one per named graph, in graph order (the order of the files)."""
    by_graph: dict[str, list[Quad]] = {}
    for quad in quads:
        if not isinstance(quad.graph_name, NamedNode):
            raise ValueError(f"every statement must be in a named graph: {quad}")
        by_graph.setdefault(quad.graph_name.value, []).append(quad)
    return [make_block(name, by_graph[name], full=full) for name in sorted(by_graph, key=graph_order)]


def graph_order(iri: str) -> str:
    """The sort key of a named graph in the files (its N-Quads term)."""
    return f"<{iri}>"


def nt_lines(nq: bytes | list[bytes]) -> list[bytes]:
    """N-Quads lines (a graph's block, or lines read from a file) as N-Triples statements (graph
    term and line end cut off)."""
    # the graph term is always an IRI, and IRIs hold no spaces
    return [line[: line.rindex(b" <")] + b" ." for line in (nq.splitlines() if isinstance(nq, bytes) else nq)]


def _without_prefixes(trig: bytes) -> bytes:
    start = 0
    while trig.startswith(b"@prefix ", start):
        start = trig.index(b"\n", start) + 1
    return trig[start:]


@lru_cache(maxsize=1 << 16)
def _short_iri(iri: str) -> str:
    """The IRI with the first of the usual prefixes it starts with (kept: the same IRIs recur)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@cache
def _jsonld_frame() -> tuple[bytes, bytes]:
    """The JSON-LD document around its graph elements: ``... "@graph": [`` and ``\\n ]\\n}``."""
    text = json.dumps({"@context": dict(PREFIXES), "@graph": ["\x00"]}, ensure_ascii=False, indent=1)
    head, tail = text.split(_SENTINEL)
    assert head.endswith("[\n  ")
    return head[:-3].encode("utf-8"), tail.encode("utf-8")


@cache
def _trig_prefixes() -> bytes:
    """The ``@prefix`` lines pyoxigraph writes at the top of TriG and Turtle."""
    probe = Quad(NamedNode("urn:x:s"), NamedNode("urn:x:p"), NamedNode("urn:x:o"), NamedNode("urn:x:g"))
    trig = serialize([probe], format=RdfFormat.TRIG, prefixes=PREFIXES)
    return trig[: len(trig) - len(_without_prefixes(trig))]


# ----------------------------------------------------------------------------- the previous build


@dataclass(frozen=True)
class Previous:
    """The files of the last build (its generation folder), whose byte ranges unchanged graphs
    are copied from."""

    folder: Path
    shards: bool
    merged_statements: int | None = None  # statements in graph.ttl, if known

    def open(self, name: str):
        return open(self.folder / name, "rb")


# ----------------------------------------------------------------------------- writing


class _Output:
    """One file of a new generation being written; copies from old files coalesced.

    With a ``copier`` the copies run beside the build: each is made at its own place in the file
    (``copy_file_range`` and ``pwrite`` take offsets), so it needs no order with the writes that
    follow it, and with a descriptor of its own, so the old file may be closed meanwhile.
    ``finish`` waits for them.
    """

    def __init__(self, path: Path, copier: Executor | None = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(path, "wb")
        self.offset = 0
        self._copy: tuple[object, int, int, int] | None = None  # (source handle, start, length, at)
        self._copier = copier
        self._copying: list[Future] = []

    def write(self, data: bytes) -> tuple[int, int]:
        self._flush_copy()
        start = self.offset
        self.handle.write(data)
        self.offset += len(data)
        return start, len(data)

    def flush(self) -> None:
        self._flush_copy()

    def reset(self) -> None:
        """Start the file again from nothing."""
        self._copy = None
        self.wait()
        self.handle.seek(0)
        self.handle.truncate()
        self.offset = 0

    def copy(self, source, start: int, length: int) -> tuple[int, int]:
        if length == 0:
            return self.offset, 0
        if self._copy and self._copy[0] is source and self._copy[1] + self._copy[2] == start:
            self._copy = (source, self._copy[1], self._copy[2] + length, self._copy[3])
        else:
            self._flush_copy()
            self._copy = (source, start, length, self.offset)
        at = self.offset
        self.offset += length
        return at, length

    def _flush_copy(self) -> None:
        if not self._copy:
            return
        source, start, length, at = self._copy
        self._copy = None
        self.handle.seek(at + length)  # writes go on after the copy (flushing what was written before)
        task = (os.dup(source.fileno()), source.name, self.handle.fileno(), start, length, at)
        if self._copier is None:
            _copy_range(*task)
        else:
            self._copying.append(self._copier.submit(_copy_range, *task))

    def wait(self, *, failing: bool = True) -> None:
        """Wait for the copies made beside the build; the first failure is raised (``failing``)."""
        copying, self._copying = self._copying, []
        for done in copying:
            try:
                done.result()
            except BaseException:
                if failing:
                    raise

    def finish(self) -> None:
        """Write what is pending, so that the file reads whole (durable once closed)."""
        if self.handle.closed:
            return
        if self.offset and self._is_whole_copy():  # the same bytes as an old file: link, not copy
            source = self._copy[0]
            self._copy = None
            self.handle.close()
            self.path.unlink()
            os.link(source.name, self.path)
            return
        self._flush_copy()
        self.wait()
        self.handle.flush()

    def close(self) -> None:
        self.finish()
        if not self.handle.closed:
            os.fsync(self.handle.fileno())
            self.handle.close()

    def _is_whole_copy(self) -> bool:
        if not self._copy or self._copy[1] != 0 or self._copy[2] != self.offset:
            return False
        return os.fstat(self._copy[0].fileno()).st_size == self.offset and hasattr(os, "link")


def _copy_range(source: int, name: str, target: int, start: int, length: int, at: int) -> None:
    """Copy ``length`` bytes from ``start`` of ``source`` (a descriptor of the file ``name``, closed
    here) to ``at`` of ``target``: in the kernel where it can, else through memory."""
    copy_file_range = getattr(os, "copy_file_range", None)
    done = 0
    try:
        if copy_file_range is not None:
            try:
                while done < length:
                    n = copy_file_range(source, target, length - done, start + done, at + done)
                    if n == 0:
                        break
                    done += n
            except OSError:
                pass  # not supported between these files: copy through memory
        while done < length:
            data = os.pread(source, min(length - done, 16 * 1024 * 1024), start + done)
            if not data:
                raise CacheDamaged(CacheDamaged.UNITS, f"{name} is shorter than the last build recorded")
            done += os.pwrite(target, data, at + done)
    finally:
        os.close(source)


class GraphWriter:
    """Writes a build's graph files from blocks in graph order, copying unchanged graphs.

    Call ``add`` (a new block) or ``reuse`` (ranges of the previous build) once per named graph
    in graph order, then ``commit`` to switch the files in, or ``discard`` to drop them. The
    files are written into a new generation folder of ``folder`` (``outputs``), which readers
    see only once ``commit`` switches it in.
    """

    def __init__(self, folder: Path, *, shards: bool = False, previous: Previous | None = None) -> None:
        self.folder = folder
        self.target = outputs.new_generation(folder)
        self.shards = shards
        self.previous = previous
        self._outputs: dict[str, _Output] = {}
        self._sources: dict[str, object] = {}
        self._units = 0
        self._statements = 0
        self._first_jsonld = True
        self._delta = _Runs(self.target)
        self._table_changes: list[Change] | None = None  # known where the merge is patched
        self._copier = ThreadPoolExecutor(max_workers=2, thread_name_prefix="egov-kg-copy")
        self._closer = ThreadPoolExecutor(max_workers=3, thread_name_prefix="egov-kg-close")
        self._closing: dict[Path, Future] = {}
        self._rebuild_merged = previous is None or previous.shards or shards or not self._merged_intact()
        if not shards:
            for name in ("graph.nq", "graph.trig", "graph.jsonld"):
                self._outputs[name] = _Output(self.target / name, self._copier)
            self._outputs["graph.jsonld"].write(_jsonld_frame()[0])
            self._outputs["graph.trig"].write(_trig_prefixes())

    def _merged_intact(self) -> bool:
        return self.previous is not None and all((self.previous.folder / name).is_file()
                                                 for name in (MERGED, TABLE_STATEMENTS))

    # --- adding graphs

    def add(self, block: Block, old: dict | None = None) -> dict:
        """Write a newly serialised graph; ``old`` are its ranges in the previous build, if any."""
        ranges: dict = {"lines": block.statements}
        nq = self._nq_output()
        ranges["nq"] = [self._nq_name(), *nq.write(block.nq)]
        if not self.shards:
            ranges["trig"] = list(self._outputs["graph.trig"].write(block.trig))
            ranges["jsonld"] = list(self._write_jsonld(block.jsonld))
            if not self._rebuild_merged:
                if old is not None:
                    self._delta.add(nt_lines(self._read_old(old["nq"])), -1)
                self._delta.add(nt_lines(block.nq), +1)
        self._units += 1
        self._statements += block.statements
        return ranges

    def reuse(self, old: dict) -> dict:
        """Copy a graph unchanged from the previous build's files."""
        ranges: dict = {"lines": old["lines"]}
        nq = self._nq_output()
        name, start, length = old["nq"]
        ranges["nq"] = [self._nq_name(), *nq.copy(self._source(name), start, length)]
        if not self.shards:
            ranges["trig"] = list(self._outputs["graph.trig"].copy(self._source("graph.trig"), *old["trig"]))
            ranges["jsonld"] = list(self._reuse_jsonld(*old["jsonld"]))
        self._units += 1
        self._statements += old["lines"]
        return ranges

    def remove(self, old: dict) -> None:
        """A graph of the previous build that is gone: take its statements out of the merge."""
        if not self.shards and not self._rebuild_merged:
            self._delta.add(nt_lines(self._read_old(old["nq"])), -1)

    def _reuse_jsonld(self, start: int, length: int) -> tuple[int, int]:
        """Copy an element, with the separator before it where the old file has the same one.

        Copying the separator too keeps a run of unchanged elements one contiguous copy.
        """
        out, source = self._outputs["graph.jsonld"], self._source("graph.jsonld")
        first_in_old = start == len(_jsonld_frame()[0]) + len(_FIRST)
        if self._first_jsonld or first_in_old:
            out.write(_FIRST if self._first_jsonld else _NEXT)
            at = out.copy(source, start, length)
        else:
            at = out.copy(source, start - len(_NEXT), length + len(_NEXT))
            at = (at[0] + len(_NEXT), length)
        self._first_jsonld = False
        return at

    def _write_jsonld(self, element: bytes) -> tuple[int, int]:
        out = self._outputs["graph.jsonld"]
        out.write(_FIRST if self._first_jsonld else _NEXT)
        self._first_jsonld = False
        return out.write(element)

    def _nq_name(self) -> str:
        if not self.shards:
            return "graph.nq"
        return f"{SHARD_DIR}/part-{self._units // UNITS_PER_SHARD:05d}.nq"

    def _nq_output(self) -> _Output:
        name = self._nq_name()
        if name not in self._outputs:
            if self.shards:
                for other in [n for n in self._outputs if n.startswith(SHARD_DIR)]:
                    self._close_later(self._outputs[other])
                self._outputs[name] = _Output(self.target / name, self._copier)
        return self._outputs[name]

    def _source(self, name: str):
        if name not in self._sources:
            assert self.previous is not None
            self._sources[name] = self.previous.open(name)
        return self._sources[name]

    def wrote_before(self, block: Block, old: dict) -> bool:
        """Whether the previous build wrote this very block (``old``: its ranges there)."""
        return old["lines"] == block.statements and self._read_old(old["nq"]) == block.nq

    def _read_old(self, where: list) -> bytes:
        name, start, length = where
        return os.pread(self._source(name).fileno(), length, start)

    def _close_later(self, output: _Output) -> None:
        """Close a finished file in the background: copying its unchanged graphs and making it
        durable are the disk's work (``copy_file_range`` and ``fsync`` release the GIL), done
        while the merge and the tables are computed."""
        if output.path not in self._closing:
            self._closing[output.path] = self._closer.submit(output.close)

    def _wait_closed(self, *, failing: bool = True) -> None:
        """Wait until the files closed in the background are closed; the first failure is raised
        here (``failing``)."""
        for closing in self._closing.values():
            try:
                closing.result()
            except BaseException:
                if failing:
                    raise

    # --- finishing

    def commit(self, extras: dict[str, bytes] | None = None) -> dict[str, int]:
        """Finish every file, compute the shipped tables from them (``table_files``), add ``extras``
        (name: content), and switch the new generation in; returns the statements written per file."""
        counts: dict[str, int] = {}
        if self.shards:
            for output in self._outputs.values():
                self._close_later(output)
            counts["shards"] = self._statements
        else:
            self._outputs["graph.jsonld"].write(_jsonld_frame()[1] if not self._first_jsonld else b"]\n}")
            counts["graph.ttl"] = self._write_turtle()  # first: the tables wait for the copy of their statements
            for output in self._outputs.values():
                self._close_later(output)
            for name in self._outputs:
                counts[name] = self._statements
        from egov_kg import table_files  # it reads this module's files

        table_files.write_tables(self.target, self.target, self.folder / outputs.CACHE_DIR / table_files.TABLE_STATE,
                                 after=self.previous.folder if self.previous else None, changes=self._table_changes)
        for name, data in (extras or {}).items():
            (self.target / name).write_bytes(data)
        self._wait_closed()
        self._stop_threads()
        self._close_sources()
        outputs.switch(self.folder, self.target)
        return counts

    def discard(self) -> None:
        self._wait_closed(failing=False)
        for output in self._outputs.values():
            output.wait(failing=False)
            if not output.handle.closed:
                output.handle.close()
        self._stop_threads()
        self._delta.discard()
        self._close_sources()
        shutil.rmtree(self.target, ignore_errors=True)

    def _stop_threads(self) -> None:
        self._copier.shutdown()
        self._closer.shutdown()

    def _close_sources(self) -> None:
        for source in self._sources.values():
            source.close()
        self._sources.clear()

    def _write_turtle(self) -> int:
        """Merge the statements of all graphs (sorted, unique) and write them as Turtle; those a
        shipped table reads also into a file of their own, so the tables need not pick them out
        of all the statements anew after every change."""
        from egov_kg.table_files import read_by_tables  # it reads this module's files

        merged_out = _Output(self.target / MERGED, self._copier)
        tables_out = _Output(self.target / TABLE_STATEMENTS, self._copier)
        ttl_out = _Output(self.target / "graph.ttl", self._copier)
        patched = False
        if self._rebuild_merged:  # the statements of every graph, read back once they are all written
            self._outputs["graph.nq"].finish()
            with open(self._outputs["graph.nq"].path, "rb") as nq:
                for lines in iter(lambda: nq.readlines(READ_BACK_BYTES), []):
                    self._delta.add(nt_lines(lines), +1)
        if self._rebuild_merged or self._delta.files:  # all statements, or many changed: merge
            streams = self._delta.streams()
            if not self._rebuild_merged:
                streams.append(_read_counted(self.previous.folder / MERGED))
            written = _write_counted(merged_out, _merge_counted(streams), tables_out, read_by_tables)
        else:
            delta = {k: v for k, v in self._delta.buffer.items() if v}
            written = _patch_counted(self.previous.folder / MERGED, merged_out, delta,
                                     lines=self.previous.merged_statements)
            self._table_changes = []
            _patch_counted(self.previous.folder / TABLE_STATEMENTS, tables_out,
                           {statement: count for statement, count in delta.items() if read_by_tables(statement)},
                           lines=0, changed=self._table_changes)  # their number is not used: not read
            patched = _patch_turtle(self.previous.folder / "graph.ttl", ttl_out, self.previous.folder / MERGED, delta)
        self._delta.discard()
        tables_out.finish()  # the tables may read it
        for output in (merged_out, tables_out):
            self._close_later(output)
        if not patched:
            merged_out.finish()
            ttl_out.reset()
            serialize(parse(path=str(merged_out.path), format=RdfFormat.N_TRIPLES), ttl_out.handle,
                      format=RdfFormat.TURTLE, prefixes=PREFIXES)
        self._close_later(ttl_out)
        return written


# The merged statements: sorted N-Triples lines, each with the number of graphs stating it as a
# comment ("<s> <p> <o> . #3"), so the file is N-Triples that Turtle is written from directly.


def _write_counted(out: _Output, items: Iterable[tuple[bytes, int]], selected: _Output,
                   select: Callable[[bytes], bool]) -> int:
    """Write counted statements to ``out``, and those ``select`` takes to ``selected`` too."""
    lines = 0
    batch, chosen = [], []
    for statement, count in items:
        line = b"%s #%d\n" % (statement, count)
        batch.append(line)
        if select(statement):
            chosen.append(line)
        if len(batch) == 4096:
            out.write(b"".join(batch))
            selected.write(b"".join(chosen))
            lines += len(batch)
            batch.clear()
            chosen.clear()
    out.write(b"".join(batch))
    selected.write(b"".join(chosen))
    return lines + len(batch)


def _read_counted(path: Path) -> Iterator[tuple[bytes, int]]:
    with open(path, "rb") as handle:
        for line in handle:
            statement, _, count = line.rpartition(b" #")
            yield statement, int(count)


def _patch_counted(old: Path, out: _Output, delta: dict[bytes, int], *, lines: int | None = None,
                   changed: list[Change] | None = None) -> int:
    """The merged statements of ``old`` with ``delta`` added to the counts; returns their number
    (counted from ``lines``, the number of statements in ``old``: read from it where None).

    Each changed statement is found by binary search; the lines between are copied unread.
    ``changed`` receives each statement that came in (True) or went out (False).
    """
    with open(old, "rb") as source:
        size = os.fstat(source.fileno()).st_size
        if lines is None:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: source.read(1 << 24), b""))
        data = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        at = 0
        for statement in sorted(delta):
            found = _first_not_below(data, at, size, statement)
            out.copy(source, at, found - at)
            before = 0
            at = found
            if found < size:
                end = data.find(b"\n", found)
                mark = data.rfind(b" #", found, end)
                if data[found:mark] == statement:
                    before = int(data[mark + 2 : end])
                    at = end + 1
                    lines -= 1
            count = before + delta[statement]
            if changed is not None and (before > 0) != (count > 0):
                changed.append((statement, count > 0))
            if count > 0:
                out.write(b"%s #%d\n" % (statement, count))
                lines += 1
            elif count < 0:
                raise CacheDamaged(CacheDamaged.UNITS, "the merged statements of the last build do not match its files")
        out.copy(source, at, size - at)
        out.flush()
        if size:
            data.close()
    return lines


def _first_not_below(data, lo: int, hi: int, statement: bytes) -> int:
    """The start of the first line in ``[lo, hi)`` whose statement is not below ``statement``.

    ``lo`` and ``hi`` are line starts; every line ends with a newline.
    """
    while lo < hi:
        mid = (lo + hi) // 2
        start = max(data.rfind(b"\n", lo, mid) + 1, lo)
        end = data.find(b"\n", start)
        if data[start : data.rfind(b" #", start, end)] < statement:
            lo = end + 1
        else:
            hi = start
    return lo


def _patch_turtle(old: Path, out: _Output, merged: Path, delta: dict[bytes, int]) -> bool:
    """Rewrite only the blocks of the subjects whose statements ``delta`` changes in the previous
    Turtle file.

    Turtle lists each subject's statements in one block (a line starting with the subject,
    continuation lines starting with a tab), in the order of the merged statements; a block is
    serialised from the subject's merged statements alone, exactly as in the whole file: those
    of the previous build (``merged``) with ``delta`` added, so that the new merged statements,
    still being copied, need not be waited for. Returns False (nothing written) where the file
    does not have that shape.
    """
    changes: dict[bytes, dict[bytes, int]] = {}
    for statement, count in delta.items():
        changes.setdefault(statement[: statement.index(b" ")], {})[statement] = count
    try:
        source = open(old, "rb")
    except OSError:
        return False
    with source, open(merged, "rb") as statements:
        size = os.fstat(source.fileno()).st_size
        msize = os.fstat(statements.fileno()).st_size
        if not size:
            return False
        data = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
        mdata = mmap.mmap(statements.fileno(), 0, access=mmap.ACCESS_READ) if msize else b""
        try:
            header = _header_end(data)
            if header >= size or data[header : header + 1] != b"<":
                raise _NotPatchable
            out.copy(source, 0, header)
            at = header
            for subject in sorted(changes):
                if not subject.startswith(b"<"):
                    raise _NotPatchable
                start = _first_block_not_below(data, at, size, subject)
                end = _next_block(data, start, size) if start < size and _block_subject(data, start) == subject \
                    else start
                out.copy(source, at, start - at)
                out.write(_subject_block(mdata, msize, subject, changes[subject]))
                at = end
            out.copy(source, at, size - at)
            out.flush()  # copy now: the previous file is closed below
            return True
        except _NotPatchable:
            out.reset()
            return False
        finally:
            data.close()
            if msize:
                mdata.close()


def _header_end(data) -> int:
    at = 0
    while data[at : at + 8] == b"@prefix ":
        at = data.find(b"\n", at) + 1
    return at


def _block_subject(data, start: int) -> bytes:
    subject = data[start : data.find(b" ", start)]
    if not subject.startswith(b"<"):
        raise _NotPatchable
    return subject


def _block_start(data, lo: int, at: int) -> int:
    """The start of the block holding offset ``at`` (``lo`` is a block start)."""
    start = max(data.rfind(b"\n", lo, at) + 1, lo)
    while start > lo and data[start : start + 1] == b"\t":
        start = max(data.rfind(b"\n", lo, start - 1) + 1, lo)
    return start


def _next_block(data, start: int, hi: int) -> int:
    end = data.find(b"\n", start) + 1
    while end < hi and data[end : end + 1] == b"\t":
        end = data.find(b"\n", end) + 1
    return end


def _first_block_not_below(data, lo: int, hi: int, subject: bytes) -> int:
    while lo < hi:
        start = _block_start(data, lo, (lo + hi) // 2)
        if _block_subject(data, start) < subject:
            lo = _next_block(data, start, hi)
        else:
            hi = start
    return lo


def _subject_block(data, size: int, subject: bytes, delta: dict[bytes, int]) -> bytes:
    """The Turtle block of one subject, from its merged statements in ``data`` with ``delta``
    added to their counts ('' if none is left)."""
    key = subject + b" "
    at = _first_not_below(data, 0, size, key) if size else 0
    counts: dict[bytes, int] = {}
    while at < size and data[at : at + len(key)] == key:
        end = data.find(b"\n", at)
        mark = data.rfind(b" #", at, end)
        counts[data[at:mark]] = int(data[mark + 2 : end])
        at = end + 1
    for statement, count in delta.items():
        counts[statement] = counts.get(statement, 0) + count
    statements = [statement for statement in sorted(counts) if counts[statement] > 0]
    if not statements:
        return b""
    turtle = serialize(parse(b"\n".join(statements), format=RdfFormat.N_TRIPLES), format=RdfFormat.TURTLE,
                       prefixes=PREFIXES)
    return _without_prefixes(turtle)


class _NotPatchable(Exception):
    """The previous Turtle file has a block this module did not write; serialise it anew."""


class _Runs:
    """Statements with a count each, sorted in memory and spilled to disk as sorted runs (the
    statements of every graph, where the merged statements are made anew; else the changes to
    them)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.buffer: Counter[bytes] = Counter()
        self.size = 0
        self.files: list[Path] = []

    def add(self, lines: list[bytes], count: int) -> None:
        """Add ``count`` to each statement of ``lines``."""
        if not lines:
            return
        held = len(self.buffer)
        if count == 1:
            self.buffer.update(lines)  # counted in C
        else:
            for line in lines:
                self.buffer[line] += count
        if len(self.buffer) > held:  # the new statements' size, estimated from the mean of these
            self.size += (len(self.buffer) - held) * (64 + sum(map(len, lines)) // len(lines))
            if self.size > RUN_BYTES:
                self._spill()

    def _spill(self) -> None:
        fd, name = tempfile.mkstemp(prefix=".run-", suffix=".tmp", dir=self.folder)
        path = Path(name)
        with open(fd, "wb") as handle:
            for statement in sorted(self.buffer):
                handle.write(b"%s #%d\n" % (statement, self.buffer[statement]))
        self.files.append(path)
        self.buffer.clear()
        self.size = 0

    def streams(self) -> list[Iterator[tuple[bytes, int]]]:
        memory = sorted(self.buffer.items())
        self.buffer.clear()
        return [iter(memory), *(_read_counted(p) for p in self.files)]

    def discard(self) -> None:
        self.buffer.clear()
        for path in self.files:
            path.unlink(missing_ok=True)
        self.files.clear()


def _merge_counted(streams: list[Iterator[tuple[bytes, int]]]) -> Iterator[tuple[bytes, int]]:
    """Merge sorted (statement, count) streams, summing the counts; drop statements at zero.

    A statement is in each stream at most once, and mostly in only one of them."""
    current, total = None, 0
    for statement, count in heapq.merge(*streams):  # (statement, count) pairs order by statement
        if statement == current:
            total += count
            continue
        if total > 0:
            yield current, total
        elif total < 0:
            break
        current, total = statement, count
    if total > 0:
        yield current, total
    elif total < 0:
        raise CacheDamaged(CacheDamaged.UNITS, "the merged statements of the last build do not match its files")
