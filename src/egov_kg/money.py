"""Money counted once: what every sum of grants adds up, and who gives each grant.

Every sum egov-kg shows (network weights, ``network --stats``, the report's headline and charts,
the total under the fundings table) counts each euro once, by two rules:

- **A total and its parts.** A grant of a sum stated as part of a total ("Insgesamt ... rund
  249.000 Euro ... Rund 34.600 Euro davon bekam die VG Hermsdorf") is linked to the grant of the
  total (``egov:partOf``); the parts count, and the total only with what its parts leave
  (``counted_amount``, defined in ``queries/fundings.rq``, which the report sums directly).
- **One grant, several funders.** A funder that belongs to another funder of the same grant (a
  ministry of its state: ``egov:state``) gives it through that one (``via``), so the grant is
  counted once, for the state. Funders independent of each other share it evenly, as the text
  does not say who gave how much.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from pyoxigraph import Store

from egov_kg.store import Table, query
from egov_kg.table_files import shipped_table

_FUNDERS = """
SELECT ?grant ?funder ?principal WHERE {
  ?grant a schema:MonetaryGrant ; schema:funder ?funder .
  OPTIONAL { ?grant schema:funder ?principal . ?funder egov:state ?principal . FILTER (?principal != ?funder) }
}"""


@dataclass(frozen=True, slots=True)
class Grant:
    """One grant as sums count it."""

    iri: str
    recipient: str
    amount: Decimal  # as the press release states it
    counted: Decimal  # what sums add up: the amount less the parts stated of it
    funders: tuple[str, ...]  # who gives it (IRIs), a body acting for another funder left out
    via: tuple[str, ...]  # bodies acting for a funder ("the state through its finance ministry")

    @property
    def share(self) -> Decimal:
        """What each funder gave: the counted amount, split between independent funders."""
        return self.counted / len(self.funders) if self.funders else self.counted


def grants(store: Store) -> list[Grant]:
    """Every grant in the graph, in the order of the fundings table."""
    table = shipped_table(store, "fundings")
    column = {name: i for i, name in enumerate(table.columns)}
    funders: dict[str, set[str]] = defaultdict(set)
    acting: dict[str, set[str]] = defaultdict(set)
    for grant, funder, principal in query(store, _FUNDERS).rows:
        (acting if principal else funders)[grant].add(funder)
    found = []
    for row in table.rows:
        iri = row[column["grant"]]
        via = acting[iri] - funders[iri]
        found.append(Grant(iri=iri, recipient=row[column["recipient"]], amount=Decimal(row[column["amount"]]),
                           counted=Decimal(row[column["counted_amount"]]), funders=tuple(sorted(funders[iri])),
                           via=tuple(sorted(via))))
    return found


def granted_line(table: Table) -> str:
    """The line under a fundings table: all its money, each euro once ('' for other tables)."""
    if "counted_amount" not in table.columns:
        return ""
    index = table.columns.index("counted_amount")
    counted = sum((Decimal(row[index]) for row in table.rows if row[index]), Decimal(0))
    return (f"{counted:,.2f} € granted, each euro once "
            "(the sum of counted_amount: a total's stated parts count instead of it)")
