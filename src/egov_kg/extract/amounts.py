"""Amounts of money in euro and funding rates in percent.

The patterns, scale words and qualifiers are data (``data/de/amounts.yaml``); the normalisers
here turn a match into a decimal in euro. German number words ("zehn", "einer", "zweieinhalb",
"fünfundzwanzig") are read by :func:`number_word`, the one piece of German that has to be code.
Phone numbers, dates, postcodes and decision numbers never carry a currency or scale word, which
every amount rule requires.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Any

import regex
from spacy.tokens import Doc

from egov_kg.extract import spans
from egov_kg.extract.rules import compiled, load_rules, normaliser
from egov_kg.extract.spans import evidence
from egov_kg.records import AmountMention, RateMention


@dataclass(frozen=True, slots=True)
class _Amount:
    value: Decimal
    qualifier: str | None = None
    upper: Decimal | None = None
    per: str | None = None

    def __str__(self) -> str:
        text = _plain(self.value) + (f"-{_plain(self.upper)}" if self.upper is not None else "")
        text = f"{self.qualifier} {text}" if self.qualifier else text
        return f"{text} per {self.per}" if self.per else text


@dataclass(frozen=True, slots=True)
class _Rate:
    value: Decimal
    qualifier: str | None = None

    def __str__(self) -> str:
        text = f"{self.value}%"
        return f"{self.qualifier} {text}" if self.qualifier else text


# ---------------------------------------------------------------------------- number words

_UNITS = {"ein": 1, "eins": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "eines": 1, "zwei": 2,
          "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}  # fmt: skip
_TEENS = {"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
          "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}  # fmt: skip
_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
         "achtzig": 80, "neunzig": 90}  # fmt: skip
_HALVES = {"anderthalb": Decimal("1.5"), "eineinhalb": Decimal("1.5")}


def _below_hundred(word: str) -> int | None:
    if word in _UNITS:
        return _UNITS[word]
    if word in _TEENS:
        return _TEENS[word]
    if word in _TENS:
        return _TENS[word]
    unit, sep, tens = word.partition("und")
    if sep and unit in _UNITS and tens in _TENS and unit not in ("eine", "einer", "einem", "einen", "eines", "eins"):
        return _UNITS[unit] + _TENS[tens]
    return None


def _below_thousand(word: str) -> int | None:
    if not word:
        return None
    if "hundert" in word:
        head, _, rest = word.partition("hundert")
        factor = _below_hundred(head) if head else 1
        tail = _below_hundred(rest) if rest else 0
        if factor is None or tail is None or factor > 9:
            return None
        return factor * 100 + tail
    return _below_hundred(word)


def number_word(word: str) -> Decimal | None:
    """The value of a German number word below a million: "zwölf" 12, "zweieinhalb" 2.5,
    "fünfundzwanzig" 25, "zweihundertfünfzigtausend" 250000; None if it is none."""
    word = word.lower()
    if word in _HALVES:
        return _HALVES[word]
    if word.endswith("einhalb") and len(word) > len("einhalb"):
        whole = number_word(word[: -len("einhalb")])
        return whole + Decimal("0.5") if whole is not None and whole == whole.to_integral_value() else None
    if "tausend" in word:
        head, _, rest = word.partition("tausend")
        factor = _below_thousand(head) if head else 1
        tail = _below_thousand(rest) if rest else 0
        if factor is None or tail is None:
            return None
        return Decimal(factor * 1000 + tail)
    value = _below_thousand(word)
    return Decimal(value) if value is not None else None


# ---------------------------------------------------------------------------- normalisers


@cache
def _settings() -> dict[str, Any]:
    return load_rules("amounts").settings


def _plain(value: Decimal) -> str:
    """145012.03, 80000000, 398750.50: whole euros without decimals, cents with two."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.quantize(Decimal("0.01")))


def _number(text: str) -> Decimal | None:
    """German digits ("218.406,17", "4 633,15", "2,2", "2.5" before a scale) or a number word."""
    if not text[0].isdigit():
        return number_word(text)
    text = compiled(r"[\s\u00a0\u202f]").sub("", text)
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif compiled(r"\d{1,3}(?:\.\d{3})+").fullmatch(text):
        text = text.replace(".", "")
    return Decimal(text)


def _scale(word: str | None) -> Decimal:
    return Decimal(_settings()["scales"][word]) if word else Decimal(1)


def _qualifier(m: regex.Match) -> str | None:
    written = m.groupdict().get("qual")
    if not written:
        return None
    written = compiled(r"\s+").sub(" ", written.strip()).lower()
    return _settings()["qualifiers"].get(written, written)


def _per(m: regex.Match) -> str | None:
    written = m.groupdict().get("per")
    return _settings()["per"][compiled(r"\s+").sub(" ", written)] if written else None


def _canonical(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.quantize(Decimal("0.01"))


def _after_vague_word(m: regex.Match) -> bool:
    """"einige tausend Euro", "mehrere hundert Euro": no number is stated."""
    before = compiled(r"(\p{L}+)\s+$").search(m.string[max(0, m.start() - 20) : m.start()])
    return bool(before) and before.group(1).lower() in _settings()["vague_quantifiers"]


@normaliser("money_amount")
def _money_amount(m: regex.Match, **_: Any) -> _Amount | None:
    """218.406,17 Euro; rund 80 Millionen Euro; zehn Millionen Euro; 300 T€."""
    number = _number(m.group("number"))
    if number is None or number == 0 or _after_vague_word(m):
        return None
    return _Amount(_canonical(number * _scale(m.groupdict().get("scale"))), _qualifier(m), per=_per(m))


@normaliser("money_shared_currency")
def _money_shared_currency(m: regex.Match, **_: Any) -> _Amount | None:
    """rund 14.650 und ... rund 4.700 €; 1,8 und ... 2,6 Millionen Euro: the currency of the second
    number, and its scale where the first is below a thousand."""
    number = _number(m.group("number"))
    if number is None or number == 0:
        return None
    if number < 1000:
        number *= _scale(m.group("scale"))
    return _Amount(_canonical(number), _qualifier(m))


@normaliser("money_half")
def _money_half(m: regex.Match, **_: Any) -> _Amount:
    """eine halbe Million Euro."""
    return _Amount(_canonical(_scale(m.group("scale")) / 2), _qualifier(m))


@normaliser("money_fraction")
def _money_fraction(m: regex.Match, **_: Any) -> _Amount:
    """eine Viertelmillion Euro, eine Dreiviertelmillion Euro."""
    scale = _scale(m.group("scale").capitalize())
    return _Amount(_canonical(scale * Decimal(_settings()["fractions"][m.group("frac")])), _qualifier(m))


@normaliser("money_range")
def _money_range(m: regex.Match, **_: Any) -> _Amount | None:
    """zwischen 5.000 und 10.000 Euro; von 2,5 bis 3 Millionen Euro (the scale applies to both)."""
    low, high = _number(m.group("number")), _number(m.group("upper"))
    if low is None or high is None:
        return None
    scale = _scale(m.groupdict().get("scale"))
    first_scale = m.groupdict().get("scale1")
    low_scale = _scale(first_scale) if first_scale or m.groupdict().get("cur1") else scale
    low, high = low * low_scale, high * scale
    if not low < high:
        return None
    return _Amount(_canonical(low), _qualifier(m), upper=_canonical(high), per=_per(m))


@normaliser("money_rate")
def _money_rate(m: regex.Match, **_: Any) -> _Rate | None:
    """bis zu 80 Prozent; 75 %."""
    value = _number(m.group("number"))
    if value is None or value > 100:
        return None
    return _Rate(value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1)), _qualifier(m))


# ---------------------------------------------------------------------------- totals and parts

#: How far an approximate total ("rund 1,55 Millionen Euro") may lie from the sum of its parts.
_APPROXIMATE = Decimal("0.01")


def _link_parts(doc: Doc, amounts: list[AmountMention]) -> list[AmountMention]:
    """The amounts, each part of a total linked to it (``part_of``), so sums count each euro once.

    Two readings, both in ``amounts.yaml``: a part word ("davon") after a total, and a total
    word ("insgesamt") on a sum that the amounts listed next to it add up to.
    """
    if len(amounts) < 2:
        return amounts
    text = spans.text(doc)
    sentence = [spans.sentence_index(doc, a.evidence.start) for a in amounts]
    links: dict[int, int] = {}  # part -> total, as indexes into amounts
    for i, (start, end) in enumerate(spans.sentences(doc)):
        found = _pattern("part_word").search(text, start, end)
        if found is not None:
            links.update(_parts_after_word(text, amounts, sentence, i, found.start()))
    for total, amount in enumerate(amounts):
        if total not in links and total not in links.values() and _pattern("total_word").search(
                text, amount.evidence.sentence_start, amount.evidence.sentence_end):
            links.update(_parts_adding_up(amounts, sentence, total, taken=links.keys() | set(links.values())))
    return [replace(a, part_of=amounts[links[k]].evidence) if k in links else a for k, a in enumerate(amounts)]


@cache
def _pattern(name: str) -> regex.Pattern:
    return regex.compile(_settings()[name], regex.VERSION1)


def _parts_after_word(text: str, amounts: list[AmountMention], sentence: list[int], index: int,
                      word: int) -> dict[int, int]:
    """"Davon ...": the sums after the word (and one right before it) are parts of the last sum
    before them, in this sentence or up to ``total_window`` sentences earlier; the list of parts
    ends where it would exceed the total."""
    here = [k for k, s in enumerate(sentence) if s == index]
    listed = [k for k in here if amounts[k].evidence.start >= word
              or (amounts[k].evidence.end <= word and not text[amounts[k].evidence.end : word].strip())]
    before = [k for k in here if k not in listed and amounts[k].evidence.end <= word]
    earlier = [k for k, s in enumerate(sentence) if index - _settings()["total_window"] <= s < index]
    pool = before or earlier
    if not listed or not pool:
        return {}
    total = amounts[pool[-1]]
    parts: list[int] = []
    for k in listed:
        shares = [amounts[j] for j in (*parts, k)]
        if amounts[k].value >= total.value or sum(p.value for p in shares) > total.value + _slack(total, shares):
            break
        parts.append(k)
    return {k: pool[-1] for k in parts}


def _parts_adding_up(amounts: list[AmountMention], sentence: list[int], total: int, *,
                     taken: set[int]) -> dict[int, int]:
    """"Insgesamt X": two or more sums listed right after (or right before) X that add up to it."""
    window = _settings()["total_window"]
    for step in (1, -1):
        run: list[int] = []
        k = total + step
        while 0 <= k < len(amounts) and k not in taken and abs(sentence[k] - sentence[total]) <= window:
            run.append(k)
            shares = [amounts[j] for j in run]
            summed = sum(p.value for p in shares)
            if len(run) >= 2 and abs(summed - amounts[total].value) <= _slack(amounts[total], shares):
                return {j: total for j in run}
            if summed > amounts[total].value:
                break
            k += step
    return {}


def _slack(total: AmountMention, parts: list[AmountMention]) -> Decimal:
    """What rounding allows between a total and the sum of its parts: a cent, or 1 % where any is approximate."""
    if total.qualifier is None and all(p.qualifier is None for p in parts):
        return Decimal("0.01")
    return total.value * _APPROXIMATE


# ---------------------------------------------------------------------------- API


def extract_amounts(doc: Doc) -> tuple[tuple[AmountMention, ...], tuple[RateMention, ...]]:
    """Every euro amount and every percentage rate in the document; parts linked to their totals."""
    amounts: list[AmountMention] = []
    rates: list[RateMention] = []
    text = spans.text(doc)
    for match in load_rules("amounts").finditer(text, scan=spans.trigger_scan(doc)):
        ev = evidence(doc, match.start, match.end, match.rule.id)
        surface = text[match.start : match.end]
        value = match.value
        if isinstance(value, _Rate):
            rates.append(RateMention(ev, surface, value.value, value.qualifier))
        else:
            amounts.append(AmountMention(ev, surface, value.value, "EUR", value.qualifier, value.upper, value.per))
    amounts.sort(key=lambda a: (a.evidence.start, a.evidence.end))
    return tuple(_link_parts(doc, amounts)), tuple(rates)
