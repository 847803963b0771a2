"""Pure values and rules: units, levels, money, plan terms, household costs, the estimate.

Nothing here reads a file, prints or imports anything outside the standard library.
"""
