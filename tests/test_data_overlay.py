"""German knowledge can be extended with data alone: folders named by ``EGOV_KG_DATA`` are laid
over the packaged rule files when they are first loaded (``rules.read_yaml``).

``tests/fixtures/overlay`` adds an office word, a grant construction, a linker (an entry of a
generic link function with its own pattern) and a cooperation form. Each test reads texts in a
fresh process, once without the overlay and once with it: the new fact appears only with it.
Loaders cache what they read for the life of a process, so the variable is read when they load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import egov_kg.pipeline  # noqa: F401 - registers the normalisers the rule files name
from egov_kg.extract.rules import (
    OVERLAY_VARIABLE,
    RuleError,
    load_yaml,
    merge,
    overlay_files,
    read_data,
    read_yaml,
    rules_from,
)

OVERLAY = Path(__file__).parent / "fixtures" / "overlay"
ROOT = Path(__file__).parent.parent

#: Reads each text of argv through pipeline.analyse and prints its facts as JSON.
_READ = """
import datetime as dt, json, sys
from egov_kg.pipeline import Pinned, analyse
from egov_kg.reading import SourceText
out = []
for text in sys.argv[1:]:
    facts = analyse(SourceText("t.txt", text, ""), pinned=Pinned(anchor=dt.date(2025, 3, 1)))
    names = {o.key: o.name for o in facts.orgs}
    out.append({
        "roles": [{"person": r.person, "role": r.role, "label": r.label, "org": names.get(r.org),
                   "linkers": list(r.evidence.linkers)} for r in facts.roles],
        "fundings": [{"recipient": names.get(f.recipient), "amount": str(f.amount.value),
                      "rule": f.evidence.rule} for f in facts.fundings],
        "cooperations": [{"parties": [names.get(p) for p in c.parties], "form": c.form, "rule": c.evidence.rule}
                         for c in facts.cooperations],
    })
print(json.dumps(out))
"""

OFFICE = "Die Gemeinde Wietze lädt ein. Zukunftslotsin Tilda Renner stellte das neue Portal vor."
GRANT = "Einen Zuschuss von 45.000 Euro sicherte sich die Gemeinde Wietze."
NO_GRANT = "Einen Rabatt von 45.000 Euro sicherte sich die Gemeinde Wietze beim Kauf der Server."
LINKED = ("Die Gemeinde Wietze startet ein Portal für Wietze und Hambühren. "
          "Seitens der Stadt Einbeck begrüßte Bürgermeister Tom Keil die Gäste.")
FORM = "Die Stadt Einbeck und die Stadt Uslar bilden eine digitale Allianz."
TEXTS = (OFFICE, GRANT, NO_GRANT, LINKED, FORM)


def _env(overlay: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != OVERLAY_VARIABLE}
    if overlay is not None:
        env[OVERLAY_VARIABLE] = str(overlay)
    return env


def _read(overlay: Path | None) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-c", _READ, *TEXTS], env=_env(overlay), capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return dict(zip(TEXTS, json.loads(done.stdout), strict=True))


@pytest.fixture(scope="module")
def without() -> dict[str, dict]:
    return _read(None)


@pytest.fixture(scope="module")
def with_overlay() -> dict[str, dict]:
    return _read(OVERLAY)


def test_a_new_office_word_is_read_only_with_the_overlay(without, with_overlay):
    assert not [r for r in without[OFFICE]["roles"] if r["person"] == "Tilda Renner"]
    [role] = [r for r in with_overlay[OFFICE]["roles"] if r["person"] == "Tilda Renner"]
    assert (role["role"], role["label"], role["org"]) == ("zukunftslotse", "Zukunftslotsin", "Wietze")


def test_a_new_grant_construction_is_read_only_with_the_overlay(without, with_overlay):
    assert without[GRANT]["fundings"] == []
    assert with_overlay[GRANT]["fundings"] == [{"recipient": "Wietze", "amount": "45000", "rule": "funding.secured"}]
    assert with_overlay[NO_GRANT]["fundings"] == []  # its normaliser's vetoes hold for the new rule too


def test_a_new_linker_decides_only_with_the_overlay(without, with_overlay):
    [before] = without[LINKED]["roles"]
    [after] = with_overlay[LINKED]["roles"]
    assert (before["org"], before["linkers"]) == ("Wietze", ["role.body.usual"])
    assert (after["org"], after["linkers"]) == ("Einbeck", ["role.body.on_the_part_of"])


def test_a_new_cooperation_form_is_read_only_with_the_overlay(without, with_overlay):
    assert without[FORM]["cooperations"] == []
    assert with_overlay[FORM]["cooperations"] == [
        {"parties": ["Einbeck", "Uslar"], "form": "Allianz", "rule": "coop.party.alliance"}]


@pytest.mark.slow
def test_the_rule_harness_runs_the_examples_of_an_overlay():
    """``EGOV_KG_DATA=... pytest tests/extract/test_rule_examples.py`` checks an overlay's own
    examples and counterexamples like the packaged ones."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q",
         "tests/extract/test_rule_examples.py",
         "-k", "funding.secured or role.body.on_the_part_of or coop.party.alliance"],
        env=_env(OVERLAY), capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "8 passed, " in done.stdout, done.stdout[-3000:]


def test_an_overlay_is_checked_like_the_packaged_file(tmp_path, monkeypatch):
    (tmp_path / "fundings.yaml").write_text(
        "rules:\n  - id: funding.amount_to\n    description: x\n    pattern: '{AMT}'\n    normaliser: funding_pairs\n"
        "    examples: [{text: '5 Euro', value: {amount: 5}}]\n", encoding="utf-8")
    monkeypatch.setenv(OVERLAY_VARIABLE, str(tmp_path))
    with pytest.raises(RuleError, match=r"fundings.yaml \+ .*fundings.yaml: rule funding.amount_to: duplicate id"):
        rules_from("fundings", *read_yaml("fundings.yaml"))


def test_an_overlay_appends_to_lists_merges_mappings_and_replaces_values():
    base = {"rules": [{"id": "a"}], "settings": {"words": ["x"], "limit": 2}, "pieces": {"A": "a"}}
    over = {"rules": [{"id": "b"}], "settings": {"words": ["y"], "limit": 3}, "pieces": {"B": "b"}}
    assert merge(base, over, "o.yaml") == {"rules": [{"id": "a"}, {"id": "b"}],
                                           "settings": {"words": ["x", "y"], "limit": 3},
                                           "pieces": {"A": "a", "B": "b"}}
    with pytest.raises(RuleError, match="settings.words: a str cannot be laid over a list"):
        merge(base, {"settings": {"words": "z"}}, "o.yaml")


def test_without_the_variable_the_packaged_files_are_read_alone(monkeypatch):
    monkeypatch.delenv(OVERLAY_VARIABLE, raising=False)
    assert overlay_files() == ()
    assert read_yaml("fundings.yaml") == (load_yaml(read_data("fundings.yaml"), "fundings.yaml"), "fundings.yaml")


@pytest.mark.slow
def test_a_build_with_an_overlay_reads_anew_what_its_cache_holds(tmp_path):
    """The build cache's fingerprint holds the overlay: a rebuild with it does not reuse the facts
    read without it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"Förderung für Wietze\n\n{GRANT} Die Gemeinde plant ein Portal.\n", encoding="utf-8")
    out = tmp_path / "out"

    def build(overlay: Path | None) -> str:
        subprocess.run([sys.executable, "-m", "egov_kg", "build", str(corpus), "-o", str(out), "-q", "-j", "1"],
                       env=_env(overlay), capture_output=True, text=True, cwd=ROOT, check=True)
        return (out / "graph.nq").read_text(encoding="utf-8")

    assert "funding.secured" not in build(None)
    assert "funding.secured" in build(OVERLAY)
