"""Tables for scripts and for people: the formats ``egov-kg table`` and ``egov-kg query`` print.

For scripts (``csv``, ``tsv``, ``json``) a shipped table starts with its published columns, in
the order the README gives them (``CONTRACT``); columns added later only ever come after them.
JSON carries types: numbers as numbers, dates as their ISO strings, an empty cell as null.

For people (``table``) names come first and IRIs last, as short ids that ``egov-kg explain``
accepts (``person:hartmut-schubert``); the table fits the terminal: long text is wrapped (and
elided after a few lines), columns beyond the contract are left out where there is no room,
and an id is never cut.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Callable
from decimal import Decimal

from egov_kg.store import Table

#: The published columns of each shipped table, in their order (README, "Tables").
CONTRACT: dict[str, tuple[str, ...]] = {
    "documents": ("source_file", "title", "published"),
    "persons": ("person", "name", "honorific", "party"),
    "organizations": ("organization", "name", "type"),
    "roles": ("person", "person_name", "role", "organization", "organization_name", "start", "end", "source_file"),
    "fundings": ("grant", "recipient_name", "amount", "qualifier", "funder_name", "programme", "purpose", "date",
                 "source_file"),
    "amounts": ("source_file", "amount", "currency", "qualifier", "text"),
    "cooperations": ("cooperation", "name", "type", "parties", "date", "source_file"),
    "events": ("event", "name", "start_date", "end_date", "place", "organisers", "participants"),
}
FORMATS = ("table", "csv", "tsv", "json")

_GAP = "  "
_MIN_WIDTH = 12  # a wrapped text column is never narrower
_MAX_LINES = 3  # lines of one cell before it is elided
_FALLBACK_SIZE = (100, 24)  # when the output is no terminal and $COLUMNS is unset


def render(table: Table, fmt: str, *, kind: str | None = None, short: Callable[[str], str] = str,
           footer: str = "") -> str:
    """The table as ``fmt``; ``kind`` names a shipped table, ``short`` shortens IRIs for people."""
    table = in_contract_order(table, kind)
    if fmt == "json":
        return json.dumps([_typed_row(table, row) for row in table.rows], ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        return buffer.getvalue()
    return for_people(table, kind=kind, short=short, width=shutil.get_terminal_size(_FALLBACK_SIZE).columns,
                      footer=footer)


def in_contract_order(table: Table, kind: str | None) -> Table:
    """A shipped table's contract columns first, in contract order; any others after them."""
    contract = [c for c in CONTRACT.get(kind or "", ()) if c in table.columns]
    order = [*contract, *(c for c in table.columns if c not in contract)]
    return _select(table, order)


def _select(table: Table, columns: list[str]) -> Table:
    index = [table.columns.index(c) for c in columns]
    types = tuple(_type(table, i) for i in index)
    return Table(tuple(columns), tuple(tuple(row[i] for i in index) for row in table.rows), types)


def _type(table: Table, index: int) -> str:
    return table.types[index] if index < len(table.types) else "text"


def _typed_row(table: Table, row: tuple[str, ...]) -> dict[str, object]:
    return {column: _typed(value, _type(table, i)) for i, (column, value) in enumerate(zip(table.columns, row))}


def _typed(value: str, kind: str) -> object:
    """JSON's value for a cell: null if empty, a number for a numeric column, else the string."""
    if value == "":
        return None
    if kind == "number":
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    return value


# ---------------------------------------------------------------------------------------------- for people


def for_people(table: Table, *, kind: str | None, short: Callable[[str], str], width: int, footer: str = "") -> str:
    """An aligned text table at most ``width`` wide where its ids allow it.

    Where it is too wide: columns beyond a shipped table's contract are left out, then ids are
    moved below their row (``  person: person:hartmut-schubert``), then text is wrapped.
    """
    shown = _people_order(table, kind)
    cells = [[short(v) if _type(shown, i) == "iri" else " ".join(v.split()) for i, v in enumerate(row)]
             for row in shown.rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(shown.columns)]
    keep = set(CONTRACT[kind]) if kind in CONTRACT else set(shown.columns)
    left_out = 0
    while _total(widths) > width and len(widths) > 1 and shown.columns[-1] not in keep:
        shown, cells, widths = _drop_last(shown, cells, widths)
        left_out += 1
    below: list[tuple[str, list[str]]] = []  # ids shown under their row: (column, value per row)
    while _total(widths) > width and len(widths) > 1 and _type(shown, len(widths) - 1) == "iri":
        below.insert(0, (shown.columns[-1], [row[-1] for row in cells]))
        shown, cells, widths = _drop_last(shown, cells, widths)
    _narrow(shown, widths, width)
    lines = [_GAP.join(_fit(h, w) for h, w in zip(shown.columns, widths)).rstrip(),
             _GAP.join("-" * w for w in widths)]
    for n, row in enumerate(cells):
        wrapped = [_wrap(cell, w, _type(shown, i)) for i, (cell, w) in enumerate(zip(row, widths))]
        for k in range(max(len(c) for c in wrapped)):
            lines.append(_GAP.join((c[k] if k < len(c) else "").ljust(w) for c, w in zip(wrapped, widths)).rstrip())
        lines += [f"{_GAP}{column}: {values[n]}" for column, values in below if values[n]]
    count = len(table.rows)
    more = f"; {left_out} more column{'' if left_out == 1 else 's'} with --format csv or json" if left_out else ""
    lines.append(f"({count} row{'' if count == 1 else 's'}{more})")
    if footer:
        lines.append(footer)
    return "\n".join(lines) + "\n"


def _fit(header: str, width: int) -> str:
    """A header in its column: cut with an ellipsis where the column was narrowed below it."""
    return header.ljust(width) if len(header) <= width else header[: width - 1] + "…"


def _people_order(table: Table, kind: str | None) -> Table:
    """Names first: a shipped table's contract columns with the ids moved behind the others."""
    if not kind:
        return table
    ordered = in_contract_order(table, kind)
    contract = [c for c in CONTRACT.get(kind, ()) if c in ordered.columns]
    ids = [c for c in contract if _type(ordered, ordered.columns.index(c)) == "iri"]
    names = [c for c in contract if c not in ids]
    return _select(ordered, [*names, *ids, *(c for c in ordered.columns if c not in contract)])


def _total(widths: list[int]) -> int:
    return sum(widths) + len(_GAP) * (len(widths) - 1)


def _drop_last(table: Table, cells: list[list[str]], widths: list[int]) -> tuple[Table, list[list[str]], list[int]]:
    return _select(table, list(table.columns[:-1])), [row[:-1] for row in cells], widths[:-1]


def _narrow(table: Table, widths: list[int], width: int) -> None:
    """Narrow the widest text column by one, again and again, until the table fits or no text
    column can give more; ids and numbers keep their width."""
    while _total(widths) > width:
        text = [i for i, w in enumerate(widths) if _type(table, i) == "text" and w > _MIN_WIDTH]
        if not text:
            return
        widths[max(text, key=lambda i: (widths[i], -i))] -= 1


def _wrap(cell: str, width: int, kind: str) -> list[str]:
    """A cell's lines: text wrapped and elided after ``_MAX_LINES``; ids and numbers whole."""
    if kind != "text" or len(cell) <= width:
        return [cell]
    lines = textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=True) or [""]
    if len(lines) > _MAX_LINES:
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines
