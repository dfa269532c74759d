"""Quali'Coop ES: the event-sourced record system of the Quali'Coop approach."""

__version__ = "0.1.0"
