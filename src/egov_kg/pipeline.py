"""From one press release's text to its typed facts: spaCy Doc, then every extractor in turn.

Extractors are pure functions; this module only decides their order, because later ones read
what earlier ones found (roles need persons and organisations, grants need amounts and dates).
The spaCy Doc lives only inside ``analyse``: what leaves is a ``DocumentFacts`` of plain records,
so a build never holds more than one Doc per process.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_kg import sections
from egov_kg.extract import (
    amounts,
    cooperations,
    dates,
    documents,
    events,
    fundings,
    organizations,
    persons,
    roles,
    spans,
)
from egov_kg.nlp import parse
from egov_kg.offsets import matching_text, to_original
from egov_kg.reading import SourceText
from egov_kg.records import DateValue, DocumentFacts

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: The clock stages are timed with (``benchmarks/profile_stages.py --cpu`` sets the CPU clock).
now = time.perf_counter

#: The stages ``analyse`` reports in ``timings``, in the order they run.
STAGES = ("nlp", "dates", "organizations", "persons", "roles", "amounts", "fundings", "cooperations", "events")


@dataclass(frozen=True, slots=True)
class Pinned:
    """What a caller fixes instead of reading it from the text (tests and rule examples):
    the day relative dates are resolved against, and the state the press release is about."""

    anchor: dt.date | None = None
    state: str | None = None


def analyse(source: SourceText, *, doc: Doc | None = None, timings: dict[str, float] | None = None,
            pinned: Pinned | None = None) -> DocumentFacts:
    """Every fact the extractors read from one press release.

    The rules read a normalised copy of the text (``offsets.matching_text``: NFC, no soft
    hyphens or zero-width spaces); every offset in the result points into ``source.text``.
    ``doc`` is that normalised text already run through ``nlp.parse``; with ``timings``,
    the seconds spent in each stage (``STAGES``) are added to it; ``pinned`` overrides what
    the text would decide about its anchor date and state. A long text is read in sections
    (see ``sections``), each against the publication date the first one gives.
    """
    pinned = pinned or Pinned()
    if doc is None and len(source.text) > sections.LONG_TEXT:
        parts = []
        published: DateValue | None | object = _FROM_TEXT
        for start, text in sections.cut(source.text):
            facts = _analyse(SourceText(source.source_file, text, source.sha256), timings=timings, pinned=pinned,
                             published=published)
            published = facts.published
            parts.append((start, facts))
        return sections.join(parts, source)
    return _analyse(source, doc=doc, timings=timings, pinned=pinned)


#: ``published`` of ``_analyse``: read the publication date from the text.
_FROM_TEXT = object()


def _analyse(source: SourceText, *, doc: Doc | None = None, timings: dict[str, float] | None, pinned: Pinned,
             published: DateValue | None | object = _FROM_TEXT) -> DocumentFacts:
    clock = _Clock(timings)
    matching = matching_text(source.text)
    text = matching.text
    if doc is None or doc.text != text:
        with clock("nlp"):
            doc = parse(text)
    spans.remember_text(doc, text)
    with clock("dates"):
        published_at = dates.publication_date(doc) if published is _FROM_TEXT else None
        if published is _FROM_TEXT:
            published = published_at.date if published_at else None
        found_dates = dates.extract_dates(doc, anchor=pinned.anchor or anchor_date(published))
    with clock("organizations"):
        orgs, doc_state = organizations.extract_orgs(doc, state=pinned.state)
    with clock("persons"):
        found_persons = persons.extract_persons(doc, orgs=orgs)
    with clock("roles"):
        found_roles = roles.extract_roles(doc, persons=found_persons, orgs=orgs, doc_state=doc_state)
    with clock("amounts"):
        found_amounts, rates = amounts.extract_amounts(doc)
    with clock("fundings"):
        found_fundings = fundings.extract_fundings(
            doc, orgs=orgs, amounts=found_amounts, rates=rates, dates=found_dates, published=published,
            doc_state=doc_state,
        )
    with clock("cooperations"):
        found_cooperations = cooperations.extract_cooperations(
            doc, orgs=orgs, dates=found_dates, published=published, doc_state=doc_state
        )
    with clock("events"):
        found_events = events.extract_events(doc, orgs=orgs, dates=found_dates, published=published,
                                             fundings=found_fundings, cooperations=found_cooperations)
    facts = DocumentFacts(
        source_file=source.source_file,
        sha256=source.sha256,
        text=source.text,
        title=documents.title(text),
        published=published,
        published_evidence=published_at.evidence if published_at else None,
        sentences=tuple((matching.to_original(start), matching.to_original(end)) for start, end in spans.sentences(doc)),
        orgs=orgs,
        persons=found_persons,
        roles=found_roles,
        amounts=found_amounts,
        dates=found_dates,
        rates=rates,
        fundings=found_fundings,
        cooperations=found_cooperations,
        events=found_events,
    )
    return to_original(facts, matching)


#: A made-up press release that takes every extractor through its rules once.
_WARM_UP = (
    "Beispielstadt, 01.02.2024\n\nLand fördert gemeinsames Portal\n\n"
    "Die Stadt Musterhausen und die Gemeinde Beispieldorf haben am 3. Januar 2024 eine Zweckvereinbarung "
    "unterzeichnet. Das Land fördert die Stadt Musterhausen mit 80.000 Euro. Bürgermeisterin Dr. Anna Beispiel "
    "(SPD) übergab den Förderbescheid über rund 1,2 Mio. Euro an den Landkreis Musterkreis. Am 5. März findet "
    "ein Fachtag in Musterhausen statt.\n"
)


def warm_up() -> None:
    """Build the pipeline and load every extractor's rules now (forked workers inherit them)."""
    analyse(SourceText("warm-up.txt", _WARM_UP, ""))


def anchor_date(published: DateValue | None) -> dt.date | None:
    """The day relative expressions are resolved against: the publication date, if it is a day."""
    if published is None or published.value is None or published.precision != "day":
        return None
    return dt.date.fromisoformat(published.value)


class _Clock:
    """Adds the wall time of each ``with clock(stage):`` block to a dict, or does nothing."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        if self.timings is None:
            yield
            return
        start = now()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + now() - start
