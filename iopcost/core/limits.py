"""Every limit the tool enforces, named once: the CLI, the files and batch all read these."""

from __future__ import annotations

from decimal import Decimal

from iopcost.core.units import UNITS_PER_WEEK, Unit

MAX_WEEKS = 520
MAX_SESSIONS = UNITS_PER_WEEK[Unit.SESSION]
MAX_STEPS = 50
# A cost, insurance or codes file is a few lines of YAML.
MAX_FILE_BYTES = 1024 * 1024
# The largest amount read (a rate, a deductible): totals stay exact in Decimal's
# 28 digits even at MAX_WEEKS x MAX_SESSIONS units.
MAX_AMOUNT = Decimal(100_000_000)
# Money is read to the cent; percentages to four places (33.3333 %).
MONEY_PLACES = 2
PERCENT_PLACES = 4
# A level's household schedule (see iopcost.core.household): the most a week, or a stay, can hold.
HOUSEHOLD_PER_WEEK_MOST = {
    "missed_workdays_per_week": 7,
    "trips_per_week": 14,
    "childcare_days_per_week": 7,
    "trips_per_stay": 10,
}
# Workdays in the periods pay is given for (--lost-pay 52000/year).
WORKDAYS_IN = {"day": 1, "week": 5, "year": 260}
