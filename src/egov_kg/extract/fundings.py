"""Grants: who gives whom how much, when and for what.

The constructions are data (``data/de/fundings.yaml``). They run on each sentence after a
rewrite in which every organisation the organisation extractor found is ``«O<n>»``, every amount
``«A<n>»``, and definite references ("den Verbund", "an die Stadt", "Landrätin <Name>", "das
Datenlabor" after "Datenlabor <Ort>") are the organisation they refer to; a group by its number
("die drei Städte") reads as the list of that many bodies given before. So a rule reads like the
construction it stands for ("<amount> ... an <recipient>"). A recipient may also be stated apart
from the amount, in the next sentence ("Zuwendungsempfänger ist X", "Den Bescheid an X ...").
No organisation is invented: recipients and funders are always organisations the organisation
extractor found.

Around each amount-recipient pair this module then reads the funders (the ministry or agency
named in the sentence or nearby, and its state), the date (a date in the sentence, else that of
the handover the press release reports), the programme, the purpose and the funding rate.
Budgets, costs and caps ("Für das Programm stehen jährlich 3,4 Mio. € bereit") are vetoed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from typing import Any

import regex
from spacy.tokens import Doc

from egov_kg.extract.rules import load_rules, normaliser
from egov_kg.extract.spans import evidence
from egov_kg.records import AmountMention, DateMention, DateValue, Funding, OrgMention, RateMention

# ---------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class _Settings:
    recipient_types: frozenset[str]
    funder_types: frozenset[str]
    grant_words: regex.Pattern
    budget_clause: regex.Pattern
    cost_before: regex.Pattern
    cap_after: regex.Pattern
    cap_qualifiers: frozenset[str]
    shared: regex.Pattern
    each: regex.Pattern
    anaphors: tuple[tuple[str, regex.Pattern, bool], ...]  # type, pattern, backward only
    name_head_reference: str  # a pattern with {HEAD} for the heads of the cooperations' names
    adjective_endings: tuple[str, ...]
    noun_endings: tuple[str, ...]
    group_reference: regex.Pattern
    group_counts: dict[str, int]
    group_nouns: dict[str, frozenset[str]]
    group_list: regex.Pattern
    recipient_statement: regex.Pattern
    notice_to: regex.Pattern
    handover: regex.Pattern
    event_reference: regex.Pattern
    signing_reference: regex.Pattern
    signing_sentence: regex.Pattern
    date_modifiers: frozenset[str]
    masculine_heads: regex.Pattern
    parts: regex.Pattern
    funder_sentence: regex.Pattern
    minister_office: regex.Pattern
    issuer_before: regex.Pattern
    giver_types: frozenset[str]
    giver_after: regex.Pattern
    giver_before: regex.Pattern
    giver_pronoun: regex.Pattern
    fund_of: regex.Pattern
    programmes: tuple[regex.Pattern, ...]
    purposes: tuple[regex.Pattern, ...]
    generic_purposes: frozenset[str]
    rate_sentence: regex.Pattern


@cache
def _settings() -> _Settings:
    raw = load_rules("fundings").settings

    def rx(pattern: str) -> regex.Pattern:
        return regex.compile(pattern, regex.VERSION1)

    return _Settings(
        recipient_types=frozenset(raw["recipient_types"]),
        funder_types=frozenset(raw["funder_types"]),
        grant_words=rx(raw["grant_words"]),
        budget_clause=rx(raw["budget_clause"]),
        cost_before=rx(raw["cost_before"]),
        cap_after=rx(raw["cap_after"]),
        cap_qualifiers=frozenset(raw["cap_qualifiers"]),
        shared=rx(raw["shared"]),
        each=rx(raw["each"]),
        anaphors=tuple((a["type"], rx(a["pattern"]), bool(a.get("backward_only"))) for a in raw["anaphors"]),
        name_head_reference=raw["name_head_reference"],
        adjective_endings=tuple(raw["adjective_endings"]),
        noun_endings=tuple(raw["noun_endings"]),
        group_reference=rx(raw["group_reference"]),
        group_counts={str(k): int(v) for k, v in raw["group_counts"].items()},
        group_nouns={k: frozenset(v if v != ["any"] else raw["recipient_types"]) for k, v in raw["group_nouns"].items()},
        group_list=rx(raw["group_list"]),
        recipient_statement=rx(raw["recipient_statement"]),
        notice_to=rx(raw["notice_to"]),
        handover=rx(raw["handover"]),
        event_reference=rx(raw["event_reference"]),
        signing_reference=rx(raw["signing_reference"]),
        signing_sentence=rx(raw["signing_sentence"]),
        date_modifiers=frozenset(raw["date_modifiers"]),
        masculine_heads=rx(raw["masculine_heads"]),
        parts=rx(raw["parts"]),
        funder_sentence=rx(raw["funder_sentence"]),
        minister_office=rx(raw["minister_office"]),
        issuer_before=rx(raw["issuer_before"]),
        giver_types=frozenset(raw["giver_types"]),
        giver_after=rx(raw["giver_after"]),
        giver_before=rx(raw["giver_before"]),
        giver_pronoun=rx(raw["giver_pronoun"]),
        fund_of=rx(raw["fund_of"]),
        programmes=tuple(rx(p) for p in raw["programmes"]),
        purposes=tuple(rx(p) for p in raw["purposes"]),
        generic_purposes=frozenset(raw["generic_purposes"]),
        rate_sentence=rx(raw["rate_sentence"]),
    )


# ---------------------------------------------------------------------------- the rewritten sentence


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    kind: str  # "O" possible recipient, "F" other organisation (or a reference to one), "A" amount
    index: int  # into refs or amounts
    anaphor: bool = False
    group: tuple[int, ...] = ()  # refs of a group reference ("die drei Städte"), read as a list


def _tag(item: _Item) -> str:
    """The placeholder of an item; a group reads as the list it stands for ("«O1», «O2» und «O3»")."""
    if not item.group:
        return f"«{item.kind}{item.index}»"
    tags = [f"«O{i}»" for i in item.group]
    return ", ".join(tags[:-1]) + " und " + tags[-1]


@dataclass
class _Abstract:
    """A sentence with its organisations and amounts replaced by placeholders."""

    text: str
    starts: list[int]  # original start offset of every character of ``text``
    ends: list[int]  # original end offset of every character of ``text``
    items: list[_Item]

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _abstract(text: str, start: int, end: int, items: list[_Item]) -> _Abstract:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = start
    used = []
    for item in sorted(items, key=lambda i: i.start):
        if item.start < pos or item.end > end:
            continue
        for j in range(pos, item.start):
            out.append(text[j])
            starts.append(j)
            ends.append(j + 1)
        tag = _tag(item)
        out.append(tag)
        starts.extend([item.start] * len(tag))
        ends.extend([item.end] * len(tag))
        pos = item.end
        used.append(item)
    for j in range(pos, end):
        out.append(text[j])
        starts.append(j)
        ends.append(j + 1)
    return _Abstract("".join(out), starts, ends, used)


def _outermost(orgs: tuple[OrgMention, ...]) -> list[tuple[int, OrgMention]]:
    """The organisation mentions that are not inside a longer one, with their index."""
    ordered = sorted(enumerate(orgs), key=lambda io: (io[1].evidence.start, -io[1].evidence.end))
    taken: list[tuple[int, OrgMention]] = []
    reach = -1
    for i, org in ordered:
        if org.evidence.start >= reach:
            taken.append((i, org))
            reach = org.evidence.end
    return taken


def _antecedent(type_: str, position: int, orgs: tuple[OrgMention, ...], *, backward_only: bool = False
                ) -> OrgMention | None:
    """The organisation of this type named last before ``position``, or else the only one named."""
    of_type = [o for o in orgs if o.type == type_]
    before = [o for o in of_type if o.evidence.end <= position]
    if before:
        return max(before, key=lambda o: o.evidence.start)
    if not backward_only and len({o.key for o in of_type}) == 1:
        return of_type[0]
    return None


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    abstract: _Abstract


@dataclass
class _Context:
    """Everything the construction rules and the readers below need about one document."""

    text: str
    orgs: tuple[OrgMention, ...]
    amounts: tuple[AmountMention, ...]
    refs: list[OrgMention] = field(default_factory=list)
    ref_spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # of references; orgs have evidence
    sentences: list[_Sentence] = field(default_factory=list)

    def span(self, ref: int) -> tuple[int, int]:
        """Where the text names the organisation ``ref`` refers to (the reference, for a reference)."""
        if ref in self.ref_spans:
            return self.ref_spans[ref]
        evidence = self.refs[ref].evidence
        return evidence.start, evidence.end


def _kind(org: OrgMention) -> str:
    """«O» for an organisation that can receive a grant, «F» for any other (a state, a ministry)."""
    return "O" if org.type in _settings().recipient_types else "F"


def _name_heads(orgs: tuple[OrgMention, ...]) -> dict[str, OrgMention]:
    """The first word of each cooperation's name that can stand for it ("Datenlabor", "IT-Verbund")."""
    settings = _settings()
    heads: dict[str, OrgMention] = {}
    for org in orgs:
        words = org.name.split()
        if org.type != "cooperation" or len(words) < 2 or not words[0][:1].isupper():
            continue
        head = words[0].lower()
        if head.endswith(settings.adjective_endings) and not head.endswith(settings.noun_endings):
            continue  # "Digitale Dienste": an adjective
        heads.setdefault(words[0], org)
    return heads


@cache
def _head_pattern(heads: tuple[str, ...]) -> regex.Pattern:
    alternatives = "|".join(regex.escape(h) for h in sorted(heads, key=len, reverse=True))
    return regex.compile(_settings().name_head_reference.replace("{HEAD}", alternatives), regex.VERSION1)


def _group_members(ctx: _Context, count: int, types: frozenset[str], texts: list[str]) -> tuple[int, ...]:
    """The refs of the nearest list of ``count`` organisations of these types in ``texts`` (last first)."""
    for text in texts:
        for m in reversed(list(_settings().group_list.finditer(text))):
            refs = [int(r) for r in regex.findall(r"«O(\d+)»", m.group(0))]
            refs = [r for r in refs if ctx.refs[r].type in types]
            keys = list(dict.fromkeys(ctx.refs[r].key for r in refs))
            if len(keys) == count:
                return tuple(next(r for r in refs if ctx.refs[r].key == key) for key in keys)
    return ()


def _references(ctx: _Context, first: _Abstract, heads: dict[str, OrgMention]) -> list[_Item]:
    """Definite references in one sentence to organisations named elsewhere, as items."""
    settings = _settings()
    references: list[_Item] = []

    def add(start: int, end: int, target: OrgMention) -> None:
        ctx.refs.append(target)
        ctx.ref_spans[len(ctx.refs) - 1] = (start, end)
        references.append(_Item(start, end, _kind(target), len(ctx.refs) - 1, anaphor=True))

    def free(start: int, end: int) -> bool:
        return not any(r.start < end and start < r.end for r in references)

    if heads:
        for m in _head_pattern(tuple(heads)).finditer(first.text):
            start, end = first.original(m.start(), m.end())
            target = heads[m.group("head")]
            if target.evidence.end <= start:  # only back to a name given before
                add(start, end, target)
    for type_, pattern, backward_only in settings.anaphors:
        for m in pattern.finditer(first.text):
            start, end = first.original(m.start(), m.end())
            if not free(start, end):
                continue
            target = _antecedent(type_, start, ctx.orgs, backward_only=backward_only)
            if target is not None:
                add(start, end, target)
    for m in settings.group_reference.finditer(first.text):
        count = settings.group_counts.get(m.group("count").lower()) or (
            int(m.group("count")) if m.group("count").isdigit() else 0)
        types = settings.group_nouns.get(m.group("noun"))
        start, end = first.original(m.start(), m.end())
        if count < 2 or types is None or not free(start, end):
            continue
        earlier = [first.text[: m.start()]] + [s.abstract.text for s in reversed(ctx.sentences)]
        members = _group_members(ctx, count, types, earlier)
        if not members:
            continue
        for ref in members:
            ctx.refs.append(ctx.refs[ref])
            ctx.ref_spans[len(ctx.refs) - 1] = (start, end)
        group = tuple(range(len(ctx.refs) - len(members), len(ctx.refs)))
        references.append(_Item(start, end, "O", group[0], anaphor=True, group=group))
    return references


def _prepare(text: str, bounds: list[tuple[int, int]], orgs: tuple[OrgMention, ...],
             amounts: tuple[AmountMention, ...]) -> _Context:
    ctx = _Context(text, orgs, amounts)
    ctx.refs = [o for o in orgs]
    heads = _name_heads(orgs)
    org_items = [_Item(o.evidence.start, o.evidence.end, _kind(o), i) for i, o in _outermost(orgs)]
    amount_items = [_Item(a.evidence.start, a.evidence.end, "A", i) for i, a in enumerate(amounts)]
    org_items = [o for o in org_items if not any(a.start < o.end and o.start < a.end for a in amount_items)]
    for index, (s_start, s_end) in enumerate(bounds):
        items = [i for i in org_items + amount_items if s_start <= i.start and i.end <= s_end]
        first = _abstract(text, s_start, s_end, items)
        references = _references(ctx, first, heads)
        if references:
            items = [i for i in items if not any(r.start < i.end and i.start < r.end for r in references)]
            items += references
            first = _abstract(text, s_start, s_end, items)
        ctx.sentences.append(_Sentence(index, s_start, s_end, first))
    return ctx


def _stated_recipient(ctx: _Context, index: int, *, notice: bool) -> int | None:
    """The recipient the grant's sentence or the next one states: "Zuwendungsempfänger ist X" (or,
    with ``notice``, "Den Bescheid an X ...")."""
    settings = _settings()
    patterns = (settings.recipient_statement, settings.notice_to) if notice else (settings.recipient_statement,)
    for i in (index, index + 1):
        if i >= len(ctx.sentences):
            break
        for pattern in patterns:
            m = pattern.search(ctx.sentences[i].abstract.text)
            if m and ctx.refs[int(m.group("r"))].type in settings.recipient_types:
                return int(m.group("r"))
    return None


# ---------------------------------------------------------------------------- construction normalisers


@dataclass(frozen=True, slots=True)
class _Pairs:
    """What a construction found: (recipient ref, amount) pairs, or a total for a group."""

    pairs: tuple[tuple[int | None, int], ...]
    group: bool = False


def _vetoed(amount: AmountMention, text: str, sentence: tuple[int, int], *, budget_words: bool = True) -> bool:
    """A budget, a cost or a cap per applicant, not a grant."""
    settings = _settings()
    if amount.qualifier in settings.cap_qualifiers:
        return True
    start, end = amount.evidence.start, amount.evidence.end
    if settings.cost_before.search(text[max(sentence[0], start - 40) : start]):
        return True
    if settings.cap_after.match(text[end : min(sentence[1], end + 30)]):
        return True
    clause_start = max(text.rfind(c, sentence[0], start) for c in ",;:–")
    clause_start = sentence[0] if clause_start < 0 else clause_start
    ends = [i for i in (text.find(c, end, sentence[1]) for c in ",;") if i >= 0]
    clause_end = min(ends) if ends else sentence[1]
    return budget_words and bool(settings.budget_clause.search(text[clause_start:clause_end]))


def _speaks_of_grants(m: regex.Match, window: str) -> bool:
    words = _settings().grant_words
    return bool(words.search(m.string) or words.search(window))


@normaliser("funding_list_pairs")
def _funding_list_pairs(m: regex.Match, **context: Any) -> _Pairs | None:
    """A list of recipients with amounts: the sentences before it may say that it lists grants."""
    return _funding_pairs(m, list_item=True, **context)


@normaliser("funding_pairs_provided")
def _funding_pairs_provided(m: regex.Match, **context: Any) -> _Pairs | None:
    """"stellt der Stadt X Y zur Verfügung": money made available to a named recipient is a grant."""
    return _funding_pairs(m, budget_words=False, grant_words=False, **context)


@normaliser("funding_pairs_dative")
def _funding_pairs_dative(m: regex.Match, **context: Any) -> _Pairs | None:
    """"bewilligte der Stadt X": a recipient in the dative; "der" before a masculine body is its giver."""
    ctx: _Context = context["ctx"]
    if m.group("art").lower() == "der":
        for r in m.captures("r"):
            org = ctx.refs[int(r)]
            start, end = ctx.span(int(r))
            if org.type == "district" or _settings().masculine_heads.search(ctx.text[start:end]):
                return None
    return _funding_pairs(m, **context)


@normaliser("funding_pairs")
def _funding_pairs(
    m: regex.Match, *, budget_words: bool = True, grant_words: bool = True, list_item: bool = False, **context: Any
) -> _Pairs | None:
    """Pair the construction's amounts with its recipients."""
    ctx: _Context = context["ctx"]
    sentence: tuple[int, int] = context["sentence"]
    if grant_words and not _speaks_of_grants(m, context.get("window", "") if list_item else ""):
        return None
    amounts = [int(a) for a in m.captures("a")]
    recipients = [int(r) for r in m.captures("r")]
    if len(amounts) > 1 and len(amounts) == len(recipients):
        pairs = list(zip(recipients, amounts))
    elif len(amounts) == 1:
        pairs = [(r, amounts[0]) for r in recipients]
        settings = _settings()
        clause = m.string[max(0, m.start() - 30) : m.end()]
        if len({ctx.refs[r].key for r in recipients}) > 1 and settings.shared.search(clause) \
                and not settings.each.search(m.group(0)):
            return None  # "A und B erhalten zusammen X": a shared sum, not X each
    else:
        return None
    types = _settings().recipient_types
    pairs = [(r, a) for r, a in pairs
             if ctx.refs[r].type in types
             and not _vetoed(ctx.amounts[a], ctx.text, sentence, budget_words=budget_words)]
    return _Pairs(tuple(pairs)) if pairs else None


@normaliser("funding_stated_recipient")
def _funding_stated_recipient(m: regex.Match, **context: Any) -> _Pairs | None:
    """A grant to a project or a task whose recipient the sentence or the next one states."""
    ctx: _Context = context["ctx"]
    amount = int(m.group("a"))
    recipient = _stated_recipient(ctx, context["index"], notice=True)
    if recipient is None or _vetoed(ctx.amounts[amount], ctx.text, context["sentence"]):
        return None
    return _Pairs(((recipient, amount),))


@normaliser("funding_group")
def _funding_group(m: regex.Match, **context: Any) -> _Pairs | None:
    """A total granted to the cooperation the neighbouring sentences name."""
    ctx: _Context = context["ctx"]
    amount = int(m.group("a"))
    if _vetoed(ctx.amounts[amount], ctx.text, context["sentence"]):
        return None
    return _Pairs(((None, amount),), group=True)


# ---------------------------------------------------------------------------- matching


@dataclass
class _Found:
    """One amount-recipient pair as found by a construction, before funders and dates."""

    recipient: OrgMention
    recipient_span: tuple[int, int]
    amount: AmountMention
    sentence: int
    start: int
    end: int
    rule: str


def _group_recipient(ctx: _Context, index: int) -> tuple[OrgMention, tuple[int, int]] | None:
    for neighbour in (index - 1, index + 1, index - 2):
        if not 0 <= neighbour < len(ctx.sentences):
            continue
        for item in ctx.sentences[neighbour].abstract.items:
            if item.kind in "OF" and ctx.refs[item.index].type == "cooperation":
                return ctx.refs[item.index], (item.start, item.end)
    return None


#: How many sentences before a list item may say that the list is about grants.
_WINDOW = 6


def _find(ctx: _Context) -> list[_Found]:
    rules = load_rules("fundings")
    found: list[_Found] = []
    for sentence in ctx.sentences:
        abstract = sentence.abstract
        if "«A" not in abstract.text:
            continue
        window = ctx.text[ctx.sentences[max(0, sentence.index - _WINDOW)].start : sentence.start]
        for match in rules.finditer(abstract.text, ctx=ctx, sentence=(sentence.start, sentence.end), window=window,
                                    index=sentence.index):
            start, end = abstract.original(match.start, match.end)
            for recipient, amount in match.value.pairs:
                if recipient is None:
                    group = _group_recipient(ctx, sentence.index)
                    if group is None:
                        continue
                    org, span = group
                else:
                    if ctx.refs[recipient].type == "cooperation":  # a project's legal recipient, where stated
                        stated = _stated_recipient(ctx, sentence.index, notice=False)
                        recipient = recipient if stated is None else stated
                    org, span = ctx.refs[recipient], ctx.span(recipient)
                found.append(_Found(org, span, ctx.amounts[amount], sentence.index, start, end, match.rule.id))
    return found


# ---------------------------------------------------------------------------- funders, dates, programme, purpose, rate


def _state_key(org: OrgMention) -> str | None:
    if org.type == "state":
        return org.key
    parts = org.key.split(":")
    state = org.state or (parts[1] if len(parts) > 2 and parts[1].isdigit() else None)
    return f"state:{state}" if state and state.isdigit() else None


def _orgs_in(ctx: _Context, index: int) -> list[OrgMention]:
    sentence = ctx.sentences[index]
    return [o for o in ctx.orgs if sentence.start <= o.evidence.start < sentence.end]


def _funders(ctx: _Context, found: _Found, doc_state: str | None) -> tuple[str, ...]:
    """The ministry or agency that gives the money, and its state.

    A giver named in the grant's own sentence wins. Otherwise the nearest ministry in a sentence
    about funding within three sentences, preferring the state the sentence or the press release
    names; a ministry of another state or of the federation is taken only where no state is named
    nearby. The states of the givers, or the state the text names, complete the list.
    """
    settings = _settings()
    k = found.sentence

    def funding_sentence(index: int) -> bool:
        return bool(settings.funder_sentence.search(ctx.text[ctx.sentences[index].start : ctx.sentences[index].end]))

    def givers(index: int, types: frozenset[str]) -> list[OrgMention]:
        return [o for o in _orgs_in(ctx, index) if o.type in types and o.key != found.recipient.key]

    def states(index: int) -> list[str]:
        return [o.key for o in _orgs_in(ctx, index) if o.type == "state"]

    window = [i for d in (1, 2, 3) for i in (k - d, k + d) if 0 <= i < len(ctx.sentences) and funding_sentence(i)]
    own_states = states(k)
    about_grants = [i for d in (1, 2, 3) for i in (k - d, k + d) if 0 <= i < len(ctx.sentences)
                    and settings.grant_words.search(ctx.text[ctx.sentences[i].start : ctx.sentences[i].end])]
    near_states = [key for i in about_grants for key in states(i)]
    preferred = set(own_states) or ({f"state:{doc_state}"} if doc_state else set())
    funders = [o.key for o in givers(k, settings.funder_types)]
    if not funders:
        funders = _subject_giver(ctx, found) or _fund_owner(ctx, found, doc_state)
    if not funders:  # "übergab den Förderbescheid der Förderbank" in the handover next to the grant
        funders = [o.key for i in _handover_near(ctx, k)[1:] for o in givers(i, settings.funder_types)
                   if settings.issuer_before.search(ctx.text[max(0, o.evidence.start - 40) : o.evidence.start])][:1]
    if not funders:
        ranked = sorted(
            ((0 if _state_key(o) in preferred else 1, abs(i - k), i > k, o.evidence.start, o) for i in window
             for o in givers(i, frozenset({"ministry"}))),
            key=lambda r: r[:4],
        )
        if ranked and (ranked[0][0] == 0 or not (own_states or preferred & set(near_states))):
            funders = [ranked[0][4].key]
    if not funders and not own_states:  # a ministry of the press release's state that funds, further away
        for index in sorted(range(len(ctx.sentences)), key=lambda i: abs(i - k)):
            local = [o for o in givers(index, frozenset({"ministry"}))
                     if doc_state and _state_key(o) == f"state:{doc_state}"]
            if local and funding_sentence(index):
                funders = [local[0].key]
                break
    if not funders:
        funders = _minister_ministry(ctx, found, preferred)
    state_keys = [key for key in (_state_key(o) for o in ctx.orgs if o.key in funders) if key] + own_states
    if not funders and not state_keys:
        state_keys = near_states[:1]
    if not funders and not state_keys and doc_state and any(o.key == f"state:{doc_state}" for o in ctx.orgs):
        state_keys = [f"state:{doc_state}"]
    return tuple(dict.fromkeys(funders + state_keys))


def _subject_giver(ctx: _Context, found: _Found) -> list[str]:
    """The body that gives the money as the subject of the grant's sentence.

    "Der Landkreis X fördert ...", or a pronoun ("Er gewährt der Stadt Y ...") for the body named
    last before it that stands as a subject, in the sentence or the one before.
    """
    settings = _settings()
    sentence = ctx.sentences[found.sentence]
    text = ctx.text

    def subject(o: OrgMention) -> bool:
        own = next((t for t in ctx.sentences if t.start <= o.evidence.start < t.end), sentence)
        return (o.type in settings.giver_types and o.key != found.recipient.key
                and bool(settings.giver_before.search(text[own.start : o.evidence.start])))

    for o in _orgs_in(ctx, found.sentence):
        if subject(o) and settings.giver_after.match(text[o.evidence.end : o.evidence.end + 60]):
            return [o.key]
    pronoun = settings.giver_pronoun.search(text[sentence.start : sentence.end])
    if pronoun is None:
        return []
    scope = [i for i in (found.sentence - 1, found.sentence) if i >= 0]
    at = sentence.start + pronoun.start()
    before = [o for i in scope for o in _orgs_in(ctx, i) if o.evidence.end <= at and subject(o)]
    return [before[-1].key] if before else []


def _fund_owner(ctx: _Context, found: _Found, doc_state: str | None) -> list[str]:
    """A fund of a body in the grant's sentence or the two before: "aus dem Digitalfonds des Landes"."""
    settings = _settings()
    for i in range(found.sentence, max(-1, found.sentence - 3), -1):
        sentence = ctx.sentences[i]
        for m in settings.fund_of.finditer(ctx.text, sentence.start, sentence.end):
            if m.group("state"):
                return [f"state:{doc_state}"] if doc_state else []
            owner = [o for o in _orgs_in(ctx, i) if m.end() <= o.evidence.start <= m.end() + 12
                     and o.type in settings.giver_types and o.key != found.recipient.key]
            if owner:
                return [owner[0].key]
    return []


def _handover_near(ctx: _Context, index: int) -> list[int]:
    """The grant's sentence and the handover sentences next to it."""
    handover = _settings().handover
    near = [i for i in (index - 1, index + 1) if 0 <= i < len(ctx.sentences)
            and handover.search(_sentence_text(ctx, ctx.sentences[i]))]
    return [index, *near]


def _minister_ministry(ctx: _Context, found: _Found, preferred: set[str]) -> list[str]:
    """"Digitalministerin X überreichte ...": the ministry the press release names, if one stands out.

    The minister's office must be in the grant's or the handover's sentence; the ministry is the one
    of the preferred state (else the only one named) that the text names most often, first on a tie.
    """
    settings = _settings()
    if not any(settings.minister_office.search(_sentence_text(ctx, ctx.sentences[i]))
               for i in _handover_near(ctx, found.sentence)):
        return []
    ministries = [o for o in ctx.orgs if o.type == "ministry"]
    local = [o for o in ministries if _state_key(o) in preferred]
    pool = local or (ministries if len({o.key for o in ministries}) == 1 else [])
    if not pool:
        return []
    counts: dict[str, int] = {}
    for o in pool:
        counts[o.key] = counts.get(o.key, 0) + 1
    first = {o.key: o.evidence.start for o in reversed(pool)}
    return [min(counts, key=lambda key: (-counts[key], first[key]))]


def _usable(date: DateValue) -> bool:
    """A date that can be a grant's: resolved, and a day, month or year rather than a bound."""
    return date.value is not None and (date.modifier is None or date.modifier in _settings().date_modifiers)


def _dates_in(dates: tuple[DateMention, ...], start: int, end: int) -> list[DateMention]:
    return [d for d in dates if start <= d.evidence.start < end and _usable(d.date)]


def _sentence_text(ctx: _Context, sentence: _Sentence) -> str:
    return ctx.text[sentence.start : sentence.end]


def _signing_date(ctx: _Context, before: _Sentence, dates: tuple[DateMention, ...]) -> DateValue | None:
    """The day of the signing reported up to ``before``: "bei der Unterzeichnung" refers to it."""
    signing = _settings().signing_sentence
    for sentence in reversed(ctx.sentences[: before.index + 1]):
        verb = signing.search(_sentence_text(ctx, sentence))
        if not verb:
            continue
        stated = _dates_in(dates, sentence.start, sentence.end)
        if stated:
            at = sentence.start + verb.start()
            best = min(stated, key=lambda d: (d.date.precision != "day", abs(d.evidence.start - at)))
            return best.date
    return None


def _grant_date(ctx: _Context, found: _Found, dates: tuple[DateMention, ...]) -> DateValue | None:
    """A date in the grant's sentence, else that of the handover the press release reports.

    The handover's own date counts; a handover "bei der Unterzeichnung" takes the signing's day,
    one "bei dem Termin" or "im Anschluss" the day of the event reported before it.
    """
    settings = _settings()
    sentence = ctx.sentences[found.sentence]
    own = _dates_in(dates, sentence.start, sentence.end)
    if own:
        return min(own, key=lambda d: abs(d.evidence.start - found.amount.evidence.start)).date
    handovers = [s for s in ctx.sentences if settings.handover.search(_sentence_text(ctx, s))]
    if not handovers:
        return None
    handover = min(handovers, key=lambda s: (abs(s.index - found.sentence), s.index > found.sentence))
    if handover.index != found.sentence:
        stated = _dates_in(dates, handover.start, handover.end)
        if stated:
            return stated[0].date
    text = _sentence_text(ctx, handover)
    if settings.signing_reference.search(text):
        signed = _signing_date(ctx, handover, dates)
        if signed is not None:
            return signed
    if settings.event_reference.search(text):
        before = [d for d in dates if d.evidence.start < handover.start and _usable(d.date)
                  and d.date.precision == "day" and d.date.end is None]
        if before:
            return max(before, key=lambda d: d.evidence.start).date
    return None


def _programmes(text: str) -> list[tuple[int, int, str]]:
    """(priority, position, name) of every programme named in ``text``."""
    out = []
    for priority, pattern in enumerate(_settings().programmes):
        for m in pattern.finditer(text):
            out.append((priority, m.start("name"), regex.sub(r"\s+", " ", m.group("name")).strip()))
    return sorted(out)


def _programme(ctx: _Context, found: _Found, doc_programmes: list[tuple[int, int, str]]) -> str | None:
    sentence = ctx.sentences[found.sentence]
    own = [p for p in doc_programmes if sentence.start <= p[1] < sentence.end]
    pool = own or doc_programmes
    return pool[0][2] if pool else None


def _purpose(ctx: _Context, found: _Found, taken: list[tuple[int, int]]) -> str | None:
    sentence = ctx.sentences[found.sentence]
    others = [a for a in ctx.amounts if sentence.start <= a.evidence.start < sentence.end and a is not found.amount]
    here = found.amount.evidence
    own_start = max([a.evidence.end for a in others if a.evidence.end <= here.start], default=sentence.start)
    own_end = min([a.evidence.start for a in others if a.evidence.start >= here.end], default=sentence.end)
    if own_start > sentence.start:  # the previous grant's clause ends at the next comma
        cut = regex.compile(r"[,;]|\s(?:und|sowie)\s").search(ctx.text, own_start, found.amount.evidence.start)
        own_start = cut.end() if cut else own_start
    spans = [(found.amount.evidence.start, own_end), (own_start, own_end)]
    if found.rule == "funding.total_group" and found.sentence > 0:
        previous = ctx.sentences[found.sentence - 1]
        spans.append((previous.start, previous.end))
    for start, end in spans:
        text = ctx.text[start:end]
        for pattern in _settings().purposes:
            for m in pattern.finditer(text):
                s, e = start + m.start("purpose"), start + m.end("purpose")
                purpose = regex.sub(r"\s+", " ", m.group("purpose")).strip()
                if any(a < e and s < b for a, b in taken) or purpose in _settings().generic_purposes:
                    continue
                return purpose
    return None


def _rate(ctx: _Context, found: _Found, rates: tuple[RateMention, ...]) -> Decimal | None:
    sentence = ctx.sentences[found.sentence]
    own = [r for r in rates if sentence.start <= r.evidence.start < sentence.end]
    if own:
        return own[0].value
    about_funding = {r.value for r in rates if _settings().rate_sentence.search(
        ctx.text[r.evidence.sentence_start : r.evidence.sentence_end])}
    return next(iter(about_funding)) if len(about_funding) == 1 else None


# ---------------------------------------------------------------------------- API


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the sentences that hold text (blank lines are no sentences)."""
    return [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]


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
    ctx = _prepare(doc.text, _sentence_bounds(doc), orgs, amounts)
    doc_programmes = _programmes(doc.text)
    settings = _settings()
    fundings: list[Funding] = []
    by_sentence: dict[int, Funding] = {}
    for found in _find(ctx):
        sentence_text = ctx.text[ctx.sentences[found.sentence].start : ctx.sentences[found.sentence].end]
        parent = None
        if settings.parts.search(sentence_text):
            earlier = [f for i, f in sorted(by_sentence.items()) if found.sentence - 3 <= i < found.sentence
                       and f.amount.value > found.amount.value]
            parent = earlier[-1] if earlier else None
        funders = _funders(ctx, found, doc_state)
        date = _grant_date(ctx, found, dates)
        if parent is not None:
            funders = parent.funders if not _orgs_in_types(ctx, found.sentence, settings.funder_types) else funders
            date = date or parent.date
        funding = Funding(
            evidence=evidence(doc, found.start, found.end, found.rule),
            recipient=found.recipient.key,
            amount=found.amount,
            funders=funders,
            programme=_programme(ctx, found, doc_programmes) or (parent.programme if parent else None),
            purpose=_purpose(ctx, found, [found.recipient_span]),
            date=date,
            rate=_rate(ctx, found, rates) or (parent.rate if parent else None),
        )
        fundings.append(funding)
        by_sentence.setdefault(found.sentence, funding)
    return _merge(fundings)


def _orgs_in_types(ctx: _Context, index: int, types: frozenset[str]) -> bool:
    return any(o.type in types for o in _orgs_in(ctx, index))


def _merge(fundings: list[Funding]) -> tuple[Funding, ...]:
    """One grant per recipient and amount: later mentions fill what the first left open."""
    merged: dict[tuple[str, Decimal], Funding] = {}
    for f in fundings:
        key = (f.recipient, f.amount.value)
        if key not in merged:
            merged[key] = f
            continue
        first = merged[key]
        merged[key] = replace(
            first,
            funders=first.funders or f.funders,
            programme=first.programme or f.programme,
            purpose=first.purpose or f.purpose,
            date=first.date or f.date,
            rate=first.rate if first.rate is not None else f.rate,
        )
    return tuple(merged.values())


def _plain(value: Decimal) -> str:
    whole = value == value.to_integral_value()
    return str(value.quantize(Decimal(1))) if whole else str(value.quantize(Decimal("0.01")))
