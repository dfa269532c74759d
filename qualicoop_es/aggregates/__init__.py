"""Aggregates: the write side. Only the standard library and eventsourcing.domain here."""
