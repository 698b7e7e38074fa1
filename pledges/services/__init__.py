"""Every write on criteria sets and pledges: one function, one transaction, one rule each.

- criteria.py: criteria sets, sections and criteria (build, copy, reorder, import).
- signing.py: a pledge's life: draft → open for signing → in force, withdrawal, signatures.
- reminders.py: the daily e-mail to agencies that have not signed an open pledge.
- history.py: the record of every change (who, when, before, after).
"""
