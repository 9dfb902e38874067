"""Shared fixtures: a small hand-made set of facts, so the RDF and table layers are tested
without depending on what the extractors find."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

# Compiled rule patterns are kept across processes (``rules.compile_kept``); the tests keep theirs
# in a folder of their own, so every run compiles every pattern and reads back only its own.
if "EGOV_KG_PATTERN_CACHE" not in os.environ:
    os.environ["EGOV_KG_PATTERN_CACHE"] = _PATTERNS = tempfile.mkdtemp(prefix="egov-kg-test-patterns-")
    atexit.register(shutil.rmtree, _PATTERNS, ignore_errors=True)

import pytest

from egov_kg.ontology.rdf import all_quads
from egov_kg.records import (
    AmountMention,
    Cooperation,
    DateValue,
    DocumentFacts,
    Evidence,
    Funding,
    OrgMention,
    PersonMention,
    RoleMention,
)
from egov_kg.resolve import resolve
from egov_kg.store import write_graph

TEXT = (
    "Landrätin Dr. Erika Musterfrau (SPD) übergab am 3. Mai 2022 rund 12.500 Euro an die Gemeinde Adorf. "
    "Der Landkreis Beispiel und die Gemeinde Adorf gründeten im Dezember 2021 die „Arbeitsgemeinschaft Netz“."
)


def _ev(text: str, rule: str, occurrence: int = 0) -> Evidence:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    sentence_end = TEXT.index(". ") + 1
    in_first = start < sentence_end
    return Evidence(start, start + len(text), 0 if in_first else sentence_end + 1,
                    sentence_end if in_first else len(TEXT), rule)


def make_facts(source_file: str = "a.txt") -> DocumentFacts:
    district = OrgMention(_ev("Landkreis Beispiel", "org.district_typed"), "district:beispiel",
                          "Landkreis Beispiel", "district", "Landkreis Beispiel", ags="99001")
    adorf = OrgMention(_ev("Gemeinde Adorf", "org.municipality_typed"), "municipality:123",
                       "Adorf", "municipality", "Gemeinde Adorf", geonames_id=123)
    adorf2 = OrgMention(_ev("Gemeinde Adorf", "org.municipality_typed", 1), "municipality:123",
                        "Adorf", "municipality", "Gemeinde Adorf", geonames_id=123)
    spd = OrgMention(_ev("SPD", "org.party"), "party:spd", "SPD", "party", "SPD")
    coop = OrgMention(_ev("Arbeitsgemeinschaft Netz", "org.cooperation_quoted"), "cooperation:arbeitsgemeinschaft-netz",
                      "Arbeitsgemeinschaft Netz", "cooperation", "Arbeitsgemeinschaft Netz")
    amount = AmountMention(_ev("rund 12.500 Euro", "money.amount"), "rund 12.500 Euro", Decimal("12500"),
                           qualifier="rund")
    handed_over = DateValue("2022-05-03", "day", "3. Mai 2022")
    return DocumentFacts(
        source_file=source_file,
        sha256="0" * 64,
        text=TEXT,
        title="Geld für Adorf",
        published=DateValue("2022-05-05", "day", "05.05.2022"),
        sentences=((0, TEXT.index(". ") + 1), (TEXT.index(". ") + 2, len(TEXT))),
        orgs=(spd, adorf, district, adorf2, coop),
        persons=(PersonMention(_ev("Dr. Erika Musterfrau", "person.titled"), "Erika", "Musterfrau",
                               honorific="Dr.", party="party:spd"),),
        roles=(RoleMention(_ev("Landrätin Dr. Erika Musterfrau", "role.before_name"), "Erika Musterfrau",
                           "landrat", "Landrätin", org="district:beispiel", start="2021"),),
        amounts=(amount,),
        fundings=(Funding(_ev("übergab", "funding.handover"), "municipality:123", amount,
                          funders=("district:beispiel",), purpose="Rathaus", date=handed_over),),
        cooperations=(Cooperation(_ev("gründeten", "coop.founded"), ("district:beispiel", "municipality:123"),
                                  form="Arbeitsgemeinschaft", name="Arbeitsgemeinschaft Netz",
                                  key="cooperation:arbeitsgemeinschaft-netz",
                                  date=DateValue("2021-12", "month", "im Dezember 2021")),),
    )


@pytest.fixture
def facts() -> DocumentFacts:
    return make_facts()


def write_three_releases(folder: Path) -> Path:
    """The graph files of three press releases made of ``make_facts``, written into ``folder``."""
    facts = [make_facts("a.txt"), make_facts("b.txt"), make_facts("c.txt")]
    write_graph(all_quads(facts, resolve(facts)), folder)
    return folder
