"""No level lost silently: lines whose description names a level under a code the codes
file does not list are counted and shown per level, and read as the level only when asked
(--by-description), labelled so."""

from __future__ import annotations

import json

import pytest
from test_prices import tall

from iopcost.files.care_codes import load_care_codes

from conftest import run

# A psychiatric hospital's own codes: PHP under RC 0915 (elsewhere group therapy), its
# residential care under RC 0129; and a group therapy line under 0915 that names no level.
ROWS = [
    "Partial Hospital - Psych,0915,RC,outpatient,1400,700,Acme,PPO,950,,,,,per diem",
    '"RTC - Psych, adolescent",0129,RC,inpatient,1900,950,Acme,PPO,1250,,,,,per diem',
    "Group Therapy,0915,RC,outpatient,300,150,Acme,PPO,120,,,,,fee schedule",
    "IOP session,0905,RC,outpatient,800,400,Acme,PPO,500,,,,,per diem",
]


@pytest.mark.parametrize(
    ("description", "level"),
    [
        ("Partial Hospital - Psych", "php"),
        ("RTC - Psych", "residential"),
        ("HC BH IOP PER DIEM", "iop"),
        ("Detoxification, sub-acute", "detox"),
        ("Psych R&B Semi-Private", "inpatient"),
        ("Iopamidol 370 mg", None),  # "iop" as a whole word only
        ("Hc Grp Psych Partial Hosp 45-50", None),  # group therapy, in words
        ("HC HOSPICE RESIDENTIAL ROOM AND BOARD", None),
        ("HC NUTR TRNG EDU PHP", None),
    ],
)
def test_which_descriptions_name_a_level(description: str, level: str | None) -> None:
    assert load_care_codes(None).named_level(description) == level


def test_levels_under_codes_not_listed_are_counted_and_shown(write) -> None:  # type: ignore[no-untyped-def]
    path = write(tall(*ROWS), "h.csv")
    doc = json.loads(run(["prices", path, "-f", "json"]).stdout)
    assert {level["id"] for level in doc["levels"] if level["prices"]} == {"iop"}
    assert doc["not_counted"] == {
        "residential": {"rows": 1, "codes": ["RC 0129"], "example": "RTC - Psych, adolescent"},
        "php": {"rows": 1, "codes": ["RC 0915"], "example": "Partial Hospital - Psych"},
    }
    table = run(["prices", path], env={"COLUMNS": "200"}).stdout
    assert "No price of any kind for: Inpatient psychiatric care, Inpatient detox." in table
    assert (
        "Partial hospitalization (PHP): 1 line names it under a code the codes file does not "
        'list (RC 0915; "Partial Hospital - Psych"): not counted.' in table
    )
    one_kind = run(["prices", path, "--price", "cash"], env={"COLUMNS": "200"}).stdout
    assert "No price found for: Inpatient psychiatric care, Inpatient detox." in one_kind
    assert "Residential treatment: 1 line names it" in one_kind


def test_by_description_reads_them_labelled(write) -> None:  # type: ignore[no-untyped-def]
    """Read as their levels, every kind; the codes and a note say how; a cost file says it
    in its source note. Group therapy under the same code stays out."""
    path = write(tall(*ROWS), "h.csv")
    doc = json.loads(run(["prices", path, "--by-description", "-f", "json"]).stdout)
    levels = {level["id"]: level["prices"] for level in doc["levels"] if level["prices"]}
    assert sorted(levels) == ["iop", "php", "residential"]
    php = levels["php"]["negotiated"]
    assert (php["low"], php["high"], php["codes"]) == (950, 950, ["RC 0915 (by description)"])
    assert levels["residential"]["cash"]["low"] == 950
    assert doc["not_counted"] == {}
    table = run(["prices", path, "--by-description"], env={"COLUMNS": "200"}).stdout
    assert (
        "Read by description (--by-description), not by a listed code: Residential "
        "treatment, Partial hospitalization (PHP)." in table
    )
    cost = run(["prices", path, "--by-description", "--payer", "Acme", "-f", "yaml"]).stdout
    assert "Read by description (--by-description)" in cost


def test_json_files_are_searched_by_description_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    item = {
        "description": "Partial Hospital - Psych",
        "code_information": [{"code": "0915", "type": "RC"}],
        "standard_charges": [
            {"setting": "outpatient", "gross_charge": 1400, "discounted_cash": 700}
        ],
    }
    document = {
        "hospital_name": "Test",
        "last_updated_on": "2026-01-01",
        "version": "3.0.0",
        "location_name": ["Test"],
        "standard_charge_information": [item],
    }
    path = tmp_path / "h.json"
    path.write_text(json.dumps(document))
    doc = json.loads(run(["prices", str(path), "-f", "json"]).stdout)
    assert doc["not_counted"]["php"]["rows"] == 1
    read = json.loads(run(["prices", str(path), "--by-description", "-f", "json"]).stdout)
    assert [level["id"] for level in read["levels"] if level["prices"]] == ["php"]


def test_min_and_max_are_shown_as_such_and_used_only_when_asked(write) -> None:  # type: ignore[no-untyped-def]
    """The de-identified minimum and maximum: in the sheet by their own name, never a cost
    file by default, one when asked by name (--price minmax), never side by side unless
    asked."""
    header = HEADER_MINMAX
    rows = "IOP session,S9480,HCPCS,outpatient,,,180,420,,,,,,,\n"
    path = write(GENERAL_MINMAX + header + rows, "h.csv")
    table = " ".join(run(["prices", path], env={"COLUMNS": "200"}).stdout.split())
    assert "min-max (plans unnamed) $180-$420 per session" in table
    refused = run(["prices", path, "-f", "yaml"])
    assert refused.exit_code == 1 and "--price minmax" in refused.stderr
    asked = run(["prices", path, "--price", "minmax", "-f", "yaml"])
    assert asked.exit_code == 0 and "kind: minmax" in asked.stdout
    side = json.loads(run(["prices", path, path, "-f", "json"]).stdout)
    assert all(row["price"] != "minmax" for level in side["levels"] for row in level["rows"])


GENERAL_MINMAX = (
    "hospital_name,last_updated_on,version,location_name,hospital_address,license_number|CA,"
    "type_2_npi,attestation,attester_name\n"
    "Test General,2026-03-02,3.0.0,Test General,1 Main St,1,1,TRUE,A\n"
)
HEADER_MINMAX = (
    "description,code|1,code|1|type,setting,standard_charge|gross,"
    "standard_charge|discounted_cash,standard_charge|min,standard_charge|max,payer_name,"
    "plan_name,standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,"
    "standard_charge|negotiated_algorithm,standard_charge|methodology,10th_percentile\n"
)


def test_stray_quotes_and_long_fields_lose_no_row(write) -> None:  # type: ignore[no-untyped-def]
    """Two rows with a stray inch mark (12" tube) are read line by line, not as one broken
    record; a quoted field of 200 KiB (under the 1 MiB bound) is read."""
    rows = [
        'IOP 12" tube,0905,RC,outpatient,800,400,,,,,,,,,',
        'IOP 14" tube,0905,RC,outpatient,900,400,,,,,,,,,',
        '"' + "x" * (200 * 1024) + '",0905,RC,outpatient,1000,400,,,,,,,,,',
    ]
    doc = json.loads(run(["prices", write(tall(*rows), "h.csv"), "-f", "json"]).stdout)
    (iop,) = [level for level in doc["levels"] if level["prices"]]
    assert (iop["prices"]["gross"]["low"], iop["prices"]["gross"]["high"]) == (800, 1000)
    assert iop["prices"]["gross"]["prices"] == 3
    assert doc["unreadable"] == 0
