"""The press release as the grant rules read it: sentences rewritten with placeholders.

Every organisation the organisation extractor found becomes ``«O<n>»`` (a body that can receive
a grant) or ``«F<n>»`` (any other: a state, a ministry), every amount ``«A<n>»``; definite
references ("den Verbund", "an die Stadt", "Landrätin <Name>", "dem Landrat", "das Datenlabor"
after "Datenlabor <Ort>", "Sie" for the body the sentence before opens with) become the
organisation they refer to, and a group by its number ("die drei Städte") reads as the list of
that many bodies given before. So a construction rule reads like the construction it stands for
("<amount> ... an <recipient>"), and the linkers (``funding_linkers``) look around it.

The German words all of this needs are the pieces and settings of ``data/de/fundings.yaml``;
they are read by name through :func:`piece`, :func:`setting` and :func:`words`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from egov_kg.extract.rules import TriggerScan, compiled, load_rules, required_words_kept
from egov_kg.extract.spans import literal_spans
from egov_kg.keys import OrgKey
from egov_kg.records import AmountMention, OrgMention

# ---------------------------------------------------------------------------- settings


def setting(name: str) -> Any:
    """A setting of the grant rule file as written."""
    return load_rules("fundings").settings[name]


def piece(name: str) -> regex.Pattern:
    """A named piece of the grant rule file, its placeholders expanded, compiled once."""
    return load_rules("fundings").pattern(name)


@cache
def patterns(name: str) -> tuple[regex.Pattern, ...]:
    """A setting that is a list of regular expressions, in order, compiled once."""
    return tuple(regex.compile(p, regex.VERSION1) for p in setting(name))


@cache
def words(name: str) -> frozenset[str]:
    """A setting that is a list of words or type names."""
    return frozenset(setting(name))


@dataclass(frozen=True, slots=True)
class _Anaphor:
    type: str  # the type of organisation it refers to; "subject": the body the sentence before opens with
    pattern: regex.Pattern
    backward_only: bool
    words: tuple[str, ...]  # lower-case words every match holds one of (``required_words``; () none proven)


@cache
def _anaphors() -> tuple[_Anaphor, ...]:
    return tuple(_Anaphor(a["type"], regex.compile(a["pattern"], regex.VERSION1), bool(a.get("backward_only")),
                          required_words_kept(a["pattern"], regex.VERSION1))
                 for a in setting("anaphors"))


@cache
def _group_nouns() -> dict[str, frozenset[str]]:
    """The kinds of organisation a group noun counts ("any": every kind that can receive a grant)."""
    return {noun: words("recipient_types") if kinds == ["any"] else frozenset(kinds)
            for noun, kinds in setting("group_nouns").items()}


# ---------------------------------------------------------------------------- the rewritten sentence


@dataclass(frozen=True, slots=True)
class Item:
    start: int
    end: int
    kind: str  # "O" possible recipient, "F" other organisation (or a reference to one), "A" amount
    index: int  # into refs or amounts
    anaphor: bool = False
    group: tuple[int, ...] = ()  # refs of a group reference ("die drei Städte"), read as a list


def _tag(item: Item) -> str:
    """The placeholder of an item; a group reads as the list it stands for ("«O1», «O2» und «O3»")."""
    if not item.group:
        return f"«{item.kind}{item.index}»"
    tags = [f"«O{i}»" for i in item.group]
    return ", ".join(tags[:-1]) + setting("list_join") + tags[-1]


@dataclass
class Abstract:
    """A sentence with its organisations and amounts replaced by placeholders."""

    text: str
    starts: list[int]  # original start offset of every character of ``text``
    ends: list[int]  # original end offset of every character of ``text``
    items: list[Item]

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _abstract(text: str, start: int, end: int, items: list[Item]) -> Abstract:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = start
    used = []
    for item in sorted(items, key=lambda i: i.start):
        if item.start < pos or item.end > end:
            continue
        out.append(text[pos : item.start])
        starts.extend(range(pos, item.start))
        ends.extend(range(pos + 1, item.start + 1))
        tag = _tag(item)
        out.append(tag)
        starts.extend([item.start] * len(tag))
        ends.extend([item.end] * len(tag))
        pos = item.end
        used.append(item)
    out.append(text[pos:end])
    starts.extend(range(pos, end))
    ends.extend(range(pos + 1, end + 1))
    return Abstract("".join(out), starts, ends, used)


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


def _antecedent(type_: str, position: int, orgs: tuple[OrgMention, ...], text: str, *, backward_only: bool = False,
                headline: bool = False) -> OrgMention | None:
    """The organisation of this type named last before ``position`` (a place named as where
    something happened, "in Nürnberg", only where no other is named), or else the only one named;
    a reference in the headline may also name the first one the text names after it."""
    of_type = [o for o in orgs if o.type == type_]
    before = [o for o in of_type if o.evidence.end <= position]
    named = [o for o in before if not piece("VENUE_BEFORE").search(text, max(0, o.evidence.start - 10), o.evidence.start)]
    if before:
        return max(named or before, key=lambda o: o.evidence.start)
    if backward_only:
        return None
    if len({o.key for o in of_type}) == 1:
        return of_type[0]
    if headline and of_type:
        return min(of_type, key=lambda o: o.evidence.start)
    return None


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    abstract: Abstract


@dataclass
class Context:
    """Everything the construction rules and the linkers need about one document."""

    text: str
    orgs: tuple[OrgMention, ...]
    amounts: tuple[AmountMention, ...]
    refs: list[OrgMention] = field(default_factory=list)
    ref_spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # of references; orgs have evidence
    sentences: list[Sentence] = field(default_factory=list)
    _holds: dict[tuple[str, int], bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    def holds(self, name: str, index: int) -> bool:
        """Is a piece of the grant rule file found in sentence ``index`` (False where there is no
        such sentence)? Searched once per press release and sentence, not once per grant and
        linker that asks (a handover is looked for in every sentence, for every grant)."""
        key = (name, index)
        found = self._holds.get(key)
        if found is None:
            found = self._holds[key] = (0 <= index < len(self.sentences)
                                        and piece(name).search(self.sentence_text(index)) is not None)
        return found

    def span(self, ref: int) -> tuple[int, int]:
        """Where the text names the organisation ``ref`` refers to (the reference, for a reference)."""
        if ref in self.ref_spans:
            return self.ref_spans[ref]
        evidence = self.refs[ref].evidence
        return evidence.start, evidence.end

    def sentence_text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.text[sentence.start : sentence.end]

    def orgs_in(self, index: int) -> list[OrgMention]:
        """The organisations the sentence names (not the ones it refers to)."""
        sentence = self.sentences[index]
        return [o for o in self.orgs if sentence.start <= o.evidence.start < sentence.end]

    def sentence_of(self, position: int) -> int:
        """The index of the sentence that holds ``position``."""
        for sentence in self.sentences:
            if sentence.start <= position < sentence.end:
                return sentence.index
        return len(self.sentences) - 1


def can_receive(org: OrgMention) -> bool:
    return org.type in words("recipient_types")


def _kind(org: OrgMention) -> str:
    """«O» for an organisation that can receive a grant, «F» for any other (a state, a ministry)."""
    return "O" if can_receive(org) else "F"


def _name_heads(orgs: tuple[OrgMention, ...]) -> dict[str, OrgMention]:
    """The first word of each cooperation's name that can stand for it ("Datenlabor", "IT-Verbund")."""
    adjective_endings = tuple(setting("adjective_endings"))
    noun_endings = tuple(setting("noun_endings"))
    heads: dict[str, OrgMention] = {}
    for org in orgs:
        parts = org.name.split()
        if org.type != "cooperation" or len(parts) < 2 or not parts[0][:1].isupper():
            continue
        head = parts[0].lower()
        if head.endswith(adjective_endings) and not head.endswith(noun_endings):
            continue  # "Digitale Dienste": an adjective
        heads.setdefault(parts[0], org)
    return heads


@cache
def _head_pattern(heads: tuple[str, ...]) -> regex.Pattern:
    alternatives = "|".join(regex.escape(h) for h in sorted(heads, key=len, reverse=True))
    return regex.compile(setting("name_head_reference").replace("{HEAD}", alternatives), regex.VERSION1)


def _group_members(ctx: Context, count: int | None, types: frozenset[str], texts: list[str]) -> tuple[int, ...]:
    """The refs of the nearest list of ``count`` organisations of these types in ``texts`` (last first);
    with no count, the longest list of the first text that holds one."""
    for text in texts:
        found: list[tuple[int, ...]] = []
        for m in reversed(list(piece("GROUP_LIST").finditer(text))):
            refs = [int(r) for r in compiled(r"«O(\d+)»").findall(m.group(0))]
            refs = [r for r in refs if ctx.refs[r].type in types]
            keys = list(dict.fromkeys(ctx.refs[r].key for r in refs))
            members = tuple(next(r for r in refs if ctx.refs[r].key == key) for key in keys)
            if count is None and len(members) >= 2:
                found.append(members)
            elif len(members) == count:
                return members
        if found:
            return max(found, key=len)
    return ()


def _subject_of(ctx: Context, sentence: Sentence) -> OrgMention | None:
    """The body a sentence opens with as its subject ("Die Stadt X war eine der ersten ...")."""
    m = piece("SENTENCE_SUBJECT").match(sentence.abstract.text)
    if m is None:
        return None
    org = ctx.refs[int(m.group("r"))]
    return org if can_receive(org) else None


def _references(ctx: Context, first: Abstract, heads: dict[str, OrgMention]) -> list[Item]:
    """Definite references in one sentence to organisations named elsewhere, as items."""
    references: list[Item] = []

    def add(start: int, end: int, target: OrgMention) -> None:
        article = piece("LEADING_ARTICLE").match(ctx.text, start, end)
        if article:  # the article stays in the text: "dem Landrat" reads "dem «O1»"
            start = article.end()
        ctx.refs.append(target)
        ctx.ref_spans[len(ctx.refs) - 1] = (start, end)
        references.append(Item(start, end, _kind(target), len(ctx.refs) - 1, anaphor=True))

    def free(start: int, end: int) -> bool:
        return not any(r.start < end and start < r.end for r in references)

    if heads:
        for m in _head_pattern(tuple(heads)).finditer(first.text):
            start, end = first.original(m.start(), m.end())
            target = heads[m.group("head")]
            if target.evidence.end <= start:  # only back to a name given before
                add(start, end, target)
    def add_group(m: regex.Match, members: tuple[int, ...]) -> None:
        start, end = first.original(m.start(), m.end())
        if not members or not free(start, end):
            return
        for ref in members:
            ctx.refs.append(ctx.refs[ref])
            ctx.ref_spans[len(ctx.refs) - 1] = (start, end)
        group = tuple(range(len(ctx.refs) - len(members), len(ctx.refs)))
        references.append(Item(start, end, "O", group[0], anaphor=True, group=group))

    for m in piece("PLURAL_REFERENCE").finditer(first.text):  # before "Sie" is read as one body
        types = _group_nouns().get(m.group("noun")) if m.group("noun") else words("recipient_types")
        if types is not None:
            earlier = [first.text[: m.start()]] + [s.abstract.text for s in reversed(ctx.sentences[-2:])]
            add_group(m, _group_members(ctx, None, types, earlier))
    scan = TriggerScan(first.text)
    for anaphor in _anaphors():
        if not scan.may_hold(anaphor.words):
            continue  # the sentence holds none of the words each of its matches holds
        for m in anaphor.pattern.finditer(first.text):
            start, end = first.original(m.start(), m.end())
            if not free(start, end):
                continue
            own = [ctx.refs[int(r)] for r in compiled(r"«[OF](\d+)»").findall(m.group(0))]
            own = [o for o in own if o.type == anaphor.type]
            if own:  # "Bürgermeister X (Eisfeld)": the body in brackets
                target = own[0]
            elif anaphor.type == "subject":
                target = _subject_of(ctx, ctx.sentences[-1]) if ctx.sentences else None
            else:
                target = _antecedent(anaphor.type, start, ctx.orgs, ctx.text, backward_only=anaphor.backward_only,
                                     headline=len(ctx.sentences) < setting("headline_sentences"))
            if target is not None:
                add(start, end, target)
    counts = setting("group_counts")
    for m in piece("GROUP_REFERENCE").finditer(first.text):
        word = m.group("count")
        count = counts.get(word.lower()) or (int(word) if word.isdigit() else 0)
        types = _group_nouns().get(m.group("noun"))
        if count >= 2 and types is not None:
            earlier = [first.text[: m.start()]] + [s.abstract.text for s in reversed(ctx.sentences)]
            add_group(m, _group_members(ctx, count, types, earlier))
    return references


def _repeated_names(ctx: Context, taken: list[Item]) -> list[Item]:
    """A body that can receive a grant, named elsewhere by its name alone ("Die Stadt Freystadt
    ... Freystadt bekommt 10.000 Euro", or a headline "40.000 Euro erhält Freystadt" before the
    dateline "Freystadt."): those mentions are that body (the first body of that name claims them)."""
    found: list[Item] = []
    occupied = bytearray(len(ctx.text) + 1)  # characters of the items taken or found so far
    for item in taken:
        occupied[item.start:item.end] = b"\1" * (item.end - item.start)
    searched: set[str] = set()  # each name is looked for once, in the whole text
    for org in ctx.orgs:
        if not can_receive(org):
            continue
        for name in dict.fromkeys((org.text, org.name)):
            if len(name) < _MIN_NAME or not piece("REPEATABLE_NAME").fullmatch(name) or name in searched:
                continue
            searched.add(name)
            for start, end in literal_spans(ctx.text, name):
                if any(occupied[start:end]):
                    continue
                occupied[start:end] = b"\1" * (end - start)
                ctx.refs.append(org)
                ctx.ref_spans[len(ctx.refs) - 1] = (start, end)
                found.append(Item(start, end, "O", len(ctx.refs) - 1, anaphor=True))
    return found


#: The shortest name that is looked for again alone.
_MIN_NAME = 4


def prepare(text: str, bounds: list[tuple[int, int]], orgs: tuple[OrgMention, ...],
            amounts: tuple[AmountMention, ...]) -> Context:
    """The document with every sentence rewritten, references resolved."""
    ctx = Context(text, orgs, amounts)
    ctx.refs = list(orgs)
    heads = _name_heads(orgs)
    org_items = [Item(o.evidence.start, o.evidence.end, _kind(o), i) for i, o in _outermost(orgs)]
    amount_items = [Item(a.evidence.start, a.evidence.end, "A", i) for i, a in enumerate(amounts)]
    org_items = [o for o in org_items if not any(a.start < o.end and o.start < a.end for a in amount_items)]
    mentions = [*org_items, *amount_items, *(Item(o.evidence.start, o.evidence.end, "F", i)
                                             for i, o in enumerate(orgs))]
    org_items += _repeated_names(ctx, mentions)
    for index, (s_start, s_end) in enumerate(bounds):
        items = [i for i in org_items + amount_items if s_start <= i.start and i.end <= s_end]
        first = _abstract(text, s_start, s_end, items)
        references = _references(ctx, first, heads)
        if references:
            items = [i for i in items if not any(r.start < i.end and i.start < r.end for r in references)]
            items += references
            first = _abstract(text, s_start, s_end, items)
        ctx.sentences.append(Sentence(index, s_start, s_end, first))
    return ctx


# ---------------------------------------------------------------------------- readings shared by rules and linkers


def stated_recipient(ctx: Context, index: int, *, notice: bool) -> int | None:
    """The recipient the grant's sentence or the next one states: "Zuwendungsempfänger ist X" (or,
    with ``notice``, "Den Bescheid an X ...")."""
    names = ("RECIPIENT_STATEMENT", "NOTICE_TO") if notice else ("RECIPIENT_STATEMENT",)
    for i in (index, index + 1):
        if i >= len(ctx.sentences):
            break
        for name in names:
            m = piece(name).search(ctx.sentences[i].abstract.text)
            if m and can_receive(ctx.refs[int(m.group("r"))]):
                return int(m.group("r"))
    return None


def state_key(org: OrgMention) -> str | None:
    """The state an organisation belongs to, as a state's key."""
    if org.type == "state":
        return org.key
    key_state = OrgKey.parse(org.key).state
    state = org.state or (key_state if key_state is not None and key_state.isdigit() else None)
    return OrgKey("state", state).format() if state and state.isdigit() else None
