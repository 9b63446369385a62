"""Invented names, dates and labels for synthetic data: deterministic, readable and never repeated.

Names are built from consonant-vowel syllables, which no syllable is a prefix of, so different
numbers always spell different names; a multiplier coprime to the number of names scatters
consecutive numbers so that neighbours do not look alike.

>>> names = Names(salt=1)
>>> names.root(0) != names.root(1)
True
>>> slug("Women, peace and security: training")
'women-peace-and-security-training'
>>> Date(2013, 4).text, Date(2013, 4).literal
('April 2013', '"2013-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bench.ntriples import typed

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
_ROOT_SYLLABLES = 3
_ROOTS = len(_SYLLABLES) ** _ROOT_SYLLABLES
_SCATTER = 104_729  # a prime that shares no factor with 70 ** 3, so i -> i * _SCATTER is a bijection
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


class Names:
    """Distinct invented roots (`Dakome`, ...), one sequence per salt."""

    def __init__(self, salt: int) -> None:
        self.salt = salt

    def root(self, number: int) -> str:
        if not 0 <= number < _ROOTS:
            raise ValueError(f"at most {_ROOTS} distinct names")
        n = (number * _SCATTER + self.salt * 7_919) % _ROOTS
        parts = []
        for _ in range(_ROOT_SYLLABLES):
            n, digit = divmod(n, len(_SYLLABLES))
            parts.append(_SYLLABLES[digit])
        return "".join(parts).capitalize()


def slug(label: str) -> str:
    """The lowercase, hyphenated form used in resource IRIs."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


@dataclass(frozen=True)
class Date:
    """A date at the precision a source would give: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def literal(self) -> str:
        if self.month is None:
            return typed(f"{self.year:04d}", "gYear")
        if self.day is None:
            return typed(f"{self.year:04d}-{self.month:02d}", "gYearMonth")
        return typed(f"{self.year:04d}-{self.month:02d}-{self.day:02d}", "date")

    @property
    def text(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"

    @property
    def key(self) -> str:
        """`yyyy[-mm]`, the date part of an event IRI."""
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"


class UniqueLabels:
    """Labels not yet used by any resource (compared case-insensitively, as the duplicate-label
    check does); a label already taken gets a number: "... (2)"."""

    def __init__(self, taken: set[str]) -> None:
        self._taken = {label.lower() for label in taken}

    def claim(self, label: str) -> str:
        candidate, number = label, 1
        while candidate.lower() in self._taken:
            number += 1
            candidate = f"{label} ({number})"
        self._taken.add(candidate.lower())
        return candidate
