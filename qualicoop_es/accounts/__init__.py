"""Accounts and roles: who may do what, and who held which role when.

Granting and revoking a role are events on an ``Account`` aggregate (stored in the same log as the cooperatives,
so the audit trail shows them). Names, e-mails, password hashes and API tokens are personal or secret data: they
live in mutable SQLAlchemy tables, so a person can be erased without rewriting history.

The names below are imported on first use: the application imports ``accounts.roster`` (and through it this
package) while ``accounts.service`` imports the application, so importing the service here eagerly would be a cycle.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualicoop_es.accounts.aggregate import ROLES, Account
    from qualicoop_es.accounts.demo import seed_demo_accounts
    from qualicoop_es.accounts.service import AccountService, AccountView, accounts_of

_HOMES = {"ROLES": "aggregate", "Account": "aggregate", "seed_demo_accounts": "demo", "AccountService": "service",
          "AccountView": "service", "accounts_of": "service"}  # fmt: skip

__all__ = ["ROLES", "Account", "AccountService", "AccountView", "accounts_of", "seed_demo_accounts"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
