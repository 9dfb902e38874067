"""Compare egov-kg's date finding with ``dateparser.search_dates(text, languages=["de"])``.

Both run over the sample corpus; their finds are compared with a hand-made list of the true date
expressions (``benchmarks/data/corpus_dates.json``). A find counts when its span overlaps a true
expression (one to one); precision and recall follow. Among the matched expressions with a known
value, the value is compared at the precision the text gives (day, month or year).
egov-kg resolves relative expressions against the press release's own date; dateparser is called
exactly as above, so it resolves them against today.

    python benchmarks/dates_vs_dateparser.py [--corpus corpus] [--gold benchmarks/data/corpus_dates.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

from dateparser.search import search_dates

from egov_kg.pipeline import analyse, warm_up
from egov_kg.reading import SourceText

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Find:
    start: int
    end: int
    value: str | None  # ISO at the gold precision is computed at comparison time
    when: dt.datetime | None = None  # dateparser's answer


def _locate(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Spans of the needles in order of appearance (a repeated needle takes its next occurrence)."""
    spans = []
    cursor: dict[str, int] = {}
    for needle in needles:
        at = text.find(needle, cursor.get(needle, 0))
        if at < 0:
            at = text.find(needle)
        if at < 0:
            raise ValueError(f"{needle!r} is not in the text")
        spans.append((at, at + len(needle)))
        cursor[needle] = at + len(needle)
    return spans


def ours(text: str) -> list[Find]:
    facts = analyse(SourceText("corpus.txt", text, ""))
    return [Find(m.evidence.start, m.evidence.end, m.date.value) for m in facts.dates]


def theirs(text: str) -> list[Find]:
    found = search_dates(text, languages=["de"]) or []
    spans = []
    cursor = 0
    for surface, when in found:
        at = text.find(surface, cursor)
        if at < 0:
            at = text.find(surface)
        spans.append(Find(at, at + len(surface), None, when))
        cursor = at + len(surface)
    return spans


def _at_precision(find: Find, precision: str) -> str | None:
    if find.when is not None:
        return find.when.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[precision])
    if find.value is None:
        return None
    return find.value[: {"day": 10, "month": 7, "year": 4}[precision]]


def score(gold: dict[str, list[dict]], corpus: Path, system) -> dict[str, float]:
    tp = fp = fn = 0
    value_ok = value_n = 0
    seconds = 0.0
    for name, entries in sorted(gold.items()):
        text = (corpus / name).read_text(encoding="utf-8")
        truth = list(zip(_locate(text, [e["text"] for e in entries]), entries))
        started = time.perf_counter()
        finds = system(text)
        seconds += time.perf_counter() - started
        used: set[int] = set()
        for find in finds:
            hit = next((i for i, ((s, e), _) in enumerate(truth) if i not in used and find.start < e and s < find.end), None)
            if hit is None:
                fp += 1
                continue
            used.add(hit)
            tp += 1
            entry = truth[hit][1]
            if entry["value"] is not None:
                value_n += 1
                value_ok += _at_precision(find, entry["precision"]) == entry["value"]
        fn += len(truth) - len(used)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1,
            "value_accuracy": value_ok / value_n if value_n else 0.0, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=HERE.parent / "corpus")
    parser.add_argument("--gold", type=Path, default=HERE / "data" / "corpus_dates.json")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))["files"]
    warm_up()  # rules and lexicons load once, outside the timing
    print(f"{len(sum(gold.values(), []))} true date expressions in {len(gold)} press releases")
    print(f"{'system':<24}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}{'value acc':>11}{'seconds':>9}")
    for label, system in (("egov-kg dates", ours), ("dateparser.search_dates", theirs)):
        s = score(gold, args.corpus, system)
        print(f"{label:<24}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}"
              f"{s['value_accuracy']:>11.3f}{s['seconds']:>9.3f}")


if __name__ == "__main__":
    main()
