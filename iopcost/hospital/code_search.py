"""Which raw CSV records may hold a code looked for, tested before any is decoded.

A block of lines is searched at once for the lines whose code fields hold one
of the ways the codes may be written, under a type that can mean one where the
type is the next column (one regular expression: a trie of the written forms,
anchored at each line's start; no line is cut up to be tested). A hit is then
read with its type (a level's code text under a type that never means a level
is read past). A line whose only quoted field is the first (a description with
a comma) is split after it.
"""

from __future__ import annotations

import re
from functools import cached_property
from operator import itemgetter

from iopcost.core.care import CareCodes

QUOTE = b'"'
QUOTE_BYTE = ord('"')
COMMA = b","


class CodeSearch:
    """Whether a record's raw (code, type) fields may mean a level: the code's text is
    one looked for, and, read with its type, it means a level or a stay (cached)."""

    def __init__(self, codes: CareCodes, pairs: tuple[tuple[int, int], ...]) -> None:
        self.tokens = codes.tokens()
        self.classify = codes.classify
        code_columns = tuple(code for code, _ in pairs)
        # Whether every code has its type column, to check the pair before decoding.
        self.typed = all(kind >= 0 for _, kind in pairs)
        self.pairs = pairs
        self.seen: dict[tuple[bytes, bytes], bool] = {}
        self.split_at = max(max(code, kind) for code, kind in pairs) + 1
        self.single = len(code_columns) == 1
        self.forms, self.kinds = codes.forms(), codes.kinds()
        self.lines = line_pattern(self.forms, self.kinds, pairs)
        # The same, in the fields after a quoted first field (the description, most often).
        self.after_first = (
            itemgetter(*(code - 1 for code in code_columns))
            if min(min(code, kind) for code, kind in pairs) > 0
            else None
        )

    @cached_property
    def quoted_lines(self) -> re.Pattern[bytes]:
        """The same search, in lines whose quotes only enclose whole fields on one line
        (iopcost.hospital.csv_scan tells such a block in a few passes of C): made when a
        file first has such a block (tens of milliseconds)."""
        return line_pattern(self.forms, self.kinds, self.pairs, quoted=True)

    def hit(self, fields: list[bytes], shift: int = 0) -> bool:
        """Whether a record's raw fields (from column `shift`), a code of which is looked
        for, hold a (code, type) pair that means something (untyped: whether any does)."""
        if not self.typed:
            return True
        tokens = self.tokens
        return any(
            fields[code - shift] in tokens
            and self.pair(fields[code - shift], fields[kind - shift].strip())
            for code, kind in self.pairs
        )

    def pair(self, code: bytes, kind: bytes) -> bool:
        """Whether a raw code of a raw type means anything looked for."""
        found = self.seen.get((code, kind))
        if found is None:
            text = code.decode("utf-8", "replace")
            found = self.classify(kind.decode("utf-8", "replace"), text) is not None
            if len(self.seen) < 4096:
                self.seen[(code, kind)] = found
        return found


# A field as a plain line has it: no comma, with the comma after it. It may run past a
# line break (a line with fewer fields): such a find is read again from the next line
# (see csv_scan). A negated single character is the quickest class to scan.
PLAIN_FIELD = r"[^,]*+,"
# A field of a line whose quotes only ever enclose whole fields on one line (no quote
# inside one): plain, or quoted with commas inside, and the comma after it.
QUOTED_FIELD = r'(?:"[^"\n]*+"|[^,"\n]*+),'
# The first field, plain or quoted (a description with commas, its quotes doubled).
FIRST_FIELD = r'(?:"[^"]*+(?:""[^"]*+)*+"|[^,]*+),'
# The most code columns searched in order, one within the other; past it, every field.
NESTED_COLUMNS = 32
# How deep the codes' written forms share their prefixes in the search.
TRIE_DEPTH = 12
# What strip() takes from a type's field, but a line break.
BLANKS = r"[ \t\x0b\x0c]*"


def line_pattern(
    forms: frozenset[str],
    kinds: frozenset[str],
    pairs: tuple[tuple[int, int], ...],
    *,
    quoted: bool = False,
) -> re.Pattern[bytes]:
    """A search for the line breaks followed by a line one of whose code columns is one
    of `forms`, with at most a space either side (the tokens' forms), and, where its
    type column is the next, of one of `kinds` (in any case, as bytes are, so only when
    the kinds are ASCII; blanks around it): its first field may be quoted, the rest is
    split plainly. `quoted`: in a line that quotes every field and holds no other quote
    whose quotes only ever enclose whole fields on one line ("a, b",,"c"), every field
    may be quoted."""
    code = f" ?(?:{_trie(sorted(forms))}) ?"
    skipped, mark = (QUOTED_FIELD, '"?') if quoted else (PLAIN_FIELD, "")
    kinds_text = "|".join(re.escape(k) for k in sorted(kinds))
    kind = f",{mark}{BLANKS}(?i:{kinds_text}){BLANKS}{mark}"
    ordered = sorted(set(pairs))

    def field(at: int) -> str:
        column, type_column = ordered[at]
        written = f'"?{code}"?' if column == 0 or quoted else code
        typed = type_column == column + 1 and all(k.isascii() for k in kinds)
        return written + (kind if typed else "") + "(?=[,\r\n])"

    def from_column(at: int) -> str:
        if at == len(ordered) - 1:
            return field(at)
        gap = ordered[at + 1][0] - ordered[at][0]
        return f"(?:{field(at)}|{skipped * gap}{from_column(at + 1)})"

    if len(ordered) > NESTED_COLUMNS:
        # So many code columns: any field that is a code form, found from the comma or
        # line break before it (quick enough, and the nesting stays bounded).
        return re.compile(f'[\\n,]"?{code}"?(?=[,\\r\\n])'.encode())
    first = ordered[0][0]
    if quoted:
        return re.compile(f"\\n{QUOTED_FIELD * first}{from_column(0)}".encode())
    before = FIRST_FIELD + PLAIN_FIELD * (first - 1) if first else ""
    return re.compile(f"\\n{before}{from_column(0)}".encode())


def _trie(words: list[str], depth: int = 0) -> str:
    """An alternation of `words` that shares their prefixes (quick to try at a place), to a
    depth of TRIE_DEPTH characters; longer words end in a plain alternation, so that the
    expression's nesting stays bounded whatever a codes file holds."""
    if words == [""]:
        return ""
    optional = "?" if "" in words else ""
    if depth >= TRIE_DEPTH:
        return f"(?:{'|'.join(re.escape(word) for word in words if word)}){optional}"
    heads: dict[str, list[str]] = {}
    for word in words:
        if word:
            heads.setdefault(word[0], []).append(word[1:])
    # Heads followed by the same tails share one branch, as a class (an APC code after any
    # of 52 letters is one branch, not 52).
    shared: dict[tuple[str, ...], list[str]] = {}
    for head, tails in heads.items():
        shared.setdefault(tuple(tails), []).append(head)
    branches = [
        (re.escape(group[0]) if len(group) == 1 else f"[{''.join(map(re.escape, group))}]")
        + _trie(list(tails), depth + 1)
        for tails, group in shared.items()
    ]
    return f"(?:{'|'.join(branches)}){optional}"


def quoted_first(line: bytes, wanted: CodeSearch) -> bool:
    """Whether a line with quotes (none left open) may hold a code looked for. When the
    only quoted field is the first (a description with a comma), the rest is split and
    tested as a plain line's; otherwise every field is tested."""
    last = line.rfind(QUOTE)
    after = wanted.after_first
    if (
        after is not None
        and line[0] == QUOTE_BYTE
        and line[last + 1 : last + 2] == COMMA
        and line.find(b'",', 1) == last
    ):
        fields = line[last + 2 :].split(COMMA, wanted.split_at - 1)
        try:
            picked = after(fields)
        except IndexError:
            return not wanted.tokens.isdisjoint(line.split(COMMA))
        found = picked in wanted.tokens if wanted.single else not wanted.tokens.isdisjoint(picked)
        return found and wanted.hit(fields, 1)
    return not wanted.tokens.isdisjoint(line.split(COMMA))
