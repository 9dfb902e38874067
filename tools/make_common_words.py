"""Write ``src/egov_kg/extract/data/de/common_words.tsv``: the German words spaCy's lexeme table
(spacy-lookups-data, MIT) gives a log probability above ``FLOOR``, with that probability.

The organisation rules ask whether an unknown one-word name is common prose ("im Landkreis
Geld"); the whole table holds a million words and takes 220 MiB to load, the words that can
pass a threshold at or above ``FLOOR`` are about eleven thousand.

    python tools/make_common_words.py
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

#: The lowest threshold the file can answer for (organizations.yaml settings.common_word is -11).
FLOOR = -12.0
TARGET = Path(__file__).resolve().parent.parent / "src/egov_kg/extract/data/de/common_words.tsv"
HEADER = """# German words common in running text, with their log probability (natural log): every word above
# {floor}; a word not listed is rarer. Written by tools/make_common_words.py.
# source: spaCy's German lexeme table, spacy-lookups-data data/de_lexeme_prob.json.gz (MIT licence)
# columns: word<TAB>log probability
"""


def main() -> None:
    with resources.files("spacy_lookups_data").joinpath("data/de_lexeme_prob.json.gz").open("rb") as raw:
        probabilities = json.load(gzip.open(raw))
    # a word with a tab or line break cannot be a row, and one that begins with "#" reads as a comment
    rows = sorted((w, p) for w, p in probabilities.items()
                  if p > FLOOR and "\t" not in w and "\n" not in w and not w.startswith("#"))
    with TARGET.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.format(floor=FLOOR))
        out.writelines(f"{word}\t{prob!r}\n" for word, prob in rows)
    print(f"{len(rows)} words -> {TARGET}")


if __name__ == "__main__":
    main()
