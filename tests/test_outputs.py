"""The output folder under faults: builds at once, builds killed at any step, damaged files.

Issue 14, items 5 (a killed build leaves a mix of files), 6 (a stale lock lets two builds in),
7 (temporary files of killed builds stay) and 9 (reading a truncated file is a traceback).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from egov_kg.build import build
from egov_kg.cli import cli
from egov_kg.errors import OutputError
from egov_kg.outputs import LOCK_FILE, output_lock
from egov_kg.store import load_store, query
from tests.test_build import TEXTS, write_corpus

#: The files a build puts in its output folder for users.
USER_FILES = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "report.json")


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "corpus")


def _user_files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in USER_FILES if (folder / name).exists()}


def _leftovers(folder: Path) -> list[str]:
    """Temporary files and generations no reader can reach."""
    generations = folder / ".generations"
    current = os.readlink(folder / ".current").rsplit("/", 1)[-1]
    found = [p.name for p in generations.iterdir() if p.name != current]
    for place in (folder, folder / ".cache", generations / current):
        found += [p.name for p in place.iterdir() if p.name.endswith(".tmp")]
    return found


# ----------------------------------------------------------------------------- item 6: one build at a time


def test_a_second_build_into_the_same_folder_is_refused(tmp_path):
    with output_lock(tmp_path):
        with pytest.raises(OutputError, match=f"in use by another build \\(process {os.getpid()}\\)"):
            with output_lock(tmp_path):
                pass
    with output_lock(tmp_path):  # released: the next build gets in
        pass


def _contend(folder: Path, start, inside, most) -> None:  # noqa: ANN001 - multiprocessing's shared objects
    """Take the folder (on a slow file system: removing a file takes up to 50 ms) and note how
    many builds hold it at once."""
    real_unlink, real_path_unlink = os.unlink, Path.unlink
    os.unlink = lambda *a, **k: (time.sleep(random.uniform(0, 0.05)), real_unlink(*a, **k))[1]
    Path.unlink = lambda *a, **k: (time.sleep(random.uniform(0, 0.05)), real_path_unlink(*a, **k))[1]
    start.wait()
    try:
        with output_lock(folder):
            with inside.get_lock():
                inside.value += 1
                most.value = max(most.value, inside.value)
            time.sleep(0.2)
            with inside.get_lock():
                inside.value -= 1
    except OutputError:
        pass


@pytest.mark.slow
def test_a_stale_lock_file_never_lets_two_builds_in(tmp_path):
    """The tester saw two builds at once in 3 of 9 trials with a lock file left by a dead build
    (the lock of an earlier egov-kg let two in on every trial with this slow file system)."""
    context = multiprocessing.get_context("fork")
    for trial in range(6):
        folder = tmp_path / f"trial{trial}"
        folder.mkdir()
        (folder / LOCK_FILE).write_text("999999999")  # the process id of a build that died
        start, inside, most = context.Barrier(6), context.Value("i", 0), context.Value("i", 0)
        contenders = [context.Process(target=_contend, args=(folder, start, inside, most)) for _ in range(6)]
        for process in contenders:
            process.start()
        for process in contenders:
            process.join(timeout=30)
        assert most.value == 1, f"trial {trial}: {most.value} builds held the folder at once"


# ----------------------------------------------------------------------------- items 5 and 7: killed builds


def test_what_killed_builds_left_is_removed_by_the_next(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    leftovers = [out / ".graph.nq.4242.tmp", out / ".report.json.4242.tmp", out / ".shards.4242.tmp" / "part-00000.nq",
                 out / ".cache" / ".merged.nt.4242.tmp", out / ".cache" / ".run-0003.4242.tmp",
                 out / ".cache" / "merged.nt", out / ".generations" / "g1-4242" / "graph.nq"]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 100_000)
    before = _user_files(out)
    build(corpus, out, jobs=1)  # nothing changed: nothing is written, but the leftovers go
    assert _user_files(out) == before
    assert not [p for p in leftovers if p.exists()] and not (out / ".shards.4242.tmp").exists()
    assert _leftovers(out) == []


def _build_killed_at(step: int, corpus: Path, output: Path) -> None:
    """Build, killing this process at its ``step``-th change of the file system (the calls that
    change names or make data durable)."""
    calls = [0]

    def counted(real):
        def call(*args, **kwargs):
            calls[0] += 1
            if calls[0] == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return call

    for name in ("replace", "rename", "symlink", "link", "unlink", "rmdir", "fsync"):
        setattr(os, name, counted(getattr(os, name)))
    build(corpus, output, jobs=1)


def _killed_at(step: int, corpus: Path, output: Path) -> bool:
    """Build in a child process that kills itself at its ``step``-th change of the file system;
    True if it finished before that step. The child is forked from a fork server, not from this
    process: a child forked from a process that has used a pyoxigraph store on disk cannot open
    one (RocksDB's threads do not survive a fork), and the build keeps the tables' store on disk."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.warm_build", __name__])  # each child starts warm
    child = context.Process(target=_build_killed_at, args=(step, corpus, output))
    child.start()
    child.join()
    return child.exitcode == 0


@pytest.mark.slow
def test_a_build_killed_at_any_step_leaves_the_old_or_the_new_graph_never_a_mix(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    old = _user_files(out)
    (corpus / "west/siegen.txt").write_text(TEXTS["west/siegen.txt"].replace("Torben", "Hinnerk"), encoding="utf-8")
    write_corpus(corpus, {"ost/halle.txt": TEXTS["nord/kiel.txt"].replace("84.000", "91.000")})
    build(corpus, tmp_path / "new", jobs=1)
    new = _user_files(tmp_path / "new")
    outcomes = []
    for step in range(1, 200):
        trial = tmp_path / f"kill{step}"
        shutil.copytree(out, trial, symlinks=True)
        finished = _killed_at(step, corpus, trial)
        seen = _user_files(trial)
        assert seen in (old, new), f"killed at step {step}: files of two builds"
        outcomes.append(seen == new)
        assert len(query(load_store(trial), "SELECT ?d WHERE { ?d a egov:PressRelease }").rows) in (4, 5)
        build(corpus, trial, jobs=1)
        assert _user_files(trial) == new, f"the build after one killed at step {step}"
        assert _leftovers(trial) == []
        shutil.rmtree(trial)
        if finished:
            break
    assert outcomes[0] is False and outcomes[-1] is True and len(outcomes) > 10


# ----------------------------------------------------------------------------- item 9: damaged files


@pytest.mark.parametrize("name", ["graph.nq", "graph.ttl"])
@pytest.mark.parametrize("command", [
    ["query", "{out}", "SELECT ?d WHERE { ?d a egov:PressRelease }"],
    ["table", "roles", "{out}"],
    ["explain", "{out}", "https://w3id.org/egov-kg/id/org/state/01"],
    ["network", "{out}", "--to", "{out}/../net.graphml"],
    ["validate", "{out}"],
    ["report", "{out}", "-o", "{out}/../report.html"],
    ["push", "{out}", "--endpoint", "http://127.0.0.1:9/store"],
])
def test_a_truncated_graph_file_is_one_line_naming_it_and_the_way_out(built, tmp_path, name, command):
    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    target = out / name
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])  # cut in the middle of a statement
    result = CliRunner().invoke(cli, [part.replace("{out}", str(out)) for part in command])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {target} is damaged (")
    assert result.stderr.rstrip().endswith(f"egov-kg build CORPUS -o {out}")


def test_a_damaged_file_is_replaced_by_the_next_build(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    before = _user_files(out)
    (out / "graph.nq").write_bytes(before["graph.nq"][:1000])
    notices = []
    build(corpus, out, jobs=1, on_notice=notices.append)
    assert _user_files(out) == before
    assert [str(n) for n in notices] == [
        f"note {out}/graph.nq: changed since the last build; every graph is written anew"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("built")
    build(write_corpus(root / "corpus"), root / "out", jobs=1)
    return root / "out"


# ----------------------------------------------------------------------------- item 22: Ctrl-C

#: A build whose workers say when they have started and then take their time.
_SLOW_BUILD = """
import sys, time
from pathlib import Path
import egov_kg.build as build
real = build._analyse_chunk
def slow(sources, shared):
    Path(sys.argv[-1]).touch()
    time.sleep(60)
    return real(sources, shared)
build._analyse_chunk = slow
from egov_kg.cli import cli
cli(sys.argv[1:-1])
"""


@pytest.mark.slow
def test_ctrl_c_is_one_line_saying_the_previous_graph_is_intact(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1)
    before = _user_files(out)
    write_corpus(corpus, {f"neu/{i}.txt": TEXTS["nord/kiel.txt"].replace("84.000", f"{i}.000") for i in range(20)})
    started = tmp_path / "started"
    process = subprocess.Popen([sys.executable, "-c", _SLOW_BUILD, "build", str(corpus), "-o", str(out), "--jobs", "2",
                                str(started)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        for _ in range(600):
            if started.exists() or process.poll() is not None:
                break
            time.sleep(0.1)
        time.sleep(0.5)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: every process of the foreground group
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert err == f"interrupted: {out} keeps the graph of its last complete build\n"
    assert _user_files(out) == before and _leftovers(out) == []
