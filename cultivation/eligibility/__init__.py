"""Eligibility from the database: Facts for many firms at once, evaluations, candidate lists, demo profiles.

The rule sets themselves are pure functions in `cultivation.rules`; this package only feeds them.
"""
