"""Reading a text as the build does, for tests: ``pipeline.analyse`` with what a test pins."""

from __future__ import annotations

import datetime as dt

from egov_kg.pipeline import Pinned, analyse
from egov_kg.reading import SourceText
from egov_kg.records import DocumentFacts


def read(text: str, *, anchor: dt.date | None = None, state: str | None = None) -> DocumentFacts:
    """Every fact of ``text`` read as a press release."""
    return analyse(SourceText("test.txt", text, ""), pinned=Pinned(anchor=anchor, state=state))


def org_names(facts: DocumentFacts) -> dict[str, str]:
    """Organisation key -> the name the press release reads for it."""
    names: dict[str, str] = {}
    for org in facts.orgs:
        names.setdefault(org.key, org.name)
    return names
