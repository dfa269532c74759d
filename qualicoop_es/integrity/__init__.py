"""Provable history: the hash chain over the event log, its ledger, verification, append-only storage.

See docs/integrity.md for the chain's byte layout and the operator's procedures.
"""
