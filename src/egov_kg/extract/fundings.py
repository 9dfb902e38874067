"""Grants: who gives whom how much, when and for what.

The constructions are data (``data/de/fundings.yaml``). They run on each sentence rewritten by
``funding_context``: every organisation is ``«O<n>»`` (a body that can receive a grant) or
``«F<n>»``, every amount ``«A<n>»``, definite references are the organisation they refer to. So a
rule reads like the construction it stands for ("<amount> ... an <recipient>"). Its normaliser
checks the vetoes (budgets, costs, caps, a sentence that speaks of no grant) and hands each amount,
with the recipients the construction names for it, to the ``recipient`` linkers; a match whose
amounts get no recipient is no grant. No organisation is invented: recipients and funders are
always organisations the organisation extractor found (or a state the text implies).

Around each grant the ``funder``, ``date``, ``programme`` and ``rate`` linkers then decide who
gives, when, from which programme and at which rate (``funding_linkers``); the purpose is read
from the grant's clause. The evidence of a grant names its construction and every linker that
decided.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import regex
from spacy.tokens import Doc

from egov_kg.extract import spans
from egov_kg.extract.funding_context import (
    Context,
    Sentence,
    can_receive,
    patterns,
    piece,
    prepare,
    words,
)
from egov_kg.extract.funding_linkers import Candidate, Found, GrantQuery, RecipientQuery
from egov_kg.extract.linking import Link, load_linkers
from egov_kg.extract.rules import compiled, load_rules, normaliser
from egov_kg.extract.spans import evidence
from egov_kg.records import (
    AmountMention,
    DateMention,
    DateValue,
    Funding,
    OrgMention,
    RateMention,
)

#: How many sentences before a list item may say that the list is about grants.
_WINDOW = 6
#: How much text before a match counts as its clause (for "zusammen", "insgesamt").
_CLAUSE_BEFORE = 30


# ---------------------------------------------------------------------------- vetoes


def _vetoed(amount: AmountMention, text: str, sentence: tuple[int, int], *, budget_words: bool = True) -> bool:
    """A budget, a cost, a price or a cap per applicant, not a grant."""
    if amount.qualifier in words("cap_qualifiers"):
        return True
    start, end = amount.evidence.start, amount.evidence.end
    before = text[max(sentence[0], start - 40) : start]
    if piece("COST_BEFORE").search(before) or piece("PRICE_BEFORE").search(before):
        return True
    if piece("CAP_AFTER").match(text[end : min(sentence[1], end + 30)]):
        return True
    clause_start = max(text.rfind(c, sentence[0], start) for c in ",;:–")
    clause_start = sentence[0] if clause_start < 0 else clause_start
    ends = [i for i in (text.find(c, end, sentence[1]) for c in ",;") if i >= 0]
    clause_end = min(ends) if ends else sentence[1]
    return budget_words and bool(piece("BUDGET_CLAUSE").search(text[clause_start:clause_end]))


def _speaks_of_grants(m: regex.Match, window: str) -> bool:
    return bool(piece("GRANT_WORDS").search(m.string) or piece("GRANT_WORDS").search(window))


# ---------------------------------------------------------------------------- construction normalisers


@dataclass(frozen=True, slots=True)
class _Grants:
    """What a construction found: its amounts with their recipients decided."""

    found: tuple[Found, ...]


def _decide(m: regex.Match, pairs: list[tuple[int | None, int]], context: dict[str, Any], *,
            slot: str | None = None) -> _Grants | None:
    """Ask the ``recipient`` linkers who receives each amount; None if no amount gets a recipient."""
    ctx: Context = context["ctx"]
    index: int = context["index"]
    linkers = load_linkers("fundings")
    clause = m.string[max(0, m.start() - _CLAUSE_BEFORE) : m.end()]
    found = []
    for named, amount in pairs:
        names = tuple(r for r, a in pairs if a == amount and r is not None)
        candidate = Candidate(amount, named, names, slot, index, m.group(0), clause)
        link = linkers.decide("recipient", RecipientQuery(ctx, candidate))
        if link is None or link.value is None:
            continue
        found.append(Found(candidate, link.value.org, link.value.span, ctx.amounts[amount], link.linker))
    return _Grants(tuple(found)) if found else None


@normaliser("funding_list_pairs")
def _funding_list_pairs(m: regex.Match, **context: Any) -> _Grants | None:
    """A list of recipients with amounts: the sentences before it may say that it lists grants. A
    list introduced as one of areas ("Kommunen aus folgenden Kreisen erhalten:") gives the totals
    of the bodies in each area, no grants to the areas."""
    before = context.get("window", "") + "\n" + m.string[: m.start()]
    intro = [i.group(0) for i in piece("LIST_INTRO").finditer(before)] + [m.string[: m.start()]]
    if any(piece("AREA_LIST").search(line) for line in intro[-2:]):
        return None
    return _funding_pairs(m, list_item=True, **context)


@normaliser("funding_list_after")
def _funding_list_after(m: regex.Match, **context: Any) -> _Grants | None:
    """A sentence ending with a colon that gives each of the bodies listed one a line after it a sum
    ("Diese Landkreise erhalten jeweils ...:" or "bis zu ..."): a grant to each, unless the sum is
    shared, a budget, or for the areas the list names."""
    ctx: Context = context["ctx"]
    index: int = context["index"]
    amount = ctx.amounts[int(m.group("a"))]
    each = piece("EACH").search(m.string) or amount.qualifier == "bis zu"
    if (not each or piece("SHARED").search(m.string) or piece("AREA_LIST").search(m.string)
            or not piece("GRANT_WORDS").search(m.string) or _vetoed(amount, ctx.text, context["sentence"])):
        return None
    members: list[int] = []
    for sentence in ctx.sentences[index + 1 :]:
        item = piece("LIST_ITEM_BODY").match(sentence.abstract.text)
        if item is None:
            break
        members.append(int(item.group("r")))
    pairs: list[tuple[int | None, int]] = [(r, int(m.group("a"))) for r in members if can_receive(ctx.refs[r])]
    return _decide(m, pairs, context) if len(pairs) >= 2 else None


@normaliser("funding_pairs_provided")
def _funding_pairs_provided(m: regex.Match, **context: Any) -> _Grants | None:
    """"stellt der Stadt X Y zur Verfügung": money made available to a named recipient is a grant."""
    return _funding_pairs(m, budget_words=False, grant_words=False, **context)


@normaliser("funding_pairs_for")
def _funding_pairs_for(m: regex.Match, **context: Any) -> _Grants | None:
    """"<amount> für <recipient>": the sentence or the next one must speak of a grant ("Mit 120 400
    Euro für den Landkreis X kommen wir voran. Das Geld stammt aus einem Förderprogramm")."""
    ctx: Context = context["ctx"]
    if not (piece("GRANT_WORDS").search(m.string) or ctx.holds("GRANT_WORDS", context["index"] + 1)):
        return None
    return _funding_pairs(m, grant_words=False, **context)


@normaliser("funding_pairs_dative")
def _funding_pairs_dative(m: regex.Match, **context: Any) -> _Grants | None:
    """"bewilligte der Stadt X": a recipient in the dative; "der" before a masculine body is its giver."""
    ctx: Context = context["ctx"]
    if piece("AMBIGUOUS_ARTICLE").fullmatch(m.group("art")):
        for r in m.captures("r"):
            org = ctx.refs[int(r)]
            start, end = ctx.span(int(r))
            if org.type == "district" or piece("MASCULINE_HEADS").search(ctx.text[start:end]):
                return None
    return _funding_pairs(m, **context)


@normaliser("funding_pairs_spent")
def _funding_pairs_spent(m: regex.Match, **context: Any) -> _Grants | None:
    """"verwendet die Fördermittel in Höhe von X", "Mit den X aus dem Förderbescheid hat Y ...": the
    construction names the money a grant, so what it is spent on names no budget."""
    return _funding_pairs(m, budget_words=False, **context)


@normaliser("funding_pairs_place")
def _funding_pairs_place(m: regex.Match, **context: Any) -> _Grants | None:
    """"nach X fließen Y": a town's grant; the sum that flows to a district is that of its towns."""
    return _funding_pairs(m, types=words("place_recipient_types"), **context)


@normaliser("funding_pairs_state")
def _funding_pairs_state(m: regex.Match, **context: Any) -> _Grants | None:
    """A state that receives from the federation ("Hamburg bekommt vom Bund ...")."""
    if not piece("FEDERAL_GIVER").search(m.string):
        return None
    return _funding_pairs(m, types=frozenset({"state"}), **context)


@normaliser("funding_pairs")
def _funding_pairs(
    m: regex.Match, *, budget_words: bool = True, grant_words: bool = True, list_item: bool = False,
    types: frozenset[str] | None = None, **context: Any
) -> _Grants | None:
    """Pair the construction's amounts with its recipients (of ``types``, else any that can receive)."""
    ctx: Context = context["ctx"]
    sentence: tuple[int, int] = context["sentence"]
    if grant_words and not _speaks_of_grants(m, context.get("window", "") if list_item else ""):
        return None
    amounts = [int(a) for a in m.captures("a")]
    recipients = [int(r) for r in m.captures("r")]
    if len(amounts) > 1 and len(amounts) == len(recipients):
        pairs: list[tuple[int | None, int]] = list(zip(recipients, amounts))
    elif len(amounts) == 1:
        if piece("BARE_NUMBER").search(m.group(0)):
            return None  # "A erhält rund 14.650 und B rund 4.700 €": the amount is B's alone
        pairs = [(r, amounts[0]) for r in recipients]
    else:
        return None
    pairs += _plus_pairs(m)
    pairs = [(r, a) for r, a in pairs if r is not None
             and (ctx.refs[r].type in types if types is not None else can_receive(ctx.refs[r]))
             and not _vetoed(ctx.amounts[a], ctx.text, sentence, budget_words=budget_words)]
    return _decide(m, pairs, context) if pairs else None


def _plus_pairs(m: regex.Match) -> list[tuple[int | None, int]]:
    """A second sum for the body named just before it ("B 4.100 Euro plus 1.200 Euro")."""
    if "p" not in m.re.groupindex:
        return []
    recipients = list(zip(m.starts("r"), m.captures("r")))
    out: list[tuple[int | None, int]] = []
    for at, amount in zip(m.starts("p"), m.captures("p")):
        before = [int(r) for start, r in recipients if start < at]
        if before:
            out.append((before[-1], int(amount)))
    return out


@normaliser("funding_stated_recipient")
def _funding_stated_recipient(m: regex.Match, **context: Any) -> _Grants | None:
    """A grant to a project or a task whose recipient the sentence or the next one states."""
    ctx: Context = context["ctx"]
    amount = int(m.group("a"))
    if _vetoed(ctx.amounts[amount], ctx.text, context["sentence"]):
        return None
    return _decide(m, [(None, amount)], context, slot="stated")


@normaliser("funding_group")
def _funding_group(m: regex.Match, **context: Any) -> _Grants | None:
    """A total granted to the cooperation the neighbouring sentences name."""
    ctx: Context = context["ctx"]
    amount = int(m.group("a"))
    if _vetoed(ctx.amounts[amount], ctx.text, context["sentence"]):
        return None
    return _decide(m, [(None, amount)], context, slot="group")


# ---------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Match:
    """A grant as a construction found it: where, by which rule, and its recipient decided."""

    found: Found
    start: int
    end: int
    rule: str


def _window_start(ctx: Context, index: int) -> int:
    """The first sentence a grant's sentence may take its grant words from: the six before it, and
    before a list of short lines with amounts (a table's rows), the six before the list."""
    first = index
    while first > 0 and _is_list_line(ctx.sentences[first - 1]):
        first -= 1
    return max(0, first - _WINDOW)


def _is_list_line(sentence: Sentence) -> bool:
    return "«A" in sentence.abstract.text and sentence.end - sentence.start <= _LIST_LINE


#: The longest line that still reads as a list's or table's row.
_LIST_LINE = 120


def _find(ctx: Context) -> list[_Match]:
    rules = load_rules("fundings")
    out: list[_Match] = []
    for sentence in ctx.sentences:
        abstract = sentence.abstract
        if "«A" not in abstract.text:
            continue
        window = ctx.text[ctx.sentences[_window_start(ctx, sentence.index)].start : sentence.start]
        for match in rules.finditer(abstract.text, ctx=ctx, sentence=(sentence.start, sentence.end), window=window,
                                    index=sentence.index):
            start, end = abstract.original(match.start, match.end)
            out.extend(_Match(found, start, end, match.rule.id) for found in match.value.found)
    return out


# ---------------------------------------------------------------------------- programme and purpose


def _programmes(text: str) -> tuple[tuple[int, int, str], ...]:
    """(priority, position, name) of every programme named in ``text``."""
    out = []
    for priority, programme in enumerate(patterns("programmes")):
        for m in programme.finditer(text):
            name = compiled(r"\s+").sub(" ", m.group("name")).strip()
            if name not in words("generic_programmes"):
                out.append((priority, m.start("name"), name))
    return tuple(sorted(out))


def _purpose(ctx: Context, found: Found) -> str | None:
    """What the grant is for, read in its clause after the amount or the recipient."""
    sentence = ctx.sentences[found.sentence]
    taken = [found.recipient_span]
    others = [a for a in ctx.amounts if sentence.start <= a.evidence.start < sentence.end and a is not found.amount]
    here = found.amount.evidence
    own_start = max([a.evidence.end for a in others if a.evidence.end <= here.start], default=sentence.start)
    own_end = min([a.evidence.start for a in others if a.evidence.start >= here.end], default=sentence.end)
    if own_start > sentence.start:  # the previous grant's clause ends at the next comma or conjunction
        cut = piece("CLAUSE_BREAK").search(ctx.text, own_start, found.amount.evidence.start)
        own_start = cut.end() if cut else own_start
    clauses = [(found.amount.evidence.start, own_end), (own_start, own_end)]
    if found.candidate.slot == "group" and found.sentence > 0:
        previous = ctx.sentences[found.sentence - 1]
        clauses.append((previous.start, previous.end))
    for start, end in clauses:
        text = ctx.text[start:end]
        for purpose_pattern in patterns("purposes"):
            for m in purpose_pattern.finditer(text):
                s, e = start + m.start("purpose"), start + m.end("purpose")
                purpose = compiled(r"\s+").sub(" ", m.group("purpose")).strip()
                if any(a < e and s < b for a, b in taken) or purpose in words("generic_purposes"):
                    continue
                return purpose
    return None


# ---------------------------------------------------------------------------- API


def _parent(ctx: Context, found: Found, by_sentence: dict[int, Funding]) -> Funding | None:
    """The grant stated up to three sentences before that this one is a part of ("davon ...")."""
    if not piece("PARTS").search(ctx.sentence_text(found.sentence)):
        return None
    earlier = [f for i, f in sorted(by_sentence.items())
               if found.sentence - 3 <= i < found.sentence and f.amount.value > found.amount.value]
    return earlier[-1] if earlier else None


def extract_fundings(
    doc: Doc,
    *,
    orgs: tuple[OrgMention, ...],
    amounts: tuple[AmountMention, ...],
    rates: tuple[RateMention, ...],
    dates: tuple[DateMention, ...],
    published: DateValue | None,
    doc_state: str | None,
) -> tuple[Funding, ...]:
    """The grants a press release states: one per recipient and amount."""
    del published  # relative dates are already resolved against it in ``dates``
    text = spans.text(doc)
    ctx = prepare(text, list(spans.text_sentences(doc)), orgs, amounts)
    programmes = _programmes(text)
    linkers = load_linkers("fundings")
    fundings: list[Funding] = []
    by_sentence: dict[int, Funding] = {}
    amount_at: dict[tuple[int, str], Decimal] = {}  # (evidence start, recipient) -> amount
    for match in _find(ctx):
        found = match.found
        start, end = match.start, match.end
        if amount_at.setdefault((start, found.recipient.key), found.amount.value) != found.amount.value:
            # a second sum for the same body in one construction ("B 4.100 Euro plus 1.200 Euro"):
            # its evidence is its own amount, so that each grant has a place of its own
            start, end = found.amount.evidence.start, found.amount.evidence.end
        query = GrantQuery(ctx, found, doc_state, dates, rates, programmes, _parent(ctx, found, by_sentence))
        links = {decision: linkers.decide(decision, query) for decision in ("funder", "date", "programme", "rate")}
        decided = [found.linker] + [link.linker for link in links.values() if link is not None]
        funding = Funding(
            evidence=evidence(doc, start, end, match.rule, linkers=tuple(decided)),
            recipient=found.recipient.key,
            amount=found.amount,
            funders=_value(links["funder"]) or (),
            programme=_value(links["programme"]),
            purpose=_purpose(ctx, found),
            date=_value(links["date"]),
            rate=_value(links["rate"]),
        )
        fundings.append(funding)
        by_sentence.setdefault(found.sentence, funding)
    return _merge(fundings)


def _value(link: Link | None) -> Any:
    return link.value if link is not None else None


def _merge(fundings: list[Funding]) -> tuple[Funding, ...]:
    """One grant per recipient and amount: later mentions fill what the first left open."""
    merged: dict[tuple[str, Decimal], Funding] = {}
    for f in fundings:
        key = (f.recipient, f.amount.value)
        if key not in merged:
            merged[key] = f
            continue
        first = merged[key]
        filled = replace(
            first,
            funders=first.funders or f.funders,
            programme=first.programme or f.programme,
            purpose=first.purpose or f.purpose,
            date=first.date or f.date,
            rate=first.rate if first.rate is not None else f.rate,
        )
        if filled != first:  # the later mention's linkers decided part of it
            filled = replace(filled, evidence=replace(
                first.evidence, linkers=tuple(dict.fromkeys(first.evidence.linkers + f.evidence.linkers))))
        merged[key] = filled
    return tuple(merged.values())
