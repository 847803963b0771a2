"""Compile data/care_codes.yaml into data/care_codes.json, which `prices` reads without a
YAML parser. Run it after changing the YAML (a test says when it is due):

    python scripts/compile_care_codes.py
"""

from __future__ import annotations

from pathlib import Path

from iopcost.files.bundled import CARE_CODES, CARE_CODES_COMPILED
from iopcost.files.care_codes import BUNDLED_NAME, compile_care_codes
from iopcost.files.care_codes_yaml import parse_care_codes

DATA = Path(__file__).resolve().parents[1] / "data"


def main() -> None:
    text = (DATA / CARE_CODES).read_text("utf-8")
    compiled = compile_care_codes(parse_care_codes(BUNDLED_NAME, text), text)
    (DATA / CARE_CODES_COMPILED).write_text(compiled, "utf-8")
    print(f"Wrote {DATA.name}/{CARE_CODES_COMPILED}.")


if __name__ == "__main__":
    main()
