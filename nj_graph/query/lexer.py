"""Read a SPARQL query's shape and refuse what may not run, without rdflib and before any engine.

pyoxigraph runs SERVICE as soon as it parses one and has no hook to refuse it, so the checks that
keep queries read-only and local happen here, on the tokens of the SPARQL 1.1 grammar (§19.8):
updates, SERVICE, FROM / FROM NAMED and GRAPH are refused, as are prefixes nobody declared.
This is not a parser: other syntax errors are left to the engine.

The checks must not be fooled by text that one engine reads differently from another:

- Codepoint escapes (`\\u0053ERVICE`) are expanded over the whole query first (§19.2), as rdflib
  does. pyoxigraph 0.5 does not expand them outside strings and IRIs, so when a query has escapes
  its raw text is scanned for refusals as well: a query is refused if either reading shows SERVICE.
- pyoxigraph matches keywords without a word boundary: `SERVICEex:x {`, `service:x {` (when `:` is
  declared) and `trueSERVICE <x> {` all call a service there. Words and prefixes with a refused
  keyword glued inside are refused when what follows could make such a call.
- Whether `<` opens an IRI depends on where it stands, in both engines: after an operand inside an
  expression it is "less than", elsewhere an IRI. The lexer keeps track of brackets to tell the two
  apart, so `FILTER(?a<2)SERVICE?e#>` is no IRI hiding a SERVICE.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from ..core.errors import QuerySyntaxError
from ..core.prefixes import PREFIXES
from .shape import QueryShape

# --- terminals of the SPARQL 1.1 grammar (§19.8) ----------------------------------------------

# The name characters, as ASCII ones and the others. A class of many non-ASCII ranges costs CPython
# milliseconds to compile, a third of an `import rdflib` for the whole pattern, so text that is all
# ASCII (every stored query) is read with classes that exclude ASCII characters instead: on such
# text they match exactly the same. The full classes are compiled for the first text that needs them.
_LETTERS = string.ascii_letters
_BASE_OTHER = ("\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
               "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS_OTHER = _BASE_OTHER + "\u00B7\u0300-\u036F\u203F-\u2040"


def _class(ascii_chars: str, others: str, *, ascii_only: bool) -> str:
    if ascii_only:
        return "[^" + "".join(f"\\x{code:02x}" for code in range(128) if chr(code) not in ascii_chars) + "]"
    return "[" + "".join(re.escape(char) for char in sorted(set(ascii_chars))) + others + "]"


def _sources(*, ascii_only: bool) -> tuple[str, str]:
    """The pattern of every terminal, and that of a prefixed name alone."""
    def c(ascii_chars: str, others: str) -> str:
        return _class(ascii_chars, others, ascii_only=ascii_only)

    u, chars = _LETTERS + "_", _LETTERS + "_-" + string.digits
    pn_prefix = f"{c(_LETTERS, _BASE_OTHER)}(?:{c(chars + '.', _CHARS_OTHER)}*{c(chars, _CHARS_OTHER)})?"
    plx = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
    pn_local = (f"(?:{c(u + ':' + string.digits, _BASE_OTHER)}|{plx})"
                f"(?:(?:{c(chars + '.:', _CHARS_OTHER)}|{plx})*(?:{c(chars + ':', _CHARS_OTHER)}|{plx}))?")
    varname = f"{c(u + string.digits, _BASE_OTHER)}{c(u + string.digits, _CHARS_OTHER)}*"
    exponent, ws = "[eE][+-]?[0-9]+", "[ \t\r\n]"
    # Each terminal is preceded by the white space before it. Order matters where terminals share a
    # first character: long strings before short ones, prefixed names before bare words (`SERVICE:x`
    # is a prefixed name), NIL and ANON before brackets, an IRI before "less than".
    terminals = [
        ("VAR1", rf"\?{varname}"),
        ("PUNCT", r"\^\^|&&|\|\||!=|>=|[{}),;*/|^!=>+\-\]]"),  # the frequent ones that start nothing else
        ("PNAME_LN", f"(?:{pn_prefix})?:{pn_local}"),
        ("PNAME_NS", f"(?:{pn_prefix})?:"),
        ("KEYWORD", "[A-Za-z][A-Za-z0-9_]*"),
        ("COMMENT", "#[^\r\n]*"),
        ("IRIREF", r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'),
        ("LESS", "<=?"),
        ("STRING_LITERAL_LONG2", r'"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*+"""'),
        ("STRING_LITERAL_LONG1", r"'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*+'''"),
        ("STRING_LITERAL2", r'"(?:[^"\\\r\n]|\\[^\r\n])*+"'),
        ("STRING_LITERAL1", r"'(?:[^'\\\r\n]|\\[^\r\n])*+'"),
        ("UNTERMINATED_STRING", "[\"']"),
        ("VAR2", rf"\${varname}"),
        ("BLANK_NODE_LABEL", f"_:{c(u + string.digits, _BASE_OTHER)}(?:{c(chars + '.', _CHARS_OTHER)}*"
                             f"{c(chars, _CHARS_OTHER)})?"),
        ("LANGTAG", "@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
        ("DOUBLE", rf"[0-9]+\.[0-9]*{exponent}|\.[0-9]+{exponent}|[0-9]+{exponent}"),
        ("DECIMAL", r"[0-9]*\.[0-9]+"),
        ("INTEGER", "[0-9]+"),
        ("NIL", rf"\({ws}*\)"),
        ("ANON", rf"\[{ws}*\]"),
        ("PUNCT_", r"[.(\[?]"),  # after the decimals, NIL, ANON and variables that start the same way
    ]
    token = f"{ws}*+(?:" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in terminals) + ")"
    return token, f"(?:{pn_prefix})?:(?:{pn_local})?"


_ASCII_TOKEN, _ASCII_PNAME = (re.compile(source) for source in _sources(ascii_only=True))


@functools.cache
def _unicode_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    token, pname = _sources(ascii_only=False)
    return re.compile(token), re.compile(pname)


def _patterns(text: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (_ASCII_TOKEN, _ASCII_PNAME) if text.isascii() else _unicode_patterns()


_LESS = re.compile("<=?")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NOT_SPACE = re.compile("[^ \t\r\n]")
# Cheap test before the full check: does a word or prefix contain a refused keyword at all?
_MAY_REFUSE = re.compile("SERVICE|GRAPH|FROM", re.IGNORECASE)

_STRINGS = frozenset({"STRING_LITERAL1", "STRING_LITERAL2", "STRING_LITERAL_LONG1", "STRING_LITERAL_LONG2"})
_OPERANDS = _STRINGS | {"VAR1", "VAR2", "IRIREF", "PNAME_LN", "PNAME_NS", "LANGTAG",
                        "INTEGER", "DECIMAL", "DOUBLE", "NIL"}
_CLOSERS = {"{": "}", "(": ")", "[": "]"}
_CLOSING = frozenset("}])")
_AMBIGUOUS = frozenset({"IRIREF", "LESS", "UNTERMINATED_STRING"})

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_NOT_EXPRESSION_WORDS = frozenset({"A", "TRUE", "FALSE", "UNDEF", "VALUES"})

_UPDATE_REFUSED = "updates (INSERT, DELETE, LOAD, CLEAR, ...) are not allowed: nj-graph only reads the graph"
_REFUSED = {
    "SERVICE": "SERVICE is not allowed: queries run over the loaded graph and may not call other endpoints",
    "FROM": "FROM and FROM NAMED are not allowed: the query runs over the loaded graph "
            "and may not fetch other graphs",
    "GRAPH": "GRAPH is not supported: the loaded graph has no named graphs",
}
# What may follow each refused keyword before its IRI or variable (SERVICE SILENT, FROM NAMED).
_OPTIONAL_WORD = {"SERVICE": "SILENT", "FROM": "NAMED", "GRAPH": ""}


class Token(NamedTuple):
    """One terminal: `kind` is a grammar name (IRIREF, PNAME_LN, VAR1, KEYWORD, PUNCT, COMMENT...),
    `text` as read after escape expansion; `offset`, `line`, `column` (1-based, a tab is one column)
    and `end` are in the user's original text."""

    kind: str
    text: str
    offset: int
    line: int
    column: int
    end: int


_new_token = tuple.__new__  # Token(...) goes through a Python-level __new__: a third of the lexing time


def unescape(text: str) -> tuple[str, Sequence[int]]:
    """Expand \\uXXXX and \\UXXXXXXXX over the whole query (SPARQL 1.1 §19.2).

    Returns the expanded text and, for each of its offsets (and its end), the offset in `text`.

    >>> expanded, origin = unescape("ASK { ?s ?p '\\\\u00e9' }")
    >>> expanded[13], origin[14]
    ('é', 19)
    """
    return _unescape(text, None)


def tokens(text: str) -> Iterator[Token]:
    """The query's terminals in order, comments included and white space left out.

    >>> [(t.kind, t.text) for t in tokens("SELECT * { ?s a SERVICE:x } # SERVICE")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('KEYWORD', 'SELECT'), ('PUNCT', '*'), ('PUNCT', '{'), ('VAR1', '?s'), ('KEYWORD', 'a'),
     ('PNAME_LN', 'SERVICE:x'), ('PUNCT', '}'), ('COMMENT', '# SERVICE')]
    """
    expanded, origin = _unescape(text, None)
    return iter(_lex(expanded, origin, text, None, strict=True))


def inspect(text: str, *, file: str | None = None) -> QueryShape:
    """Check that a query only reads the loaded graph and return its shape.

    Raises QuerySyntaxError, placed in `text` (and `file`), for an update, SERVICE, FROM or
    FROM NAMED, GRAPH, a missing query form, an undeclared prefix, a bad escape, an unterminated
    string or IRI, or unbalanced brackets.

    >>> shape = inspect("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s")
    >>> shape.form, shape.projected, sorted(shape.variables), sorted(shape.assigned)
    ('SELECT', ('s', 'n'), ['n', 'o', 'p', 's'], ['n'])
    >>> inspect('ASK { ?s ?p "SERVICE" }').form
    'ASK'
    >>> inspect("SELECT * WHERE {\\n  sErViCe <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.QuerySyntaxError: SERVICE is not allowed: queries run over the loaded graph and may not call other endpoints
    """
    expanded, origin = _unescape(text, file)
    read = _lex(expanded, origin, text, file, strict=True, comments=False)
    start, declared = _prologue(read)
    form = _form(read, start, text, file)
    known = {**PREFIXES, **declared}
    _refuse(read, known, file)
    if expanded is not text:  # pyoxigraph reads the escapes where they stand: refuse what it would run
        _refuse(_lex(text, range(len(text) + 1), text, file, strict=False, comments=False), known, file)
    _check_prefixes(read[start:], known, file)
    return _shape(read, start, form, declared)


# --- escapes -----------------------------------------------------------------------------------

def _unescape(text: str, file: str | None) -> tuple[str, Sequence[int]]:
    if "\\u" not in text and "\\U" not in text:
        return text, range(len(text) + 1)
    pieces: list[str] = []
    origin: list[int] = []
    start = 0
    for match in _ESCAPE.finditer(text):
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            line, column = _position(text, match.start())
            raise QuerySyntaxError(f"SPARQL syntax error at {match.group()!r}: it is not a Unicode code point",
                                   file=file, line=line, column=column)
        pieces.append(text[start:match.start()])
        origin.extend(range(start, match.start()))
        pieces.append(chr(code))
        origin.append(match.start())
        start = match.end()
    if not pieces:
        return text, range(len(text) + 1)
    pieces.append(text[start:])
    origin.extend(range(start, len(text) + 1))
    return "".join(pieces), origin


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


# --- the token stream --------------------------------------------------------------------------

class _Frame:
    """An open bracket: what its contents are, which decides what `(` and `<` mean inside."""

    __slots__ = ("kind", "closer", "opener", "selects")

    def __init__(self, kind: str, closer: str, opener: Token | None, selects: bool = False) -> None:
        self.kind = kind        # "expression", "patterns" ({ } and [ ]), "data" (lists, paths, VALUES)
        self.closer = closer
        self.opener = opener
        self.selects = selects  # a query level: top level or a sub-select, where ( opens an expression


def _lex(text: str, origin: Sequence[int], original: str, file: str | None, *, strict: bool,
         comments: bool = True) -> list[Token]:
    """Tokens of `text` (escapes expanded or not), placed in `original` through `origin`.

    Not strict: the raw reading, scanned only for refusals; where it stops making sense no engine
    that reads it could parse the query either, so the scan just ends there.
    """
    found: list[Token] = []
    add = found.append
    stack = [_Frame("patterns", "", None, selects=True)]
    frame = stack[0]
    previous: Token | None = None
    before: Token | None = None
    values_header = False
    line, line_start, last, pos = 1, 0, 0, 0

    def fail(message: str, at: int) -> QuerySyntaxError:
        where = origin[at]
        return QuerySyntaxError(message, file=file, line=original.count("\n", 0, where) + 1,
                                column=where - original.rfind("\n", 0, where))

    pattern = _patterns(text)[0]
    scan = pattern.finditer(text)
    while scan is not None:
        rescan, scan = scan, None
        for match in rescan:
            if match.start() != pos:  # a character no terminal starts with
                break
            kind = match.lastgroup
            start, end = match.span(kind)
            if kind == "PUNCT_":
                kind = "PUNCT"
            if kind in _AMBIGUOUS:
                if kind == "UNTERMINATED_STRING":
                    if not strict:
                        return found
                    raise fail(f"SPARQL syntax error at {_excerpt(text, start)}: the string is not closed", start)
                if frame.kind == "expression" and previous is not None and _ends_operand(previous):
                    if kind == "IRIREF":  # `?a<?b ... >` is "less than", however far a '>' may be
                        end = _LESS.match(text, start).end()
                        scan = pattern.finditer(text, end)
                    kind = "PUNCT"
                elif kind == "LESS":
                    if not strict:
                        return found
                    raise fail(f"SPARQL syntax error at {_excerpt(text, start)}: an IRI must be closed by '>' "
                               "and may not contain spaces, quotes or braces", start)
            where = origin[start]
            newlines = original.count("\n", last, where)
            if newlines:
                line += newlines
                line_start = original.rfind("\n", last, where) + 1
            last = where
            value = text[start:end]
            token = _new_token(Token, (kind, value, where, line, where - line_start + 1, origin[end]))
            pos = end
            if kind == "COMMENT":
                if comments:
                    add(token)
                continue
            add(token)
            if kind == "PUNCT":
                if value in _CLOSERS:
                    if value == "{":
                        frame = _Frame("data" if values_header else "patterns", "}", token)
                        values_header = False
                    elif value == "[":
                        frame = _Frame("patterns", "]", token)
                    else:
                        frame = _Frame(_paren_kind(frame, previous, before, values_header), ")", token)
                    stack.append(frame)
                elif value in _CLOSING:
                    if value != frame.closer:
                        if not strict:
                            return found
                        if frame.opener is None:
                            raise fail(f"SPARQL syntax error at {value!r}: nothing is open for it to close", start)
                        raise fail(f"SPARQL syntax error at {value!r}: {frame.opener.text!r} opened at line "
                                   f"{frame.opener.line}, column {frame.opener.column} is not closed", start)
                    stack.pop()
                    frame = stack[-1]
            elif kind == "KEYWORD":
                word = value.upper()
                if word == "VALUES":
                    values_header = True
                elif word == "SELECT" and frame.opener is not None and frame.kind == "patterns":
                    frame.selects = True
            before, previous = previous, token
            if scan is not None:
                break

    rest = _NOT_SPACE.search(text, pos)
    if rest is not None:
        if not strict:
            return found
        raise fail(f"SPARQL syntax error at {_excerpt(text, rest.start())}: unexpected character", rest.start())
    if strict and len(stack) > 1:
        opener = frame.opener
        raise QuerySyntaxError(f"SPARQL syntax error at {opener.text!r}: it is never closed by "
                               f"{frame.closer!r}", file=file, line=opener.line, column=opener.column)
    return found


def _ends_operand(token: Token) -> bool:
    return (token.kind in _OPERANDS or (token.kind == "PUNCT" and token.text == ")")
            or (token.kind == "KEYWORD" and token.text.upper() in ("TRUE", "FALSE")))


def _paren_kind(frame: _Frame, previous: Token | None, before: Token | None, values_header: bool) -> str:
    """Whether a `(` opens an expression (where `<` may mean "less than") or a list of terms."""
    if values_header or frame.kind == "data":
        return "data"
    if frame.kind == "expression" or frame.selects:
        return "expression"
    if previous is None:
        return "data"
    if previous.kind == "KEYWORD":  # FILTER (, BIND (, STR (, IN (...
        return "data" if previous.text.upper() in _NOT_EXPRESSION_WORDS else "expression"
    if (previous.kind in ("IRIREF", "PNAME_LN", "PNAME_NS") and before is not None
            and before.kind == "KEYWORD" and before.text.upper() == "FILTER"):
        return "expression"  # FILTER ex:function(...)
    return "data"            # a collection or a path group in a triple pattern


def _excerpt(text: str, pos: int) -> str:
    return repr(text[pos:pos + 12].split("\n")[0] or text[pos:pos + 1])


# --- checks ------------------------------------------------------------------------------------

def _prologue(read: list[Token]) -> tuple[int, dict[str, str]]:
    declared: dict[str, str] = {}
    index = 0
    while index < len(read) and read[index].kind == "KEYWORD" and read[index].text.upper() in ("PREFIX", "BASE"):
        following = read[index + 1:index + 3]
        if (read[index].text.upper() == "PREFIX" and len(following) == 2
                and following[0].kind == "PNAME_NS" and following[1].kind == "IRIREF"):
            declared[following[0].text[:-1]] = following[1].text[1:-1]
            index += 3
        elif read[index].text.upper() == "BASE" and following[:1] and following[0].kind == "IRIREF":
            index += 2
        else:
            break  # a malformed declaration: the engine says what is wrong with it
    return index, declared


def _form(read: list[Token], start: int, text: str, file: str | None) -> str:
    if start < len(read) and read[start].kind == "KEYWORD":
        word = read[start].text.upper()
        if word in _FORMS:
            return word
        if word in _UPDATES:
            raise QuerySyntaxError(_UPDATE_REFUSED, file=file, line=read[start].line, column=read[start].column)
    if start < len(read):
        token = read[start]
        raise QuerySyntaxError(f"SPARQL syntax error at {token.text[:20]!r}: expected SELECT, ASK, CONSTRUCT "
                               "or DESCRIBE", file=file, line=token.line, column=token.column)
    line, column = _position(text, len(text))
    raise QuerySyntaxError("SPARQL syntax error at end of query: expected SELECT, ASK, CONSTRUCT or DESCRIBE",
                           file=file, line=line, column=column)


def _refuse(read: list[Token], known: Mapping[str, str], file: str | None) -> None:
    for index, token in enumerate(read):
        if token.kind not in ("KEYWORD", "PNAME_LN", "PNAME_NS") or not _MAY_REFUSE.search(token.text):
            continue
        keyword = _refused_keyword(read, index, known)
        if keyword:
            raise QuerySyntaxError(_REFUSED[keyword], file=file, line=token.line, column=token.column)


def _refused_keyword(read: list[Token], index: int, known: Mapping[str, str]) -> str | None:
    token = read[index]
    if token.kind == "KEYWORD":
        head = token.text.upper()
        if head in _REFUSED:
            return head
    else:
        head = token.text[:token.text.index(":")].upper()
    # a refused keyword glued to what surrounds it, which pyoxigraph reads as the keyword
    for keyword, optional in _OPTIONAL_WORD.items():
        at = head.find(keyword)
        while at >= 0:
            rest = token.text[at + len(keyword):]
            if optional and rest.upper().startswith(optional):
                rest = rest[len(optional):]
            if not rest:
                return keyword  # its IRI or variable comes next: `trueSERVICE <x> {`, `SERVICESILENT ?e {`
            name = _patterns(rest)[1].fullmatch(rest)
            if name and rest[:rest.index(":")] in known:  # `SERVICEex:x {`, `FROMex:g`
                following = read[index + 1].text.upper() if index + 1 < len(read) else ""
                # SERVICE and GRAPH take a group next; FROM another FROM, or the WHERE clause
                if following == "{" or (keyword == "FROM" and (following == "WHERE" or following.startswith("FROM"))):
                    return keyword
            at = head.find(keyword, at + 1)
    return None


def _check_prefixes(read: list[Token], known: Mapping[str, str], file: str | None) -> None:
    for token in read:
        if token.kind in ("PNAME_LN", "PNAME_NS"):
            prefix = token.text[:token.text.index(":")]
            if prefix not in known:
                listed = ", ".join(p + ":" for p in PREFIXES)
                raise QuerySyntaxError(f"unknown prefix {prefix}: declare it with PREFIX or use one of {listed}",
                                       file=file, line=token.line, column=token.column)


# --- the shape ---------------------------------------------------------------------------------

def _shape(read: list[Token], start: int, form: str, declared: dict[str, str]) -> QueryShape:
    variables: set[str] = set()
    assigned: set[str] = set()
    projected: list[str] | None = [] if form == "SELECT" else None
    in_projection = form == "SELECT"
    where_open: int | None = None
    depth = parens = 0
    values_block = False
    previous: Token | None = None
    for token in read[start:]:
        kind, text = token.kind, token.text
        if kind in ("VAR1", "VAR2"):
            variables.add(text[1:])
            if previous is not None and previous.kind == "KEYWORD" and previous.text.upper() == "AS":
                assigned.add(text[1:])
            if in_projection and projected is not None and (parens == 0 or previous.text.upper() == "AS"):
                projected.append(text[1:])
        elif kind == "KEYWORD" and depth == 0:
            word = text.upper()
            if word == "VALUES":
                values_block = True
            elif word in ("WHERE", "FROM"):
                in_projection = False
        elif kind == "PUNCT":
            if text == "{":
                if depth == 0:
                    in_projection = False
                    template = form == "CONSTRUCT" and previous is not None and previous.text.upper() == "CONSTRUCT"
                    if values_block:
                        values_block = False
                    elif where_open is None and not template:
                        where_open = token.offset
                depth += 1
            elif text == "}":
                depth -= 1
            elif text == "(":
                parens += 1
            elif text == ")":
                parens -= 1
            elif text == "*" and in_projection and parens == 0:
                projected = None
        previous = token
    return QueryShape(form=form, prefixes=declared, variables=frozenset(variables), assigned=frozenset(assigned),
                      projected=tuple(projected) if projected is not None else None, where_open=where_open)
