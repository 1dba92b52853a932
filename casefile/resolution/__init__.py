"""Negotiation, settlement and payment plans (issue #7)."""
