"""Dates: calendar dates, months, years, quarters, intervals and relative expressions.

The patterns and the German words are data (``data/de/dates.yaml``); the normalisers here turn
a match into a :class:`DateValue` at the precision the text gives. Relative expressions
("heute", "am vergangenen Mittwoch", "im kommenden Jahr") and dates without a year ("am
14. Februar") are resolved against an anchor, the press release's own date, as a temporal tagger
does; without an anchor they keep ``value=None`` and ``relative=True`` (no date is invented).

A date without a year takes the anchor's year, unless that puts it more than
``undated_window_months`` (six) months after the anchor (then the year before) or more than six
months before it (then the year after): the reading closest to the press release's date.

:func:`publication_date` reads the press release's own date from its header or dateline with the
``pubdate.*`` rules of the same file, applied to the head of the text only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex
from spacy.tokens import Doc

from egov_kg.extract import spans
from egov_kg.extract.linking import link_function, load_linkers
from egov_kg.extract.rules import RuleMatch, RuleSet, compiled, load_rules, normaliser
from egov_kg.extract.spans import evidence
from egov_kg.records import DateMention, DateValue

_PUB_PREFIX = "pubdate."
_LABELLED = "pubdate.labelled"  # the rule of a labelled date ("Pressemitteilung vom ...")
#: How much of the text the header and dateline rules look at.
_HEADER_CHARS = 1000


# ---------------------------------------------------------------------------- data


@cache
def _rule_sets() -> tuple[RuleSet, RuleSet, RuleSet]:
    """(rules for dates in running text, rules for the press release's own date, and the one of
    those for a labelled date)."""
    rules = load_rules("dates")
    return (rules.having(lambda rule: not rule.startswith(_PUB_PREFIX)),
            rules.having(lambda rule: rule.startswith(_PUB_PREFIX)), rules.having(lambda rule: rule == _LABELLED))


@cache
def _settings() -> dict[str, Any]:
    return load_rules("dates").settings


def _lookup(table: str, word: str) -> Any:
    values = _settings()[table]
    word = compiled(r"\s+").sub(" ", word)
    for form in (word, word.lower(), word[:1].upper() + word[1:]):
        if form in values:
            return values[form]
    raise KeyError(f"{word!r} is not in dates.yaml settings.{table}")


def _month(word: str) -> int:
    return int(word) if word.isdigit() else int(_lookup("months", word))


# ---------------------------------------------------------------------------- helpers


def _anchor(context: dict[str, Any]) -> dt.date | None:
    anchor = context.get("anchor")
    if anchor is None or isinstance(anchor, dt.date):
        return anchor
    return dt.date.fromisoformat(str(anchor))


def _group(m: regex.Match, name: str) -> str | None:
    return m.groupdict().get(name)


def _modifier(m: regex.Match) -> str | None:
    """"bis Ende", "seit", "Mitte", "vom": the words that make a date a bound or a part."""
    words = []
    for name in ("bound", "mod"):
        word = _group(m, name)
        if word:
            words.append(str(_lookup("modifiers", word.strip())))
    if not words:
        return None
    words[0] = words[0].lower() if words[0].lower() in ("seit", "bis", "ab", "vom") else words[0]
    return " ".join(words)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for_day(month: int, day: int, anchor: dt.date) -> int:
    """The year that puts day.month closest to the anchor (within the window)."""
    window = int(_settings()["undated_window_months"])
    same = _safe_date(anchor.year, month, day) or _safe_date(anchor.year, month, 28) or anchor
    if (same - anchor).days > window * 30.5:
        return anchor.year - 1
    if (anchor - same).days > window * 30.5:
        return anchor.year + 1
    return anchor.year


def _year_for_month(month: int, anchor: dt.date) -> int:
    window = int(_settings()["undated_window_months"])
    diff = month - anchor.month
    if diff > window:
        return anchor.year - 1
    if diff < -window:
        return anchor.year + 1
    return anchor.year


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _day_value(m: regex.Match, day: int, month: int, year: str | None, anchor: dt.date | None,
               *, end: dt.date | None = None) -> DateValue | None:
    if year is None:
        if anchor is None:
            if _safe_date(2000, month, day) is None:  # 2000 is a leap year: 29 February passes
                return None
            return DateValue(None, "day", m.group(0), _modifier(m), relative=True)
        value = _safe_date(_year_for_day(month, day, anchor), month, day)
        relative = True
    else:
        value = _safe_date(int(year), month, day)
        relative = False
    if value is None:
        return None
    return DateValue(value.isoformat(), "day", m.group(0), _modifier(m),
                     end=end.isoformat() if end else None, relative=relative)


# ---------------------------------------------------------------------------- normalisers


@normaliser("date_numeric")
def _date_numeric(m: regex.Match, **context: Any) -> DateValue | None:
    """02.06.2020, 5.12.2019, bis zum 30.07.2023, am 14.09. (the year from the anchor)."""
    return _day_value(m, int(m.group("day")), int(m.group("month")), _group(m, "year"), _anchor(context))


@normaliser("date_day_month")
def _date_day_month(m: regex.Match, **context: Any) -> DateValue | None:
    """10. September 2024; am 14. Februar (the year from the anchor)."""
    return _day_value(m, int(m.group("day")), _month(m.group("month")), _group(m, "year"), _anchor(context))


@normaliser("date_day_range")
def _date_day_range(m: regex.Match, **context: Any) -> DateValue | None:
    """4. und 5. Juli 2019, vom 4. bis 5. Juli, vom 28.12.2020 bis 03.01.2021."""
    anchor = _anchor(context)
    month2 = _month(m.group("month"))
    month1 = _month(m.group("month1")) if _group(m, "month1") else month2
    day1, day2 = int(m.group("day")), int(m.group("day2"))
    year2 = _group(m, "year")
    if year2 is None and anchor is None:
        return DateValue(None, "day", m.group(0), _modifier(m), relative=True)
    y2 = int(year2) if year2 else _year_for_day(month2, day2, anchor)  # type: ignore[arg-type]
    rollover = _group(m, "month1") is not None and month1 > month2  # "28. Dezember bis 3. Januar"
    y1 = int(_group(m, "year1") or (y2 - 1 if rollover else y2))
    start, end = _safe_date(y1, month1, day1), _safe_date(y2, month2, day2)
    if start is None or end is None or end <= start or (end - start).days > 366:
        return None
    return DateValue(start.isoformat(), "day", m.group(0), _modifier(m), end=end.isoformat(),
                     relative=year2 is None)


@normaliser("date_month")
def _date_month(m: regex.Match, **context: Any) -> DateValue | None:
    """im Dezember 2019, Mitte Januar 2022, im Januar (the year from the anchor)."""
    month = _month(m.group("month"))
    after = m.string[m.end() : m.end() + 2]
    if m.group("month") == "August" and compiled(r"\s\p{Lu}").match(after):
        return None  # "August Wendeborn": a given name
    year = _group(m, "year")
    if year is None:
        anchor = _anchor(context)
        if anchor is None:
            return DateValue(None, "month", m.group(0), _modifier(m), relative=True)
        return DateValue(f"{_year_for_month(month, anchor):04d}-{month:02d}", "month", m.group(0),
                         _modifier(m), relative=True)
    return DateValue(f"{year}-{month:02d}", "month", m.group(0), _modifier(m))


@normaliser("date_quarter")
def _date_quarter(m: regex.Match, **context: Any) -> DateValue | None:
    """II. Quartal 2018 -> 2018-04/2018-06; erstes Halbjahr 2025 -> 2025-01/2025-06."""
    ordinal = int(_lookup("ordinals", m.group("ord")))
    size = 6 if (_group(m, "unit") or "").startswith("Halbjahr") else 3
    if ordinal * size > 12:
        return None
    first, last = (ordinal - 1) * size + 1, ordinal * size
    year = _group(m, "year")
    relative = year is None
    if year is None:
        anchor = _anchor(context)
        if anchor is None:
            return DateValue(None, "month", m.group(0), _modifier(m), relative=True)
        year = str(_year_for_month(first, anchor))
    return DateValue(f"{year}-{first:02d}", "month", m.group(0), _modifier(m), end=f"{year}-{last:02d}",
                     relative=relative)


@cache
def _count_context() -> tuple[regex.Pattern, regex.Pattern]:
    """Words before and after a four-digit number that make it a count or a sum, not a year."""
    before = "|".join(regex.escape(w) for w in sorted(_settings()["count_before"], key=len, reverse=True))
    after = "|".join(regex.escape(w) for w in sorted(_settings()["count_after"], key=len, reverse=True))
    return (regex.compile(rf"(?<![\p{{L}}])(?i:{before})\s$"), regex.compile(rf"^\s?(?:{after})"))


_DIGITS_AROUND = regex.compile(r"\d[ /]*\||\|[ /]*\d")  # "0361 2019": a phone number
_WORD_BEFORE = regex.compile(r"(?:^|(?P<stop>[.!?:;\n(„\"])\s*|\s)(?P<word>[\p{L}][\p{L}-]*)\s$")


def _sentence_initial(text: str, start: int) -> bool:
    head = text[max(0, start - 3) : start].rstrip(" \t")
    return not head or head[-1] in ".!?:;\n(„\"–"


@normaliser("date_year")
def _date_year(m: regex.Match, **context: Any) -> DateValue | None:
    """seit 2022, Ende 2022, im Jahr 2018, Frühjahr 2024; a bare year only where it reads as one."""
    if _group(m, "year") is None:  # "im Frühjahr": the anchor's year
        anchor = _anchor(context)
        return DateValue(str(anchor.year) if anchor else None, "year", m.group(0), _modifier(m), relative=True)
    text, start = m.string, m.start()
    if m.start("year") == start:  # a bare number: is it a year?
        before = text[max(0, start - 30) : start]
        after = text[m.end() : m.end() + 12]
        count_before, count_after = _count_context()
        if count_before.search(before) or count_after.match(after) or _DIGITS_AROUND.search(before + "|" + after):
            return None
        word = _WORD_BEFORE.search(before)
        if word and word.group("word")[0].isupper() and not _sentence_initial(text, word.start("word")):
            return None  # "Leitbild 2035", "Agenda 2030": part of a name
        if _sentence_initial(text, start) and compiled(r"\s\p{Lu}\p{Ll}").match(text[m.end() : m.end() + 3]):
            return None  # "2024 Teilnehmende kamen": a count
    return DateValue(m.group("year"), "year", m.group(0), _modifier(m))


@normaliser("date_year_range")
def _date_year_range(m: regex.Match, **_: Any) -> DateValue | None:
    """von 2023 bis 2026, 2021–2024."""
    if int(m.group("year2")) <= int(m.group("year")):
        return None
    return DateValue(m.group("year"), "year", m.group(0), end=m.group("year2"))


@normaliser("date_relative_day")
def _date_relative_day(m: regex.Match, **context: Any) -> DateValue | None:
    """heute, gestern, am Vormittag: days from the anchor."""
    anchor = _anchor(context)
    offset = int(_lookup("relative_days", m.group("word")))
    value = (anchor + dt.timedelta(days=offset)).isoformat() if anchor else None
    return DateValue(value, "day", m.group(0), relative=True)


def _direction(m: regex.Match) -> int:
    return int(_lookup("directions", m.group("dir")))


@normaliser("date_relative_weekday")
def _date_relative_weekday(m: regex.Match, **context: Any) -> DateValue | None:
    """am vergangenen Mittwoch: the last Wednesday before the anchor; am kommenden: the next one."""
    anchor = _anchor(context)
    if anchor is None:
        return DateValue(None, "day", m.group(0), relative=True)
    weekday = int(_lookup("weekdays", m.group("weekday")))
    direction = _direction(m)
    if direction < 0:
        value = anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7 or 7)
    elif direction > 0:
        value = anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    else:
        value = anchor + dt.timedelta(days=weekday - anchor.weekday())
    return DateValue(value.isoformat(), "day", m.group(0), relative=True)


def _sentence_around(m: regex.Match, context: dict[str, Any]) -> str:
    """The sentence that holds the match, as the Doc (``context["doc"]``) splits its text."""
    start, end = spans.sentence_bounds(context["doc"], m.start(), m.end())
    return m.string[start:end]


@normaliser("date_weekday")
def _date_weekday(m: regex.Match, **context: Any) -> DateValue | None:
    """am Montag: the last Monday up to the anchor, or the next one when the sentence speaks of the future."""
    anchor = _anchor(context)
    if anchor is None:
        return DateValue(None, "day", m.group(0), relative=True)
    weekday = int(_lookup("weekdays", m.group("weekday")))
    future = compiled(_settings()["future_words"]).search(_sentence_around(m, context))
    if future:
        value = anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    else:
        value = anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
    return DateValue(value.isoformat(), "day", m.group(0), relative=True)


@normaliser("date_relative_part")
def _date_relative_part(m: regex.Match, **context: Any) -> DateValue | None:
    """bis Ende des Jahres, Mitte des Monats: a part of the anchor's year or month."""
    month = m.group("unit") == "Monats"
    anchor = _anchor(context)
    value = None
    if anchor is not None:
        value = f"{anchor.year:04d}-{anchor.month:02d}" if month else str(anchor.year)
    return DateValue(value, "month" if month else "year", m.group(0), _modifier(m), relative=True)


@normaliser("date_relative_week")
def _date_relative_week(m: regex.Match, **context: Any) -> DateValue | None:
    """letzte Woche: Monday to Sunday of the week before the anchor's."""
    anchor = _anchor(context)
    if anchor is None:
        return DateValue(None, "day", m.group(0), relative=True)
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=_direction(m))
    return DateValue(monday.isoformat(), "day", m.group(0), end=(monday + dt.timedelta(days=6)).isoformat(),
                     relative=True)


@normaliser("date_relative_unit")
def _date_relative_unit(m: regex.Match, **context: Any) -> DateValue | None:
    """im kommenden Jahr, im vergangenen Monat, im Vorjahr; Ende vergangenen Jahres, im Herbst dieses Jahres."""
    unit = m.group("unit")
    precision = "year" if unit.endswith(("Jahr", "jahr")) else "month"
    anchor = _anchor(context)
    if anchor is None:
        return DateValue(None, precision, m.group(0), _modifier(m), relative=True)
    direction = -1 if unit.startswith("Vor") else _direction(m)
    if precision == "year":
        return DateValue(str(anchor.year + direction), "year", m.group(0), _modifier(m), relative=True)
    year, month = _shift_month(anchor.year, anchor.month, direction)
    return DateValue(f"{year:04d}-{month:02d}", "month", m.group(0), _modifier(m), relative=True)


@normaliser("date_month_relative_year")
def _date_month_relative_year(m: regex.Match, **context: Any) -> DateValue | None:
    """im Januar dieses Jahres, im Oktober des vergangenen Jahres: a month of a year named from the anchor."""
    month = _month(m.group("month"))
    anchor = _anchor(context)
    if anchor is None:
        return DateValue(None, "month", m.group(0), _modifier(m), relative=True)
    return DateValue(f"{anchor.year + _direction(m):04d}-{month:02d}", "month", m.group(0), _modifier(m), relative=True)


@normaliser("date_published")
def _date_published(m: regex.Match, **_: Any) -> DateValue | None:
    """The press release's date in its header or dateline."""
    year = int(m.group("year"))
    year = year + 2000 if year < 100 else year  # "04.03.24" in a header
    value = _safe_date(year, _month(m.group("month")), int(m.group("day")))
    return DateValue(value.isoformat(), "day", m.group(0)) if value else None


# ---------------------------------------------------------------------------- API


@dataclass(frozen=True, slots=True)
class _PublishedQuery:
    """The candidates for a press release's own date: those of its head, in text order, and the
    labelled ones anywhere in it."""

    header: tuple[RuleMatch, ...]
    labelled: tuple[RuleMatch, ...]


#: The rules whose date opens the lead paragraph, and those of a date on a line of its own.
_LEAD_RULES = frozenset({"pubdate.bracket"})
_LINE_RULES = frozenset({"pubdate.line"})


@link_function("published_lead_date")
def _published_lead_date(query: _PublishedQuery) -> RuleMatch | None:
    """A lead's own date below a date line: the line is the page's, the lead's date the article's."""
    if len(query.header) < 2 or query.header[0].rule.id not in _LINE_RULES:
        return None
    return next((c for c in query.header[1:] if c.rule.id in _LEAD_RULES), None)


@link_function("published_labelled_over_portal_day")
def _published_labelled_over_portal_day(query: _PublishedQuery) -> RuleMatch | None:
    """A weekday and date that open the page are the portal's day; a labelled date is the article's."""
    if not query.header or not query.labelled or query.header[0].rule.id not in _LINE_RULES:
        return None
    first = query.header[0]
    weekday = load_rules("dates").pattern("WEEKDAY_ANY")
    if first.start > _PORTAL_DAY_CHARS or not weekday.match(first.match.group(0)):
        return None
    return query.labelled[0]


#: How near the top of the page a portal's day stands (it begins with its weekday).
_PORTAL_DAY_CHARS = 40


@link_function("published_first")
def _published_first(query: _PublishedQuery) -> RuleMatch | None:
    return query.header[0] if query.header else None


@link_function("published_labelled")
def _published_labelled(query: _PublishedQuery) -> RuleMatch | None:
    return query.labelled[0] if query.labelled else None


def publication_date(doc: Doc) -> DateMention | None:
    """The press release's date from its header or dateline, or None.

    Only the head of the text counts (a date line, ``[06.11.2023]``, ``Celle, 25.01.2021.``,
    ``Freitag\\n17.09.2021, 11:05 Uhr``, ``Neuigkeiten – 14.02.2025``); a labelled date at the
    start of a line (``PM vom ...``, ``Veröffentlicht am ...``) counts anywhere. Dates in running
    text are never taken for the publication date. Where there are several, the ``published``
    linkers of the rule file decide.
    """
    _, pub, labelled_only = _rule_sets()
    text = spans.text(doc)
    sentences = spans.sentences(doc)
    head = [(start, min(end, _HEADER_CHARS)) for start, end in sentences if start < _HEADER_CHARS]
    header = tuple(pub.finditer(text[:_HEADER_CHARS], sentences=head))
    scan = spans.trigger_scan(doc)
    labelled: tuple[RuleMatch, ...] = ()
    # a labelled date counts where no longer date of another rule overlaps it, so all rules run on
    # the whole text, but only where the labelled rule matches at all (few texts: every other rule
    # runs on every sentence with a digit)
    if next(labelled_only.finditer(text, scan=scan), None) is not None:
        labelled = tuple(c for c in pub.finditer(text, scan=scan) if c.rule.id == _LABELLED)
    link = load_linkers("dates").decide("published", _PublishedQuery(header, labelled))
    if link is None or link.value is None:
        return None
    found: RuleMatch = link.value
    return DateMention(evidence=evidence(doc, found.start, found.end, found.rule.id, linkers=(link.linker,)),
                       date=found.value)


def extract_dates(doc: Doc, *, anchor: dt.date | None) -> tuple[DateMention, ...]:
    """Every date expression in the document, resolved against ``anchor`` where relative."""
    body, _, _ = _rule_sets()
    return tuple(
        DateMention(evidence=evidence(doc, c.start, c.end, c.rule.id), date=c.value)
        for c in body.finditer(spans.text(doc), scan=spans.trigger_scan(doc), anchor=anchor, doc=doc)
    )

