"""The process: preparation steps, records, rounds, group decisions.

The folder store (cases, lock, journal, recovery) is ``socinv.fund``; nothing there imports
this package except lazily, from the gates.
"""
