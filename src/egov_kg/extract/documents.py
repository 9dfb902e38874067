"""What a press release says about itself: its title."""

from __future__ import annotations

import regex

#: Lines that frame a press release but do not title it.
_BOILERPLATE = regex.compile(
    r"^(?:(?:Presse|Medien)(?:mitteilung|information)(?:en)?(?:\s+Nr\.?\s*[\d/-]+)?|Meldungen\s+aus\s+.*|Autor|"
    r"veröffentlicht\s+unter:?|Pressestelle.*|Pressekontakt.*|Kontakt.*|"
    r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?|"
    r"[\[(]?\d{1,2}\.\s?(?:\d{1,2}\.|\p{L}+)\s?\d{4}[\])]?.*|\p{Lu}[\p{L}/ -]*,\s+(?:den\s+)?\d{1,2}\..*)$",
    regex.IGNORECASE,
)


def title(text: str) -> str | None:
    """The first headline-like line: short, several words, not a date or a boilerplate label.

    Press releases carry no markup, so the headline is the first line near the top that reads
    like one; a text that starts with its body has no title.
    """
    for line in text.strip().splitlines()[:12]:
        line = line.strip().strip("#").strip()
        if not line or _BOILERPLATE.match(line):
            continue
        words = line.split()
        if 2 <= len(words) <= 25 and len(line) <= 200:
            return line.rstrip(".")
        return None
    return None
