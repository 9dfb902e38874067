"""The output folder: one build at a time, and each build's files switched in as one generation.

A build writes all its files into a folder of their own, ``OUTPUT/.generations/<id>/``, and
then points the link ``OUTPUT/.current`` at it with one rename. The files users and tools open
are links through it (``graph.ttl -> .current/graph.ttl``, and so on), so whoever opens them
gets the old build's or the new build's files, never some of each, whenever the build is killed.
egov-kg's own readers go one step further: they resolve ``.current`` once and read every file
of that generation (``reading``), holding a shared lock on it that keeps the next build from
removing it under them; they check the files against the generation's manifest, so a file cut
short is named rather than read in part.

``output_lock`` lets one build at a time into a folder. It is a lock of the operating system
(``flock``), held as long as the build's process lives: a build that is killed releases it, and
no lock file left behind can let two builds in. ``sweep`` removes what killed builds leave:
unfinished generations and temporary files.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from egov_kg.errors import OutputError, one_line

LOCK_FILE = ".egov-kg.lock"
GENERATIONS = ".generations"
#: What a build keeps for the next one (``cache``, ``table_files``); never needed to read a graph.
CACHE_DIR = ".cache"
CURRENT = ".current"
MANIFEST = "manifest.json"
#: What a generation may hold that users open: each is linked from the output folder.
LINKED = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "report.json", "shards")
#: The temporary names earlier versions of egov-kg wrote (``.graph.nq.1234.tmp``, ``.run-0001.1234.tmp``).
_TEMPORARY_SUFFIX = ".tmp"
#: Files of earlier versions that a generation now holds.
_FORMER = (".cache/merged.nt",)


# ----------------------------------------------------------------------------- one build at a time


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder for one build; a second build at the same time is refused.

    The lock file is never removed: removing it would let a third build lock a new file while
    the second still waits on the old one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise OutputError(f"{folder} is in use by another build (process {holder}); wait for it to finish"
                              ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)  # for the message above, not for locking
        yield
    finally:
        os.close(fd)  # releases the lock


def sweep(folder: Path) -> None:
    """Remove what killed builds left in ``folder``: generations never switched in (or whose
    readers kept them), and temporary files. Call it holding ``output_lock``."""
    current = _current_name(folder)
    generations = folder / GENERATIONS
    if generations.is_dir():
        for generation in generations.iterdir():
            if generation.name != current:
                _remove_generation(generation)
    for place in (folder, folder / ".cache"):
        if place.is_dir():
            for path in place.iterdir():
                if path.name.startswith(".") and path.name.endswith(_TEMPORARY_SUFFIX):
                    _remove(path)
    for name in _FORMER:
        (folder / name).unlink(missing_ok=True)


# ----------------------------------------------------------------------------- writing a generation


def new_generation(folder: Path) -> Path:
    """An empty folder for the files of a new build, not yet seen by readers (made with the
    permissions of any other folder, so whoever could read the files before still can)."""
    (folder / GENERATIONS).mkdir(parents=True, exist_ok=True)
    generation = folder / GENERATIONS / f"g{time.time_ns():x}-{os.getpid()}"
    generation.mkdir()
    return generation


def switch(folder: Path, generation: Path) -> None:
    """Make ``generation`` the current build of ``folder`` in one step, then remove the last one.

    Links to files the new build has are made before the step (until then they lead nowhere,
    as the files did not exist); links to files it lacks are removed after it.
    """
    _write_manifest(generation)
    _fsync(generation)
    old = _current_name(folder)
    present = [name for name in LINKED if (generation / name).exists()]
    for name in present:
        _link(folder / name, f"{CURRENT}/{name}", replace_files=False)
    _link(folder / CURRENT, f"{GENERATIONS}/{generation.name}", replace_files=True)  # the one step
    for name in LINKED:
        if name in present:
            _link(folder / name, f"{CURRENT}/{name}", replace_files=True)  # files of an earlier egov-kg
        else:
            _remove(folder / name)
    _fsync(folder)
    if old and old != generation.name:
        _remove_generation(folder / GENERATIONS / old)


def _link(path: Path, target: str, *, replace_files: bool) -> None:
    """``path`` as a symbolic link to ``target``, put in place by a rename."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    if path.exists() and not path.is_symlink() and not replace_files:
        return
    if path.is_dir() and not path.is_symlink():  # a folder of an earlier egov-kg (shards/)
        _remove(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}{_TEMPORARY_SUFFIX}")
    _remove(temporary)
    try:
        os.symlink(target, temporary)
    except OSError as exc:
        raise OutputError(f"cannot make a symbolic link in {path.parent} ({exc.strerror}); egov-kg switches a "
                          "build's files in with links, so the output folder must be on a file system that has them"
                          ) from None
    os.replace(temporary, path)


def _write_manifest(generation: Path) -> None:
    files = {p.relative_to(generation).as_posix(): p.stat().st_size for p in sorted(generation.rglob("*"))
             if p.is_file() and p.name != MANIFEST and not p.name.startswith(".")}
    (generation / MANIFEST).write_text(json.dumps({"files": files}, indent=1) + "\n", encoding="utf-8")


def _fsync(folder: Path) -> None:
    """Make the files and names in ``folder`` durable before the next step depends on them."""
    for path in [*(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_generation(generation: Path) -> None:
    """Remove a generation no reader holds; one being read stays for the next build's sweep."""
    try:
        fd = os.open(generation / MANIFEST, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:  # never switched in: nobody reads it
        _remove(generation)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _remove(generation)
    except BlockingIOError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _current_name(folder: Path) -> str | None:
    try:
        return Path(os.readlink(folder / CURRENT)).name
    except OSError:
        return None


# ----------------------------------------------------------------------------- reading a generation


def current(folder: Path) -> Path:
    """The folder holding the files of the current build: its generation, or ``folder`` itself
    for a build of an earlier egov-kg (or none)."""
    name = _current_name(folder)
    return folder / GENERATIONS / name if name else folder


@contextlib.contextmanager
def reading(folder: Path) -> Iterator[Path]:
    """The current build's folder, which no build removes while it is read, its files checked.

    Raises:
        OutputError: a file is missing or shorter than the build wrote it (a file changed by
            hand otherwise is read as it is).
    """
    for _ in range(3):  # the generation may be switched (and the old one removed) between finding and locking it
        generation = current(folder)
        if generation == folder:
            yield folder
            return
        try:
            fd = os.open(generation / MANIFEST, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            if not generation.is_dir():
                continue
            _check(folder, generation, fd)
            yield generation
            return
        finally:
            os.close(fd)
    raise damaged(folder, folder / CURRENT, "it leads to no complete build")


def _check(folder: Path, generation: Path, manifest_fd: int) -> None:
    with open(manifest_fd, "rb", closefd=False) as handle:
        try:
            files = json.loads(handle.read())["files"]
        except (ValueError, KeyError, TypeError):
            raise damaged(folder, generation / MANIFEST, "it is not the manifest the build wrote") from None
    for name, size in files.items():
        try:
            actual = (generation / name).stat().st_size
        except FileNotFoundError:
            raise damaged(folder, folder / name, "it is missing") from None
        if actual < size:  # cut short: what is left may read as a smaller graph, silently
            raise damaged(folder, folder / name, f"{actual:,} bytes; the build wrote {size:,}")


def damaged(folder: Path, path: Path, reason: str) -> OutputError:
    """The error for a file of a build that cannot be read as written, with the way out."""
    return OutputError(f"{path} is damaged ({one_line(reason, 160)}); build again to replace it: "
                       f"egov-kg build CORPUS -o {folder}")


def state(folder: Path) -> dict | None:
    """What tells whether the current build's files are as the build left them: the
    generation, and size, modification and change time of each of its files (the change time
    cannot be set back by hand, so a file edited with its old size and time still shows)."""
    generation = current(folder)
    if generation == folder:
        return None
    files = {}
    for path in sorted(generation.rglob("*")):
        if path.is_file():
            info = path.stat()
            files[path.relative_to(generation).as_posix()] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns]
    return {"generation": generation.name, "files": files}


def changed_files(before: dict | None, now: dict | None) -> list[str]:
    """The files of the same generation whose state differs (none if the generation is another)."""
    if not before or not now or before.get("generation") != now.get("generation"):
        return []
    return sorted(name for name in {*before["files"], *now["files"]}
                  if before["files"].get(name) != now["files"].get(name))
