"""From one press release's text to its typed facts: spaCy Doc, then every extractor in turn.

Extractors are pure functions; this module only decides their order, because later ones read
what earlier ones found (roles need persons and organisations, grants need amounts and dates).
"""

from __future__ import annotations

import datetime as dt

from egov_kg.extract import amounts, cooperations, dates, documents, events, fundings, organizations, persons, roles
from egov_kg.nlp import pipeline
from egov_kg.reading import SourceText
from egov_kg.records import DateValue, DocumentFacts


def analyse(source: SourceText) -> DocumentFacts:
    """Every fact the extractors read from one press release."""
    text = source.text
    doc = pipeline()(text)
    published = dates.publication_date(text)
    found_dates = dates.extract_dates(doc, anchor=anchor_date(published))
    orgs, doc_state = organizations.extract_orgs(doc)
    found_persons = persons.extract_persons(doc, orgs=orgs)
    found_roles = roles.extract_roles(doc, persons=found_persons, orgs=orgs, doc_state=doc_state)
    found_amounts, rates = amounts.extract_amounts(doc)
    found_fundings = fundings.extract_fundings(
        doc, orgs=orgs, amounts=found_amounts, rates=rates, dates=found_dates, published=published,
        doc_state=doc_state,
    )
    found_cooperations = cooperations.extract_cooperations(
        doc, orgs=orgs, dates=found_dates, published=published, doc_state=doc_state
    )
    found_events = events.extract_events(doc, orgs=orgs, dates=found_dates, published=published)
    return DocumentFacts(
        source_file=source.source_file,
        sha256=source.sha256,
        text=text,
        title=documents.title(text),
        published=published,
        sentences=tuple((s.start_char, s.end_char) for s in doc.sents),
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


def anchor_date(published: DateValue | None) -> dt.date | None:
    """The day relative expressions are resolved against: the publication date, if it is a day."""
    if published is None or published.value is None or published.precision != "day":
        return None
    return dt.date.fromisoformat(published.value)
