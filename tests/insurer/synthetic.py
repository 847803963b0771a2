"""Synthetic in-network rate files (Transparency in Coverage), written as a stream: any
size, in the shapes real files take (references first or last, inline provider groups
of schema 1.x, one item naming a million references, stray keys, deep arrays), for the
tests and the bench (bench/in_network.py)."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Codes that price a level in the bundled care codes, and others that do not.
LEVEL_CODES = [
    ("RC", "0912"),
    ("RC", "0905"),
    ("HCPCS", "H0035"),
    ("HCPCS", "S9480"),
    ("RC", "1001"),
    ("RC", "0114"),
    ("HCPCS", "H0015"),
    ("RC", "0913"),
]
OTHER_CODES = [("CPT", str(code)) for code in range(27000, 27999)] + [("RC", "0450")]
KINDS = ["negotiated", "per diem", "fee schedule", "derived", "percentage"]


def npi(stem: int) -> str:
    """A valid NPI from nine digits (the tenth a Luhn check over 80840 and them)."""
    digits = f"80840{stem:09d}"
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return f"{stem:09d}{(10 - total % 10) % 10}"


WANTED = [npi(100000000 + i) for i in range(3)]
WANTED_EIN = "12-3456789"


@dataclass
class Shape:
    items: int = 1000
    level_share: float = 0.05
    references: int = 200
    npis_per_group: int = 5
    refs_last: bool = False
    inline: bool = False  # schema 1.x: provider_groups in each rate
    huge_refs: int = 0  # one item whose one rate names this many references
    stray: bool = False  # a stray top-level key holding deep arrays
    seed: int = 1
    version: str = "2.0.0"


def _group(rng: random.Random, wanted: bool, count: int) -> dict[str, object]:
    npis: list[object] = [int(npi(200000000 + rng.randrange(10**6))) for _ in range(count)]
    if wanted:
        npis[rng.randrange(count)] = int(rng.choice(WANTED))
    return {"npi": npis, "tin": {"type": "ein", "value": f"98-{rng.randrange(10**7):07d}"}}


def _references(shape: Shape, rng: random.Random) -> Iterator[str]:
    for number in range(1, shape.references + 1):
        wanted = number % 10 == 0
        groups = [_group(rng, wanted, shape.npis_per_group)]
        if number == 7:
            groups.append({"npi": [0], "tin": {"type": "ein", "value": WANTED_EIN}})
        yield json.dumps(
            {
                "provider_group_id": number,
                "network_name": [f"Net {number % 3}"],
                "provider_groups": groups,
            }
        )


def _prices(rng: random.Random) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for _ in range(rng.randrange(1, 4)):
        kind = rng.choice(KINDS)
        rate = rng.randrange(40, 95) if kind == "percentage" else rng.randrange(20000, 150000) / 100
        found.append(
            {
                "negotiated_type": kind,
                "negotiated_rate": rate,
                "expiration_date": rng.choice(["9999-12-31", "2020-01-01", "2031-06-30"]),
                "billing_class": rng.choice(
                    ["institutional", "institutional", "both", "professional"]
                ),
                "setting": rng.choice(["outpatient", "inpatient", "both"]),
                "billing_code_modifier": rng.choice([[], ["HQ"]]),
            }
        )
    return found


def _item(shape: Shape, rng: random.Random, number: int) -> str:
    kind, code = rng.choice(LEVEL_CODES if rng.random() < shape.level_share else OTHER_CODES)
    rates = []
    for _ in range(rng.randrange(1, 4)):
        rate: dict[str, object] = {"negotiated_prices": _prices(rng)}
        if shape.inline:
            rate["provider_groups"] = [_group(rng, rng.random() < 0.3, shape.npis_per_group)]
        else:
            rate["provider_references"] = rng.sample(
                range(1, shape.references + 1), min(5, shape.references)
            )
        rates.append(rate)
    return json.dumps(
        {
            "negotiation_arrangement": "ffs",
            "name": f"Service {number}",
            "billing_code_type": kind,
            "billing_code_type_version": "2026",
            "billing_code": code,
            "description": f"Service {number}",
            "negotiated_rates": rates,
        }
    )


def _huge_item(shape: Shape) -> Iterator[str]:
    yield (
        '{"negotiation_arrangement":"ffs","name":"Partial hospitalization",'
        '"billing_code_type":"RC","billing_code_type_version":"2026","billing_code":"0912",'
        '"description":"Partial hospitalization per diem","negotiated_rates":[{'
        '"negotiated_prices":[{"negotiated_type":"per diem","negotiated_rate":512.25,'
        '"expiration_date":"9999-12-31","billing_class":"institutional",'
        '"setting":"outpatient"}],"provider_references":['
    )
    step = 10_000
    for start in range(0, shape.huge_refs, step):
        ids = (1 + (i % shape.references) for i in range(start, min(start + step, shape.huge_refs)))
        yield ("," if start else "") + ",".join(map(str, ids))
    yield "]}]}"


def _items(shape: Shape, rng: random.Random) -> Iterator[str]:
    yield '"in_network":['
    first = True
    if shape.huge_refs:
        yield from _huge_item(shape)
        first = False
    for number in range(shape.items):
        yield ("" if first else ",") + _item(shape, rng, number)
        first = False
    yield "]"


def chunks(shape: Shape) -> Iterator[str]:
    """The file's text, piece by piece."""
    rng = random.Random(shape.seed)
    yield (
        '{"reporting_entity_name":"Synthetic Health Plan","reporting_entity_type":'
        '"health insurance issuer","plan_name":"Synthetic PPO","plan_id_type":"ein",'
        f'"plan_id":"11-1111111","plan_market_type":"group","version":"{shape.version}",'
    )
    if shape.stray:
        yield '"stray":' + "[" * 200 + "1" + "]" * 200 + ","
    references = (
        "" if shape.inline else '"provider_references":[' + ",".join(_references(shape, rng)) + "]"
    )
    if references and not shape.refs_last:
        yield references + ","
    yield from _items(shape, rng)
    if references and shape.refs_last:
        yield "," + references
    yield ',"last_updated_on":"2026-11-01"}'


def write(path: Path, shape: Shape) -> Path:
    """Write the file (gzip when the name ends .gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as out:
        _write(out, shape)
    return path


def _write(out: IO[str], shape: Shape) -> None:
    for piece in chunks(shape):
        out.write(piece)


def write_sized(path: Path, gzip_bytes: int, shape: Shape, pool: int = 4000) -> Path:
    """A gzip file (compression level 1) of about `gzip_bytes`: the references (first or
    last), one huge item if the shape has one, then items cycled from a pool of `pool`
    generated ones until the size is reached."""
    rng = random.Random(shape.seed)
    items = [_item(shape, rng, number) for number in range(pool)]
    references = '"provider_references":[' + ",".join(_references(shape, rng)) + "]"
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as out:
        out.write(b'{"reporting_entity_name":"Synthetic Health Plan","version":"2.0.0",')
        if not shape.refs_last:
            out.write(references.encode() + b",")
        out.write(b'"in_network":[')
        for piece in _huge_item(shape) if shape.huge_refs else ():
            out.write(piece.encode())
        block = ",".join(items).encode()
        out.write(b"," + block if shape.huge_refs else block)
        while raw.tell() < gzip_bytes:
            out.write(b"," + block)
        out.write(b"]")
        if shape.refs_last:
            out.write(b"," + references.encode())
        out.write(b',"last_updated_on":"2026-11-01"}')
    return path
