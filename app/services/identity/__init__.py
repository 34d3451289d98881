"""Accounts, people and their proofs: log-in, passwords, claims, link requests, staff."""
