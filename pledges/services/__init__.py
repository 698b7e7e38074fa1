"""Every write on criteria sets and pledges: one function, one transaction, one rule each.

- criteria.py: criteria sets, sections and criteria (build, copy, reorder, import).
- signing.py: a pledge's life: draft → open for signing → in force, withdrawal, signatures.
- reminders.py: the daily e-mail to agencies that have not signed an open pledge.
- history.py: their entries in core's change log (core.changelog) and how the history reads
  their values.
"""
