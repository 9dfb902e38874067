"""The spaCy pipeline: a blank German tokenizer, sentence boundaries and a place gazetteer.

No pretrained German pipeline is available, so the pipeline is rule-based: spaCy's German
tokenizer with a few extra abbreviations, a sentencizer that also respects line breaks (press
releases put headlines, datelines and contact blocks on lines of their own), and a SpanRuler
that marks GeoNames places with their GeoNames id as the span's ``id``.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from egov_kg.extract.rules import load_table

#: Abbreviations that end in a full stop but do not end a sentence.
ABBREVIATIONS = (
    "Mio.", "Mrd.", "Tsd.", "Nr.", "Tel.", "Abs.", "Art.", "bzw.", "ca.", "Dipl.", "Ing.", "inkl.",
    "Prof.", "Dr.-Ing.", "Dipl.-Ing.", "rd.", "sog.", "St.", "Str.", "u.a.", "usw.", "v.l.n.r.", "v.l.n.R.", "z.B.", "ggf.",
    "gem.", "Jh.", "Kfz.", "max.", "min.", "OB.", "re.", "li.", "stv.", "Stv.", "MdL.", "evtl.",
)  # fmt: skip

PLACES_SPAN_KEY = "places"


@Language.component("line_sentences", assigns=["token.is_sent_start"])
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break unless the next line continues in lower case."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            nxt = doc[token.i + 1]
            if not nxt.text[:1].islower():
                nxt.is_sent_start = True
    return doc


def _place_patterns() -> list[dict]:
    seen: set[tuple[str, str]] = set()
    patterns = []
    for surface, geonames_id, *_ in load_table("places.tsv"):
        if (surface, geonames_id) in seen:
            continue
        seen.add((surface, geonames_id))
        patterns.append({"label": "PLACE", "pattern": surface, "id": geonames_id})
    return patterns


@cache
def pipeline() -> Language:
    """The shared pipeline, built once per process."""
    nlp = spacy.blank("de")
    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation, NORM: abbreviation}])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_sentences")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="places",
        config={"spans_key": PLACES_SPAN_KEY, "phrase_matcher_attr": "ORTH", "overwrite": True},
    )
    ruler.add_patterns(_place_patterns())
    # Adding the phrase patterns tokenised 18,000 place names and so filled the tokenizer's cache
    # (10,000 entries; it stops caching when full), which made every later text about four times
    # slower to tokenise. Setting the rules again empties the cache; the rules stay as they are.
    nlp.tokenizer.rules = nlp.tokenizer.rules
    return nlp
