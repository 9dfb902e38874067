"""Time ``pipeline.analyse`` per stage and per rule, in one process, on generated and real texts.

A focused companion to ``run.py``: no build, no RDF, no worker processes, so the figures are
the extractors' own. For each set of texts it prints the milliseconds per release of every
stage of ``analyse`` and of a bare ``spacy.blank("de")`` tokenisation of the same texts in the
same process. ``--cpu`` times with the process's CPU clock instead of the wall clock, which
keeps figures comparable on a machine other jobs are using. ``--rules`` adds the time each
rule's pattern takes over the same texts (the slowest first); ``--profile`` adds a cProfile
listing of the slowest functions.

    python benchmarks/profile_stages.py                          # 300 generated texts
    python benchmarks/profile_stages.py --docs 1000 --real /tmp/egov-kg-real/texts --cpu
    python benchmarks/profile_stages.py --rules 25 --profile 40

Generated texts come from the corpus ``run.py`` keeps (``--corpus``, made if missing).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="generated press releases to time (default 300)")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/egov-kg-bench/corpus-2000-7"),
                        help="a corpus made by generate.py (made with 2000 releases, seed 7, if missing)")
    parser.add_argument("--real", type=Path, action="append", default=[],
                        help="a folder of real press releases to time as a set of its own (repeatable)")
    parser.add_argument("--cpu", action="store_true", help="time with the process CPU clock, not the wall clock")
    parser.add_argument("--repeat", type=int, default=1, help="analyse every text this many times")
    parser.add_argument("--rules", type=int, default=0, metavar="N", help="also list the N slowest rule patterns")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also list the N slowest functions")
    parser.add_argument("--check-triggers", action="store_true",
                        help="only check, on every text, that each rule with a trigger finds what it finds without")
    args = parser.parse_args(argv)

    from egov_kg import pipeline
    from egov_kg.nlp import pipeline as nlp_pipeline
    from egov_kg.offsets import matching_text
    from egov_kg.reading import read_file

    clock = time.process_time if args.cpu else time.perf_counter
    pipeline.now = clock
    sets = {"generated": _generated(args.corpus, args.docs)}
    for folder in args.real:
        sets[folder.parent.name + "/" + folder.name] = sorted(folder.rglob("*.txt"))
    sources = {name: [s for p in paths if hasattr(s := read_file(p, p.name), "text")] for name, paths in sets.items()}
    pipeline.warm_up()
    if args.check_triggers:
        raise SystemExit(_check_triggers(sources, nlp_pipeline, matching_text))
    profiler = cProfile.Profile() if args.profile else None

    print(f"ms per release ({'CPU' if args.cpu else 'wall'} clock, {args.repeat} run(s) each)")
    rows = {}
    for name, texts in sources.items():
        timings: dict[str, float] = {}
        start = clock()
        if profiler:
            profiler.enable()
        for _ in range(args.repeat):
            for source in texts:
                pipeline.analyse(source, timings=timings)
        if profiler:
            profiler.disable()
        timings["analyse"] = clock() - start
        normalised = [matching_text(s.text).text for s in texts]
        bare = _bare(normalised, clock, args.repeat)
        timings["bare"] = bare
        rows[name] = (len(texts) * args.repeat, sum(map(len, normalised)) // max(len(texts), 1), timings)

    names = list(rows)
    print(f"{'stage':16s}" + "".join(f"{n[-22:]:>24s}" for n in names))
    print(f"{'(releases, chars)':16s}" + "".join(f"{f'{rows[n][0]}, {rows[n][1]}':>24s}" for n in names))
    for stage in (*pipeline.STAGES, "analyse", "bare"):
        cells = []
        for n in names:
            count, _, timings = rows[n]
            cells.append(f"{1000 * timings.get(stage, 0.0) / max(count, 1):24.2f}")
        print(f"{stage:16s}" + "".join(cells))
    print(f"{'analyse / bare':16s}" + "".join(f"{rows[n][2]['analyse'] / rows[n][2]['bare']:24.1f}" for n in names))

    if args.rules:
        _rule_times(sources, nlp_pipeline, matching_text, clock, args.rules)
    if profiler:
        print()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


def _generated(corpus: Path, docs: int) -> list[Path]:
    texts = corpus / "texts"
    if not texts.is_dir():
        from generate import generate

        generate(corpus, docs=max(docs, 2000), seed=7)
    return sorted(texts.rglob("*.txt"))[:docs]


def _bare(texts: list[str], clock, repeat: int) -> float:
    import spacy

    nlp = spacy.blank("de")
    nlp("Aufwärmen.")
    start = clock()
    for _ in range(repeat):
        for text in texts:
            nlp(text)
    return clock() - start


def _rule_times(sources: dict, nlp_pipeline, matching_text, clock, top: int) -> None:
    """Each loaded rule's pattern run alone over every text (``finditer`` to the end)."""
    from egov_kg.extract import rules

    texts = [matching_text(s.text).text for group in sources.values() for s in group]
    loaded = [rules.load_rules(kind) for kind in _loaded_kinds(rules)]
    figures = []
    for ruleset in loaded:
        for rule in ruleset.rules:
            start = clock()
            hits = sum(1 for text in texts for _ in rule.pattern.finditer(text))
            figures.append((clock() - start, rule.id, hits))
        for piece, compiled in ruleset._compiled.items():
            start = clock()
            hits = sum(1 for text in texts for _ in compiled.finditer(text))
            figures.append((clock() - start, f"{ruleset.kind}:{piece} (piece)", hits))
    figures.sort(reverse=True)
    total = sum(f[0] for f in figures)
    print(f"\nrule patterns over {len(texts)} texts, one finditer each: {1000 * total / len(texts):.2f} ms per release "
          f"in all; the {top} slowest:")
    for seconds, rule_id, hits in figures[:top]:
        print(f"  {1000 * seconds / len(texts):7.3f} ms  {hits:6d} hits  {rule_id}")


def _check_triggers(sources: dict, nlp_pipeline, matching_text) -> int:
    """Each rule with a trigger, words its pattern requires or a piece it starts at, run where its
    trigger scan says (and only where its piece is) and on the whole text, must find the same
    matches (``tests/extract/test_triggers.py`` on these texts); the cooperation rules on each
    sentence as ``cooperations.py`` reads it."""
    from egov_kg.extract import rules, spans
    from egov_kg.extract.cooperations import sentences_as_read
    from egov_kg.extract.organizations import extract_orgs

    triggered = [(kind, r) for kind in _loaded_kinds(rules) for r in rules.load_rules(kind).rules
                 if r.trigger or r.lazy.words() or r.starts_at is not None]
    failures = 0
    for name, texts in sources.items():
        for source in texts:
            text = matching_text(source.text).text
            doc = nlp_pipeline()(text)
            whole = [(text, rules.TriggerScan(text, spans.sentences(doc)))]
            by_sentence = [(s, rules.TriggerScan(s)) for s in sentences_as_read(doc, extract_orgs(doc)[0])]
            for kind, rule in triggered:
                for unit, scan in by_sentence if kind == "cooperations" else whole:
                    for overlapped in (False, True):
                        every = [m.span() for m in rule.finditer(unit, overlapped=overlapped)]
                        windowed = [m.span() for m in rule.finditer(unit, windows=scan.windows(rule),
                                                                    overlapped=overlapped, scan=scan)]
                        if every != windowed:
                            failures += 1
                            lost = sorted(set(every) - set(windowed))
                            print(f"{rule.id} in {name}/{source.source_file}: without trigger "
                                  f"{[unit[a:b] for a, b in lost][:3]}, with trigger "
                                  f"{[unit[a:b] for a, b in sorted(set(windowed) - set(every))][:3]}")
    print(f"{len(triggered)} rules with a trigger or required words checked on {sum(map(len, sources.values()))} texts: "
          f"{failures} differences")
    return 1 if failures else 0


def _loaded_kinds(rules) -> list[str]:
    info = rules.load_rules.cache_info()
    if not info.currsize:
        return []
    # functools.cache keeps no key list; ask the data package for the rule files instead.
    from importlib import resources

    names = [p.name[:-5] for p in resources.files(rules.DATA_PACKAGE).iterdir() if p.name.endswith(".yaml")]
    out = []
    for name in sorted(names):
        try:
            rules.load_rules(name)
        except Exception:  # noqa: BLE001 - a vocabulary file, not a rule file
            continue
        out.append(name)
    return out


if __name__ == "__main__":
    main()
