"""Accounts and roles: who may do what, and who held which role when.

Granting and revoking a role are events on an ``Account`` aggregate (stored in the same log as the cooperatives,
so the audit trail shows them). Names, e-mails, password hashes and API tokens are personal or secret data: they
live in mutable SQLAlchemy tables, so a person can be erased without rewriting history.
"""

from qualicoop_es.accounts.aggregate import ROLES, Account
from qualicoop_es.accounts.demo import seed_demo_accounts
from qualicoop_es.accounts.service import AccountService, AccountView, accounts_of

__all__ = ["ROLES", "Account", "AccountService", "AccountView", "accounts_of", "seed_demo_accounts"]
