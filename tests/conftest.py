"""Fixtures shared by every test folder; the scenario helpers live in tests/support.py."""

from tests.support import app, complete_coop, coop_id, engaged_coop, postgres_url

__all__ = ["app", "complete_coop", "coop_id", "engaged_coop", "postgres_url"]
