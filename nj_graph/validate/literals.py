"""Typed literals whose lexical form is not a value of their XML Schema datatype.

`"-2466.0"^^xsd:nonNegativeInteger` and `"sometime that spring"^^xsd:date` are ill-typed: RDF gives
them no value, so a query comparing or summing them silently leaves them out. rdflib accepts them
(and only logs a traceback), and a shape checks a datatype only where it names one, so every typed
literal of a contribution is checked here, against the lexical spaces and value ranges of XML
Schema 1.1 as elementpath implements them.

>>> from rdflib import Literal
>>> from rdflib.namespace import XSD
>>> literal_problem(Literal("41", datatype=XSD.nonNegativeInteger)) is None
True
>>> print(literal_problem(Literal("-2466.0", datatype=XSD.nonNegativeInteger)))
"-2466.0" is not an xsd:nonNegativeInteger: write a whole number of 0 or more in digits only, such as "41"
>>> print(literal_problem(Literal("2013-13", datatype=XSD.gYearMonth)))
"2013-13" is not an xsd:gYearMonth: write a year and month as YYYY-MM, such as "2013-04"
>>> print(literal_problem(Literal("2013", datatype=XSD.gyear)))
xsd:gyear is not an XML Schema datatype; did you mean xsd:gYear?
"""

from __future__ import annotations

import difflib

from elementpath.datatypes import builtin_atomic_types
from rdflib import Literal
from rdflib.namespace import XSD

from ..core.namespaces import curie

#: XML Schema's built-in atomic datatypes by local name ("date", "nonNegativeInteger", ...).
_ATOMIC = {name[len("xs:"):]: kind for name, kind in builtin_atomic_types.items() if name.startswith("xs:")}
#: Datatypes that are not atomic but are still names a literal may carry.
_OTHER_NAMES = {"anySimpleType", "NMTOKENS", "IDREFS", "ENTITIES"}

_INTEGER_HINT = "a whole number in digits only, such as \"41\""
_HINTS = {
    "nonNegativeInteger": "a whole number of 0 or more in digits only, such as \"41\"",
    "positiveInteger": "a whole number of 1 or more in digits only, such as \"41\"",
    "integer": _INTEGER_HINT, "int": _INTEGER_HINT, "long": _INTEGER_HINT,
    "decimal": "a number in digits with an optional decimal point, in full units, without an exponent, "
               "units or words, such as \"52000000\"",
    "boolean": "true or false",
    "date": "a date as YYYY-MM-DD, such as \"2013-04-12\"; a vaguer date is an xsd:gYearMonth or xsd:gYear, "
            "and a date in words a plain string",
    "gYearMonth": "a year and month as YYYY-MM, such as \"2013-04\"",
    "gYear": "a year as YYYY, such as \"2013\"",
    "dateTime": "a date and time as YYYY-MM-DDThh:mm:ss, such as \"2013-04-12T10:00:00\"",
}


def literal_problem(literal: Literal) -> str | None:
    """What is wrong with a literal's XML Schema datatype or lexical form, in words; None if nothing."""
    datatype = literal.datatype
    if datatype is None or not str(datatype).startswith(str(XSD)):
        return None
    name = str(datatype)[len(str(XSD)):]
    kind = _ATOMIC.get(name)
    if kind is None:
        if name in _OTHER_NAMES:
            return None
        close = difflib.get_close_matches(name, list(_ATOMIC), n=1, cutoff=0.6)
        hint = f"; did you mean xsd:{close[0]}?" if close else ""
        return f"{curie(datatype)} is not an XML Schema datatype{hint}"
    lexical = str(literal)
    if _in_value_space(kind, lexical):
        return None
    hint = _HINTS.get(name, "a lexical form of the datatype (see XML Schema 1.1 Part 2)")
    return f"{Literal(lexical).n3()} is not an {curie(datatype)}: write {hint}"


def _in_value_space(kind, lexical: str) -> bool:
    # is_valid checks the lexical pattern; make also checks the value (month 13, a negative count).
    try:
        if not kind.is_valid(lexical):
            return False
        kind.make(lexical)
    except Exception:  # elementpath raises several kinds of error for a value it cannot make
        return False
    return True


__all__ = ["literal_problem"]
