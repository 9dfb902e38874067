"""The decisions after a grant construction matched, as linkers (``linkers:`` in ``fundings.yaml``).

A construction rule finds an amount and, where it names one, its recipient. Then the linkers of
the rule file decide, each decision by the first linker (highest priority) that answers:

- ``recipient``: who receives (the body the construction names, the joint project it stands
  for, the legal recipient the text states, the cooperation a total goes to);
- ``funder``: who gives (a ministry in the sentence, the subject of "fördert", the owner of a
  fund, the issuer of the notice, a ministry nearby, the state the text names);
- ``date``: the grant's date (in its sentence, that of the handover, of the signing or the event
  the handover took place at, or of the total it is part of);
- ``programme`` and ``rate``: the programme and funding rate of the grant's sentence, else of the
  press release.

The functions here are the generic part; the German words they need are the rule file's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from egov_kg.extract.funding_context import (
    Context,
    can_receive,
    piece,
    state_key,
    stated_recipient,
    words,
)
from egov_kg.extract.linking import NOTHING, link_function
from egov_kg.keys import OrgKey
from egov_kg.records import (
    AmountMention,
    DateMention,
    DateValue,
    Funding,
    OrgMention,
    RateMention,
)

# ---------------------------------------------------------------------------- queries


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a construction found: an amount and the recipients it names for it (maybe none)."""

    amount: int  # into ctx.amounts
    named: int | None  # the ref of the recipient it names for this amount
    names: tuple[int, ...]  # the refs of every recipient it names for this amount
    slot: str | None  # where to look for a recipient it does not name: "stated" or "group"
    sentence: int
    text: str  # the matched text, rewritten
    clause: str  # the matched text and a little before it, rewritten


@dataclass(frozen=True, slots=True)
class RecipientQuery:
    ctx: Context
    candidate: Candidate


@dataclass(frozen=True, slots=True)
class Recipient:
    org: OrgMention
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate with its recipient decided."""

    candidate: Candidate
    recipient: OrgMention
    recipient_span: tuple[int, int]
    amount: AmountMention
    linker: str

    @property
    def sentence(self) -> int:
        return self.candidate.sentence


@dataclass(frozen=True, slots=True)
class GrantQuery:
    """A grant whose recipient is decided: what the funder, date, programme and rate linkers read."""

    ctx: Context
    found: Found
    doc_state: str | None
    dates: tuple[DateMention, ...]
    rates: tuple[RateMention, ...]
    programmes: tuple[tuple[int, int, str], ...]  # (priority, position, name) in the press release
    parent: Funding | None  # the grant this one is a part of ("davon ...")


# ---------------------------------------------------------------------------- recipient


def _one(ctx: Context, ref: int) -> Recipient:
    return Recipient(ctx.refs[ref], ctx.span(ref))


def _several(q: RecipientQuery) -> bool:
    """The construction names one amount for several bodies, and not one for each."""
    c = q.candidate
    return len({q.ctx.refs[r].key for r in c.names}) > 1 and not piece("EACH").search(c.text)


def _on_behalf(q: RecipientQuery) -> bool:
    """The body named takes the grant on behalf of a group: "an X stellvertretend für die vier Kommunen"."""
    c = q.candidate
    if c.named is None:
        return False
    if piece("ON_BEHALF_IN_CLAUSE").search(c.text):
        return True
    end = q.ctx.span(c.named)[1]
    return bool(piece("ON_BEHALF").match(q.ctx.text, end, min(len(q.ctx.text), end + 80)))


def _project_near(ctx: Context, index: int, names: tuple[int, ...]) -> Recipient | None:
    """The joint project or cooperation named in the sentence or the two before (last named first)."""
    excluded = {ctx.refs[r].key for r in names}
    for i in (index, index - 1, index - 2):
        if i < 0:
            continue
        items = [it for it in ctx.sentences[i].abstract.items if it.kind in "OF" and not it.group]
        for item in reversed(items):
            org = ctx.refs[item.index]
            if org.type == "cooperation" and org.key not in excluded:
                return Recipient(org, ctx.span(item.index))
    return None


@link_function("recipient_joint_project")
def _recipient_joint_project(q: RecipientQuery) -> Recipient | None:
    if q.candidate.named is None or not (_several(q) or _on_behalf(q)):
        return None
    return _project_near(q.ctx, q.candidate.sentence, q.candidate.names)


@link_function("recipient_legal")
def _recipient_legal(q: RecipientQuery) -> Recipient | None:
    c = q.candidate
    if c.named is None or q.ctx.refs[c.named].type != "cooperation":
        return None
    stated = stated_recipient(q.ctx, c.sentence, notice=False)
    return _one(q.ctx, stated) if stated is not None else None


def _split_elsewhere(q: RecipientQuery) -> bool:
    """Another sentence names one of the bodies with a smaller sum: the sum they share is a total
    ("Städte A und B erhalten 500.000 Euro" over "A erhält 300.000 Euro, B 200.000 Euro")."""
    c, ctx = q.candidate, q.ctx
    keys = {ctx.refs[r].key for r in c.names}
    value = ctx.amounts[c.amount].value
    for sentence in ctx.sentences:
        if sentence.index == c.sentence:
            continue
        items = sentence.abstract.items
        if any(it.kind == "O" and ctx.refs[it.index].key in keys for it in items) and any(
                it.kind == "A" and ctx.amounts[it.index].value < value for it in items):
            return True
    return False


@link_function("recipient_named")
def _recipient_named(q: RecipientQuery) -> Recipient | None:
    """The body the construction names, unless it names one sum for several together ("zusammen",
    "insgesamt", or a total the text splits among them elsewhere) or the body takes it on behalf
    of a group."""
    c = q.candidate
    if c.named is None or _on_behalf(q) or _several(q) and (piece("SHARED").search(c.clause) or _split_elsewhere(q)):
        return None
    return _one(q.ctx, c.named)


@link_function("recipient_stated")
def _recipient_stated(q: RecipientQuery) -> Recipient | None:
    c = q.candidate
    if c.named is not None or c.slot != "stated":
        return None
    stated = stated_recipient(q.ctx, c.sentence, notice=True)
    return _one(q.ctx, stated) if stated is not None else None


@link_function("recipient_receiver_nearby")
def _recipient_receiver_nearby(q: RecipientQuery) -> Recipient | None:
    """A construction that names no recipient: the body that, in the sentence before (or the one
    before a handover there), receives a grant without an amount ("Die Gemeinde X erhält einen
    Förderbescheid."), or that, in the next one, spends it ("Die Stadt X will damit ...")."""
    c, ctx = q.candidate, q.ctx
    if c.named is not None or c.slot != "stated":
        return None
    before = [c.sentence - 1]
    if ctx.holds("HANDOVER_SENTENCE", c.sentence - 1):
        before.append(c.sentence - 2)
    for i, name in (*((i, "RECEIVER_BEFORE") for i in before), (c.sentence + 1, "RECEIVER_AFTER")):
        if not 0 <= i < len(ctx.sentences) or "«A" in ctx.sentences[i].abstract.text:
            continue
        m = piece(name).search(ctx.sentences[i].abstract.text)
        if m is not None and can_receive(ctx.refs[int(m.group("r"))]):
            return _one(ctx, int(m.group("r")))
    return None


@link_function("recipient_cooperation_nearby")
def _recipient_cooperation_nearby(q: RecipientQuery) -> Recipient | None:
    c = q.candidate
    if c.named is not None or c.slot != "group":
        return None
    ctx = q.ctx
    for neighbour in (c.sentence - 1, c.sentence + 1, c.sentence - 2):
        if not 0 <= neighbour < len(ctx.sentences):
            continue
        for item in ctx.sentences[neighbour].abstract.items:
            if item.kind in "OF" and ctx.refs[item.index].type == "cooperation":
                return Recipient(ctx.refs[item.index], (item.start, item.end))
    return None


# ---------------------------------------------------------------------------- funder


def _givers(q: GrantQuery, index: int, types: frozenset[str]) -> list[OrgMention]:
    return [o for o in q.ctx.orgs_in(index) if o.type in types and o.key != q.found.recipient.key]


def _states(q: GrantQuery, index: int) -> list[str]:
    return [o.key for o in q.ctx.orgs_in(index) if o.type == "state"]


def _near(q: GrantQuery, name: str) -> list[int]:
    """The sentences up to three before or after the grant's, nearest first, that match a setting."""
    k, ctx = q.found.sentence, q.ctx
    return [i for d in (1, 2, 3) for i in (k - d, k + d) if ctx.holds(name, i)]


def _preferred(q: GrantQuery) -> set[str]:
    """The states a funder should belong to: the ones the sentence names, else the press release's."""
    own = set(_states(q, q.found.sentence))
    return own or ({OrgKey("state", q.doc_state).format()} if q.doc_state else set())


def _with_states(q: GrantQuery, bodies: list[str]) -> tuple[str, ...]:
    """The givers, the states of those that are a state's ministries or agencies, and the states the
    grant's sentence names (a district or town that gives names no state)."""
    state_keys = [key for key in (state_key(o) for o in q.ctx.orgs if o.key in bodies
                                  and o.type in words("funder_types") | {"state"}) if key]
    return tuple(dict.fromkeys(bodies + state_keys + _states(q, q.found.sentence)))


@link_function("funder_of_total")
def _funder_of_total(q: GrantQuery) -> tuple[str, ...] | None:
    if q.parent is None or any(o.type in words("funder_types") for o in q.ctx.orgs_in(q.found.sentence)):
        return None
    return q.parent.funders or NOTHING


@link_function("funder_in_sentence")
def _funder_in_sentence(q: GrantQuery) -> tuple[str, ...] | None:
    bodies = [o.key for o in _givers(q, q.found.sentence, words("funder_types"))]
    return _with_states(q, bodies) if bodies else None


@link_function("funder_subject")
def _funder_subject(q: GrantQuery) -> tuple[str, ...] | None:
    """"Der Landkreis X fördert ...", or a pronoun ("Er gewährt der Stadt Y ...") for the body named
    last before it that stands as a subject, in the sentence or the one before."""
    ctx, found = q.ctx, q.found
    sentence = ctx.sentences[found.sentence]

    def subject(o: OrgMention) -> bool:
        own = ctx.sentences[ctx.sentence_of(o.evidence.start)]
        return (o.type in words("giver_types") and o.key != found.recipient.key
                and bool(piece("GIVER_BEFORE").search(ctx.text[own.start : o.evidence.start])))

    for o in ctx.orgs_in(found.sentence):
        if subject(o) and piece("GIVER_AFTER").match(ctx.text[o.evidence.end : o.evidence.end + 60]):
            return _with_states(q, [o.key])
    pronoun = piece("GIVER_PRONOUN").search(ctx.text[sentence.start : sentence.end])
    if pronoun is None:
        return None
    at = sentence.start + pronoun.start()
    scope = [i for i in (found.sentence - 1, found.sentence) if i >= 0]
    before = [o for i in scope for o in ctx.orgs_in(i) if o.evidence.end <= at and subject(o)]
    return _with_states(q, [before[-1].key]) if before else None


@link_function("funder_fund_owner")
def _funder_fund_owner(q: GrantQuery) -> tuple[str, ...] | None:
    """A fund of a body in the grant's sentence or the two before: "aus dem Digitalfonds des Landes"."""
    ctx, found = q.ctx, q.found
    for i in range(found.sentence, max(-1, found.sentence - 3), -1):
        sentence = ctx.sentences[i]
        for m in piece("FUND_OF").finditer(ctx.text, sentence.start, sentence.end):
            if m.group("state"):
                return _with_states(q, [OrgKey("state", q.doc_state).format()]) if q.doc_state else None
            owner = [o for o in ctx.orgs_in(i) if m.end() <= o.evidence.start <= m.end() + 12
                     and o.type in words("giver_types") and o.key != found.recipient.key]
            if owner:
                return _with_states(q, [owner[0].key])
    return None


def _handover_near(q: GrantQuery) -> list[int]:
    """The grant's sentence and the handover sentences next to it."""
    k, ctx = q.found.sentence, q.ctx
    near = [i for i in (k - 1, k + 1) if ctx.holds("HANDOVER_SENTENCE", i)]
    return [k, *near]


@link_function("funder_notice_issuer")
def _funder_notice_issuer(q: GrantQuery) -> tuple[str, ...] | None:
    """"übergab den Förderbescheid der Förderbank" in the handover next to the grant."""
    ctx = q.ctx
    for i in _handover_near(q)[1:]:
        for o in _givers(q, i, words("funder_types")):
            if piece("ISSUER_BEFORE").search(ctx.text[max(0, o.evidence.start - 40) : o.evidence.start]):
                return _with_states(q, [o.key])
    return None


def _clause(q: GrantQuery) -> str:
    """The clause of the grant's amount: from the punctuation before it to the comma after it."""
    sentence = q.ctx.sentences[q.found.sentence]
    text, amount = q.ctx.text, q.found.amount.evidence
    start = max([sentence.start] + [text.rfind(c, sentence.start, amount.start) + 1 for c in ",;:–"])
    ends = [i for i in (text.find(c, amount.end, sentence.end) for c in ",;") if i >= 0]
    return text[start : min(ends) if ends else sentence.end]


@link_function("funder_federal")
def _funder_federal(q: GrantQuery) -> tuple[str, ...] | None:
    """"Förderung durch den Bund" in the amount's clause: the federal body the press release names
    nearest, and no state."""
    ctx = q.ctx
    if not piece("FEDERAL_GIVER").search(_clause(q)):
        return None
    federal = [o for o in ctx.orgs if o.type in words("funder_types")
               and (OrgKey.parse(o.key).parts[0] == "de" or piece("FEDERAL_BODY").match(o.name))]
    if not federal:
        return NOTHING
    at = q.found.amount.evidence.start
    return (min(federal, key=lambda o: (abs(o.evidence.start - at), o.evidence.start)).key,)


@link_function("funder_nearby_ministry")
def _funder_nearby_ministry(q: GrantQuery) -> tuple[str, ...] | None:
    """The nearest ministry in a sentence about funding within three sentences, of the state the
    sentence or the press release names; one of another state only where no state is named nearby."""
    k = q.found.sentence
    own_states = _states(q, k)
    preferred = _preferred(q)
    near_states = [key for i in _near(q, "GRANT_WORDS") for key in _states(q, i)]
    ranked = sorted(
        ((0 if state_key(o) in preferred else 1, abs(i - k), i > k, o.evidence.start, o)
         for i in _near(q, "FUNDER_SENTENCE") for o in _givers(q, i, frozenset({"ministry"}))),
        key=lambda r: r[:4],
    )
    if ranked and (ranked[0][0] == 0 or not (own_states or preferred & set(near_states))):
        return _with_states(q, [ranked[0][4].key])
    return None


@link_function("funder_release_ministry")
def _funder_release_ministry(q: GrantQuery) -> tuple[str, ...] | None:
    """A ministry of the press release's state in a sentence about funding, further away."""
    ctx, k = q.ctx, q.found.sentence
    if _states(q, k) or not q.doc_state:
        return None
    release_state = OrgKey("state", q.doc_state).format()
    for index in sorted(range(len(ctx.sentences)), key=lambda i: abs(i - k)):
        local = [o for o in _givers(q, index, frozenset({"ministry"})) if state_key(o) == release_state]
        if local and ctx.holds("FUNDER_SENTENCE", index):
            return _with_states(q, [local[0].key])
    return None


@link_function("funder_minister")
def _funder_minister(q: GrantQuery) -> tuple[str, ...] | None:
    """"Digitalministerin X überreichte ...": the ministry the press release names, if one stands out.

    The minister's office must be in the grant's or the handover's sentence; the ministry is the one
    of the preferred state (else the only one named) that the text names most often, first on a tie.
    """
    ctx = q.ctx
    if not any(ctx.holds("MINISTER_OFFICE", i) for i in _handover_near(q)):
        return None
    ministries = [o for o in ctx.orgs if o.type == "ministry"]
    local = [o for o in ministries if state_key(o) in _preferred(q)]
    pool = local or (ministries if len({o.key for o in ministries}) == 1 else [])
    if not pool:
        return None
    counts: dict[str, int] = {}
    for o in pool:
        counts[o.key] = counts.get(o.key, 0) + 1
    first = {o.key: o.evidence.start for o in reversed(pool)}
    return _with_states(q, [min(counts, key=lambda key: (-counts[key], first[key]))])


@link_function("funder_minister_state")
def _funder_minister_state(q: GrantQuery) -> tuple[str, ...] | None:
    """A member of a state government hands the grant over and the press release names no ministry of
    it: the press release's state."""
    if not q.doc_state:
        return None
    offices = [m.group(0) for i in _handover_near(q)
               for m in piece("MINISTER_OFFICE").finditer(q.ctx.sentence_text(i))]
    if not any(not piece("FEDERAL_OFFICE").match(office) for office in offices):
        return None
    return (OrgKey("state", q.doc_state).format(),)


@link_function("funder_state_in_sentence")
def _funder_state_in_sentence(q: GrantQuery) -> tuple[str, ...] | None:
    states = _states(q, q.found.sentence)
    return tuple(dict.fromkeys(states)) if states else None


@link_function("funder_state_nearby")
def _funder_state_nearby(q: GrantQuery) -> tuple[str, ...] | None:
    near_states = [key for i in _near(q, "GRANT_WORDS") for key in _states(q, i)]
    return (near_states[0],) if near_states else None


@link_function("funder_state_of_release")
def _funder_state_of_release(q: GrantQuery) -> tuple[str, ...] | None:
    key = OrgKey("state", q.doc_state).format() if q.doc_state else None
    return (key,) if key and any(o.key == key for o in q.ctx.orgs) else None


# ---------------------------------------------------------------------------- date


def _usable(date: DateValue) -> bool:
    """A date that can be a grant's: resolved, and a day, month or year rather than a bound."""
    return date.value is not None and (date.modifier is None or date.modifier in words("date_modifiers"))


def _dates_in(q: GrantQuery, index: int) -> list[DateMention]:
    sentence = q.ctx.sentences[index]
    return [d for d in q.dates if sentence.start <= d.evidence.start < sentence.end and _usable(d.date)]


def _handover(q: GrantQuery) -> int | None:
    """The handover sentence nearest the grant's (the earlier on a tie)."""
    k = q.found.sentence
    handovers = [i for i in range(len(q.ctx.sentences)) if q.ctx.holds("HANDOVER_SENTENCE", i)]
    return min(handovers, key=lambda i: (abs(i - k), i > k)) if handovers else None


@link_function("date_in_sentence")
def _date_in_sentence(q: GrantQuery) -> DateValue | None:
    own = _dates_in(q, q.found.sentence)
    at = q.found.amount.evidence.start
    return min(own, key=lambda d: abs(d.evidence.start - at)).date if own else None


@link_function("date_of_handover")
def _date_of_handover(q: GrantQuery) -> DateValue | None:
    """The date of the nearest other sentence that reports a handover and states when."""
    k = q.found.sentence
    dated = [i for i in range(len(q.ctx.sentences)) if i != k and _dates_in(q, i)
             and q.ctx.holds("HANDOVER_SENTENCE", i)]
    if not dated:
        return None
    return _dates_in(q, min(dated, key=lambda i: (abs(i - k), i > k)))[0].date


@link_function("date_of_signing")
def _date_of_signing(q: GrantQuery) -> DateValue | None:
    """A handover "bei der Unterzeichnung": the day of the signing reported up to it."""
    handover = _handover(q)
    if handover is None or not q.ctx.holds("SIGNING_REFERENCE", handover):
        return None
    for index in range(handover, -1, -1):
        verb = piece("SIGNING_SENTENCE").search(q.ctx.sentence_text(index))
        stated = _dates_in(q, index) if verb else []
        if stated:
            at = q.ctx.sentences[index].start + verb.start()
            return min(stated, key=lambda d: (d.date.precision != "day", abs(d.evidence.start - at))).date
    return None


@link_function("date_of_event")
def _date_of_event(q: GrantQuery) -> DateValue | None:
    """A handover "bei dem Termin", "im Anschluss" (or after a sentence "für diesen Termin"): the day
    of the event reported before it."""
    handover = _handover(q)
    if handover is None or not any(q.ctx.holds("EVENT_REFERENCE", i) for i in (handover - 1, handover)):
        return None
    start = q.ctx.sentences[handover].start
    before = [d for d in q.dates if d.evidence.start < start and _usable(d.date)
              and d.date.precision == "day" and d.date.end is None]
    return max(before, key=lambda d: d.evidence.start).date if before else None


@link_function("date_of_funding_year")
def _date_of_funding_year(q: GrantQuery) -> DateValue | None:
    """The year a sentence about the funding up to three before the grant's states ("In der ersten
    Phase werden im Jahr 2020 Mittel bereitgestellt. Auf die Kommunen verteilen sich ..."): the grants
    it lists are of that year."""
    k = q.found.sentence
    for index in range(k - 1, max(-1, k - 4), -1):
        years = [d for d in _dates_in(q, index) if d.date.precision == "year" and d.date.end is None]
        if years and q.ctx.holds("GRANT_WORDS", index):
            return years[0].date
    return None


@link_function("date_of_total")
def _date_of_total(q: GrantQuery) -> DateValue | None:
    return q.parent.date if q.parent is not None else None


# ---------------------------------------------------------------------------- programme and rate


@link_function("programme_in_sentence")
def _programme_in_sentence(q: GrantQuery) -> str | None:
    sentence = q.ctx.sentences[q.found.sentence]
    own = [p for p in q.programmes if sentence.start <= p[1] < sentence.end]
    return own[0][2] if own else None


@link_function("programme_in_release")
def _programme_in_release(q: GrantQuery) -> str | None:
    return q.programmes[0][2] if q.programmes else None


@link_function("rate_in_sentence")
def _rate_in_sentence(q: GrantQuery) -> Decimal | None:
    sentence = q.ctx.sentences[q.found.sentence]
    own = [r for r in q.rates if sentence.start <= r.evidence.start < sentence.end]
    return own[0].value if own else None


@link_function("rate_about_funding")
def _rate_about_funding(q: GrantQuery) -> Decimal | None:
    about_funding = {r.value for r in q.rates if piece("RATE_SENTENCE").search(
        q.ctx.text[r.evidence.sentence_start : r.evidence.sentence_end])}
    return next(iter(about_funding)) if len(about_funding) == 1 else None


@link_function("rate_of_total")
def _rate_of_total(q: GrantQuery) -> Decimal | None:
    return q.parent.rate if q.parent is not None else None

