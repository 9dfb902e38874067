"""The spaCy pipeline: a blank German tokenizer and sentence boundaries.

No pretrained German pipeline is available, so the pipeline is rule-based: spaCy's German
tokenizer with a few extra abbreviations, its sentencizer, the repairs of ``sentence_repairs``
where German press text misleads it, and a component that also respects line breaks (press
releases put headlines, datelines and contact blocks on lines of their own). Places are looked
up by the extractors that need them (``lexicon.lookup_place``), not marked on every Doc.

The sentencizer ends a sentence after a full stop that the tokenizer splits off, and nowhere
else. So it splits a name with an inner dot ("Komm.ONE"), an abbreviation the tokenizer does
not know ("Nds. Staatskanzlei") and a quoted title ("„Rostock digital!“ vom ..."), it hangs an
opening quote on the sentence before ("... gefördert. „Ich ...") and it never ends a sentence
after a token that keeps its full stop: a year or date ("im Jahr 2022. Der ..."), an ordinal or
an abbreviation ("qualifizierten sich 22. Die ...", "e.V. Sie ..."). ``sentence_repairs`` mends
these cases.
"""

from __future__ import annotations

from functools import cache

import numpy
import regex
import spacy
from spacy.attrs import IDX, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

#: Where a Doc keeps the text it was made from (``parse``): ``doc.text`` joins every token anew.
TEXT_KEY = "egov_kg.text"

#: Abbreviations that end in a full stop but do not end a sentence.
ABBREVIATIONS = (
    "Mio.", "Mrd.", "Tsd.", "Nr.", "Tel.", "Abs.", "Art.", "bzw.", "ca.", "Dipl.", "Ing.", "inkl.",
    "Prof.", "Dr.-Ing.", "Dipl.-Ing.", "rd.", "sog.", "St.", "Str.", "u.a.", "usw.", "v.l.n.r.", "v.l.n.R.", "z.B.", "ggf.",
    "gem.", "Jh.", "Kfz.", "max.", "min.", "OB.", "re.", "li.", "stv.", "Stv.", "MdL.", "evtl.",
    # administrative German: places, offices, files and citations
    "a.d.", "Nds.", "Vogtl.", "Lkr.", "Ldkr.", "Landkr.", "Kr.", "Bez.", "Reg.-Bez.", "Gde.", "Verw.", "amt.",
    "Bgm.", "Vors.", "Stellv.", "Dir.", "Präs.", "Ref.", "Geschf.", "Gf.", "Dipl.-Kfm.", "Mag.", "MdEP.",
    "Az.", "Gz.", "GV.", "Ziff.", "Buchst.", "lit.", "Anl.", "Anm.", "Kap.", "Tab.", "Nrn.", "Bl.", "ff.",
    "lfd.", "insbes.", "einschl.", "exkl.", "zzt.", "zz.", "u.ä.", "s.u.", "v.l.", "v.r.", "dt.", "Mill.",
    "Vgl.", "Evtl.", "Ca.",
)  # fmt: skip

#: Words that open a sentence and never follow an ordinal or an abbreviation inside one: after
#: "22." or "e.V." they begin the next sentence ("qualifizierten sich 22. Die sieben ...").
SENTENCE_OPENERS = frozenset((
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Einem", "Einer", "Er", "Sie", "Es",
    "Wir", "Ich", "Ihr", "Man", "Dies", "Diese", "Dieser", "Dieses", "Damit", "Dabei", "Dafür", "Dazu",
    "Daher", "Danach", "Darüber", "Darin", "Dadurch", "Deshalb", "Denn", "Doch", "Aber", "Und", "Auch",
    "Zudem", "Außerdem", "Ferner", "Insgesamt", "Bereits", "Erstmals", "Nun", "Jetzt", "Bisher", "Bislang",
    "Künftig", "Hier", "Dort", "Heute", "Gestern", "So", "Als", "Wie", "Wenn", "Weil", "Da", "Ob",
    "Im", "In", "Am", "An", "Auf", "Aus", "Bei", "Mit", "Nach", "Seit", "Vom", "Von", "Vor", "Zum", "Zur",
    "Für", "Über", "Unter", "Um", "Alle", "Allein",
))  # fmt: skip

#: Words that never end a sentence or a headline (articles, conjunctions, prepositions that are no
#: verb particle): a line that ends in one goes on in the next ("... Vorsitzende der\nVersammlung").
LINE_GOES_ON = frozenset((
    "der", "die", "das", "den", "dem", "des", "eine", "einen", "einem", "einer", "eines", "und", "oder",
    "sowie", "für", "von", "vom", "im", "in", "zur", "zum", "mit", "dass",
))  # fmt: skip

#: Legal forms written with a full stop at the end of a sentence ("die Komm.ONE AöR. Erstmals ..."):
#: no name goes on after them, so a capitalised word after one begins a new sentence.
LEGAL_FORMS = frozenset(("GmbH.", "gGmbH.", "mbH.", "AöR.", "KdöR.", "e.V.", "eG.", "KGaA.", "SE."))

#: A year, a date or a grouped number that keeps its full stop: "2022.", "31.12.2025.".
_DATE_OR_YEAR = regex.compile(r"(?:19|20)\d\d\.|\d{1,2}\.\d{1,2}\.(?:\d\d)?\d\d\.")
#: Quotes and brackets: they open what follows when they stand before a word with a space
#: before them ("... gefördert. „Ich"), and close what precedes otherwise.
_QUOTES_AND_BRACKETS = frozenset("„“”\"'‚‘’«»([)]")
#: The parts of a name around its inner dot: short or in capitals before it ("Komm.One",
#: "ITV.SH"), in capitals after it ("Komm.ONE"); "gefördert.Die" are two sentences without a space.
_NAME_BEFORE_DOT = regex.compile(r"\p{L}{1,4}|\p{Lu}[\p{Lu}\d]+")
_NAME_AFTER_DOT = regex.compile(r"\p{Lu}[\p{Lu}\d]+")
#: A name of several words joined by dots ("Smarte.Land.Regionen"), which no two sentences are.
_DOTTED_NAME = regex.compile(r"\p{L}+(?:\.\p{L}+){2,}[.,;:!?]?")


#: Where a token may follow one that keeps its full stop ("2022. Der", "e.V.“ Sie"): the only
#: places ``_ends_before`` can hold, found in the text rather than by visiting every token.
_AFTER_KEPT_STOP = regex.compile(r"(?<=\S)\.[„“”\"'‚‘’«»()\[\]]* (?=\S)")


@Language.component("sentence_repairs", assigns=["token.is_sent_start"])
def sentence_repairs(doc: Doc) -> Doc:
    """Mend the sentencizer's boundaries where German press text misleads it (module docstring).
    Only the sentencizer's starts and the tokens after a full stop are visited: a Token made for
    every word would cost more than the sentencizer itself."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
    starts = doc.to_array(SENT_START)
    for i in numpy.flatnonzero(starts[1:] == 1).tolist():
        token = doc[i + 1]
        if _opens(doc[i]):
            doc[i].is_sent_start = True
            token.is_sent_start = False
        elif _continues(token):
            token.is_sent_start = False
    offsets = doc.to_array(IDX)
    for m in _AFTER_KEPT_STOP.finditer(text):
        i = int(numpy.searchsorted(offsets, m.end()))
        if i < len(doc) and offsets[i] == m.end() and starts[i] != 1 and _ends_before(doc[i]):
            doc[i].is_sent_start = True
    return doc


def _continues(token: Token) -> bool:
    """Does ``token`` go on with the sentence before it: a word in lower case (not a name such as
    "eGo-Saar" or "ekom21"), or the rest of a name with inner dots ("Komm.ONE", "Smarte.Land.Regionen")?"""
    prev = token.doc[token.i - 1]
    if prev.is_space:
        return False
    word = token.text
    if word[:1].islower() and not any(c.isupper() or c.isdigit() for c in word[1:]):
        return True
    if prev.text != "." or prev.whitespace_ or prev.i == 0:
        return False
    before = token.doc[prev.i - 1]
    if before.whitespace_:
        return False
    return bool(_NAME_BEFORE_DOT.fullmatch(before.text) or _NAME_AFTER_DOT.fullmatch(word)
                or _DOTTED_NAME.fullmatch(_chunk(prev)))


def _chunk(token: Token) -> str:
    """The text between the spaces around ``token``."""
    doc = token.doc
    first, last = token.i, token.i
    while first > 0 and not doc[first - 1].whitespace_ and not doc[first - 1].is_space:
        first -= 1
    while last + 1 < len(doc) and not doc[last].whitespace_ and not doc[last + 1].is_space:
        last += 1
    return doc[first : last + 1].text


def _opens(token: Token) -> bool:
    """Is ``token`` a quote or bracket opening the word after it (a space before it, none after)?"""
    if token.text not in _QUOTES_AND_BRACKETS or token.whitespace_ or token.i == 0:
        return False
    return bool(token.doc[token.i - 1].whitespace_) or token.doc[token.i - 1].is_space


def _ends_before(token: Token) -> bool:
    """Does a sentence end before ``token``, after a token that keeps its full stop?"""
    doc = token.doc
    if not doc[token.i - 1].whitespace_:
        return False
    i = token.i - 1
    while i > 0 and doc[i].text in _QUOTES_AND_BRACKETS and not doc[i - 1].whitespace_ and not _opens(doc[i]):
        i -= 1  # closing quotes and brackets after the full stop: "2022.“ Dann"
    last = doc[i]
    if len(last.text) < 2 or not last.text.endswith("."):
        return False
    if i == 0 or "\n" in doc[i - 1].text and doc[i - 1].is_space:
        return False  # "1. Die Stadt ..." at the start of a line: an item of a list
    opening = _opens(token) and token.i + 1 < len(doc)
    word = doc[token.i + 1] if opening else token
    capital = word.text[:1].isupper()
    if _DATE_OR_YEAR.fullmatch(last.text) or last.text in LEGAL_FORMS:
        return capital
    return not opening and token.text in SENTENCE_OPENERS


@Language.component("line_sentences", assigns=["token.is_sent_start"])
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break unless the next line continues in lower case or
    the line ends in a word that no sentence ends in (``LINE_GOES_ON``)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            nxt = doc[token.i + 1]
            if nxt.text[:1].islower():
                continue
            if token.i > 0 and doc[token.i - 1].text in LINE_GOES_ON:
                nxt.is_sent_start = False
            else:
                nxt.is_sent_start = True
    return doc


@cache
def pipeline() -> Language:
    """The shared pipeline, built once per process."""
    nlp = spacy.blank("de")
    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation, NORM: abbreviation}])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sentence_repairs")
    nlp.add_pipe("line_sentences")
    return nlp


def parse(text: str) -> Doc:
    """``pipeline()(text)``, the Doc knowing its text from the start (``TEXT_KEY``), so that no
    component and no extractor joins it from the tokens."""
    nlp = pipeline()
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
