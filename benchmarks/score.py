#!/usr/bin/env python3
"""Score the project's fact tables against a gold file.

A copy of the project's shared scorer (``shared/eval/score.py``), kept here so that every
figure in the README reproduces from this repository alone; change it only together with that
original.

    python benchmarks/score.py --gold benchmarks/seeds.gold.json --graph output/
        runs `egov-kg table KIND output/ --format csv` for every kind
    score.py --gold G --tables DIR
        reads DIR/KIND.csv instead

Prints precision, recall and F1 per kind, the macro F1 over all kinds, and with
--explain the facts that were missed and the ones that were extra. With --json it
prints one JSON object instead. Standard library only.

What counts as a fact and how names are compared: GUIDELINES.md beside this file.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

KINDS = ["documents", "persons", "organizations", "roles", "fundings", "amounts", "cooperations"]

# ---------------------------------------------------------------- normalisation


def _fold(text: str | None) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)          # dashes
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u00ab\u00bb\"'`\u00b4\u2018\u2019]", "", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return text


TITLES = re.compile(r"^((dr|prof|dipl|ing|med|phil|rer|nat|jur|h\.c)\.?(-| )?)+", re.I)


def person_key(name: str | None) -> str:
    n = _fold(name)
    n = re.sub(r"\((.*?)\)", "", n).strip()
    while True:
        m = TITLES.match(n)
        if not m or not m.group(0).strip():
            break
        n = n[m.end():].strip()
    n = re.sub(r"^(frau|herr|herrn) ", "", n)
    return n


ORG_PREFIXES = ("stadt ", "gemeinde ", "markt ", "freistaat ", "land ", "kreisstadt ",
                "große kreisstadt ", "hansestadt ", "landeshauptstadt ")
ARTICLES = re.compile(r"^(der|die|das|des|dem|den|im|in|am|beim|vom) ")
GENITIVE_HEADS = {"kreises": "kreis", "landkreises": "landkreis", "amtes": "amt", "marktes": "markt",
                  "freistaates": "freistaat", "freistaats": "freistaat", "landes": "land",
                  "bezirkes": "bezirk", "bezirks": "bezirk", "stadtkreises": "stadtkreis"}


def org_key(name: str | None) -> str:
    n = _fold(name)
    if not n:
        return ""
    n = ARTICLES.sub("", n)
    head, _, rest = n.partition(" ")
    if rest and head in ("landratsamt", "kreisverwaltung"):  # the district's administration is the district
        inner = org_key(rest)
        return inner if inner.endswith("kreis") or inner.startswith("landkreis ") else "landkreis " + inner
    if rest and head in GENITIVE_HEADS:
        n = GENITIVE_HEADS[head] + " " + rest
    changed = True
    while changed:
        changed = False
        for p in ORG_PREFIXES:
            if n.startswith(p) and len(n) > len(p):
                n = n[len(p):]
                changed = True
    n = re.sub(r"^vg ", "verwaltungsgemeinschaft ", n)
    n = re.sub(r"^kreis ", "landkreis ", n)
    n = re.sub(r"^ag ", "arbeitsgemeinschaft ", n)
    n = re.sub(r" kreis$", "-kreis", n)
    # genitive of "-kreis" names: "kyffhäuserkreises" -> "kyffhäuserkreis"
    n = re.sub(r"kreises\b", "kreis", n)
    return n


ROLE_IRREGULAR = {
    "landrätin": "landrat", "landräte": "landrat",
    "chief digital officer": "cdo", "chief information officer": "cio",
    "landes-cio": "cio", "landes cio": "cio", "mdl": "landtagsabgeordneter",
    "landtagsabgeordnete": "landtagsabgeordneter", "abgeordnete des landtags": "landtagsabgeordneter",
    "mitglied des landtags": "landtagsabgeordneter", "mdb": "bundestagsabgeordneter",
    "bundestagsabgeordnete": "bundestagsabgeordneter", "vorsitzende": "vorsitzender",
    "beauftragte": "beauftragter",
    "stellvertretende": "stellvertreter",
}
ROLE_BASES = ["oberbürgermeister", "bürgermeister", "landrat", "staatssekretär", "ministerpräsident",
              "minister", "vorsitzender", "präsident", "abteilungsleiter", "referatsleiter", "leiter",
              "geschäftsführer", "beauftragter", "cio", "cdo", "dezernent", "amtsleiter",
              "landtagsabgeordneter", "bundestagsabgeordneter", "sprecher", "direktor", "kanzler",
              "beigeordneter", "koordinator", "referent", "dekan", "mitglied", "verbandsvorsteher",
              "senator", "staatsrat", "amtschef", "abgeordneter"]
# an office held before is still an office: "früherer Landrat", "Bürgermeister a.D." -> landrat, bürgermeister
FORMER = re.compile(r"^(ehemalig|früher|vormalig)(e|er|en|es)? | a\. ?d\.$")


def role_key(role: str | None) -> str:
    """A role's gender- and synonym-free base: Landrätin -> landrat, Finanzstaatssekretär -> staatssekretär."""
    r = _fold(role)
    r = re.sub(r"^(der|die|den|dem|des) ", "", r)
    r = FORMER.sub("", r).strip()
    if r.startswith("leitung "):
        r = "leiter " + r[len("leitung "):]
    deputy_of = re.match(r"^(\d\. )?stellvertreter(in)? (des|der) (\S+?)(e?s)?\b", r)
    if deputy_of:
        return "stellvertretender " + role_key(deputy_of.group(4))
    r = re.sub(r"^(thüringer|bayerische[rn]?|sächsische[rn]?|hessische[rn]?|amtierende[rn]?) ", "", r)
    if r.startswith("chief digital officer"):
        return "cdo"
    if r.startswith("chief information officer"):
        return "cio"
    if re.match(r"^beauftragte[r]?\b", r):
        m = re.search(r"\bfür\b(.*)$", r)
        return "beauftragter für" + m.group(1) if m else "beauftragter"
    if r in ROLE_IRREGULAR:
        return ROLE_IRREGULAR[r]
    deputy = re.match(r"^(stellvertretende[rn]?|stv\.) (.*)$", r)
    if deputy:
        return "stellvertretender " + role_key(deputy.group(2))
    words = r.split(" ")
    for word in (words[0], words[-1]):
        base = _role_base(word)
        if base:
            return base
    return r


def _role_base(word: str) -> str | None:
    w = ROLE_IRREGULAR.get(word, word)
    if w.endswith(("vorsitzende", "beauftragte", "beigeordnete", "abgeordnete")):
        w += "r"
    candidates = [w]
    if w.endswith("innen"):
        candidates.append(w[:-5])
    if w.endswith("in"):
        candidates.append(w[:-2])
    for cand in candidates:
        plain = cand[:-3] + "rat" if cand.endswith("rät") else cand
        if plain in ROLE_BASES:
            return plain
    for cand in candidates:  # compounds: finanzstaatssekretär, digitalministerin, kreistagsvorsitzender
        plain = cand[:-3] + "rat" if cand.endswith("rät") else cand
        for b in ROLE_BASES:
            if plain.endswith(b) and len(plain) > len(b) and not (b == "minister" and "ministerpräsident" in plain):
                return b
    return None


def amount_key(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        return round(float(str(value).replace(" ", "")), 2)
    except ValueError:
        return None


def date_key(value) -> str:
    v = _fold(value)
    m = re.match(r"^(\d{4})(-\d{2})?(-\d{2})?", v)
    return m.group(0) if m else v


def split_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if v]
    return [p.strip() for p in re.split(r"\s*[;|]\s*", str(value)) if p.strip()]


# ---------------------------------------------------------------- loading


def load_tables(args) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {}
    for kind in KINDS:
        if args.tables:
            path = Path(args.tables) / f"{kind}.csv"
            text = path.read_text(encoding="utf-8") if path.exists() else ""
        else:
            cmd = args.command.split() + ["table", kind, args.graph, "--format", "csv"]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"! {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[:300]}",
                      file=sys.stderr)
                text = ""
            else:
                text = proc.stdout
        tables[kind] = list(csv.DictReader(io.StringIO(text))) if text.strip() else []
    return tables


class OrgIndex:
    """Resolves an organisation name to the gold organisation it names."""

    def __init__(self, gold_orgs: list[dict]):
        self.by_key: dict[str, str] = {}
        for org in gold_orgs:
            for name in [org["name"], *org.get("aliases", [])]:
                self.by_key.setdefault(org_key(name), org["name"])

    def resolve(self, name: str | None) -> str | None:
        return self.by_key.get(org_key(name)) if name else None


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def set_score(gold: set, pred_list: list) -> tuple[dict, list, list]:
    """Set-based score; a predicted key seen twice is a duplicate entity and counts as extra."""
    seen: set = set()
    extra = []
    tp = 0
    for key in pred_list:
        if key in gold and key not in seen:
            tp += 1
            seen.add(key)
        else:
            extra.append(key)
    missed = sorted(gold - seen, key=str)
    return prf(tp, len(extra), len(missed)), missed, extra


# ---------------------------------------------------------------- scoring


def score(gold: dict, tables: dict[str, list[dict]]) -> dict:
    orgs = OrgIndex(gold.get("organizations", []))
    out: dict[str, dict] = {}

    # documents: (file, published) on the documents whose gold date is known
    gdocs = {d["file"]: date_key(d["published"]) for d in gold.get("documents", []) if d.get("published")}
    pred = [(Path(r.get("source_file", "")).name, date_key(r.get("published"))) for r in tables["documents"]
            if Path(r.get("source_file", "")).name in gdocs and r.get("published")]
    out["documents"] = _pack(*set_score(set(gdocs.items()), pred))

    # persons: one row per person entity; a person twice is a duplicate
    gp = {person_key(p["name"]) for p in gold.get("persons", [])}
    pred = [person_key(r.get("name")) for r in tables["persons"] if r.get("name")]
    out["persons"] = _pack(*set_score(gp, pred))

    # organizations: resolved through names and aliases; a second row naming the same gold org is extra
    go = {o["name"] for o in gold.get("organizations", [])}
    pred = [orgs.resolve(r.get("name")) or f"?{r.get('name')}" for r in tables["organizations"] if r.get("name")]
    out["organizations"] = _pack(*set_score(go, pred))
    # type accuracy on matched organisations
    gtype = {o["name"]: o.get("type") for o in gold.get("organizations", [])}
    typed = [(orgs.resolve(r.get("name")), _fold(r.get("type"))) for r in tables["organizations"]]
    hits = {g for g, t in typed if g and gtype.get(g) and t == gtype[g]}
    matched = {g for g, _ in typed if g and gtype.get(g)}
    out["organizations"]["type_accuracy"] = round(len(hits) / len(matched), 4) if matched else None

    # roles: (person, role); affiliations: (person, organisation)
    gr = {(person_key(r["person"]), role_key(r["role"])) for r in gold.get("roles", [])}
    pred = list(dict.fromkeys((person_key(r.get("person_name")), role_key(r.get("role")))
                              for r in tables["roles"] if r.get("person_name") and r.get("role")))
    out["roles"] = _pack(*set_score(gr, pred))
    ga = {(person_key(r["person"]), r["organization"]) for r in gold.get("roles", []) if r.get("organization")}
    pred = list(dict.fromkeys((person_key(r.get("person_name")),
                               orgs.resolve(r.get("organization_name")) or f"?{r.get('organization_name')}")
                              for r in tables["roles"] if r.get("person_name") and r.get("organization_name")))
    out["affiliations"] = _pack(*set_score(ga, pred))

    # fundings: (recipient, amount); funder, date and qualifier scored on the matched ones
    gf = {}
    for f in gold.get("fundings", []):
        gf[(f["recipient"], amount_key(f["amount"]))] = f
    pred_rows = {}
    for r in tables["fundings"]:
        key = (orgs.resolve(r.get("recipient_name")) or f"?{r.get('recipient_name')}", amount_key(r.get("amount")))
        pred_rows.setdefault(key, r)
    out["fundings"] = _pack(*set_score(set(gf), list(pred_rows)))
    checks = {"funder": [0, 0], "date": [0, 0], "qualifier": [0, 0]}
    for key, g in gf.items():
        r = pred_rows.get(key)
        if r is None:
            continue
        if g.get("funder"):
            ok = {orgs.resolve(x) or x for x in split_list(g["funder"])}
            checks["funder"][1] += 1
            checks["funder"][0] += any((orgs.resolve(x) or x) in ok for x in split_list(r.get("funder_name")))
        if g.get("date"):
            checks["date"][1] += 1
            checks["date"][0] += date_key(g["date"]) in {date_key(x) for x in split_list(r.get("date"))}
        if "qualifier" in g:
            checks["qualifier"][1] += 1
            checks["qualifier"][0] += _fold(g["qualifier"]) == _fold(r.get("qualifier"))
    for name, (ok, n) in checks.items():
        out["fundings"][f"{name}_accuracy"] = round(ok / n, 4) if n else None

    # amounts: (file, amount)
    gam = {(a["file"], amount_key(a["amount"])) for a in gold.get("amounts", [])}
    pred = list(dict.fromkeys((Path(r.get("source_file", "")).name, amount_key(r.get("amount")))
                              for r in tables["amounts"] if r.get("amount")))
    out["amounts"] = _pack(*set_score(gam, pred))

    # cooperations: party sets; a match needs half of the gold parties and at most one extra
    gcs = [(c, {orgs.resolve(p) or p for p in c["parties"]}) for c in gold.get("cooperations", [])]
    pcs = []
    for r in tables["cooperations"]:
        parties = {orgs.resolve(p) or f"?{p}" for p in split_list(r.get("parties"))}
        if parties:
            pcs.append((r, parties))
    used: set[int] = set()
    tp = 0
    missed = []
    date_ok = date_n = 0
    for g, gparties in gcs:
        best = None
        for i, (r, parties) in enumerate(pcs):
            if i in used:
                continue
            common = len(gparties & parties)
            if common * 2 >= len(gparties) and len(parties - gparties) <= 1:
                if best is None or common > best[1]:
                    best = (i, common)
        if best is None:
            missed.append(sorted(gparties))
            continue
        used.add(best[0])
        tp += 1
        if g.get("date"):
            date_n += 1
            date_ok += date_key(g["date"]) in {date_key(x) for x in split_list(pcs[best[0]][0].get("date"))}
    extra = [sorted(p) for i, (_, p) in enumerate(pcs) if i not in used]
    out["cooperations"] = _pack(prf(tp, len(extra), len(missed)), missed, extra)
    out["cooperations"]["date_accuracy"] = round(date_ok / date_n, 4) if date_n else None

    f1s = [v["f1"] for v in out.values()]
    return {"kinds": out, "macro_f1": round(sum(f1s) / len(f1s), 4)}


def _pack(stats: dict, missed: list, extra: list) -> dict:
    stats["missed"] = [_show(m) for m in missed]
    stats["extra"] = [_show(e) for e in extra]
    return stats


def _show(x) -> str:
    if isinstance(x, tuple):
        return " | ".join(str(v) for v in x)
    if isinstance(x, list):
        return "; ".join(str(v) for v in x)
    return str(x)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True, help="gold file (JSON)")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--graph", help="build output to pass to `egov-kg table KIND GRAPH --format csv`")
    src.add_argument("--tables", help="folder holding KIND.csv for every kind")
    ap.add_argument("--command", default="egov-kg", help="how to call the CLI (default: egov-kg)")
    ap.add_argument("--explain", action="store_true", help="list missed and extra facts")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    result = score(gold, load_tables(args))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{'kind':<14}{'P':>7}{'R':>7}{'F1':>7}   tp  fp  fn  extra checks")
    for kind, s in result["kinds"].items():
        extras = "  ".join(f"{k.replace('_accuracy', '')}={v}" for k, v in s.items()
                           if k.endswith("_accuracy") and v is not None)
        print(f"{kind:<14}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
              f"  {s['tp']:>3} {s['fp']:>3} {s['fn']:>3}  {extras}")
        if args.explain:
            for m in s["missed"]:
                print(f"    missed: {m}")
            for e in s["extra"]:
                print(f"    extra:  {e}")
    print(f"macro F1 {result['macro_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
