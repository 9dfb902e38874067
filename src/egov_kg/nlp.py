"""The spaCy pipeline: a blank German tokenizer and sentence boundaries.

No pretrained German pipeline is available, so the pipeline is rule-based: spaCy's German
tokenizer with a few extra abbreviations and a sentencizer that also respects line breaks (press
releases put headlines, datelines and contact blocks on lines of their own). Places are looked
up by the extractors that need them (``lexicon.lookup_place``), not marked on every Doc.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

#: Abbreviations that end in a full stop but do not end a sentence.
ABBREVIATIONS = (
    "Mio.", "Mrd.", "Tsd.", "Nr.", "Tel.", "Abs.", "Art.", "bzw.", "ca.", "Dipl.", "Ing.", "inkl.",
    "Prof.", "Dr.-Ing.", "Dipl.-Ing.", "rd.", "sog.", "St.", "Str.", "u.a.", "usw.", "v.l.n.r.", "v.l.n.R.", "z.B.", "ggf.",
    "gem.", "Jh.", "Kfz.", "max.", "min.", "OB.", "re.", "li.", "stv.", "Stv.", "MdL.", "evtl.",
)  # fmt: skip


@Language.component("line_sentences", assigns=["token.is_sent_start"])
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break unless the next line continues in lower case."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            nxt = doc[token.i + 1]
            if not nxt.text[:1].islower():
                nxt.is_sent_start = True
    return doc


@cache
def pipeline() -> Language:
    """The shared pipeline, built once per process."""
    nlp = spacy.blank("de")
    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation, NORM: abbreviation}])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_sentences")
    return nlp
