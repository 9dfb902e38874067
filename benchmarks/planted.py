"""Recall of the facts ``generate.py`` planted, read back from a built graph's shipped tables.

Each planted fact is looked for in the table of its kind (``egov_kg/queries/KIND.rq``), after the
light normalisation of the gold guidelines (case, a leading ``Stadt``/``Gemeinde``/``Land``/
``Freistaat``, ``Kreis X`` = ``Landkreis X``). A fact is found when its key is in the table:

    documents      (file, published)
    persons        name
    organizations  (name, type)
    roles          (person, role concept) and, where planted, (person, organisation)
    fundings       (file, recipient, amount)
    amounts        (file, amount)
    cooperations   a cooperation of the same file whose parties include every planted party
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

from egov_kg.store import Table

_PREFIXES = re.compile(r"^(?:stadt|gemeinde|markt|freistaat|land|hansestadt|landeshauptstadt) ")


def org_key(name: str | None) -> str:
    text = " ".join(unicodedata.normalize("NFC", name or "").split()).casefold()
    text = _PREFIXES.sub("", text)
    return re.sub(r"^kreis ", "landkreis ", text)


def _amount(value: object) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _rows(table: Table) -> list[dict[str, str]]:
    return [dict(zip(table.columns, row)) for row in table.rows]


def recall(facts: dict[str, list[dict]], tables: Callable[[str], Table]) -> dict[str, tuple[int, int, list[str]]]:
    """Per kind: (found, planted, up to five missed facts); ``tables(kind)`` runs a shipped query."""
    results: dict[str, tuple[int, int, list[str]]] = {}

    def score(kind: str, planted: list[object], found: set[object]) -> None:
        missed = [p for p in planted if p not in found]
        results[kind] = (len(planted) - len(missed), len(planted), [str(m) for m in missed[:5]])

    documents = {(r["source_file"], r["published"]) for r in _rows(tables("documents"))}
    score("documents", [(d["file"], d["published"]) for d in facts["documents"]], documents)

    persons = {r["name"] for r in _rows(tables("persons"))}
    score("persons", [p["name"] for p in facts["persons"]], persons)

    orgs = {(org_key(r["name"]), r["type"]) for r in _rows(tables("organizations"))}
    score("organizations", [(org_key(o["name"]), o["type"]) for o in facts["organizations"]], orgs)

    role_rows = _rows(tables("roles"))
    roles = {(r["person_name"], r["role_concept"].rsplit("/", 1)[-1]) for r in role_rows}
    score("roles", [(r["person"], r["role"]) for r in facts["roles"]], roles)
    role_orgs = {(r["person_name"], org_key(r["organization_name"])) for r in role_rows}
    score("role organisations", [(r["person"], org_key(r["organization"])) for r in facts["roles"]
                                 if r["organization"]], role_orgs)

    fundings = {(r["source_file"], org_key(r["recipient_name"]), _amount(r["amount"]))
                for r in _rows(tables("fundings"))}
    score("fundings", [(f["file"], org_key(f["recipient"]), _amount(f["amount"])) for f in facts["fundings"]],
          fundings)

    amounts = {(r["source_file"], _amount(r["amount"])) for r in _rows(tables("amounts"))}
    score("amounts", [(a["file"], _amount(a["amount"])) for a in facts["amounts"]], amounts)

    by_file: dict[str, list[set[str]]] = {}
    for row in _rows(tables("cooperations")):
        parties = {org_key(p) for p in row["parties"].split("; ")}
        for file in row["source_file"].split("; "):
            by_file.setdefault(file, []).append(parties)
    planted = [(c["file"], frozenset(org_key(p) for p in c["parties"])) for c in facts["cooperations"]]
    found = {(file, parties) for file, parties in planted
             if any(parties <= have for have in by_file.get(file, []))}
    score("cooperations", planted, found)
    return results
