"""Strict, safe reading of small YAML files, keeping the position of every value.

Files are composed into nodes, never constructed into objects, so no tag can
build anything; every value is then read through a typed accessor that names
the file, line and column of whatever it refuses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import NoReturn, TypeVar

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from iopcost.core import amounts
from iopcost.core.errors import DataFileError, InvalidValue
from iopcost.core.language import _
from iopcost.core.levels import CostTable
from iopcost.core.text import clean, describe, unsafe_character

T = TypeVar("T")

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_KNOWN_TAGS = {_BOOL, _INT, _FLOAT, _STR, _NULL, _TIMESTAMP, _MAP, _SEQ}


class StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases and reads only true/false as booleans."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None,
                None,
                _(
                    "alias *{anchor} is not allowed; write the value out in full",
                    anchor=event.anchor,
                ),
                event.start_mark,
            )
        return super().compose_node(parent, index)


# YAML 1.1 reads yes/no/on/off as booleans (the "Norway problem"); keep only
# true/false. Numbers are read from the text as written, by iopcost's own
# grammar (iopcost.amounts), never by YAML's.
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class Document:
    """A composed YAML file, read through accessors that report file:line:column."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        try:
            root = yaml.compose(text, Loader=StrictLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            said = [part for part in (exc.context, exc.problem) if part]
            self._fail_at(
                mark, _("not valid YAML: {value}.", value=", ".join(said) or "cannot be read")
            )
        except yaml.YAMLError as exc:
            # One line: the parser's own words, without the where it adds on more lines.
            first = str(exc).splitlines()[0].rstrip(":")
            raise DataFileError(
                _("{name}: not valid YAML: {exc}.", name=name, exc=clean(first))
            ) from None
        except RecursionError:
            raise DataFileError(
                _(
                    "{name}: lists or mappings nested too deeply; a cost, insurance or "
                    "household file is a few levels deep.",
                    name=name,
                )
            ) from None
        if root is None:
            raise DataFileError(
                _("{name} is empty; it needs the keys listed in the README.", name=name)
            )
        self.root: Node = root

    def _fail_at(self, mark: yaml.Mark | None, message: str) -> NoReturn:
        where = f"{self.name}:{mark.line + 1}:{mark.column + 1}" if mark else self.name
        raise DataFileError(_("{where}: {message}", where=where, message=message)) from None

    def fail(self, node: Node, message: str) -> NoReturn:
        """Refuse a value, naming its position."""
        self._fail_at(node.start_mark, message)

    def mapping(
        self,
        node: Node,
        *,
        what: str,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
        any_keys: bool = False,
    ) -> dict[str, Node]:
        """Read a mapping with unique string keys; refuse missing and unknown keys."""
        if not isinstance(node, MappingNode) or node.tag != _MAP:
            self.fail(node, _("{what} must be a mapping of keys to values.", what=what))
        required = tuple(required)
        allowed = set(required) | set(optional)
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _NULL:
                self.fail(key_node, _("{what} has a key that is not a plain name.", what=what))
            key = str(key_node.value)
            bad = unsafe_character(key)
            if bad is not None:
                self.fail(
                    key_node,
                    _(
                        "{what} has a key holding the control character {bad}.",
                        what=what,
                        bad=describe(bad),
                    ),
                )
            if key in found:
                self.fail(
                    key_node, _("{what} has the key '{key}' twice; keep one.", what=what, key=key)
                )
            if key == "<<":
                self.fail(
                    key_node, _("{what} uses a merge key (<<); write the keys out.", what=what)
                )
            if not any_keys and key not in allowed:
                known = ", ".join(sorted(allowed))
                self.fail(
                    key_node,
                    _(
                        "{what} has an unknown key '{key}' (known: {known}).",
                        what=what,
                        key=key,
                        known=known,
                    ),
                )
            found[key] = value_node
        missing = [key for key in required if key not in found]
        if missing:
            self.fail(
                node,
                _(
                    "{what} is missing {value}.",
                    what=what,
                    value=", ".join(repr(k) for k in missing),
                ),
            )
        return found

    def sequence(self, node: Node, *, what: str) -> list[Node]:
        """Read a list."""
        if not isinstance(node, SequenceNode):
            self.fail(node, _("{what} must be a list, like [H0017, H0018].", what=what))
        return list(node.value)

    def per_level(
        self, node: Node, *, table: CostTable, keys: Iterable[str]
    ) -> list[tuple[str, dict[str, Node]]]:
        """Read `levels:`, a mapping of the cost file's level ids to mappings of `keys`."""
        keys = tuple(keys)
        entries: list[tuple[str, dict[str, Node]]] = []
        for written, entry in self.mapping(node, what="levels", any_keys=True).items():
            # Ids and aliases are matched in any case, as on the command line.
            level = table.find(written)
            if level is None:
                self.fail(
                    entry,
                    _(
                        "levels.{written} is not a level in the cost file (known: {ids}); fix "
                        "the id or remove it.",
                        written=written,
                        ids=table.ids(),
                    ),
                )
            level_id = level.id
            if any(level_id == seen for seen, _ in entries):
                self.fail(
                    entry,
                    _(
                        "levels lists {level_id} twice (as {written!r}); keep one.",
                        level_id=level_id,
                        written=written,
                    ),
                )
            entries.append((level_id, self.mapping(entry, what=f"levels.{written}", optional=keys)))
        return entries

    def _scalar(self, node: Node, what: str, expected: str) -> ScalarNode:
        if not isinstance(node, ScalarNode):
            self.fail(
                node,
                _(
                    "{what} must be {expected}, not a list or mapping.",
                    what=what,
                    expected=expected,
                ),
            )
        if node.tag not in _KNOWN_TAGS:
            self.fail(
                node,
                _(
                    "{what} has the tag {tag}, which is not allowed; remove it.",
                    what=what,
                    tag=node.tag,
                ),
            )
        return node

    def text(self, node: Node, *, what: str) -> str:
        """Read a value as text (numbers and dates keep the digits written).

        Control characters and bidirectional overrides are refused: the text
        will be shown on terminals and in reports.
        """
        scalar = self._scalar(node, what, "text")
        if scalar.tag == _NULL or not str(scalar.value).strip():
            self.fail(node, _("{what} is empty; give it a value.", what=what))
        value = str(scalar.value).strip()
        bad = unsafe_character(value)
        if bad is not None:
            self.fail(
                node,
                _(
                    "{what} holds the control character {bad}; remove it (names and notes "
                    "are plain text).",
                    what=what,
                    bad=describe(bad),
                ),
            )
        return value

    def _number_text(self, node: Node, what: str) -> str:
        scalar = self._scalar(node, what, "a number")
        raw = str(scalar.value)
        if scalar.tag == _BOOL:
            self.fail(
                node,
                _("{what} must be a number, not the true/false value {raw!r}.", what=what, raw=raw),
            )
        if scalar.tag == _NULL or not raw.strip():
            self.fail(node, _("{what} is empty; give it a number.", what=what))
        return raw

    def read(self, node: Node, *, what: str, reader: Callable[..., T]) -> T:
        """Read a number by one of the grammar's readers (`reader(text, subject=what)`)."""
        try:
            return reader(self._number_text(node, what), subject=what)
        except InvalidValue as exc:
            self.fail(node, _("{what}: {problem}", what=what, problem=exc))

    def amount(self, node: Node, *, what: str) -> Decimal:
        """Read an amount of money by iopcost's one grammar (iopcost.amounts)."""
        return self.read(node, what=what, reader=amounts.parse_amount)

    def whole(self, node: Node, *, what: str, low: int, high: int) -> int:
        """Read a whole number from `low` to `high`."""
        value = self.read(node, what=what, reader=amounts.parse_whole)
        if not low <= value <= high:
            self.fail(
                node,
                _(
                    "{what} must be a whole number from {low} to {high}, not {value}.",
                    what=what,
                    low=low,
                    high=high,
                    value=value,
                ),
            )
        return value
