#!/usr/bin/env python3
"""Check a folder of re-fetched real press releases against manifest.json.

usage: python benchmarks/real/check.py [TEXTS]   (default /tmp/egov-kg-real/texts)

Each text must be the search result's excerpt exactly as returned. A file whose bytes differ
only in white space (a no-break space saved as a plain one) still counts: the gold holds."""
import hashlib, json, pathlib, re, sys

here = pathlib.Path(__file__).resolve().parent
texts = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/egov-kg-real/texts")
bad = 0
for e in json.load(open(here / "manifest.json", encoding="utf-8")):
    p = texts / e["file"]
    if not p.is_file():
        print(f"missing  {e['file']}  (query {e['query']!r}, rank {e['rank']})"); bad += 1; continue
    t = p.read_text(encoding="utf-8")
    if hashlib.sha256(t.encode()).hexdigest() == e["sha256"]:
        continue
    if hashlib.sha256(re.sub(r"\s+", " ", t).strip().encode()).hexdigest() == e["sha256_spaces_folded"]:
        print(f"spaces   {e['file']}  (white space differs; fine)"); continue
    print(f"differs  {e['file']}  ({len(t)} chars, manifest {e['chars']}): fetch it again"); bad += 1
n = len(json.load(open(here / "manifest.json", encoding="utf-8")))
print(f"{n - bad} of {n} texts in place")
sys.exit(1 if bad else 0)
