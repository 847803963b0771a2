"""Standard-charges files in JSON, streamed item by item.

One top-level object whose `standard_charge_information` list can be
gigabytes: the text is read in chunks and each item is decoded on its own
with the standard library's C decoder (faster than building every item with
ijson), so memory holds one item and one chunk, never the list. The file's
own facts (hospital_name, last_updated_on, ...) are top-level keys in any
order; when some come after the list, a second pass reads them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from iopcost.core.care import CareCodes, normal_code
from iopcost.core.charges import FileInfo
from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.hospital.chunked import CHUNK, ChunkedText
from iopcost.hospital.source import Source, read_errors
from iopcost.hospital.types import Entry, PayerCharge, Unreadable, iso_date, npis_of

ITEMS_KEY = "standard_charge_information"
FACTS = (
    "hospital_name",
    "last_updated_on",
    "version",
    "location_name",
    "hospital_location",
    "type_2_npi",
)
MAX_ITEM = 64 << 20
# Fewer characters than this left in the text read, the next chunk is read before a value
# is decoded (see _Text.value).
WHOLE = 64 << 10


class _Text(ChunkedText):
    """A hospital's JSON text, each value decoded whole (up to MAX_ITEM)."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        super().__init__(stream, name)
        self.decode = json.JSONDecoder().raw_decode

    def value(self) -> Any:
        """The next JSON value, read until whole. Fewer than WHOLE characters left, the
        next chunk is read first, so that an item (most are a few KiB) is decoded once,
        not once cut by the chunk's end and again whole."""
        self.peek()
        if len(self.buf) - self.pos < WHOLE and not self.eof:
            self.more()
        while True:
            try:
                value, end = self.decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos > MAX_ITEM:
                    raise self.fail(
                        _("an item larger than {mib} MiB", mib=MAX_ITEM >> 20)
                    ) from None
                # An item longer than the buffer: read as much again, so that a big item
                # is decoded a few times, not once per chunk.
                held = len(self.buf) - self.pos
                if not self.more(max(CHUNK, min(held, MAX_ITEM + 1 - held))):
                    raise self.fail(exc.msg.lower(), exc.pos) from None
                continue
            except RecursionError:
                raise self.fail(_("lists or objects nested too deeply to read")) from None
            except ValueError:  # a number of more digits than Python reads
                raise self.fail(_("a number too long to read")) from None
            # A number that ends the buffer may go on in the next chunk.
            if end >= len(self.buf) and self.more():
                continue
            self.pos = end
            return value


def _walk(text: _Text, facts: dict[str, Any], items: bool) -> Iterator[Any]:
    """Yield the items (when `items`), filling `facts` with the top-level values;
    without `items`, stop at the list once every fact is known."""
    text.expect("{")
    seen: set[str] = set()
    while text.peek() != "}":
        at = text.pos
        key = text.value()
        if key in seen:
            raise text.fail(_("the key {key!r} twice", key=str(key)[:40]), at)
        seen.add(key)
        text.expect(":")
        if key == ITEMS_KEY:
            if not items and all(fact in facts for fact in FACTS[:3]):
                return
            text.expect("[")
            while text.peek() != "]":
                item = text.value()
                if items:
                    yield item
                if text.peek() == ",":
                    text.pos += 1
            text.pos += 1
        else:
            value = text.value()
            if key in FACTS:
                facts[key] = value
        if text.peek() == ",":
            text.pos += 1
        elif text.peek() != "}":
            raise text.fail(_("expected ',' or '}}'"))
        if not text.buf[text.pos : text.pos + 1] and text.eof:
            raise text.fail(_("the object is not closed"))
    text.pos += 1
    if items and text.peek():
        raise text.fail(_("data after the end of the object"))


def _facts(source: Source) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    with read_errors(source.name), source.open() as stream:
        for _item in _walk(_Text(stream, source.name), facts, items=False):
            pass
    return facts


def _place(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return " | ".join(str(part) for part in value)
    return str(value)


def open_json(
    source: Source, codes: CareCodes
) -> tuple[FileInfo, Callable[[], Iterator[Entry | Unreadable]]]:
    """What the file says of itself, and a way to stream its entries with any of `codes`."""
    facts = _facts(source)
    missing = [key for key in FACTS[:3] if key not in facts]
    if missing:
        found = ", ".join(sorted(facts)) or _("none of them")
        raise DataFileError(
            _(
                "{name} is not a standard-charges file: it has no top-level {missing} "
                "(found: {found}).",
                name=source.name,
                missing=", ".join(missing),
                found=found,
            )
        )
    generation = "v3" if "location_name" in facts else "v2"
    written = str(facts["last_updated_on"])
    info = FileInfo(
        name=source.name,
        hospital=str(facts["hospital_name"]).strip(),
        location=_place(facts.get("location_name") or facts.get("hospital_location")),
        published=iso_date(written),
        published_as_written=written,
        version=str(facts["version"]),
        layout="JSON",
        generation=generation,
        npis=npis_of(facts.get("type_2_npi")),
    )

    def entries() -> Iterator[Entry | Unreadable]:
        wanted = _ItemFilter(codes)
        with read_errors(source.name), source.open() as stream:
            items = _walk(_Text(stream, source.name), {}, items=True)
            for number, item in enumerate(items, start=1):
                # Most items are not behavioural health: test their codes first.
                if not isinstance(item, dict):
                    continue
                found = item.get("code_information")
                if (isinstance(found, list) and any(map(wanted, found))) or wanted.named(
                    item.get("description")
                ):
                    yield from _entries(item, number)

    return info, entries


def json_payers(source: Source) -> Iterator[tuple[str, str]]:
    """Every payer and plan a JSON file names, as written, item by item."""
    with read_errors(source.name), source.open() as stream:
        for item in _walk(_Text(stream, source.name), {}, items=True):
            charges = item.get("standard_charges") if isinstance(item, dict) else None
            for charge in charges if isinstance(charges, list) else ():
                payers = charge.get("payers_information") if isinstance(charge, dict) else None
                for payer in payers if isinstance(payers, list) else ():
                    if isinstance(payer, dict):
                        yield _text(payer.get("payer_name")), _text(payer.get("plan_name"))


class _ItemFilter:
    """Whether a code_information entry is one of the codes looked for, remembered by
    the (type, code) pair as written: files repeat the same few thousand codes."""

    def __init__(self, codes: CareCodes) -> None:
        self.classify = codes.classify
        self.seen: dict[tuple[Any, Any], bool] = {}
        # The naming phrases' first words, searched for at once in a description folded
        # to lower case (as `word in folded` would find them, one at a time).
        words = codes.first_words()
        self.first_words = re.compile("|".join(map(re.escape, words))) if words else None
        self.named_level = codes.named_level

    def named(self, description: Any) -> bool:
        """Whether an item's description may name a level in words (read again, with
        its codes, by the collector)."""
        if not isinstance(description, str) or self.first_words is None:
            return False
        return self.first_words.search(description.casefold()) is not None and bool(
            self.named_level(description)
        )

    def __call__(self, code: Any) -> bool:
        if not isinstance(code, dict):
            return False
        key = (code.get("type"), code.get("code"))
        try:
            known = self.seen.get(key)
        except TypeError:  # a list or object where a code should be
            return False
        if known is None:
            known = self.seen[key] = bool(self.classify(_text(key[0]), _text(key[1])))
        return known


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _entries(item: dict[str, Any], number: int) -> Iterator[Entry]:
    codes = tuple(
        normal_code(_text(code.get("type")), _text(code.get("code")))
        for code in item.get("code_information") or ()
        if isinstance(code, dict) and _text(code.get("code"))
    )
    for charge in item.get("standard_charges") or ():
        if not isinstance(charge, dict):
            continue
        payers = tuple(
            PayerCharge(
                payer=_text(payer.get("payer_name")),
                plan=_text(payer.get("plan_name")),
                dollar=payer.get("standard_charge_dollar"),
                percentage=payer.get("standard_charge_percentage"),
                algorithm=payer.get("standard_charge_algorithm"),
                methodology=payer.get("methodology"),
                p10=payer.get("10th_percentile"),
                p90=payer.get("90th_percentile"),
            )
            for payer in charge.get("payers_information") or ()
            if isinstance(payer, dict)
        )
        yield Entry(
            where=f"item {number}",
            description=_text(item.get("description")),
            codes=codes,
            setting=_text(charge.get("setting")).casefold(),
            gross=charge.get("gross_charge"),
            cash=charge.get("discounted_cash"),
            minimum=charge.get("minimum"),
            maximum=charge.get("maximum"),
            payers=payers,
        )
