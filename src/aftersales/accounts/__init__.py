"""Accounts, roles, passwords, login sessions and API tokens."""
