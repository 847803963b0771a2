"""Good Faith Estimates as pure rules: NPI check digits, ICD-10-CM shapes, the period and
its 12-month limit, each step billed by the provider who furnishes it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from iopcost.core.errors import DataFileError, InvalidValue
from iopcost.core.gfe import (
    Practice,
    Provider,
    diagnosis_problem,
    good_faith_estimate,
    months_later,
    npi_problem,
    period_end,
    state_of,
    tin_problem,
)
from iopcost.core.pathway import parse_steps, plan_course
from iopcost.files.cost_file import load_cost_table

TABLE = load_cost_table(None)
PER_WEEK = {level.id: level.per_week for level in TABLE.levels}
CLINIC = Provider("Bayside Counseling", "1234567893", "12-3456789", "1 Main St, IL 62701", "IL",
                  ("iop", "php"))  # fmt: skip
HOSPITAL = Provider("Mercy Hospital", "1245319599", "98-7654321", "2 Oak Ave, IL 62702", "IL",
                    ("inpatient",))  # fmt: skip
PRACTICE = Practice("practice.yaml", (CLINIC, HOSPITAL))


@pytest.mark.parametrize(
    ("npi", "fine"),
    [("1234567893", True), ("1245319599", True), ("1234567890", False), ("123456789", False),
     ("12345678a3", False), ("\uff11" * 10, False)],
)  # fmt: skip
def test_an_npi_has_ten_digits_and_a_luhn_check_digit(npi: str, fine: bool) -> None:
    """The check digit is Luhn's over 80840 and the first nine digits (CMS's own example
    1234567893)."""
    assert (npi_problem(npi) is None) is fine


def test_a_wrong_check_digit_names_the_right_one() -> None:
    assert "should be 3" in (npi_problem("1234567890") or "")


@pytest.mark.parametrize(
    ("code", "fine"),
    [("F10.20", True), ("f33.1", True), ("F32", True), ("Z63.8", True), ("U07.1", True),
     ("F1020", False), ("X", False), ("F10.20000", False)],
)  # fmt: skip
def test_diagnosis_codes_have_the_icd10cm_shape(code: str, fine: bool) -> None:
    assert (diagnosis_problem(code) is None) is fine


def test_tins_and_states() -> None:
    assert tin_problem("12-3456789") is None and tin_problem("123456789") is None
    assert tin_problem("12-345") is not None
    assert state_of("1 Main St, Springfield, IL 62701") == "IL"
    assert state_of("1 Main St, Springfield, IL 62701-1234") == "IL"
    assert state_of("1 Main St") is None


def test_periods_and_months() -> None:
    assert period_end(date(2027, 1, 4), Decimal(12)) == date(2027, 3, 28)
    assert months_later(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert months_later(date(2027, 3, 15), 12) == date(2028, 3, 15)


def estimate(*steps: str, start: date = date(2027, 1, 4)):  # type: ignore[no-untyped-def]
    course = plan_course(TABLE, parse_steps(list(steps)), per_week=PER_WEEK)
    return good_faith_estimate(course, PRACTICE, patient_name="A. Smith",
                               birth_date=date(1990, 4, 2), start=start,
                               made_on=date(2026, 12, 1), diagnoses=("f10.20",))  # fmt: skip


def test_each_step_is_billed_by_the_provider_who_furnishes_it() -> None:
    """inpatient:2 php:2 iop:8-12: the hospital's 14 days, the clinic's 10 days and 24-36
    sessions; totals per provider and in all, at list rates."""
    found = estimate("inpatient:2", "php:2", "iop:8-12")
    clinic, hospital = found.providers
    assert clinic.provider is CLINIC and hospital.provider is HOSPITAL
    php, iop = clinic.items
    assert (php.units, php.units_high, php.total_low, php.total_high) == (10, 10, 3500, 4500)
    assert (iop.units, iop.units_high, iop.total_low, iop.total_high) == (24, 36, 4800, 10800)
    assert iop.length == "8 to 12 weeks"
    assert (hospital.total_low, hospital.total_high) == (7000, 11200)
    assert (found.total_low, found.total_high) == (15300, 26500)
    assert found.end == date(2027, 4, 25)  # 16 weeks at the longer length, from 4 January
    assert found.diagnoses == ("F10.20",)


def test_twelve_months_at_most() -> None:
    """52 weeks from 4 January fit; 53 do not: refused, saying to issue another estimate."""
    assert estimate("iop:52").end == date(2028, 1, 2)
    with pytest.raises(InvalidValue, match="issue another estimate for the rest"):
        estimate("iop:53")
    with pytest.raises(InvalidValue, match="more than 12 months"):
        estimate("iop:40-60")


def test_a_level_no_provider_furnishes_is_refused() -> None:
    practice = Practice("practice.yaml", (CLINIC,))
    course = plan_course(TABLE, parse_steps(["inpatient:1"]), per_week=PER_WEEK)
    with pytest.raises(DataFileError, match="furnishes Inpatient / residential"):
        good_faith_estimate(course, practice, patient_name="A", birth_date=date(1990, 1, 1),
                            start=date(2027, 1, 4), made_on=date(2026, 12, 1))  # fmt: skip
