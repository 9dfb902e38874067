"""A rule's trigger words only make it cheaper: with them it finds what it finds without them.

A trigger claims that every match of its rule holds one of the words and reaches no further
than one sentence away from it; the words read off a rule's pattern (``LazyPattern.words``),
that every match holds one of them. Each rule with either is run over the shipped corpus and
over every example and counterexample of its file (alone, and all joined into one long text, so that most sentences
hold no trigger), once on the windows its trigger scan gives and once on the whole text; both
runs must find the same matches, with and without overlapping matches.

The cooperation rules are read one sentence at a time (``cooperations._read_sentence``, on the
sentence with its organisations masked), and a lookaround of theirs may look anywhere in it
("<party> und <party>" where the sentence names a cooperation before or after): for them a
trigger promises that a sentence without one holds no match, and each sentence of the texts,
as written and as the extractor reads it, is checked on its own (not whole texts in windows,
which the extractor never reads them as).

A rule that ``starts_at`` a piece claims that none of its matches begins where the piece does
not match; run on the positions a scan found the piece at, it must find what it finds without.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from egov_kg.extract import spans
from egov_kg.extract.cooperations import mask, sentences_as_read
from egov_kg.extract.organizations import extract_orgs
from egov_kg.extract.persons import extract_persons
from egov_kg.extract.roles import _masked
from egov_kg.extract.rules import Rule, RuleSet, TriggerScan, load_rules
from egov_kg.nlp import pipeline
from egov_kg.offsets import matching_text
from tests.extract.test_rule_examples import RULE_FILES

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@cache
def _texts(kind: str) -> tuple[str, ...]:
    rules = load_rules(kind).rules
    own = [e.text for r in rules for e in r.examples] + [c.text for r in rules for c in r.counterexamples]
    corpus = [matching_text(p.read_text(encoding="utf-8")).text for p in sorted(CORPUS.glob("*.txt"))]
    return tuple(dict.fromkeys([*own, "\n\n".join(own), " ".join(own), *corpus]))


@cache
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    return spans.sentences(pipeline()(text))


def _triggered() -> list:
    return [pytest.param(kind, rule, id=rule.id) for kind in RULE_FILES for rule in load_rules(kind).rules
            if rule.trigger or rule.lazy.words()]


#: Rule files whose extractor reads every sentence on its own.
_READ_BY_SENTENCE = frozenset({"cooperations"})


@cache
def _sentences_as_read(kind: str) -> tuple[str, ...]:
    """Each sentence of the texts on its own, as written and with its organisations masked as
    ``cooperations.py`` reads it."""
    out = []
    for text in _texts(kind):
        doc = pipeline()(text)
        out += [text[start:end] for start, end in spans.text_sentences(doc)]
        out += sentences_as_read(doc, extract_orgs(doc)[0])
    return tuple(dict.fromkeys(out))


@pytest.mark.parametrize(("kind", "rule"), _triggered())
def test_a_trigger_loses_no_match(kind: str, rule: Rule) -> None:
    if kind in _READ_BY_SENTENCE:
        found = 0
        for sentence in _sentences_as_read(kind):
            windows = TriggerScan(sentence).windows(rule)
            for overlapped in (False, True):
                every = [m.span() for m in rule.finditer(sentence, overlapped=overlapped)]
                triggered = [m.span() for m in rule.finditer(sentence, windows=windows, overlapped=overlapped)]
                assert triggered == every, f"{rule.id}: its trigger {rule.trigger} misses matches in {sentence!r}"
                found += len(every)
        assert found, f"no sentence has a match of {rule.id}: the comparison would prove nothing"
        return
    for text in _texts(kind):
        for sentences in (_sentences(text), None):
            windows = TriggerScan(text, sentences).windows(rule)
            for overlapped in (False, True):
                every = [m.span() for m in rule.finditer(text, overlapped=overlapped)]
                triggered = [m.span() for m in rule.finditer(text, windows=windows, overlapped=overlapped)]
                assert triggered == every, f"{rule.id}: its trigger {rule.trigger} misses matches in {text[:80]!r}"


def test_windows_are_the_sentences_that_hold_a_trigger() -> None:
    rule = next(r for r in load_rules("amounts").rules if r.id == "money.amount_numeric")
    text = "Ein Satz. Er bekommt 5 Euro. Noch einer. Zwei. Drei. Und 7 EURO. Ende. Schluss."
    sentences = _sentences(text)
    windows = TriggerScan(text, sentences).windows(rule)
    assert [text[a:b] for a, b in windows] == ["Ein Satz. Er bekommt 5 Euro. Noch einer. ",
                                               "Drei. Und 7 EURO. Ende. "]
    assert TriggerScan("Kein Betrag.", None).windows(rule) == ()
    assert TriggerScan(text, None).windows(rule) == ((0, len(text)),)


@cache
def _as_read(kind: str) -> tuple[str, ...]:
    """The texts of ``kind`` as its rules read them: the role rules read every person masked."""
    if kind != "roles":
        return _texts(kind)
    masked = []
    for text in _texts(kind):
        doc = pipeline()(text)
        orgs, _ = extract_orgs(doc)
        masked.append(_masked(spans.text(doc), extract_persons(doc, orgs=orgs)))
    return (*_texts(kind), *masked)


def _starting() -> list:
    return [pytest.param(kind, rule, id=rule.id) for kind in RULE_FILES for rule in load_rules(kind).rules
            if rule.starts_at is not None]


def test_the_office_rules_start_at_offices() -> None:
    assert {rule.id for _, rule in (p.values for p in _starting())} >= {"role.before_name", "role.copula_inverted"}


@pytest.mark.parametrize(("kind", "rule"), _starting())
def test_a_rule_tried_only_where_its_start_is_loses_no_match(kind: str, rule: Rule) -> None:
    found = 0
    for text in _as_read(kind):
        for sentences in (_sentences(text), None):
            scan = TriggerScan(text, sentences)
            for windows in (None, scan.windows(rule)):
                for overlapped in (False, True):
                    every = [m.span() for m in rule.finditer(text, windows=windows, overlapped=overlapped)]
                    started = [m.span() for m in rule.finditer(text, windows=windows, overlapped=overlapped, scan=scan)]
                    assert started == every, f"{rule.id}: a match begins where no {rule.starts_at} is, in {text[:80]!r}"
                    found += len(every)
    assert found, f"no text has a match of {rule.id}: the comparison would prove nothing"


# Every form of cooperation the two rules' pieces name (SPECIFIC, CUE), one sentence each as the
# extractor reads it (\uE000 a party, \uE001 a named cooperation): each must be matched, and
# reached by the trigger, so a word dropped from a trigger list fails here.
_SPECIFIC_FORMS = ["Zweckvereinbarung", "IT-Zweckverbandes", "Datenverbund", "Verbünden", "Arbeitsgemeinschaft", "AG",
                   "Kooperationsvertrag", "Rahmenvereinbarung", "Verwaltungskooperation", "Service-Team", "Konsortium",
                   "Konsortialvertrag", "Kooperationserklärung", "Digital-Pakt", "Digitalpakt",
                   "öffentlich-rechtlichen Vertrag", "Gemeinschaftsprojekt", "Verbundprojekt", "gemeinsame Projekt", "\ue001"]
_CUE_NOUNS = ["Verwaltungsvereinbarung", "Vertrag", "Abkommen", "Verband", "Verbund", "Kooperation", "Zusammenarbeit",
              "Arbeitsgemeinschaft", "Service-Team", "Partnerschaft", "Gemeinschaftsprojekt", "Verbundvorhaben", "Pakt",
              "Netzwerk", "Konsortium", "Absichtserklärung", "Letter of Intent", "Beitritt", "AG", "gemeinsame Vorhaben",
              "gemeinsame Gesellschaft", "\ue001"]


@pytest.mark.parametrize(("rule_id", "sentence"), [
    *(("coop.party.coordination", f"Die Stadt \ue000 und die Gemeinde \ue000 sind im {form} aktiv.") for form in _SPECIFIC_FORMS),
    *(("coop.party.of", f"Das ist die {noun} der Stadt \ue000 und der Gemeinde \ue000.") for noun in _CUE_NOUNS),
])
def test_each_form_a_cooperation_rule_needs_is_in_its_trigger(rule_id: str, sentence: str) -> None:
    rule = next(r for r in load_rules("cooperations").rules if r.id == rule_id)
    assert list(rule.finditer(sentence)), "the sentence is one the rule reads"
    assert TriggerScan(sentence).windows(rule) != (), f"{rule_id}: the trigger {rule.trigger} misses {sentence!r}"


def _sentence_scans(text: str):
    """Each sentence of ``text`` as the cooperation extractor reads it (organisations masked), with
    the scan a scan of the whole masked text gives it."""
    doc = pipeline()(text)
    view = mask(spans.text(doc), extract_orgs(doc)[0])
    whole = view.scan(spans.text_sentences(doc))
    for n, (start, end) in enumerate(spans.text_sentences(doc)):
        ms, sentence = view.sentence(start, end)
        yield sentence, whole.sentence(n, ms, ms + len(sentence))


@pytest.mark.parametrize("kind", ["cooperations", "events"])
def test_a_sentence_scan_skips_no_rule_its_own_scan_runs(kind: str) -> None:
    """The scan of a sentence that learns its words from the whole text's scan runs every rule a
    scan of the sentence alone would run, and skips the rest; it also skips whole rule sets."""
    rules = load_rules(kind)
    ran = skipped = 0
    for text in _texts(kind):
        for sentence, scan in _sentence_scans(text):
            alone = TriggerScan(sentence)
            for rule in rules.rules:
                own = alone.windows(rule) != ()
                assert (scan.windows(rule) != ()) == own, f"{rule.id} in {sentence!r}"
                ran, skipped = ran + own, skipped + (not own)
                single = RuleSet(rules.kind, rules.path, (rule,), rules.settings)
                assert scan.may_run(single) == own, f"{rule.id} in {sentence!r}"
            assert scan.may_run(rules) == any(alone.windows(r) != () for r in rules.rules)
    assert ran and skipped, "the texts must run some rules and skip others, or the comparison proves nothing"
