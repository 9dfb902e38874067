#!/usr/bin/env python3
"""Check a folder of re-fetched real press releases against a set's manifest.json.

usage: python3 benchmarks/check_texts.py SET [TEXTS]   (SET: real, real2, real3, real4 or real5; default TEXTS
/tmp/egov-kg-SET/texts). Each set's own check.py calls this.

Each text must be the search result's excerpt exactly as returned. A file whose bytes differ
only in white space (a no-break space saved as a plain one) still counts: the gold holds."""
import hashlib, json, pathlib, re, sys


def main(name: str, texts: pathlib.Path) -> int:
    manifest = json.load(open(pathlib.Path(__file__).resolve().parent / name / "manifest.json", encoding="utf-8"))
    bad = 0
    for e in manifest:
        p = texts / e["file"]
        if not p.is_file():
            print(f"missing  {e['file']}  (query {e['query']!r}, rank {e['rank']})"); bad += 1; continue
        t = p.read_text(encoding="utf-8")
        if hashlib.sha256(t.encode()).hexdigest() == e["sha256"]:
            continue
        if hashlib.sha256(re.sub(r"\s+", " ", t).strip().encode()).hexdigest() == e["sha256_spaces_folded"]:
            print(f"spaces   {e['file']}  (white space differs; fine)"); continue
        print(f"differs  {e['file']}  ({len(t)} chars, manifest {e['chars']}): fetch it again"); bad += 1
    print(f"{len(manifest) - bad} of {len(manifest)} texts in place")
    return 1 if bad else 0


if __name__ == "__main__":
    name = sys.argv[1]
    sys.exit(main(name, pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/egov-kg-{name}/texts")))
