"""How rule files are loaded fast without changing what is loaded: packaged data files parsed by
libyaml read exactly as PyYAML reads them, and compiled patterns kept across processes
(``rules.compile_kept``) are the patterns ``regex.compile`` makes, or are compiled anew."""

from __future__ import annotations

import hashlib
import pickle
from importlib import resources
from typing import Any

import pytest
import regex

import egov_kg.pipeline  # noqa: F401 - registers the normalisers and word sources the rule files name
from egov_kg.extract import rules
from egov_kg.extract.rules import DATA_PACKAGE, PATTERN_STORE_VARIABLE, RuleError, compile_kept, load_yaml, read_data

DATA_FILES = sorted(p.name for p in resources.files(DATA_PACKAGE).iterdir() if p.name.endswith(".yaml"))

#: A pattern of the size that makes compiling slow: an alternation of many literal words.
SOURCE = r"\b(?P<word>" + "|".join(f"Wort{i}amt" for i in range(300)) + r")\b(?!\p{Nd})"
FLAGS = regex.VERSION1 | regex.IGNORECASE
TEXT = "Das wort17AMT und Wort299amt, nicht Wort300amt."


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down, with keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


@pytest.mark.parametrize("name", DATA_FILES)
def test_a_packaged_file_reads_the_same_with_libyaml(name: str) -> None:
    text = read_data(name)
    assert _same(load_yaml(text, name, fast=True), load_yaml(text, name))


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: [1\n", "a:\n\t- b\n", "rules:\n  - {id: a, id: b}\n"])
def test_a_fast_read_refuses_what_pyyaml_refuses_with_its_message(text: str) -> None:
    with pytest.raises(RuleError) as slow:
        load_yaml(text, "x.yaml")
    with pytest.raises(RuleError) as fast:
        load_yaml(text, "x.yaml", fast=True)
    assert str(fast.value) == str(slow.value)


@pytest.fixture
def store(tmp_path, monkeypatch):
    folder = tmp_path / "patterns"
    monkeypatch.setenv(PATTERN_STORE_VARIABLE, str(folder))
    return folder


def test_a_kept_pattern_is_read_back_without_compiling(store, monkeypatch) -> None:
    fresh = compile_kept(SOURCE, FLAGS)
    assert len(list(store.iterdir())) == 1
    expected = regex.compile(SOURCE, FLAGS)
    assert pickle.dumps(fresh) == pickle.dumps(expected)

    def refuse(*_args, **_kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(rules.regex, "compile", refuse)
    kept = compile_kept(SOURCE, FLAGS)
    monkeypatch.undo()
    assert kept is not fresh
    assert pickle.dumps(kept) == pickle.dumps(expected), "the same compiled code"
    assert (kept.pattern, kept.flags, kept.groupindex) == (expected.pattern, expected.flags, expected.groupindex)
    assert [m.span("word") for m in kept.finditer(TEXT)] == [m.span("word") for m in expected.finditer(TEXT)] != []


def test_flags_and_source_keep_patterns_apart(store) -> None:
    compile_kept(SOURCE, FLAGS)
    compile_kept(SOURCE, regex.VERSION1)
    compile_kept(SOURCE + "x", FLAGS)
    assert len(list(store.iterdir())) == 3
    assert compile_kept(SOURCE, regex.VERSION1).search("wort1amt") is None


@pytest.mark.parametrize("damage", ["cut", "flipped", "empty", "foreign"])
def test_a_damaged_kept_pattern_is_compiled_anew(store, damage: str) -> None:
    compile_kept(SOURCE, FLAGS)
    (path,) = store.iterdir()
    blob = path.read_bytes()
    if damage == "cut":
        blob = blob[: len(blob) // 2]
    elif damage == "flipped":
        blob = blob[:-10] + bytes([blob[-10] ^ 1]) + blob[-9:]
    elif damage == "empty":
        blob = b""
    else:  # a pickle that would run something else, with a matching digest: never unpickled
        body = pickle.dumps(print)
        blob = hashlib.sha256(body).digest() + body
    path.write_bytes(blob)
    again = compile_kept(SOURCE, FLAGS)
    assert pickle.dumps(again) == pickle.dumps(regex.compile(SOURCE, FLAGS))
    assert path.read_bytes()[32:] == pickle.dumps(again, protocol=4), "kept anew"


def test_a_pattern_is_compiled_where_nothing_can_be_kept(tmp_path, monkeypatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(PATTERN_STORE_VARIABLE, str(blocked / "patterns"))
    assert compile_kept(SOURCE, FLAGS).search(TEXT)
    monkeypatch.setenv(PATTERN_STORE_VARIABLE, "")  # keep none
    assert rules.pattern_store() is None
    assert compile_kept(SOURCE, FLAGS).search(TEXT)


def test_a_kept_pattern_that_does_not_compile_is_never_kept(store) -> None:
    with pytest.raises(regex.error):
        compile_kept("Zuschuss (von", FLAGS)
    assert not store.exists() or not list(store.iterdir())


def test_required_words_are_kept_beside_the_pattern(store, monkeypatch) -> None:
    words = rules.required_words_kept(SOURCE, FLAGS)
    assert words == rules.required_words(SOURCE, FLAGS)
    (path,) = store.iterdir()
    assert path.name.endswith(".words")

    def refuse(*_args, **_kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(rules, "required_words", refuse)
    assert rules.required_words_kept(SOURCE, FLAGS) == words, "read back, not from the pattern"
    monkeypatch.setattr(rules, "_READER_VERSION", "another")
    with pytest.raises(AssertionError, match="read again"):
        rules.required_words_kept(SOURCE, FLAGS)  # words another reader version read are not trusted
    monkeypatch.undo()
    path.write_bytes(path.read_bytes()[:-3])  # damaged: read anew
    assert rules.required_words_kept(SOURCE, FLAGS) == words
